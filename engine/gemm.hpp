// Matrix products of the dense layers, without heap allocation.
//
// A dense layer needs three products per step (course notation, a column is one example):
//   forward    Z        = W · A_prev        gemm_nn   (n[l], m) = (n[l], n[l-1]) · (n[l-1], m)
//   backward   dW       = dZ · A_prevᵀ      gemm_nt   (n[l], n[l-1]) = (n[l], m) · (n[l-1], m)ᵀ
//   backward   dA_prev  = Wᵀ · dZ           gemm_tn   (n[l-1], m) = (n[l], n[l-1])ᵀ · (n[l], m)
//
// Why not just `C.noalias() = A * B`? Eigen 3.4 has no WebAssembly SIMD kernels, so in
// the browser its float product runs with scalar code. When the engine is compiled
// to WebAssembly with -msimd128 in float32, these functions use hand-written 4-lane
// (f32x4) kernels instead; natively, and in the float64 build, they call Eigen.
//
// Contract shared by all three:
//   * every matrix is column-major with inner stride 1; blocks with an outer stride are fine;
//   * C is overwritten (never accumulated into); with an inner dimension k = 0, C becomes zero;
//   * C must not overlap A or B;
//   * shapes are checked with assert (debug builds only);
//   * no heap allocation, so they are safe inside a training step.
#pragma once

#include "types.hpp"

namespace bnlab {

// C(m, n) = A(m, k) · B(k, n)
void gemm_nn(ConstMatRef A, ConstMatRef B, MatRef C);

// C(m, n) = A(m, k) · B(n, k)ᵀ
void gemm_nt(ConstMatRef A, ConstMatRef B, MatRef C);

// C(m, n) = A(k, m)ᵀ · B(k, n)
void gemm_tn(ConstMatRef A, ConstMatRef B, MatRef C);

// True when this build runs the hand-written WebAssembly SIMD kernels rather than Eigen
// (lets the tests and the benchmark say which path they measured).
bool gemm_uses_simd128_kernels();

}  // namespace bnlab
