// What the page draws about one network, refreshed after training steps.
//
// The probe runs the network on a fixed probe batch (the same examples every
// time, so changes over steps are the network's, not the data's) with batch
// statistics and without touching the running statistics, then summarizes each
// hidden layer into contiguous preallocated buffers that JavaScript reads
// without copying:
//   - Z, z_norm, z̃, A of every unit: the probe workspace's matrices (n[l], P)
//   - fixed-bin histograms of those four quantities
//   - the 15th/50th/85th percentiles of one chosen unit's activation input
//     (the input of g: the paper's Figure 1b/c)
//   - the fraction of saturated activations (tanh, sigmoid)
//   - per-layer gradient norms of the last training step
// batch_noise.hpp is the other probe: one example in many random batches.
#pragma once

#include <array>
#include <vector>

#include "names.hpp"
#include "network.hpp"

namespace bnlab {

// Histogram quantities, in column order within a layer's block, and their
// names in the facade (the course's symbols: Z, z_norm, z̃, A).
enum class ProbeQuantity { Z = 0, ZNorm = 1, ZTilde = 2, A = 3 };
constexpr int kProbeQuantities = 4;
constexpr std::array<Named<ProbeQuantity>, kProbeQuantities> kProbeQuantityNames{
    {{ProbeQuantity::Z, "Z"},
     {ProbeQuantity::ZNorm, "zNorm"},
     {ProbeQuantity::ZTilde, "zTilde"},
     {ProbeQuantity::A, "A"}}};
constexpr const auto& enum_names(ProbeQuantity) { return kProbeQuantityNames; }

struct ProbeSpec {
  int bins = 32;
  double range = 4.0;  // Z, z_norm, z̃ histograms cover [−range, range]; A covers g's range
  int unit = 0;        // unit whose percentiles are tracked (clamped to each layer's width)
};

class Probe {
 public:
  Probe(const Network& net, int probe_batch, const ProbeSpec& spec);

  // Forward of X (input, P) with batch statistics (running stats untouched),
  // then every summary below; the histograms are binned on their first read
  // after it (the lab refreshes at every record step for the percentiles and
  // draws the histograms of the last one). Allocates nothing. `net` must
  // outlive the next histograms() call.
  void refresh(Network& net, ConstMatRef X);

  // (bins, 4·L): column 4l + q is quantity q of layer l, counts per bin, of
  // the probe batch as of the last refresh (allocates nothing).
  const Matrix& histograms();

  // Zeroes the workspace and every summary (no allocation), as before the first refresh.
  void clear();

  const ProbeSpec& spec() const { return spec_; }
  void set_unit(int unit) { spec_.unit = unit; }

  Workspace ws;        // the probe batch's Z, z_norm, z̃, A (per layer, (n[l], P))
  Matrix hist_ranges;  // (2, 4·L): [lo; hi] of each histogram
  Matrix percentiles;  // (3, L): 15th, 50th, 85th percentile of the chosen unit's activation input
  Vector saturation;   // (L): fraction of saturated activations (0 when g does not saturate)
  Matrix grad_norms;   // (4, L+1): ‖dW‖, ‖db‖, ‖dγ‖, ‖dβ‖ (Frobenius) per layer, the output layer last

 private:
  // Bins `values` into histograms_ column `column`, over that column's hist_ranges.
  void histogram(const Matrix& values, int column);

  Matrix histograms_;
  const Network* unbinned_ = nullptr;  // the network of a refresh whose ws is not binned yet

  ProbeSpec spec_;
  std::vector<Scalar> sorted_;  // (P): scratch for percentiles
  std::vector<int> bin_counts_;  // (bins + 1): histogram()'s counts, the last for non-finite values
};

// Linear-interpolated percentile q ∈ [0, 1] of already sorted values (numpy's default).
Scalar percentile_sorted(const std::vector<Scalar>& sorted, double q);

}  // namespace bnlab
