#include "batch_noise.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "batch_sampler.hpp"
#include "rng.hpp"

namespace bnlab {

BatchNoiseProbe::BatchNoiseProbe(const Network& net, int n_train) {
  const NetworkSpec& s = net.spec();
  ws_ = net.make_workspace(s.batch_size);
  x_.setZero(s.input_size, s.batch_size);
  values_.setZero(kMaxNoiseDraws);
  indices_.resize(static_cast<size_t>(n_train));
}

void BatchNoiseProbe::clear() {
  ws_.clear();
  x_.setZero();
  values_.setZero();
}

const Vector& BatchNoiseProbe::run(Network& net, ConstMatRef x_train, int layer, int unit, int example, int draws,
                                   uint64_t seed) {
  const auto n_train = static_cast<int>(indices_.size());
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
  const auto m = static_cast<int>(x_.cols());
  Rng rng(seed);
  for (int d = 0; d < draws; ++d) {
    // Column 0 is the example; columns 1..m−1 a partial Fisher–Yates shuffle
    // of the others, so the m examples are distinct.
    for (int i = 0; i < n_train; ++i) indices_[static_cast<size_t>(i)] = i;
    std::swap(indices_[0], indices_[static_cast<size_t>(example)]);
    for (int i = 1; i < m; ++i) {
      const int j = i + static_cast<int>(rng.below(static_cast<uint32_t>(n_train - i)));
      std::swap(indices_[static_cast<size_t>(i)], indices_[static_cast<size_t>(j)]);
    }
    gather_columns(x_train, indices_.data(), m, x_);
    // Batch statistics of this batch B: z_norm = (z − μ_B)/√(σ²_B + ε).
    net.forward(x_, ws_, StatsMode::Batch);
    values_(d) = ws_.hidden[static_cast<size_t>(layer)].bn.z_norm(unit, 0);
  }
  values_.tail(kMaxNoiseDraws - draws).setZero();
  return values_;
}

}  // namespace bnlab
