// Batch coupling: with BN, one example's output depends on every other example
// of its mini-batch.
//
// In training, z_norm(i) = (z(i) − μ_B)/√(σ²_B + ε) and μ_B, σ²_B are taken
// over the whole mini-batch B, so moving one example's input x(k) moves μ_B
// and σ²_B and with them z_norm of every example i ≠ k; without BN, z(i)
// depends on x(i) alone. This inspector runs a given batch (say, the last
// mini-batch with one example moved) forward and backward with batch
// statistics and leaves z_norm of every example and ∂ℓ/∂X in its workspace.
// It changes nothing of the run: running statistics are untouched and the
// network's last training gradients are put back. Sized once; allocates
// nothing per run.
#pragma once

#include "network.hpp"

namespace bnlab {

class BatchInspector {
 public:
  BatchInspector() = default;
  // Buffers for `net` and batches of `batch` examples (at least 2 with BN).
  BatchInspector(Network& net, int batch);

  // Forward (StatsMode::Batch), loss and backward of X (input, m), Y
  // (targets, m), m = the batch given above; throws std::invalid_argument
  // otherwise. Returns the workspace: Z, z_norm, z̃, A per layer and dX
  // (input, m) = ∂ℓ/∂X. loss() is the batch loss.
  const Workspace& run(Network& net, ConstMatRef X, ConstMatRef Y);
  const Workspace& workspace() const { return ws_; }
  double loss() const { return loss_; }

 private:
  Workspace ws_;   // (batch) with the input gradient
  Vector saved_;   // (P) the network's gradients before run()
  double loss_ = 0;
};

}  // namespace bnlab
