#include "batchnorm.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace bnlab {

void BatchNormCache::resize(int features, int batch) {
  z_norm.setZero(features, batch);
  mean.setZero(features);
  var.setZero(features);
  inv_std.setZero(features);
  acc.setZero(features);
  acc2.setZero(features);
  scale.setZero(features);
  shift.setZero(features);
  shift2.setZero(features);
}

BatchNorm::BatchNorm(int features, const BatchNormConfig& config) : config_(config) {
  gamma.resize(features);
  beta.resize(features);
  running_mean.resize(features);
  running_var.resize(features);
  dgamma.setZero(features);
  dbeta.setZero(features);
  reset_parameters();
}

void BatchNorm::reset_parameters() {
  gamma.setOnes();
  beta.setZero();
  running_mean.setZero();
  running_var.setOnes();
  num_batches_tracked = 0;
}

void BatchNorm::forward_train(ConstMatRef Z, BatchNormCache& cache, MatRef Y, bool update_running) {
  const Eigen::Index n = Z.rows();
  const Eigen::Index m = Z.cols();
  if (m < 2) {
    throw std::invalid_argument("batch_size must be at least 2 when batch norm trains (got " + std::to_string(m) +
                                "): a single example has no batch variance");
  }
  // Pass 1: μ = 1/m Σ_i z(i), accumulated in double. Columns are examples, so
  // walking column by column reads memory in order.
  cache.acc.setZero();
  for (Eigen::Index i = 0; i < m; ++i) cache.acc += Z.col(i).cast<double>();
  cache.acc /= static_cast<double>(m);
  // Pass 2: σ² = 1/m Σ_i (z(i) − μ)². Two passes avoid the catastrophic
  // cancellation of E[z²] − E[z]² (1e4 + {1,2,3} gives −4 in float32 that way).
  cache.acc2.setZero();
  for (Eigen::Index i = 0; i < m; ++i) cache.acc2 += (Z.col(i).cast<double>() - cache.acc).array().square().matrix();
  cache.acc2 /= static_cast<double>(m);

  for (Eigen::Index j = 0; j < n; ++j) {
    cache.mean(j) = static_cast<Scalar>(cache.acc(j));
    cache.var(j) = static_cast<Scalar>(cache.acc2(j));
    cache.inv_std(j) = static_cast<Scalar>(1.0 / std::sqrt(cache.acc2(j) + config_.eps));
  }
  cache.used_batch_stats = true;

  // z_norm = (z − μ) ⊙ inv_std ;  z̃ = γ ⊙ z_norm + β
  cache.z_norm = ((Z.colwise() - cache.mean).array().colwise() * cache.inv_std.array()).matrix();
  Y = ((cache.z_norm.array().colwise() * gamma.array()).colwise() + beta.array()).matrix();

  if (update_running) {
    ++num_batches_tracked;
    // running_var takes the unbiased variance m/(m−1)·σ² (PyTorch, TF fused).
    const double bessel = static_cast<double>(m) / static_cast<double>(m - 1);
    const double w = config_.cumulative ? 1.0 / static_cast<double>(num_batches_tracked) : config_.momentum;
    for (Eigen::Index j = 0; j < n; ++j) {
      running_mean(j) = static_cast<Scalar>((1.0 - w) * running_mean(j) + w * cache.acc(j));
      running_var(j) = static_cast<Scalar>((1.0 - w) * running_var(j) + w * bessel * cache.acc2(j));
    }
  }
}

void BatchNorm::forward_fixed(ConstMatRef Z, ConstVecRef mean, ConstVecRef var, BatchNormCache& cache,
                              MatRef Y) const {
  const Eigen::Index n = Z.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    cache.mean(j) = mean(j);
    cache.var(j) = var(j);
    cache.inv_std(j) = static_cast<Scalar>(1.0 / std::sqrt(static_cast<double>(var(j)) + config_.eps));
  }
  cache.used_batch_stats = false;
  // z_norm is kept for the probes; the output itself uses the folded map
  // z̃ = a ⊙ z + c, a = γ·inv_std, c = β − a ⊙ mean (one multiply-add per value).
  cache.z_norm = ((Z.colwise() - cache.mean).array().colwise() * cache.inv_std.array()).matrix();
  for (Eigen::Index j = 0; j < n; ++j) {
    const double a = static_cast<double>(gamma(j)) * static_cast<double>(cache.inv_std(j));
    cache.scale(j) = static_cast<Scalar>(a);
    cache.shift(j) = static_cast<Scalar>(static_cast<double>(beta(j)) - a * static_cast<double>(mean(j)));
  }
  Y = ((Z.array().colwise() * cache.scale.array()).colwise() + cache.shift.array()).matrix();
}

void BatchNorm::backward(ConstMatRef dY, BatchNormCache& cache, MatRef dZ) {
  const Eigen::Index n = dY.rows();
  const Eigen::Index m = dY.cols();
  if (!cache.used_batch_stats) {
    // Fixed statistics are constants: dz = γ·inv_std·dy, and the usual
    // dγ = Σ dy·x̂, dβ = Σ dy.
    dgamma = (dY.array() * cache.z_norm.array()).rowwise().sum().matrix();
    dbeta = dY.rowwise().sum();
    cache.scale = (gamma.array() * cache.inv_std.array()).matrix();
    dZ = (dY.array().colwise() * cache.scale.array()).matrix();
    return;
  }
  // Compact backward (engine/README.md §6), per feature j over the m examples i:
  //   dβ = Σ_i dy_i                       (term A)
  //   dγ = Σ_i dy_i·x̂_i                   (term B)
  //   dz_i = γ·inv_std/m · ( m·dy_i − A − x̂_i·B )
  // The −A term is the gradient through μ, the −x̂·B term the one through σ².
  cache.acc.setZero();
  cache.acc2.setZero();
  for (Eigen::Index i = 0; i < m; ++i) {
    cache.acc += dY.col(i).cast<double>();
    cache.acc2 += (dY.col(i).array() * cache.z_norm.col(i).array()).cast<double>().matrix();
  }
  dbeta = cache.acc.cast<Scalar>();
  dgamma = cache.acc2.cast<Scalar>();
  const double inv_m = 1.0 / static_cast<double>(m);
  for (Eigen::Index j = 0; j < n; ++j) {
    cache.shift(j) = static_cast<Scalar>(cache.acc(j) * inv_m);    // mean(dy)
    cache.shift2(j) = static_cast<Scalar>(cache.acc2(j) * inv_m);  // mean(dy·x̂)
    cache.scale(j) = gamma(j) * cache.inv_std(j);                   // γ·inv_std
  }
  // dz = γ·inv_std ⊙ (dy − mean(dy) − x̂ ⊙ mean(dy·x̂))   (the same as the formula above, divided through by m)
  dZ = ((dY.array().colwise() - cache.shift.array()) - cache.z_norm.array().colwise() * cache.shift2.array())
           .matrix();
  dZ = (dZ.array().colwise() * cache.scale.array()).matrix();
}

}  // namespace bnlab
