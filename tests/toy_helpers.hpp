// Helpers shared by the tests of the toy data sets (test_toy_shapes.cpp, test_dataset.cpp).
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "dataset.hpp"

namespace bnlab::test {

inline const std::vector<DatasetKind> kAllKinds = {DatasetKind::Circles, DatasetKind::Xor,   DatasetKind::Gaussians,
                                            DatasetKind::Spiral,  DatasetKind::Moons, DatasetKind::Regression};
inline const std::vector<DatasetKind> kClassificationKinds = {DatasetKind::Circles, DatasetKind::Xor, DatasetKind::Gaussians,
                                                       DatasetKind::Spiral, DatasetKind::Moons};

// Coordinates are generated in double and stored as Scalar; differences of
// stored values of size ~3 carry float rounding of ~3e-7.
constexpr double kStoreTol = std::is_same<Scalar, float>::value ? 1e-5 : 1e-12;

inline DatasetSpec spec_for(DatasetKind kind, uint64_t seed = 1) {
  DatasetSpec spec;
  spec.kind = kind;
  spec.seed = seed;
  return spec;
}

inline int count_ones(const Matrix& y) {
  int ones = 0;
  for (Eigen::Index j = 0; j < y.cols(); ++j) ones += y(0, j) == Scalar(1) ? 1 : 0;
  return ones;
}

inline bool all_labels_binary(const Matrix& y) {
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    if (y(0, j) != Scalar(0) && y(0, j) != Scalar(1)) return false;
  }
  return true;
}

// Largest |m(i, j)|. A plain loop on purpose: GCC 12 with -march=native emits
// false -Wmaybe-uninitialized warnings on Eigen's AVX-512 full reductions.
inline double max_abs(const Matrix& m) {
  double largest = 0.0;
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) largest = std::max(largest, std::abs(static_cast<double>(m(i, j))));
  }
  return largest;
}

// Root-mean-square distance of the columns of x (2, n) from their mean: the spread.
inline double spread(const Matrix& x) {
  const Eigen::Matrix<Scalar, 2, 1> mean = x.rowwise().mean();  // (2, 1)
  double sum_sq = 0.0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (int i = 0; i < 2; ++i) sum_sq += std::pow(static_cast<double>(x(i, j) - mean(i)), 2);
  }
  return std::sqrt(sum_sq / static_cast<double>(x.cols()));
}

inline int count_rule_mismatches(DatasetKind kind, const Matrix& x, const Matrix& y) {
  int mismatches = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    mismatches += dataset_label_at(kind, x(0, j), x(1, j)) != static_cast<int>(y(0, j)) ? 1 : 0;
  }
  return mismatches;
}

}  // namespace bnlab::test
