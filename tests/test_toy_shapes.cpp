// Tests for engine/toy_shapes: how each shape draws its points and labels them.
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

TEST_CASE("dataset names round-trip and an unknown name lists the allowed ones") {
  for (DatasetKind kind : kAllKinds) CHECK(parse_name<DatasetKind>("dataset", name_of(kind)) == kind);
  CHECK(std::string(name_of(static_cast<DatasetKind>(99))) == "unknown");
  CHECK_THROWS_WITH_AS(parse_name<DatasetKind>("dataset", "Circles"),
                       doctest::Contains("dataset must be one of circles, xor, gaussians, spiral, moons, regression"),
                       std::invalid_argument);
}

// ---- Shapes and their rules --------------------------------------------------

TEST_CASE("classification labels are 0 or 1 and the two classes are balanced") {
  for (DatasetKind kind : kClassificationKinds) {
    CAPTURE(name_of(kind));
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
    CAPTURE(name_of(kind));
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
    CAPTURE(name_of(kind));
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
    CAPTURE(name_of(kind));
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
