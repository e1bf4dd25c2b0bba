#include "batch_sampler.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace bnlab {

BatchSampler::BatchSampler(int num_examples, int batch_size, uint64_t seed)
    : seed_(seed), rng_(derive_seed(seed, kBatchSeedPurpose)), batch_size_(batch_size), batches_per_epoch_(0) {
  if (num_examples < 1) {
    throw std::invalid_argument("num_examples must be at least 1, got " + std::to_string(num_examples));
  }
  if (batch_size < 1 || batch_size > num_examples) {
    throw std::invalid_argument("batch_size must be in [1, " + std::to_string(num_examples) +
                                "] (the number of training examples), got " + std::to_string(batch_size));
  }
  // Integer division: the last num_examples % batch_size examples of each
  // permutation are dropped, so every batch is full.
  batches_per_epoch_ = num_examples / batch_size;
  order_.resize(static_cast<size_t>(num_examples));
  batch_.resize(static_cast<size_t>(batch_size));
  start_epoch();
}

void BatchSampler::start_epoch() {
  // A fresh permutation each epoch: start from 0..n-1 so it depends only on the
  // generator's state, then Fisher–Yates in place (no allocation).
  std::iota(order_.begin(), order_.end(), 0);
  rng_.shuffle(order_);
}

const int* BatchSampler::next() {
  // Batch t of this epoch is the slice order_[t*B, (t+1)*B). It is copied out so
  // the epoch can roll over (and reshuffle order_) right away without
  // invalidating the pointer we return.
  const auto first = order_.begin() + static_cast<std::ptrdiff_t>(step_) * batch_size_;
  std::copy(first, first + batch_size_, batch_.begin());
  if (++step_ == batches_per_epoch_) {
    step_ = 0;
    ++epoch_;
    start_epoch();
  }
  return batch_.data();
}

void BatchSampler::reset() {
  rng_ = Rng(derive_seed(seed_, kBatchSeedPurpose));
  epoch_ = 0;
  step_ = 0;
  start_epoch();
}

void gather_columns(ConstMatRef source, const int* indices, int count, MatRef out) {
  eigen_assert(out.rows() == source.rows() && out.cols() == count);
  for (int j = 0; j < count; ++j) {
    eigen_assert(indices[j] >= 0 && indices[j] < source.cols());
    out.col(j) = source.col(indices[j]);  // one example = one contiguous column
  }
}

}  // namespace bnlab
