#include "dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "settings.hpp"

namespace bnlab {

int toy_train_size(int num_points, double train_fraction) {
  return std::clamp(static_cast<int>(std::lround(num_points * train_fraction)), 1, num_points - 1);
}

Dataset make_dataset(const DatasetSpec& spec) {
  validate(spec);  // settings.hpp: every field in its range
  Rng rng(derive_seed(spec.seed, kDataSeedPurpose));
  const int n = spec.num_points;

  // 1. Every point, in double, from the one seeded stream. Labels alternate
  //    1, 0, 1, 0, ... so the two classes differ by at most one point.
  MatrixD points(2, n);  // (2, n): all inputs before the split
  VectorD targets(n);    // (n): label or regression target per point
  for (int i = 0; i < n; ++i) {
    const int label = i % 2 == 0 ? 1 : 0;
    draw_point(spec.kind, label, spec.noise, rng, points(0, i), points(1, i), targets(i));
  }

  // 2. One shuffle decides the split (and the order inside each set).
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  rng.shuffle(order);
  const int n_train = toy_train_size(n, spec.train_fraction);
  const int n_test = n - n_train;

  Dataset data;
  data.is_regression = spec.kind == DatasetKind::Regression;
  data.x_train.resize(2, n_train);
  data.y_train.resize(1, n_train);
  data.x_test.resize(2, n_test);
  data.y_test.resize(1, n_test);
  for (int j = 0; j < n_train; ++j) {
    data.x_train.col(j) = points.col(order[j]).cast<Scalar>();
    data.y_train(0, j) = static_cast<Scalar>(targets(order[j]));
  }

  // 3. Test set, with covariate shift if asked: P_test(x) changes, P(y | x) does not.
  for (int j = 0; j < n_test; ++j) {
    const int i = order[n_train + j];
    const double x1 = points(0, i);
    const double x2 = points(1, i);
    double moved1 = x1;
    double moved2 = x2;
    if (spec.shift == ShiftKind::Translate) {
      moved1 += spec.shift_amount * kShiftDirection;
      moved2 += spec.shift_amount * kShiftDirection;
    } else if (spec.shift == ShiftKind::Scale) {
      moved1 *= 1.0 + spec.shift_amount;
      moved2 *= 1.0 + spec.shift_amount;
    }
    double y = targets(i);
    if (spec.shift != ShiftKind::None) {
      // Re-read y from the true rule at the new location. Regression keeps the
      // point's own noise draw: y = f(x) + e becomes f(x_moved) + e.
      y = data.is_regression ? y - regression_target(x1, x2) + regression_target(moved1, moved2)
                             : dataset_label_at(spec.kind, moved1, moved2);
    }
    data.x_test(0, j) = static_cast<Scalar>(moved1);
    data.x_test(1, j) = static_cast<Scalar>(moved2);
    data.y_test(0, j) = static_cast<Scalar>(y);
  }
  return data;
}

}  // namespace bnlab
