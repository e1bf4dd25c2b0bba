#include "input_scaling.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "rng.hpp"

namespace bnlab {

namespace {
constexpr uint64_t kInputScalingStream = 0x696e707574ULL;  // "input"

void check(const char* field, double value, double lo, double hi) {
  if (!std::isfinite(value) || value < lo || value > hi)
    throw std::invalid_argument(std::string(field) + " must be in [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "], got " + std::to_string(value));
}
}  // namespace

InputScalingDemo::InputScalingDemo(const InputScalingSpec& spec) {
  check("num_points", spec.num_points, 2, 100000);
  check("scale1", spec.scale1, 1e-3, 1e3);
  check("scale2", spec.scale2, 1e-3, 1e3);
  check("noise", spec.noise, 0, 100);
  const int n = spec.num_points;
  Rng rng(derive_seed(spec.seed, kInputScalingStream));
  x_raw_.resize(2, n);
  y_.resize(1, n);
  for (int i = 0; i < n; ++i) {
    const double x1 = spec.scale1 * rng.normal();
    const double x2 = spec.scale2 * rng.normal();
    x_raw_(0, i) = static_cast<Scalar>(x1);
    x_raw_(1, i) = static_cast<Scalar>(x2);
    y_(0, i) = static_cast<Scalar>(spec.w1_true * x1 + spec.w2_true * x2 + spec.noise * rng.normal());
  }
  // Standardize each feature: x ← (x − mean) / std, the statistics taken over the whole set.
  x_norm_.resize(2, n);
  for (int f = 0; f < 2; ++f) {
    const double mean = x_raw_.row(f).cast<double>().mean();
    const double var = (x_raw_.row(f).cast<double>().array() - mean).square().mean();
    const double inv_std = 1.0 / std::sqrt(var);
    for (int i = 0; i < n; ++i) x_norm_(f, i) = static_cast<Scalar>((x_raw_(f, i) - mean) * inv_std);
  }
  update_moments();
}

void InputScalingDemo::set_normalized(bool normalized) {
  normalized_ = normalized;
  update_moments();
}

void InputScalingDemo::update_moments() {
  const Matrix& x = inputs();
  const double n = static_cast<double>(x.cols());
  c11_ = c12_ = c22_ = b1_ = b2_ = c0_ = 0;
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    const double x1 = x(0, i), x2 = x(1, i), y = y_(0, i);
    c11_ += x1 * x1 / n;
    c12_ += x1 * x2 / n;
    c22_ += x2 * x2 / n;
    b1_ += x1 * y / n;
    b2_ += x2 * y / n;
    c0_ += y * y / n;
  }
}

double InputScalingDemo::loss(double w1, double w2) const {
  // 1/n Σ (w·x − y)² = wᵀCw − 2bᵀw + c0
  return c11_ * w1 * w1 + 2 * c12_ * w1 * w2 + c22_ * w2 * w2 - 2 * (b1_ * w1 + b2_ * w2) + c0_;
}

void InputScalingDemo::gradient(double w1, double w2, double& g1, double& g2) const {
  // ∇L = 2(Cw − b)
  g1 = 2 * (c11_ * w1 + c12_ * w2 - b1_);
  g2 = 2 * (c12_ * w1 + c22_ * w2 - b2_);
}

void InputScalingDemo::minimum(double& w1, double& w2) const {
  const double det = c11_ * c22_ - c12_ * c12_;
  w1 = (c22_ * b1_ - c12_ * b2_) / det;
  w2 = (c11_ * b2_ - c12_ * b1_) / det;
}

void InputScalingDemo::curvatures(double& lambda_min, double& lambda_max) const {
  // Eigenvalues of the Hessian 2C.
  const double tr = c11_ + c22_;
  const double disc = std::sqrt(std::max(0.0, (c11_ - c22_) * (c11_ - c22_) / 4 + c12_ * c12_));
  lambda_min = 2 * (tr / 2 - disc);
  lambda_max = 2 * (tr / 2 + disc);
}

const VectorD& InputScalingDemo::loss_grid(int resolution, double c1, double e1, double c2, double e2) {
  check("resolution", resolution, 2, 512);
  grid_.resize(static_cast<Eigen::Index>(resolution) * resolution);
  for (int r = 0; r < resolution; ++r)
    for (int c = 0; c < resolution; ++c)
      grid_(r * resolution + c) =
          loss(c1 - e1 + 2 * e1 * c / (resolution - 1), c2 - e2 + 2 * e2 * r / (resolution - 1));
  return grid_;
}

const MatrixD& InputScalingDemo::descend(double w1, double w2, double lr, int steps) {
  check("steps", steps, 0, 100000);
  check("learning_rate", lr, 0, 1e6);
  path_.resize(2, steps + 1);
  path_(0, 0) = w1;
  path_(1, 0) = w2;
  for (int t = 1; t <= steps; ++t) {
    double g1 = 0, g2 = 0;
    gradient(w1, w2, g1, g2);
    w1 -= lr * g1;  // W := W − α·dW
    w2 -= lr * g2;
    path_(0, t) = w1;
    path_(1, t) = w2;
  }
  return path_;
}

}  // namespace bnlab
