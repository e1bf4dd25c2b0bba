#include "batchnorm.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "simd.hpp"

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
  // (Each feature's sums run over the examples in order; the f32x4/f64x2 code takes
  // several features at once, never several examples: simd.hpp.)
  cache.acc.setZero();
  {
    double* acc = cache.acc.data();
    for (Eigen::Index i = 0; i < m; ++i) {
      const Scalar* z = Z.data() + i * Z.outerStride();
      simd::for_each2(n, [&](Eigen::Index j, auto t) {
        using simd::ld, simd::st, simd::wide;
        st(t, acc + j, ld(t, acc + j) + wide(t, z + j));
      });
    }
  }
  cache.acc /= static_cast<double>(m);
  // Pass 2: σ² = 1/m Σ_i (z(i) − μ)². Two passes avoid the catastrophic
  // cancellation of E[z²] − E[z]² (1e4 + {1,2,3} gives −4 in float32 that way).
  cache.acc2.setZero();
  {
    const double* acc = cache.acc.data();
    double* acc2 = cache.acc2.data();
    for (Eigen::Index i = 0; i < m; ++i) {
      const Scalar* z = Z.data() + i * Z.outerStride();
      simd::for_each2(n, [&](Eigen::Index j, auto t) {
        using simd::ld, simd::st, simd::wide;
        const auto d = wide(t, z + j) - ld(t, acc + j);
        st(t, acc2 + j, ld(t, acc2 + j) + d * d);
      });
    }
  }
  cache.acc2 /= static_cast<double>(m);

  for (Eigen::Index j = 0; j < n; ++j) {
    cache.mean(j) = static_cast<Scalar>(cache.acc(j));
    cache.var(j) = static_cast<Scalar>(cache.acc2(j));
    cache.inv_std(j) = static_cast<Scalar>(1.0 / std::sqrt(cache.acc2(j) + config_.eps));
  }
  cache.used_batch_stats = true;

  // z_norm = (z − μ) ⊙ inv_std ;  z̃ = γ ⊙ z_norm + β   (z̃ tested for finiteness as it is written:
  // a training step checks it, Network::train_forward_finite)
  {
    const Scalar *mean = cache.mean.data(), *inv_std = cache.inv_std.data(), *g = gamma.data(), *b = beta.data();
    simd::FiniteCheck<Scalar> written;
    for (Eigen::Index i = 0; i < m; ++i) {
      const Scalar* z = Z.data() + i * Z.outerStride();
      Scalar* zn = cache.z_norm.data() + i * n;
      Scalar* y = Y.data() + i * Y.outerStride();
      simd::for_each4(n, [&](Eigen::Index j, auto t) {
        using simd::ld, simd::st;
        const auto x = (ld(t, z + j) - ld(t, mean + j)) * ld(t, inv_std + j);
        st(t, zn + j, x);
        const auto z_tilde = x * ld(t, g + j) + ld(t, b + j);
        st(t, y + j, z_tilde);
        written.see(t, z_tilde);
      });
    }
    cache.output_finite = written.all_finite();
  }

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
  {
    double *acc = cache.acc.data(), *acc2 = cache.acc2.data();
    for (Eigen::Index i = 0; i < m; ++i) {
      const Scalar* dy = dY.data() + i * dY.outerStride();
      const Scalar* zn = cache.z_norm.data() + i * n;
      simd::for_each2(n, [&](Eigen::Index j, auto t) {
        using simd::ld, simd::st, simd::wide, simd::wide_product;
        st(t, acc + j, ld(t, acc + j) + wide(t, dy + j));
        st(t, acc2 + j, ld(t, acc2 + j) + wide_product(t, dy + j, zn + j));  // dy·x̂ in float, then widened
      });
    }
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
  {
    const Scalar *s1 = cache.shift.data(), *s2 = cache.shift2.data(), *sc = cache.scale.data();
    for (Eigen::Index i = 0; i < m; ++i) {
      const Scalar* dy = dY.data() + i * dY.outerStride();
      const Scalar* zn = cache.z_norm.data() + i * n;
      Scalar* dz = dZ.data() + i * dZ.outerStride();
      simd::for_each4(n, [&](Eigen::Index j, auto t) {
        using simd::ld, simd::st;
        const auto d = (ld(t, dy + j) - ld(t, s1 + j)) - ld(t, zn + j) * ld(t, s2 + j);
        st(t, dz + j, d * ld(t, sc + j));
      });
    }
  }
}

}  // namespace bnlab
