// The engine as seen from JavaScript: the only C++ that knows about Emscripten.
//
// A coarse surface for the facade web/engine.js (with engine-twin.js, the only
// JavaScript that touches this module); nothing else should call it.
//
//   TwinLab              a bnlab::TwinTrainer on a toy set or MNIST: step(n) trains n steps in one call
//   ReferenceNetwork     one bnlab::Network with parameters set from JS: one
//                        training step on a given batch, for comparing with
//                        other frameworks
//   ReferenceBatchNorm   one bnlab::BatchNorm layer: forward and backward on given arrays
//   InputScalingLab      the article's two-weight linear model, raw or standardized inputs
//
// One header per class (twin_lab.hpp, reference.hpp, input_scaling_lab.hpp),
// shared helpers in support.hpp; this file registers them with embind.
//
// Errors. Engine exceptions never cross into JavaScript: every call that can
// fail returns a string, "" on success or the engine's message, and the facade
// throws an Error with it. The object is left as it was before the failed call
// (configure builds into a temporary first), so the module keeps working.
//
// Buffers. The *View methods return typed-array views (Float32Array for the
// engine's float32 matrices, Float64Array for status and metrics) straight
// onto the engine's preallocated buffers, without copying. A view is valid
// only until the next call into the module (a call may grow the memory, which
// detaches every view), so the facade copies or writes it at once.
//
// Layout. Engine matrices are column-major (features, batch): a column is one
// example, so element (i, j) of an (r, c) matrix is view[i + r·j].
#include <malloc.h>

#include "gemm.hpp"
#include "input_scaling_lab.hpp"
#include "reference.hpp"
#include "twin_lab.hpp"

namespace bnlab::web {

// ---- Module-level -----------------------------------------------------------

// Bytes currently allocated on the C++ heap (dlmalloc's in-use count): the
// memory test watches it for leaks that would not yet grow the wasm memory.
double heapBytesInUse() { return static_cast<double>(mallinfo().uordblks); }

// Build facts for the page and the benchmark.
std::string buildInfo() {
  std::string info = sizeof(Scalar) == 4 ? "float32" : "float64";
  info += gemm_uses_simd128_kernels() ? " simd128-gemm" : " eigen-gemm";
  return info;
}

EMSCRIPTEN_BINDINGS(bnlab) {
  using namespace emscripten;

  enum_<LayerField>("LayerField")
      .value("Z", LayerField::Z)
      .value("ZNorm", LayerField::ZNorm)
      .value("ZTilde", LayerField::ZTilde)
      .value("A", LayerField::A)
      .value("BatchMean", LayerField::BatchMean)
      .value("BatchVar", LayerField::BatchVar)
      .value("BatchInvStd", LayerField::BatchInvStd)
      .value("RunningMean", LayerField::RunningMean)
      .value("RunningVar", LayerField::RunningVar)
      .value("Gamma", LayerField::Gamma)
      .value("Beta", LayerField::Beta)
      .value("DGamma", LayerField::DGamma)
      .value("DBeta", LayerField::DBeta)
      .value("W", LayerField::W)
      .value("B", LayerField::B)
      .value("DW", LayerField::DW)
      .value("DB", LayerField::DB);

  enum_<ProbeField>("ProbeField")
      .value("Histograms", ProbeField::Histograms)
      .value("HistRanges", ProbeField::HistRanges)
      .value("Percentiles", ProbeField::Percentiles)
      .value("Saturation", ProbeField::Saturation)
      .value("GradNorms", ProbeField::GradNorms);

  enum_<DataField>("DataField")
      .value("XTrain", DataField::XTrain)
      .value("YTrain", DataField::YTrain)
      .value("XTest", DataField::XTest)
      .value("YTest", DataField::YTest)
      .value("GridPoints", DataField::GridPoints)
      .value("GridValues", DataField::GridValues)
      .value("BatchX", DataField::BatchX)
      .value("BatchY", DataField::BatchY)
      .value("BatchNoise", DataField::BatchNoise);

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
      .function("evaluateGrid", &TwinLab::evaluateGrid)
      .function("batchNoise", &TwinLab::batchNoise)
      .function("numHidden", &TwinLab::numHidden)
      .function("inputSize", &TwinLab::inputSize)
      .function("trainSize", &TwinLab::trainSize)
      .function("probeSize", &TwinLab::probeSize)
      .function("hasBn", &TwinLab::hasBn)
      .function("statusView", &TwinLab::statusView)
      .function("metricsView", &TwinLab::metricsView)
      .function("layerView", &TwinLab::layerView)
      .function("probeView", &TwinLab::probeView)
      .function("trainBatchView", &TwinLab::trainBatchView)
      .function("dataView", &TwinLab::dataView);

  class_<ReferenceNetwork>("ReferenceNetwork")
      .constructor<>()
      .function("configure", &ReferenceNetwork::configure)
      .function("batchView", &ReferenceNetwork::batchView)
      .function("layerView", &ReferenceNetwork::layerView)
      .function("predictionView", &ReferenceNetwork::predictionView)
      .function("trainStep", &ReferenceNetwork::trainStep)
      .function("forward", &ReferenceNetwork::forward)
      .function("loss", &ReferenceNetwork::loss)
      .function("correct", &ReferenceNetwork::correct)
      .function("numHidden", &ReferenceNetwork::numHidden)
      .function("hasBias", &ReferenceNetwork::hasBias)
      .function("hasBn", &ReferenceNetwork::hasBn);

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
  function("buildInfo", &buildInfo);
}

}  // namespace bnlab::web
