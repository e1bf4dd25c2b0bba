// Whether every value of a matrix or vector is finite (no NaN, no ±inf).
//
// A training step checks its forward values and its updated parameters (about
// 100,000 values in MNIST-PAPER) every time, so this must be cheap. Eigen's
// allFinite() stops at the first bad value and compares element by element,
// which no compiler vectorizes (it took a fifth of an MNIST step, natively and
// in WebAssembly). Here a value is not finite exactly when all the bits of its
// exponent are set; OR-ing that test over all values is integer arithmetic,
// which the compilers turn into vector code (SSE/AVX natively, f32x4 in WebAssembly).
#pragma once

#include "types.hpp"

namespace bnlab {

// The n values from data (finite.cpp: one copy of the loop, however many call sites).
bool all_finite(const float* data, Eigen::Index n);
bool all_finite(const double* data, Eigen::Index n);

// A whole Matrix or Vector (contiguous storage).
template <class D>
bool all_finite(const Eigen::PlainObjectBase<D>& m) {
  return all_finite(m.data(), m.size());
}

}  // namespace bnlab
