#include "dense.hpp"

#include "gemm.hpp"

namespace bnlab {

Dense::Dense(int inputs, int outputs, bool use_bias) : use_bias_(use_bias) {
  W.setZero(outputs, inputs);
  b.setZero(outputs);
  dW.setZero(outputs, inputs);
  db.setZero(outputs);
}

void Dense::forward(ConstMatRef A_prev, MatRef Z) const {
  gemm_nn(W, A_prev, Z);
  if (use_bias_) Z.colwise() += b;
}

void Dense::backward(ConstMatRef A_prev, ConstMatRef dZ, MatRef dA_prev, bool want_dA_prev) {
  gemm_nt(dZ, A_prev, dW);
  db = dZ.rowwise().sum();
  if (want_dA_prev) gemm_tn(W, dZ, dA_prev);
}

}  // namespace bnlab
