// Tests for engine/batch_sampler: the shuffled mini-batches X{t}.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <vector>

#include "batch_sampler.hpp"

using namespace bnlab;

TEST_CASE("one epoch of the sampler visits distinct indices and drops the partial batch") {
  BatchSampler sampler(103, 10, 4);
  CHECK(sampler.batches_per_epoch() == 10);  // the last 3 examples of each permutation sit out
  std::set<int> seen;
  for (int t = 0; t < sampler.batches_per_epoch(); ++t) {
    CHECK(sampler.epoch() == 0);
    CHECK(sampler.step_in_epoch() == t);
    const int* batch = sampler.next();
    for (int k = 0; k < sampler.batch_size(); ++k) {
      CHECK(batch[k] >= 0);
      CHECK(batch[k] < 103);
      seen.insert(batch[k]);
    }
  }
  CHECK(seen.size() == 100u);
  CHECK(sampler.epoch() == 1);
  CHECK(sampler.step_in_epoch() == 0);
}

TEST_CASE("a batch as large as the training set covers every example each epoch") {
  BatchSampler sampler(50, 50, 8);
  for (int epoch = 0; epoch < 3; ++epoch) {
    const int* batch = sampler.next();
    CHECK(std::set<int>(batch, batch + 50).size() == 50u);
    CHECK(sampler.epoch() == epoch + 1);
  }
}

TEST_CASE("reset replays the identical batch sequence") {
  BatchSampler sampler(64, 8, 99);
  std::vector<int> first_run;
  for (int t = 0; t < 3 * sampler.batches_per_epoch() + 2; ++t) {
    const int* batch = sampler.next();
    first_run.insert(first_run.end(), batch, batch + 8);
  }
  sampler.reset();
  CHECK(sampler.epoch() == 0);
  CHECK(sampler.step_in_epoch() == 0);
  std::vector<int> second_run;
  for (int t = 0; t < 3 * sampler.batches_per_epoch() + 2; ++t) {
    const int* batch = sampler.next();
    second_run.insert(second_run.end(), batch, batch + 8);
  }
  CHECK(second_run == first_run);

  // A second sampler with the same seed agrees; another seed does not.
  BatchSampler same(64, 8, 99), other(64, 8, 100);
  const int* a = same.next();
  CHECK(std::vector<int>(a, a + 8) == std::vector<int>(first_run.begin(), first_run.begin() + 8));
  const int* b = other.next();
  CHECK(std::vector<int>(b, b + 8) != std::vector<int>(first_run.begin(), first_run.begin() + 8));
}

TEST_CASE("different epochs visit the examples in different orders") {
  BatchSampler sampler(40, 40, 3);
  const int* batch = sampler.next();
  const std::vector<int> epoch0(batch, batch + 40);
  batch = sampler.next();
  const std::vector<int> epoch1(batch, batch + 40);
  CHECK(epoch0 != epoch1);  // equal with probability 1/40!
}

TEST_CASE("invalid batch sizes throw and name batch_size with its allowed range") {
  CHECK_THROWS_WITH_AS(BatchSampler(20, 0, 1), doctest::Contains("batch_size must be in [1, 20]"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BatchSampler(20, -3, 1), doctest::Contains("batch_size"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(BatchSampler(20, 21, 1), doctest::Contains("batch_size must be in [1, 20]"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BatchSampler(0, 1, 1), doctest::Contains("num_examples"), std::invalid_argument);
  CHECK_NOTHROW(BatchSampler(20, 20, 1));
}

// next() allocating nothing is checked by the lead's global allocation counter,
// not here: only one test file may replace operator new.

TEST_CASE("gather_columns copies the selected columns in order") {
  Matrix source(2, 5);  // (2, 5): column j is (j, 10 j)
  for (int j = 0; j < 5; ++j) {
    source(0, j) = Scalar(j);
    source(1, j) = Scalar(10 * j);
  }
  const int indices[] = {4, 0, 2};
  Matrix out(2, 3);  // (2, 3)
  gather_columns(source, indices, 3, out);
  for (int j = 0; j < 3; ++j) {
    CHECK(out(0, j) == Scalar(indices[j]));  // exact copies, no arithmetic
    CHECK(out(1, j) == Scalar(10 * indices[j]));
  }
  // A block with contiguous columns works as the output too (no temporary).
  Matrix wide = Matrix::Zero(2, 6);  // (2, 6)
  gather_columns(source, indices, 3, wide.middleCols(1, 3));
  CHECK(wide.middleCols(1, 3) == out);
  CHECK(wide.col(0).isZero(0));
}
