#include "trainer.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace bnlab {

namespace {
constexpr int kEvalChunk = 512;     // columns per chunk when evaluating whole sets and grids
constexpr int kMaxNoiseDraws = 256;  // batch_noise draws
}

TwinTrainer::TwinTrainer(const TrainerSpec& spec) : spec_(spec), owns_data_spec_(true) {
  spec_.data.seed = spec_.network.seed;
  data_ = make_dataset(spec_.data);
  build();
}

TwinTrainer::TwinTrainer(const TrainerSpec& spec, Dataset data)
    : spec_(spec), owns_data_spec_(false), data_(std::move(data)) {
  build();
}

void TwinTrainer::build() {
  const NetworkSpec& ns = spec_.network;
  const auto n_train = static_cast<int>(data_.x_train.cols());
  if (ns.input_size != data_.x_train.rows())
    throw std::invalid_argument("input_size must equal the dataset's input dimension " +
                                std::to_string(data_.x_train.rows()) + ", got " + std::to_string(ns.input_size));
  if (ns.batch_size > n_train)
    throw std::invalid_argument("batch_size must be at most the training-set size " + std::to_string(n_train) +
                                ", got " + std::to_string(ns.batch_size));
  if (data_.is_regression != (ns.loss == LossKind::MeanSquaredError))
    throw std::invalid_argument(std::string("loss must be ") + (data_.is_regression ? "mse" : "a classification loss") +
                                " for this dataset, got " + loss_name(ns.loss));
  if (ns.loss == LossKind::SoftmaxCrossEntropy) {
    const double max_label = std::max(data_.y_train.maxCoeff(), data_.y_test.maxCoeff());
    if (max_label >= ns.output_size)
      throw std::invalid_argument("output_size must exceed the largest class label " +
                                  std::to_string(static_cast<int>(max_label)) + ", got " +
                                  std::to_string(ns.output_size));
  } else if (ns.output_size != data_.y_train.rows()) {
    throw std::invalid_argument("output_size must be " + std::to_string(data_.y_train.rows()) +
                                " for this dataset and loss, got " + std::to_string(ns.output_size));
  }
  if (spec_.probe_size < 2 || spec_.probe.bins < 2 || spec_.probe.bins > 512 || !(spec_.probe.range > 0))
    throw std::invalid_argument("probe settings out of range: probe_size >= 2, bins in [2, 512], range > 0");
  if (spec_.train_only != kBothTwins && spec_.train_only != kWithBn && spec_.train_only != kWithoutBn)
    throw std::invalid_argument("train_only must be -1 (both twins), 0 (with BN) or 1 (without BN), got " +
                                std::to_string(spec_.train_only));
  if (spec_.grid_resolution < 2 || spec_.grid_resolution > 256)
    throw std::invalid_argument("grid_resolution must be in [2, 256], got " + std::to_string(spec_.grid_resolution));

  NetworkSpec plain = ns;
  plain.batch_norm.assign(ns.hidden_sizes.size(), false);
  nets_[kWithBn] = std::make_unique<Network>(ns);
  nets_[kWithoutBn] = std::make_unique<Network>(plain);

  sampler_ = std::make_unique<BatchSampler>(n_train, ns.batch_size, ns.seed);
  const auto target_rows = data_.y_train.rows();
  xb_.setZero(ns.input_size, ns.batch_size);
  yb_.setZero(target_rows, ns.batch_size);

  const int P = std::min(spec_.probe_size, n_train);
  probe_x_ = data_.x_train.leftCols(P);
  for (int t = 0; t < 2; ++t) {
    probes_[static_cast<size_t>(t)] = std::make_unique<Probe>(*nets_[static_cast<size_t>(t)], P, spec_.probe);
    eval_ws_[static_cast<size_t>(t)] = nets_[static_cast<size_t>(t)]->make_workspace(kEvalChunk);
  }
  noise_ws_ = nets_[kWithBn]->make_workspace(ns.batch_size);
  noise_x_.setZero(ns.input_size, ns.batch_size);
  noise_values_.setZero(kMaxNoiseDraws);
  noise_indices_.resize(static_cast<size_t>(n_train));
  chunk_x_.setZero(ns.input_size, kEvalChunk);
  chunk_y_.setZero(target_rows, kEvalChunk);

  const int R = spec_.grid_resolution;
  grid_points_.setZero(2, R * R);
  grid_values_.setZero(R * R);
  const double e = spec_.grid_extent;
  for (int row = 0; row < R; ++row)
    for (int col = 0; col < R; ++col) {
      grid_points_(0, row * R + col) = static_cast<Scalar>(-e + 2 * e * col / (R - 1));
      grid_points_(1, row * R + col) = static_cast<Scalar>(-e + 2 * e * row / (R - 1));
    }
  status_ = {};
}

void TwinTrainer::step(int n) {
  const int m = spec_.network.batch_size;
  double sums[2] = {0, 0};
  int counts[2] = {0, 0};
  const auto trains = [&](int t) { return spec_.train_only == kBothTwins || spec_.train_only == t; };
  for (int s = 0; s < n; ++s) {
    if ((!trains(kWithBn) || status_[kWithBn].diverged) && (!trains(kWithoutBn) || status_[kWithoutBn].diverged))
      break;
    // X{t}: the next mini-batch of the epoch's shuffle, shared by both twins.
    const int* idx = sampler_->next();
    gather_columns(data_.x_train, idx, m, xb_);
    gather_columns(data_.y_train, idx, m, yb_);
    for (int t = 0; t < 2; ++t) {
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
      sums[t] += r.loss;
      ++counts[t];
    }
  }
  for (int t = 0; t < 2; ++t)
    if (counts[t] > 0) status_[static_cast<size_t>(t)].mean_loss = sums[t] / counts[t];
}

void TwinTrainer::reset() {
  for (auto& net : nets_) net->initialize(spec_.network.seed);
  sampler_->reset();
  status_ = {};
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
  if (!std::isfinite(lr) || lr < 0 || lr > 1000)
    throw std::invalid_argument("learning_rate must be finite and in [0, 1000], got " + std::to_string(lr));
  spec_.network.optimizer.learning_rate = lr;
  for (auto& net : nets_) net->optimizer().set_learning_rate(lr);
}

void TwinTrainer::refresh_probes() {
  for (int t = 0; t < 2; ++t) probes_[static_cast<size_t>(t)]->refresh(*nets_[static_cast<size_t>(t)], probe_x_);
}

void TwinTrainer::forward_chunked(int twin, ConstMatRef x, StatsMode mode, const Workspace* stats, int begin,
                                  int count) {
  // Running and Given statistics treat every column independently, so the
  // unused tail of a short last chunk can hold anything (zeros).
  chunk_x_.leftCols(count) = x.middleCols(begin, count);
  chunk_x_.rightCols(kEvalChunk - count).setZero();
  nets_[static_cast<size_t>(twin)]->forward(chunk_x_, eval_ws_[static_cast<size_t>(twin)], mode, stats);
}

void TwinTrainer::evaluate_set(int twin, const Matrix& x, const Matrix& y, StatsMode mode, const Workspace* stats,
                               double& loss, double& accuracy) {
  const Network& net = *nets_[static_cast<size_t>(twin)];
  Workspace& ws = eval_ws_[static_cast<size_t>(twin)];
  const auto total = static_cast<int>(x.cols());
  double loss_sum = 0;
  long long correct = 0;
  for (int begin = 0; begin < total; begin += kEvalChunk) {
    const int count = std::min(kEvalChunk, total - begin);
    forward_chunked(twin, x, mode, stats, begin, count);
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
  nets_[static_cast<size_t>(twin)]->forward(probe_x_, probe.ws, StatsMode::Batch);
  return &probe.ws;
}

Metrics TwinTrainer::evaluate(int twin, StatsMode mode) {
  const Workspace* stats = evaluation_stats(twin, mode);
  Metrics m;
  evaluate_set(twin, data_.x_train, data_.y_train, mode, stats, m.train_loss, m.train_accuracy);
  evaluate_set(twin, data_.x_test, data_.y_test, mode, stats, m.test_loss, m.test_accuracy);
  return m;
}

const Vector& TwinTrainer::evaluate_grid(int twin, StatsMode mode) {
  if (data_.x_train.rows() != 2)
    throw std::invalid_argument("the heatmap grid needs 2-D inputs; this dataset has " +
                                std::to_string(data_.x_train.rows()));
  Network& net = *nets_[static_cast<size_t>(twin)];
  const Workspace* stats = evaluation_stats(twin, mode);
  Workspace& ws = eval_ws_[static_cast<size_t>(twin)];
  const auto total = static_cast<int>(grid_points_.cols());
  const LossKind kind = net.spec().loss;
  for (int begin = 0; begin < total; begin += kEvalChunk) {
    const int count = std::min(kEvalChunk, total - begin);
    forward_chunked(twin, grid_points_, mode, stats, begin, count);
    loss_predict(kind, ws.logits.leftCols(count), ws.prediction.leftCols(count));
    for (int i = 0; i < count; ++i) {
      // Binary heads show P(class 1); regression shows the value.
      const Scalar v = kind == LossKind::SoftmaxCrossEntropy ? ws.prediction(1, i) : ws.prediction(0, i);
      grid_values_(begin + i) = v;
    }
  }
  return grid_values_;
}

const Vector& TwinTrainer::batch_noise(int layer, int unit, int example, int draws, uint64_t seed) {
  Network& net = *nets_[kWithBn];
  const auto n_train = static_cast<int>(data_.x_train.cols());
  if (layer < 0 || layer >= net.num_hidden() || !net.hidden(layer).has_bn)
    throw std::invalid_argument("layer must name a hidden layer with batch norm, got " + std::to_string(layer));
  if (unit < 0 || unit >= net.hidden(layer).dense.outputs())
    throw std::invalid_argument("unit must be in [0, " + std::to_string(net.hidden(layer).dense.outputs() - 1) +
                                "], got " + std::to_string(unit));
  if (example < 0 || example >= n_train)
    throw std::invalid_argument("example must be in [0, " + std::to_string(n_train - 1) + "], got " +
                                std::to_string(example));
  if (draws < 1 || draws > kMaxNoiseDraws)
    throw std::invalid_argument("draws must be in [1, " + std::to_string(kMaxNoiseDraws) + "], got " +
                                std::to_string(draws));
  const int m = spec_.network.batch_size;
  Rng rng(seed);
  for (int d = 0; d < draws; ++d) {
    // Column 0 is the example; the other m − 1 columns are distinct others.
    for (int i = 0; i < n_train; ++i) noise_indices_[static_cast<size_t>(i)] = i;
    std::swap(noise_indices_[0], noise_indices_[static_cast<size_t>(example)]);
    for (int i = 1; i < m; ++i) {
      const int j = i + static_cast<int>(rng.below(static_cast<uint32_t>(n_train - i)));
      std::swap(noise_indices_[static_cast<size_t>(i)], noise_indices_[static_cast<size_t>(j)]);
    }
    gather_columns(data_.x_train, noise_indices_.data(), m, noise_x_);
    net.forward(noise_x_, noise_ws_, StatsMode::Batch);
    noise_values_(d) = noise_ws_.hidden[static_cast<size_t>(layer)].bn.z_norm(unit, 0);
  }
  noise_values_.tail(kMaxNoiseDraws - draws).setZero();
  return noise_values_;
}

}  // namespace bnlab
