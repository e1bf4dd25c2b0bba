#include "probe.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

// The float32 engine bins four values at a time; the float64 build (gradient checks) one at a time.
#ifndef BNLAB_DOUBLE
#define BNLAB_PROBE_SIMD 1
#include "tanhf4.hpp"  // select, abs4
#endif

namespace bnlab {

Probe::Probe(const Network& net, int probe_batch, const ProbeSpec& spec) : spec_(spec) {
  ws = net.make_workspace(probe_batch);
  const int L = net.num_hidden();
  histograms_.setZero(spec_.bins, kProbeQuantities * L);
  hist_ranges.setZero(2, kProbeQuantities * L);
  percentiles.setZero(3, L);
  saturation.setZero(L);
  grad_norms.setZero(4, L + 1);
  sorted_.resize(static_cast<size_t>(probe_batch));
  bin_counts_.resize(static_cast<size_t>(spec_.bins + 1));
}

void Probe::clear() {
  ws.clear();
  histograms_.setZero();
  unbinned_ = nullptr;
  hist_ranges.setZero();
  percentiles.setZero();
  saturation.setZero();
  grad_norms.setZero();
}

Scalar percentile_sorted(const std::vector<Scalar>& sorted, double q) {
  if (sorted.empty()) return Scalar(0);
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return static_cast<Scalar>((1.0 - frac) * sorted[lo] + frac * sorted[hi]);
}

void Probe::histogram(const Matrix& values, int column) {
  auto counts = histograms_.col(column);
  const Scalar lo = hist_ranges(0, column), hi = hist_ranges(1, column);
  const int bins = spec_.bins;
  const Scalar scale = static_cast<Scalar>(bins) / (hi - lo);
  // Counts per bin, and one more for the values that are not finite (a diverged value is not
  // data). Out-of-range values pile into the edge bins, so saturation stays visible. Clamping the
  // position to [0, bins − 1] before truncating gives the bin floor would (the position is ≥ 0
  // then), and no value too large for an int reaches the conversion (where 1e30 used to land in
  // the first bin natively).
  std::fill(bin_counts_.begin(), bin_counts_.end(), 0);
  int* bin_count = bin_counts_.data();
  const Scalar* v = values.data();
  const Eigen::Index n = values.size();
  Eigen::Index i = 0;
#ifdef BNLAB_PROBE_SIMD
  using namespace simd;
  const f32x4 lo4 = splat(lo), scale4 = splat(scale), last4 = splat(static_cast<float>(bins - 1));
  const f32x4 zero4 = splat(0.0f);
  const f32x4 inf4 = splat(std::numeric_limits<float>::infinity());
  const i32x4 none = {bins, bins, bins, bins};
  for (; i + 4 <= n; i += 4) {
    const f32x4 x = load4(v + i);
    const i32x4 finite = abs4(x) < inf4;
    f32x4 t = (x - lo4) * scale4;
    t = select(t < zero4, zero4, t);
    t = select(last4 < t, last4, t);
    t = select(finite, t, zero4);
    const i32x4 bin = (__builtin_convertvector(t, i32x4) & finite) | (none & ~finite);
    for (int k = 0; k < 4; ++k) ++bin_count[bin[k]];
  }
#endif
  for (; i < n; ++i) {
    const Scalar x = v[i];
    if (!std::isfinite(x)) continue;
    ++bin_count[static_cast<int>(std::clamp((x - lo) * scale, Scalar(0), static_cast<Scalar>(bins - 1)))];
  }
  for (int b = 0; b < bins; ++b) counts(b) = static_cast<Scalar>(bin_count[b]);
}

void Probe::refresh(Network& net, ConstMatRef X) {
  net.forward(X, ws, StatsMode::Batch);
  const auto r = static_cast<Scalar>(spec_.range);
  // A after-activation BN normalizes A, so its "A" is still g's output.
  for (int l = 0; l < net.num_hidden(); ++l) {
    const Activation g = net.spec().activation_of(l);  // each layer's own g: A's range and saturation
    Scalar a_lo = 0, a_hi = 1;
    activation_display_range(g, a_lo, a_hi);
    const HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
    const int base = kProbeQuantities * l;
    for (int q = 0; q < kProbeQuantities; ++q) {
      const bool is_a = q == static_cast<int>(ProbeQuantity::A);
      hist_ranges(0, base + q) = is_a ? a_lo : -r;
      hist_ranges(1, base + q) = is_a ? a_hi : r;
    }

    // Percentiles of the chosen unit's activation input over the probe batch.
    const Matrix& in = net.activation_input(ws, l);
    const int unit = std::clamp(spec_.unit, 0, static_cast<int>(in.rows()) - 1);
    for (Eigen::Index i = 0; i < in.cols(); ++i) sorted_[static_cast<size_t>(i)] = in(unit, i);
    std::sort(sorted_.begin(), sorted_.end());
    percentiles(0, l) = percentile_sorted(sorted_, 0.15);
    percentiles(1, l) = percentile_sorted(sorted_, 0.50);
    percentiles(2, l) = percentile_sorted(sorted_, 0.85);

    const Eigen::Index saturated = count_saturated(g, c.A);
    saturation(l) = static_cast<Scalar>(saturated) / static_cast<Scalar>(std::max<Eigen::Index>(1, c.A.size()));

    const HiddenLayer& h = net.hidden(l);
    grad_norms(0, l) = h.dense.dW.norm();
    grad_norms(1, l) = h.dense.use_bias() ? h.dense.db.norm() : Scalar(0);
    grad_norms(2, l) = h.normalized() ? h.dgamma().norm() : Scalar(0);
    grad_norms(3, l) = h.normalized() ? h.dbeta().norm() : Scalar(0);
  }
  const int L = net.num_hidden();
  grad_norms(0, L) = net.output().dW.norm();
  grad_norms(1, L) = net.output().db.norm();
  grad_norms(2, L) = 0;
  grad_norms(3, L) = 0;
  unbinned_ = &net;
}

const Matrix& Probe::histograms() {
  if (unbinned_ != nullptr) {
    for (int l = 0; l < unbinned_->num_hidden(); ++l) {
      const HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
      const int base = kProbeQuantities * l;
      histogram(c.Z, base + static_cast<int>(ProbeQuantity::Z));
      histogram(unbinned_->z_norm(ws, l), base + static_cast<int>(ProbeQuantity::ZNorm));
      histogram(c.z_tilde, base + static_cast<int>(ProbeQuantity::ZTilde));
      histogram(c.A, base + static_cast<int>(ProbeQuantity::A));
    }
    unbinned_ = nullptr;
  }
  return histograms_;
}

}  // namespace bnlab
