// BN's noise as a regularizer, measured: one training example normalized
// inside many random mini-batches.
//
// In training, z_norm(i) = (z(i) − μ_B)/√(σ²_B + ε) depends on which other
// examples share example i's mini-batch B, so the same example gets a slightly
// different z_norm at every step: noise that acts like a regularizer. This
// probe makes that visible: with the current weights it puts the example in
// `draws` random batches (itself plus batch_size − 1 distinct others) and
// records z_norm of one unit of one layer in each. Batch statistics only: the
// running statistics are untouched.
//
// One of the engine's probes, beside probe.hpp (the fixed probe batch); the
// trainer owns one and marks the BN twin diverged if its values overflow.
#pragma once

#include <cstdint>
#include <vector>

#include "network.hpp"

namespace bnlab {

class BatchNoiseProbe {
 public:
  BatchNoiseProbe() = default;
  // Buffers for batches of net's training batch size over n_train examples.
  BatchNoiseProbe(const Network& net, int n_train);

  // z_norm of (layer, unit) for training example `example` of x_train
  // (input, n_train) in each of `draws` random mini-batches drawn from
  // `seed`: the first `draws` entries of the returned (kMaxNoiseDraws) vector,
  // the rest 0. Layer must have BN. Throws std::invalid_argument naming a bad
  // argument. Allocates nothing.
  const Vector& run(Network& net, ConstMatRef x_train, int layer, int unit, int example, int draws, uint64_t seed);

  // Zeroes every buffer (no allocation), as before the first run.
  void clear();

  const Vector& values() const { return values_; }

 private:
  Workspace ws_;              // the network's buffers for one batch of m
  Matrix x_;                  // (input, m) the batch: column 0 is the example
  Vector values_;             // (kMaxNoiseDraws) z_norm per draw
  std::vector<int> indices_;  // (n_train) scratch permutation
};

}  // namespace bnlab
