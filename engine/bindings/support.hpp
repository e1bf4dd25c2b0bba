// Shared by the binding classes: the field enums of the typed-array views,
// error capture, views onto engine buffers, and reading the facade's config.
// See module.cpp for the rules every binding follows.
#pragma once

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <array>
#include <exception>
#include <memory>
#include <string>
#include <vector>

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

inline val view(const Scalar* data, Eigen::Index size) {
  return val(emscripten::typed_memory_view(static_cast<size_t>(size), data));
}
inline val view(const Matrix& m) { return view(m.data(), m.size()); }
inline val view(const Vector& v) { return view(v.data(), v.size()); }
// Double-precision buffers (the input-scaling demo) become Float64Arrays.
inline val view(const VectorD& v) { return val(emscripten::typed_memory_view(static_cast<size_t>(v.size()), v.data())); }
inline val view(const MatrixD& m) { return val(emscripten::typed_memory_view(static_cast<size_t>(m.size()), m.data())); }
inline val empty_view() { return view(nullptr, 0); }
template <size_t N>
val view(const std::array<double, N>& a) {
  return val(emscripten::typed_memory_view(N, a.data()));
}

inline StatsMode eval_mode(int mode) {
  // 0: running statistics (inference); 1: the probe batch's statistics.
  if (mode == 0) return StatsMode::Running;
  if (mode == 1) return StatsMode::Given;
  throw std::invalid_argument("evaluation mode must be 0 (running) or 1 (batch), got " + std::to_string(mode));
}

// NetworkSpec fields shared by TwinLab and ReferenceNetwork; the config object
// is the facade's normalized config (camelCase names, every field present and
// already type-checked; the engine still validates every value).
inline void read_network(const val& c, NetworkSpec& n) {
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

inline TrainerSpec read_trainer(const val& c) {
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
inline val layer_view(const Network& net, const Workspace& ws, int layer, LayerField field) {
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

inline int check_twin(int twin) {
  if (twin != kWithBn && twin != kWithoutBn)
    throw std::invalid_argument("twin must be 0 (with BN) or 1 (without BN), got " + std::to_string(twin));
  return twin;
}

inline bool valid_twin(int twin) { return twin == kWithBn || twin == kWithoutBn; }

}  // namespace bnlab::web
