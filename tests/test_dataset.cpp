// Tests for engine/dataset: the toy sets, covariate shift, and the mini-batch sampler.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "dataset.hpp"

using namespace bnlab;

namespace {

const std::vector<DatasetKind> kAllKinds = {DatasetKind::Circles, DatasetKind::Xor,   DatasetKind::Gaussians,
                                            DatasetKind::Spiral,  DatasetKind::Moons, DatasetKind::Regression};
const std::vector<DatasetKind> kClassificationKinds = {DatasetKind::Circles, DatasetKind::Xor, DatasetKind::Gaussians,
                                                       DatasetKind::Spiral, DatasetKind::Moons};

// Coordinates are generated in double and stored as Scalar; differences of
// stored values of size ~3 carry float rounding of ~3e-7.
constexpr double kStoreTol = std::is_same<Scalar, float>::value ? 1e-5 : 1e-12;

DatasetSpec spec_for(DatasetKind kind, uint64_t seed = 1) {
  DatasetSpec spec;
  spec.kind = kind;
  spec.seed = seed;
  return spec;
}

int count_ones(const Matrix& y) {
  int ones = 0;
  for (Eigen::Index j = 0; j < y.cols(); ++j) ones += y(0, j) == Scalar(1) ? 1 : 0;
  return ones;
}

bool all_labels_binary(const Matrix& y) {
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    if (y(0, j) != Scalar(0) && y(0, j) != Scalar(1)) return false;
  }
  return true;
}

// Largest |m(i, j)|. A plain loop on purpose: GCC 12 with -march=native emits
// false -Wmaybe-uninitialized warnings on Eigen's AVX-512 full reductions.
double max_abs(const Matrix& m) {
  double largest = 0.0;
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) largest = std::max(largest, std::abs(static_cast<double>(m(i, j))));
  }
  return largest;
}

// Root-mean-square distance of the columns of x (2, n) from their mean: the spread.
double spread(const Matrix& x) {
  const Eigen::Matrix<Scalar, 2, 1> mean = x.rowwise().mean();  // (2, 1)
  double sum_sq = 0.0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (int i = 0; i < 2; ++i) sum_sq += std::pow(static_cast<double>(x(i, j) - mean(i)), 2);
  }
  return std::sqrt(sum_sq / static_cast<double>(x.cols()));
}

int count_rule_mismatches(DatasetKind kind, const Matrix& x, const Matrix& y) {
  int mismatches = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    mismatches += dataset_label_at(kind, x(0, j), x(1, j)) != static_cast<int>(y(0, j)) ? 1 : 0;
  }
  return mismatches;
}

}  // namespace

// ---- Names ------------------------------------------------------------------

TEST_CASE("dataset and shift names round-trip and unknown names list the allowed ones") {
  for (DatasetKind kind : kAllKinds) CHECK(dataset_kind_from_name(dataset_kind_name(kind)) == kind);
  for (ShiftKind kind : {ShiftKind::None, ShiftKind::Translate, ShiftKind::Scale}) {
    CHECK(shift_kind_from_name(shift_kind_name(kind)) == kind);
  }
  CHECK_THROWS_WITH_AS(dataset_kind_from_name("Circles"),
                       doctest::Contains("dataset must be one of circles, xor, gaussians, spiral, moons, regression"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(shift_kind_from_name("rotate"), doctest::Contains("shift must be one of none, translate, scale"),
                       std::invalid_argument);
}

// ---- Sizes, determinism, labels ----------------------------------------------

TEST_CASE("every dataset has the requested size and train/test split") {
  for (DatasetKind kind : kAllKinds) {
    CAPTURE(dataset_kind_name(kind));
    DatasetSpec spec = spec_for(kind);
    spec.num_points = 401;
    spec.train_fraction = 0.3;  // round(120.3) = 120
    const Dataset data = make_dataset(spec);
    CHECK(data.x_train.rows() == 2);
    CHECK(data.x_train.cols() == 120);
    CHECK(data.y_train.rows() == 1);
    CHECK(data.y_train.cols() == 120);
    CHECK(data.x_test.rows() == 2);
    CHECK(data.x_test.cols() == 281);
    CHECK(data.y_test.rows() == 1);
    CHECK(data.y_test.cols() == 281);
    CHECK(data.is_regression == (kind == DatasetKind::Regression));
  }
  // The smallest set at both extreme fractions still leaves both sides non-empty.
  DatasetSpec tiny = spec_for(DatasetKind::Xor);
  tiny.num_points = 10;
  tiny.train_fraction = 0.1;
  CHECK(make_dataset(tiny).x_train.cols() == 1);
  tiny.train_fraction = 0.9;
  CHECK(make_dataset(tiny).x_test.cols() == 1);
}

TEST_CASE("the same spec gives a bit-identical dataset and another seed a different one") {
  for (DatasetKind kind : kAllKinds) {
    CAPTURE(dataset_kind_name(kind));
    DatasetSpec spec = spec_for(kind, 1234);
    spec.shift = ShiftKind::Translate;
    const Dataset a = make_dataset(spec);
    const Dataset b = make_dataset(spec);
    CHECK(a.x_train == b.x_train);  // exact equality, no tolerance
    CHECK(a.y_train == b.y_train);
    CHECK(a.x_test == b.x_test);
    CHECK(a.y_test == b.y_test);
    spec.seed = 1235;
    CHECK(make_dataset(spec).x_train != a.x_train);
  }
}

TEST_CASE("classification labels are 0 or 1 and the two classes are balanced") {
  for (DatasetKind kind : kClassificationKinds) {
    CAPTURE(dataset_kind_name(kind));
    const Dataset data = make_dataset(spec_for(kind));  // 400 points, half for training
    REQUIRE(all_labels_binary(data.y_train));
    REQUIRE(all_labels_binary(data.y_test));
    // Generation alternates the classes, so the whole set is exactly half ones.
    CHECK(count_ones(data.y_train) + count_ones(data.y_test) == 200);
    // The random split keeps the training set near half: the count of ones among
    // 200 drawn from 400 has std 5, so [80, 120] is a 4-sigma band.
    CHECK(count_ones(data.y_train) >= 80);
    CHECK(count_ones(data.y_train) <= 120);
  }
}

TEST_CASE("with no noise every label follows the ground-truth rule") {
  for (DatasetKind kind : kClassificationKinds) {
    CAPTURE(dataset_kind_name(kind));
    DatasetSpec spec = spec_for(kind, 77);
    spec.noise = 0.0;
    spec.num_points = 2000;
    const Dataset data = make_dataset(spec);
    CHECK(count_rule_mismatches(kind, data.x_train, data.y_train) == 0);
    CHECK(count_rule_mismatches(kind, data.x_test, data.y_test) == 0);
  }
}

TEST_CASE("the ground-truth rule labels hand-picked points as the shapes say") {
  CHECK(dataset_label_at(DatasetKind::Circles, 0.0, 0.0) == 1);
  CHECK(dataset_label_at(DatasetKind::Circles, 0.0, 0.9) == 0);
  CHECK(dataset_label_at(DatasetKind::Xor, 0.5, 0.5) == 1);
  CHECK(dataset_label_at(DatasetKind::Xor, -0.5, -0.5) == 1);
  CHECK(dataset_label_at(DatasetKind::Xor, 0.5, -0.5) == 0);
  CHECK(dataset_label_at(DatasetKind::Gaussians, 0.4, 0.6) == 1);
  CHECK(dataset_label_at(DatasetKind::Gaussians, -0.6, -0.4) == 0);
  // Moons in the scaled frame: the top of the upper moon and the bottom of the lower one.
  CHECK(dataset_label_at(DatasetKind::Moons, -1.0 / 3.0, 0.5) == 0);
  CHECK(dataset_label_at(DatasetKind::Moons, 1.0 / 3.0, -0.5) == 1);
  // Spiral: the class-1 arm passes through (0, 1) * s at angle 3.5 pi s = 2 pi, i.e. s = 4/7.
  CHECK(dataset_label_at(DatasetKind::Spiral, 0.0, 4.0 / 7.0) == 1);
  CHECK(dataset_label_at(DatasetKind::Spiral, 0.0, -4.0 / 7.0) == 0);
  CHECK_THROWS_AS(dataset_label_at(DatasetKind::Regression, 0.0, 0.0), std::invalid_argument);
  CHECK(dataset_target_at(DatasetKind::Regression, 0.5, 0.5) == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(dataset_target_at(DatasetKind::Circles, 0.0, 0.0) == 1.0);
}

TEST_CASE("points lie roughly in [-1, 1] squared and inside the heatmap") {
  for (DatasetKind kind : kAllKinds) {
    CAPTURE(dataset_kind_name(kind));
    DatasetSpec spec = spec_for(kind);
    spec.noise = 0.0;
    // Clean shapes sit in [-1, 1]^2 (the Gaussian blobs reach 0.5 + 7 * 0.1 at most).
    CHECK(max_abs(make_dataset(spec).x_train) <= 1.2);
    spec.noise = 0.1;  // the default noise stays inside the [-1.5, 1.5]^2 heatmap
    CHECK(max_abs(make_dataset(spec).x_train) <= 1.5);
  }
}

TEST_CASE("raising the noise jitters the same points instead of drawing new ones") {
  for (DatasetKind kind : kClassificationKinds) {
    CAPTURE(dataset_kind_name(kind));
    DatasetSpec spec = spec_for(kind, 5);
    spec.noise = 0.0;
    const Dataset clean = make_dataset(spec);
    spec.noise = 0.05;
    const Dataset noisy = make_dataset(spec);
    CHECK(noisy.y_train == clean.y_train);
    // The largest jitter std here is 0.1 + 0.4 * 0.05 = 0.12 (gaussians); 0.12 * 5
    // bounds every one of the 400 coordinates at about 5 sigma.
    CHECK(max_abs(noisy.x_train - clean.x_train) < 0.6);
    CHECK(noisy.x_train != clean.x_train);
  }
}

TEST_CASE("with no noise regression targets equal the smooth surface, within [-1, 1]") {
  DatasetSpec spec = spec_for(DatasetKind::Regression);
  spec.noise = 0.0;
  const Dataset data = make_dataset(spec);
  for (Eigen::Index j = 0; j < data.x_train.cols(); ++j) {
    const double expected = regression_target(data.x_train(0, j), data.x_train(1, j));
    CHECK(std::abs(data.y_train(0, j) - expected) < kStoreTol);
  }
  CHECK(max_abs(data.y_train) <= 1.0);
}

// ---- Covariate shift ----------------------------------------------------------

TEST_CASE("translate shift moves only the test inputs along (1, 1)/sqrt(2) and keeps labels on the rule") {
  for (DatasetKind kind : kAllKinds) {
    CAPTURE(dataset_kind_name(kind));
    DatasetSpec spec = spec_for(kind, 21);
    const Dataset base = make_dataset(spec);
    spec.shift = ShiftKind::Translate;
    spec.shift_amount = 1.5;
    const Dataset shifted = make_dataset(spec);

    CHECK(shifted.x_train == base.x_train);  // training data untouched
    CHECK(shifted.y_train == base.y_train);
    const double step = 1.5 / std::sqrt(2.0);
    CHECK(max_abs(((shifted.x_test - base.x_test).array() - Scalar(step)).matrix()) < kStoreTol);
    const Eigen::Matrix<Scalar, 2, 1> mean_moved = shifted.x_test.rowwise().mean() - base.x_test.rowwise().mean();
    CHECK(std::abs(mean_moved(0) - step) < kStoreTol);
    CHECK(std::abs(mean_moved(1) - step) < kStoreTol);

    if (kind == DatasetKind::Regression) {
      // y = f(x) + e keeps its noise draw e and re-evaluates f at the moved point.
      for (Eigen::Index j = 0; j < base.x_test.cols(); ++j) {
        const double e = base.y_test(0, j) - regression_target(base.x_test(0, j), base.x_test(1, j));
        const double expected = regression_target(shifted.x_test(0, j), shifted.x_test(1, j)) + e;
        CHECK(std::abs(shifted.y_test(0, j) - expected) < 10 * kStoreTol);
      }
    } else {
      CHECK(all_labels_binary(shifted.y_test));
      CHECK(count_rule_mismatches(kind, shifted.x_test, shifted.y_test) == 0);
    }
  }
}

TEST_CASE("scale shift widens the test spread by 1 + amount and keeps labels on the rule") {
  for (DatasetKind kind : kClassificationKinds) {
    CAPTURE(dataset_kind_name(kind));
    DatasetSpec spec = spec_for(kind, 22);
    const Dataset base = make_dataset(spec);
    spec.shift = ShiftKind::Scale;
    spec.shift_amount = 0.8;
    const Dataset shifted = make_dataset(spec);

    CHECK(shifted.x_train == base.x_train);
    CHECK(max_abs(shifted.x_test - Scalar(1.8) * base.x_test) < kStoreTol);
    CHECK(spread(shifted.x_test) / spread(base.x_test) == doctest::Approx(1.8).epsilon(1e-5));
    CHECK(count_rule_mismatches(kind, shifted.x_test, shifted.y_test) == 0);
  }
}

// ---- Validation ---------------------------------------------------------------

TEST_CASE("every invalid dataset field throws and names the field and its range") {
  const auto expect_error = [](DatasetSpec spec, const char* message) {
    CAPTURE(message);
    CHECK_THROWS_WITH_AS(make_dataset(spec), doctest::Contains(message), std::invalid_argument);
  };
  DatasetSpec spec;
  const double nan = std::nan("");

  spec.num_points = 9;
  expect_error(spec, "dataset.num_points must be in [10, 20000], got 9");
  spec.num_points = 20001;
  expect_error(spec, "dataset.num_points must be in [10, 20000], got 20001");

  spec = DatasetSpec{};
  spec.noise = 2.0;
  expect_error(spec, "dataset.noise must be in [0, 1], got 2");
  spec.noise = -0.1;
  expect_error(spec, "dataset.noise must be in [0, 1]");
  spec.noise = nan;
  expect_error(spec, "dataset.noise must be in [0, 1]");

  spec = DatasetSpec{};
  spec.train_fraction = 0.05;
  expect_error(spec, "dataset.train_fraction must be in [0.1, 0.9], got 0.05");
  spec.train_fraction = 0.95;
  expect_error(spec, "dataset.train_fraction must be in [0.1, 0.9]");
  spec.train_fraction = nan;
  expect_error(spec, "dataset.train_fraction must be in [0.1, 0.9]");

  spec = DatasetSpec{};
  spec.shift_amount = 3.5;
  expect_error(spec, "dataset.shift_amount must be in [0, 3], got 3.5");
  spec.shift_amount = -1.0;
  expect_error(spec, "dataset.shift_amount must be in [0, 3]");
  spec.shift_amount = nan;
  expect_error(spec, "dataset.shift_amount must be in [0, 3]");

  spec = DatasetSpec{};
  spec.kind = static_cast<DatasetKind>(99);
  expect_error(spec, "dataset.kind must be one of circles, xor");
  spec = DatasetSpec{};
  spec.shift = static_cast<ShiftKind>(-1);
  expect_error(spec, "dataset.shift must be one of none, translate, scale");
}

// ---- Mini-batches ---------------------------------------------------------------

TEST_CASE("one epoch of the sampler visits distinct indices and drops the partial batch") {
  BatchSampler sampler(103, 10, 4);
  CHECK(sampler.batches_per_epoch() == 10);  // the last 3 examples of each permutation sit out
  std::set<int> seen;
  for (int t = 0; t < sampler.batches_per_epoch(); ++t) {
    CHECK(sampler.epoch() == 0);
    CHECK(sampler.step_in_epoch() == t);
    const int* batch = sampler.next();
    for (int k = 0; k < sampler.batch_size(); ++k) {
      CHECK(batch[k] >= 0);
      CHECK(batch[k] < 103);
      seen.insert(batch[k]);
    }
  }
  CHECK(seen.size() == 100u);
  CHECK(sampler.epoch() == 1);
  CHECK(sampler.step_in_epoch() == 0);
}

TEST_CASE("a batch as large as the training set covers every example each epoch") {
  BatchSampler sampler(50, 50, 8);
  for (int epoch = 0; epoch < 3; ++epoch) {
    const int* batch = sampler.next();
    CHECK(std::set<int>(batch, batch + 50).size() == 50u);
    CHECK(sampler.epoch() == epoch + 1);
  }
}

TEST_CASE("reset replays the identical batch sequence") {
  BatchSampler sampler(64, 8, 99);
  std::vector<int> first_run;
  for (int t = 0; t < 3 * sampler.batches_per_epoch() + 2; ++t) {
    const int* batch = sampler.next();
    first_run.insert(first_run.end(), batch, batch + 8);
  }
  sampler.reset();
  CHECK(sampler.epoch() == 0);
  CHECK(sampler.step_in_epoch() == 0);
  std::vector<int> second_run;
  for (int t = 0; t < 3 * sampler.batches_per_epoch() + 2; ++t) {
    const int* batch = sampler.next();
    second_run.insert(second_run.end(), batch, batch + 8);
  }
  CHECK(second_run == first_run);

  // A second sampler with the same seed agrees; another seed does not.
  BatchSampler same(64, 8, 99), other(64, 8, 100);
  const int* a = same.next();
  CHECK(std::vector<int>(a, a + 8) == std::vector<int>(first_run.begin(), first_run.begin() + 8));
  const int* b = other.next();
  CHECK(std::vector<int>(b, b + 8) != std::vector<int>(first_run.begin(), first_run.begin() + 8));
}

TEST_CASE("different epochs visit the examples in different orders") {
  BatchSampler sampler(40, 40, 3);
  const int* batch = sampler.next();
  const std::vector<int> epoch0(batch, batch + 40);
  batch = sampler.next();
  const std::vector<int> epoch1(batch, batch + 40);
  CHECK(epoch0 != epoch1);  // equal with probability 1/40!
}

TEST_CASE("invalid batch sizes throw and name batch_size with its allowed range") {
  CHECK_THROWS_WITH_AS(BatchSampler(20, 0, 1), doctest::Contains("batch_size must be in [1, 20]"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BatchSampler(20, -3, 1), doctest::Contains("batch_size"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(BatchSampler(20, 21, 1), doctest::Contains("batch_size must be in [1, 20]"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BatchSampler(0, 1, 1), doctest::Contains("num_examples"), std::invalid_argument);
  CHECK_NOTHROW(BatchSampler(20, 20, 1));
}

// next() allocating nothing is checked by the lead's global allocation counter,
// not here: only one test file may replace operator new.

TEST_CASE("gather_columns copies the selected columns in order") {
  Matrix source(2, 5);  // (2, 5): column j is (j, 10 j)
  for (int j = 0; j < 5; ++j) {
    source(0, j) = Scalar(j);
    source(1, j) = Scalar(10 * j);
  }
  const int indices[] = {4, 0, 2};
  Matrix out(2, 3);  // (2, 3)
  gather_columns(source, indices, 3, out);
  for (int j = 0; j < 3; ++j) {
    CHECK(out(0, j) == Scalar(indices[j]));  // exact copies, no arithmetic
    CHECK(out(1, j) == Scalar(10 * indices[j]));
  }
  // A block with contiguous columns works as the output too (no temporary).
  Matrix wide = Matrix::Zero(2, 6);  // (2, 6)
  gather_columns(source, indices, 3, wide.middleCols(1, 3));
  CHECK(wide.middleCols(1, 3) == out);
  CHECK(wide.col(0).isZero(0));
}
