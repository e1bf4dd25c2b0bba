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
  // [w1*, w2*, λ_min, λ_max, loss(w*)]
  val summary() {
    if (!demo_) return empty_view();
    demo_->minimum(summary_[0], summary_[1]);
    demo_->curvatures(summary_[2], summary_[3]);
    summary_[4] = demo_->loss(summary_[0], summary_[1]);
    return view(summary_);
  }
  double loss(double w1, double w2) { return demo_ ? demo_->loss(w1, w2) : 0.0; }

 private:
  InputScalingDemo& demo() {
    if (!demo_) throw std::logic_error("InputScalingLab used before configure succeeded");
    return *demo_;
  }
  std::unique_ptr<InputScalingDemo> demo_;
  std::array<double, 5> summary_{};
};

}  // namespace bnlab::web
