// ReferenceNetwork and ReferenceBatchNorm: one network or one BN layer with values set from JavaScript.
#pragma once

#include "support.hpp"

namespace bnlab::web {

// ---- ReferenceNetwork -------------------------------------------------------

// One network with explicit parameters, for checking the engine against other
// frameworks: configure, write parameters and the batch through the writable
// views, trainStep(), read loss, gradients and updated parameters.
class ReferenceNetwork {
 public:
  // The facade's network fields plus inputSize and outputSize. Parameters
  // start from the engine's initialization with config.seed.
  std::string configure(const val& config) {
    return guarded([&] {
      NetworkSpec n;
      read_network(config, n);
      n.input_size = config["inputSize"].as<int>();
      n.output_size = config["outputSize"].as<int>();
      auto next = std::make_unique<Network>(n);
      const int m = n.batch_size;
      const auto target_rows = n.loss == LossKind::SoftmaxCrossEntropy ? 1 : n.output_size;
      x_.setZero(n.input_size, m);
      y_.setZero(target_rows, m);
      eval_ws_ = next->make_workspace(m);
      net_ = std::move(next);
      last_ws_ = nullptr;
      loss_ = 0;
      correct_ = 0;
    });
  }

  // Writable views: X (input, m) and targets (1 or K, m). Like every view
  // here, empty before a successful configure.
  val batchView(int which) { return which == 0 ? view(x_) : view(y_); }
  // Parameters (writable) and gradients; activations of the last trainStep or
  // forward. Layer numHidden() is the output layer.
  val layerView(int layer, LayerField field) {
    if (!net_) return empty_view();
    return layer_view(*net_, last_ws_ ? *last_ws_ : net_->train_workspace(), layer, field);
  }
  // (K, m) the prediction of the last trainStep or forward (probabilities, or values for MSE).
  val predictionView() {
    if (!net_) return empty_view();
    return view((last_ws_ ? *last_ws_ : net_->train_workspace()).prediction);
  }

  // Forward (batch statistics, running statistics updated), loss, backward,
  // optimizer update: exactly one engine training step on the batch.
  std::string trainStep() {
    return guarded([&] {
      const Network::StepResult r = network().train_step(x_, y_);
      loss_ = r.loss;
      correct_ = r.correct;
      last_ws_ = &net_->train_workspace();
      if (!r.finite) throw std::runtime_error("the loss is not finite (" + std::to_string(r.loss) + ")");
    });
  }
  // Forward and loss only, nothing updated: mode 0 running statistics, 1 batch statistics.
  std::string forward(int mode) {
    return guarded([&] {
      if (mode != 0 && mode != 1) throw std::invalid_argument("mode must be 0 (running) or 1 (batch)");
      Network& net = network();
      net.forward(x_, eval_ws_, mode == 0 ? StatsMode::Running : StatsMode::Batch);
      loss_ = net.loss(y_, eval_ws_);
      correct_ = count_correct(net.spec().loss, eval_ws_.prediction, y_);
      last_ws_ = &eval_ws_;
    });
  }
  double loss() const { return loss_; }
  int correct() const { return correct_; }
  int numHidden() const { return net_ ? net_->num_hidden() : 0; }
  bool hasBias(int layer) const {
    if (!net_ || layer < 0 || layer > numHidden()) return false;
    return layer == numHidden() ? true : net_->hidden(layer).dense.use_bias();
  }
  bool hasBn(int layer) const { return net_ && layer >= 0 && layer < numHidden() && net_->hidden(layer).has_bn; }

 private:
  Network& network() {
    if (!net_) throw std::logic_error("ReferenceNetwork used before configure succeeded");
    return *net_;
  }

  std::unique_ptr<Network> net_;
  Matrix x_, y_;                       // (input, m), (1 or K, m)
  Workspace eval_ws_;                  // forward() without touching the training workspace
  const Workspace* last_ws_ = nullptr;
  double loss_ = 0;
  int correct_ = 0;
};

// ---- ReferenceBatchNorm -----------------------------------------------------

class ReferenceBatchNorm {
 public:
  // momentum < 0 means cumulative running statistics (PyTorch's momentum=None).
  std::string configure(int features, int batch, double eps, double momentum) {
    return guarded([&] {
      if (features < 1 || features > kMaxUnits)
        throw std::invalid_argument("features must be in [1, 1024], got " + std::to_string(features));
      if (batch < 1 || batch > 65536)
        throw std::invalid_argument("batch must be in [1, 65536], got " + std::to_string(batch));
      if (!(eps > 0 && eps <= 1)) throw std::invalid_argument("eps must be in (0, 1], got " + std::to_string(eps));
      if (!(momentum <= 1)) throw std::invalid_argument("momentum must be at most 1, got " + std::to_string(momentum));
      BatchNormConfig config;
      config.eps = eps;
      config.cumulative = momentum < 0;
      if (!config.cumulative) config.momentum = momentum;
      bn_ = BatchNorm(features, config);
      cache_.resize(features, batch);
      z_.setZero(features, batch);
      y_.setZero(features, batch);
      dy_.setZero(features, batch);
      dz_.setZero(features, batch);
      ready_ = true;
    });
  }

  // mode 0: batch statistics, running statistics updated (training);
  // 1: batch statistics, running statistics untouched; 2: running statistics (inference).
  std::string forward(int mode) {
    return guarded([&] {
      check();
      if (mode == 0 || mode == 1) {
        bn_.forward_train(z_, cache_, y_, mode == 0);
      } else if (mode == 2) {
        bn_.forward_eval(z_, cache_, y_);
      } else {
        throw std::invalid_argument("mode must be 0 (train), 1 (batch) or 2 (eval), got " + std::to_string(mode));
      }
      forwarded_ = true;
    });
  }
  // Backward of the last forward, from the upstream gradient in DZTilde.
  std::string backward() {
    return guarded([&] {
      check();
      if (!forwarded_) throw std::logic_error("backward needs a forward first");
      bn_.backward(dy_, cache_, dz_);
    });
  }

  // PyTorch's num_batches_tracked: how many training batches the running
  // statistics have seen; with momentum null the next one gets weight 1/(count + 1).
  void setBatchesTracked(double count) { bn_.num_batches_tracked = static_cast<long long>(count); }
  double batchesTracked() const { return static_cast<double>(bn_.num_batches_tracked); }

  val bufferView(BnField field) {
    if (!ready_) return empty_view();
    switch (field) {
      case BnField::Z: return view(z_);
      case BnField::DZTilde: return view(dy_);
      case BnField::ZTilde: return view(y_);
      case BnField::ZNorm: return view(cache_.z_norm);
      case BnField::DZ: return view(dz_);
      case BnField::Mean: return view(cache_.mean);
      case BnField::Var: return view(cache_.var);
      case BnField::InvStd: return view(cache_.inv_std);
      case BnField::Gamma: return view(bn_.gamma);
      case BnField::Beta: return view(bn_.beta);
      case BnField::RunningMean: return view(bn_.running_mean);
      case BnField::RunningVar: return view(bn_.running_var);
      case BnField::DGamma: return view(bn_.dgamma);
      case BnField::DBeta: return view(bn_.dbeta);
    }
    return empty_view();
  }

 private:
  void check() const {
    if (!ready_) throw std::logic_error("ReferenceBatchNorm used before configure succeeded");
  }

  bool ready_ = false;
  bool forwarded_ = false;
  BatchNorm bn_;
  BatchNormCache cache_;
  Matrix z_, y_, dy_, dz_;  // (n, m) input, output, upstream gradient, input gradient
};

}  // namespace bnlab::web
