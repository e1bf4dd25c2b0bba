// A multilayer perceptron with optional batch norm in every hidden layer.
//
// Hidden layer l (course notation, a column is one example):
//   Z[l]  = W[l]·A[l−1] (+ b[l])              dense
//   BN before the activation (paper and course, the default):
//     z̃[l] = γ[l] ⊙ z_norm[l] + β[l],  A[l] = g(z̃[l])
//   BN after the activation (an explicit toggle):
//     A[l] = g(Z[l]),  z̃[l] = BN(A[l])  and z̃[l] feeds the next layer
//   no BN:  A[l] = g(Z[l])
// Output: Z_out = W_out·(layer output) + b_out, then the loss head.
//
// Parameters live in the Network; everything that depends on the batch size
// (Z, z_norm, z̃, A and their gradients) lives in a Workspace sized once, so a
// training step, a probe refresh and a grid evaluation allocate nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "activation.hpp"
#include "batchnorm.hpp"
#include "dense.hpp"
#include "loss.hpp"
#include "optimizer.hpp"
#include "types.hpp"

namespace bnlab {

enum class BnPlacement { BeforeActivation, AfterActivation };
enum class InitKind { Xavier, He, Gaussian };

BnPlacement bn_placement_from_name(const std::string& name);  // "before" | "after"
const char* bn_placement_name(BnPlacement p);
InitKind init_from_name(const std::string& name);  // "xavier" | "he" | "gaussian"
const char* init_name(InitKind kind);

// Limits checked by validate_network_spec.
constexpr int kMaxHiddenLayers = 16;
constexpr int kMaxUnits = 1024;

struct NetworkSpec {
  int input_size = 2;
  std::vector<int> hidden_sizes{8, 8, 8, 8};
  Activation activation = Activation::Tanh;
  // BN on/off per hidden layer; empty means BN on every hidden layer.
  std::vector<bool> batch_norm;
  BnPlacement bn_placement = BnPlacement::BeforeActivation;
  // Keep the dense bias b[l] in front of a BN layer (its gradient is then 0).
  bool keep_bias_before_bn = false;
  BatchNormConfig bn;
  int output_size = 1;
  LossKind loss = LossKind::SigmoidBinaryCrossEntropy;
  OptimizerConfig optimizer;
  // Xavier: std = scale·√(2/(in+out)); He: std = scale·√(2/in); Gaussian: std = scale.
  InitKind init = InitKind::Xavier;
  double init_scale = 1.0;
  uint64_t seed = 1;
  int batch_size = 32;  // training mini-batch size m

  bool has_bn(int layer) const { return batch_norm.empty() || batch_norm[static_cast<size_t>(layer)]; }
};

// Throws std::invalid_argument naming the field and its allowed range.
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
  Matrix z_tilde;     // (n, m) BN output γ ⊙ z_norm + β; empty without BN
  Matrix A;           // (n, m) activation output g(·)
  Matrix d_out;       // (n, m) ∂ℓ/∂(layer output)
  Matrix d_tmp;       // (n, m) ∂ℓ/∂z̃ (BN before g) or ∂ℓ/∂A (BN after g)
  Matrix dZ;          // (n, m) ∂ℓ/∂Z
};

struct Workspace {
  int batch = 0;
  std::vector<HiddenCache> hidden;
  Matrix logits;      // (K, m) Z_out
  Matrix prediction;  // (K, m) probabilities (or values for MSE)
  Matrix dlogits;     // (K, m) ∂ℓ/∂Z_out
};

struct HiddenLayer {
  Dense dense;
  bool has_bn = false;
  BatchNorm bn;
  int dense_slot = -1, bias_slot = -1, gamma_slot = -1, beta_slot = -1;  // optimizer slots
};

class Network {
 public:
  explicit Network(const NetworkSpec& spec);

  const NetworkSpec& spec() const { return spec_; }
  int num_hidden() const { return static_cast<int>(hidden_.size()); }
  HiddenLayer& hidden(int l) { return hidden_[static_cast<size_t>(l)]; }
  const HiddenLayer& hidden(int l) const { return hidden_[static_cast<size_t>(l)]; }
  Dense& output() { return output_; }
  const Dense& output() const { return output_; }
  Optimizer& optimizer() { return optimizer_; }

  // Draws all weights from `seed` (biases 0), resets BN parameters and
  // running statistics and the optimizer state.
  void initialize(uint64_t seed);

  Workspace make_workspace(int batch) const;

  // Forward pass of X (input_size, m) into ws (sized for m).
  void forward(ConstMatRef X, Workspace& ws, StatsMode mode, const Workspace* stats_from = nullptr);
  // Loss of the last forward in ws; fills ws.prediction.
  double loss(ConstMatRef targets, Workspace& ws) const;
  // Backward of the last forward + loss in ws: fills every dW, db, dγ, dβ.
  void backward(ConstMatRef X, ConstMatRef targets, Workspace& ws);
  // One optimizer update from the stored gradients.
  void apply_gradients();

  // The input of g in layer l (what the paper's Figure 1b/c plots): z̃ when BN
  // sits before g, else Z.
  const Matrix& activation_input(const Workspace& ws, int l) const;
  // What layer l passes on: A, or z̃ when BN sits after g.
  const Matrix& layer_output(const Workspace& ws, int l) const;

  struct StepResult {
    double loss = 0.0;
    int correct = 0;
    bool finite = true;
  };
  // Forward (batch statistics, running stats updated), loss, backward, update,
  // on the network's own training workspace. A non-finite loss skips the
  // update and returns finite = false.
  StepResult train_step(ConstMatRef X, ConstMatRef targets);
  const Workspace& train_workspace() const { return train_ws_; }

 private:
  void register_slots();

  NetworkSpec spec_;
  std::vector<HiddenLayer> hidden_;
  Dense output_;
  int output_w_slot_ = -1, output_b_slot_ = -1;
  Optimizer optimizer_;
  Workspace train_ws_;
};

}  // namespace bnlab
