// A fully connected layer: Z = W·A_prev + b.
//
// With batch norm right after it, b is redundant (BN subtracts the batch mean,
// which removes any constant shift, and β takes over its role), so by default
// the layer is built without it; it can be kept to show that its gradient is 0.
#pragma once

#include "types.hpp"

namespace bnlab {

class Dense {
 public:
  Dense() = default;
  Dense(int inputs, int outputs, bool use_bias);

  int inputs() const { return static_cast<int>(W.cols()); }
  int outputs() const { return static_cast<int>(W.rows()); }
  bool use_bias() const { return use_bias_; }

  // Z (out, m) = W (out, in) · A_prev (in, m) + b (out) broadcast over columns.
  void forward(ConstMatRef A_prev, MatRef Z) const;

  // Given dZ = ∂ℓ/∂Z (out, m), where ℓ already averages over the batch:
  //   dW = dZ · A_prevᵀ            (out, in)
  //   db = Σ_i dZ(:, i)           (out)
  //   dA_prev = Wᵀ · dZ            (in, m), only if dA_prev has columns
  void backward(ConstMatRef A_prev, ConstMatRef dZ, MatRef dA_prev, bool want_dA_prev);

  Matrix W;   // (out, in) weights
  Vector b;   // (out)     bias; all zero and never updated when !use_bias
  Matrix dW;  // (out, in) ∂ℓ/∂W of the last backward
  Vector db;  // (out)     ∂ℓ/∂b of the last backward (computed even when unused, for display)

 private:
  bool use_bias_ = true;
};

}  // namespace bnlab
