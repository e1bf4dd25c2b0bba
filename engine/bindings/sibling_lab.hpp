// SiblingLab: a bnlab::TwinTrainer with siblings (one network per
// normalization: none, BN, LN, GN, …) for the facade (web/engine-siblings.js).
// Networks are numbered in the order the siblings were named.
#pragma once

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
  std::string reseed(double seed) { return guarded([&] { trainer().reseed(static_cast<uint64_t>(seed)); }); }
  std::string setLearningRate(double lr) { return guarded([&] { trainer().set_learning_rate(lr); }); }
  std::string refreshProbes() { return guarded([&] { trainer().refresh_probes(); }); }
  // Fills metrics(): network `net` on the whole training and test sets, BN
  // with its running statistics ('running') or the probe batch's ('batch').
  std::string evaluate(int net, BnMode mode) {
    return guarded([&] { metrics_ = trainer().evaluate(net, eval_mode(mode)); });
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
};

}  // namespace bnlab::web
