// "Noisy" batch norm: the control experiment of Santurkar, Tsipras, Ilyas and
// Madry (NeurIPS 2018, "How Does Batch Normalization Help Optimization?", §2).
//
// The internal-covariate-shift story says BN helps because the next layer sees
// a stable input distribution. To test it, their noisy BN moves that
// distribution on purpose, after BN, with noise whose own mean and variance
// change at every step. If stability were the point, the noisy network should
// train like a network without BN; it trains like BN.
//
// Here, in training steps only, every noisy BN layer replaces its output z̃
// (n, m) by
//   z̃'(i) = a ⊙ z̃(i) + b                     for every example i of the batch
// with a per-unit scale a (n) and shift b (n) drawn afresh at every step:
//   the step's distribution:  μ_b ~ U(−ν, ν),   σ_b ~ U(0, ν)        (shift)
//                             μ_a ~ U(−ν/2, ν/2), σ_a ~ U(0, ν/2)    (log-scale)
//   each unit j:              b_j = μ_b + σ_b·N(0,1),  a_j = exp(μ_a + σ_a·N(0,1))
// ν is the strength (NetworkSpec::bn_noise for every BN layer, or bn_noises,
// one per hidden layer; 0 = off). So the distribution of unit j over the batch
// has mean a_j·β_j + b_j and spread a_j·γ_j: non-zero mean, non-unit
// variance, and both jump at every step. The whole batch shares
// one (a, b), so the noise moves the distribution the next layer sees rather
// than blurring the examples apart (Santurkar et al. drew per example; per unit
// is the purer test of "a shifting input distribution").
//
// Per layer: every BN layer of a network with noise anywhere draws from one
// stream, in layer order, at every training step; a quiet layer (ν = 0) draws
// a = 1, b = 0 and applies nothing. So layer k's draws depend on which layers
// have BN, not on the other layers' ν, and one ν for all is that ν repeated.
//
// Backward treats a and b as constants: ∂ℓ/∂z̃ = a ⊙ ∂ℓ/∂z̃'.
// Only a training step draws. Other passes with batch statistics (the probe
// batch, the landscape probes, gradient checks) apply the last draw as
// constants: they see the distribution the next layer saw at that step.
// Evaluation (running or given statistics) sees no noise, as at test time.
#pragma once

#include "rng.hpp"
#include "types.hpp"

namespace bnlab {

class BnNoise {
 public:
  BnNoise() = default;
  explicit BnNoise(int features);

  // Draws this step's a and b (see above) with strength nu > 0. Allocates nothing.
  void draw(Rng& rng, double nu);
  // Z (n, m) ← a ⊙ Z + b, column by column.
  void apply(MatRef Z) const;
  // dZ (n, m) ← a ⊙ dZ: the gradient through the noise, a held constant.
  void backward(MatRef dZ) const;
  // a = 1, b = 0.
  void clear();

  Vector scale;  // (n) a of the last draw
  Vector shift;  // (n) b of the last draw
};

}  // namespace bnlab
