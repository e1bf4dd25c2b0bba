// BN's noise: one training example normalized inside many random mini-batches.
#include <cmath>

#include "batch_noise.hpp"
#include "trainer.hpp"
#include "test_helpers.hpp"

using namespace bnlab;

namespace {

// Circles, three tanh layers of 8 with BN, batches of 16.
TrainerSpec noisy_twin() {
  TrainerSpec s;
  s.data.noise = 0.05;
  s.network.hidden_sizes = {8, 8, 8};
  s.network.batch_size = 16;
  s.network.optimizer.learning_rate = 0.3;
  s.network.seed = 5;
  return s;
}

}  // namespace

TEST_CASE("the same example gets a different z_norm in every mini-batch: BN's noise") {
  TwinTrainer t(noisy_twin());
  t.step(100);
  const Vector v = t.batch_noise(1, 2, 7, 64, 99).head(64);
  const double mean = v.cast<double>().mean();
  const double sd = std::sqrt((v.cast<double>().array() - mean).square().mean());
  CHECK(sd > 0.01);  // batch 16: the statistics move from batch to batch
  CHECK(sd < 1.5);
  CHECK(t.batch_noise(1, 2, 7, 64, 99).head(64) == v);  // seeded: reproducible
  CHECK(t.batch_noise(1, 2, 7, 8, 99).tail(kMaxNoiseDraws - 8).isZero());  // unused draws are 0
  CHECK_THROWS_WITH_AS(t.batch_noise(9, 0, 0, 4, 1), doctest::Contains("layer"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(t.batch_noise(0, 0, 0, 0, 1), doctest::Contains("draws"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(t.batch_noise(0, 8, 0, 4, 1), doctest::Contains("unit"), std::invalid_argument);
}

TEST_CASE("with a batch of the whole training set every draw is the same batch: no noise") {
  TrainerSpec s = noisy_twin();
  s.data.num_points = 40;  // 20 training examples
  s.network.batch_size = 20;
  TwinTrainer t(s);
  t.step(5);
  const Vector v = t.batch_noise(0, 1, 3, 16, 7).head(16);
  // Every batch holds all 20 examples (in another order): the same μ_B, σ²_B,
  // so the same z_norm up to the order of the float sums.
  CHECK((v.array() - v(0)).abs().maxCoeff() < 1e-5);
}

TEST_CASE("the probe leaves the running statistics alone") {
  TwinTrainer t(noisy_twin());
  t.step(20);
  const Vector running = t.net(kWithBn).hidden(1).bn.running_mean;
  const long long tracked = t.net(kWithBn).hidden(1).bn.num_batches_tracked;
  t.batch_noise(1, 0, 0, 32, 3);
  CHECK(t.net(kWithBn).hidden(1).bn.running_mean == running);
  CHECK(t.net(kWithBn).hidden(1).bn.num_batches_tracked == tracked);
}
