// Layer norm and group norm: against a float64 reference written here from the
// definitions (PyTorch nn.LayerNorm / nn.GroupNorm), finite differences, and
// what sets them apart from batch norm (no batch statistics: eval == train, a
// batch of one trains).
#include <cmath>
#include <string>
#include <vector>

#include "groupnorm.hpp"
#include "network.hpp"
#include "test_helpers.hpp"

using namespace bnlab;
using bnlab::test::from_rows;
using bnlab::test::kTol;
using bnlab::test::max_rel_diff;
using bnlab::test::random_matrix;
using bnlab::test::vec;

namespace {

// The reference: one example x (n values) in G groups, straight from the
// definitions, in double. y = γ ⊙ (x − μ_g)/√(σ²_g + ε) + β.
struct Reference {
  std::vector<double> y, dx, x_hat;
};

Reference reference_group_norm(const std::vector<double>& x, const std::vector<double>& gamma,
                               const std::vector<double>& beta, const std::vector<double>& dy, int groups,
                               double eps = 1e-5) {
  const size_t n = x.size(), s = n / static_cast<size_t>(groups);
  Reference r{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n)};
  for (size_t g = 0; g < static_cast<size_t>(groups); ++g) {
    double mu = 0, var = 0;
    for (size_t j = g * s; j < (g + 1) * s; ++j) mu += x[j] / static_cast<double>(s);
    for (size_t j = g * s; j < (g + 1) * s; ++j) var += (x[j] - mu) * (x[j] - mu) / static_cast<double>(s);
    const double sigma = std::sqrt(var + eps);
    for (size_t j = g * s; j < (g + 1) * s; ++j) {
      r.x_hat[j] = (x[j] - mu) / sigma;
      r.y[j] = gamma[j] * r.x_hat[j] + beta[j];
    }
    // Backward by the chain rule "before simplification" (Ioffe & Szegedy §3,
    // with the sums over the group's units): through x̂, σ² and μ separately.
    double d_var = 0, d_mu = 0;
    for (size_t j = g * s; j < (g + 1) * s; ++j) {
      const double d_xhat = dy[j] * gamma[j];
      d_var += d_xhat * (x[j] - mu) * -0.5 * std::pow(var + eps, -1.5);
      d_mu += -d_xhat / sigma;
    }
    for (size_t j = g * s; j < (g + 1) * s; ++j) {
      const double d_xhat = dy[j] * gamma[j];
      r.dx[j] = d_xhat / sigma + d_var * 2 * (x[j] - mu) / static_cast<double>(s) + d_mu / static_cast<double>(s);
    }
  }
  return r;
}

std::vector<double> column(const Matrix& M, Eigen::Index i) {
  std::vector<double> c(static_cast<size_t>(M.rows()));
  for (Eigen::Index j = 0; j < M.rows(); ++j) c[static_cast<size_t>(j)] = static_cast<double>(M(j, i));
  return c;
}
std::vector<double> values(const Vector& v) { return column(v, 0); }

// The engine's forward and backward against the reference, example by example.
void check_against_reference(int features, int groups, const Matrix& x, const Matrix& dy) {
  GroupNorm gn(features, groups);
  gn.gamma = random_matrix(features, 1, 11, 0.5, 1.5);
  gn.beta = random_matrix(features, 1, 12, -0.5, 0.5);
  GroupNormCache cache;
  cache.resize(features, groups, static_cast<int>(x.cols()));
  Matrix y(features, x.cols()), dx(features, x.cols());
  gn.forward(x, cache, y);
  gn.backward(dy, cache, dx);
  std::vector<double> dgamma(static_cast<size_t>(features), 0.0), dbeta(static_cast<size_t>(features), 0.0);
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    const Reference r = reference_group_norm(column(x, i), values(gn.gamma), values(gn.beta), column(dy, i), groups);
    for (int j = 0; j < features; ++j) {
      const auto u = static_cast<size_t>(j);
      CHECK(std::abs(y(j, i) - r.y[u]) < 20 * kTol);
      CHECK(std::abs(cache.z_norm(j, i) - r.x_hat[u]) < 20 * kTol);
      CHECK(std::abs(dx(j, i) - r.dx[u]) < 20 * kTol);
      dgamma[u] += static_cast<double>(dy(j, i)) * r.x_hat[u];
      dbeta[u] += static_cast<double>(dy(j, i));
    }
  }
  for (int j = 0; j < features; ++j) {
    CHECK(std::abs(gn.dgamma(j) - dgamma[static_cast<size_t>(j)]) < 50 * kTol);
    CHECK(std::abs(gn.dbeta(j) - dbeta[static_cast<size_t>(j)]) < 50 * kTol);
  }
}

NetworkSpec norm_spec(NormKind norm, int batch) {
  NetworkSpec s;
  s.input_size = 3;
  s.hidden_sizes = {6, 4};
  s.norm = norm;
  s.norm_groups = 2;
  s.batch_size = batch;
  s.seed = 5;
  return s;
}

}  // namespace

TEST_CASE("layer norm of one example [1, 2, 3] is (x − 2)/sqrt(2/3 + eps), PyTorch's nn.LayerNorm(3)") {
  GroupNorm ln(3, 1);
  GroupNormCache cache;
  cache.resize(3, 1, 1);
  Matrix x(3, 1), y(3, 1);
  x << 1, 2, 3;
  ln.forward(x, cache, y);
  // By hand: μ = 2, σ² = 2/3 (biased), 1/√(2/3 + 1e-5) = 1.2247356859083902.
  CHECK(max_rel_diff(y, vec({-1.2247356859083902, 0, 1.2247356859083902})) < kTol);
  CHECK(std::abs(cache.mean(0, 0) - 2) < kTol);
  CHECK(std::abs(cache.var(0, 0) - 2.0 / 3.0) < kTol);
}

TEST_CASE("layer norm forward and backward match the float64 reference on a golden-style batch") {
  // The batch of batchnorm's golden vector, as 2 examples of 4 units: here the
  // statistics run down each column (an example), not along the rows.
  const Matrix x = from_rows(4, 2, {1, 2, 3, 6, 5, 10, 7, -4});
  const Matrix dy = from_rows(4, 2, {.1, -.2, .3, .4, -.5, .6, .7, -.8});
  check_against_reference(4, 1, x, dy);
  check_against_reference(7, 1, random_matrix(7, 5, 1, -3, 3), random_matrix(7, 5, 2));
}

TEST_CASE("group norm forward and backward match the float64 reference for every divisor of the units") {
  const Matrix x = random_matrix(12, 5, 3, -3, 3);
  const Matrix dy = random_matrix(12, 5, 4);
  for (int groups : {1, 2, 3, 4, 6, 12}) {
    CAPTURE(groups);
    check_against_reference(12, groups, x, dy);
  }
}

TEST_CASE("the float64 reference's group norm with one group is its layer norm, and with a group per unit gives beta") {
  const std::vector<double> x{0.3, -1.2, 2.5, 0.7}, gamma{1.5, -0.5, 2, 1}, beta{0.1, 0.2, 0.3, 0.4},
      dy{.1, -.2, .3, .4};
  // Layer norm written a second way: one mean and variance over all units.
  double mu = 0, var = 0;
  for (double v : x) mu += v / 4;
  for (double v : x) var += (v - mu) * (v - mu) / 4;
  const Reference one = reference_group_norm(x, gamma, beta, dy, 1);
  for (size_t j = 0; j < 4; ++j) CHECK(std::abs(one.y[j] - (gamma[j] * (x[j] - mu) / std::sqrt(var + 1e-5) + beta[j])) < 1e-14);
  const Reference per_unit = reference_group_norm(x, gamma, beta, dy, 4);
  for (size_t j = 0; j < 4; ++j) {
    CHECK(per_unit.y[j] == beta[j]);  // a group of one value: x − μ = 0
    CHECK(per_unit.dx[j] == 0.0);
  }
}

TEST_CASE("group norm statistics survive the float32 cancellation case 1e4 + {1, 2, 3}") {
  GroupNorm ln(3, 1);
  GroupNormCache cache;
  cache.resize(3, 1, 1);
  Matrix x(3, 1), y(3, 1);
  x << 10001, 10002, 10003;
  ln.forward(x, cache, y);
  CHECK(std::abs(cache.var(0, 0) - 2.0 / 3.0) < 1e-6);
  CHECK(std::abs(y(0) + 1.2247356859083902) < 1e-5);
}

TEST_CASE("group norm refuses a group count that does not divide the units") {
  CHECK_THROWS_WITH_AS(GroupNorm(6, 4), doctest::Contains("norm_groups"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(GroupNorm(6, 0), doctest::Contains("norm_groups"), std::invalid_argument);
  NetworkSpec s = norm_spec(NormKind::Group, 4);
  s.norm_groups = 4;  // divides 4 (layer 1) but not 6 (layer 0)
  CHECK_THROWS_WITH_AS(Network{s}, doctest::Contains("norm_groups must be a divisor of every group-norm layer's units (hidden layer 0 has 6)"),
                       std::invalid_argument);
  s.norms = {NormKind::Layer, NormKind::Group};  // now only the 4-unit layer is a group norm
  CHECK_NOTHROW(Network{s});
}

#ifdef BNLAB_DOUBLE
TEST_CASE("layer norm and group norm gradients agree with central finite differences") {
  // Groups of at least 3 units: with 2, x̂ = ±d/√(d² + ε) is flat in x and
  // dx is of order ε, below what the finite difference resolves.
  for (int groups : {1, 3, 4}) {
    CAPTURE(groups);
    GroupNorm gn(12, groups);
    gn.gamma = random_matrix(12, 1, 5, 0.5, 2);
    gn.beta = random_matrix(12, 1, 6);
    Matrix x = random_matrix(12, 4, 9, -2, 3);
    const Matrix dy = random_matrix(12, 4, 10);
    GroupNormCache cache;
    cache.resize(12, groups, 4);
    Matrix y(12, 4), dx(12, 4);
    gn.forward(x, cache, y);
    gn.backward(dy, cache, dx);
    const Vector dgamma = gn.dgamma, dbeta = gn.dbeta;
    auto loss = [&] {  // ℓ = Σ dy ⊙ y
      Matrix out(12, 4);
      GroupNormCache c;
      c.resize(12, groups, 4);
      gn.forward(x, c, out);
      return (out.array() * dy.array()).sum();
    };
    CHECK(bnlab::test::gradient_error(dx, bnlab::test::numeric_gradient(x.data(), x.size(), loss)) < 1e-6);
    CHECK(bnlab::test::gradient_error(dgamma, bnlab::test::numeric_gradient(gn.gamma.data(), 12, loss)) < 1e-6);
    CHECK(bnlab::test::gradient_error(dbeta, bnlab::test::numeric_gradient(gn.beta.data(), 12, loss)) < 1e-6);
  }
}

TEST_CASE("whole-network gradients with layer norm and group norm agree with finite differences") {
  int configurations = 0;
  for (NormKind norm : {NormKind::Layer, NormKind::Group})
    for (BnPlacement placement : {BnPlacement::BeforeActivation, BnPlacement::AfterActivation})
      for (int batch : {1, 5}) {
        NetworkSpec s = norm_spec(norm, batch);
        s.bn_placement = placement;
        s.norms = {norm, NormKind::Batch};  // mixed with BN in the next layer when the batch allows
        if (batch == 1) s.norms = {norm, norm};
        CAPTURE(name_of(norm));
        CAPTURE(batch);
        Network net(s);
        for (int l = 0; l < net.num_hidden(); ++l) {
          net.hidden(l).gamma() = random_matrix(net.hidden(l).dense.outputs(), 1, 20 + l, 0.5, 1.5);
          net.hidden(l).beta() = random_matrix(net.hidden(l).dense.outputs(), 1, 30 + l, -0.5, 0.5);
        }
        const Matrix X = random_matrix(3, batch, 40, -2, 2);
        Matrix T(1, batch);
        for (int i = 0; i < batch; ++i) T(0, i) = static_cast<Scalar>(i % 2);
        Workspace ws = net.make_workspace(batch);
        net.forward(X, ws, StatsMode::Batch);
        net.loss(T, ws);
        net.backward(X, T, ws);
        auto objective = [&] {
          Workspace w = net.make_workspace(batch);
          net.forward(X, w, StatsMode::Batch);
          return net.loss(T, w);
        };
        auto check = [&](auto& param, const auto& grad) {
          const VectorD numeric = bnlab::test::numeric_gradient(param.data(), param.size(), objective);
          CHECK(bnlab::test::gradient_error(grad, numeric) < 1e-5);  // as in test_network.cpp
        };
        for (int l = 0; l < net.num_hidden(); ++l) {
          HiddenLayer& h = net.hidden(l);
          check(h.dense.W, h.dense.dW);
          if (h.dense.use_bias()) check(h.dense.b, h.dense.db);
          check(h.gamma(), h.dgamma());
          check(h.beta(), h.dbeta());
        }
        check(net.output().W, net.output().dW);
        ++configurations;
      }
  CHECK(configurations == 8);
}
#endif

TEST_CASE("a layer-norm network is a group-norm network with one group, bit for bit") {
  NetworkSpec ln_spec = norm_spec(NormKind::Layer, 8);
  NetworkSpec gn_spec = norm_spec(NormKind::Group, 8);
  gn_spec.norm_groups = 1;
  Network ln(ln_spec), gn(gn_spec);
  const Matrix X = random_matrix(3, 8, 7, -2, 2);
  Matrix T(1, 8);
  for (int i = 0; i < 8; ++i) T(0, i) = static_cast<Scalar>(i % 2);
  for (int step = 0; step < 5; ++step) {
    const auto a = ln.train_step(X, T), b = gn.train_step(X, T);
    CHECK(a.loss == b.loss);
  }
  CHECK(ln.train_workspace().logits == gn.train_workspace().logits);
}

TEST_CASE("layer norm and group norm compute the same function in training and inference, per example") {
  for (NormKind norm : {NormKind::Layer, NormKind::Group}) {
    CAPTURE(name_of(norm));
    Network net(norm_spec(norm, 8));
    const Matrix X = random_matrix(3, 8, 8, -2, 2);
    Matrix T(1, 8);
    for (int i = 0; i < 8; ++i) T(0, i) = static_cast<Scalar>(i % 2);
    for (int step = 0; step < 3; ++step) net.train_step(X, T);  // γ, β away from (1, 0)
    Workspace train = net.make_workspace(8), eval = net.make_workspace(8), one = net.make_workspace(1);
    net.forward(X, train, StatsMode::Batch);
    net.forward(X, eval, StatsMode::Running);
    CHECK(train.logits == eval.logits);
    // An example's output does not depend on the others in its batch.
    for (int i = 0; i < 8; ++i) {
      net.forward(X.col(i), one, StatsMode::Batch);
      CHECK(std::abs(one.logits(0, 0) - train.logits(0, i)) < kTol);
    }
  }
}

TEST_CASE("a batch of one: batch norm refuses with a message naming batch_size, layer and group norm train") {
  CHECK_THROWS_WITH_AS(Network{norm_spec(NormKind::Batch, 1)},
                       doctest::Contains("batch_size must be an integer in [2, "), std::invalid_argument);
  for (NormKind norm : {NormKind::Layer, NormKind::Group, NormKind::None}) {
    CAPTURE(name_of(norm));
    Network net(norm_spec(norm, 1));
    Matrix X(3, 1), T(1, 1);
    X << 0.5, -1, 2;
    T << 1;
    const double first = net.train_step(X, T).loss;
    double last = first;
    for (int step = 0; step < 20; ++step) last = net.train_step(X, T).loss;
    CHECK(std::isfinite(last));
    CHECK(last < first);  // it learns the one example
  }
}

TEST_CASE("layer norm keeps the dense bias (only batch norm's mean subtraction cancels it) and has no running statistics") {
  Network net(norm_spec(NormKind::Layer, 4));
  for (int l = 0; l < net.num_hidden(); ++l) {
    CHECK(net.hidden(l).dense.use_bias());
    CHECK(net.hidden(l).bn.running_mean.size() == 0);
    CHECK(net.hidden(l).gn.gamma == Vector::Ones(net.hidden(l).dense.outputs()));
    CHECK(net.hidden(l).gn.beta == Vector::Zero(net.hidden(l).dense.outputs()));
  }
}

TEST_CASE("the per-layer flags still switch the normalization off, and norm chooses which one the others take") {
  NetworkSpec s = norm_spec(NormKind::Layer, 4);
  s.batch_norm = {false, true};
  CHECK(s.norm_of(0) == NormKind::None);
  CHECK(s.norm_of(1) == NormKind::Layer);
  s.batch_norm.clear();
  s.norms = {NormKind::Group, NormKind::None};
  CHECK(s.norm_of(0) == NormKind::Group);
  CHECK(s.norm_of(1) == NormKind::None);
  CHECK_FALSE(s.has_bn(0));
  NetworkSpec old;  // the default: BN in every layer, as before norm existed
  CHECK(old.norm_of(0) == NormKind::Batch);
  CHECK(old.has_bn(3));
}
