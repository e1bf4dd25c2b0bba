// Twin training: the same network with and without batch norm, side by side;
// or siblings: one network per normalization (none, BN, LN, GN, …).
//
// Every network is built from one NetworkSpec (the "without" twin has the
// normalization switched off in every layer; a sibling has its own kind in
// every layer the spec normalizes), draws identical initial weights for the
// layers they share (no normalization draws random numbers), and is fed the
// very same sequence of mini-batches X{t}, so their curves are comparable step
// for step.
//
// Every random choice follows from one seed: the dataset, the initial weights
// and the batch order each use their own derived stream.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "batch_coupling.hpp"
#include "batch_noise.hpp"
#include "batch_sampler.hpp"
#include "dataset.hpp"
#include "landscape.hpp"
#include "names.hpp"
#include "network.hpp"
#include "probe.hpp"

namespace bnlab {

enum Twin { kWithBn = 0, kWithoutBn = 1 };  // the twin's networks; siblings are numbered in the order given
constexpr int kEvalChunk = 512;  // the most columns per chunk when evaluating whole sets and grids

// Which network step() trains (TrainerSpec::train_only).
enum class TrainOnly { Both, WithBn, WithoutBn };
constexpr std::array<Named<TrainOnly>, 3> kTrainOnlyNames{
    {{TrainOnly::Both, "both"}, {TrainOnly::WithBn, "withBn"}, {TrainOnly::WithoutBn, "withoutBn"}}};
constexpr const auto& enum_names(TrainOnly) { return kTrainOnlyNames; }
constexpr bool trains(TrainOnly only, int twin) {
  return only == TrainOnly::Both || (only == TrainOnly::WithBn) == (twin == kWithBn);
}

// The fields, their ranges and what can change on a built twin are listed in settings.hpp.
struct TrainerSpec {
  NetworkSpec network;  // the BN twin; network.seed is the run's seed
  DatasetSpec data;     // used when no dataset is given; its seed is replaced by network.seed
  int probe_size = 256; // probe batch: the first min(probe_size, n_train) training examples
  ProbeSpec probe;
  int grid_resolution = 40;   // heatmap grid: resolution² points over [−extent, extent]²
  double grid_extent = 1.5;
  // Which network step() trains: both, or only one, so that two threads (two
  // Web Workers) can each train one twin of the same run. Both networks are
  // still built from the seed and the batch order is drawn as always, so each
  // trained net is bit for bit the one of a Both run; the skipped net keeps
  // its initial weights and its status stays at 0 steps.
  TrainOnly train_only = TrainOnly::Both;
};

// Which sets TwinTrainer::evaluate runs over.
enum class EvalSets { TrainAndTest, TestOnly };

// The networks a trainer builds from spec: for a twin (no siblings), the
// spec's network and its copy without normalization (kWithBn, kWithoutBn);
// otherwise one per entry of `siblings`, the spec's network with that
// normalization in every layer its batch_norm flags leave on (norms and
// norm_groups as the spec says for group norm).
std::vector<NetworkSpec> member_networks(const TrainerSpec& spec, const std::vector<NormKind>& siblings);
// The network whose BN noise batch_noise() shows: the first with a BN layer (0 if none has one).
int noise_member(const std::vector<NetworkSpec>& members);

// Loss and accuracy of one network on the whole training and test sets.
struct Metrics {
  double train_loss = 0, train_accuracy = 0, test_loss = 0, test_accuracy = 0;
};

// Its fields by name, as they cross into JavaScript (v(name, value)).
template <class V>
void visit(const Metrics& m, V&& v) {
  v("trainLoss", m.train_loss);
  v("trainAccuracy", m.train_accuracy);
  v("testLoss", m.test_loss);
  v("testAccuracy", m.test_accuracy);
}

struct TwinStatus {
  long long steps = 0;      // training steps taken
  double last_loss = 0;     // mini-batch loss of the last step
  double mean_loss = 0;     // mean mini-batch loss over the last step(n) call
  double batch_accuracy = 0;
  // A non-finite loss or state (see Network::train_step) stopped this network,
  // or an evaluation of it (metrics, grid, probe, batch noise) overflowed.
  bool diverged = false;
  long long diverged_at = -1;
};

template <class V>
void visit(const TwinStatus& s, V&& v) {
  v("steps", s.steps);
  v("loss", s.last_loss);
  v("meanLoss", s.mean_loss);
  v("batchAccuracy", s.batch_accuracy);
  v("diverged", s.diverged);
  v("divergedAt", s.diverged_at);
}

class TwinTrainer {
 public:
  // Builds the dataset from spec.data. Empty `siblings`: the twin; else one
  // network per entry (member_networks), e.g. {None, Batch, Layer, Group}.
  // Siblings train together (train_only both); a BN sibling needs batch_size ≥ 2.
  explicit TwinTrainer(const TrainerSpec& spec, std::vector<NormKind> siblings = {});
  // Trains on a given dataset (any input size, e.g. MNIST digits). The
  // dataset's labels must suit the loss (class indices < output_size).
  // Both constructors check the per-field limits and the budget of budget.hpp
  // before building the networks (std::invalid_argument naming the field).
  TwinTrainer(const TrainerSpec& spec, Dataset data, std::vector<NormKind> siblings = {});

  const TrainerSpec& spec() const { return spec_; }
  // How many networks train: 2 for a twin, one per sibling otherwise.
  int num_nets() const { return static_cast<int>(nets_.size()); }
  const std::vector<NormKind>& siblings() const { return siblings_; }
  const Dataset& data() const { return data_; }
  Network& net(int twin) { return *nets_[static_cast<size_t>(twin)]; }
  const TwinStatus& status(int twin) const { return status_[static_cast<size_t>(twin)]; }
  Probe& probe(int twin) { return *probes_[static_cast<size_t>(twin)]; }
  const Probe& probe(int twin) const { return *probes_[static_cast<size_t>(twin)]; }
  const Matrix& batch_x() const { return xb_; }  // (input, m) the last mini-batch X{t}
  const Matrix& batch_y() const { return yb_; }  // (1 or K, m) its targets

  // Every network advances n steps on the same mini-batches; a network whose
  // loss turns non-finite stops there and is marked diverged. Allocates nothing.
  // Diverged also means "its numbers left float32": the evaluations below
  // mark a network diverged (and stop it) when their results are not finite,
  // so a result holds NaN or ±inf only for a network whose status says diverged.
  void step(int n);
  // Back to the initial weights and the first mini-batch: replays exactly.
  void reset();
  // A new seed: new dataset (if built from a spec), weights and batch order.
  void reseed(uint64_t seed);
  // Settings a built twin takes between steps (Change::Live in settings.hpp),
  // validated like every field. set_probe_unit: the unit whose percentiles the
  // probes track (clamped to each layer's width).
  void set_learning_rate(double lr);
  void set_probe_unit(int unit);

  // Runs both probes on the probe batch.
  void refresh_probes();
  // Loss/accuracy on the full train and test sets, with BN using running
  // statistics (mode Running) or the probe batch's statistics (mode Given).
  // EvalSets::TestOnly skips the training set (6× the work on MNIST's 60,000
  // digits) for a caller that shows test figures only; train_loss and
  // train_accuracy are then NaN.
  Metrics evaluate(int twin, StatsMode mode, EvalSets sets = EvalSets::TrainAndTest);
  // Network output on the heatmap grid, row by row from (−e, −e): P(class 1)
  // for binary classification, the value for regression. Points: (2, R²).
  const Vector& evaluate_grid(int twin, StatsMode mode);
  const Matrix& grid_points() const { return grid_points_; }
  // The same grid in parts, from a copy, so that training can go on between them (the lab spreads
  // a slow network's grid over several frames). snapshot_grid copies network `twin` as it is now:
  // its parameters, and the statistics `mode` evaluates BN with (its running averages, or the
  // probe batch's under the current weights), which the copy then uses as its running averages.
  // evaluate_grid_part evaluates the copy on the next evaluation chunks of the grid, at least
  // `points` points (one chunk at least), and returns how many of the R² points are done. Once all
  // are, grid_part_values(twin) is what evaluate_grid(twin, mode) gave at the snapshot, bit for bit,
  // and a value that is not finite marks the network diverged, as evaluate_grid does. The copy
  // (parameters and a two-example training workspace) is made on a network's first snapshot.
  void snapshot_grid(int twin, StatsMode mode);
  int evaluate_grid_part(int twin, int points);
  // (Only after a snapshot of `twin`.)
  const Vector& grid_part_values(int twin) const { return grid_parts_.at(static_cast<size_t>(check_net(twin))).values; }

  // BN's noise (batch_noise.hpp) in the BN twin (noise_member) with its current weights:
  // z_norm of (layer, unit) for one training example in `draws` random
  // mini-batches, the first `draws` entries. Marks that network diverged if a
  // value is not finite.
  const Vector& batch_noise(int layer, int unit, int example, int draws, uint64_t seed);

  // How smooth the loss is along the gradient (landscape.hpp): `twin` at its
  // current weights on the last mini-batch X{t} (the gradient of the step just
  // taken, recomputed at the weights that step produced), for step sizes
  // etas[0..count). Changes nothing of the run. Needs one step taken. The
  // probe's buffers (a workspace of the batch and three copies of the
  // parameters) are allocated on a twin's first call, never again; a call
  // costs count + 1 forward/backward passes, within the work budget.
  const LandscapeProbe& landscape(int twin, const double* etas, int count);
  // Batch coupling (batch_coupling.hpp): `twin` run forward and backward on a
  // given batch X (input, batch_size) with targets Y, e.g. the last mini-batch
  // with one example moved; z_norm of every example and dX in the returned
  // workspace. Changes nothing of the run; buffers allocated on the first call.
  const Workspace& inspect_batch(int twin, ConstMatRef X, ConstMatRef Y);

 private:
  void build();
  // Throws std::invalid_argument unless 0 ≤ net < num_nets().
  int check_net(int net) const;
  // Marks `twin` diverged at its current step unless `finite`; returns `finite`.
  bool check_finite(int twin, bool finite);
  // nullptr for running statistics; for Given, the probe workspace after a
  // forward of the probe batch with the current weights.
  const Workspace* evaluation_stats(int twin, StatsMode mode);
  void evaluate_set(int twin, const Matrix& x, const Matrix& y, StatsMode mode, const Workspace* stats,
                    double& loss, double& accuracy);
  // Columns [begin, begin + count) of x through `net` (network `twin` or its grid copy), into
  // twin's evaluation workspace.
  void forward_chunked(Network& net, int twin, ConstMatRef x, StatsMode mode, const Workspace* stats, int begin,
                       int count);
  // The evaluation chunk of grid points from `begin` through `net` (network `twin` or its copy), into values.
  void grid_chunk(Network& net, int twin, StatsMode mode, const Workspace* stats, int begin, Vector& values);
  void check_grid_inputs() const;

  TrainerSpec spec_;
  std::vector<NormKind> siblings_;  // empty for a twin
  bool owns_data_spec_ = true;
  Dataset data_;
  std::vector<std::unique_ptr<Network>> nets_;
  std::vector<std::unique_ptr<Probe>> probes_;
  std::vector<TwinStatus> status_;
  std::vector<double> loss_sums_;   // per network, scratch of step(n)
  std::vector<int> loss_counts_;
  int noise_net_ = kWithBn;         // noise_member of the networks
  std::unique_ptr<BatchSampler> sampler_;
  Matrix xb_, yb_;          // the current mini-batch (input, m), (targets, m)
  Matrix probe_x_;          // (input, P) fixed probe batch
  // Columns per evaluation chunk: kEvalChunk, or the larger set (train or test) when it is
  // smaller, so a 200-example set runs as one chunk of 200 rather than 512 columns of which
  // 312 are padding (a padded column costs as much as an example). Columns are evaluated
  // independently, so the chunk size changes no result.
  int eval_chunk_ = kEvalChunk;
  std::vector<Workspace> eval_ws_;    // chunked evaluation, eval_chunk_ columns
  Matrix chunk_x_, chunk_y_;          // (input, chunk), (targets, chunk)
  BatchNoiseProbe noise_;   // of network noise_net_
  std::vector<std::unique_ptr<LandscapeProbe>> landscapes_;  // made on first use
  std::vector<std::unique_ptr<BatchInspector>> inspectors_;  // made on first use
  Matrix grid_points_;      // (2, R²)
  Vector grid_values_;      // (R²)
  struct GridPart {
    std::unique_ptr<Network> copy;  // made on the first snapshot
    Vector parameters;              // scratch: the network's parameters on their way to the copy
    Vector values;                  // (R²)
    int done = 0;                   // points evaluated since the snapshot
  };
  std::vector<GridPart> grid_parts_;  // per network, once snapshot_grid is called
};

}  // namespace bnlab
