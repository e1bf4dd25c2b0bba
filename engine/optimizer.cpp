#include "optimizer.hpp"

#include <cmath>

#include "simd.hpp"

namespace bnlab {

int Optimizer::add_slot(Eigen::Index size) {
  sizes_.push_back(size);
  first_.emplace_back(Vector::Zero(config_.kind == OptimizerKind::SGD ? 0 : size));
  second_.emplace_back(Vector::Zero(config_.kind == OptimizerKind::Adam ? size : 0));
  return static_cast<int>(sizes_.size()) - 1;
}

void Optimizer::reset_state() {
  for (auto& v : first_) v.setZero();
  for (auto& v : second_) v.setZero();
  t_ = 0;
}

bool Optimizer::update(int slot, Scalar* theta_ptr, const Scalar* dtheta_ptr, bool decay) {
  const Eigen::Index n = sizes_[slot];
  Eigen::Map<Vector> theta(theta_ptr, n);
  const Eigen::Map<const Vector> grad(dtheta_ptr, n);
  const auto lr = static_cast<Scalar>(config_.learning_rate);
  const auto lambda = static_cast<Scalar>(decay ? config_.weight_decay : 0.0);
  simd::FiniteCheck<Scalar> updated;  // every new θ, as it is written
  switch (config_.kind) {
    case OptimizerKind::SGD:
      // θ := θ − α·(dθ + λθ)
      {
        // Four values at a time, each in the scalar expression's order (simd.hpp).
        simd::for_each4(n, [&](Eigen::Index i, auto t) {
          using simd::bc, simd::ld, simd::st;
          const auto th = ld(t, theta_ptr + i) - bc(t, lr) * (ld(t, dtheta_ptr + i) + bc(t, lambda) * ld(t, theta_ptr + i));
          st(t, theta_ptr + i, th);
          updated.see(t, th);
        });
      }
      return updated.all_finite();
    case OptimizerKind::Momentum: {
      // v := μ·v + (dθ + λθ);  θ := θ − α·v
      auto& v = first_[slot];
      const auto mu = static_cast<Scalar>(config_.momentum);
      {
        Scalar* v_ptr = v.data();
        simd::for_each4(n, [&](Eigen::Index i, auto t) {
          using simd::bc, simd::ld, simd::st;
          const auto vi = bc(t, mu) * ld(t, v_ptr + i) + ld(t, dtheta_ptr + i) + bc(t, lambda) * ld(t, theta_ptr + i);
          st(t, v_ptr + i, vi);
          const auto th = ld(t, theta_ptr + i) - bc(t, lr) * vi;
          st(t, theta_ptr + i, th);
          updated.see(t, th);
        });
      }
      return updated.all_finite();
    }
    case OptimizerKind::Adam: {
      auto& m = first_[slot];
      auto& v = second_[slot];
      const auto b1 = static_cast<Scalar>(config_.beta1);
      const auto b2 = static_cast<Scalar>(config_.beta2);
      // Bias corrections 1 − β^t, in double: β2^t underflows slowly in float.
      const auto c1 = static_cast<Scalar>(1.0 - std::pow(config_.beta1, static_cast<double>(t_)));
      const auto c2 = static_cast<Scalar>(1.0 - std::pow(config_.beta2, static_cast<double>(t_)));
      const auto eps = static_cast<Scalar>(config_.adam_epsilon);
      for (Eigen::Index i = 0; i < n; ++i) {
        const Scalar g = grad(i) + lambda * theta(i);
        m(i) = b1 * m(i) + (Scalar(1) - b1) * g;
        v(i) = b2 * v(i) + (Scalar(1) - b2) * g * g;
        // θ := θ − α · m̂ / (√v̂ + ε)
        theta(i) -= lr * (m(i) / c1) / (std::sqrt(v(i) / c2) + eps);
        updated.see(simd::One{}, theta(i));
      }
      return updated.all_finite();
    }
  }
  return true;
}

}  // namespace bnlab
