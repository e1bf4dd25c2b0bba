// Twin training: the same network with and without batch norm, side by side.
//
// Both networks are built from one NetworkSpec (the "without" twin has BN
// switched off in every layer), draw identical initial weights for the layers
// they share (BN draws no random numbers), and are fed the very same sequence
// of mini-batches X{t}, so their curves are comparable step for step.
//
// Every random choice follows from one seed: the dataset, the initial weights
// and the batch order each use their own derived stream.
#pragma once

#include <array>
#include <memory>
#include <optional>

#include "dataset.hpp"
#include "network.hpp"
#include "probe.hpp"

namespace bnlab {

enum Twin { kWithBn = 0, kWithoutBn = 1 };
constexpr int kBothTwins = -1;  // TrainerSpec::train_only: step() trains both networks

struct TrainerSpec {
  NetworkSpec network;  // the BN twin; network.seed is the run's seed
  DatasetSpec data;     // used when no dataset is given; its seed is replaced by network.seed
  int probe_size = 256; // probe batch: the first min(probe_size, n_train) training examples
  ProbeSpec probe;
  int grid_resolution = 40;   // heatmap grid: resolution² points over [−extent, extent]²
  double grid_extent = 1.5;
  // Which network step() trains: kBothTwins, or only kWithBn / kWithoutBn, so
  // that two threads (two Web Workers) can each train one twin of the same run.
  // Both networks are still built from the seed and the batch order is drawn
  // as always, so each trained net is bit for bit the one of a kBothTwins run;
  // the skipped net keeps its initial weights and its status stays at 0 steps.
  int train_only = kBothTwins;
};

// Loss and accuracy of one network on the whole training and test sets.
struct Metrics {
  double train_loss = 0, train_accuracy = 0, test_loss = 0, test_accuracy = 0;
};

struct TwinStatus {
  long long steps = 0;      // training steps taken
  double last_loss = 0;     // mini-batch loss of the last step
  double mean_loss = 0;     // mean mini-batch loss over the last step(n) call
  double batch_accuracy = 0;
  bool diverged = false;    // a non-finite loss stopped this network
  long long diverged_at = -1;
};

class TwinTrainer {
 public:
  // Builds the dataset from spec.data.
  explicit TwinTrainer(const TrainerSpec& spec);
  // Trains on a given dataset (any input size, e.g. MNIST digits). The
  // dataset's labels must suit the loss (class indices < output_size).
  TwinTrainer(const TrainerSpec& spec, Dataset data);

  const TrainerSpec& spec() const { return spec_; }
  const Dataset& data() const { return data_; }
  Network& net(int twin) { return *nets_[static_cast<size_t>(twin)]; }
  const TwinStatus& status(int twin) const { return status_[static_cast<size_t>(twin)]; }
  Probe& probe(int twin) { return *probes_[static_cast<size_t>(twin)]; }
  const Matrix& batch_x() const { return xb_; }  // (input, m) the last mini-batch X{t}
  const Matrix& batch_y() const { return yb_; }  // (1 or K, m) its targets

  // Both networks advance n steps on the same mini-batches; a network whose
  // loss turns non-finite stops there and is marked diverged. Allocates nothing.
  void step(int n);
  // Back to the initial weights and the first mini-batch: replays exactly.
  void reset();
  // A new seed: new dataset (if built from a spec), weights and batch order.
  void reseed(uint64_t seed);
  void set_learning_rate(double lr);

  // Runs both probes on the probe batch.
  void refresh_probes();
  // Loss/accuracy on the full train and test sets, with BN using running
  // statistics (mode Running) or the probe batch's statistics (mode Given).
  Metrics evaluate(int twin, StatsMode mode);
  // Network output on the heatmap grid, row by row from (−e, −e): P(class 1)
  // for binary classification, the value for regression. Points: (2, R²).
  const Vector& evaluate_grid(int twin, StatsMode mode);
  const Matrix& grid_points() const { return grid_points_; }

  // BN's noise as a regularizer: the same training example normalized inside
  // `draws` different random mini-batches (itself plus batch_size − 1 others,
  // drawn from `seed`), with the current weights and batch statistics. Returns
  // z_norm of (layer, unit) for that example in each batch, (draws). Layer
  // must have BN in the BN twin. Running statistics are untouched.
  const Vector& batch_noise(int layer, int unit, int example, int draws, uint64_t seed);

 private:
  void build();
  // nullptr for running statistics; for Given, the probe workspace after a
  // forward of the probe batch with the current weights.
  const Workspace* evaluation_stats(int twin, StatsMode mode);
  void evaluate_set(int twin, const Matrix& x, const Matrix& y, StatsMode mode, const Workspace* stats,
                    double& loss, double& accuracy);
  void forward_chunked(int twin, ConstMatRef x, StatsMode mode, const Workspace* stats, int begin, int count);

  TrainerSpec spec_;
  bool owns_data_spec_ = true;
  Dataset data_;
  std::array<std::unique_ptr<Network>, 2> nets_;
  std::array<std::unique_ptr<Probe>, 2> probes_;
  std::array<TwinStatus, 2> status_;
  std::unique_ptr<BatchSampler> sampler_;
  Matrix xb_, yb_;          // the current mini-batch (input, m), (targets, m)
  Matrix probe_x_;          // (input, P) fixed probe batch
  std::array<Workspace, 2> eval_ws_;  // chunked evaluation, kEvalChunk columns
  Matrix chunk_x_, chunk_y_;          // (input, chunk), (targets, chunk)
  Workspace noise_ws_;      // batch-noise probe, sized like a training batch
  Matrix noise_x_;          // (input, m)
  Vector noise_values_;     // (draws)
  std::vector<int> noise_indices_;  // (n_train) scratch permutation
  Matrix grid_points_;      // (2, R²)
  Vector grid_values_;      // (R²)
};

}  // namespace bnlab
