// ReferenceNetwork and ReferenceBatchNorm: one network or one BN layer with values set from JavaScript.
#pragma once

#include <cmath>
#include <limits>

#include "support.hpp"

namespace bnlab::web {

// ---- ReferenceNetwork -------------------------------------------------------

// One network with explicit parameters, for checking the engine against other
// frameworks: configure, write parameters and the batch through the writable
// views, trainStep(), read loss, gradients and updated parameters.
class ReferenceNetwork {
 public:
  // The facade's network fields plus inputSize and outputSize. Parameters
  // start from the engine's initialization with config.seed. Both workspaces
  // keep the input gradient ∂ℓ/∂X.
  std::string configure(const val& config) {
    return guarded([&] {
      const NetworkSpec n = read_network(config);  // inputSize and outputSize included
      validate_network_spec(n);
      check_reference_network_budget(n);  // before any allocation
      auto next = std::make_unique<Network>(n);
      next->keep_input_gradient();
      const int m = n.batch_size;
      const auto target_rows = n.loss == LossKind::SoftmaxCrossEntropy ? 1 : n.output_size;
      x_.setZero(n.input_size, m);
      y_.setZero(target_rows, m);
      eval_ws_ = next->make_workspace(m, true);
      net_ = std::move(next);
      last_ws_ = nullptr;
      loss_ = 0;
      correct_ = 0;
    });
  }

  // Writable views: the inputs X (input, m) and the targets (1 or K, m). Like
  // every view here, empty before a successful configure.
  val inputView() { return view(x_); }
  val targetView() { return view(y_); }
  // Parameters (writable) and gradients; activations of the last trainStep or
  // forward. Layer numHidden() is the output layer.
  val layerView(int layer, LayerField field) {
    if (!net_) return empty_view();
    return layer_view(*net_, last_ws_ ? *last_ws_ : net_->train_workspace(), layer, field);
  }
  // Of the last trainStep or forward: (K, m) the prediction (probabilities, or
  // values for MSE), (K, m) the output layer's pre-activation Z_out (logits),
  // (input, m) the gradient of the loss with respect to X.
  val predictionView() { return net_ ? view(last().prediction) : empty_view(); }
  val logitsView() { return net_ ? view(last().logits) : empty_view(); }
  val inputGradientView() { return net_ ? view(last().dX) : empty_view(); }

  // Forward (batch statistics, running statistics updated), loss, backward,
  // optimizer update: exactly one engine training step on the batch.
  std::string trainStep() {
    return guarded([&] {
      const Network::StepResult r = network().train_step(x_, y_);
      loss_ = r.loss;
      correct_ = r.correct;
      last_ws_ = &net_->train_workspace();
      if (!r.finite && !(std::isfinite(r.loss) && std::abs(r.loss) <= std::numeric_limits<Scalar>::max()))
        throw std::runtime_error("the loss is not finite in float32 (" + std::to_string(r.loss) + ")");
      if (!r.finite) throw std::runtime_error("the update overflowed float32: a parameter or running statistic is not finite");
    });
  }
  // Forward, loss and backward with nothing updated (parameters and running
  // statistics stay): mode running (inference) or batch statistics; a
  // training step is trainStep. The gradients are those of this loss, e.g. dX
  // of an inference-mode network.
  std::string forward(BnMode mode) {
    return guarded([&] {
      if (mode == BnMode::Train) throw std::invalid_argument("mode must be running or batch (train: use trainStep)");
      Network& net = network();
      net.forward(x_, eval_ws_, mode == BnMode::Running ? StatsMode::Running : StatsMode::Batch);
      loss_ = net.loss(y_, eval_ws_);
      last_ws_ = &eval_ws_;
      if (!(std::isfinite(loss_) && std::abs(loss_) <= std::numeric_limits<Scalar>::max()))
        throw std::runtime_error("the loss is not finite in float32 (" + std::to_string(loss_) + ")");
      correct_ = count_correct(net.spec().loss, eval_ws_.prediction, y_);
      net.backward(x_, y_, eval_ws_);
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
  const Workspace& last() const { return last_ws_ ? *last_ws_ : net_->train_workspace(); }

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
        throw std::invalid_argument("features must be in [1, " + std::to_string(kMaxUnits) + "], got " +
                                    std::to_string(features));
      if (batch < 1 || batch > kMaxBatchSize)
        throw std::invalid_argument("batch must be in [1, " + std::to_string(kMaxBatchSize) + "], got " +
                                    std::to_string(batch));
      check_batchnorm_budget(features, batch);  // before any allocation
      BatchNormConfig config;
      config.eps = eps;
      config.cumulative = momentum < 0;
      if (!config.cumulative) config.momentum = momentum;
      validate(config);  // the ranges of bnEps and bnMomentum (settings.hpp)
      bn_ = BatchNorm(features, config);
      cache_.resize(features, batch);
      z_.setZero(features, batch);
      y_.setZero(features, batch);
      dy_.setZero(features, batch);
      dz_.setZero(features, batch);
      ready_ = true;
    });
  }

  // train: batch statistics, running statistics updated; batch: batch
  // statistics, running statistics untouched; running: the running statistics (inference).
  std::string forward(BnMode mode) {
    return guarded([&] {
      check();
      if (mode == BnMode::Running) {
        bn_.forward_eval(z_, cache_, y_);
      } else {
        bn_.forward_train(z_, cache_, y_, mode == BnMode::Train);
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
