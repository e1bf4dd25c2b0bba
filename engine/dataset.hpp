// A toy data set: points of one shape (toy_shapes.hpp), split into a training
// and a test set, and the test set perhaps moved (covariate shift).
//
// Layout (see types.hpp): a column is one example, so X is (2, n) and Y is (1, n).
//
// Covariate shift (the "trained on black cats, tested on coloured cats" story):
// only the TEST inputs move to a new distribution P_test(x) != P_train(x), while
// the labelling rule P(y | x) stays the same. That is why shifted test labels
// are re-read from the ground-truth rule at the moved point; moving the points
// but keeping their old labels would be concept shift instead.
#pragma once

#include <array>
#include <cstdint>

#include "names.hpp"
#include "toy_shapes.hpp"
#include "types.hpp"

namespace bnlab {

enum class ShiftKind { None, Translate, Scale };

constexpr std::array<Named<ShiftKind>, 3> kShiftNames{
    {{ShiftKind::None, "none"}, {ShiftKind::Translate, "translate"}, {ShiftKind::Scale, "scale"}}};
constexpr const auto& enum_names(ShiftKind) { return kShiftNames; }

// "translate" moves every test point by shift_amount along this unit
// direction, (1, 1)/√2; "scale" multiplies it by 1 + shift_amount.
constexpr double kShiftDirection = 0.70710678118654752440;  // each coordinate of (1, 1)/√2

// Purpose passed to derive_seed, so the data, the batch order and the weight
// init drawn from one user seed are independent streams.
constexpr uint64_t kDataSeedPurpose = 0x64617461ULL;  // "data"

// The fields, their ranges and defaults' meaning are listed in settings.hpp.
struct DatasetSpec {
  DatasetKind kind = DatasetKind::Circles;
  int num_points = 400;         // train + test
  double noise = 0.1;           // 0 = points exactly on the clean shapes
  double train_fraction = 0.5;
  ShiftKind shift = ShiftKind::None;
  double shift_amount = 0.5;    // used only when shift != None
  uint64_t seed = 1;            // the user's seed; make_dataset derives its own stream from it
};

struct Dataset {
  Matrix x_train;  // (input, n_train): inputs, a column is one example (2 for these sets)
  Matrix y_train;  // (1, n_train): class label 0 or 1, or the regression target
  Matrix x_test;   // (input, n_test)
  Matrix y_test;   // (1, n_test)
  bool is_regression = false;
};

// The split: n_train = round(num_points · train_fraction), kept within
// [1, num_points − 1] so that both sets are non-empty.
int toy_train_size(int num_points, double train_fraction);

// Builds the dataset described by `spec`. Every field is validated first
// (settings.hpp); errors are std::invalid_argument naming the field and its
// allowed range, e.g. "dataset.noise must be in [0, 1], got 2" (NaN is rejected too).
//
// Recipe: all num_points points are generated from Rng(derive_seed(seed,
// kDataSeedPurpose)), alternating class 1, 0, 1, 0, ... so the classes are
// balanced to within one point; then one shuffle splits them into
// toy_train_size(...) training points and the rest for test. Finally, if
// spec.shift != None, the test inputs are moved and their labels re-read from the rule.
Dataset make_dataset(const DatasetSpec& spec);

}  // namespace bnlab
