#include "budget.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "number_text.hpp"
#include "trainer.hpp"

namespace bnlab {

namespace {

// Bytes per stored value in the shipped build (float32); the double
// accumulators of a BN cache count as two values.
constexpr double kValueBytes = 4;
// Work units (≈ one multiply-add of a dense layer) of the rest of a step,
// measured on the WebAssembly build (tanh, two-pass BN statistics, a call per
// layer) and rounded up:
constexpr double kForwardValueWork = 50;     // per hidden or output value: BN and activation forward
constexpr double kBackwardValueWork = 100;   // per hidden or output value: their backward
constexpr double kLayerPassWork = 2000;      // per layer and pass, whatever the batch
constexpr double kParameterUpdateWork = 4;   // per trained parameter: one optimizer update

// "2.3e10"
std::string work_text(double work) {
  const int exponent = static_cast<int>(std::floor(std::log10(std::max(work, 1.0))));
  return fixed_text(work / std::pow(10.0, exponent), 1) + "e" + std::to_string(exponent);
}

std::string mib_text(double bytes) {
  return fixed_text(bytes / kMiB, 1) + " MiB";
}

[[noreturn]] void over_work(const std::string& field, const std::string& what, double work) {
  throw std::invalid_argument(field + " must be smaller: " + what + " would cost an estimated " + work_text(work) +
                              " work units, over the budget of " + work_text(kMaxCallWork) +
                              " per engine call (about a second)");
}

[[noreturn]] void over_bytes(const std::string& field, const std::string& what, double bytes,
                             const std::string& parts) {
  throw std::invalid_argument(field + " must be smaller: " + what + " would take an estimated " + mib_text(bytes) +
                              " of engine memory" + parts + ", over the budget of " + mib_text(kMaxObjectBytes) +
                              " per object");
}

}  // namespace

NetworkCost network_cost(const NetworkSpec& s) {
  double weights = 0, trained = 0, units = 0;
  double parameter_values = 0, example_values = 0, fixed_values = 0;
  double inputs = s.input_size;
  for (size_t l = 0; l < s.hidden_sizes.size(); ++l) {
    const double n = s.hidden_sizes[l];
    const NormKind norm = s.norm_of(static_cast<int>(l));
    const bool bn = norm == NormKind::Batch;
    const bool ln_gn = norm == NormKind::Layer || norm == NormKind::Group;
    const double groups = norm == NormKind::Group ? s.norm_groups : 1;
    const bool bias = !(bn && s.bn_placement == BnPlacement::BeforeActivation) || s.keep_bias_before_bn;
    weights += n * inputs;
    // W, dW, b, db; BN: γ, β, running μ, σ², dγ, dβ; LN/GN: γ, β, dγ, dβ
    parameter_values += 2 * n * inputs + 2 * n + (bn ? 6 * n : 0) + (ln_gn ? 4 * n : 0);
    trained += n * inputs + (bias ? n : 0) + (bn || ln_gn ? 2 * n : 0);
    // Z, A, d_out, d_tmp, dZ; z_norm, z̃; LN/GN: μ, σ², inv_std per group and example
    example_values += 5 * n + (bn || ln_gn ? 2 * n : 0) + (ln_gn ? 3 * groups : 0);
    fixed_values += bn ? 6 * n + 2 * 2 * n : 0;  // μ, σ², inv_std, scale, shift, shift2; two double accumulators
    units += n;
    inputs = n;
  }
  const double K = s.output_size;
  weights += K * inputs;
  parameter_values += 2 * K * inputs + 2 * K;
  trained += K * inputs + K;
  example_values += 3 * K;  // logits, prediction, dlogits
  const double copies = s.optimizer.kind == OptimizerKind::Adam ? 2 : s.optimizer.kind == OptimizerKind::Momentum ? 1 : 0;
  parameter_values += copies * trained;

  NetworkCost c;
  c.parameter_bytes = kValueBytes * parameter_values;
  c.example_bytes = kValueBytes * example_values;
  c.fixed_bytes = kValueBytes * fixed_values;
  c.forward_work = weights + kForwardValueWork * (units + K);
  c.step_work = 3 * weights + (kForwardValueWork + kBackwardValueWork) * (units + K);
  c.pass_work = kLayerPassWork * static_cast<double>(s.hidden_sizes.size() + 1);
  c.update_work = kParameterUpdateWork * trained;
  return c;
}

double dataset_bytes(int inputs, double examples, int target_rows) {
  return kValueBytes * examples * (inputs + target_rows);
}

TwinCost twin_cost(const TrainerSpec& spec, int n_train, int n_test, int target_rows,
                   const std::vector<NormKind>& siblings) {
  const NetworkSpec& ns = spec.network;
  const std::vector<NetworkSpec> members = member_networks(spec, siblings);
  std::vector<NetworkCost> nets;
  for (const NetworkSpec& member : members) nets.push_back(network_cost(member));
  // The networks' sum of, and largest, f(cost).
  const auto sum = [&](auto f) {
    double total = 0;
    for (const NetworkCost& c : nets) total += f(c);
    return total;
  };
  const auto largest = [&](auto f) {
    double most = 0;
    for (const NetworkCost& c : nets) most = std::max(most, f(c));
    return most;
  };
  const NetworkCost& noisy = nets[static_cast<size_t>(noise_member(members))];  // the batch-noise probe's
  const double d = ns.input_size, m = ns.batch_size, rows = target_rows;
  const double P = std::min(spec.probe_size, n_train);
  const double L = static_cast<double>(ns.hidden_sizes.size());
  const double R = spec.grid_resolution;
  const double chunk = kEvalChunk;

  TwinCost c;
  c.parameter_bytes = sum([](const NetworkCost& n) { return n.parameter_bytes; });
  c.batch_bytes = sum([&](const NetworkCost& n) { return n.workspace_bytes(m); })  // the training workspaces
                  + noisy.workspace_bytes(m)                                       // batch noise
                  + kValueBytes * (d * m + rows * m                 // X{t}, Y{t}
                                   + d * m + kMaxNoiseDraws         // batch-noise inputs and values
                                   + 2.0 * n_train + m);            // sampler order and batch, noise indices
  const double summaries = spec.probe.bins * 4 * L + 8 * L + 3 * L + L + 4 * (L + 1) + P;
  const double N = static_cast<double>(nets.size());
  c.probe_bytes = sum([&](const NetworkCost& n) { return n.workspace_bytes(P); }) +
                  kValueBytes * (N * summaries + d * P);
  c.eval_bytes = sum([&](const NetworkCost& n) { return n.workspace_bytes(chunk); }) + kValueBytes * (d + rows) * chunk;
  c.grid_bytes = kValueBytes * 3 * R * R;
  c.data_bytes = dataset_bytes(ns.input_size, static_cast<double>(n_train) + n_test, target_rows);

  for (size_t k = 0; k < nets.size(); ++k)
    if (trains(spec.train_only, static_cast<int>(k))) c.step_work += nets[k].step(m);
  // Batch-statistics evaluations first run the probe batch.
  c.eval_work = largest([&](const NetworkCost& n) { return n.forward(static_cast<double>(n_train) + n_test + P); });
  c.probe_work = sum([&](const NetworkCost& n) { return n.forward(P); });
  c.grid_work = ns.input_size == 2 ? largest([&](const NetworkCost& n) { return n.forward(R * R + P); }) : 0.0;
  c.noise_work = noisy.forward(m);
  return c;
}

void check_twin_budget(const TrainerSpec& spec, int n_train, int n_test, bool given_data, int target_rows,
                       const std::vector<NormKind>& siblings) {
  const TwinCost c = twin_cost(spec, n_train, n_test, target_rows, siblings);
  if (c.data_bytes > kMaxDataBytes)
    throw std::invalid_argument(std::string(given_data ? "data" : "num_points") + " must be smaller: the data set would take an estimated " +
                                mib_text(c.data_bytes) + ", over the budget of " + mib_text(kMaxDataBytes));
  if (c.total_bytes() > kMaxObjectBytes) {
    // Blame the setting behind the largest share.
    const double network = c.parameter_bytes + c.eval_bytes;
    std::string field = "hidden_sizes";
    double largest = network;
    if (c.batch_bytes > largest) field = "batch_size", largest = c.batch_bytes;
    if (c.probe_bytes > largest) field = "probe_size", largest = c.probe_bytes;
    if (c.grid_bytes > largest) field = "grid_resolution";
    over_bytes(field, "this twin", c.total_bytes(),
               " (networks " + mib_text(network) + ", training batch " + mib_text(c.batch_bytes) + ", probe " +
                   mib_text(c.probe_bytes) + ", grid " + mib_text(c.grid_bytes) + ")");
  }
  if (c.step_work > kMaxCallWork) over_work("batch_size", "one training step", c.step_work);
  if (c.probe_work > kMaxCallWork) over_work("probe_size", "one probe refresh", c.probe_work);
  if (c.eval_work > kMaxCallWork)
    over_work(given_data ? "hidden_sizes" : "num_points", "evaluating one network on the data set", c.eval_work);
  if (c.grid_work > kMaxCallWork) over_work("grid_resolution", "one grid evaluation", c.grid_work);
}

int max_steps_per_call(const TwinCost& cost) {
  return static_cast<int>(std::clamp(std::floor(kMaxCallWork / std::max(cost.step_work, 1.0)), 1.0, 1e6));
}

int max_noise_draws_per_call(const TwinCost& cost) {
  return static_cast<int>(
      std::clamp(std::floor(kMaxCallWork / std::max(cost.noise_work, 1.0)), 1.0, static_cast<double>(kMaxNoiseDraws)));
}

double network_bytes(const NetworkSpec& spec) {
  const NetworkCost c = network_cost(spec);
  return c.parameter_bytes + c.workspace_bytes(spec.batch_size);
}

void check_network_budget(const NetworkSpec& spec) {
  const NetworkCost c = network_cost(spec);
  const double batch = c.workspace_bytes(spec.batch_size);
  if (c.parameter_bytes + batch > kMaxObjectBytes)
    over_bytes(c.parameter_bytes >= batch ? "hidden_sizes" : "batch_size", "this network",
               c.parameter_bytes + batch, "");
  if (c.step(spec.batch_size) > kMaxCallWork)
    over_work("batch_size", "one training step", c.step(spec.batch_size));
}

double reference_network_bytes(const NetworkSpec& spec) {
  const NetworkCost c = network_cost(spec);
  const double m = spec.batch_size;
  const double rows = spec.loss == LossKind::SoftmaxCrossEntropy ? 1 : spec.output_size;
  // Training and evaluation workspaces, each with the input gradient dX; the batch X, Y.
  return c.parameter_bytes + 2 * (c.workspace_bytes(m) + kValueBytes * spec.input_size * m) +
         kValueBytes * (spec.input_size + rows) * m;
}

void check_reference_network_budget(const NetworkSpec& spec) {
  const NetworkCost c = network_cost(spec);
  const double bytes = reference_network_bytes(spec);
  if (bytes > kMaxObjectBytes)
    over_bytes(c.parameter_bytes >= bytes - c.parameter_bytes ? "hidden_sizes" : "batch_size", "this network",
               bytes, "");
  if (c.step(spec.batch_size) > kMaxCallWork)
    over_work("batch_size", "one training step", c.step(spec.batch_size));
}

double batchnorm_bytes(int features, int batch) {
  const double n = features, nm = static_cast<double>(features) * batch;
  // Z, z̃, ∂ℓ/∂z̃, ∂ℓ/∂Z, z_norm; γ, β, running μ, σ², dγ, dβ; the cache's vectors.
  return kValueBytes * (5 * nm + 6 * n + 6 * n + 2 * 2 * n);
}

void check_batchnorm_budget(int features, int batch) {
  const double bytes = batchnorm_bytes(features, batch);
  if (bytes > kMaxObjectBytes) over_bytes("batch", "this batch-norm layer", bytes, "");
}

}  // namespace bnlab
