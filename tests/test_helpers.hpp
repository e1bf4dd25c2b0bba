// Small helpers shared by the engine tests.
#pragma once

#include <doctest/doctest.h>

#include <initializer_list>

#include "types.hpp"

namespace bnlab::test {

#ifdef BNLAB_DOUBLE
constexpr double kTol = 1e-12;  // float64 build: reference comparisons
#else
constexpr double kTol = 2e-6;   // float32 build: a few ulps of values of order 1
#endif

// A (rows, cols) matrix from values listed row by row, as they read on paper.
inline Matrix from_rows(int rows, int cols, std::initializer_list<double> values) {
  Matrix M(rows, cols);
  auto it = values.begin();
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) M(r, c) = static_cast<Scalar>(*it++);
  return M;
}

inline Vector vec(std::initializer_list<double> values) {
  Vector v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double x : values) v(i++) = static_cast<Scalar>(x);
  return v;
}

// max |a − b| / max(1, |b|) over all entries.
template <typename A, typename B>
double max_rel_diff(const A& a, const B& b) {
  double worst = 0.0;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const double x = static_cast<double>(a.data()[i]);
    const double y = static_cast<double>(b.data()[i]);
    worst = std::max(worst, std::abs(x - y) / std::max(1.0, std::abs(y)));
  }
  return worst;
}

}  // namespace bnlab::test

namespace bnlab::test {

// Central finite difference (f(θ+h) − f(θ−h)) / 2h of a scalar function of
// the `count` parameters at `theta`, each perturbed in place and restored.
template <typename LossFn>
VectorD numeric_gradient(Scalar* theta, Eigen::Index count, LossFn&& loss, double h = 1e-6) {
  VectorD g(count);
  for (Eigen::Index i = 0; i < count; ++i) {
    const Scalar saved = theta[i];
    theta[i] = static_cast<Scalar>(saved + h);
    const double up = loss();
    theta[i] = static_cast<Scalar>(saved - h);
    const double down = loss();
    theta[i] = saved;
    g(i) = (up - down) / (2 * h);
  }
  return g;
}

// |a − b| / max(|a| + |b|, floor): the usual gradient-check relative error,
// with a floor so that tiny entries (where the finite difference has an
// absolute round-off of about 1e-10) are judged absolutely.
template <typename A>
double gradient_error(const A& analytic, const VectorD& numeric, double floor = 1e-4) {
  double worst = 0.0;
  for (Eigen::Index i = 0; i < numeric.size(); ++i) {
    const double a = static_cast<double>(analytic.data()[i]);
    const double n = numeric(i);
    worst = std::max(worst, std::abs(a - n) / std::max(std::abs(a) + std::abs(n), floor));
  }
  return worst;
}

// A matrix of deterministic pseudo-random values in [lo, hi).
Matrix random_matrix(int rows, int cols, uint64_t seed, double lo = -1, double hi = 1);

}  // namespace bnlab::test
