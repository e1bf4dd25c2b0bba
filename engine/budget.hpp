// What one engine object may cost, checked before anything is allocated.
//
// The page runs the engine on its main thread and WebAssembly memory never
// shrinks, so a description that asks for gigabytes or minutes must be refused
// up front, with a message naming the field, instead of freezing the tab or
// ending in std::bad_alloc. Three kinds of limit:
//
//  1. Per-field limits, from what the UI offers plus a margin for API users:
//     the lab offers up to 8 hidden layers × 32 units, 2,000 points and batches
//     up to 2,000; the paper's network is 784 → 3×100 → 10 with batches of 60
//     and a 256-example probe, on up to 70,000 digits (all of MNIST).
//  2. A memory budget per object: the estimated bytes of everything a twin (or
//     a reference network, or a lone BN layer) allocates — parameters,
//     gradients and optimizer state of both networks, the workspaces of the
//     training batch, the batch-noise probe, the probe batch and the
//     evaluation chunks, the grid — at most kMaxObjectBytes. The data set has
//     its own budget, kMaxDataBytes. Bytes are counted as the shipped float32
//     build allocates them, in every build, so native and WebAssembly agree.
//  3. A work budget per engine call: one step(n), one evaluation of one network
//     over its data set, one probe refresh, one grid, one batch-noise run each
//     cost at most kMaxCallWork work units. A work unit is about one
//     multiply-add of a dense layer; element-wise work (BN, activations) and
//     per-layer overheads are converted into the same unit (constants in
//     budget.cpp). 10¹⁰ units take about half a second to two seconds of
//     WebAssembly on a laptop. Training longer is many calls: the JavaScript
//     facade slices it (twin.stepAsync).
//
// web/engine-budget.js mirrors these numbers and formulas so the facade
// refuses the same descriptions with the same limits before it calls the engine.
#pragma once

#include <cstdint>
#include <vector>

namespace bnlab {

struct NetworkSpec;
struct TrainerSpec;
enum class NormKind;

// ---- Per-field limits ---------------------------------------------------------
constexpr int kMaxHiddenLayers = 16;     // lab: 8
constexpr int kMaxUnits = 1024;          // per layer; lab: 32, paper: 100
constexpr int kMaxInputSize = 4096;      // paper: 784 (28×28)
constexpr int kMaxOutputSize = 1024;     // paper: 10
constexpr int kMaxBatchSize = 16384;     // lab: 2,000, paper: 60
constexpr int kMaxPoints = 20000;        // toy data sets; lab: 2,000
constexpr int kMaxProbeSize = 4096;      // lab and paper: 256
constexpr int kMaxGridResolution = 256;  // lab: 40 to 60
constexpr int kMaxBins = 512;            // histogram bins
constexpr int kMaxNoiseDraws = 256;      // batch_noise draws
constexpr uint64_t kMaxExamples = 70000; // a given data set (train + test); all of MNIST

// ---- Budgets --------------------------------------------------------------------
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kMaxObjectBytes = 256 * kMiB;  // one twin, reference network or BN layer, without its data
constexpr double kMaxDataBytes = 256 * kMiB;    // a data set: MNIST's 70,000 digits as float32 take 210 MiB
constexpr double kMaxCallWork = 1e10;           // work units per engine call

// Where one network's cost comes from (see budget.cpp for the constants).
struct NetworkCost {
  double parameter_bytes = 0;  // W, b, γ, β, running statistics, their gradients, optimizer state
  double example_bytes = 0;    // one workspace column: Z, z_norm, z̃, A, gradients, logits…
  double fixed_bytes = 0;      // per-feature vectors of one workspace (BN statistics, scratch)
  double forward_work = 0;     // per example, forward only (evaluation)
  double step_work = 0;        // per example, forward + backward (training)
  double pass_work = 0;        // per pass over the layers, whatever the batch
  double update_work = 0;      // one optimizer update

  // Bytes of a workspace for `batch` examples.
  double workspace_bytes(double batch) const { return fixed_bytes + batch * example_bytes; }
  // Work of a forward pass over `examples` examples, and of one training step on `batch`.
  double forward(double examples) const { return examples * forward_work + pass_work; }
  double step(double batch) const { return batch * step_work + 2 * pass_work + update_work; }
};

NetworkCost network_cost(const NetworkSpec& spec);

// A twin (TwinTrainer): both networks and everything they are trained, probed
// and evaluated with. Bytes grouped by the setting that drives them.
struct TwinCost {
  double parameter_bytes = 0;  // both networks (hidden_sizes)
  double batch_bytes = 0;      // training workspaces, batch-noise workspace, the mini-batch (batch_size)
  double probe_bytes = 0;      // probe workspaces and summaries (probe_size)
  double eval_bytes = 0;       // evaluation-chunk workspaces (hidden_sizes)
  double grid_bytes = 0;       // grid points and values (grid_resolution)
  double data_bytes = 0;       // the data set (its own budget)
  double step_work = 0;        // one training step of the networks that train
  double eval_work = 0;        // one network over the training and test sets
  double probe_work = 0;       // one probe refresh (both networks)
  double grid_work = 0;        // one network over the grid (2-D inputs only)
  double noise_work = 0;       // one batch-noise draw

  double total_bytes() const { return parameter_bytes + batch_bytes + probe_bytes + eval_bytes + grid_bytes; }
};

// Its parts by name, as they cross into JavaScript (v(name, value)).
template <class V>
void visit(const TwinCost& c, V&& v) {
  v("parameterBytes", c.parameter_bytes);
  v("batchBytes", c.batch_bytes);
  v("probeBytes", c.probe_bytes);
  v("evalBytes", c.eval_bytes);
  v("gridBytes", c.grid_bytes);
  v("dataBytes", c.data_bytes);
  v("stepWork", c.step_work);
  v("evalWork", c.eval_work);
  v("probeWork", c.probe_work);
  v("gridWork", c.grid_work);
  v("noiseWork", c.noise_work);
}

// The cost of a twin on a data set of n_train + n_test examples with
// `target_rows` rows of targets (1: a class index or a value).
// Siblings (TwinTrainer's): the cost of their networks instead of the twin's two.
TwinCost twin_cost(const TrainerSpec& spec, int n_train, int n_test, int target_rows = 1,
                   const std::vector<NormKind>& siblings = {});

// Throws std::invalid_argument naming the field that drives the largest part
// of an exceeded budget (hidden_sizes, batch_size, probe_size,
// grid_resolution, num_points, or "data" for a given data set) and the limit.
// The per-field limits above are the ranges of settings.hpp, checked with every other field.
void check_twin_budget(const TrainerSpec& spec, int n_train, int n_test, bool given_data, int target_rows = 1,
                       const std::vector<NormKind>& siblings = {});

// The most steps one step(n) call may take (at least 1 when the twin passed
// its budget): floor(kMaxCallWork / work of one step).
int max_steps_per_call(const TwinCost& cost);
// The most batch-noise draws one call may take (at most kMaxNoiseDraws).
int max_noise_draws_per_call(const TwinCost& cost);

// One network alone, as Network builds it: parameters plus its training workspace.
double network_bytes(const NetworkSpec& spec);
// Throws std::invalid_argument naming hidden_sizes or batch_size when one
// network or one of its training steps is over budget.
void check_network_budget(const NetworkSpec& spec);

// A reference network (one Network, its training workspace and an evaluation
// workspace, both keeping the input gradient, plus the batch): bytes.
double reference_network_bytes(const NetworkSpec& spec);
void check_reference_network_budget(const NetworkSpec& spec);

// A lone BN layer of `features` features on `batch` examples: bytes; the check
// throws naming "batch" when over budget.
double batchnorm_bytes(int features, int batch);
void check_batchnorm_budget(int features, int batch);

// A data set of `examples` examples of `inputs` values and `target_rows` rows of targets.
double dataset_bytes(int inputs, double examples, int target_rows = 1);

}  // namespace bnlab
