#include "network.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "finite.hpp"
#include "rng.hpp"
#include "settings.hpp"

namespace bnlab {

namespace {

constexpr uint64_t kInitStream = 1;  // derive_seed purpose for weight init
constexpr uint64_t kNoiseStream = 0x6e6f697365ULL;  // "noise": noisy BN's draws

}  // namespace

void validate_network_spec(const NetworkSpec& s) {
  validate(s);  // every field in its range (settings.hpp)
  if (s.loss == LossKind::SoftmaxCrossEntropy && s.output_size < 2)
    fail_field("output_size", "at least 2 for softmax_ce", std::to_string(s.output_size));
  // One example has no batch variance: with BN in any layer a training batch needs two.
  bool any_bn = false;
  for (size_t l = 0; l < s.hidden_sizes.size(); ++l) any_bn = any_bn || s.has_bn(static_cast<int>(l));
  if (any_bn && s.batch_size < 2)
    fail_field("batch_size",
               Validator::range_text(true, {2, kMaxBatchSize}) +
                   " when batch norm trains (one example has no batch variance)",
               std::to_string(s.batch_size));
  // Group norm splits each of its layers into norm_groups groups of equal size.
  for (size_t l = 0; l < s.hidden_sizes.size(); ++l) {
    const int units = s.hidden_sizes[l];
    if (s.norm_of(static_cast<int>(l)) == NormKind::Group && units % s.norm_groups != 0)
      fail_field("norm_groups",
                 "a divisor of every group-norm layer's units (hidden layer " + std::to_string(l) + " has " +
                     std::to_string(units) + ")",
                 std::to_string(s.norm_groups));
  }
}

Network::Network(const NetworkSpec& spec) : spec_(spec), optimizer_(spec.optimizer) {
  validate_network_spec(spec_);
  check_network_budget(spec_);  // before any allocation
  int inputs = spec_.input_size;
  hidden_.resize(spec_.hidden_sizes.size());
  for (int l = 0; l < num_hidden(); ++l) {
    HiddenLayer& h = hidden_[static_cast<size_t>(l)];
    const int units = spec_.hidden_sizes[static_cast<size_t>(l)];
    h.norm = spec_.norm_of(l);
    h.has_bn = h.norm == NormKind::Batch;
    // Before BN the bias is cancelled by the mean subtraction: drop it unless asked.
    const bool bias = !(h.has_bn && spec_.bn_placement == BnPlacement::BeforeActivation) || spec_.keep_bias_before_bn;
    h.dense = Dense(inputs, units, bias);
    if (h.has_bn) h.bn = BatchNorm(units, spec_.bn);
    // LN and GN share BN's ε; a layer norm is a group norm with one group.
    if (h.norm == NormKind::Layer) h.gn = GroupNorm(units, 1, spec_.bn.eps);
    if (h.norm == NormKind::Group) h.gn = GroupNorm(units, spec_.norm_groups, spec_.bn.eps);
    h.noise_nu = spec_.bn_noise_of(l);
    h.noisy = h.noise_nu > 0.0;
    inputs = units;
  }
  // Noise anywhere: every BN layer draws at every training step, in layer
  // order from one stream, and only the noisy ones (ν > 0) apply their draw.
  // So layer k's draws do not depend on the other layers' ν, and one ν for
  // every layer is the same run as that ν repeated.
  for (int l = 0; l < num_hidden(); ++l) {
    HiddenLayer& h = hidden_[static_cast<size_t>(l)];
    if (h.has_bn && noisy_anywhere()) h.noise = BnNoise(h.dense.outputs());
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
    if (h.normalized()) {
      h.gamma_slot = optimizer_.add_slot(h.gamma().size());
      h.beta_slot = optimizer_.add_slot(h.beta().size());
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
    // Column-major order, layer by layer: the twin and sibling networks (any
    // normalization or none) draw identical weights because no normalization
    // draws random numbers.
    for (Eigen::Index j = 0; j < W.cols(); ++j)
      for (Eigen::Index i = 0; i < W.rows(); ++i) W(i, j) = static_cast<Scalar>(std * rng.normal());
  };
  for (auto& h : hidden_) {
    draw(h.dense.W);
    h.dense.b.setZero();
    if (h.has_bn) h.bn.reset_parameters();
    if (h.normalized() && !h.has_bn) h.gn.reset_parameters();
    h.noise.clear();
  }
  noise_rng_ = Rng(derive_seed(seed, kNoiseStream));
  draw(output_.W);
  output_.b.setZero();
  optimizer_.reset_state();
  train_ws_.clear();
}

void Workspace::clear() {
  for (HiddenCache& c : hidden) {
    for (Matrix* m : {&c.Z, &c.z_tilde, &c.A, &c.d_out, &c.d_tmp, &c.dZ, &c.bn.z_norm}) m->setZero();
    for (Vector* v : {&c.bn.mean, &c.bn.var, &c.bn.inv_std, &c.bn.scale, &c.bn.shift, &c.bn.shift2}) v->setZero();
    for (Matrix* m : {&c.gn.z_norm, &c.gn.mean, &c.gn.var, &c.gn.inv_std}) m->setZero();
  }
  for (Matrix* m : {&logits, &prediction, &dlogits, &dX}) m->setZero();
}

Workspace Network::make_workspace(int batch, bool input_gradient) const {
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
    const HiddenLayer& h = hidden_[l];
    if (h.has_bn) c.bn.resize(n, batch);
    if (h.normalized() && !h.has_bn) c.gn.resize(n, h.gn.groups(), batch);
    if (h.normalized()) c.z_tilde.setZero(n, batch);
  }
  ws.logits.setZero(output_.outputs(), batch);
  ws.prediction.setZero(output_.outputs(), batch);
  ws.dlogits.setZero(output_.outputs(), batch);
  if (input_gradient) ws.dX.setZero(spec_.input_size, batch);
  return ws;
}

void Network::keep_input_gradient() { train_ws_.dX.setZero(spec_.input_size, spec_.batch_size); }

const Matrix& Network::activation_input(const Workspace& ws, int l) const {
  const HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
  const bool norm_first = hidden(l).normalized() && spec_.bn_placement == BnPlacement::BeforeActivation;
  return norm_first ? c.z_tilde : c.Z;
}

const Matrix& Network::layer_output(const Workspace& ws, int l) const {
  const HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
  const bool norm_last = hidden(l).normalized() && spec_.bn_placement == BnPlacement::AfterActivation;
  return norm_last ? c.z_tilde : c.A;
}

const Matrix& Network::z_norm(const Workspace& ws, int l) const {
  const HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
  return hidden(l).has_bn ? c.bn.z_norm : c.gn.z_norm;
}

void Network::forward(ConstMatRef X, Workspace& ws, StatsMode mode, const Workspace* stats_from) {
  for (int l = 0; l < num_hidden(); ++l) {
    const Activation g = spec_.activation_of(l);
    HiddenLayer& h = hidden_[static_cast<size_t>(l)];
    HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
    // Z[l] = W[l]·A[l−1] (+ b[l])
    if (l == 0) {
      h.dense.forward(X, c.Z);
    } else {
      h.dense.forward(layer_output(ws, l - 1), c.Z);
    }
    if (!h.normalized()) {
      activate(g, c.Z, c.A);  // A[l] = g(Z[l])
      continue;
    }
    const bool bn_first = spec_.bn_placement == BnPlacement::BeforeActivation;
    if (!bn_first) activate(g, c.Z, c.A);  // A[l] = g(Z[l]), then the normalization takes A
    const Matrix& bn_in = bn_first ? c.Z : c.A;
    if (!h.has_bn) {
      // LN / GN: each example's own statistics, whatever the mode (no running
      // statistics, so training and inference are the same function).
      h.gn.forward(bn_in, c.gn, c.z_tilde);
      c.noised = false;
      if (bn_first) activate(g, c.z_tilde, c.A);  // A[l] = g(z̃[l])
      continue;
    }
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
    // Noisy BN: z̃ ← a ⊙ z̃ + b. A training step draws a new (a, b); other
    // batch-statistics passes (probes, landscape, gradient checks) reuse the
    // last draw as constants; evaluation (running or given statistics) has none.
    // A quiet BN layer of a noisy network draws too (with ν = 0: a = 1, b = 0)
    // and applies nothing, so the stream stays where the other layers expect it.
    if (mode == StatsMode::BatchUpdate && h.noise.scale.size() > 0) h.noise.draw(noise_rng_, h.noise_nu);
    c.noised = h.noisy && (mode == StatsMode::BatchUpdate || mode == StatsMode::Batch);
    if (c.noised) h.noise.apply(c.z_tilde);
    if (bn_first) activate(g, c.z_tilde, c.A);  // A[l] = g(z̃[l])
  }
  output_.forward(layer_output(ws, num_hidden() - 1), ws.logits);
}

double Network::loss(ConstMatRef targets, Workspace& ws) const {
  return loss_forward(spec_.loss, ws.logits, targets, ws.prediction);
}

void Network::backward(ConstMatRef X, ConstMatRef targets, Workspace& ws) {
  loss_backward(spec_.loss, ws.prediction, targets, ws.dlogits);
  const int L = num_hidden();
  output_.backward(layer_output(ws, L - 1), ws.dlogits, ws.hidden[static_cast<size_t>(L - 1)].d_out, true);
  for (int l = L - 1; l >= 0; --l) {
    const Activation g = spec_.activation_of(l);
    HiddenLayer& h = hidden_[static_cast<size_t>(l)];
    HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
    // Through the layer's normalization: d_in from dz̃, with dγ, dβ.
    const auto norm_backward = [&](ConstMatRef dz_tilde, MatRef d_in) {
      if (h.has_bn) {
        h.bn.backward(dz_tilde, c.bn, d_in);
      } else {
        h.gn.backward(dz_tilde, c.gn, d_in);
      }
    };
    if (!h.normalized()) {
      activation_backward(g, c.Z, c.A, c.d_out, c.dZ);  // dZ = dA ⊙ g'(Z)
    } else if (spec_.bn_placement == BnPlacement::BeforeActivation) {
      activation_backward(g, c.z_tilde, c.A, c.d_out, c.d_tmp);  // dz̃ = dA ⊙ g'(z̃)
      if (c.noised) h.noise.backward(c.d_tmp);                    // through the noise: a ⊙ dz̃'
      norm_backward(c.d_tmp, c.dZ);                               // dZ, dγ, dβ
    } else {
      if (c.noised) h.noise.backward(c.d_out);             // through the noise: a ⊙ dz̃'
      norm_backward(c.d_out, c.d_tmp);                     // dA, dγ, dβ
      activation_backward(g, c.Z, c.A, c.d_tmp, c.dZ);     // dZ = dA ⊙ g'(Z)
    }
    // dW = dZ·A[l−1]ᵀ, db = Σ dZ, dA[l−1] = Wᵀ·dZ; for l = 0, dX = W[0]ᵀ·dZ[0] when the workspace keeps it
    if (l == 0) {
      const bool want_dX = ws.dX.cols() == X.cols() && ws.dX.rows() == X.rows();
      h.dense.backward(X, c.dZ, ws.dX, want_dX);
    } else {
      h.dense.backward(layer_output(ws, l - 1), c.dZ, ws.hidden[static_cast<size_t>(l - 1)].d_out, true);
    }
  }
}

bool Network::apply_gradients() {
  optimizer_.begin_step();
  bool finite = true;
  for_each_parameter([&](int slot, Scalar* theta, const Scalar* dtheta, Eigen::Index, bool decay) {
    finite &= optimizer_.update(slot, theta, dtheta, decay);
  });
  return finite;
}

Eigen::Index Network::num_parameters() {
  Eigen::Index total = 0;
  for_each_parameter([&](int, Scalar*, Scalar*, Eigen::Index size, bool) { total += size; });
  return total;
}

namespace {
// Copies between a flat vector and the θ (which = 0) or dθ (which = 1) of every parameter tensor.
template <bool kToFlat, class Net, class Flat>
void copy_flat(Net& net, Flat& flat, int which) {
  Eigen::Index at = 0;
  net.for_each_parameter([&](int, Scalar* theta, Scalar* dtheta, Eigen::Index size, bool) {
    Scalar* p = which == 0 ? theta : dtheta;
    if constexpr (kToFlat) {
      flat.segment(at, size) = Eigen::Map<const Vector>(p, size);
    } else {
      Eigen::Map<Vector>(p, size) = flat.segment(at, size);
    }
    at += size;
  });
}
}  // namespace

void Network::copy_parameters(VecRef out) { copy_flat<true>(*this, out, 0); }
void Network::set_parameters(ConstVecRef in) { copy_flat<false>(*this, in, 0); }
void Network::copy_gradients(VecRef out) { copy_flat<true>(*this, out, 1); }
void Network::set_gradients(ConstVecRef in) { copy_flat<false>(*this, in, 1); }

Network::StepResult Network::train_step(ConstMatRef X, ConstMatRef targets) {
  StepResult r;
  forward(X, train_ws_, StatsMode::BatchUpdate);
  r.loss = loss(targets, train_ws_);
  // The loss and the BN statistics are summed in double, so the loss can stay
  // finite while the network's own values (Scalar) have overflowed: a loss
  // beyond Scalar's range, or a non-finite value in the forward pass, is not finite.
  r.finite = std::isfinite(r.loss) && std::abs(r.loss) <= static_cast<double>(std::numeric_limits<Scalar>::max()) &&
             train_forward_finite();  // = workspace_finite(train_ws_)
  if (!r.finite) return r;
  r.correct = count_correct(spec_.loss, train_ws_.prediction, targets);
  backward(X, targets, train_ws_);
  // A finite loss can still come with overflowed statistics or gradients
  // (the loss and the BN statistics are summed in double): the step is only
  // finite if every parameter and running statistic still is (state_finite:
  // the update tests each parameter as it writes it; a bias-free layer's b
  // stays zero).
  const bool parameters_finite = apply_gradients();
  r.finite = parameters_finite && running_stats_finite();
  return r;
}

// (all_finite: finite.hpp, a vectorized check; these run after every training step.)
bool Network::workspace_finite(const Workspace& ws) const {
  for (int l = 0; l < num_hidden(); ++l) {
    const HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
    if (!all_finite(c.Z) || !all_finite(c.A)) return false;
    if (hidden(l).has_bn && !(all_finite(c.z_tilde) && all_finite(c.bn.var))) return false;
    if (hidden(l).normalized() && !hidden(l).has_bn && !(all_finite(c.z_tilde) && all_finite(c.gn.var))) return false;
  }
  return all_finite(ws.logits) && all_finite(ws.prediction);
}

// workspace_finite(train_ws_) after a BatchUpdate forward, reading only what the rest follows from:
// - A = g(x) is finite whenever its input x (Z or z̃) is: every g maps finite values to finite ones
//   (tanh is clamped; σ's e^{−z} may overflow to +inf, and 1/(1 + inf) = 0). So A is never read.
// - BN's σ² is NaN whenever a value of its input is NaN or ±inf (the double mean takes it up, and
//   then the deviation of that value from it, inf − inf, is NaN): σ² stands for the BN input (Z, or
//   A before BN after g). z̃ was tested as BN wrote it (cache.output_finite), unless noise moved it.
// - prediction is finite whenever the logits are: softmax and σ give values in [0, 1], MSE copies them.
bool Network::train_forward_finite() const {
  const Workspace& ws = train_ws_;
  const bool bn_first = spec_.bn_placement == BnPlacement::BeforeActivation;
  for (int l = 0; l < num_hidden(); ++l) {
    const HiddenLayer& h = hidden(l);
    const HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
    if (h.has_bn) {
      if (!all_finite(c.bn.var)) return false;                                 // Z (BN first), A (BN after)
      if (!(c.noised ? all_finite(c.z_tilde) : c.bn.output_finite)) return false;  // z̃
      if (!bn_first && !all_finite(c.Z)) return false;                         // Z, which A is g of
    } else if (h.normalized()) {
      if (!(all_finite(c.Z) && all_finite(c.z_tilde) && all_finite(c.gn.var))) return false;
    } else if (!all_finite(c.Z)) {
      return false;
    }
  }
  return all_finite(ws.logits);
}

bool Network::running_stats_finite() const {
  for (const HiddenLayer& h : hidden_)
    if (h.has_bn && !(all_finite(h.bn.running_mean) && all_finite(h.bn.running_var))) return false;
  return true;
}

bool Network::state_finite() const {
  for (const HiddenLayer& h : hidden_) {
    if (!all_finite(h.dense.W) || !all_finite(h.dense.b)) return false;
    if (h.has_bn && !(all_finite(h.bn.gamma) && all_finite(h.bn.beta) && all_finite(h.bn.running_mean) &&
                      all_finite(h.bn.running_var)))
      return false;
    if (h.normalized() && !h.has_bn && !(all_finite(h.gn.gamma) && all_finite(h.gn.beta))) return false;
  }
  return all_finite(output_.W) && all_finite(output_.b);
}

}  // namespace bnlab
