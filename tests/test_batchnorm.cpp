// Batch norm against the PyTorch golden vector (engine/README.md §9) and its invariants (§6).
#include <cmath>

#include "batchnorm.hpp"
#include "test_helpers.hpp"

using namespace bnlab;
using bnlab::test::from_rows;
using bnlab::test::kTol;
using bnlab::test::max_rel_diff;
using bnlab::test::vec;

namespace {

// The golden vector is written (N=4, C=2) as in PyTorch; the engine is
// (features, batch), so every matrix here is its transpose (2, 4).
Matrix golden_x() { return from_rows(4, 2, {1, 2, 3, 6, 5, 10, 7, -4}).transpose(); }
Matrix golden_dy() { return from_rows(4, 2, {.1, -.2, .3, .4, -.5, .6, .7, -.8}).transpose(); }

BatchNorm golden_layer() {
  BatchNorm bn(2, BatchNormConfig{});
  bn.gamma = vec({1.5, -0.5});
  bn.beta = vec({0.1, 0.2});
  return bn;
}

}  // namespace

TEST_CASE("batch norm forward matches PyTorch's golden vector") {
  BatchNorm bn = golden_layer();
  BatchNormCache cache;
  cache.resize(2, 4);
  Matrix y(2, 4);
  bn.forward_train(golden_x(), cache, y, true);

  CHECK(max_rel_diff(cache.mean, vec({4, 3.5})) < kTol);
  CHECK(max_rel_diff(cache.var, vec({5, 26.75})) < kTol);
  const Matrix expected = from_rows(2, 4,
                                    {-1.9124591672916496, -0.5708197224305498, 0.77081972243055, 2.1124591672916497,
                                     0.34501044625209576, -0.04168407708682623, -0.42837860042574827,
                                     0.9250522312604788});
  CHECK(max_rel_diff(y, expected) < 10 * kTol);
  // running ← 0.9·(0, 1) + 0.1·(μ, unbiased σ²)
  CHECK(max_rel_diff(bn.running_mean, vec({0.4, 0.35})) < kTol);
  CHECK(max_rel_diff(bn.running_var, vec({0.9 + 0.1 * 20.0 / 3.0, 0.9 + 0.1 * 107.0 / 3.0})) < kTol);
  CHECK(bn.num_batches_tracked == 1);
}

TEST_CASE("batch norm backward matches PyTorch's golden vector") {
  BatchNorm bn = golden_layer();
  BatchNormCache cache;
  cache.resize(2, 4);
  Matrix y(2, 4), dx(2, 4);
  bn.forward_train(golden_x(), cache, y, true);
  bn.backward(golden_dy(), cache, dx);
  const Matrix expected = from_rows(2, 4,
                                    {0.06708177099754074, 0.13416387740427188, -0.4695737386195468, 0.2683280902177342,
                                     0.004156068308281072, -0.013371689236117154, 0.007770005553376828,
                                     0.00144561537445926});
  CHECK(max_rel_diff(dx, expected) < 10 * kTol);
  CHECK(max_rel_diff(bn.dgamma, vec({0.4472131482870332, 2.1654893306979637})) < 10 * kTol);
  CHECK(max_rel_diff(bn.dbeta, vec({0.6, 0.0})) < kTol);
}

TEST_CASE("batch norm in eval mode uses the running statistics as PyTorch does") {
  BatchNorm bn = golden_layer();
  BatchNormCache cache;
  cache.resize(2, 4);
  Matrix y(2, 4);
  bn.forward_train(golden_x(), cache, y, true);
  BatchNormCache one;
  one.resize(2, 1);
  Matrix x(2, 1), y1(2, 1);
  x << 2, 3;
  bn.forward_eval(x, one, y1);
  CHECK(max_rel_diff(y1, vec({2.0174389891723363, -0.42693659422048136})) < 10 * kTol);
}

TEST_CASE("eval mode equals the folded affine map and its backward is gamma over the running std") {
  BatchNorm bn = golden_layer();
  bn.running_mean = vec({0.4, -1.0});
  bn.running_var = vec({2.0, 0.5});
  const Matrix x = golden_x();
  BatchNormCache cache;
  cache.resize(2, 4);
  Matrix y(2, 4), dx(2, 4);
  bn.forward_eval(x, cache, y);
  for (int j = 0; j < 2; ++j) {
    const double a = bn.gamma(j) / std::sqrt(static_cast<double>(bn.running_var(j)) + 1e-5);
    const double c = bn.beta(j) - a * bn.running_mean(j);
    for (int i = 0; i < 4; ++i) CHECK(std::abs(y(j, i) - (a * x(j, i) + c)) < 10 * kTol);
  }
  bn.backward(golden_dy(), cache, dx);
  const Matrix dy = golden_dy();
  for (int j = 0; j < 2; ++j) {
    const double a = bn.gamma(j) / std::sqrt(static_cast<double>(bn.running_var(j)) + 1e-5);
    for (int i = 0; i < 4; ++i) CHECK(std::abs(dx(j, i) - a * dy(j, i)) < 10 * kTol);
  }
}

TEST_CASE("batch norm output has zero mean and unit variance per feature") {
  Matrix x(3, 50);
  for (int i = 0; i < 50; ++i) {
    x(0, i) = static_cast<Scalar>(i * 0.37 - 4);
    x(1, i) = static_cast<Scalar>(100 + std::sin(i) * 20);
    x(2, i) = static_cast<Scalar>((i % 7) * 1e-2);
  }
  BatchNorm bn(3, BatchNormConfig{1e-12, 0.1, false});
  BatchNormCache cache;
  cache.resize(3, 50);
  Matrix y(3, 50);
  bn.forward_train(x, cache, y, false);
  for (int j = 0; j < 3; ++j) {
    const double mean = y.row(j).cast<double>().mean();
    const double var = (y.row(j).cast<double>().array() - mean).square().mean();
    CHECK(std::abs(mean) < 1e-5);        // tolerance: float32 rounding of 50 values
    CHECK(std::abs(var - 1.0) < 1e-4);   // tolerance: float32, ε = 1e-12 negligible
  }
}

TEST_CASE("the input gradient of batch norm sums to zero per feature") {
  BatchNorm bn = golden_layer();
  BatchNormCache cache;
  cache.resize(2, 4);
  Matrix y(2, 4), dx(2, 4);
  bn.forward_train(golden_x(), cache, y, false);
  bn.backward(golden_dy(), cache, dx);
  for (int j = 0; j < 2; ++j) CHECK(std::abs(dx.row(j).sum()) < 1e-6);  // float32 bound; exact 0 in theory
}

TEST_CASE("gamma = sqrt(var + eps) and beta = mean give back the identity") {
  const Matrix x = golden_x();
  BatchNorm bn(2, BatchNormConfig{});
  BatchNormCache cache;
  cache.resize(2, 4);
  Matrix y(2, 4);
  bn.forward_train(x, cache, y, false);
  bn.gamma = (cache.var.array() + Scalar(1e-5)).sqrt().matrix();
  bn.beta = cache.mean;
  bn.forward_train(x, cache, y, false);
  CHECK(max_rel_diff(y, x) < 1e-5);  // float32: 2 roundings through sqrt and the product
}

TEST_CASE("running statistics follow the momentum rule over several steps") {
  BatchNorm bn(1, BatchNormConfig{1e-5, 0.25, false});
  BatchNormCache cache;
  cache.resize(1, 2);
  Matrix y(1, 2);
  double mean = 0, var = 1;
  const double batches[3][2] = {{1, 3}, {10, 14}, {0, 6}};
  for (const auto& b : batches) {
    Matrix x(1, 2);
    x << static_cast<Scalar>(b[0]), static_cast<Scalar>(b[1]);
    bn.forward_train(x, cache, y, true);
    const double mu = (b[0] + b[1]) / 2;
    const double unbiased = (b[0] - mu) * (b[0] - mu) + (b[1] - mu) * (b[1] - mu);  // /(m−1), m = 2
    mean = 0.75 * mean + 0.25 * mu;
    var = 0.75 * var + 0.25 * unbiased;
  }
  CHECK(std::abs(bn.running_mean(0) - mean) < 1e-5);
  CHECK(std::abs(bn.running_var(0) - var) < 1e-5);
  CHECK(bn.num_batches_tracked == 3);
}

TEST_CASE("cumulative momentum averages every batch statistic like PyTorch's momentum=None") {
  BatchNorm bn(1, BatchNormConfig{1e-5, 0.1, true});
  BatchNormCache cache;
  cache.resize(1, 2);
  Matrix y(1, 2);
  const double batches[3][2] = {{1, 3}, {10, 14}, {0, 6}};
  for (const auto& b : batches) {
    Matrix x(1, 2);
    x << static_cast<Scalar>(b[0]), static_cast<Scalar>(b[1]);
    bn.forward_train(x, cache, y, true);
  }
  CHECK(std::abs(bn.running_mean(0) - 17.0 / 3.0) < 1e-5);  // spec: 5.6667
  CHECK(std::abs(bn.running_var(0) - 28.0 / 3.0) < 1e-5);   // spec: 9.3333
}

TEST_CASE("two-pass variance survives the float32 cancellation case 1e4 + {1, 2, 3}") {
  Matrix x(1, 3);
  x << Scalar(1e4 + 1), Scalar(1e4 + 2), Scalar(1e4 + 3);
  BatchNorm bn(1, BatchNormConfig{});
  BatchNormCache cache;
  cache.resize(1, 3);
  Matrix y(1, 3);
  bn.forward_train(x, cache, y, false);
  CHECK(std::abs(cache.var(0) - 2.0 / 3.0) < 1e-6);  // one-pass E[x²]−E[x]² gives −4 in float32
  CHECK(std::abs(y(0, 0) + 1.2247357) < 1e-4);
  CHECK(std::abs(y(0, 1)) < 1e-5);
}

TEST_CASE("a training batch of one example is rejected with a message naming batch_size") {
  BatchNorm bn(2, BatchNormConfig{});
  BatchNormCache cache;
  cache.resize(2, 1);
  Matrix x(2, 1), y(2, 1);
  x << 1, 2;
  CHECK_THROWS_WITH_AS(bn.forward_train(x, cache, y, true), doctest::Contains("batch_size"), std::invalid_argument);
  CHECK(bn.num_batches_tracked == 0);
}

#ifdef BNLAB_DOUBLE
TEST_CASE("batch norm gradients agree with central finite differences in train and eval mode") {
  for (bool train : {true, false}) {
    CAPTURE(train);
    BatchNorm bn(3, BatchNormConfig{});
    bn.gamma = bnlab::test::random_matrix(3, 1, 5, 0.5, 2);
    bn.beta = bnlab::test::random_matrix(3, 1, 6);
    bn.running_mean = bnlab::test::random_matrix(3, 1, 7);
    bn.running_var = bnlab::test::random_matrix(3, 1, 8, 0.5, 2);
    Matrix x = bnlab::test::random_matrix(3, 7, 9, -2, 3);
    const Matrix dy = bnlab::test::random_matrix(3, 7, 10);
    BatchNormCache cache;
    cache.resize(3, 7);
    Matrix y(3, 7), dx(3, 7);
    auto forward = [&](Matrix& out) {
      if (train) {
        bn.forward_train(x, cache, out, false);
      } else {
        bn.forward_eval(x, cache, out);
      }
    };
    forward(y);
    bn.backward(dy, cache, dx);
    const Vector dgamma = bn.dgamma, dbeta = bn.dbeta;
    auto loss = [&] {  // ℓ = Σ dy ⊙ y
      Matrix out(3, 7);
      forward(out);
      return (out.array() * dy.array()).sum();
    };
    CHECK(bnlab::test::gradient_error(dx, bnlab::test::numeric_gradient(x.data(), x.size(), loss)) < 1e-6);
    CHECK(bnlab::test::gradient_error(dgamma, bnlab::test::numeric_gradient(bn.gamma.data(), 3, loss)) < 1e-6);
    CHECK(bnlab::test::gradient_error(dbeta, bnlab::test::numeric_gradient(bn.beta.data(), 3, loss)) < 1e-6);
  }
}
#endif
