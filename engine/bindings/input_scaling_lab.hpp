// InputScalingLab: the article's two-weight linear model (engine/input_scaling.hpp).
#pragma once

#include "input_scaling.hpp"
#include "support.hpp"

namespace bnlab::web {

// ---- InputScalingLab ----------------------------------------------------------

// bnlab::InputScalingDemo: the loss surface of a two-weight linear model on raw
// or standardized inputs, and gradient descent on it.
class InputScalingLab {
 public:
  std::string configure(int num_points, double scale1, double scale2, double noise, double seed) {
    return guarded([&] {
      InputScalingSpec spec;
      spec.num_points = num_points;
      spec.scale1 = scale1;
      spec.scale2 = scale2;
      spec.noise = noise;
      spec.seed = static_cast<uint64_t>(seed);
      demo_ = std::make_unique<InputScalingDemo>(spec);
    });
  }
  std::string setNormalized(bool normalized) { return guarded([&] { demo().set_normalized(normalized); }); }
  // (R·R) losses, row r at w2 = c2 − e2 + 2e2·r/(R−1), column c at w1 = c1 − e1 + 2e1·c/(R−1).
  val lossGrid(int resolution, double c1, double e1, double c2, double e2) {
    if (!demo_) return empty_view();
    try {
      return view(demo_->loss_grid(resolution, c1, e1, c2, e2));
    } catch (const std::exception&) {
      return empty_view();
    }
  }
  // (2, steps+1) path, column t = (w1, w2) after t steps.
  val descend(double w1, double w2, double lr, int steps) {
    if (!demo_) return empty_view();
    try {
      return view(demo_->descend(w1, w2, lr, steps));
    } catch (const std::exception&) {
      return empty_view();
    }
  }
  // {w1, w2, lambdaMin, lambdaMax, minLoss}: the minimum w*, the Hessian's
  // eigenvalues λ_min ≤ λ_max (the curvatures), loss(w*). null before configure.
  val summary() {
    if (!demo_) return val::null();
    double w1 = 0, w2 = 0, lambda_min = 0, lambda_max = 0;
    demo_->minimum(w1, w2);
    demo_->curvatures(lambda_min, lambda_max);
    val o = val::object();
    o.set("w1", w1);
    o.set("w2", w2);
    o.set("lambdaMin", lambda_min);
    o.set("lambdaMax", lambda_max);
    o.set("minLoss", demo_->loss(w1, w2));
    return o;
  }
  double loss(double w1, double w2) { return demo_ ? demo_->loss(w1, w2) : 0.0; }

 private:
  InputScalingDemo& demo() {
    if (!demo_) throw std::logic_error("InputScalingLab used before configure succeeded");
    return *demo_;
  }
  std::unique_ptr<InputScalingDemo> demo_;
};

}  // namespace bnlab::web
