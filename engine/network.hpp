// A multilayer perceptron with an optional normalization in every hidden layer:
// batch norm (batchnorm.hpp, the default), layer norm or group norm (groupnorm.hpp).
//
// Hidden layer l (course notation, a column is one example):
//   Z[l]  = W[l]·A[l−1] (+ b[l])              dense
//   normalization before the activation (paper and course, the default):
//     z̃[l] = γ[l] ⊙ z_norm[l] + β[l],  A[l] = g(z̃[l])
//   normalization after the activation (an explicit toggle):
//     A[l] = g(Z[l]),  z̃[l] = norm(A[l])  and z̃[l] feeds the next layer
//   none:  A[l] = g(Z[l])
// BN's μ, σ² are per unit over the batch; LN's and GN's per example over its
// units (or a group of them), so only BN keeps running statistics.
// Output: Z_out = W_out·(layer output) + b_out, then the loss head.
//
// Parameters live in the Network; everything that depends on the batch size
// (Z, z_norm, z̃, A and their gradients) lives in a Workspace sized once, so a
// training step, a probe refresh and a grid evaluation allocate nothing.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "activation.hpp"
#include "batchnorm.hpp"
#include "bn_noise.hpp"
#include "budget.hpp"
#include "dense.hpp"
#include "groupnorm.hpp"
#include "loss.hpp"
#include "optimizer.hpp"
#include "rng.hpp"
#include "types.hpp"

namespace bnlab {

enum class BnPlacement { BeforeActivation, AfterActivation };
// Which normalization a hidden layer applies (PyTorch: BatchNorm1d, LayerNorm, GroupNorm).
enum class NormKind { None, Batch, Layer, Group };
enum class InitKind { Xavier, He, Gaussian };

constexpr std::array<Named<BnPlacement>, 2> kBnPlacementNames{
    {{BnPlacement::BeforeActivation, "before"}, {BnPlacement::AfterActivation, "after"}}};
constexpr const auto& enum_names(BnPlacement) { return kBnPlacementNames; }
constexpr std::array<Named<NormKind>, 4> kNormKindNames{{{NormKind::None, "none"},
                                                         {NormKind::Batch, "batch"},
                                                         {NormKind::Layer, "layer"},
                                                         {NormKind::Group, "group"}}};
constexpr const auto& enum_names(NormKind) { return kNormKindNames; }
constexpr std::array<Named<InitKind>, 3> kInitNames{
    {{InitKind::Xavier, "xavier"}, {InitKind::He, "he"}, {InitKind::Gaussian, "gaussian"}}};
constexpr const auto& enum_names(InitKind) { return kInitNames; }

// The fields, their ranges and what can change on a built network are listed in settings.hpp.

struct NetworkSpec {
  int input_size = 2;
  std::vector<int> hidden_sizes{8, 8, 8, 8};
  // g of every hidden layer, unless `activations` names one per layer.
  Activation activation = Activation::Tanh;
  std::vector<Activation> activations;  // empty, or one per hidden layer
  // Normalization on/off per hidden layer; empty means on in every hidden
  // layer. Which normalization an "on" layer applies is `norm` (batch norm
  // unless told), so the flags alone keep their old meaning: BN per layer.
  std::vector<bool> batch_norm;
  // The normalization of every hidden layer, unless `norms` names one per layer.
  NormKind norm = NormKind::Batch;
  std::vector<NormKind> norms;  // empty, or one per hidden layer
  // G of every group-norm layer: it must divide the layer's units.
  int norm_groups = 2;
  // Where the normalization sits (for every kind), before or after g.
  BnPlacement bn_placement = BnPlacement::BeforeActivation;
  // Keep the dense bias b[l] in front of a BN layer (its gradient is then 0).
  bool keep_bias_before_bn = false;
  BatchNormConfig bn;
  // Noisy BN (bn_noise.hpp): strength ν of the random shift and scale applied
  // to every BN layer's output in training steps, unless `bn_noises` gives one
  // ν per hidden layer; 0 = plain BN. A layer without BN takes no noise,
  // whatever its ν (as a `norms` name on a layer whose flag is off does nothing).
  double bn_noise = 0.0;
  std::vector<double> bn_noises;  // empty, or one per hidden layer
  int output_size = 1;
  LossKind loss = LossKind::SigmoidBinaryCrossEntropy;
  OptimizerConfig optimizer;
  // Xavier: std = scale·√(2/(in+out)); He: std = scale·√(2/in); Gaussian: std = scale.
  InitKind init = InitKind::Xavier;
  double init_scale = 1.0;
  uint64_t seed = 1;
  int batch_size = 32;  // training mini-batch size m

  NormKind norm_of(int layer) const {
    if (!batch_norm.empty() && !batch_norm[static_cast<size_t>(layer)]) return NormKind::None;
    return norms.empty() ? norm : norms[static_cast<size_t>(layer)];
  }
  bool has_bn(int layer) const { return norm_of(layer) == NormKind::Batch; }
  bool has_norm(int layer) const { return norm_of(layer) != NormKind::None; }
  // ν of a layer's BN noise: 0 on a layer without BN.
  double bn_noise_of(int layer) const {
    if (!has_bn(layer)) return 0.0;
    return bn_noises.empty() ? bn_noise : bn_noises[static_cast<size_t>(layer)];
  }
  Activation activation_of(int layer) const {
    return activations.empty() ? activation : activations[static_cast<size_t>(layer)];
  }
};

// Throws std::invalid_argument naming the field and its allowed range: every
// field of settings.hpp (the per-field limits of budget.hpp among them), then
// the rules that join fields (a batch of one with BN, group counts that do not
// divide a group-norm layer, softmax with one output).
// The Network constructor also checks the memory and work budget
// (check_network_budget) before allocating.
void validate_network_spec(const NetworkSpec& spec);

// How BN layers get their statistics in a forward pass.
enum class StatsMode {
  BatchUpdate,  // training: batch statistics, running statistics updated
  Batch,        // batch statistics, running statistics untouched (probes, gradient checks)
  Running,      // inference: running statistics
  Given,        // the batch statistics cached in another workspace (e.g. the probe batch)
};

struct HiddenCache {
  Matrix Z;           // (n, m) dense output W·A[l−1] (+ b)
  BatchNormCache bn;  // z_norm (n, m), μ, σ², inv_std (n); empty without BN
  GroupNormCache gn;  // z_norm (n, m), μ, σ², inv_std (G, m); empty without LN/GN
  Matrix z_tilde;     // (n, m) normalization output γ ⊙ z_norm + β; empty without one
  Matrix A;           // (n, m) activation output g(·)
  Matrix d_out;       // (n, m) ∂ℓ/∂(layer output)
  Matrix d_tmp;       // (n, m) ∂ℓ/∂z̃ (BN before g) or ∂ℓ/∂A (BN after g)
  Matrix dZ;          // (n, m) ∂ℓ/∂Z
  bool noised = false; // the last forward applied the layer's BN noise to z̃ (a training step)
};

struct Workspace {
  // Zeroes every buffer (no allocation): nothing from an earlier run shows.
  void clear();

  int batch = 0;
  std::vector<HiddenCache> hidden;
  Matrix logits;      // (K, m) Z_out
  Matrix prediction;  // (K, m) probabilities (or values for MSE)
  Matrix dlogits;     // (K, m) ∂ℓ/∂Z_out
  Matrix dX;          // (input, m) ∂ℓ/∂X = W[0]ᵀ·dZ[0]; only in workspaces made with the input gradient
};

struct HiddenLayer {
  Dense dense;
  NormKind norm = NormKind::None;
  bool has_bn = false;  // norm == Batch
  BatchNorm bn;
  GroupNorm gn;   // layer norm (one group) or group norm; empty otherwise
  BnNoise noise;  // noisy BN: this step's a, b (sized on every BN layer of a network with noise anywhere)
  double noise_nu = 0.0;  // this layer's ν (NetworkSpec::bn_noise_of)
  bool noisy = false;     // ν > 0: the draws are applied
  int dense_slot = -1, bias_slot = -1, gamma_slot = -1, beta_slot = -1;  // optimizer slots

  bool normalized() const { return norm != NormKind::None; }
  // γ, β and their gradients of whichever normalization the layer has (empty without one).
  Vector& gamma() { return has_bn ? bn.gamma : gn.gamma; }
  Vector& beta() { return has_bn ? bn.beta : gn.beta; }
  const Vector& gamma() const { return has_bn ? bn.gamma : gn.gamma; }
  const Vector& beta() const { return has_bn ? bn.beta : gn.beta; }
  Vector& dgamma() { return has_bn ? bn.dgamma : gn.dgamma; }
  Vector& dbeta() { return has_bn ? bn.dbeta : gn.dbeta; }
  const Vector& dgamma() const { return has_bn ? bn.dgamma : gn.dgamma; }
  const Vector& dbeta() const { return has_bn ? bn.dbeta : gn.dbeta; }
};

class Network {
 public:
  explicit Network(const NetworkSpec& spec);

  const NetworkSpec& spec() const { return spec_; }
  int num_hidden() const { return static_cast<int>(hidden_.size()); }
  // Some layer applies BN noise (ν > 0 on a BN layer).
  bool noisy_anywhere() const {
    for (const HiddenLayer& h : hidden_)
      if (h.noisy) return true;
    return false;
  }
  HiddenLayer& hidden(int l) { return hidden_[static_cast<size_t>(l)]; }
  const HiddenLayer& hidden(int l) const { return hidden_[static_cast<size_t>(l)]; }
  Dense& output() { return output_; }
  const Dense& output() const { return output_; }
  Optimizer& optimizer() { return optimizer_; }

  // Draws all weights from `seed` (biases 0), resets BN parameters and
  // running statistics and the optimizer state, and clears the training workspace.
  void initialize(uint64_t seed);

  // Buffers for a batch of `batch` examples; with input_gradient, backward
  // also fills dX (a reference framework's x.grad).
  Workspace make_workspace(int batch, bool input_gradient = false) const;
  // Makes train_step keep ∂ℓ/∂X in train_workspace().dX from now on.
  void keep_input_gradient();

  // Forward pass of X (input_size, m) into ws (sized for m).
  void forward(ConstMatRef X, Workspace& ws, StatsMode mode, const Workspace* stats_from = nullptr);
  // Loss of the last forward in ws; fills ws.prediction.
  double loss(ConstMatRef targets, Workspace& ws) const;
  // Backward of the last forward + loss in ws: fills every dW, db, dγ, dβ.
  void backward(ConstMatRef X, ConstMatRef targets, Workspace& ws);
  // One optimizer update from the stored gradients; returns whether every updated parameter is
  // finite (tested as the update writes it).
  bool apply_gradients();

  // Calls f(slot, θ, dθ, size, decay) for every trained parameter tensor, in
  // optimizer slot order: W[l], b[l] (when kept), γ[l], β[l] (with a normalization), then
  // W_out, b_out. θ and dθ point at `size` contiguous scalars; decay says
  // whether weight decay applies (weights W only).
  template <class F>
  void for_each_parameter(F&& f);
  // Scalars in all of them (the length of a flat copy).
  Eigen::Index num_parameters();
  // Flat copies (num_parameters() long, slot order) of every θ or every dθ,
  // and back: probes that move the weights or run their own backward pass
  // put the network back exactly as it was.
  void copy_parameters(VecRef out);
  void set_parameters(ConstVecRef in);
  void copy_gradients(VecRef out);
  void set_gradients(ConstVecRef in);

  // The input of g in layer l (what the paper's Figure 1b/c plots): z̃ when a
  // normalization sits before g, else Z.
  const Matrix& activation_input(const Workspace& ws, int l) const;
  // What layer l passes on: A, or z̃ when a normalization sits after g.
  const Matrix& layer_output(const Workspace& ws, int l) const;
  // z_norm of layer l in the last forward into ws, whichever the normalization (empty without one).
  const Matrix& z_norm(const Workspace& ws, int l) const;

  struct StepResult {
    double loss = 0.0;
    int correct = 0;
    bool finite = true;
  };
  // Forward (batch statistics, running stats updated), loss, backward, update,
  // on the network's own training workspace. A non-finite loss (or one beyond
  // Scalar's range), or a non-finite value in the forward pass (float32 has
  // overflowed), skips the update and returns finite = false; so does an
  // update that leaves a parameter or a running statistic non-finite (the
  // update stays applied).
  StepResult train_step(ConstMatRef X, ConstMatRef targets);
  // Every parameter and running statistic is finite.
  bool state_finite() const;
  // Every BN running statistic is finite (with apply_gradients' answer: state_finite, without a
  // second pass over the parameters).
  bool running_stats_finite() const;
  // Every forward value of the last pass in ws (Z, z̃, σ², A, logits, prediction) is finite.
  bool workspace_finite(const Workspace& ws) const;
  // The same answer for the training workspace after train_step's forward pass (BatchUpdate), from
  // fewer values: what the others' finiteness follows from, and BN's z̃ as tested while written.
  bool train_forward_finite() const;
  const Workspace& train_workspace() const { return train_ws_; }

 private:
  void register_slots();

  NetworkSpec spec_;
  std::vector<HiddenLayer> hidden_;
  Dense output_;
  int output_w_slot_ = -1, output_b_slot_ = -1;
  Optimizer optimizer_;
  Workspace train_ws_;
  Rng noise_rng_{0};  // noisy BN's draws, a stream of its own (reset by initialize)
};

template <class F>
void Network::for_each_parameter(F&& f) {
  for (HiddenLayer& h : hidden_) {
    f(h.dense_slot, h.dense.W.data(), h.dense.dW.data(), h.dense.W.size(), true);
    if (h.bias_slot >= 0) f(h.bias_slot, h.dense.b.data(), h.dense.db.data(), h.dense.b.size(), false);
    if (h.normalized()) {
      f(h.gamma_slot, h.gamma().data(), h.dgamma().data(), h.gamma().size(), false);
      f(h.beta_slot, h.beta().data(), h.dbeta().data(), h.beta().size(), false);
    }
  }
  f(output_w_slot_, output_.W.data(), output_.dW.data(), output_.W.size(), true);
  f(output_b_slot_, output_.b.data(), output_.db.data(), output_.b.size(), false);
}

}  // namespace bnlab
