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
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <array>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "gemm.hpp"
#include "input_scaling.hpp"
#include "mnist.hpp"
#include "trainer.hpp"

namespace bnlab::web {

using emscripten::val;

// Per-layer buffers. Which object serves which field is listed at each *View method.
enum class LayerField {
  Z,            // (n, m) dense output W·A[l−1] (+ b)
  ZNorm,        // (n, m) z_norm = (Z − μ)/√(σ² + ε)
  ZTilde,       // (n, m) z̃ = γ ⊙ z_norm + β
  A,            // (n, m) activation output
  BatchMean,    // (n) μ used by the last forward (batch mean, or the fixed mean)
  BatchVar,     // (n) σ² used by the last forward (biased batch variance, or the fixed one)
  BatchInvStd,  // (n) 1/√(σ² + ε)
  RunningMean,  // (n)
  RunningVar,   // (n)
  Gamma,        // (n) γ
  Beta,         // (n) β
  DGamma,       // (n) ∂ℓ/∂γ of the last backward
  DBeta,        // (n) ∂ℓ/∂β
  W,            // (n, n_prev) weights
  B,            // (n) bias
  DW,           // (n, n_prev) ∂ℓ/∂W
  DB,           // (n) ∂ℓ/∂b
};

// Whole-probe summaries (see probe.hpp).
enum class ProbeField {
  Histograms,   // (bins, 4·L): column 4l + q is quantity q (Z, z_norm, z̃, A) of layer l
  HistRanges,   // (2, 4·L): [lo; hi] of each histogram
  Percentiles,  // (3, L): 15th, 50th, 85th percentile of the chosen unit's activation input
  Saturation,   // (L): fraction of saturated activations
  GradNorms,    // (4, L+1): ‖dW‖, ‖db‖, ‖dγ‖, ‖dβ‖ per layer, the output layer last
};

// Data and evaluation buffers of a TwinLab. d is the input dimension: 2 for
// the toy sets, 784 for MNIST.
enum class DataField {
  XTrain,      // (d, n_train)
  YTrain,      // (1, n_train)
  XTest,       // (d, n_test)
  YTest,       // (1, n_test)
  GridPoints,  // (2, R²): row by row from (−extent, −extent)
  GridValues,  // (R²): output of the last evaluateGrid
  BatchX,      // (d, m): the last training mini-batch X{t}
  BatchY,      // (1, m): its targets
  BatchNoise,  // (draws): output of the last batchNoise
};

// Buffers of a ReferenceBatchNorm.
enum class BnField {
  Z,            // (n, m) input, written by JS
  DZTilde,      // (n, m) upstream gradient ∂ℓ/∂z̃, written by JS
  ZTilde,       // (n, m) output
  ZNorm,        // (n, m)
  DZ,           // (n, m) ∂ℓ/∂Z
  Mean,         // (n)
  Var,          // (n)
  InvStd,       // (n)
  Gamma,        // (n) writable
  Beta,         // (n) writable
  RunningMean,  // (n) writable
  RunningVar,   // (n) writable
  DGamma,       // (n)
  DBeta,        // (n)
};

namespace {

template <class F>
std::string guarded(F&& f) {
  try {
    f();
    return {};
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown engine error";
  }
}

val view(const Scalar* data, Eigen::Index size) {
  return val(emscripten::typed_memory_view(static_cast<size_t>(size), data));
}
val view(const Matrix& m) { return view(m.data(), m.size()); }
val view(const Vector& v) { return view(v.data(), v.size()); }
// Double-precision buffers (the input-scaling demo) become Float64Arrays.
val view(const VectorD& v) { return val(emscripten::typed_memory_view(static_cast<size_t>(v.size()), v.data())); }
val view(const MatrixD& m) { return val(emscripten::typed_memory_view(static_cast<size_t>(m.size()), m.data())); }
val empty_view() { return view(nullptr, 0); }
template <size_t N>
val view(const std::array<double, N>& a) {
  return val(emscripten::typed_memory_view(N, a.data()));
}

StatsMode eval_mode(int mode) {
  // 0: running statistics (inference); 1: the probe batch's statistics.
  if (mode == 0) return StatsMode::Running;
  if (mode == 1) return StatsMode::Given;
  throw std::invalid_argument("evaluation mode must be 0 (running) or 1 (batch), got " + std::to_string(mode));
}

// NetworkSpec fields shared by TwinLab and ReferenceNetwork; the config object
// is the facade's normalized config (camelCase names, every field present and
// already type-checked; the engine still validates every value).
void read_network(const val& c, NetworkSpec& n) {
  n.hidden_sizes = emscripten::vecFromJSArray<int>(c["hidden"]);
  n.activation = activation_from_name(c["activation"].as<std::string>());
  const std::vector<bool> bn = emscripten::vecFromJSArray<bool>(c["batchNorm"]);
  n.batch_norm = bn;
  n.bn_placement = bn_placement_from_name(c["bnPlacement"].as<std::string>());
  n.keep_bias_before_bn = c["keepBias"].as<bool>();
  n.bn.eps = c["bnEps"].as<double>();
  const val momentum = c["bnMomentum"];
  n.bn.cumulative = momentum.isNull();
  if (!n.bn.cumulative) n.bn.momentum = momentum.as<double>();
  n.loss = loss_from_name(c["loss"].as<std::string>());
  OptimizerConfig& o = n.optimizer;
  o.kind = optimizer_from_name(c["optimizer"].as<std::string>());
  o.learning_rate = c["learningRate"].as<double>();
  o.momentum = c["momentum"].as<double>();
  o.beta1 = c["beta1"].as<double>();
  o.beta2 = c["beta2"].as<double>();
  o.adam_epsilon = c["adamEpsilon"].as<double>();
  o.weight_decay = c["weightDecay"].as<double>();
  n.init = init_from_name(c["init"].as<std::string>());
  n.init_scale = c["initScale"].as<double>();
  n.seed = static_cast<uint64_t>(c["seed"].as<double>());
  n.batch_size = c["batchSize"].as<int>();
}

TrainerSpec read_trainer(const val& c) {
  TrainerSpec s;
  s.probe_size = c["probeSize"].as<int>();
  s.probe.bins = c["bins"].as<int>();
  s.probe.range = c["histRange"].as<double>();
  s.probe.unit = c["probeUnit"].as<int>();
  s.grid_resolution = c["gridResolution"].as<int>();
  s.grid_extent = c["gridExtent"].as<double>();
  // 'both', or one twin only: two Web Workers each train one net of the same run.
  const std::string only = c["trainOnly"].as<std::string>();
  if (only == "both") s.train_only = kBothTwins;
  else if (only == "withBn") s.train_only = kWithBn;
  else if (only == "withoutBn") s.train_only = kWithoutBn;
  else throw std::invalid_argument("trainOnly must be both, withBn or withoutBn; got \"" + only + "\"");
  read_network(c, s.network);
  if (c["dataset"].as<std::string>() == "mnist") return s;  // the data comes from bytes, see configureMnist
  DatasetSpec& d = s.data;
  d.kind = dataset_kind_from_name(c["dataset"].as<std::string>());
  d.num_points = c["points"].as<int>();
  d.noise = c["noise"].as<double>();
  d.train_fraction = c["trainFraction"].as<double>();
  d.shift = shift_kind_from_name(c["shift"].as<std::string>());
  d.shift_amount = c["shiftAmount"].as<double>();
  NetworkSpec& n = s.network;
  n.input_size = 2;  // the toy datasets are 2-D points
  // Labels are one row: two logits for softmax, one logit (or value) otherwise.
  n.output_size = n.loss == LossKind::SoftmaxCrossEntropy ? 2 : 1;
  return s;
}

// The per-layer buffers of a network and one of its workspaces; layer L (one
// past the hidden layers) is the output layer, which has only W, b, dW, db.
val layer_view(const Network& net, const Workspace& ws, int layer, LayerField field) {
  const int L = net.num_hidden();
  if (layer < 0 || layer > L) return empty_view();
  if (layer == L) {
    const Dense& d = net.output();
    switch (field) {
      case LayerField::W: return view(d.W);
      case LayerField::B: return view(d.b);
      case LayerField::DW: return view(d.dW);
      case LayerField::DB: return view(d.db);
      default: return empty_view();
    }
  }
  const HiddenLayer& h = net.hidden(layer);
  const HiddenCache& c = ws.hidden[static_cast<size_t>(layer)];
  switch (field) {
    case LayerField::Z: return view(c.Z);
    case LayerField::ZNorm: return view(c.bn.z_norm);
    case LayerField::ZTilde: return view(c.z_tilde);
    case LayerField::A: return view(c.A);
    case LayerField::BatchMean: return view(c.bn.mean);
    case LayerField::BatchVar: return view(c.bn.var);
    case LayerField::BatchInvStd: return view(c.bn.inv_std);
    case LayerField::RunningMean: return h.has_bn ? view(h.bn.running_mean) : empty_view();
    case LayerField::RunningVar: return h.has_bn ? view(h.bn.running_var) : empty_view();
    case LayerField::Gamma: return h.has_bn ? view(h.bn.gamma) : empty_view();
    case LayerField::Beta: return h.has_bn ? view(h.bn.beta) : empty_view();
    case LayerField::DGamma: return h.has_bn ? view(h.bn.dgamma) : empty_view();
    case LayerField::DBeta: return h.has_bn ? view(h.bn.dbeta) : empty_view();
    case LayerField::W: return view(h.dense.W);
    case LayerField::B: return view(h.dense.b);
    case LayerField::DW: return view(h.dense.dW);
    case LayerField::DB: return view(h.dense.db);
  }
  return empty_view();
}

int check_twin(int twin) {
  if (twin != kWithBn && twin != kWithoutBn)
    throw std::invalid_argument("twin must be 0 (with BN) or 1 (without BN), got " + std::to_string(twin));
  return twin;
}

bool valid_twin(int twin) { return twin == kWithBn || twin == kWithoutBn; }

}  // namespace

// ---- TwinLab ----------------------------------------------------------------

class TwinLab {
 public:
  // Builds the dataset and both networks from the facade's config. On error
  // the previous trainer (if any) is kept.
  std::string configure(const val& config) {
    return guarded([&] {
      if (config["dataset"].as<std::string>() == "mnist")
        throw std::invalid_argument("dataset mnist needs its bytes: use stageBytes and configureMnist");
      auto next = std::make_unique<TwinTrainer>(read_trainer(config));
      trainer_ = std::move(next);
      grid_ = nullptr;
      noise_ = nullptr;
    });
  }

  // MNIST (engine/mnist.hpp): JS writes the file's bytes into stageBytes(size),
  // then configureMnist decodes them and frees the staging buffer.
  val stageBytes(int size) {
    staged_.assign(static_cast<size_t>(std::max(size, 0)), 0);
    return val(emscripten::typed_memory_view(staged_.size(), staged_.data()));
  }
  std::string configureMnist(const val& config) {
    const std::string error = guarded([&] {
      MnistOptions options;
      options.binarize = config["binarize"].as<bool>();
      Dataset data = load_mnist(staged_.data(), staged_.size(), options);
      const MnistHeader header = read_mnist_header(staged_.data(), staged_.size());
      TrainerSpec spec = read_trainer(config);
      spec.network.input_size = static_cast<int>(header.pixels());
      spec.network.output_size = static_cast<int>(header.num_classes);
      auto next = std::make_unique<TwinTrainer>(spec, std::move(data));
      trainer_ = std::move(next);
      grid_ = nullptr;
      noise_ = nullptr;
    });
    std::vector<uint8_t>().swap(staged_);
    return error;
  }

  std::string step(int n) {
    return guarded([&] {
      if (n < 0) throw std::invalid_argument("n must be at least 0, got " + std::to_string(n));
      trainer().step(n);
    });
  }
  std::string reset() { return guarded([&] { trainer().reset(); }); }
  std::string reseed(double seed) {
    return guarded([&] {
      trainer().reseed(static_cast<uint64_t>(seed));
      grid_ = nullptr;
      noise_ = nullptr;
    });
  }
  std::string setLearningRate(double lr) { return guarded([&] { trainer().set_learning_rate(lr); }); }
  std::string setProbeUnit(int unit) {
    return guarded([&] {
      if (unit < 0) throw std::invalid_argument("probeUnit must be at least 0, got " + std::to_string(unit));
      for (int t = 0; t < 2; ++t) trainer().probe(t).set_unit(unit);
    });
  }
  std::string refreshProbes() { return guarded([&] { trainer().refresh_probes(); }); }

  // Fills metricsView(): train loss, train accuracy, test loss, test accuracy.
  std::string evaluate(int twin, int mode) {
    return guarded([&] {
      const Metrics m = trainer().evaluate(check_twin(twin), eval_mode(mode));
      metrics_ = {m.train_loss, m.train_accuracy, m.test_loss, m.test_accuracy};
    });
  }
  // Fills dataView(GridValues).
  std::string evaluateGrid(int twin, int mode) {
    return guarded([&] {
      // The grid covers the plane of a 2-D input; other inputs would not fit its buffers.
      if (trainer().spec().network.input_size != 2)
        throw std::invalid_argument("the grid needs 2-D inputs, this dataset has " +
                                    std::to_string(trainer().spec().network.input_size));
      grid_ = &trainer().evaluate_grid(check_twin(twin), eval_mode(mode));
    });
  }
  // BN's noise: z_norm of (layer, unit) for training example `example` inside
  // `draws` random mini-batches of the BN twin (see TwinTrainer::batch_noise).
  // Fills dataView(BatchNoise).
  std::string batchNoise(int layer, int unit, int example, int draws, double seed) {
    return guarded([&] { noise_ = &trainer().batch_noise(layer, unit, example, draws, static_cast<uint64_t>(seed)); });
  }

  // Accessors and views never throw: before a successful configure, or for
  // an out-of-range twin or layer, they return 0 / false / an empty view.
  int numHidden() const { return trainer_ ? static_cast<int>(trainer_->spec().network.hidden_sizes.size()) : 0; }
  int inputSize() const { return trainer_ ? trainer_->spec().network.input_size : 0; }
  int trainSize() const { return trainer_ ? static_cast<int>(trainer_->data().x_train.cols()) : 0; }
  int probeSize() const { return trainer_ ? trainer_->probe(kWithBn).ws.batch : 0; }
  bool hasBn(int twin, int layer) const {
    if (!trainer_ || !valid_twin(twin) || layer < 0 || layer >= numHidden()) return false;
    return trainer_->net(twin).hidden(layer).has_bn;
  }

  // (6) steps, last loss, mean loss of the last step(n), batch accuracy,
  // diverged (0/1), step at which it diverged (−1 if not).
  val statusView(int twin) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    const TwinStatus& s = trainer_->status(twin);
    status_ = {static_cast<double>(s.steps), s.last_loss, s.mean_loss, s.batch_accuracy, s.diverged ? 1.0 : 0.0,
               static_cast<double>(s.diverged_at)};
    return view(status_);
  }
  val metricsView() { return view(metrics_); }

  // Z, ZNorm, ZTilde, A and the Batch* statistics come from the probe batch
  // (after refreshProbes, or an evaluation in batch mode); the rest are the
  // network's parameters and last gradients. Layer numHidden() is the output layer.
  val layerView(int twin, int layer, LayerField field) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    return layer_view(trainer_->net(twin), trainer_->probe(twin).ws, layer, field);
  }

  // The same fields for the last training mini-batch X{t}: Z, z_norm, z̃, A
  // and the batch μ, σ² the network was trained with in its last step.
  val trainBatchView(int twin, int layer, LayerField field) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    return layer_view(trainer_->net(twin), trainer_->net(twin).train_workspace(), layer, field);
  }

  val probeView(int twin, ProbeField field) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    const Probe& p = trainer_->probe(twin);
    switch (field) {
      case ProbeField::Histograms: return view(p.histograms);
      case ProbeField::HistRanges: return view(p.hist_ranges);
      case ProbeField::Percentiles: return view(p.percentiles);
      case ProbeField::Saturation: return view(p.saturation);
      case ProbeField::GradNorms: return view(p.grad_norms);
    }
    return empty_view();
  }

  val dataView(DataField field) {
    if (!trainer_) return empty_view();
    const TwinTrainer& t = *trainer_;
    const Dataset& d = t.data();
    switch (field) {
      case DataField::XTrain: return view(d.x_train);
      case DataField::YTrain: return view(d.y_train);
      case DataField::XTest: return view(d.x_test);
      case DataField::YTest: return view(d.y_test);
      case DataField::GridPoints: return view(t.grid_points());
      case DataField::GridValues: return grid_ ? view(*grid_) : empty_view();
      case DataField::BatchX: return view(t.batch_x());
      case DataField::BatchY: return view(t.batch_y());
      case DataField::BatchNoise: return noise_ ? view(*noise_) : empty_view();
    }
    return empty_view();
  }

 private:
  TwinTrainer& trainer() const {
    if (!trainer_) throw std::logic_error("TwinLab used before configure succeeded");
    return *trainer_;
  }

  std::unique_ptr<TwinTrainer> trainer_;
  const Vector* grid_ = nullptr;      // the trainer's grid values, after evaluateGrid
  const Vector* noise_ = nullptr;     // the trainer's batch-noise values, after batchNoise
  std::vector<uint8_t> staged_;       // an MNIST file image on its way in
  std::array<double, 6> status_{};    // see statusView
  std::array<double, 4> metrics_{};   // see evaluate
};

// ---- ReferenceNetwork -------------------------------------------------------

// One network with explicit parameters, for checking the engine against other
// frameworks: configure, write parameters and the batch through the writable
// views, trainStep(), read loss, gradients and updated parameters.
class ReferenceNetwork {
 public:
  // The facade's network fields plus inputSize and outputSize. Parameters
  // start from the engine's initialization with config.seed.
  std::string configure(const val& config) {
    return guarded([&] {
      NetworkSpec n;
      read_network(config, n);
      n.input_size = config["inputSize"].as<int>();
      n.output_size = config["outputSize"].as<int>();
      auto next = std::make_unique<Network>(n);
      const int m = n.batch_size;
      const auto target_rows = n.loss == LossKind::SoftmaxCrossEntropy ? 1 : n.output_size;
      x_.setZero(n.input_size, m);
      y_.setZero(target_rows, m);
      eval_ws_ = next->make_workspace(m);
      net_ = std::move(next);
      last_ws_ = nullptr;
      loss_ = 0;
      correct_ = 0;
    });
  }

  // Writable views: X (input, m) and targets (1 or K, m). Like every view
  // here, empty before a successful configure.
  val batchView(int which) { return which == 0 ? view(x_) : view(y_); }
  // Parameters (writable) and gradients; activations of the last trainStep or
  // forward. Layer numHidden() is the output layer.
  val layerView(int layer, LayerField field) {
    if (!net_) return empty_view();
    return layer_view(*net_, last_ws_ ? *last_ws_ : net_->train_workspace(), layer, field);
  }
  // (K, m) the prediction of the last trainStep or forward (probabilities, or values for MSE).
  val predictionView() {
    if (!net_) return empty_view();
    return view((last_ws_ ? *last_ws_ : net_->train_workspace()).prediction);
  }

  // Forward (batch statistics, running statistics updated), loss, backward,
  // optimizer update: exactly one engine training step on the batch.
  std::string trainStep() {
    return guarded([&] {
      const Network::StepResult r = network().train_step(x_, y_);
      loss_ = r.loss;
      correct_ = r.correct;
      last_ws_ = &net_->train_workspace();
      if (!r.finite) throw std::runtime_error("the loss is not finite (" + std::to_string(r.loss) + ")");
    });
  }
  // Forward and loss only, nothing updated: mode 0 running statistics, 1 batch statistics.
  std::string forward(int mode) {
    return guarded([&] {
      if (mode != 0 && mode != 1) throw std::invalid_argument("mode must be 0 (running) or 1 (batch)");
      Network& net = network();
      net.forward(x_, eval_ws_, mode == 0 ? StatsMode::Running : StatsMode::Batch);
      loss_ = net.loss(y_, eval_ws_);
      correct_ = count_correct(net.spec().loss, eval_ws_.prediction, y_);
      last_ws_ = &eval_ws_;
    });
  }
  double loss() const { return loss_; }
  int correct() const { return correct_; }
  int numHidden() const { return net_ ? net_->num_hidden() : 0; }
  bool hasBias(int layer) const {
    if (!net_ || layer < 0 || layer > numHidden()) return false;
    return layer == numHidden() ? true : net_->hidden(layer).dense.use_bias();
  }
  bool hasBn(int layer) const { return net_ && layer >= 0 && layer < numHidden() && net_->hidden(layer).has_bn; }

 private:
  Network& network() {
    if (!net_) throw std::logic_error("ReferenceNetwork used before configure succeeded");
    return *net_;
  }

  std::unique_ptr<Network> net_;
  Matrix x_, y_;                       // (input, m), (1 or K, m)
  Workspace eval_ws_;                  // forward() without touching the training workspace
  const Workspace* last_ws_ = nullptr;
  double loss_ = 0;
  int correct_ = 0;
};

// ---- ReferenceBatchNorm -----------------------------------------------------

class ReferenceBatchNorm {
 public:
  // momentum < 0 means cumulative running statistics (PyTorch's momentum=None).
  std::string configure(int features, int batch, double eps, double momentum) {
    return guarded([&] {
      if (features < 1 || features > kMaxUnits)
        throw std::invalid_argument("features must be in [1, 1024], got " + std::to_string(features));
      if (batch < 1 || batch > 65536)
        throw std::invalid_argument("batch must be in [1, 65536], got " + std::to_string(batch));
      if (!(eps > 0 && eps <= 1)) throw std::invalid_argument("eps must be in (0, 1], got " + std::to_string(eps));
      if (!(momentum <= 1)) throw std::invalid_argument("momentum must be at most 1, got " + std::to_string(momentum));
      BatchNormConfig config;
      config.eps = eps;
      config.cumulative = momentum < 0;
      if (!config.cumulative) config.momentum = momentum;
      bn_ = BatchNorm(features, config);
      cache_.resize(features, batch);
      z_.setZero(features, batch);
      y_.setZero(features, batch);
      dy_.setZero(features, batch);
      dz_.setZero(features, batch);
      ready_ = true;
    });
  }

  // mode 0: batch statistics, running statistics updated (training);
  // 1: batch statistics, running statistics untouched; 2: running statistics (inference).
  std::string forward(int mode) {
    return guarded([&] {
      check();
      if (mode == 0 || mode == 1) {
        bn_.forward_train(z_, cache_, y_, mode == 0);
      } else if (mode == 2) {
        bn_.forward_eval(z_, cache_, y_);
      } else {
        throw std::invalid_argument("mode must be 0 (train), 1 (batch) or 2 (eval), got " + std::to_string(mode));
      }
      forwarded_ = true;
    });
  }
  // Backward of the last forward, from the upstream gradient in DZTilde.
  std::string backward() {
    return guarded([&] {
      check();
      if (!forwarded_) throw std::logic_error("backward needs a forward first");
      bn_.backward(dy_, cache_, dz_);
    });
  }

  // PyTorch's num_batches_tracked: how many training batches the running
  // statistics have seen; with momentum null the next one gets weight 1/(count + 1).
  void setBatchesTracked(double count) { bn_.num_batches_tracked = static_cast<long long>(count); }
  double batchesTracked() const { return static_cast<double>(bn_.num_batches_tracked); }

  val bufferView(BnField field) {
    if (!ready_) return empty_view();
    switch (field) {
      case BnField::Z: return view(z_);
      case BnField::DZTilde: return view(dy_);
      case BnField::ZTilde: return view(y_);
      case BnField::ZNorm: return view(cache_.z_norm);
      case BnField::DZ: return view(dz_);
      case BnField::Mean: return view(cache_.mean);
      case BnField::Var: return view(cache_.var);
      case BnField::InvStd: return view(cache_.inv_std);
      case BnField::Gamma: return view(bn_.gamma);
      case BnField::Beta: return view(bn_.beta);
      case BnField::RunningMean: return view(bn_.running_mean);
      case BnField::RunningVar: return view(bn_.running_var);
      case BnField::DGamma: return view(bn_.dgamma);
      case BnField::DBeta: return view(bn_.dbeta);
    }
    return empty_view();
  }

 private:
  void check() const {
    if (!ready_) throw std::logic_error("ReferenceBatchNorm used before configure succeeded");
  }

  bool ready_ = false;
  bool forwarded_ = false;
  BatchNorm bn_;
  BatchNormCache cache_;
  Matrix z_, y_, dy_, dz_;  // (n, m) input, output, upstream gradient, input gradient
};

// ---- InputScalingLab ----------------------------------------------------------

// bnlab::InputScalingDemo: the loss surface of a two-weight linear model on raw
// or standardized inputs, and gradient descent on it.
class InputScalingLab {
 public:
  std::string configure(int num_points, double scale1, double scale2, double noise, double seed) {
    return guarded([&] {
      InputScalingSpec spec;
      spec.num_points = num_points;
      spec.scale1 = scale1;
      spec.scale2 = scale2;
      spec.noise = noise;
      spec.seed = static_cast<uint64_t>(seed);
      demo_ = std::make_unique<InputScalingDemo>(spec);
    });
  }
  std::string setNormalized(bool normalized) { return guarded([&] { demo().set_normalized(normalized); }); }
  // (R·R) losses, row r at w2 = c2 − e2 + 2e2·r/(R−1), column c at w1 = c1 − e1 + 2e1·c/(R−1).
  val lossGrid(int resolution, double c1, double e1, double c2, double e2) {
    if (!demo_) return empty_view();
    try {
      return view(demo_->loss_grid(resolution, c1, e1, c2, e2));
    } catch (const std::exception&) {
      return empty_view();
    }
  }
  // (2, steps+1) path, column t = (w1, w2) after t steps.
  val descend(double w1, double w2, double lr, int steps) {
    if (!demo_) return empty_view();
    try {
      return view(demo_->descend(w1, w2, lr, steps));
    } catch (const std::exception&) {
      return empty_view();
    }
  }
  // [w1*, w2*, λ_min, λ_max, loss(w*)]
  val summary() {
    if (!demo_) return empty_view();
    demo_->minimum(summary_[0], summary_[1]);
    demo_->curvatures(summary_[2], summary_[3]);
    summary_[4] = demo_->loss(summary_[0], summary_[1]);
    return view(summary_);
  }
  double loss(double w1, double w2) { return demo_ ? demo_->loss(w1, w2) : 0.0; }

 private:
  InputScalingDemo& demo() {
    if (!demo_) throw std::logic_error("InputScalingLab used before configure succeeded");
    return *demo_;
  }
  std::unique_ptr<InputScalingDemo> demo_;
  std::array<double, 5> summary_{};
};

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
