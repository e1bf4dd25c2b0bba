// Activation functions g, applied element-wise: A = g(Z).
//
// Stateless policies, one pair per function: activate (forward) and
// activation_backward (dZ = dA ⊙ g'(Z)). Backward reads the cached Z and A of
// the forward pass, never recomputes exp/tanh.
#pragma once

#include <array>

#include "names.hpp"
#include "types.hpp"

namespace bnlab {

enum class Activation { ReLU, LeakyReLU, Tanh, Sigmoid, Linear };

// Slope of leaky ReLU for z < 0.
constexpr Scalar kLeakySlope = Scalar(0.01);

constexpr std::array<Named<Activation>, 5> kActivationNames{{{Activation::ReLU, "relu"},
                                                              {Activation::LeakyReLU, "leaky_relu"},
                                                              {Activation::Tanh, "tanh"},
                                                              {Activation::Sigmoid, "sigmoid"},
                                                              {Activation::Linear, "linear"}}};
constexpr const auto& enum_names(Activation) { return kActivationNames; }

// A = g(Z). Z, A: (n, m). A may alias Z.
void activate(Activation g, ConstMatRef Z, MatRef A);

// dZ = dA ⊙ g'(Z), where g' is written in terms of the cached forward values
// (σ' = A(1−A), tanh' = 1−A², relu' = [Z > 0]). All (n, m). dZ may alias dA.
void activation_backward(Activation g, ConstMatRef Z, ConstMatRef A, ConstMatRef dA, MatRef dZ);

// A unit is saturated when its local slope g'(z) is below 10% of the slope's
// maximum: σ(z) outside about [0.026, 0.974], |tanh(z)| above about 0.949.
// Only sigmoid and tanh saturate; for the others this is always false.
bool is_saturated(Activation g, Scalar a);
bool activation_saturates(Activation g);
// How many values of A (g's outputs) are saturated (is_saturated); 0 when g cannot saturate.
Eigen::Index count_saturated(Activation g, ConstMatRef A);

// The output range [lo, hi] used for histograms of A.
void activation_display_range(Activation g, Scalar& lo, Scalar& hi);

}  // namespace bnlab
