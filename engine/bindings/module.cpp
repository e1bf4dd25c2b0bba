// The engine as seen from JavaScript: the only C++ that knows about Emscripten.
//
// A coarse surface for the facade web/engine.js (with engine-twin.js, the only
// JavaScript that touches this module); nothing else should call it.
//
//   TwinLab              a bnlab::TwinTrainer on a toy set or MNIST: step(n) trains n steps in one call
//   SiblingLab           a bnlab::TwinTrainer with siblings: one network per normalization (none, BN, LN, GN)
//   ReferenceNetwork     one bnlab::Network with parameters set from JS: one
//                        training step on a given batch, for comparing with
//                        other frameworks
//   ReferenceBatchNorm   one bnlab::BatchNorm layer: forward and backward on given arrays
//   InputScalingLab      the article's two-weight linear model, raw or standardized inputs
//
// One header per class (twin_lab.hpp, sibling_lab.hpp, reference.hpp, input_scaling_lab.hpp),
// shared helpers in support.hpp; this file registers them with embind.
//
// This file makes web/dist/bnlab.{js,wasm}, everything above, for the pages and the
// Node tests (CMakeLists.txt). The embed (<bn-lab>), which only ever trains twins, has a
// module of its own without embind, web/dist/bnlab-embed.{js,wasm}: the same TwinLab and
// module-level functions exported as C functions (embed_exports.cpp) behind a JavaScript
// object with this module's API (embed_module.js), to be smaller to serve.
//
// Errors. Engine exceptions never cross into JavaScript: every call that can
// fail returns a string, "" on success or the engine's message, and the facade
// throws an Error with it. The object is left as it was before the failed call
// (configure builds into a temporary first), so the module keeps working.
//
// Named data. Status, metrics, costs and probe summaries cross as plain
// objects with named fields (the names listed once in C++: visit(TwinStatus),
// visit(Metrics), visit(TwinCost), kProbeQuantityNames), never as arrays read
// by position; twins and BN modes are passed as the registered enums
// Module.Twin.withBn and Module.BnMode.running, by the facade's own names
// (listed once in enum_names.hpp).
//
// Buffers. The *View methods (and the arrays inside probeLayer) are
// typed-array views (Float32Array for the engine's float32 matrices) straight
// onto the engine's preallocated buffers, without copying. A view is valid
// only until the next call into the module (a call may grow the memory, which
// detaches every view), so the facade copies or writes it at once.
//
// Layout. Engine matrices are column-major (features, batch): a column is one
// example, so element (i, j) of an (r, c) matrix is view[i + r·j].
#include "enum_names.hpp"
#include "input_scaling_lab.hpp"
#include "module_functions.hpp"
#include "reference.hpp"
#include "sibling_lab.hpp"
#include "twin_lab.hpp"

namespace bnlab::web {

// ---- Module-level (the rest, shared with the embed's module: module_functions.hpp) ----

// twinCost for siblings: `siblings` is a JS array of normalization names
// ('none', 'batch', 'layer', 'group'); null for a name the engine does not know.
val siblingCost(const val& config, int n_train, int n_test, int input_size, int output_size, const val& siblings) {
  std::vector<NormKind> kinds;
  const std::string error = guarded([&] {
    for (const std::string& name : emscripten::vecFromJSArray<std::string>(siblings))
      kinds.push_back(parse_name<NormKind>("siblings", name));
  });
  return error.empty() ? cost_object(config, n_train, n_test, input_size, output_size, kinds) : val::null();
}

EMSCRIPTEN_BINDINGS(bnlab) {
  using namespace emscripten;

  // Twin, BnMode, LayerField, DataField by the names of enum_names.hpp: Module.Twin.withBn, Module.BnMode.running.
  for_each_enum([](const char* name, const auto& values) {
    enum_<std::decay_t<decltype(values[0].value)>> e(name);
    for (const auto& v : values) e.value(v.name, v.value);
  });

  enum_<BnField>("BnField")
      .value("Z", BnField::Z)
      .value("DZTilde", BnField::DZTilde)
      .value("ZTilde", BnField::ZTilde)
      .value("ZNorm", BnField::ZNorm)
      .value("DZ", BnField::DZ)
      .value("Mean", BnField::Mean)
      .value("Var", BnField::Var)
      .value("InvStd", BnField::InvStd)
      .value("Gamma", BnField::Gamma)
      .value("Beta", BnField::Beta)
      .value("RunningMean", BnField::RunningMean)
      .value("RunningVar", BnField::RunningVar)
      .value("DGamma", BnField::DGamma)
      .value("DBeta", BnField::DBeta);

  class_<TwinLab>("TwinLab")
      .constructor<>()
      .function("configure", &TwinLab::configure)
      .function("stageBytes", &TwinLab::stageBytes)
      .function("configureMnist", &TwinLab::configureMnist)
      .function("step", &TwinLab::step)
      .function("reset", &TwinLab::reset)
      .function("reseed", &TwinLab::reseed)
      .function("setLearningRate", &TwinLab::setLearningRate)
      .function("setProbeUnit", &TwinLab::setProbeUnit)
      .function("refreshProbes", &TwinLab::refreshProbes)
      .function("evaluate", &TwinLab::evaluate)
      .function("evaluateTest", &TwinLab::evaluateTest)
      .function("evaluateGrid", &TwinLab::evaluateGrid)
      .function("snapshotGrid", &TwinLab::snapshotGrid)
      .function("evaluateGridPart", &TwinLab::evaluateGridPart)
      .function("gridPartDone", &TwinLab::gridPartDone)
      .function("batchNoise", &TwinLab::batchNoise)
      .function("maxStepsPerCall", &TwinLab::maxStepsPerCall)
      .function("maxNoiseDraws", &TwinLab::maxNoiseDraws)
      .function("numHidden", &TwinLab::numHidden)
      .function("inputSize", &TwinLab::inputSize)
      .function("trainSize", &TwinLab::trainSize)
      .function("probeSize", &TwinLab::probeSize)
      .function("hasBn", &TwinLab::hasBn)
      .function("status", &TwinLab::status)
      .function("metrics", &TwinLab::metrics)
      .function("layerView", &TwinLab::layerView)
      .function("probeLayer", &TwinLab::probeLayer)
      .function("percentiles", &TwinLab::percentiles)
      .function("trainBatchView", &TwinLab::trainBatchView)
      .function("dataView", &TwinLab::dataView)
      .function("stagePoints", &TwinLab::stagePoints)
      .function("configurePoints", &TwinLab::configurePoints)
      .function("landscape", &TwinLab::landscape)
      .function("landscapeResult", &TwinLab::landscapeResult)
      .function("inspectBatch", &TwinLab::inspectBatch)
      .function("inspectView", &TwinLab::inspectView);

  class_<ReferenceNetwork>("ReferenceNetwork")
      .constructor<>()
      .function("configure", &ReferenceNetwork::configure)
      .function("inputView", &ReferenceNetwork::inputView)
      .function("targetView", &ReferenceNetwork::targetView)
      .function("layerView", &ReferenceNetwork::layerView)
      .function("predictionView", &ReferenceNetwork::predictionView)
      .function("logitsView", &ReferenceNetwork::logitsView)
      .function("inputGradientView", &ReferenceNetwork::inputGradientView)
      .function("trainStep", &ReferenceNetwork::trainStep)
      .function("forward", &ReferenceNetwork::forward)
      .function("loss", &ReferenceNetwork::loss)
      .function("correct", &ReferenceNetwork::correct)
      .function("numHidden", &ReferenceNetwork::numHidden)
      .function("hasBias", &ReferenceNetwork::hasBias)
      .function("hasBn", &ReferenceNetwork::hasBn);

  class_<SiblingLab>("SiblingLab")
      .constructor<>()
      .function("configure", &SiblingLab::configure)
      .function("step", &SiblingLab::step)
      .function("reset", &SiblingLab::reset)
      .function("reseed", &SiblingLab::reseed)
      .function("setLearningRate", &SiblingLab::setLearningRate)
      .function("refreshProbes", &SiblingLab::refreshProbes)
      .function("evaluate", &SiblingLab::evaluate)
      .function("numNets", &SiblingLab::numNets)
      .function("numHidden", &SiblingLab::numHidden)
      .function("maxStepsPerCall", &SiblingLab::maxStepsPerCall)
      .function("norm", &SiblingLab::norm)
      .function("status", &SiblingLab::status)
      .function("metrics", &SiblingLab::metrics)
      .function("layerView", &SiblingLab::layerView)
      .function("trainBatchView", &SiblingLab::trainBatchView)
      .function("epochLoss", &SiblingLab::epochLoss);

  class_<ReferenceBatchNorm>("ReferenceBatchNorm")
      .constructor<>()
      .function("configure", &ReferenceBatchNorm::configure)
      .function("forward", &ReferenceBatchNorm::forward)
      .function("backward", &ReferenceBatchNorm::backward)
      .function("setBatchesTracked", &ReferenceBatchNorm::setBatchesTracked)
      .function("batchesTracked", &ReferenceBatchNorm::batchesTracked)
      .function("bufferView", &ReferenceBatchNorm::bufferView);

  class_<InputScalingLab>("InputScalingLab")
      .constructor<>()
      .function("configure", &InputScalingLab::configure)
      .function("setNormalized", &InputScalingLab::setNormalized)
      .function("lossGrid", &InputScalingLab::lossGrid)
      .function("descend", &InputScalingLab::descend)
      .function("summary", &InputScalingLab::summary)
      .function("loss", &InputScalingLab::loss);

  function("heapBytesInUse", &heapBytesInUse);
  function("twinCost", &twinCost);
  function("siblingCost", &siblingCost);
  function("mnistShape", &mnistShape);
  function("toyTrainSize", &toyTrainSize);
  function("buildInfo", &buildInfo);
}

}  // namespace bnlab::web
