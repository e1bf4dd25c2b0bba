// Loss heads: values against hand computations, gradients, accuracy.
#include <cmath>

#include "loss.hpp"
#include "test_helpers.hpp"

using namespace bnlab;
using bnlab::test::random_matrix;

TEST_CASE("softmax cross-entropy equals minus the log probability of the true class") {
  Matrix z(3, 2), y(1, 2), p(3, 2);
  z << 1, 0, 2, 0, 3, 0;
  y << 2, 1;
  const double l = loss_forward(LossKind::SoftmaxCrossEntropy, z, y, p);
  const double lse0 = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
  const double expected = ((lse0 - 3.0) + std::log(3.0)) / 2;  // second column: uniform over 3
  CHECK(l == doctest::Approx(expected).epsilon(1e-6));
  CHECK(p.col(0).sum() == doctest::Approx(1).epsilon(1e-6));
  CHECK(count_correct(LossKind::SoftmaxCrossEntropy, p, y) == 1);  // column 1 ties: argmax picks class 0
}

TEST_CASE("binary cross-entropy with logits is stable for large logits") {
  Matrix z(1, 2), t(1, 2), p(1, 2);
  z << 100, -100;
  t << 1, 0;
  CHECK(loss_forward(LossKind::SigmoidBinaryCrossEntropy, z, t, p) < 1e-30);
  t << 0, 1;
  CHECK(loss_forward(LossKind::SigmoidBinaryCrossEntropy, z, t, p) == doctest::Approx(100).epsilon(1e-6));
  CHECK(count_correct(LossKind::SigmoidBinaryCrossEntropy, p, t) == 0);
}

TEST_CASE("mean squared error averages over every output and example like PyTorch's MSELoss") {
  Matrix z(2, 2), t(2, 2), p(2, 2);
  z << 1, 2, 3, 4;
  t << 0, 0, 0, 0;
  CHECK(loss_forward(LossKind::MeanSquaredError, z, t, p) == doctest::Approx(7.5));
}

TEST_CASE("loss names round-trip and unknown names are rejected") {
  for (LossKind k : {LossKind::SoftmaxCrossEntropy, LossKind::SigmoidBinaryCrossEntropy, LossKind::MeanSquaredError})
    CHECK(parse_name<LossKind>("loss", name_of(k)) == k);
  CHECK_THROWS_WITH_AS(parse_name<LossKind>("loss", "hinge"), doctest::Contains("loss must be one of"),
                       std::invalid_argument);
}

#ifdef BNLAB_DOUBLE
TEST_CASE("loss gradients agree with central finite differences for every head") {
  const Matrix labels = bnlab::test::from_rows(1, 5, {0, 2, 1, 2, 0});
  const Matrix binary = bnlab::test::from_rows(2, 5, {1, 0, 0, 1, 1, 0, 1, 1, 0, 0});
  const Matrix values = random_matrix(2, 5, 3);
  for (LossKind k : {LossKind::SoftmaxCrossEntropy, LossKind::SigmoidBinaryCrossEntropy, LossKind::MeanSquaredError}) {
    const std::string name = name_of(k);
    CAPTURE(name);
    const int K = k == LossKind::SoftmaxCrossEntropy ? 3 : 2;
    const Matrix& t = k == LossKind::SoftmaxCrossEntropy ? labels : (k == LossKind::MeanSquaredError ? values : binary);
    Matrix z = random_matrix(K, 5, 9, -3, 3);
    Matrix p(K, 5), dz(K, 5);
    loss_forward(k, z, t, p);
    loss_backward(k, p, t, dz);
    auto loss = [&] {
      Matrix q(K, 5);
      return loss_forward(k, z, t, q);
    };
    CHECK(bnlab::test::gradient_error(dz, bnlab::test::numeric_gradient(z.data(), z.size(), loss)) < 1e-6);
  }
}
#endif
