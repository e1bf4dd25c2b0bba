#include "activation.hpp"

#include <cmath>
#include <cstring>

// The float32 engine computes σ and tanh four values at a time in every build (expf4.hpp,
// tanhf4.hpp), so native and WebAssembly give the same bits. Eigen's own loops would vectorize
// natively but not in WebAssembly, and natively only whole packets: with AVX-512 (16 floats) a
// column of 8 units ran one value at a time. The float64 build keeps Eigen's loops.
#ifndef BNLAB_DOUBLE
#define BNLAB_ACTIVATION_SIMD 1
#include "expf4.hpp"
#include "tanhf4.hpp"
#endif

namespace bnlab {

namespace {

[[maybe_unused]] Scalar sigmoid(Scalar z) { return Scalar(1) / (Scalar(1) + std::exp(-z)); }  // (float32: exp4 instead)

#ifdef BNLAB_ACTIVATION_SIMD
// A = g(Z) four values at a time with vector(v); a column's last n % 4 values go through vector() too,
// in a zero-padded vector (each lane is computed alone, so they get the same bits as on their own).
// One call site, so the module carries one copy of g's vector code (the embed counts its bytes).
template <class VectorG>
void map_columns4(ConstMatRef Z, MatRef A, VectorG vector) {
  const Eigen::Index n = Z.rows();
  for (Eigen::Index i = 0; i < Z.cols(); ++i) {
    const float* z = Z.data() + i * Z.outerStride();
    float* a = A.data() + i * A.outerStride();
    for (Eigen::Index j = 0; j < n; j += 4) {
      const bool whole = j + 4 <= n;
      const size_t tail = sizeof(float) * static_cast<size_t>(n - j);
      simd::f32x4 v{};
      if (whole) {
        v = simd::load4(z + j);
      } else {
        std::memcpy(&v, z + j, tail);
      }
      v = vector(v);
      if (whole) {
        simd::store4(a + j, v);
      } else {
        std::memcpy(a + j, &v, tail);
      }
    }
  }
}
#endif

// σ on every value of Z. In float32 four at a time, with expf4.hpp's e^x, which is bit for bit
// WebAssembly's libc expf (musl's); in float64 Eigen's loop with std::exp.
void sigmoid_all(ConstMatRef Z, MatRef A) {
#ifdef BNLAB_ACTIVATION_SIMD
  map_columns4(Z, A, [](simd::f32x4 v) { return 1.0f / (1.0f + simd::exp4(-v)); });
#else
  A = Z.unaryExpr([](Scalar z) { return sigmoid(z); });
#endif
}

// tanh on every value of Z: Eigen's fast rational tanh for float, in tanhf4.hpp's four lanes (the
// very bits Eigen's scalar version gives in WebAssembly); in float64 Eigen's loop.
void tanh_all(ConstMatRef Z, MatRef A) {
#ifdef BNLAB_ACTIVATION_SIMD
  map_columns4(Z, A, [](simd::f32x4 v) { return simd::tanh4(v); });
#else
  A = Z.array().tanh().matrix();
#endif
}

}  // namespace

void activate(Activation g, ConstMatRef Z, MatRef A) {
  switch (g) {
    case Activation::ReLU:
      A = Z.cwiseMax(Scalar(0));
      break;
    case Activation::LeakyReLU:
      A = Z.unaryExpr([](Scalar z) { return z > 0 ? z : kLeakySlope * z; });
      break;
    case Activation::Tanh:
      tanh_all(Z, A);
      break;
    case Activation::Sigmoid:
      // σ(z) = 1 / (1 + e^{−z}); for very negative z, e^{−z} overflows to +inf
      // and the quotient is exactly 0, which is the right limit.
      sigmoid_all(Z, A);
      break;
    case Activation::Linear:
      A = Z;
      break;
  }
}

void activation_backward(Activation g, ConstMatRef Z, ConstMatRef A, ConstMatRef dA, MatRef dZ) {
  switch (g) {
    case Activation::ReLU:
      dZ = (Z.array() > Scalar(0)).select(dA, Scalar(0));
      break;
    case Activation::LeakyReLU:
      dZ = (Z.array() > Scalar(0)).select(dA, kLeakySlope * dA);
      break;
    case Activation::Tanh:  // tanh'(z) = 1 − tanh²(z) = 1 − A²
      dZ = (dA.array() * (Scalar(1) - A.array().square())).matrix();
      break;
    case Activation::Sigmoid:  // σ'(z) = σ(z)(1 − σ(z)) = A(1 − A)
      dZ = (dA.array() * A.array() * (Scalar(1) - A.array())).matrix();
      break;
    case Activation::Linear:
      dZ = dA;
      break;
  }
}

bool is_saturated(Activation g, Scalar a) {
  switch (g) {
    case Activation::Tanh: return Scalar(1) - a * a < Scalar(0.1);                 // max slope 1
    case Activation::Sigmoid: return a * (Scalar(1) - a) < Scalar(0.025);          // max slope 1/4
    default: return false;
  }
}

Eigen::Index count_saturated(Activation g, ConstMatRef A) {
  // is_saturated with g a constant in the loop (inlined here); column by column, as A may be a block.
  const auto count = [&](auto saturated) {
    Eigen::Index n = 0;
    for (Eigen::Index j = 0; j < A.cols(); ++j)
      for (Eigen::Index i = 0; i < A.rows(); ++i) n += saturated(A(i, j)) ? 1 : 0;
    return n;
  };
  switch (g) {
    case Activation::Tanh: return count([](Scalar a) { return is_saturated(Activation::Tanh, a); });
    case Activation::Sigmoid: return count([](Scalar a) { return is_saturated(Activation::Sigmoid, a); });
    default: return 0;
  }
}

bool activation_saturates(Activation g) { return g == Activation::Tanh || g == Activation::Sigmoid; }

void activation_display_range(Activation g, Scalar& lo, Scalar& hi) {
  switch (g) {
    case Activation::Tanh: lo = -1; hi = 1; return;
    case Activation::Sigmoid: lo = 0; hi = 1; return;
    case Activation::ReLU: lo = 0; hi = 4; return;
    case Activation::LeakyReLU: lo = -1; hi = 4; return;
    case Activation::Linear: lo = -4; hi = 4; return;
  }
}

}  // namespace bnlab
