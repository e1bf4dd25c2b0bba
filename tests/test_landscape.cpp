// Landscape probes (landscape.hpp) and batch coupling (batch_coupling.hpp):
// a hand-computed case, independent recomputation, first-order behaviour, and
// the promise that probing changes nothing of a run.
#include <cmath>

#include "batch_coupling.hpp"
#include "landscape.hpp"
#include "test_helpers.hpp"
#include "trainer.hpp"

using namespace bnlab;
using bnlab::test::random_matrix;

namespace {

// The smallest network: x → h = w1·x + b1 (linear) → ŷ = w2·h + b2, MSE on one example.
NetworkSpec tiny_spec() {
  NetworkSpec s;
  s.input_size = 1;
  s.hidden_sizes = {1};
  s.activation = Activation::Linear;
  s.batch_norm = {false};
  s.loss = LossKind::MeanSquaredError;
  s.batch_size = 1;
  return s;
}

// By hand: L = (ŷ − y)², ∂L/∂ŷ = 2r with r = ŷ − y;
// ∂L/∂w2 = 2r·h, ∂L/∂b2 = 2r, ∂L/∂h = 2r·w2, ∂L/∂w1 = 2r·w2·x, ∂L/∂b1 = 2r·w2.
struct Hand {
  double loss;
  double grad[4];  // w1, b1, w2, b2: the engine's slot order
};
Hand by_hand(const double p[4], double x, double y) {
  const double h = p[0] * x + p[1];
  const double r = p[2] * h + p[3] - y;
  return {r * r, {2 * r * p[2] * x, 2 * r * p[2], 2 * r * h, 2 * r}};
}

TrainerSpec twin_spec(double noise = 0.0) {
  TrainerSpec s;
  s.network.hidden_sizes = {6, 6, 6};
  s.network.batch_size = 16;
  s.network.bn_noise = noise;
  s.data.num_points = 120;
  return s;
}

}  // namespace

TEST_CASE("the landscape probe matches a hand-computed two-parameter-layer case") {
  Network net(tiny_spec());
  const double p[4] = {0.5, 0.25, -1.5, 0.5};
  net.hidden(0).dense.W(0, 0) = static_cast<Scalar>(p[0]);
  net.hidden(0).dense.b(0) = static_cast<Scalar>(p[1]);
  net.output().W(0, 0) = static_cast<Scalar>(p[2]);
  net.output().b(0) = static_cast<Scalar>(p[3]);
  Matrix X(1, 1), Y(1, 1);
  X(0, 0) = 2;
  Y(0, 0) = 1;
  LandscapeProbe probe(net, 1);
  const double etas[] = {0.0, 0.01, 0.05};
  REQUIRE(probe.run(net, X, Y, etas, 3));

  const Hand h0 = by_hand(p, 2, 1);  // L = 5.640625, g = (14.25, 7.125, −5.9375, −4.75)
  CHECK(h0.loss == doctest::Approx(5.640625));
  CHECK(probe.loss0 == doctest::Approx(h0.loss).epsilon(1e-6));
  double g2 = 0;
  for (double gi : h0.grad) g2 += gi * gi;
  CHECK(probe.grad_norm == doctest::Approx(std::sqrt(g2)).epsilon(1e-6));
  double beta = 0;
  for (int k = 0; k < 3; ++k) {
    double q[4];
    for (int i = 0; i < 4; ++i) q[i] = p[i] - etas[k] * h0.grad[i];
    const Hand hk = by_hand(q, 2, 1);
    double d2 = 0;
    for (int i = 0; i < 4; ++i) d2 += (h0.grad[i] - hk.grad[i]) * (h0.grad[i] - hk.grad[i]);
    CAPTURE(k);
    // float32: W − η·g is rounded to ~1e-7 relative; the loss and gradients follow to ~1e-5.
    CHECK(probe.loss(k) == doctest::Approx(hk.loss).epsilon(1e-5));
    CHECK(probe.grad_diff(k) == doctest::Approx(std::sqrt(d2)).epsilon(1e-4).scale(1e-3));
    if (etas[k] > 0) beta = std::max(beta, std::sqrt(d2) / (etas[k] * std::sqrt(g2)));
  }
  CHECK(probe.grad_diff(0) == 0.0);
  CHECK(probe.beta_eff == doctest::Approx(beta).epsilon(1e-4));
  // The weights are back where they were.
  CHECK(net.hidden(0).dense.W(0, 0) == static_cast<Scalar>(p[0]));
  CHECK(net.output().b(0) == static_cast<Scalar>(p[3]));
}

#ifdef BNLAB_DOUBLE
TEST_CASE("for small steps the loss falls by η·‖g‖², the first-order term (finite-difference check)") {
  for (bool bn : {true, false}) {
    TrainerSpec s = twin_spec();
    TwinTrainer t(s);
    t.step(30);
    const int twin = bn ? kWithBn : kWithoutBn;
    const double etas[] = {1e-7, 2e-7};
    const LandscapeProbe& p = t.landscape(twin, etas, 2);
    CAPTURE(bn);
    const double g2 = p.grad_norm * p.grad_norm;
    // (L(η) − L(0))/η = −‖g‖² + O(η); with η = 1e-7 the O(η) term and the
    // round-off (~1e-16/1e-7) are far below 1e-4 relative.
    CHECK((p.loss(0) - p.loss0) / 1e-7 == doctest::Approx(-g2).epsilon(1e-4));
    CHECK((p.loss(1) - p.loss0) / 2e-7 == doctest::Approx(-g2).epsilon(1e-4));
    // The gradient changes linearly in η for small η: doubling η doubles the change.
    CHECK(p.grad_diff(1) == doctest::Approx(2 * p.grad_diff(0)).epsilon(1e-3));
  }
}
#endif

TEST_CASE("probing the landscape and inspecting a batch change nothing of a run") {
  for (double noise : {0.0, 1.0}) {
    TwinTrainer a(twin_spec(noise)), b(twin_spec(noise));
    a.step(7);
    b.step(7);
    const double etas[] = {0.05, 0.5, 2.0, 20.0};
    for (int twin : {kWithBn, kWithoutBn}) {
      const Matrix dW = a.net(twin).hidden(1).dense.dW;  // the last step's gradient
      a.landscape(twin, etas, 4);
      Matrix moved = a.batch_x();
      moved(0, 3) += 0.7f;
      a.inspect_batch(twin, moved, a.batch_y());
      CHECK(a.net(twin).hidden(1).dense.dW == dW);
    }
    a.step(9);
    b.step(9);
    for (int twin : {kWithBn, kWithoutBn}) {
      Vector ta(a.net(twin).num_parameters()), tb(b.net(twin).num_parameters());
      a.net(twin).copy_parameters(ta);
      b.net(twin).copy_parameters(tb);
      CAPTURE(noise);
      CHECK(ta == tb);
      CHECK(a.net(twin).hidden(0).dense.dW == b.net(twin).hidden(0).dense.dW);
    }
    CHECK(a.net(kWithBn).hidden(2).bn.running_var == b.net(kWithBn).hidden(2).bn.running_var);
    CHECK(a.status(kWithBn).last_loss == b.status(kWithBn).last_loss);
  }
}

TEST_CASE("the landscape probe's losses are forward passes at W − η·g, recomputed independently") {
  TwinTrainer t(twin_spec());
  t.step(40);
  const double etas[] = {0.1, 1.0, 4.0};
  for (int twin : {kWithBn, kWithoutBn}) {
    const LandscapeProbe& p = t.landscape(twin, etas, 3);
    Network& net = t.net(twin);
    // g by an ordinary forward/backward on the last batch, then W − η·g by hand.
    const Eigen::Index P = net.num_parameters();
    Vector theta(P), saved(P), g(P);
    net.copy_parameters(theta);
    net.copy_gradients(saved);
    Workspace ws = net.make_workspace(t.batch_x().cols());
    net.forward(t.batch_x(), ws, StatsMode::Batch);
    const double L0 = net.loss(t.batch_y(), ws);
    net.backward(t.batch_x(), t.batch_y(), ws);
    net.copy_gradients(g);
    CHECK(p.loss0 == doctest::Approx(L0).epsilon(1e-12));
    for (int k = 0; k < 3; ++k) {
      Vector moved = theta - static_cast<Scalar>(etas[k]) * g;
      net.set_parameters(moved);
      net.forward(t.batch_x(), ws, StatsMode::Batch);
      CAPTURE(k);
      CHECK(p.loss(k) == doctest::Approx(net.loss(t.batch_y(), ws)).epsilon(1e-12));
    }
    net.set_parameters(theta);
    net.set_gradients(saved);
  }
}

TEST_CASE("the landscape probe refuses what it cannot do, naming why") {
  TwinTrainer t(twin_spec());
  const double etas[] = {0.1, -1.0, std::nan("")};
  CHECK_THROWS_WITH_AS(t.landscape(kWithBn, etas, 1), doctest::Contains("training step first"),
                       std::invalid_argument);
  t.step(1);
  CHECK_THROWS_WITH_AS(t.landscape(kWithBn, etas, 0), doctest::Contains("between 1 and 16"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(t.landscape(kWithBn, etas, 17), doctest::Contains("between 1 and 16"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(t.landscape(kWithBn, etas, 2), doctest::Contains("η[1]"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(t.landscape(kWithBn, etas + 2, 1), doctest::Contains("η[0]"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(t.landscape(2, etas, 1), doctest::Contains("twin"), std::invalid_argument);
}

TEST_CASE("with BN, moving one example moves every example's z_norm; without BN only its own") {
  TwinTrainer t(twin_spec());
  t.step(5);
  const Matrix X = t.batch_x();
  Matrix moved = X;
  moved(0, 0) += 1.0f;
  moved(1, 0) -= 0.5f;
  for (int twin : {kWithBn, kWithoutBn}) {
    // Layer 1's z_norm with BN; its Z without (what the next step would normalize).
    auto layer0 = [&](const Matrix& x) -> Matrix {
      const Workspace& w = t.inspect_batch(twin, x, t.batch_y());
      return twin == kWithBn ? w.hidden[0].bn.z_norm : w.hidden[0].Z;
    };
    const Matrix before = layer0(X);
    const Matrix now = layer0(moved);
    int others_moved = 0;
    for (Eigen::Index i = 1; i < X.cols(); ++i)
      if ((now.col(i) - before.col(i)).cwiseAbs().maxCoeff() > 1e-4f) ++others_moved;
    CAPTURE(twin);
    CHECK(others_moved == (twin == kWithBn ? X.cols() - 1 : 0));
    CHECK((now.col(0) - before.col(0)).cwiseAbs().maxCoeff() > 1e-3f);  // the moved example itself
  }
}

#ifdef BNLAB_DOUBLE
TEST_CASE("the inspected batch's input gradient dX agrees with finite differences") {
  TwinTrainer t(twin_spec());
  t.step(5);
  Matrix X = t.batch_x();
  const Matrix Y = t.batch_y();
  for (int twin : {kWithBn, kWithoutBn}) {
    const Matrix dX = t.inspect_batch(twin, X, Y).dX;
    Network& net = t.net(twin);
    Workspace w = net.make_workspace(static_cast<int>(X.cols()));
    auto objective = [&] {
      net.forward(X, w, StatsMode::Batch);
      return net.loss(Y, w);
    };
    CAPTURE(twin);
    CHECK(test::gradient_error(dX, test::numeric_gradient(X.data(), X.size(), objective)) < 1e-5);
  }
}
#endif
