// Noisy BN (bn_noise.hpp): the draws' statistics, determinism, where the noise
// applies and where it does not, and gradients with the noise on.
#include <algorithm>
#include <cmath>
#include <vector>

#include "network.hpp"
#include "bn_noise_helpers.hpp"
#include "test_helpers.hpp"

using namespace bnlab;
using bnlab::test::random_matrix;

namespace {

NetworkSpec noisy_spec(double nu, BnPlacement placement = BnPlacement::BeforeActivation) {
  NetworkSpec s;
  s.input_size = 3;
  s.hidden_sizes = {5, 4};
  s.batch_size = 8;
  s.seed = 11;
  s.bn_noise = nu;
  s.bn_placement = placement;
  return s;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double variance_of(const std::vector<double>& v) {
  const double mu = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - mu) * (x - mu);
  return s / static_cast<double>(v.size());
}

}  // namespace

TEST_CASE("each step's noise distribution has a random mean and spread, as documented") {
  // Per step: shift b_j = μ_b + σ_b·N(0,1) with μ_b ~ U(−ν, ν), σ_b ~ U(0, ν);
  // log a_j = μ_a + σ_a·N(0,1) with μ_a ~ U(−ν/2, ν/2), σ_a ~ U(0, ν/2).
  // With 4,000 units a step's sample mean and spread estimate μ and σ to
  // ~1/√4000; over 2,000 steps μ_b is spread as U(−ν, ν): variance ν²/3.
  const double nu = 1.5;
  BnNoise noise(4000);
  Rng rng(5);
  std::vector<double> shift_means, shift_spreads, log_means, log_spreads;
  for (int step = 0; step < 2000; ++step) {
    noise.draw(rng, nu);
    REQUIRE((noise.scale.array() > 0).all());
    std::vector<double> b(noise.shift.data(), noise.shift.data() + noise.shift.size());
    std::vector<double> la;
    for (Eigen::Index j = 0; j < noise.scale.size(); ++j) la.push_back(std::log(static_cast<double>(noise.scale(j))));
    shift_means.push_back(mean_of(b));
    shift_spreads.push_back(std::sqrt(variance_of(b)));
    log_means.push_back(mean_of(la));
    log_spreads.push_back(std::sqrt(variance_of(la)));
  }
  // Tolerances: 2,000 uniform draws estimate a mean to ~1.3% of the range and
  // a variance to ~2.5%; 10% margins are many standard errors wide.
  CHECK(std::abs(mean_of(shift_means)) < 0.05 * nu);
  CHECK(variance_of(shift_means) == doctest::Approx(nu * nu / 3).epsilon(0.1));
  CHECK(mean_of(shift_spreads) == doctest::Approx(nu / 2).epsilon(0.05));
  CHECK(variance_of(log_means) == doctest::Approx(nu * nu / 12).epsilon(0.1));
  CHECK(mean_of(log_spreads) == doctest::Approx(nu / 4).epsilon(0.05));
  // The mean of a step's shifts really moves from step to step.
  CHECK(*std::max_element(shift_means.begin(), shift_means.end()) > 0.9 * nu);
  CHECK(*std::min_element(shift_means.begin(), shift_means.end()) < -0.9 * nu);
}

TEST_CASE("a training step replaces z̃ by a ⊙ z̃ + b with a new draw every step") {
  for (BnPlacement placement : {BnPlacement::BeforeActivation, BnPlacement::AfterActivation}) {
    Network noisy(noisy_spec(1.0, placement));
    Network plain(noisy_spec(0.0, placement));
    const Matrix X = random_matrix(3, 8, 21, -1, 1);
    Workspace wn = noisy.make_workspace(8), wp = plain.make_workspace(8);
    noisy.forward(X, wn, StatsMode::BatchUpdate);
    plain.forward(X, wp, StatsMode::BatchUpdate);
    for (int l = 0; l < 2; ++l) {
      const BnNoise& n = noisy.hidden(l).noise;
      Matrix expected = wp.hidden[static_cast<size_t>(l)].z_tilde;
      for (Eigen::Index i = 0; i < expected.cols(); ++i)
        expected.col(i) = (expected.col(i).array() * n.scale.array() + n.shift.array()).matrix();
      // Only layer 0's input is the same in both nets; deeper layers see the noise upstream.
      if (l == 0) CHECK(test::max_rel_diff(wn.hidden[0].z_tilde, expected) < test::kTol);
      CHECK(!n.scale.isOnes());
    }
    const Vector first_shift = noisy.hidden(0).noise.shift;
    noisy.forward(X, wn, StatsMode::BatchUpdate);
    CHECK(noisy.hidden(0).noise.shift != first_shift);  // a new draw
  }
}

TEST_CASE("passes that are not training steps draw nothing: probes reuse the last draw, evaluation has none") {
  Network noisy(noisy_spec(1.0));
  Network plain(noisy_spec(0.0));
  const Matrix X = random_matrix(3, 8, 22, -1, 1);
  const Matrix T = test::alternating_targets(8);
  for (int k = 0; k < 3; ++k) {
    noisy.train_step(X, T);
    plain.train_step(X, T);
  }
  const Vector shift = noisy.hidden(1).noise.shift;
  Workspace w1 = noisy.make_workspace(8), w2 = noisy.make_workspace(8);
  noisy.forward(X, w1, StatsMode::Batch);
  noisy.forward(X, w2, StatsMode::Batch);
  CHECK(noisy.hidden(1).noise.shift == shift);  // no new draw
  CHECK(w1.logits == w2.logits);
  // Evaluation with running statistics: the noisy net is an ordinary BN net.
  // Copy the noisy net's trained state into a net without noise and compare.
  Network clean(noisy_spec(0.0));
  Vector theta(noisy.num_parameters());
  noisy.copy_parameters(theta);
  clean.set_parameters(theta);
  for (int l = 0; l < 2; ++l) {
    clean.hidden(l).bn.running_mean = noisy.hidden(l).bn.running_mean;
    clean.hidden(l).bn.running_var = noisy.hidden(l).bn.running_var;
  }
  Workspace wn = noisy.make_workspace(8), wc = clean.make_workspace(8);
  noisy.forward(X, wn, StatsMode::Running);
  clean.forward(X, wc, StatsMode::Running);
  CHECK(wn.logits == wc.logits);
}

TEST_CASE("noisy BN is deterministic per seed and leaves layers without BN alone") {
  const Matrix X = random_matrix(3, 8, 23, -1, 1);
  const Matrix T = test::alternating_targets(8);
  auto train = [&](NetworkSpec s) {
    Network net(s);
    for (int k = 0; k < 25; ++k) net.train_step(X, T);
    Vector theta(net.num_parameters());
    net.copy_parameters(theta);
    return theta;
  };
  CHECK(train(noisy_spec(1.0)) == train(noisy_spec(1.0)));
  CHECK(train(noisy_spec(1.0)) != train(noisy_spec(0.5)));
  NetworkSpec no_bn = noisy_spec(1.0);
  no_bn.batch_norm = {false, false};
  NetworkSpec no_bn_quiet = no_bn;
  no_bn_quiet.bn_noise = 0.0;
  CHECK(train(no_bn) == train(no_bn_quiet));
  // After reinitializing, the draws start over: the run replays exactly.
  Network net(noisy_spec(1.0));
  for (int k = 0; k < 5; ++k) net.train_step(X, T);
  const Vector shift5 = net.hidden(0).noise.shift;
  net.initialize(11);
  for (int k = 0; k < 5; ++k) net.train_step(X, T);
  CHECK(net.hidden(0).noise.shift == shift5);
}

#ifdef BNLAB_DOUBLE
TEST_CASE("with the noise on, in every layer or in one, gradients agree with finite differences (the noise held constant)") {
  for (BnPlacement placement : {BnPlacement::BeforeActivation, BnPlacement::AfterActivation})
  for (bool one_layer : {false, true}) {
    NetworkSpec spec = noisy_spec(1.0, placement);
    if (one_layer) spec.bn_noises = {0.0, 1.5};  // noise after the second layer's BN only
    CAPTURE(one_layer);
    Network net(spec);
    const Matrix X = random_matrix(3, 8, 24, -2, 2);
    const Matrix T = test::alternating_targets(8);
    net.train_step(X, T);  // draws (a, b) in every layer; the noisy ones apply them
    Workspace ws = net.make_workspace(8);
    net.forward(X, ws, StatsMode::Batch);  // reuses the draw
    REQUIRE(ws.hidden[1].noised);
    REQUIRE(ws.hidden[0].noised == !one_layer);
    net.loss(T, ws);
    net.backward(X, T, ws);
    auto objective = [&] {
      Workspace w = net.make_workspace(8);
      net.forward(X, w, StatsMode::Batch);
      return net.loss(T, w);
    };
    for (int l = 0; l < 2; ++l) {
      HiddenLayer& h = net.hidden(l);
      CAPTURE(l);
      // Tolerance as in test_network.cpp: finite-difference round-off ~1e-6 relative at the 1e-4 floor.
      CHECK(test::gradient_error(h.dense.dW, test::numeric_gradient(h.dense.W.data(), h.dense.W.size(), objective)) <
            1e-5);
      CHECK(test::gradient_error(h.bn.dgamma, test::numeric_gradient(h.bn.gamma.data(), h.bn.gamma.size(), objective)) <
            1e-5);
      CHECK(test::gradient_error(h.bn.dbeta, test::numeric_gradient(h.bn.beta.data(), h.bn.beta.size(), objective)) <
            1e-5);
    }
  }
}
#endif

TEST_CASE("an out-of-range noise strength names the field") {
  NetworkSpec s = noisy_spec(-1.0);
  CHECK_THROWS_WITH_AS(Network{s}, doctest::Contains("bn_noise"), std::invalid_argument);
  s.bn_noise = std::nan("");
  CHECK_THROWS_WITH_AS(Network{s}, doctest::Contains("bn_noise"), std::invalid_argument);
}
