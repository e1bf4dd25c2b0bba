#include "activation.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace bnlab {

namespace {

// e^x in float32, written as straight-line arithmetic so that a loop over it
// compiles to vector code both natively and in WebAssembly (f32x4), where
// std::exp is a scalar library call: the sigmoid was 15–20% of an MNIST step
// there. Both builds compute it with the same IEEE operations in the same
// order, so they agree bit for bit (std::exp differs between glibc and musl).
//
//   e^x = 2^n · e^r,  n = round(x / ln 2),  r = x − n·ln 2 ∈ [−ln2/2, ln2/2],
// with ln 2 split in two (hi has few bits, so n·hi is exact), and e^r from a
// degree-7 polynomial (the minimax coefficients of Cephes' expf); about 1 ulp.
// x is clamped so that 2^n stays a normal float; NaN passes through.
inline float exp_f32(float x) {
  constexpr float kMax = 88.3762626647949f, kMin = -87.3365447505531f;
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f;
  constexpr float kRound = 12582912.0f;  // 1.5·2²³: adding it rounds to an integer, kept in the low bits
  const float xc = x > kMax ? kMax : (x < kMin ? kMin : x);
  const float t = xc * kLog2e + kRound;
  const float n = t - kRound;
  const float r = (xc - n * kLn2Hi) - n * kLn2Lo;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * (r * r) + r + 1.0f;
  // 2^n built from its bits: the low bits of t hold n (t = 1.5·2²³ + n).
  int32_t bits;
  std::memcpy(&bits, &t, sizeof bits);
  bits = (bits - 0x4B400000 + 127) * (1 << 23);
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return er * scale;
}

// σ(z) = 1 / (1 + e^{−z}). For −z beyond the float range e^{−z} is +inf and
// σ exactly 0, the right limit. The float64 build keeps std::exp (it is the reference).
inline Scalar sigmoid(Scalar z) {
  if constexpr (std::is_same_v<Scalar, float>) {
    const float e = -z > 88.3762626647949f ? std::numeric_limits<float>::infinity() : exp_f32(-z);
    return 1.0f / (1.0f + e);
  } else {
    return Scalar(1) / (Scalar(1) + std::exp(-z));
  }
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
      A = Z.array().tanh().matrix();
      break;
    case Activation::Sigmoid:
      // A plain loop per column (Eigen has no WebAssembly SIMD): vectorized by the compiler.
      for (Eigen::Index j = 0; j < Z.cols(); ++j) {
        const Scalar* z = Z.col(j).data();
        Scalar* a = A.col(j).data();
        for (Eigen::Index i = 0; i < Z.rows(); ++i) a[i] = sigmoid(z[i]);
      }
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
      for (Eigen::Index j = 0; j < A.cols(); ++j) {
        const Scalar* a = A.col(j).data();
        const Scalar* da = dA.col(j).data();
        Scalar* dz = dZ.col(j).data();
        for (Eigen::Index i = 0; i < A.rows(); ++i) dz[i] = da[i] * a[i] * (Scalar(1) - a[i]);
      }
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
