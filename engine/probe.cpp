#include "probe.hpp"

#include <algorithm>
#include <cmath>

namespace bnlab {

Probe::Probe(const Network& net, int probe_batch, const ProbeSpec& spec) : spec_(spec) {
  ws = net.make_workspace(probe_batch);
  const int L = net.num_hidden();
  histograms.setZero(spec_.bins, kProbeQuantities * L);
  hist_ranges.setZero(2, kProbeQuantities * L);
  percentiles.setZero(3, L);
  saturation.setZero(L);
  grad_norms.setZero(4, L + 1);
  sorted_.resize(static_cast<size_t>(probe_batch));
}

void Probe::clear() {
  ws.clear();
  histograms.setZero();
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

void Probe::histogram(const Matrix& values, int column, Scalar lo, Scalar hi) {
  auto counts = histograms.col(column);
  counts.setZero();
  hist_ranges(0, column) = lo;
  hist_ranges(1, column) = hi;
  if (values.size() == 0) return;
  const Scalar scale = static_cast<Scalar>(spec_.bins) / (hi - lo);
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    const Scalar v = values.data()[i];
    if (!std::isfinite(v)) continue;  // a diverged value is not data
    // Out-of-range values pile into the edge bins, so saturation stays visible.
    const int bin = std::clamp(static_cast<int>(std::floor((v - lo) * scale)), 0, spec_.bins - 1);
    counts(bin) += 1;
  }
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
    histogram(c.Z, base + static_cast<int>(ProbeQuantity::Z), -r, r);
    histogram(net.z_norm(ws, l), base + static_cast<int>(ProbeQuantity::ZNorm), -r, r);
    histogram(c.z_tilde, base + static_cast<int>(ProbeQuantity::ZTilde), -r, r);
    histogram(c.A, base + static_cast<int>(ProbeQuantity::A), a_lo, a_hi);

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
}

}  // namespace bnlab
