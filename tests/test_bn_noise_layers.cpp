// Noisy BN per layer (NetworkSpec::bn_noises): noise only where asked, one ν
// the same run as that ν repeated, each layer's draws independent of the other
// layers' ν, and lists refused with messages (the gradient check with one noisy
// layer is test_bn_noise.cpp's, with every layer noisy).
#include <cmath>
#include <string>
#include <vector>

#include "network.hpp"
#include "bn_noise_helpers.hpp"
#include "test_helpers.hpp"

using namespace bnlab;
using bnlab::test::random_matrix;

namespace {

NetworkSpec layered_spec(std::vector<double> nus, BnPlacement placement = BnPlacement::BeforeActivation) {
  NetworkSpec s;
  s.input_size = 3;
  s.hidden_sizes = {5, 4, 6, 3};
  s.batch_size = 8;
  s.seed = 13;
  s.bn_noises = std::move(nus);
  s.bn_placement = placement;
  return s;
}

// Parameters after `steps` training steps on one fixed batch.
Vector trained(const NetworkSpec& s, int steps = 20) {
  const Matrix X = random_matrix(3, 8, 31, -1, 1);
  const Matrix T = test::alternating_targets(8);
  Network net(s);
  for (int k = 0; k < steps; ++k) net.train_step(X, T);
  Vector theta(net.num_parameters());
  net.copy_parameters(theta);
  return theta;
}

std::string refusal(const NetworkSpec& s) {
  try {
    Network net(s);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a per-layer noise list applies the noise only in the layers it names") {
  for (BnPlacement placement : {BnPlacement::BeforeActivation, BnPlacement::AfterActivation}) {
    Network noisy(layered_spec({0, 0, 1, 0}, placement));
    Network plain(layered_spec({}, placement));
    const Matrix X = random_matrix(3, 8, 32, -1, 1);
    Workspace wn = noisy.make_workspace(8), wp = plain.make_workspace(8);
    noisy.forward(X, wn, StatsMode::BatchUpdate);
    plain.forward(X, wp, StatsMode::BatchUpdate);
    // Layers 0 and 1 are untouched: bit for bit the plain network's.
    for (size_t l : {0, 1}) {
      CHECK(wn.hidden[l].z_tilde == wp.hidden[l].z_tilde);
      CHECK(wn.hidden[l].A == wp.hidden[l].A);
      CHECK(!wn.hidden[l].noised);
    }
    // Layer 2's z̃ is the plain one moved by its draw.
    const BnNoise& n = noisy.hidden(2).noise;
    CHECK(!n.scale.isOnes());
    Matrix expected = wp.hidden[2].z_tilde;
    for (Eigen::Index i = 0; i < expected.cols(); ++i)
      expected.col(i) = (expected.col(i).array() * n.scale.array() + n.shift.array()).matrix();
    CHECK(wn.hidden[2].noised);
    CHECK(test::max_rel_diff(wn.hidden[2].z_tilde, expected) < test::kTol);
    // Layer 3 normalizes its own batch again, so only its noise flag tells: off.
    CHECK(!wn.hidden[3].noised);
    // The quiet layers drew a = 1, b = 0 (their stream position kept) and applied nothing.
    CHECK(noisy.hidden(0).noise.scale.isOnes());
    CHECK(noisy.hidden(3).noise.shift.isZero());
  }
}

TEST_CASE("one noise strength is the same run as that strength repeated in every layer") {
  NetworkSpec one = layered_spec({});
  one.bn_noise = 0.7;
  CHECK(trained(one) == trained(layered_spec({0.7, 0.7, 0.7, 0.7})));
  CHECK(trained(layered_spec({0, 0, 0, 0})) == trained(layered_spec({})));
  // With BN off in a layer, the single ν skips it, as before per-layer lists.
  one.batch_norm = {true, false, true, true};
  NetworkSpec listed = layered_spec({0.7, 0.7, 0.7, 0.7});
  listed.batch_norm = one.batch_norm;
  CHECK(trained(one) == trained(listed));
}

TEST_CASE("a layer's noise draws do not depend on the other layers' strengths") {
  // Every BN layer of a noisy network draws from one stream in layer order;
  // a quiet one (ν = 0) draws a = 1, b = 0. So with the same weights and
  // batch, layer 2's first draw is the same whatever ν the others have.
  const Matrix X = random_matrix(3, 8, 33, -1, 1);
  auto first_draw = [&](std::vector<double> nus) {
    Network net(layered_spec(std::move(nus)));
    Workspace ws = net.make_workspace(8);
    net.forward(X, ws, StatsMode::BatchUpdate);
    return net.hidden(2).noise;
  };
  const BnNoise alone = first_draw({0, 0, 1, 0});
  const BnNoise all = first_draw({1, 1, 1, 1});
  const BnNoise mixed = first_draw({2.5, 0, 1, 0.3});
  CHECK(alone.scale == all.scale);
  CHECK(alone.shift == all.shift);
  CHECK(alone.scale == mixed.scale);
  CHECK(alone.shift == mixed.shift);
}

TEST_CASE("a noise strength on a layer without BN is ignored, as a norm name on a layer without normalization") {
  NetworkSpec s = layered_spec({0, 0, 1, 0});
  s.batch_norm = {true, true, false, true};
  NetworkSpec quiet = s;
  quiet.bn_noises.clear();
  CHECK(trained(s) == trained(quiet));
  Network net(s);
  CHECK(net.spec().bn_noise_of(2) == 0.0);
  CHECK(!net.noisy_anywhere());
  // Layer norm has no BN either.
  s.batch_norm.clear();
  s.norms = {NormKind::Batch, NormKind::Batch, NormKind::Layer, NormKind::Batch};
  quiet = s;
  quiet.bn_noises.clear();
  CHECK(trained(s) == trained(quiet));
}

TEST_CASE("bad noise lists are refused with a message naming the field and the layer") {
  CHECK(refusal(layered_spec({0, 1, 0})) ==
        "bn_noise must be one number, or one per hidden layer (4), got 3 numbers");
  CHECK(refusal(layered_spec({0, 0, 1, 0, 0})) ==
        "bn_noise must be one number, or one per hidden layer (4), got 5 numbers");
  CHECK(refusal(layered_spec({0, -0.5, 0, 0})) == "bn_noise[1] must be in [0, 3], got -0.5");
  CHECK(refusal(layered_spec({0, 0, 0, 3.5})) == "bn_noise[3] must be in [0, 3], got 3.5");
  CHECK(refusal(layered_spec({0, 0, std::nan(""), 0})).rfind("bn_noise[2] must be in [0, 3], got ", 0) == 0);
  CHECK(refusal(layered_spec({0, 0, 3, 0})).empty());
}

// The gradient check with noise in one layer only: test_bn_noise.cpp.
