#include "point_dataset.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "budget.hpp"
#include "rng.hpp"
#include "schema.hpp"

namespace bnlab {

namespace {

// "points[j].x1" for messages; j counts from 0 over the whole table.
std::string point_field(int j, const char* what) { return "points[" + std::to_string(j) + "]." + what; }

void check_value(int j, const char* what, double v) {
  if (!std::isfinite(v)) fail_field(point_field(j, what), "a finite number", format_number(v));
  if (std::abs(v) > kMaxPointValue)
    fail_field(point_field(j, what), "in [-" + format_number(kMaxPointValue) + ", " + format_number(kMaxPointValue) + "]",
               format_number(v));
}

}  // namespace

Dataset make_point_dataset(const MatrixD& points, const PointSetSpec& spec) {
  const auto n = static_cast<int>(points.cols());
  if (points.rows() != 3)
    throw std::invalid_argument("points must have 3 rows (x1, x2, y), got " + std::to_string(points.rows()));
  if (n < 2 || n > kMaxPoints)
    throw std::invalid_argument("points must hold 2 to " + std::to_string(kMaxPoints) +
                                " points (training plus test), got " + std::to_string(n));
  if (spec.n_train < 1 || spec.n_train > n)
    throw std::invalid_argument("points.n_train must be in [1, " + std::to_string(n) + "], got " +
                                std::to_string(spec.n_train));
  if (!(spec.train_fraction >= 0.1 && spec.train_fraction <= 0.9))
    fail_field("dataset.train_fraction", "in [0.1, 0.9]", format_number(spec.train_fraction));
  for (int j = 0; j < n; ++j) {
    check_value(j, "x1", points(0, j));
    check_value(j, "x2", points(1, j));
    const double y = points(2, j);
    if (spec.regression) {
      check_value(j, "target", y);
    } else if (!(y == 0 || y == 1)) {
      fail_field(point_field(j, "label"), "0 or 1", format_number(y));
    }
  }

  // Which column goes where: given sets keep their order; otherwise one
  // shuffle from the data stream of the seed splits them (as make_dataset does).
  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  int n_train = spec.n_train;
  if (n_train == n) {
    Rng rng(derive_seed(spec.seed, kDataSeedPurpose));
    rng.shuffle(order);
    n_train = toy_train_size(n, spec.train_fraction);
  }
  const int n_test = n - n_train;

  Dataset data;
  data.is_regression = spec.regression;
  data.x_train.resize(2, n_train);  // (2, n_train)
  data.y_train.resize(1, n_train);  // (1, n_train)
  data.x_test.resize(2, n_test);    // (2, n_test)
  data.y_test.resize(1, n_test);    // (1, n_test)
  for (int j = 0; j < n; ++j) {
    const auto src = points.col(order[static_cast<size_t>(j)]);
    Matrix& x = j < n_train ? data.x_train : data.x_test;
    Matrix& y = j < n_train ? data.y_train : data.y_test;
    const int k = j < n_train ? j : j - n_train;
    x(0, k) = static_cast<Scalar>(src(0));
    x(1, k) = static_cast<Scalar>(src(1));
    y(0, k) = static_cast<Scalar>(src(2));
  }
  return data;
}

}  // namespace bnlab
