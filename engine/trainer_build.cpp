#include "trainer.hpp"

// Building a trainer's networks, sampler, probes and buffers: once per
// configuration, so the WebAssembly build compiles this file for size
// (CMakeLists.txt); the training path is in trainer.cpp.

#include <algorithm>
#include <stdexcept>
#include <string>

#include "settings.hpp"

namespace bnlab {

std::vector<NetworkSpec> member_networks(const TrainerSpec& spec, const std::vector<NormKind>& siblings) {
  const NetworkSpec& ns = spec.network;
  if (siblings.empty()) {
    NetworkSpec plain = ns;
    plain.batch_norm.assign(ns.hidden_sizes.size(), false);
    return {ns, plain};
  }
  std::vector<NetworkSpec> members;
  for (NormKind kind : siblings) {
    NetworkSpec s = ns;
    s.norm = kind;
    s.norms.clear();  // the flags still say which layers are normalized
    members.push_back(s);
  }
  return members;
}

int noise_member(const std::vector<NetworkSpec>& members) {
  for (size_t k = 0; k < members.size(); ++k)
    for (size_t l = 0; l < members[k].hidden_sizes.size(); ++l)
      if (members[k].has_bn(static_cast<int>(l))) return static_cast<int>(k);
  return 0;
}

TwinTrainer::TwinTrainer(const TrainerSpec& spec, std::vector<NormKind> siblings)
    : spec_(spec), siblings_(std::move(siblings)), owns_data_spec_(true) {
  spec_.data.seed = spec_.network.seed;
  data_ = make_dataset(spec_.data);
  build();
}

TwinTrainer::TwinTrainer(const TrainerSpec& spec, Dataset data, std::vector<NormKind> siblings)
    : spec_(spec), siblings_(std::move(siblings)), owns_data_spec_(false), data_(std::move(data)) {
  build();
}

void TwinTrainer::build() {
  validate(spec_);  // the trainer's own fields (settings.hpp); the network's below
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
                                " for this dataset, got " + name_of(ns.loss));
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
  if (!siblings_.empty() && spec_.train_only != TrainOnly::Both)
    throw std::invalid_argument(std::string("train_only must be both when siblings train, got ") +
                                name_of(spec_.train_only));
  for (size_t k = 0; k < siblings_.size(); ++k)
    if (!is_named(siblings_[k]))
      fail_field("siblings[" + std::to_string(k) + "]", "one of " + name_list<NormKind>(),
                 "value " + std::to_string(int(siblings_[k])));
  const std::vector<NetworkSpec> members = member_networks(spec_, siblings_);
  // Each network's own rules (the twin's first is spec.network itself), e.g. a BN sibling at batch_size 1.
  for (const NetworkSpec& member : members) validate_network_spec(member);
  check_twin_budget(spec_, n_train, static_cast<int>(data_.x_test.cols()), !owns_data_spec_,
                    static_cast<int>(data_.y_train.rows()), siblings_);

  const size_t N = members.size();
  nets_.clear();
  for (const NetworkSpec& member : members) nets_.push_back(std::make_unique<Network>(member));
  noise_net_ = noise_member(members);

  sampler_ = std::make_unique<BatchSampler>(n_train, ns.batch_size, ns.seed);
  const auto target_rows = data_.y_train.rows();
  xb_.setZero(ns.input_size, ns.batch_size);
  yb_.setZero(target_rows, ns.batch_size);

  const int P = std::min(spec_.probe_size, n_train);
  probe_x_ = data_.x_train.leftCols(P);
  probes_.clear();
  eval_ws_.clear();
  eval_chunk_ = std::clamp(std::max(n_train, static_cast<int>(data_.x_test.cols())), 1, kEvalChunk);
  for (size_t t = 0; t < N; ++t) {
    probes_.push_back(std::make_unique<Probe>(*nets_[t], P, spec_.probe));
    eval_ws_.push_back(nets_[t]->make_workspace(eval_chunk_));
  }
  noise_ = BatchNoiseProbe(*nets_[static_cast<size_t>(noise_net_)], n_train);
  landscapes_.clear();
  landscapes_.resize(N);
  inspectors_.clear();
  inspectors_.resize(N);
  loss_sums_.assign(N, 0.0);
  loss_counts_.assign(N, 0);
  chunk_x_.setZero(ns.input_size, eval_chunk_);
  chunk_y_.setZero(target_rows, eval_chunk_);

  const int R = spec_.grid_resolution;
  grid_points_.setZero(2, R * R);
  grid_values_.setZero(R * R);
  const double e = spec_.grid_extent;
  for (int row = 0; row < R; ++row)
    for (int col = 0; col < R; ++col) {
      grid_points_(0, row * R + col) = static_cast<Scalar>(-e + 2 * e * col / (R - 1));
      grid_points_(1, row * R + col) = static_cast<Scalar>(-e + 2 * e * row / (R - 1));
    }
  grid_parts_.clear();  // copies of the networks before (sized by snapshot_grid, which alone uses them)
  status_.assign(N, TwinStatus{});
}

}  // namespace bnlab
