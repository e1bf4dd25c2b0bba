#include "groupnorm.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace bnlab {

void GroupNormCache::resize(int features, int groups, int batch) {
  z_norm.setZero(features, batch);
  mean.setZero(groups, batch);
  var.setZero(groups, batch);
  inv_std.setZero(groups, batch);
}

GroupNorm::GroupNorm(int features, int groups, double eps) : groups_(groups), eps_(eps) {
  if (groups < 1 || features < 1 || features % groups != 0)
    throw std::invalid_argument("norm_groups must divide the layer's " + std::to_string(features) +
                                " units into groups of equal size, got " + std::to_string(groups));
  gamma.resize(features);
  beta.resize(features);
  dgamma.setZero(features);
  dbeta.setZero(features);
  reset_parameters();
}

void GroupNorm::reset_parameters() {
  gamma.setOnes();
  beta.setZero();
}

void GroupNorm::forward(ConstMatRef Z, GroupNormCache& cache, MatRef Y) const {
  const Eigen::Index m = Z.cols();
  const Eigen::Index s = group_size();
  // Columns are examples and a group is s consecutive rows, so one group of
  // one example is a contiguous run of s values.
  for (Eigen::Index i = 0; i < m; ++i) {
    for (Eigen::Index g = 0; g < groups_; ++g) {
      const Eigen::Index first = g * s;
      // Pass 1: μ = 1/s Σ z, in double.
      double sum = 0;
      for (Eigen::Index j = first; j < first + s; ++j) sum += static_cast<double>(Z(j, i));
      const double mu = sum / static_cast<double>(s);
      // Pass 2: σ² = 1/s Σ (z − μ)², two passes as in batch norm (no E[z²] − E[z]² cancellation).
      double sq = 0;
      for (Eigen::Index j = first; j < first + s; ++j) {
        const double d = static_cast<double>(Z(j, i)) - mu;
        sq += d * d;
      }
      const double var = sq / static_cast<double>(s);
      const double inv_std = 1.0 / std::sqrt(var + eps_);
      cache.mean(g, i) = static_cast<Scalar>(mu);
      cache.var(g, i) = static_cast<Scalar>(var);
      cache.inv_std(g, i) = static_cast<Scalar>(inv_std);
      // z_norm = (z − μ)·inv_std ;  z̃ = γ ⊙ z_norm + β, in double and rounded
      // once: a float multiply-add would round differently where the compiler
      // fuses it (native FMA) and where it does not (WebAssembly).
      for (Eigen::Index j = first; j < first + s; ++j) {
        const double x_hat = (static_cast<double>(Z(j, i)) - mu) * inv_std;
        cache.z_norm(j, i) = static_cast<Scalar>(x_hat);
        Y(j, i) = static_cast<Scalar>(static_cast<double>(gamma(j)) * x_hat + static_cast<double>(beta(j)));
      }
    }
  }
}

void GroupNorm::backward(ConstMatRef dY, const GroupNormCache& cache, MatRef dZ) {
  const Eigen::Index m = dY.cols();
  const Eigen::Index s = group_size();
  // The affine part, per unit j over the examples i:
  //   dβ(j) = Σ_i dy(j,i)            dγ(j) = Σ_i dy(j,i)·z_norm(j,i)
  dbeta = dY.rowwise().sum();
  dgamma = (dY.array() * cache.z_norm.array()).rowwise().sum().matrix();
  // Through the normalization, per group of one example, with dx̂ = γ ⊙ dy:
  //   dz(j) = inv_std · ( dx̂(j) − A − z_norm(j)·B )
  //   A = 1/s Σ_{k∈g} dx̂(k)              (term A: the path through μ)
  //   B = 1/s Σ_{k∈g} dx̂(k)·z_norm(k)    (term B: the path through σ²)
  // The same compact form as batch norm's, with the sums over the group's
  // units instead of over the batch.
  const double inv_s = 1.0 / static_cast<double>(s);
  for (Eigen::Index i = 0; i < m; ++i) {
    for (Eigen::Index g = 0; g < groups_; ++g) {
      const Eigen::Index first = g * s;
      double a = 0, b = 0;
      for (Eigen::Index j = first; j < first + s; ++j) {
        const double dx_hat = static_cast<double>(gamma(j)) * static_cast<double>(dY(j, i));
        a += dx_hat;
        b += dx_hat * static_cast<double>(cache.z_norm(j, i));
      }
      a *= inv_s;
      b *= inv_s;
      const double inv_std = static_cast<double>(cache.inv_std(g, i));
      for (Eigen::Index j = first; j < first + s; ++j) {
        const double dx_hat = static_cast<double>(gamma(j)) * static_cast<double>(dY(j, i));
        dZ(j, i) = static_cast<Scalar>(inv_std * (dx_hat - a - static_cast<double>(cache.z_norm(j, i)) * b));
      }
    }
  }
}

}  // namespace bnlab
