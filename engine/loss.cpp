#include "loss.hpp"

#include <cmath>

namespace bnlab {

bool loss_is_classification(LossKind kind) { return kind != LossKind::MeanSquaredError; }

double loss_forward(LossKind kind, ConstMatRef logits, ConstMatRef targets, MatRef prediction) {
  const Eigen::Index K = logits.rows();
  const Eigen::Index m = logits.cols();
  double total = 0.0;
  switch (kind) {
    case LossKind::SoftmaxCrossEntropy:
      for (Eigen::Index i = 0; i < m; ++i) {
        // log-sum-exp with the max subtracted, so exp never overflows.
        const double zmax = static_cast<double>(logits.col(i).maxCoeff());
        double sum = 0.0;
        for (Eigen::Index k = 0; k < K; ++k) sum += std::exp(static_cast<double>(logits(k, i)) - zmax);
        const double log_sum = zmax + std::log(sum);
        for (Eigen::Index k = 0; k < K; ++k)
          prediction(k, i) = static_cast<Scalar>(std::exp(static_cast<double>(logits(k, i)) - log_sum));
        const auto y = static_cast<Eigen::Index>(targets(0, i));
        total += log_sum - static_cast<double>(logits(y, i));
      }
      return total / static_cast<double>(m);
    case LossKind::SigmoidBinaryCrossEntropy:
      for (Eigen::Index i = 0; i < m; ++i) {
        for (Eigen::Index k = 0; k < K; ++k) {
          const double z = logits(k, i);
          const double t = targets(k, i);
          // −[t log σ(z) + (1−t) log(1−σ(z))] = max(z,0) − z·t + log(1 + e^{−|z|})
          total += std::max(z, 0.0) - z * t + std::log1p(std::exp(-std::abs(z)));
          prediction(k, i) = static_cast<Scalar>(1.0 / (1.0 + std::exp(-z)));
        }
      }
      return total / static_cast<double>(K * m);
    case LossKind::MeanSquaredError:
      for (Eigen::Index i = 0; i < m; ++i) {
        for (Eigen::Index k = 0; k < K; ++k) {
          const double d = static_cast<double>(logits(k, i)) - static_cast<double>(targets(k, i));
          total += d * d;
        }
      }
      prediction = logits;
      return total / static_cast<double>(K * m);
  }
  return 0.0;
}

void loss_predict(LossKind kind, ConstMatRef logits, MatRef prediction) {
  switch (kind) {
    case LossKind::SoftmaxCrossEntropy:
      for (Eigen::Index i = 0; i < logits.cols(); ++i) {
        const Scalar zmax = logits.col(i).maxCoeff();
        prediction.col(i) = (logits.col(i).array() - zmax).exp().matrix();
        prediction.col(i) /= prediction.col(i).sum();
      }
      return;
    case LossKind::SigmoidBinaryCrossEntropy:
      prediction = logits.unaryExpr([](Scalar z) { return Scalar(1) / (Scalar(1) + std::exp(-z)); });
      return;
    case LossKind::MeanSquaredError:
      prediction = logits;
      return;
  }
}

void loss_backward(LossKind kind, ConstMatRef prediction, ConstMatRef targets, MatRef dlogits) {
  const Eigen::Index K = prediction.rows();
  const Eigen::Index m = prediction.cols();
  switch (kind) {
    case LossKind::SoftmaxCrossEntropy: {
      // ∂ℓ/∂z = (softmax(z) − onehot(y)) / m
      const Scalar inv_m = Scalar(1) / static_cast<Scalar>(m);
      dlogits = prediction * inv_m;
      for (Eigen::Index i = 0; i < m; ++i) dlogits(static_cast<Eigen::Index>(targets(0, i)), i) -= inv_m;
      return;
    }
    case LossKind::SigmoidBinaryCrossEntropy: {
      // ∂ℓ/∂z = (σ(z) − t) / (K·m)
      const Scalar scale = Scalar(1) / static_cast<Scalar>(K * m);
      dlogits = (prediction - targets) * scale;
      return;
    }
    case LossKind::MeanSquaredError: {
      // ∂ℓ/∂z = 2 (z − t) / (K·m)
      const Scalar scale = Scalar(2) / static_cast<Scalar>(K * m);
      dlogits = (prediction - targets) * scale;
      return;
    }
  }
}

int count_correct(LossKind kind, ConstMatRef prediction, ConstMatRef targets) {
  int correct = 0;
  const Eigen::Index m = prediction.cols();
  if (kind == LossKind::SoftmaxCrossEntropy) {
    for (Eigen::Index i = 0; i < m; ++i) {
      Eigen::Index best = 0;
      prediction.col(i).maxCoeff(&best);
      if (best == static_cast<Eigen::Index>(targets(0, i))) ++correct;
    }
  } else if (kind == LossKind::SigmoidBinaryCrossEntropy) {
    for (Eigen::Index i = 0; i < m; ++i)
      for (Eigen::Index k = 0; k < prediction.rows(); ++k)
        if ((prediction(k, i) > Scalar(0.5)) == (targets(k, i) > Scalar(0.5))) ++correct;
    correct /= static_cast<int>(prediction.rows());
  }
  return correct;
}

}  // namespace bnlab
