#include "activation.hpp"

#include <cmath>
#include <cstring>

#if defined(__wasm_simd128__) && !defined(BNLAB_DOUBLE)
#define BNLAB_ACTIVATION_SIMD128 1
#include "expf4.hpp"
#include "tanhf4.hpp"
#endif

namespace bnlab {

namespace {

[[maybe_unused]] Scalar sigmoid(Scalar z) { return Scalar(1) / (Scalar(1) + std::exp(-z)); }  // (WebAssembly: exp4 instead)

#ifdef BNLAB_ACTIVATION_SIMD128
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

// σ on every value of Z. In WebAssembly four at a time, with expf4.hpp's e^x, which is bit for bit
// the libc expf the scalar σ calls, so A is the same either way; natively Eigen's loop.
void sigmoid_all(ConstMatRef Z, MatRef A) {
#ifdef BNLAB_ACTIVATION_SIMD128
  map_columns4(Z, A, [](simd::f32x4 v) { return 1.0f / (1.0f + simd::exp4(-v)); });
#else
  A = Z.unaryExpr([](Scalar z) { return sigmoid(z); });
#endif
}

// tanh on every value of Z: Eigen's (its fast rational tanh for float). In WebAssembly, where Eigen
// computes it one value at a time, tanhf4.hpp's four lanes give the very same bits.
void tanh_all(ConstMatRef Z, MatRef A) {
#ifdef BNLAB_ACTIVATION_SIMD128
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
