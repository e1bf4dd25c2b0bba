// Group normalization of a layer's pre-activations, example by example;
// layer normalization is its one-group case.
//
// The n units of a layer are split into G groups of s = n/G consecutive units.
// For one example i (a column) and one group g of it:
//   μ(g,i)      = 1/s Σ_{j∈g} z(j,i)               group mean          (per example)
//   σ²(g,i)     = 1/s Σ_{j∈g} (z(j,i) − μ(g,i))²   biased group variance (per example)
//   z_norm(j,i) = (z(j,i) − μ(g,i)) / √(σ²(g,i) + ε)
//   z̃(j,i)     = γ(j)·z_norm(j,i) + β(j)          learned scale γ and shift β per unit
//
// LayerNorm (PyTorch nn.LayerNorm(n)) is G = 1: every unit of the example in
// one group. GroupNorm follows nn.GroupNorm(G, n): G must divide n, γ and β
// are per unit (PyTorch's per channel), ε = 1e-5, γ starts at 1 and β at 0.
//
// Unlike batch norm, no statistic crosses examples: each column is
// normalized by its own μ and σ², so training and inference compute the very
// same function, there are no running statistics, and a batch of one example
// is fine.
#pragma once

#include "types.hpp"

namespace bnlab {

// What one forward pass leaves for backward and for the probes; sized once per batch size.
struct GroupNormCache {
  Matrix z_norm;     // (n, m) normalized values
  Matrix mean;       // (G, m) μ of each group of each example
  Matrix var;        // (G, m) biased σ² of each group of each example
  Matrix inv_std;    // (G, m) 1/√(σ² + ε)

  void resize(int features, int groups, int batch);
};

class GroupNorm {
 public:
  GroupNorm() = default;
  // Throws std::invalid_argument unless 1 ≤ groups and groups divides features.
  GroupNorm(int features, int groups, double eps = 1e-5);

  int features() const { return static_cast<int>(gamma.size()); }
  int groups() const { return groups_; }
  int group_size() const { return features() / groups_; }
  double eps() const { return eps_; }

  // γ = 1, β = 0 (PyTorch's initialization).
  void reset_parameters();

  // z̃ = γ ⊙ z_norm + β for Z (n, m) into Y (n, m); fills the cache. The same
  // in training and inference.
  void forward(ConstMatRef Z, GroupNormCache& cache, MatRef Y) const;

  // Backward through the last forward into `cache`: writes dgamma, dbeta and
  // dZ (n, m). dZ may not alias dY.
  void backward(ConstMatRef dY, const GroupNormCache& cache, MatRef dZ);

  Vector gamma;   // (n) learned scale γ
  Vector beta;    // (n) learned shift β
  Vector dgamma;  // (n) ∂ℓ/∂γ of the last backward
  Vector dbeta;   // (n) ∂ℓ/∂β of the last backward

 private:
  int groups_ = 1;
  double eps_ = 1e-5;
};

}  // namespace bnlab
