// Batch normalization of a layer's pre-activations, feature by feature.
//
// Course notation (Andrew Ng), for one hidden layer and a mini-batch of m columns:
//   μ        = 1/m Σ_i z(i)                    batch mean            (per feature)
//   σ²       = 1/m Σ_i (z(i) − μ)²             biased batch variance (per feature)
//   z_norm(i) = (z(i) − μ) / √(σ² + ε)
//   z̃(i)     = γ ⊙ z_norm(i) + β               learned scale γ and shift β
//
// Conventions follow PyTorch's BatchNorm1d (engine/README.md §2–§4):
// ε = 1e-5, momentum 0.1 in the "new-weight" convention
//   running ← (1 − momentum)·running + momentum·batch_stat,
// the running variance takes the *unbiased* batch variance (m/(m−1)·σ²),
// running statistics start at (0, 1), γ starts at 1 and β at 0.
// Train mode normalizes with batch statistics; eval mode with fixed statistics
// (usually the running ones), folded into one affine map per feature.
#pragma once

#include "types.hpp"

namespace bnlab {

struct BatchNormConfig {
  double eps = 1e-5;
  double momentum = 0.1;
  // PyTorch's momentum=None: running stats are the plain average of every
  // batch statistic seen so far (factor 1/num_batches_tracked).
  bool cumulative = false;
};

// What one forward pass leaves for backward and for the probes. One cache per
// batch size (training batch, probe batch, grid), sized once.
struct BatchNormCache {
  Matrix z_norm;     // (n, m) normalized values x̂ = (z − μ)·inv_std
  Vector mean;       // (n)    statistic used for normalizing (batch μ, or the fixed mean)
  Vector var;        // (n)    biased batch σ² (or the fixed variance)
  Vector inv_std;    // (n)    1/√(var + ε)
  VectorD acc;       // (n)    double accumulator, scratch
  VectorD acc2;      // (n)    double accumulator, scratch
  // Per-feature coefficients, evaluated once into plain vectors so that the
  // column-wise broadcasts below never make Eigen allocate a temporary.
  Vector scale;      // (n)    forward: γ·inv_std;   backward: γ·inv_std too
  Vector shift;      // (n)    forward (fixed stats): β − γ·inv_std·mean;  backward: mean(dy)
  Vector shift2;     // (n)    backward: mean(dy·x̂)
  bool used_batch_stats = true;
  bool output_finite = true;  // forward_train: every z̃ it wrote is finite (tested as it wrote them)

  void resize(int features, int batch);
};

class BatchNorm {
 public:
  BatchNorm() = default;
  BatchNorm(int features, const BatchNormConfig& config);

  int features() const { return static_cast<int>(gamma.size()); }
  const BatchNormConfig& config() const { return config_; }
  void set_config(const BatchNormConfig& config) { config_ = config; }

  // Resets γ=1, β=0, running stats to (0, 1) and the batch counter.
  void reset_parameters();

  // Train mode: normalize Z (n, m) with its own batch statistics, write z̃ to
  // Y (n, m) and the cache. Updates the running statistics if update_running.
  // Throws std::invalid_argument when m == 1 (no variance to normalize with).
  void forward_train(ConstMatRef Z, BatchNormCache& cache, MatRef Y, bool update_running);

  // Fixed-statistics mode: normalize with the given mean/var (n); with the
  // running statistics this is inference. Computed as the folded affine map
  // y = a ⊙ z + c with a = γ/√(var+ε), c = β − a ⊙ mean.
  void forward_fixed(ConstMatRef Z, ConstVecRef mean, ConstVecRef var, BatchNormCache& cache, MatRef Y) const;
  void forward_eval(ConstMatRef Z, BatchNormCache& cache, MatRef Y) const {
    forward_fixed(Z, running_mean, running_var, cache, Y);
  }

  // Backward through the last forward into `cache`: writes dgamma, dbeta and
  // dZ (n, m). dZ may not alias dY.
  void backward(ConstMatRef dY, BatchNormCache& cache, MatRef dZ);

  Vector gamma;         // (n) learned scale γ
  Vector beta;          // (n) learned shift β
  Vector running_mean;  // (n) exponentially weighted (or cumulative) average of μ
  Vector running_var;   // (n) same for the unbiased batch variance
  long long num_batches_tracked = 0;
  Vector dgamma;        // (n) ∂ℓ/∂γ of the last backward
  Vector dbeta;         // (n) ∂ℓ/∂β of the last backward

 private:
  BatchNormConfig config_;
};

}  // namespace bnlab
