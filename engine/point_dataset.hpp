// A data set the user brings: 2-D points drawn on the lab's plane or pasted
// as CSV, each with a class label (0 or 1) or a real-valued target.
//
// Layout (see types.hpp): a column is one example. The points arrive as one
// (3, n) table, a column (x1, x2, y) per point: the first n_train columns are
// the training set, the rest the test set. When no test point is given, the
// test set is split off at train_fraction exactly as the toy sets do it (one
// shuffle from the run's seed), so the same points and the same seed give the
// same split, the same initial weights and the same batch order.
#pragma once

#include <cstdint>

#include "dataset.hpp"
#include "types.hpp"

namespace bnlab {

// Coordinates and targets must lie within ±kMaxPointValue: far beyond any
// plane the lab shows, and small enough that a forward pass of a float32
// network cannot overflow on the raw inputs alone.
constexpr double kMaxPointValue = 1e6;

struct PointSetSpec {
  int n_train = 0;              // columns [0, n_train) of the table train; the rest test
  bool regression = false;      // y is a real target (mse) instead of a label 0/1
  double train_fraction = 0.5;  // used only when the table holds no test point
  uint64_t seed = 1;            // the run's seed; the split draws from derive_seed(seed, kDataSeedPurpose)
};

// Validates `points` (3, n) and builds the data set. Errors are
// std::invalid_argument naming the point and what is wrong with it, e.g.
// "points[12].label must be 0 or 1, got 0.5" or "points[3].x1 must be a finite
// number, got nan". Sizes: 2 ≤ n ≤ kMaxPoints, both sets non-empty.
Dataset make_point_dataset(const MatrixD& points, const PointSetSpec& spec);

}  // namespace bnlab
