// Parameter updates from gradients.
//
//   SGD       θ := θ − α·dθ                 (the course's W := W − α·dW, γ := γ − α·dγ, β := β − α·dβ)
//   Momentum  v := μ·v + dθ;  θ := θ − α·v   (PyTorch's SGD with momentum)
//   Adam      m := β1·m + (1−β1)·dθ;  v := β2·v + (1−β2)·dθ²;
//             θ := θ − α·m̂/(√v̂ + ε_adam) with bias-corrected m̂, v̂
// Optional L2 weight decay λ adds λ·θ to dθ for weight matrices (not for b, γ, β).
//
// The optimizer knows nothing about layers: the network registers one slot
// per parameter tensor at build time (state buffers are allocated then) and
// passes the tensor and its gradient to update() every step, always in the
// same slot order.
#pragma once

#include <array>
#include <vector>

#include "names.hpp"
#include "types.hpp"

namespace bnlab {

enum class OptimizerKind { SGD, Momentum, Adam };

constexpr std::array<Named<OptimizerKind>, 3> kOptimizerNames{
    {{OptimizerKind::SGD, "sgd"}, {OptimizerKind::Momentum, "momentum"}, {OptimizerKind::Adam, "adam"}}};
constexpr const auto& enum_names(OptimizerKind) { return kOptimizerNames; }

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::SGD;
  double learning_rate = 0.1;  // α, may change between steps
  double momentum = 0.9;       // μ (Momentum)
  double beta1 = 0.9;          // Adam
  double beta2 = 0.999;        // Adam
  double adam_epsilon = 1e-8;  // Adam
  double weight_decay = 0.0;   // L2 coefficient λ
};

class Optimizer {
 public:
  Optimizer() = default;
  explicit Optimizer(const OptimizerConfig& config) : config_(config) {}

  const OptimizerConfig& config() const { return config_; }
  void set_learning_rate(double lr) { config_.learning_rate = lr; }

  // Registers a parameter tensor of `size` scalars; returns its slot.
  int add_slot(Eigen::Index size);

  // Called once per training step before the updates (Adam's step counter t).
  void begin_step() { ++t_; }
  // θ (size of the slot) updated in place from dθ; returns whether every new θ is finite (checked
  // as it is written, so a training step needs no second pass over the parameters).
  bool update(int slot, Scalar* theta, const Scalar* dtheta, bool decay);

  // Zeroes momentum/Adam state and the step counter (for a replay from the start).
  void reset_state();

 private:
  OptimizerConfig config_;
  std::vector<Eigen::Index> sizes_;  // scalars per slot
  std::vector<Vector> first_;   // velocity (Momentum) or first moment m (Adam), one per slot
  std::vector<Vector> second_;  // second moment v (Adam), one per slot
  long long t_ = 0;
};

}  // namespace bnlab
