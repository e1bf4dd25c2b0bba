// The embed's module (web/dist/bnlab-embed.{js,wasm}, CMakeLists.txt) without embind: the
// TwinLab of twin_lab.hpp and the module-level functions of module_functions.hpp, the same C++
// the full module registers with embind (module.cpp), exported as C functions. Only what the
// embed's facade calls (web/engine.js, engine-twin.js, engine-run.js).
//
// engine/bindings/embed_module.js turns these into an object with the full module's API
// (Module.TwinLab, Module.Twin, …), so the facade runs unchanged on either. Across the boundary:
//   a JavaScript value   a handle of js_value.hpp (an argument's is taken over, a result's handed over)
//   a message            a C string valid until the next call ("" on success), read at once
//   an enum, a number    as the number it is
// The rules of module.cpp hold: engine exceptions never cross (TwinLab's methods return the
// message), typed-array views are valid only until the next call.
#include <emscripten/em_macros.h>

#include <string>

#include "enum_names.hpp"
#include "module_functions.hpp"
#include "twin_lab.hpp"

using bnlab::web::BnMode;
using bnlab::web::DataField;
using bnlab::web::LayerField;
using bnlab::web::TwinLab;
using bnlab::web::val;
using bnlab::Twin;

namespace {

// The last message, for JavaScript to read before its next call.
const char* message(std::string text) {
  static std::string last;
  last = std::move(text);
  return last.c_str();
}

int handed_over(val v) { return v.release_ownership(); }
val taken(int handle) { return val::take_ownership(handle); }

}  // namespace

extern "C" {

// {Twin: {withBn: 0, withoutBn: 1}, BnMode: {…}, LayerField: {…}, DataField: {…}} (enum_names.hpp).
EMSCRIPTEN_KEEPALIVE int bnlab_enums() {
  val all = val::object();
  bnlab::web::for_each_enum([&](const char* name, const auto& values) {
    val e = val::object();
    for (const auto& v : values) e.set(v.name, static_cast<int>(v.value));
    all.set(name, e);
  });
  return handed_over(all);
}

EMSCRIPTEN_KEEPALIVE double bnlab_heapBytesInUse() { return bnlab::web::heapBytesInUse(); }
EMSCRIPTEN_KEEPALIVE int bnlab_twinCost(int config, int n_train, int n_test, int input_size, int output_size) {
  return handed_over(bnlab::web::twinCost(taken(config), n_train, n_test, input_size, output_size));
}
EMSCRIPTEN_KEEPALIVE int bnlab_mnistShape(int head, double file_size) {
  return handed_over(bnlab::web::mnistShape(taken(head), file_size));
}
EMSCRIPTEN_KEEPALIVE int bnlab_toyTrainSize(int num_points, double train_fraction) {
  return bnlab::web::toyTrainSize(num_points, train_fraction);
}
EMSCRIPTEN_KEEPALIVE const char* bnlab_buildInfo() { return message(bnlab::web::buildInfo()); }

// A TwinLab: made by new, freed by delete (embed_module.js's TwinLab and its delete()).
EMSCRIPTEN_KEEPALIVE TwinLab* bnlab_twin_new() { return new TwinLab(); }
EMSCRIPTEN_KEEPALIVE void bnlab_twin_delete(TwinLab* t) { delete t; }

EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_configure(TwinLab* t, int config) { return message(t->configure(taken(config))); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_stageBytes(TwinLab* t, double size) { return handed_over(t->stageBytes(size)); }
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_configureMnist(TwinLab* t, int config) {
  return message(t->configureMnist(taken(config)));
}
EMSCRIPTEN_KEEPALIVE int bnlab_twin_stagePoints(TwinLab* t, int count) { return handed_over(t->stagePoints(count)); }
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_configurePoints(TwinLab* t, int config, int n_train, bool regression) {
  return message(t->configurePoints(taken(config), n_train, regression));
}
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_step(TwinLab* t, int n) { return message(t->step(n)); }
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_reset(TwinLab* t) { return message(t->reset()); }
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_reseed(TwinLab* t, double seed) { return message(t->reseed(seed)); }
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_setLearningRate(TwinLab* t, double lr) { return message(t->setLearningRate(lr)); }
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_setProbeUnit(TwinLab* t, int unit) { return message(t->setProbeUnit(unit)); }
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_refreshProbes(TwinLab* t) { return message(t->refreshProbes()); }
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_evaluate(TwinLab* t, Twin twin, BnMode mode) {
  return message(t->evaluate(twin, mode));
}
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_evaluateTest(TwinLab* t, Twin twin, BnMode mode) {
  return message(t->evaluateTest(twin, mode));
}
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_evaluateGrid(TwinLab* t, Twin twin, BnMode mode) {
  return message(t->evaluateGrid(twin, mode));
}
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_batchNoise(TwinLab* t, int layer, int unit, int example, int draws, double seed) {
  return message(t->batchNoise(layer, unit, example, draws, seed));
}
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_landscape(TwinLab* t, Twin twin, int etas) {
  return message(t->landscape(twin, taken(etas)));
}
EMSCRIPTEN_KEEPALIVE int bnlab_twin_landscapeResult(TwinLab* t) { return handed_over(t->landscapeResult()); }
EMSCRIPTEN_KEEPALIVE const char* bnlab_twin_inspectBatch(TwinLab* t, Twin twin, int example, int input) {
  return message(t->inspectBatch(twin, example, taken(input)));
}
EMSCRIPTEN_KEEPALIVE int bnlab_twin_inspectView(TwinLab* t, int layer, LayerField field) {
  return handed_over(t->inspectView(layer, field));
}
EMSCRIPTEN_KEEPALIVE int bnlab_twin_maxStepsPerCall(TwinLab* t) { return t->maxStepsPerCall(); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_maxNoiseDraws(TwinLab* t) { return t->maxNoiseDraws(); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_numHidden(TwinLab* t) { return t->numHidden(); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_inputSize(TwinLab* t) { return t->inputSize(); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_trainSize(TwinLab* t) { return t->trainSize(); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_probeSize(TwinLab* t) { return t->probeSize(); }
EMSCRIPTEN_KEEPALIVE bool bnlab_twin_hasBn(TwinLab* t, Twin twin, int layer) { return t->hasBn(twin, layer); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_status(TwinLab* t, Twin twin) { return handed_over(t->status(twin)); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_metrics(TwinLab* t) { return handed_over(t->metrics()); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_layerView(TwinLab* t, Twin twin, int layer, LayerField field) {
  return handed_over(t->layerView(twin, layer, field));
}
EMSCRIPTEN_KEEPALIVE int bnlab_twin_trainBatchView(TwinLab* t, Twin twin, int layer, LayerField field) {
  return handed_over(t->trainBatchView(twin, layer, field));
}
EMSCRIPTEN_KEEPALIVE int bnlab_twin_probeLayer(TwinLab* t, Twin twin, int layer) {
  return handed_over(t->probeLayer(twin, layer));
}
EMSCRIPTEN_KEEPALIVE int bnlab_twin_percentiles(TwinLab* t, Twin twin) { return handed_over(t->percentiles(twin)); }
EMSCRIPTEN_KEEPALIVE int bnlab_twin_dataView(TwinLab* t, DataField field) { return handed_over(t->dataView(field)); }

}  // extern "C"
