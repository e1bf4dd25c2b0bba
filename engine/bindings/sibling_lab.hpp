// SiblingLab: a bnlab::TwinTrainer with siblings (one network per
// normalization: none, BN, LN, GN, …) for the facade (web/engine-siblings.js).
// Networks are numbered in the order the siblings were named.
#pragma once

#include "batch_sampler.hpp"
#include "rng.hpp"
#include "support.hpp"

namespace bnlab::web {

class SiblingLab {
 public:
  // Builds the toy dataset and one network per name of `norms` (a JS array of
  // 'none', 'batch', 'layer', 'group') from the facade's config. On error the
  // previous trainer (if any) is kept.
  std::string configure(const val& config, const val& norms) {
    return guarded([&] {
      if (config["dataset"].as<std::string>() == "mnist")
        throw std::invalid_argument("siblings train on the toy data sets, not mnist");
      std::vector<NormKind> kinds;
      for (const std::string& name : emscripten::vecFromJSArray<std::string>(norms))
        kinds.push_back(parse_name<NormKind>("norms[" + std::to_string(kinds.size()) + "]", name));
      if (kinds.empty()) throw std::invalid_argument("norms must name at least one normalization");
      auto next = std::make_unique<TwinTrainer>(read_trainer(config), kinds);  // checks the budget first
      const Dataset& d = next->data();
      cost_ = twin_cost(next->spec(), static_cast<int>(d.x_train.cols()), static_cast<int>(d.x_test.cols()),
                        static_cast<int>(d.y_train.rows()), kinds);
      trainer_ = std::move(next);
      epoch_ws_.clear();  // sized for the new networks on the next epochLoss
    });
  }

  // n steps of every network on the same mini-batches, n ≤ maxStepsPerCall().
  std::string step(int n) {
    return guarded([&] {
      check_step_count(n, cost_, "these siblings");
      trainer().step(n);
    });
  }
  std::string reset() { return guarded([&] { trainer().reset(); }); }
  std::string reseed(double seed) {
    return guarded([&] {
      trainer().reseed(static_cast<uint64_t>(seed));
      epoch_ws_.clear();  // a new data set and epoch order
    });
  }
  std::string setLearningRate(double lr) { return guarded([&] { trainer().set_learning_rate(lr); }); }
  std::string refreshProbes() { return guarded([&] { trainer().refresh_probes(); }); }
  // Fills metrics(): network `net` on the whole training and test sets, BN
  // with its running statistics ('running') or the probe batch's ('batch').
  std::string evaluate(int net, BnMode mode) {
    return guarded([&] { metrics_ = trainer().evaluate(net, eval_mode(mode)); });
  }

  // The training set's loss, read only, in both of BN's modes over the same
  // examples: one shuffled epoch of full mini-batches of the training batch
  // size m (the same order on every call), each forwarded
  //   training:  with its own batch statistics (BN: μ_B, σ²_B of those m
  //              examples, running statistics untouched), as the network
  //              computes it while it trains
  //   inference: with BN's running statistics
  // and averaged over the batches: {training, inference} (their difference
  // is 0 by construction for LN, GN and none), or null for a network out of
  // range. The workspaces (m columns per network) are made on the first call
  // after configure; the trainer's own buffers are not touched.
  val epochLoss(int net) {
    if (!valid(net)) return val::null();
    const Dataset& d = trainer_->data();
    const int m = trainer_->spec().network.batch_size;
    const auto n = static_cast<int>(d.x_train.cols());
    if (epoch_ws_.empty()) {
      for (int k = 0; k < trainer_->num_nets(); ++k) epoch_ws_.push_back(trainer_->net(k).make_workspace(m));
      epoch_x_.resize(d.x_train.rows(), m);
      epoch_y_.resize(d.y_train.rows(), m);
      epoch_order_ = std::make_unique<BatchSampler>(n, m, derive_seed(trainer_->spec().network.seed, kEpochPurpose));
    }
    epoch_order_->reset();
    Network& network = trainer_->net(net);
    Workspace& ws = epoch_ws_[static_cast<size_t>(net)];
    const int batches = n / m;
    double training = 0, inference = 0;
    for (int b = 0; b < batches; ++b) {
      const int* idx = epoch_order_->next();
      gather_columns(d.x_train, idx, m, epoch_x_);
      gather_columns(d.y_train, idx, m, epoch_y_);
      network.forward(epoch_x_, ws, StatsMode::Batch);
      training += network.loss(epoch_y_, ws) / batches;
      network.forward(epoch_x_, ws, StatsMode::Running);
      inference += network.loss(epoch_y_, ws) / batches;
    }
    val out = val::object();
    out.set("training", training);
    out.set("inference", inference);
    out.set("batches", batches);
    return out;
  }

  // Accessors and views never throw: before a successful configure, or for a
  // network or layer out of range, they return 0 / null / an empty view.
  int numNets() const { return trainer_ ? trainer_->num_nets() : 0; }
  int numHidden() const { return trainer_ ? static_cast<int>(trainer_->spec().network.hidden_sizes.size()) : 0; }
  int maxStepsPerCall() const { return trainer_ ? max_steps_per_call(cost_) : 0; }
  // The normalization of network `net` ('none', 'batch', 'layer', 'group').
  std::string norm(int net) const {
    return valid(net) ? name_of(trainer_->siblings()[static_cast<size_t>(net)]) : std::string();
  }
  // {steps, loss, meanLoss, batchAccuracy, diverged, divergedAt} (TwinStatus), or null.
  val status(int net) const { return valid(net) ? to_object(trainer_->status(net)) : val::null(); }
  val metrics() const { return to_object(metrics_); }
  // A layer's buffers over the probe batch (after refreshProbes), as TwinLab.layerView.
  val layerView(int net, int layer, LayerField field) {
    if (!valid(net)) return empty_view();
    return layer_view(trainer_->net(net), trainer_->probe(net).ws, layer, field);
  }
  // The same over the last training mini-batch X{t}.
  val trainBatchView(int net, int layer, LayerField field) {
    if (!valid(net)) return empty_view();
    return layer_view(trainer_->net(net), trainer_->net(net).train_workspace(), layer, field);
  }

 private:
  bool valid(int net) const { return trainer_ && net >= 0 && net < trainer_->num_nets(); }
  TwinTrainer& trainer() const {
    if (!trainer_) throw std::logic_error("SiblingLab used before configure succeeded");
    return *trainer_;
  }

  std::unique_ptr<TwinTrainer> trainer_;
  TwinCost cost_;    // of trainer_, for the per-call limits
  Metrics metrics_;  // of the last evaluate
  // epochLoss's buffers, made on its first call after configure.
  static constexpr uint64_t kEpochPurpose = 0x65706f6368ULL;  // "epoch": the order norm_siblings uses too
  std::vector<Workspace> epoch_ws_;             // one per network, m columns
  Matrix epoch_x_;                              // (d, m) one mini-batch of the epoch
  Matrix epoch_y_;                              // (outputs, m) its targets
  std::unique_ptr<BatchSampler> epoch_order_;   // the epoch's fixed shuffled order
};

}  // namespace bnlab::web
