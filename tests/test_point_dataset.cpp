// Tests for engine/point_dataset: given points, their validation, the split,
// and that a twin trained on them is reproducible from its seed.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "point_dataset.hpp"
#include "trainer.hpp"

using namespace bnlab;

namespace {

// n points on two sides of the line x1 = 0: label 1 right of it.
MatrixD two_sides(int n) {
  MatrixD p(3, n);  // (3, n): x1, x2, y per column
  for (int j = 0; j < n; ++j) {
    const double side = j % 2 == 0 ? 1 : -1;
    p(0, j) = side * (0.2 + 0.01 * j);
    p(1, j) = std::sin(0.7 * j);
    p(2, j) = side > 0 ? 1 : 0;
  }
  return p;
}

PointSetSpec split_spec(int n_train, uint64_t seed = 3) {
  PointSetSpec s;
  s.n_train = n_train;
  s.seed = seed;
  return s;
}

TrainerSpec small_twin(uint64_t seed = 3) {
  TrainerSpec s;
  s.network.hidden_sizes = {6, 6};
  s.network.activation = Activation::Tanh;
  s.network.batch_size = 8;
  s.network.seed = seed;
  s.probe_size = 16;
  s.grid_resolution = 8;
  return s;
}

}  // namespace

TEST_CASE("given train and test columns keep their order and values") {
  const MatrixD p = two_sides(10);
  const Dataset d = make_point_dataset(p, split_spec(7));
  REQUIRE(d.x_train.cols() == 7);
  REQUIRE(d.x_test.cols() == 3);
  CHECK_FALSE(d.is_regression);
  for (int j = 0; j < 7; ++j) {
    CHECK(d.x_train(0, j) == static_cast<Scalar>(p(0, j)));
    CHECK(d.y_train(0, j) == static_cast<Scalar>(p(2, j)));
  }
  CHECK(d.x_test(1, 2) == static_cast<Scalar>(p(1, 9)));
}

TEST_CASE("without test points the test set is split off at the training fraction, the same for the same seed") {
  const MatrixD p = two_sides(40);
  PointSetSpec s = split_spec(40, 9);
  s.train_fraction = 0.75;
  const Dataset a = make_point_dataset(p, s);
  const Dataset b = make_point_dataset(p, s);
  CHECK(a.x_train.cols() == 30);
  CHECK(a.x_test.cols() == 10);
  CHECK(a.x_train == b.x_train);
  CHECK(a.y_test == b.y_test);
  s.seed = 10;
  CHECK_FALSE(make_point_dataset(p, s).x_train == a.x_train);  // another seed, another split
}

TEST_CASE("a bad point is named by its index and reason") {
  MatrixD p = two_sides(6);
  p(0, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(make_point_dataset(p, split_spec(4)), doctest::Contains("points[2].x1 must be a finite number, got nan"),
                       std::invalid_argument);
  p = two_sides(6);
  p(2, 4) = 0.5;
  CHECK_THROWS_WITH_AS(make_point_dataset(p, split_spec(4)), doctest::Contains("points[4].label must be 0 or 1, got 0.5"),
                       std::invalid_argument);
  p = two_sides(6);
  p(1, 1) = 2e6;
  CHECK_THROWS_WITH_AS(make_point_dataset(p, split_spec(4)), doctest::Contains("points[1].x2 must be in [-1000000, 1000000]"),
                       std::invalid_argument);
  PointSetSpec regression = split_spec(4);
  regression.regression = true;
  p = two_sides(6);
  p(2, 3) = 0.25;  // any real target is fine for regression
  CHECK(make_point_dataset(p, regression).is_regression);
  p(2, 3) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(make_point_dataset(p, regression), doctest::Contains("points[3].target must be a finite number, got inf"),
                       std::invalid_argument);
}

TEST_CASE("point sets that are too small, too large or split wrongly are refused") {
  CHECK_THROWS_WITH_AS(make_point_dataset(two_sides(1), split_spec(1)), doctest::Contains("points must hold 2 to 20000"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make_point_dataset(MatrixD::Zero(3, kMaxPoints + 1), split_spec(5)),
                       doctest::Contains("points must hold 2 to 20000"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(make_point_dataset(two_sides(6), split_spec(0)), doctest::Contains("points.n_train must be in [1, 6], got 0"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make_point_dataset(MatrixD::Zero(2, 6), split_spec(3)), doctest::Contains("points must have 3 rows"),
                       std::invalid_argument);
}

TEST_CASE("a twin on given points replays bit for bit from the same seed and learns them") {
  const MatrixD p = two_sides(60);
  auto run = [&](uint64_t seed) {
    TwinTrainer t(small_twin(seed), make_point_dataset(p, split_spec(60, seed)));
    t.step(300);
    return t.evaluate(kWithBn, StatsMode::Running);
  };
  const Metrics a = run(3);
  const Metrics b = run(3);
  CHECK(a.train_loss == b.train_loss);  // exact: same init, same split, same batches
  CHECK(a.test_loss == b.test_loss);
  CHECK(a.train_accuracy > 0.9);
  CHECK(run(4).train_loss != a.train_loss);
}

TEST_CASE("a twin on given points checks the batch size against the training set") {
  TrainerSpec s = small_twin();
  s.network.batch_size = 20;
  CHECK_THROWS_WITH_AS(TwinTrainer(s, make_point_dataset(two_sides(30), split_spec(10))),
                       doctest::Contains("batch_size must be at most the training-set size 10"), std::invalid_argument);
}
