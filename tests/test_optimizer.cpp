// Optimizers: each update rule against a hand computation.
#include <cmath>

#include "optimizer.hpp"
#include "test_helpers.hpp"

using namespace bnlab;

namespace {
OptimizerConfig config(OptimizerKind kind, double lr, double decay = 0) {
  OptimizerConfig c;
  c.kind = kind;
  c.learning_rate = lr;
  c.weight_decay = decay;
  return c;
}
}  // namespace

TEST_CASE("plain SGD applies theta := theta - alpha * dtheta") {
  Optimizer opt(config(OptimizerKind::SGD, 0.5));
  const int slot = opt.add_slot(2);
  Vector theta = bnlab::test::vec({1, -2});
  const Vector grad = bnlab::test::vec({0.2, 0.4});
  opt.begin_step();
  opt.update(slot, theta.data(), grad.data(), false);
  CHECK(theta(0) == doctest::Approx(0.9));
  CHECK(theta(1) == doctest::Approx(-2.2));
}

TEST_CASE("weight decay adds lambda times theta to the gradient only when asked") {
  Optimizer opt(config(OptimizerKind::SGD, 1.0, 0.1));
  const int a = opt.add_slot(1), b = opt.add_slot(1);
  Vector w = bnlab::test::vec({2}), beta = bnlab::test::vec({2});
  const Vector zero = bnlab::test::vec({0});
  opt.begin_step();
  opt.update(a, w.data(), zero.data(), true);
  opt.update(b, beta.data(), zero.data(), false);
  CHECK(w(0) == doctest::Approx(1.8));
  CHECK(beta(0) == doctest::Approx(2.0));
}

TEST_CASE("momentum accumulates a velocity as PyTorch's SGD does") {
  OptimizerConfig c = config(OptimizerKind::Momentum, 0.1);
  c.momentum = 0.9;
  Optimizer opt(c);
  const int slot = opt.add_slot(1);
  Vector theta = bnlab::test::vec({0});
  const Vector grad = bnlab::test::vec({1});
  opt.begin_step();
  opt.update(slot, theta.data(), grad.data(), false);  // v = 1, θ = −0.1
  opt.begin_step();
  opt.update(slot, theta.data(), grad.data(), false);  // v = 1.9, θ = −0.29
  CHECK(theta(0) == doctest::Approx(-0.29));
}

TEST_CASE("Adam's first step moves every parameter by about the learning rate") {
  Optimizer opt(config(OptimizerKind::Adam, 0.01));
  const int slot = opt.add_slot(3);
  Vector theta = bnlab::test::vec({0, 0, 0});
  const Vector grad = bnlab::test::vec({5, -0.001, 100});
  opt.begin_step();
  opt.update(slot, theta.data(), grad.data(), false);
  // m̂ = g, v̂ = g², so the step is α·g/(|g| + ε) ≈ ±α.
  CHECK(theta(0) == doctest::Approx(-0.01).epsilon(1e-5));
  CHECK(theta(1) == doctest::Approx(0.01).epsilon(1e-4));
  CHECK(theta(2) == doctest::Approx(-0.01).epsilon(1e-5));
}

TEST_CASE("the learning rate can change between steps without a reset") {
  Optimizer opt(config(OptimizerKind::SGD, 1.0));
  const int slot = opt.add_slot(1);
  Vector theta = bnlab::test::vec({0});
  const Vector grad = bnlab::test::vec({1});
  opt.begin_step();
  opt.update(slot, theta.data(), grad.data(), false);
  opt.set_learning_rate(0.25);
  opt.begin_step();
  opt.update(slot, theta.data(), grad.data(), false);
  CHECK(theta(0) == doctest::Approx(-1.25));
}
