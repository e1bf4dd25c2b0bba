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
// Two modules are linked from this file (CMakeLists.txt): web/dist/bnlab.{js,wasm},
// everything above, for the pages and the Node tests; and, compiled with
// BNLAB_EMBED, web/dist/bnlab-embed.{js,wasm} for the embed (<bn-lab>), which
// only ever trains twins: it leaves out SiblingLab, ReferenceNetwork, ReferenceBatchNorm
// and InputScalingLab (and the code only they pull in), to be smaller to serve.
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
// Module.Twin.withBn and Module.BnMode.running, by the facade's own names.
//
// Buffers. The *View methods (and the arrays inside probeLayer) are
// typed-array views (Float32Array for the engine's float32 matrices) straight
// onto the engine's preallocated buffers, without copying. A view is valid
// only until the next call into the module (a call may grow the memory, which
// detaches every view), so the facade copies or writes it at once.
//
// Layout. Engine matrices are column-major (features, batch): a column is one
// example, so element (i, j) of an (r, c) matrix is view[i + r·j].
#include <malloc.h>

#include "gemm.hpp"
#include "twin_lab.hpp"
#ifndef BNLAB_EMBED
#include "input_scaling_lab.hpp"
#include "reference.hpp"
#include "sibling_lab.hpp"
#endif

namespace bnlab::web {

// ---- Module-level -----------------------------------------------------------

// Bytes currently allocated on the C++ heap (dlmalloc's in-use count): the
// memory test watches it for leaks that would not yet grow the wasm memory.
double heapBytesInUse() { return static_cast<double>(mallinfo().uordblks); }

// The engine's own cost estimate of a twin (budget.hpp) for the facade's
// config on a data set of nTrain + nTest examples of inputSize values with
// outputSize outputs: {parameterBytes, …, noiseWork} (TwinCost) plus
// maxStepsPerCall and maxNoiseDraws. The Node tests check
// web/engine-budget.js against it. null for a config the engine cannot read.
namespace {
val cost_object(const val& config, int n_train, int n_test, int input_size, int output_size,
                const std::vector<NormKind>& siblings) {
  val out = val::null();
  guarded([&] {
    TrainerSpec spec = read_trainer(config);
    spec.network.input_size = input_size;
    spec.network.output_size = output_size;
    const TwinCost c = twin_cost(spec, n_train, n_test, 1, siblings);
    out = to_object(c);
    out.set("maxStepsPerCall", max_steps_per_call(c));
    out.set("maxNoiseDraws", max_noise_draws_per_call(c));
  });
  return out;
}
}  // namespace

val twinCost(const val& config, int n_train, int n_test, int input_size, int output_size) {
  return cost_object(config, n_train, n_test, input_size, output_size, {});
}

#ifndef BNLAB_EMBED
// The same for siblings: `siblings` is a JS array of normalization names
// ('none', 'batch', 'layer', 'group'); null for a name the engine does not know.
val siblingCost(const val& config, int n_train, int n_test, int input_size, int output_size, const val& siblings) {
  std::vector<NormKind> kinds;
  const std::string error = guarded([&] {
    for (const std::string& name : emscripten::vecFromJSArray<std::string>(siblings))
      kinds.push_back(parse_name<NormKind>("siblings", name));
  });
  return error.empty() ? cost_object(config, n_train, n_test, input_size, output_size, kinds) : val::null();
}
#endif

// The shape of an MNIST file (engine/mnist.hpp) from its first bytes (up to the
// 32-byte header) and its total size: {nTrain, nTest, inputSize, outputSize},
// or {error} naming what is wrong with the header or the size. The facade
// checks the budget with it before handing the engine the whole file.
val mnistShape(const val& head, double file_size) {
  std::vector<uint8_t> bytes = emscripten::convertJSArrayToNumberVector<uint8_t>(head);
  bytes.resize(kMnistHeaderBytes, 0);
  val out = val::object();
  const std::string error = guarded([&] {
    if (!(file_size >= 0 && file_size <= kMaxMnistFileBytes))
      throw std::invalid_argument("MNIST data: the file must be at most " + format_number(kMaxMnistFileBytes) +
                                  " bytes (the data budget), got " + format_number(file_size));
    const MnistHeader h = read_mnist_header(bytes.data(), static_cast<size_t>(file_size));
    out.set("nTrain", h.n_train);
    out.set("nTest", h.n_test);
    out.set("inputSize", static_cast<double>(h.pixels()));
    out.set("outputSize", h.num_classes);
  });
  if (!error.empty()) out.set("error", error);
  return out;
}

// The toy sets' split (dataset.hpp): n_train for num_points and train_fraction.
int toyTrainSize(int num_points, double train_fraction) { return toy_train_size(num_points, train_fraction); }

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

  // The twins and the BN statistics modes by the facade's names: Module.Twin.withBn, Module.BnMode.running.
  enum_<Twin>("Twin").value("withBn", kWithBn).value("withoutBn", kWithoutBn);
  enum_<BnMode>("BnMode").value("train", BnMode::Train).value("batch", BnMode::Batch).value("running", BnMode::Running);

  enum_<DataField>("DataField")
      .value("XTrain", DataField::XTrain)
      .value("YTrain", DataField::YTrain)
      .value("XTest", DataField::XTest)
      .value("YTest", DataField::YTest)
      .value("GridPoints", DataField::GridPoints)
      .value("GridValues", DataField::GridValues)
      .value("BatchX", DataField::BatchX)
      .value("BatchY", DataField::BatchY)
      .value("BatchNoise", DataField::BatchNoise)
      .value("InputGradient", DataField::InputGradient);

#ifndef BNLAB_EMBED
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
#endif

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

#ifndef BNLAB_EMBED
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
#endif

  function("heapBytesInUse", &heapBytesInUse);
  function("twinCost", &twinCost);
#ifndef BNLAB_EMBED
  function("siblingCost", &siblingCost);
#endif
  function("mnistShape", &mnistShape);
  function("toyTrainSize", &toyTrainSize);
  function("buildInfo", &buildInfo);
}

}  // namespace bnlab::web
