// How smooth is the loss along the gradient? The landscape probes of
// Santurkar, Tsipras, Ilyas and Madry (NeurIPS 2018, §3.1 and Fig. 4).
//
// At the current weights W and one mini-batch (X, Y), with g = ∇L(W) the
// mini-batch gradient of every trained parameter (W, b, γ, β), and for each
// step size η of a list:
//   loss(η)      = L(W − η·g)                          the loss one step away
//   grad_diff(η) = ‖∇L(W) − ∇L(W − η·g)‖               how much the gradient changes
// and the effective β-smoothness
//   beta_eff     = max_η grad_diff(η) / ‖η·g‖
// (a gradient that barely changes over a long step is "predictive": the
// landscape is smooth there). The range of loss(η) over η is the paper's
// "loss variation".
//
// Every pass uses batch statistics without touching the running statistics
// (StatsMode::Batch; a noisy BN layer reuses its last draw as constants), and
// the probe restores the weights and the last training step's gradients
// afterwards: weights, optimizer state, running statistics and batch order are
// as before, so probing never changes a run. One probe costs count + 1
// forward/backward passes of the batch. Sized once; allocates nothing per run.
#pragma once

#include "network.hpp"

namespace bnlab {

constexpr int kMaxLandscapeSteps = 16;  // step sizes η per run

class LandscapeProbe {
 public:
  LandscapeProbe() = default;
  // Buffers for `net` and mini-batches of `batch` examples.
  LandscapeProbe(Network& net, int batch);

  // Probes `net` at its current weights on X (input, m), Y (targets, m) for
  // the first `count` step sizes of `etas` (each ≥ 0). Throws
  // std::invalid_argument for a bad count, η or batch width. Returns whether
  // every result is finite (a non-finite one is kept, NaN or ±inf, for the
  // caller to report).
  bool run(Network& net, ConstMatRef X, ConstMatRef Y, const double* etas, int count);

  int count() const { return count_; }
  double loss0 = 0;      // L(W) on the batch
  double grad_norm = 0;  // ‖g‖ = ‖∇L(W)‖
  double beta_eff = 0;   // max over η > 0 of grad_diff(η)/(η·‖g‖); 0 when no η > 0 or g = 0
  VectorD etas;          // (kMaxLandscapeSteps) the step sizes of the last run, then 0
  VectorD loss;          // (kMaxLandscapeSteps) L(W − η·g)
  VectorD grad_diff;     // (kMaxLandscapeSteps) ‖∇L(W) − ∇L(W − η·g)‖

 private:
  // L on (X, Y) at the net's current weights, its gradient left in the net's dθ.
  double loss_and_gradient(Network& net, ConstMatRef X, ConstMatRef Y);

  Workspace ws_;    // (batch) the probe's own forward/backward buffers
  Vector theta0_;   // (P) the weights W
  Vector saved_;    // (P) the last training step's gradient, restored at the end
  Vector g0_;       // (P) g = ∇L(W) on the batch
  Vector theta_;    // (P) W − η·g, then scratch for ∇L(W − η·g)
  int count_ = 0;
};

}  // namespace bnlab
