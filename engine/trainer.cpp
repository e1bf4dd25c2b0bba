#include "trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "settings.hpp"

namespace bnlab {

// The networks, sampler, probes and buffers are built in trainer_build.cpp.

int TwinTrainer::check_net(int net) const {
  if (net >= 0 && net < num_nets()) return net;
  if (siblings_.empty()) throw std::invalid_argument("twin must be 0 (with BN) or 1 (without), got " + std::to_string(net));
  throw std::invalid_argument("net must be in [0, " + std::to_string(num_nets() - 1) + "] (one per sibling), got " +
                              std::to_string(net));
  return net;
}

void TwinTrainer::step(int n) {
  const int m = spec_.network.batch_size;
  const int N = num_nets();
  std::fill(loss_sums_.begin(), loss_sums_.end(), 0.0);
  std::fill(loss_counts_.begin(), loss_counts_.end(), 0);
  const auto trains = [&](int t) { return bnlab::trains(spec_.train_only, t); };
  const auto any_trains = [&] {
    for (int t = 0; t < N; ++t)
      if (trains(t) && !status_[static_cast<size_t>(t)].diverged) return true;
    return false;
  };
  for (int s = 0; s < n; ++s) {
    if (!any_trains()) break;
    // X{t}: the next mini-batch of the epoch's shuffle, shared by every network.
    const int* idx = sampler_->next();
    gather_columns(data_.x_train, idx, m, xb_);
    gather_columns(data_.y_train, idx, m, yb_);
    for (int t = 0; t < N; ++t) {
      TwinStatus& st = status_[static_cast<size_t>(t)];
      if (!trains(t) || st.diverged) continue;
      const Network::StepResult r = nets_[static_cast<size_t>(t)]->train_step(xb_, yb_);
      ++st.steps;
      st.last_loss = r.loss;
      if (!r.finite) {
        st.diverged = true;
        st.diverged_at = st.steps;
        continue;
      }
      st.batch_accuracy = static_cast<double>(r.correct) / m;
      loss_sums_[static_cast<size_t>(t)] += r.loss;
      ++loss_counts_[static_cast<size_t>(t)];
    }
  }
  for (size_t t = 0; t < static_cast<size_t>(N); ++t)
    if (loss_counts_[t] > 0) status_[t].mean_loss = loss_sums_[t] / loss_counts_[t];
}

void TwinTrainer::reset() {
  for (auto& net : nets_) net->initialize(spec_.network.seed);
  // Nothing computed before the reset (perhaps by a diverged run) may show after it.
  for (auto& probe : probes_) probe->clear();
  for (Workspace& ws : eval_ws_) ws.clear();
  noise_.clear();
  xb_.setZero();
  yb_.setZero();
  grid_values_.setZero();
  sampler_->reset();
  std::fill(status_.begin(), status_.end(), TwinStatus{});
}

void TwinTrainer::reseed(uint64_t seed) {
  spec_.network.seed = seed;
  if (owns_data_spec_) {
    spec_.data.seed = seed;
    data_ = make_dataset(spec_.data);
  }
  build();
}

void TwinTrainer::set_learning_rate(double lr) {
  // Checked in place (a copy of the spec would allocate), restored if refused.
  double& rate = spec_.network.optimizer.learning_rate;
  const double before = rate;
  rate = lr;
  try {
    validate(spec_.network);  // the range of settings.hpp
  } catch (...) {
    rate = before;
    throw;
  }
  for (auto& net : nets_) net->optimizer().set_learning_rate(lr);
}

void TwinTrainer::set_probe_unit(int unit) {
  ProbeSpec next = spec_.probe;
  next.unit = unit;
  validate(next);
  spec_.probe.unit = unit;
  for (auto& probe : probes_) probe->set_unit(unit);
}

bool TwinTrainer::check_finite(int twin, bool finite) {
  TwinStatus& st = status_[static_cast<size_t>(twin)];
  if (!finite && !st.diverged) {
    st.diverged = true;
    st.diverged_at = st.steps;
  }
  return finite;
}

void TwinTrainer::refresh_probes() {
  for (int t = 0; t < num_nets(); ++t) {
    Probe& p = *probes_[static_cast<size_t>(t)];
    p.refresh(*nets_[static_cast<size_t>(t)], probe_x_);
    check_finite(t, nets_[static_cast<size_t>(t)]->workspace_finite(p.ws) && p.percentiles.allFinite() &&
                        p.grad_norms.allFinite());
  }
}

void TwinTrainer::forward_chunked(Network& net, int twin, ConstMatRef x, StatsMode mode, const Workspace* stats,
                                  int begin, int count) {
  // Running and Given statistics treat every column independently, so the
  // unused tail of a short last chunk can hold anything (zeros).
  chunk_x_.leftCols(count) = x.middleCols(begin, count);
  chunk_x_.rightCols(eval_chunk_ - count).setZero();
  net.forward(chunk_x_, eval_ws_[static_cast<size_t>(twin)], mode, stats);
}

void TwinTrainer::evaluate_set(int twin, const Matrix& x, const Matrix& y, StatsMode mode, const Workspace* stats,
                               double& loss, double& accuracy) {
  const Network& net = *nets_[static_cast<size_t>(twin)];
  Workspace& ws = eval_ws_[static_cast<size_t>(twin)];
  const auto total = static_cast<int>(x.cols());
  double loss_sum = 0;
  long long correct = 0;
  for (int begin = 0; begin < total; begin += eval_chunk_) {
    const int count = std::min(eval_chunk_, total - begin);
    forward_chunked(*nets_[static_cast<size_t>(twin)], twin, x, mode, stats, begin, count);
    chunk_y_.leftCols(count) = y.middleCols(begin, count);
    const LossKind kind = net.spec().loss;
    loss_sum += count * loss_forward(kind, ws.logits.leftCols(count), chunk_y_.leftCols(count),
                                     ws.prediction.leftCols(count));
    correct += count_correct(kind, ws.prediction.leftCols(count), chunk_y_.leftCols(count));
  }
  loss = total > 0 ? loss_sum / total : 0.0;
  accuracy = total > 0 ? static_cast<double>(correct) / total : 0.0;
}

const Workspace* TwinTrainer::evaluation_stats(int twin, StatsMode mode) {
  if (mode == StatsMode::Running) return nullptr;  // BN uses its running statistics
  if (mode != StatsMode::Given)
    throw std::invalid_argument("evaluation mode must be running or probe-batch statistics");
  // The probe batch's statistics under the current weights.
  Probe& probe = *probes_[static_cast<size_t>(twin)];
  probe.histograms();  // binned from what the last refresh saw, before the forward below overwrites it
  nets_[static_cast<size_t>(twin)]->forward(probe_x_, probe.ws, StatsMode::Batch);
  return &probe.ws;
}

Metrics TwinTrainer::evaluate(int twin, StatsMode mode, EvalSets sets) {
  check_net(twin);
  const Workspace* stats = evaluation_stats(twin, mode);
  Metrics m;
  const bool with_train = sets == EvalSets::TrainAndTest;
  if (with_train) {
    evaluate_set(twin, data_.x_train, data_.y_train, mode, stats, m.train_loss, m.train_accuracy);
  } else {
    m.train_loss = m.train_accuracy = std::numeric_limits<double>::quiet_NaN();  // not computed
  }
  evaluate_set(twin, data_.x_test, data_.y_test, mode, stats, m.test_loss, m.test_accuracy);
  check_finite(twin, (!with_train || std::isfinite(m.train_loss)) && std::isfinite(m.test_loss));
  return m;
}

void TwinTrainer::check_grid_inputs() const {
  if (data_.x_train.rows() != 2)
    throw std::invalid_argument("the heatmap grid needs 2-D inputs; this dataset has " +
                                std::to_string(data_.x_train.rows()));
}

void TwinTrainer::grid_chunk(Network& net, int twin, StatsMode mode, const Workspace* stats, int begin,
                             Vector& values) {
  const int count = std::min(eval_chunk_, static_cast<int>(grid_points_.cols()) - begin);
  forward_chunked(net, twin, grid_points_, mode, stats, begin, count);
  Workspace& ws = eval_ws_[static_cast<size_t>(twin)];
  const LossKind kind = net.spec().loss;
  loss_predict(kind, ws.logits.leftCols(count), ws.prediction.leftCols(count));
  for (int i = 0; i < count; ++i) {
    // Binary heads show P(class 1); regression shows the value.
    values(begin + i) = kind == LossKind::SoftmaxCrossEntropy ? ws.prediction(1, i) : ws.prediction(0, i);
  }
}

const Vector& TwinTrainer::evaluate_grid(int twin, StatsMode mode) {
  check_grid_inputs();
  Network& net = *nets_[static_cast<size_t>(check_net(twin))];
  const Workspace* stats = evaluation_stats(twin, mode);
  for (int begin = 0; begin < grid_points_.cols(); begin += eval_chunk_) grid_chunk(net, twin, mode, stats, begin, grid_values_);
  check_finite(twin, grid_values_.allFinite());
  return grid_values_;
}

void TwinTrainer::snapshot_grid(int twin, StatsMode mode) {
  check_grid_inputs();
  Network& net = *nets_[static_cast<size_t>(check_net(twin))];
  const Workspace* stats = evaluation_stats(twin, mode);  // checks the mode
  if (grid_parts_.size() != nets_.size()) grid_parts_.resize(nets_.size());
  GridPart& part = grid_parts_[static_cast<size_t>(twin)];
  if (!part.copy) {
    NetworkSpec spec = net.spec();
    spec.batch_size = 2;  // the copy never trains: the smallest training workspace BN accepts
    part.copy = std::make_unique<Network>(spec);
    part.parameters.setZero(net.num_parameters());
    part.values.setZero(grid_points_.cols());
  }
  Network& copy = *part.copy;
  net.copy_parameters(part.parameters);
  copy.set_parameters(part.parameters);
  // Given statistics are the probe batch's μ and σ² as constants, which is what running averages are
  // to a Running pass: the copy takes them as its own and is evaluated with StatsMode::Running.
  for (int l = 0; l < net.num_hidden(); ++l) {
    if (!net.hidden(l).has_bn) continue;
    BatchNorm& bn = copy.hidden(l).bn;
    if (stats) {
      bn.running_mean = stats->hidden[static_cast<size_t>(l)].bn.mean;
      bn.running_var = stats->hidden[static_cast<size_t>(l)].bn.var;
    } else {
      bn.running_mean = net.hidden(l).bn.running_mean;
      bn.running_var = net.hidden(l).bn.running_var;
    }
  }
  part.done = 0;
}

int TwinTrainer::evaluate_grid_part(int twin, int points) {
  check_net(twin);
  if (grid_parts_.empty() || !grid_parts_[static_cast<size_t>(twin)].copy)
    throw std::invalid_argument("evaluate_grid_part needs snapshot_grid first");
  GridPart& part = grid_parts_[static_cast<size_t>(twin)];
  const int total = static_cast<int>(grid_points_.cols());
  if (part.done == total) return total;
  const int goal = std::min(total, part.done + std::max(points, 1));
  while (part.done < goal) {
    grid_chunk(*part.copy, twin, StatsMode::Running, nullptr, part.done, part.values);
    part.done = std::min(total, part.done + eval_chunk_);
  }
  if (part.done == total) check_finite(twin, part.values.allFinite());
  return part.done;
}

const Vector& TwinTrainer::batch_noise(int layer, int unit, int example, int draws, uint64_t seed) {
  const Vector& values =
      noise_.run(*nets_[static_cast<size_t>(noise_net_)], data_.x_train, layer, unit, example, draws, seed);
  check_finite(noise_net_, values.allFinite());
  return values;
}

const LandscapeProbe& TwinTrainer::landscape(int twin, const double* etas, int count) {
  check_net(twin);
  if (status_[static_cast<size_t>(twin)].steps < 1)
    throw std::invalid_argument("the landscape probe needs one training step first (it uses the last mini-batch)");
  Network& net = *nets_[static_cast<size_t>(twin)];
  const double work = (count + 1.0) * network_cost(net.spec()).step(spec_.network.batch_size);
  if (work > kMaxCallWork)
    throw std::invalid_argument("landscape: " + std::to_string(count) + " step sizes cost " + format_number(work) +
                                " work units, over the budget of " + format_number(kMaxCallWork) +
                                " per call; ask for fewer");
  auto& probe = landscapes_[static_cast<size_t>(twin)];
  if (!probe) probe = std::make_unique<LandscapeProbe>(net, spec_.network.batch_size);
  probe->run(net, xb_, yb_, etas, count);
  return *probe;
}

const Workspace& TwinTrainer::inspect_batch(int twin, ConstMatRef X, ConstMatRef Y) {
  Network& net = *nets_[static_cast<size_t>(check_net(twin))];
  auto& inspector = inspectors_[static_cast<size_t>(twin)];
  if (!inspector) inspector = std::make_unique<BatchInspector>(net, spec_.network.batch_size);
  return inspector->run(net, X, Y);
}

}  // namespace bnlab
