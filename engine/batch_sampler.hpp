// The mini-batch sampler: which training examples make up each X{t}.
//
// Layout (see types.hpp): a column is one example, so a mini-batch of the
// inputs is (features, batch_size), gathered column by column from the full set.
#pragma once

#include <cstdint>
#include <vector>

#include "rng.hpp"
#include "types.hpp"

namespace bnlab {

// Purpose passed to derive_seed, so that the batch order is a stream of its
// own, independent of the data and the initial weights drawn from one user seed.
constexpr uint64_t kBatchSeedPurpose = 0x6261746368ULL;  // "batch"

// Mini-batches X{t}: each epoch visits the training examples in a fresh random
// order, cut into consecutive slices of batch_size indices. A final partial
// slice is DROPPED (num_examples % batch_size examples sit out each epoch, a
// different random few every time), so every mini-batch has exactly batch_size
// columns and the batch statistics mu_B, sigma_B^2 always average over m = batch_size.
class BatchSampler {
 public:
  // `seed` is the user's seed; the order is drawn from
  // Rng(derive_seed(seed, kBatchSeedPurpose)). Throws std::invalid_argument
  // unless 1 <= batch_size <= num_examples (message names "batch_size").
  BatchSampler(int num_examples, int batch_size, uint64_t seed);

  // The batch_size indices of the next mini-batch. The pointer stays valid until
  // the next call to next() or reset(). Never allocates.
  const int* next();

  int batch_size() const { return batch_size_; }
  int num_examples() const { return static_cast<int>(order_.size()); }
  // Epoch and step of the batch that the NEXT call to next() returns; epoch()
  // therefore also counts the epochs completed so far.
  int epoch() const { return epoch_; }
  int step_in_epoch() const { return step_; }
  int batches_per_epoch() const { return batches_per_epoch_; }

  // Back to epoch 0, step 0 with the original seed: the same sequence replays exactly.
  void reset();

 private:
  void start_epoch();  // draws a fresh permutation into order_

  uint64_t seed_;
  Rng rng_;
  int batch_size_;
  int batches_per_epoch_;
  int epoch_ = 0;
  int step_ = 0;
  std::vector<int> order_;  // (num_examples): this epoch's permutation of 0..num_examples-1
  std::vector<int> batch_;  // (batch_size): the slice handed out by next()
};

// out.col(j) = source.col(indices[j]) for j < count: assembles the mini-batch
// X{t} (features, count) from the full set (features, n). No allocation.
// out must have source.rows() rows and `count` columns.
void gather_columns(ConstMatRef source, const int* indices, int count, MatRef out);

}  // namespace bnlab
