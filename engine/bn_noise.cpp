#include "bn_noise.hpp"

#include <cmath>

namespace bnlab {

BnNoise::BnNoise(int features) {
  scale.resize(features);
  shift.resize(features);
  clear();
}

void BnNoise::clear() {
  scale.setOnes();
  shift.setZero();
}

void BnNoise::draw(Rng& rng, double nu) {
  // This step's noise distribution: its own mean and spread are random.
  const double shift_mean = rng.uniform(-nu, nu);
  const double shift_spread = rng.uniform(0.0, nu);
  const double log_scale_mean = rng.uniform(-0.5 * nu, 0.5 * nu);
  const double log_scale_spread = rng.uniform(0.0, 0.5 * nu);
  for (Eigen::Index j = 0; j < scale.size(); ++j) {
    shift(j) = static_cast<Scalar>(shift_mean + shift_spread * rng.normal());
    scale(j) = static_cast<Scalar>(std::exp(log_scale_mean + log_scale_spread * rng.normal()));
  }
}

void BnNoise::apply(MatRef Z) const {
  // Column-wise broadcast of two vectors: no temporary (Eigen evaluates the
  // array expression in place).
  for (Eigen::Index i = 0; i < Z.cols(); ++i) Z.col(i).array() = Z.col(i).array() * scale.array() + shift.array();
}

void BnNoise::backward(MatRef dZ) const {
  for (Eigen::Index i = 0; i < dZ.cols(); ++i) dZ.col(i).array() *= scale.array();
}

}  // namespace bnlab
