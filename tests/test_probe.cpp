// Probes: percentiles, histograms, saturation and what BN does to the probe batch.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "probe.hpp"
#include "trainer.hpp"
#include "test_helpers.hpp"

using namespace bnlab;

TEST_CASE("percentiles interpolate linearly between order statistics like numpy") {
  const std::vector<Scalar> v = {1, 2, 3, 4, 5};
  CHECK(percentile_sorted(v, 0.5) == doctest::Approx(3));
  CHECK(percentile_sorted(v, 0.15) == doctest::Approx(1.6));
  CHECK(percentile_sorted(v, 0.85) == doctest::Approx(4.4));
  CHECK(percentile_sorted(v, 1.0) == doctest::Approx(5));
}

TEST_CASE("probe histograms count every probe value and z_norm is standardized") {
  TrainerSpec s;
  s.network.hidden_sizes = {6, 6};
  s.network.activation = Activation::Sigmoid;
  s.network.batch_size = 20;
  TwinTrainer t(s);
  t.step(10);
  t.refresh_probes();
  Probe& p = t.probe(kWithBn);
  const int P = p.ws.batch;
  CHECK(P == 200);  // min(256, 200 training examples)
  for (int col = 0; col < 2 * kProbeQuantities; ++col) CHECK(p.histograms().col(col).sum() == doctest::Approx(6 * P));
  // z_norm of every unit over the probe batch has mean 0 (it is normalized with the probe batch's own statistics).
  const Matrix& zn = p.ws.hidden[1].bn.z_norm;
  CHECK(zn.cast<double>().rowwise().mean().cwiseAbs().maxCoeff() < 1e-5);
  // With BN before g, the activation input z̃ has median near β = 0 early on.
  CHECK(std::abs(p.percentiles(1, 1)) < 0.5);
  CHECK(p.percentiles(0, 1) <= p.percentiles(1, 1));
  CHECK(p.percentiles(1, 1) <= p.percentiles(2, 1));
  CHECK(p.saturation(0) >= 0);
  CHECK(p.saturation(0) <= 1);
  CHECK(p.grad_norms(0, 0) > 0);
  // The twin without BN has no z_norm or z̃: those histograms are empty.
  Probe& q = t.probe(kWithoutBn);
  CHECK(q.histograms().col(static_cast<int>(ProbeQuantity::ZNorm)).sum() == 0);
  CHECK(q.histograms().col(static_cast<int>(ProbeQuantity::Z)).sum() == doctest::Approx(6 * P));
}

TEST_CASE("a probe refresh leaves the running statistics untouched") {
  TwinTrainer t(TrainerSpec{});
  t.step(5);
  const Vector before = t.net(kWithBn).hidden(0).bn.running_mean;
  t.refresh_probes();
  CHECK(t.net(kWithBn).hidden(0).bn.running_mean == before);
}

TEST_CASE("histograms and saturation of each layer follow that layer's activation") {
  TrainerSpec s;
  s.network.hidden_sizes = {6, 6};
  s.network.activations = {Activation::ReLU, Activation::Sigmoid};
  s.network.init_scale = 20;  // large weights: the sigmoid layer saturates
  TwinTrainer t(s);
  t.refresh_probes();
  const Probe& p = t.probe(kWithoutBn);
  const int a0 = static_cast<int>(ProbeQuantity::A), a1 = kProbeQuantities + a0;
  CHECK(p.hist_ranges(0, a0) == 0);  // ReLU: [0, 4]
  CHECK(p.hist_ranges(1, a0) == 4);
  CHECK(p.hist_ranges(0, a1) == 0);  // sigmoid: [0, 1]
  CHECK(p.hist_ranges(1, a1) == 1);
  CHECK(p.saturation(0) == 0);       // ReLU never saturates
  CHECK(p.saturation(1) > 0.5);      // σ of |z| ≫ 4
}

TEST_CASE("histograms are of the last refresh, binned on their first read, even after a probe-batch evaluation") {
  TrainerSpec s;
  s.network.hidden_sizes = {8, 8};
  TwinTrainer eager(s), lazy(s);
  eager.step(10);
  lazy.step(10);
  eager.refresh_probes();
  lazy.refresh_probes();
  const Matrix expected = eager.probe(kWithBn).histograms();
  // Training on, then evaluating with the probe batch's statistics, runs the probe batch forward
  // again with other weights: the refresh's histograms must not change.
  lazy.step(5);
  lazy.evaluate(kWithBn, StatsMode::Given);
  CHECK(lazy.probe(kWithBn).histograms() == expected);
}

TEST_CASE("binning four values at a time: the bins of floor, edge bins for out-of-range values, non-finite skipped") {
  TrainerSpec s;
  s.network.hidden_sizes = {8};
  s.probe.bins = 10;
  s.probe.range = 2.0;
  TwinTrainer t(s);
  t.refresh_probes();
  Probe& p = t.probe(kWithoutBn);
  Matrix& Z = p.ws.hidden[0].Z;  // binned on the next read: edge cases written in
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> edges = {std::nanf(""), inf, -inf, 1e30f, -1e30f, -2.0f, 2.0f, 1.6f, 1.5999999f,
                                    -0.0f, 0.0f, 0.39999998f, 0.4f, -0.4f, std::nextafter(2.0f, 0.0f)};
  for (size_t k = 0; k < edges.size(); ++k) Z.data()[3 * k + 1] = edges[k];  // spread over lanes and columns
  std::vector<Scalar> reference(10, 0);
  const Scalar lo = -2, scale = Scalar(10) / Scalar(4);
  for (Eigen::Index i = 0; i < Z.size(); ++i) {
    const Scalar v = Z.data()[i];
    if (!std::isfinite(v)) continue;
    reference[static_cast<size_t>(std::clamp(std::floor((v - lo) * scale), Scalar(0), Scalar(9)))] += 1;
  }
  const Matrix& h = p.histograms();
  for (int b = 0; b < 10; ++b) CHECK(h(b, static_cast<int>(ProbeQuantity::Z)) == reference[static_cast<size_t>(b)]);
  CHECK(h.col(static_cast<int>(ProbeQuantity::Z)).sum() == Z.size() - 3);  // NaN, +inf, −inf
}
