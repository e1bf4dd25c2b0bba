#include "landscape.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace bnlab {

LandscapeProbe::LandscapeProbe(Network& net, int batch) : ws_(net.make_workspace(batch)) {
  const Eigen::Index P = net.num_parameters();
  theta0_.setZero(P);
  saved_.setZero(P);
  g0_.setZero(P);
  theta_.setZero(P);
  etas.setZero(kMaxLandscapeSteps);
  loss.setZero(kMaxLandscapeSteps);
  grad_diff.setZero(kMaxLandscapeSteps);
}

double LandscapeProbe::loss_and_gradient(Network& net, ConstMatRef X, ConstMatRef Y) {
  net.forward(X, ws_, StatsMode::Batch);
  const double L = net.loss(Y, ws_);
  net.backward(X, Y, ws_);
  return L;
}

bool LandscapeProbe::run(Network& net, ConstMatRef X, ConstMatRef Y, const double* step_sizes, int count) {
  if (count < 1 || count > kMaxLandscapeSteps)
    throw std::invalid_argument("landscape step sizes: between 1 and " + std::to_string(kMaxLandscapeSteps) +
                                " of them, got " + std::to_string(count));
  for (int k = 0; k < count; ++k) {
    if (!(step_sizes[k] >= 0 && std::isfinite(step_sizes[k])))
      throw std::invalid_argument("landscape step size η[" + std::to_string(k) + "] must be a finite number ≥ 0");
  }
  if (X.cols() != ws_.batch || Y.cols() != ws_.batch)
    throw std::invalid_argument("landscape batch must have " + std::to_string(ws_.batch) + " examples, got " +
                                std::to_string(X.cols()));
  count_ = count;
  etas.setZero();
  loss.setZero();
  grad_diff.setZero();

  // W and the last training step's gradient, put back at the end.
  net.copy_parameters(theta0_);
  net.copy_gradients(saved_);
  // g = ∇L(W) on this batch.
  loss0 = loss_and_gradient(net, X, Y);
  net.copy_gradients(g0_);
  grad_norm = g0_.cast<double>().norm();

  bool finite = std::isfinite(loss0) && std::isfinite(grad_norm);
  beta_eff = 0;
  for (int k = 0; k < count; ++k) {
    const double eta = step_sizes[k];
    etas(k) = eta;
    theta_ = theta0_ - static_cast<Scalar>(eta) * g0_;  // W − η·g
    net.set_parameters(theta_);
    loss(k) = loss_and_gradient(net, X, Y);
    net.copy_gradients(theta_);                         // ∇L(W − η·g)
    grad_diff(k) = (g0_.cast<double>() - theta_.cast<double>()).norm();
    finite = finite && std::isfinite(loss(k)) && std::isfinite(grad_diff(k));
    const double step = eta * grad_norm;  // ‖η·g‖
    if (step > 0) beta_eff = std::max(beta_eff, grad_diff(k) / step);
  }
  net.set_parameters(theta0_);
  net.set_gradients(saved_);
  return finite && std::isfinite(beta_eff);
}

}  // namespace bnlab
