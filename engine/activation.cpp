#include "activation.hpp"

#include <cmath>

namespace bnlab {

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
      // σ(z) = 1 / (1 + e^{−z}); for very negative z, e^{−z} overflows to +inf
      // and the quotient is exactly 0, which is the right limit.
      A = Z.unaryExpr([](Scalar z) { return Scalar(1) / (Scalar(1) + std::exp(-z)); });
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
