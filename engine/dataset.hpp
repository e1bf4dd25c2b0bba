// Toy 2-D datasets and the mini-batch sampler.
//
// The datasets are the TensorFlow-Playground family (circles, xor, two
// Gaussians, spiral) plus moons and a regression surface. Every input x is a
// point (x1, x2) lying roughly in [-1, 1] x [-1, 1]; the heatmap covers
// [-1.5, 1.5]^2 so jittered points stay on screen.
//
// Layout (see types.hpp): a column is one example, so X is (2, m) and Y is (1, m).
//
// Covariate shift (the "trained on black cats, tested on coloured cats" story):
// only the TEST inputs move to a new distribution P_test(x) != P_train(x), while
// the labelling rule P(y | x) stays the same. That is why shifted test labels
// are re-read from the ground-truth rule at the moved point; moving the points
// but keeping their old labels would be concept shift instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rng.hpp"
#include "types.hpp"

namespace bnlab {

enum class DatasetKind { Circles, Xor, Gaussians, Spiral, Moons, Regression };
enum class ShiftKind { None, Translate, Scale };

// Names as they appear in the URL / settings table. Unknown names throw
// std::invalid_argument naming the field ("dataset" / "shift") and the allowed names.
DatasetKind dataset_kind_from_name(const std::string& name);
const char* dataset_kind_name(DatasetKind kind);  // "unknown" for an out-of-range value
ShiftKind shift_kind_from_name(const std::string& name);
const char* shift_kind_name(ShiftKind kind);  // "unknown" for an out-of-range value

// Purposes passed to derive_seed, so the data, the batch order and the weight
// init drawn from one user seed are independent streams.
constexpr uint64_t kDataSeedPurpose = 0x64617461ULL;      // "data"
constexpr uint64_t kBatchSeedPurpose = 0x6261746368ULL;   // "batch"

struct DatasetSpec {
  DatasetKind kind = DatasetKind::Circles;
  int num_points = 400;         // train + test, allowed [10, 20000]
  double noise = 0.1;           // allowed [0, 1]; 0 = points exactly on the clean shapes
  double train_fraction = 0.5;  // allowed [0.1, 0.9]
  ShiftKind shift = ShiftKind::None;
  double shift_amount = 0.5;    // allowed [0, 3] (always validated); used only when shift != None
  uint64_t seed = 1;            // the user's seed; make_dataset derives its own stream from it
};

struct Dataset {
  Matrix x_train;  // (input, n_train): inputs, a column is one example (2 for these sets)
  Matrix y_train;  // (1, n_train): class label 0 or 1, or the regression target
  Matrix x_test;   // (input, n_test)
  Matrix y_test;   // (1, n_test)
  bool is_regression = false;
};

// Builds the dataset described by `spec`. Every field is validated first;
// errors are std::invalid_argument naming the field and its allowed range,
// e.g. "dataset.noise must be in [0, 1], got 2" (NaN is rejected too).
//
// Recipe: all num_points points are generated from Rng(derive_seed(seed,
// kDataSeedPurpose)), alternating class 1, 0, 1, 0, ... so the classes are
// balanced to within one point; then one shuffle splits them into
// n_train = round(num_points * train_fraction) training points (clamped so that
// both sets are non-empty) and the rest for test. Finally, if spec.shift !=
// None, the test inputs are moved and their labels re-read from the rule.
// The jitter is drawn even when noise = 0, so moving the noise slider jitters
// the same underlying points instead of drawing new ones.
Dataset make_dataset(const DatasetSpec& spec);

// Ground-truth labelling rule of a classification set at any point: the
// noise-free rule each set is drawn from (ties go to class 1).
//   circles:   1 inside radius 0.6 (between the disc r <= 0.5 and the ring r >= 0.7)
//   xor:       1 when x1 * x2 >= 0 (same-sign quadrants)
//   gaussians: 1 when nearer the centre (0.5, 0.5) than (-0.5, -0.5)
//   spiral, moons: the class of the nearest point on the noise-free curves
// Throws std::invalid_argument for DatasetKind::Regression (use regression_target).
int dataset_label_at(DatasetKind kind, double x1, double x2);

// The regression surface f(x1, x2) = sin(pi x1) sin(pi x2), in [-1, 1].
double regression_target(double x1, double x2);

// Noise-free y at any point for every kind: the class label as 0.0 / 1.0, or f(x1, x2).
double dataset_target_at(DatasetKind kind, double x1, double x2);

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
