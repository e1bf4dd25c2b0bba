// Tests for engine/dataset: the train/test split, covariate shift, and validation.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "toy_helpers.hpp"

using namespace bnlab;
using namespace bnlab::test;

// ---- Names ------------------------------------------------------------------

TEST_CASE("shift names round-trip and an unknown name lists the allowed ones") {
  for (ShiftKind kind : {ShiftKind::None, ShiftKind::Translate, ShiftKind::Scale}) {
    CHECK(parse_name<ShiftKind>("shift", name_of(kind)) == kind);
  }
  CHECK_THROWS_WITH_AS(parse_name<ShiftKind>("shift", "rotate"),
                       doctest::Contains("shift must be one of none, translate, scale"), std::invalid_argument);
}

// ---- The split ---------------------------------------------------------------

TEST_CASE("the split rounds points times the training fraction and leaves both sets non-empty") {
  CHECK(toy_train_size(400, 0.5) == 200);
  CHECK(toy_train_size(101, 0.5) == 51);  // 50.5 rounds away from zero
  CHECK(toy_train_size(10, 0.1) == 1);
  CHECK(toy_train_size(10, 0.99) == 9);   // at most points − 1
  CHECK(toy_train_size(10, 0.01) == 1);   // at least 1
}

// ---- Sizes, determinism, covariate shift ---------------------------------------

TEST_CASE("every dataset has the requested size and train/test split") {
  for (DatasetKind kind : kAllKinds) {
    CAPTURE(name_of(kind));
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
    CAPTURE(name_of(kind));
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

TEST_CASE("translate shift moves only the test inputs along (1, 1)/sqrt(2) and keeps labels on the rule") {
  for (DatasetKind kind : kAllKinds) {
    CAPTURE(name_of(kind));
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
    CAPTURE(name_of(kind));
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
  expect_error(spec, "dataset.num_points must be an integer in [10, 20000], got 9");
  spec.num_points = 20001;
  expect_error(spec, "dataset.num_points must be an integer in [10, 20000], got 20001");

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
