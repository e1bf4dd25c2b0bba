// Output heads: a loss ℓ on the logits Z_out (K, m) of the last dense layer.
//
// Conventions follow PyTorch's mean reductions:
//   softmax cross-entropy  ℓ = 1/m Σ_i −log softmax(z_i)[y_i]        (CrossEntropyLoss)
//   sigmoid + binary CE    ℓ = 1/(K·m) Σ −[t log σ(z) + (1−t) log(1−σ(z))]  (BCEWithLogitsLoss)
//   mean squared error     ℓ = 1/(K·m) Σ (z − t)²                    (MSELoss)
// Targets: for softmax cross-entropy a (1, m) row of class indices; for the
// others a (K, m) matrix of values (0/1 labels for binary CE).
#pragma once

#include <array>

#include "names.hpp"
#include "types.hpp"

namespace bnlab {

enum class LossKind { SoftmaxCrossEntropy, SigmoidBinaryCrossEntropy, MeanSquaredError };

constexpr std::array<Named<LossKind>, 3> kLossNames{{{LossKind::SoftmaxCrossEntropy, "softmax_ce"},
                                                      {LossKind::SigmoidBinaryCrossEntropy, "sigmoid_bce"},
                                                      {LossKind::MeanSquaredError, "mse"}}};
constexpr const auto& enum_names(LossKind) { return kLossNames; }
bool loss_is_classification(LossKind kind);

// Writes the prediction P (K, m) (softmax probabilities, sigmoid
// probabilities, or the logits themselves for MSE) and returns the mean loss,
// accumulated in double.
double loss_forward(LossKind kind, ConstMatRef logits, ConstMatRef targets, MatRef prediction);

// The prediction alone, without targets: softmax, σ, or the logits (MSE).
void loss_predict(LossKind kind, ConstMatRef logits, MatRef prediction);

// dZ_out = ∂ℓ/∂Z_out (K, m): (P − onehot)/m, (σ − t)/(K·m), 2(z − t)/(K·m).
void loss_backward(LossKind kind, ConstMatRef prediction, ConstMatRef targets, MatRef dlogits);

// Number of correctly classified columns (argmax for softmax, p > 0.5 for
// binary CE); 0 for MSE.
int count_correct(LossKind kind, ConstMatRef prediction, ConstMatRef targets);

}  // namespace bnlab
