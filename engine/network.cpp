#include "network.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "rng.hpp"

namespace bnlab {

namespace {

constexpr uint64_t kInitStream = 1;  // derive_seed purpose for weight init

[[noreturn]] void fail(const std::string& field, const std::string& allowed, double got) {
  std::ostringstream os;
  os << field << " must be " << allowed << ", got " << got;
  throw std::invalid_argument(os.str());
}

void check_range(const std::string& field, double value, double lo, double hi, const std::string& allowed) {
  if (!std::isfinite(value) || value < lo || value > hi) fail(field, allowed, value);
}

}  // namespace

BnPlacement bn_placement_from_name(const std::string& name) {
  if (name == "before") return BnPlacement::BeforeActivation;
  if (name == "after") return BnPlacement::AfterActivation;
  throw std::invalid_argument("bn_placement must be one of before, after; got '" + name + "'");
}

const char* bn_placement_name(BnPlacement p) { return p == BnPlacement::BeforeActivation ? "before" : "after"; }

InitKind init_from_name(const std::string& name) {
  if (name == "xavier") return InitKind::Xavier;
  if (name == "he") return InitKind::He;
  if (name == "gaussian") return InitKind::Gaussian;
  throw std::invalid_argument("init must be one of xavier, he, gaussian; got '" + name + "'");
}

const char* init_name(InitKind kind) {
  switch (kind) {
    case InitKind::Xavier: return "xavier";
    case InitKind::He: return "he";
    case InitKind::Gaussian: return "gaussian";
  }
  return "?";
}

void validate_network_spec(const NetworkSpec& s) {
  check_range("input_size", s.input_size, 1, 4096, "an integer in [1, 4096]");
  const auto layers = static_cast<double>(s.hidden_sizes.size());
  check_range("hidden_sizes", layers, 1, kMaxHiddenLayers, "a list of 1 to 16 hidden layers (length)");
  for (size_t l = 0; l < s.hidden_sizes.size(); ++l)
    check_range("hidden_sizes[" + std::to_string(l) + "]", s.hidden_sizes[l], 1, kMaxUnits,
                "an integer in [1, 1024]");
  if (!s.batch_norm.empty() && s.batch_norm.size() != s.hidden_sizes.size())
    fail("batch_norm", "empty or one flag per hidden layer (" + std::to_string(s.hidden_sizes.size()) + ")",
         static_cast<double>(s.batch_norm.size()));
  check_range("bn.eps", s.bn.eps, 1e-12, 1.0, "in [1e-12, 1]");
  check_range("bn.momentum", s.bn.momentum, 0.0, 1.0, "in [0, 1]");
  check_range("output_size", s.output_size, 1, kMaxUnits, "an integer in [1, 1024]");
  if (s.loss == LossKind::SoftmaxCrossEntropy && s.output_size < 2)
    fail("output_size", "at least 2 for softmax_ce", s.output_size);
  const OptimizerConfig& o = s.optimizer;
  check_range("optimizer.learning_rate", o.learning_rate, 0.0, 1000.0, "finite and in [0, 1000]");
  check_range("optimizer.momentum", o.momentum, 0.0, 0.9999, "in [0, 1)");
  check_range("optimizer.beta1", o.beta1, 0.0, 0.9999, "in [0, 1)");
  check_range("optimizer.beta2", o.beta2, 0.0, 0.999999, "in [0, 1)");
  check_range("optimizer.adam_epsilon", o.adam_epsilon, 1e-12, 1.0, "in [1e-12, 1]");
  check_range("optimizer.weight_decay", o.weight_decay, 0.0, 10.0, "in [0, 10]");
  check_range("init_scale", s.init_scale, 1e-6, 100.0, "in [1e-6, 100]");
  bool any_bn = false;
  for (size_t l = 0; l < s.hidden_sizes.size(); ++l) any_bn = any_bn || s.has_bn(static_cast<int>(l));
  const double min_batch = any_bn ? 2 : 1;
  check_range("batch_size", s.batch_size, min_batch, 65536,
              any_bn ? "an integer in [2, 65536] when batch norm trains (one example has no batch variance)"
                     : "an integer in [1, 65536]");
}

Network::Network(const NetworkSpec& spec) : spec_(spec), optimizer_(spec.optimizer) {
  validate_network_spec(spec_);
  int inputs = spec_.input_size;
  hidden_.resize(spec_.hidden_sizes.size());
  for (int l = 0; l < num_hidden(); ++l) {
    HiddenLayer& h = hidden_[static_cast<size_t>(l)];
    const int units = spec_.hidden_sizes[static_cast<size_t>(l)];
    h.has_bn = spec_.has_bn(l);
    // Before BN the bias is cancelled by the mean subtraction: drop it unless asked.
    const bool bias = !(h.has_bn && spec_.bn_placement == BnPlacement::BeforeActivation) || spec_.keep_bias_before_bn;
    h.dense = Dense(inputs, units, bias);
    if (h.has_bn) h.bn = BatchNorm(units, spec_.bn);
    inputs = units;
  }
  output_ = Dense(inputs, spec_.output_size, true);
  register_slots();
  train_ws_ = make_workspace(spec_.batch_size);
  initialize(spec_.seed);
}

void Network::register_slots() {
  for (auto& h : hidden_) {
    h.dense_slot = optimizer_.add_slot(h.dense.W.size());
    if (h.dense.use_bias()) h.bias_slot = optimizer_.add_slot(h.dense.b.size());
    if (h.has_bn) {
      h.gamma_slot = optimizer_.add_slot(h.bn.gamma.size());
      h.beta_slot = optimizer_.add_slot(h.bn.beta.size());
    }
  }
  output_w_slot_ = optimizer_.add_slot(output_.W.size());
  output_b_slot_ = optimizer_.add_slot(output_.b.size());
}

void Network::initialize(uint64_t seed) {
  spec_.seed = seed;
  Rng rng(derive_seed(seed, kInitStream));
  auto draw = [&](Matrix& W) {
    const double fan_in = static_cast<double>(W.cols());
    const double fan_out = static_cast<double>(W.rows());
    double std = spec_.init_scale;
    if (spec_.init == InitKind::Xavier) std *= std::sqrt(2.0 / (fan_in + fan_out));
    if (spec_.init == InitKind::He) std *= std::sqrt(2.0 / fan_in);
    // Column-major order, layer by layer: the twin networks (with and without
    // BN) draw identical weights because BN draws no random numbers.
    for (Eigen::Index j = 0; j < W.cols(); ++j)
      for (Eigen::Index i = 0; i < W.rows(); ++i) W(i, j) = static_cast<Scalar>(std * rng.normal());
  };
  for (auto& h : hidden_) {
    draw(h.dense.W);
    h.dense.b.setZero();
    if (h.has_bn) h.bn.reset_parameters();
  }
  draw(output_.W);
  output_.b.setZero();
  optimizer_.reset_state();
}

Workspace Network::make_workspace(int batch) const {
  Workspace ws;
  ws.batch = batch;
  ws.hidden.resize(hidden_.size());
  for (size_t l = 0; l < hidden_.size(); ++l) {
    const int n = hidden_[l].dense.outputs();
    HiddenCache& c = ws.hidden[l];
    c.Z.setZero(n, batch);
    c.A.setZero(n, batch);
    c.d_out.setZero(n, batch);
    c.d_tmp.setZero(n, batch);
    c.dZ.setZero(n, batch);
    if (hidden_[l].has_bn) {
      c.bn.resize(n, batch);
      c.z_tilde.setZero(n, batch);
    }
  }
  ws.logits.setZero(output_.outputs(), batch);
  ws.prediction.setZero(output_.outputs(), batch);
  ws.dlogits.setZero(output_.outputs(), batch);
  return ws;
}

const Matrix& Network::activation_input(const Workspace& ws, int l) const {
  const HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
  const bool bn_first = hidden(l).has_bn && spec_.bn_placement == BnPlacement::BeforeActivation;
  return bn_first ? c.z_tilde : c.Z;
}

const Matrix& Network::layer_output(const Workspace& ws, int l) const {
  const HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
  const bool bn_last = hidden(l).has_bn && spec_.bn_placement == BnPlacement::AfterActivation;
  return bn_last ? c.z_tilde : c.A;
}

void Network::forward(ConstMatRef X, Workspace& ws, StatsMode mode, const Workspace* stats_from) {
  const Activation g = spec_.activation;
  for (int l = 0; l < num_hidden(); ++l) {
    HiddenLayer& h = hidden_[static_cast<size_t>(l)];
    HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
    // Z[l] = W[l]·A[l−1] (+ b[l])
    if (l == 0) {
      h.dense.forward(X, c.Z);
    } else {
      h.dense.forward(layer_output(ws, l - 1), c.Z);
    }
    if (!h.has_bn) {
      activate(g, c.Z, c.A);  // A[l] = g(Z[l])
      continue;
    }
    const bool bn_first = spec_.bn_placement == BnPlacement::BeforeActivation;
    if (!bn_first) activate(g, c.Z, c.A);  // A[l] = g(Z[l]), then BN normalizes A
    const Matrix& bn_in = bn_first ? c.Z : c.A;
    switch (mode) {
      case StatsMode::BatchUpdate: h.bn.forward_train(bn_in, c.bn, c.z_tilde, true); break;
      case StatsMode::Batch: h.bn.forward_train(bn_in, c.bn, c.z_tilde, false); break;
      case StatsMode::Running: h.bn.forward_eval(bn_in, c.bn, c.z_tilde); break;
      case StatsMode::Given: {
        const BatchNormCache& src = stats_from->hidden[static_cast<size_t>(l)].bn;
        h.bn.forward_fixed(bn_in, src.mean, src.var, c.bn, c.z_tilde);
        break;
      }
    }
    if (bn_first) activate(g, c.z_tilde, c.A);  // A[l] = g(z̃[l])
  }
  output_.forward(layer_output(ws, num_hidden() - 1), ws.logits);
}

double Network::loss(ConstMatRef targets, Workspace& ws) const {
  return loss_forward(spec_.loss, ws.logits, targets, ws.prediction);
}

void Network::backward(ConstMatRef X, ConstMatRef targets, Workspace& ws) {
  const Activation g = spec_.activation;
  loss_backward(spec_.loss, ws.prediction, targets, ws.dlogits);
  const int L = num_hidden();
  output_.backward(layer_output(ws, L - 1), ws.dlogits, ws.hidden[static_cast<size_t>(L - 1)].d_out, true);
  for (int l = L - 1; l >= 0; --l) {
    HiddenLayer& h = hidden_[static_cast<size_t>(l)];
    HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
    if (!h.has_bn) {
      activation_backward(g, c.Z, c.A, c.d_out, c.dZ);  // dZ = dA ⊙ g'(Z)
    } else if (spec_.bn_placement == BnPlacement::BeforeActivation) {
      activation_backward(g, c.z_tilde, c.A, c.d_out, c.d_tmp);  // dz̃ = dA ⊙ g'(z̃)
      h.bn.backward(c.d_tmp, c.bn, c.dZ);                         // dZ, dγ, dβ
    } else {
      h.bn.backward(c.d_out, c.bn, c.d_tmp);               // dA, dγ, dβ
      activation_backward(g, c.Z, c.A, c.d_tmp, c.dZ);     // dZ = dA ⊙ g'(Z)
    }
    // dW = dZ·A[l−1]ᵀ, db = Σ dZ, dA[l−1] = Wᵀ·dZ
    if (l == 0) {
      h.dense.backward(X, c.dZ, c.d_tmp, false);
    } else {
      h.dense.backward(layer_output(ws, l - 1), c.dZ, ws.hidden[static_cast<size_t>(l - 1)].d_out, true);
    }
  }
}

void Network::apply_gradients() {
  optimizer_.begin_step();
  for (auto& h : hidden_) {
    optimizer_.update(h.dense_slot, h.dense.W.data(), h.dense.dW.data(), true);
    if (h.bias_slot >= 0) optimizer_.update(h.bias_slot, h.dense.b.data(), h.dense.db.data(), false);
    if (h.has_bn) {
      optimizer_.update(h.gamma_slot, h.bn.gamma.data(), h.bn.dgamma.data(), false);
      optimizer_.update(h.beta_slot, h.bn.beta.data(), h.bn.dbeta.data(), false);
    }
  }
  optimizer_.update(output_w_slot_, output_.W.data(), output_.dW.data(), true);
  optimizer_.update(output_b_slot_, output_.b.data(), output_.db.data(), false);
}

Network::StepResult Network::train_step(ConstMatRef X, ConstMatRef targets) {
  StepResult r;
  forward(X, train_ws_, StatsMode::BatchUpdate);
  r.loss = loss(targets, train_ws_);
  r.finite = std::isfinite(r.loss);
  if (!r.finite) return r;
  r.correct = count_correct(spec_.loss, train_ws_.prediction, targets);
  backward(X, targets, train_ws_);
  apply_gradients();
  return r;
}

}  // namespace bnlab
