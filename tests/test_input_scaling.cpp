// Normalizing inputs turns elongated loss contours round.
#include <cmath>

#include "input_scaling.hpp"
#include "test_helpers.hpp"

using namespace bnlab;

TEST_CASE("raw features on different scales give an ill-conditioned loss and normalized ones a round one") {
  InputScalingDemo demo(InputScalingSpec{});
  double lo = 0, hi = 0;
  demo.curvatures(lo, hi);
  CHECK(hi / lo > 50);  // std 1 vs std 10: condition number ≈ 100
  demo.set_normalized(true);
  demo.curvatures(lo, hi);
  CHECK(hi / lo < 1.5);  // both features have unit variance; only sample correlation remains
}

TEST_CASE("the analytic gradient of the linear model matches finite differences") {
  InputScalingDemo demo(InputScalingSpec{});
  double g1 = 0, g2 = 0;
  demo.gradient(0.7, -0.2, g1, g2);
  const double h = 1e-5;
  CHECK(g1 == doctest::Approx((demo.loss(0.7 + h, -0.2) - demo.loss(0.7 - h, -0.2)) / (2 * h)).epsilon(1e-5));
  CHECK(g2 == doctest::Approx((demo.loss(0.7, -0.2 + h) - demo.loss(0.7, -0.2 - h)) / (2 * h)).epsilon(1e-5));
}

TEST_CASE("gradient descent reaches the minimum far faster on normalized inputs") {
  InputScalingDemo demo(InputScalingSpec{});
  auto steps_to_converge = [&](InputScalingDemo& d) {
    double lo = 0, hi = 0, w1 = 0, w2 = 0;
    d.curvatures(lo, hi);
    d.minimum(w1, w2);
    const MatrixD& path = d.descend(0, 0, 1.8 / hi, 2000);  // just under the stability limit 2/λ_max
    for (Eigen::Index t = 0; t < path.cols(); ++t)
      if (std::hypot(path(0, t) - w1, path(1, t) - w2) < 1e-3 * std::hypot(w1, w2)) return static_cast<int>(t);
    return 100000;
  };
  const int raw = steps_to_converge(demo);
  demo.set_normalized(true);
  const int normalized = steps_to_converge(demo);
  CHECK(normalized < 40);
  CHECK(raw > 10 * normalized);
}

TEST_CASE("raw-input descent zig-zags: the steep coordinate's step changes sign") {
  InputScalingDemo demo(InputScalingSpec{});
  double lo = 0, hi = 0;
  demo.curvatures(lo, hi);
  const MatrixD& path = demo.descend(1, 1, 1.8 / hi, 10);
  int sign_changes = 0;
  for (Eigen::Index t = 2; t < path.cols(); ++t)
    if ((path(1, t) - path(1, t - 1)) * (path(1, t - 1) - path(1, t - 2)) < 0) ++sign_changes;
  CHECK(sign_changes >= 8);
}

TEST_CASE("the loss grid is laid out row by row from the lower-left corner") {
  InputScalingDemo demo(InputScalingSpec{});
  const VectorD& g = demo.loss_grid(3, 0, 1, 0, 2);
  CHECK(g(0) == doctest::Approx(demo.loss(-1, -2)));
  CHECK(g(2) == doctest::Approx(demo.loss(1, -2)));
  CHECK(g(8) == doctest::Approx(demo.loss(1, 2)));
  CHECK_THROWS_WITH_AS(InputScalingDemo(InputScalingSpec{1}), doctest::Contains("num_points"), std::invalid_argument);
}
