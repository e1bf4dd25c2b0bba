// Why normalize inputs: the loss surface of a two-weight linear model.
//
// Model: ŷ = w1·x1 + w2·x2 (no bias; both features have mean 0), loss
// L(w) = 1/n Σ_i (ŷ_i − y_i)². Its level sets are ellipses whose axes follow
// the eigenvectors of the input covariance C = 1/n Xᵀ... (here 1/n X·Xᵀ with X
// of shape (2, n)): when x2 is spread 10× wider than x1, L is 100× steeper
// along w2 than along w1, the contours are long thin ellipses, and gradient
// descent with a step small enough for the steep direction zig-zags across
// the valley while crawling along it. Dividing each feature by its standard
// deviation makes C ≈ I: round contours, and descent heads straight for the
// minimum.
#pragma once

#include <cstdint>

#include "types.hpp"

namespace bnlab {

struct InputScalingSpec {
  int num_points = 200;
  double scale1 = 1.0;    // standard deviation of x1
  double scale2 = 10.0;   // standard deviation of x2
  double w1_true = 2.0;   // y = w1_true·x1 + w2_true·x2 + noise (in raw units)
  double w2_true = -0.3;
  double noise = 0.5;
  uint64_t seed = 1;
};

class InputScalingDemo {
 public:
  explicit InputScalingDemo(const InputScalingSpec& spec);

  // Use the raw features or the standardized ones (each divided by its std after centring).
  void set_normalized(bool normalized);
  bool normalized() const { return normalized_; }

  const Matrix& inputs() const { return normalized_ ? x_norm_ : x_raw_; }  // (2, n)
  const Matrix& targets() const { return y_; }                             // (1, n)

  double loss(double w1, double w2) const;
  // ∇L = 2/n X·(ŷ − y)
  void gradient(double w1, double w2, double& g1, double& g2) const;
  // The minimizer w* (least squares) and the Hessian's eigenvalues λ_min ≤ λ_max.
  void minimum(double& w1, double& w2) const;
  void curvatures(double& lambda_min, double& lambda_max) const;

  // Loss on an R×R grid over [c1 ± e1] × [c2 ± e2]; row r is w2 = c2 − e2 + 2e2·r/(R−1),
  // column c is w1. Returns a reference to an internal (R·R) buffer.
  const VectorD& loss_grid(int resolution, double c1, double e1, double c2, double e2);

  // Gradient descent from (w1, w2) for `steps` steps of size lr: (2, steps+1) path.
  const MatrixD& descend(double w1, double w2, double lr, int steps);

 private:
  void update_moments();

  bool normalized_ = false;
  Matrix x_raw_, x_norm_;  // (2, n)
  Matrix y_;               // (1, n)
  // Sufficient statistics of the active inputs: L(w) = wᵀCw − 2bᵀw + c0.
  double c11_ = 0, c12_ = 0, c22_ = 0, b1_ = 0, b2_ = 0, c0_ = 0;
  VectorD grid_;
  MatrixD path_;
};

}  // namespace bnlab
