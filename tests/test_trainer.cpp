// Twin training: shared weights and batches, learning, replay, divergence.
#include <cmath>
#include <limits>

#include "trainer.hpp"
#include "test_helpers.hpp"

using namespace bnlab;

namespace {

TrainerSpec toy(DatasetKind kind, uint64_t seed = 5) {
  TrainerSpec s;
  s.data.kind = kind;
  s.data.num_points = 400;
  s.data.noise = 0.05;
  s.network.hidden_sizes = {8, 8, 8};
  s.network.activation = Activation::Tanh;
  s.network.batch_size = 16;
  s.network.optimizer.learning_rate = 0.3;
  s.network.seed = seed;
  return s;
}

}  // namespace

TEST_CASE("the twins start from identical weights and see the same mini-batches") {
  TwinTrainer t(toy(DatasetKind::Circles));
  for (int l = 0; l < 3; ++l) CHECK(t.net(kWithBn).hidden(l).dense.W == t.net(kWithoutBn).hidden(l).dense.W);
  CHECK(t.net(kWithBn).hidden(0).has_bn);
  CHECK_FALSE(t.net(kWithoutBn).hidden(0).has_bn);
  // Replaying the sampler reproduces the batch the twins were trained on.
  t.step(3);
  const Matrix third = t.batch_x();
  BatchSampler replay(static_cast<int>(t.data().x_train.cols()), 16, 5);
  replay.next();
  replay.next();
  const int* idx = replay.next();
  Matrix expected(2, 16);
  gather_columns(t.data().x_train, idx, 16, expected);
  CHECK(third == expected);
  CHECK(t.status(kWithBn).steps == 3);
  CHECK(t.status(kWithoutBn).steps == 3);
}

TEST_CASE("both twins learn XOR and circles past 90 percent test accuracy") {
  for (DatasetKind kind : {DatasetKind::Xor, DatasetKind::Circles}) {
    CAPTURE(static_cast<int>(kind));
    TwinTrainer t(toy(kind));
    t.step(3000);
    for (int twin : {kWithBn, kWithoutBn}) {
      CAPTURE(twin);
      const Metrics m = t.evaluate(twin, StatsMode::Running);
      CHECK(m.test_accuracy > 0.9);
      CHECK(m.train_loss < 0.3);
    }
  }
}

TEST_CASE("reset replays a run bit for bit") {
  TwinTrainer t(toy(DatasetKind::Spiral));
  t.step(200);
  const double a0 = t.status(kWithBn).last_loss, b0 = t.status(kWithoutBn).last_loss;
  const Matrix w = t.net(kWithBn).hidden(1).dense.W;
  t.reset();
  CHECK(t.status(kWithBn).steps == 0);
  t.step(200);
  CHECK(t.status(kWithBn).last_loss == a0);
  CHECK(t.status(kWithoutBn).last_loss == b0);
  CHECK(t.net(kWithBn).hidden(1).dense.W == w);
}

TEST_CASE("a new seed changes data, weights and batches; the same seed reproduces them") {
  TwinTrainer a(toy(DatasetKind::Moons, 1)), b(toy(DatasetKind::Moons, 1));
  a.step(50);
  b.step(50);
  CHECK(a.status(kWithBn).last_loss == b.status(kWithBn).last_loss);
  b.reseed(2);
  CHECK(a.data().x_train != b.data().x_train);
  CHECK(a.net(kWithBn).hidden(0).dense.W != b.net(kWithBn).hidden(0).dense.W);
  b.reseed(1);
  b.step(50);
  CHECK(a.status(kWithBn).last_loss == b.status(kWithBn).last_loss);
}

TEST_CASE("a divergent learning rate stops the net that diverged and the other keeps going") {
  // Regression with MSE at α = 1: the BN twin's unit-variance hidden outputs
  // make its output layer's effective step too large, and its loss overflows;
  // the twin without BN has smaller activations and survives.
  TrainerSpec s = toy(DatasetKind::Regression);
  s.network.loss = LossKind::MeanSquaredError;
  s.network.activation = Activation::ReLU;
  s.network.optimizer.learning_rate = 1.0;
  TwinTrainer t(s);
  t.step(500);
  CHECK(t.status(kWithBn).diverged);
  CHECK(t.status(kWithBn).diverged_at > 0);
  CHECK(t.status(kWithBn).steps == t.status(kWithBn).diverged_at);  // it stopped there
  CHECK_FALSE(std::isfinite(t.status(kWithBn).last_loss));
  CHECK_FALSE(t.status(kWithoutBn).diverged);
  CHECK(t.status(kWithoutBn).steps == 500);
  CHECK(std::isfinite(t.status(kWithoutBn).mean_loss));
}

TEST_CASE("invalid trainer settings name the field") {
  TrainerSpec s = toy(DatasetKind::Circles);
  s.network.batch_size = 201;  // 200 training examples
  CHECK_THROWS_WITH_AS(TwinTrainer{s}, doctest::Contains("batch_size"), std::invalid_argument);
  s = toy(DatasetKind::Circles);
  s.network.input_size = 3;
  CHECK_THROWS_WITH_AS(TwinTrainer{s}, doctest::Contains("input_size"), std::invalid_argument);
  s = toy(DatasetKind::Circles);
  s.network.loss = LossKind::MeanSquaredError;
  CHECK_THROWS_WITH_AS(TwinTrainer{s}, doctest::Contains("loss"), std::invalid_argument);
  s = toy(DatasetKind::Regression);
  s.network.loss = LossKind::MeanSquaredError;
  CHECK_NOTHROW(TwinTrainer{s});
  TwinTrainer t(toy(DatasetKind::Circles));
  CHECK_THROWS_WITH_AS(t.set_learning_rate(std::nan("")), doctest::Contains("learning_rate"), std::invalid_argument);
}

TEST_CASE("evaluation with running statistics differs from the probe batch statistics early on") {
  TwinTrainer t(toy(DatasetKind::Circles));
  t.step(3);  // running stats have moved only 3 momentum steps from (0, 1)
  const Metrics running = t.evaluate(kWithBn, StatsMode::Running);
  const Metrics batch = t.evaluate(kWithBn, StatsMode::Given);
  CHECK(running.test_loss != batch.test_loss);
  // The twin without BN has no statistics: both modes agree exactly.
  CHECK(t.evaluate(kWithoutBn, StatsMode::Running).test_loss == t.evaluate(kWithoutBn, StatsMode::Given).test_loss);
}

TEST_CASE("a test-only evaluation gives the full evaluation's test figures bit for bit and no train figures") {
  TwinTrainer t(toy(DatasetKind::Circles));
  t.step(20);
  for (int twin : {kWithBn, kWithoutBn}) {
    const Metrics full = t.evaluate(twin, StatsMode::Running);
    const Metrics test = t.evaluate(twin, StatsMode::Running, EvalSets::TestOnly);
    CHECK(test.test_loss == full.test_loss);
    CHECK(test.test_accuracy == full.test_accuracy);
    CHECK(std::isnan(test.train_loss));
    CHECK(std::isnan(test.train_accuracy));
  }
}

TEST_CASE("the grid evaluation gives probabilities in [0, 1] over the heatmap square") {
  TwinTrainer t(toy(DatasetKind::Xor));
  t.step(500);
  const Vector& v = t.evaluate_grid(kWithBn, StatsMode::Running);
  CHECK(v.size() == 40 * 40);
  CHECK(v.minCoeff() >= 0);
  CHECK(v.maxCoeff() <= 1);
  CHECK(t.grid_points()(0, 0) == doctest::Approx(-1.5));
  CHECK(t.grid_points()(1, 40 * 40 - 1) == doctest::Approx(1.5));
  // XOR: opposite quadrants agree, adjacent ones differ.
  const Scalar q1 = v(30 * 40 + 30), q3 = v(9 * 40 + 9), q2 = v(30 * 40 + 9);
  CHECK(std::abs(q1 - q3) < 0.5);
  CHECK(std::abs(q1 - q2) > 0.5);
}

TEST_CASE("the grid in parts, from a snapshot, is the whole grid at the snapshot bit for bit while training goes on") {
  // Every normalization (BN, none, LN, GN), both evaluation modes, after the running averages and the
  // probe batch's statistics have moved away from each other.
  TwinTrainer t(toy(DatasetKind::Circles), {NormKind::Batch, NormKind::None, NormKind::Layer, NormKind::Group});
  t.step(37);
  const int total = 40 * 40;
  for (StatsMode mode : {StatsMode::Running, StatsMode::Given}) {
    for (int k = 0; k < t.num_nets(); ++k) {
      CAPTURE(k);
      const Vector whole = t.evaluate_grid(k, mode);  // a copy: evaluate_grid's buffer is reused
      t.snapshot_grid(k, mode);
      int done = 0, parts = 0;
      while (done < total) {
        const int next = t.evaluate_grid_part(k, 150);
        CHECK(next > done);
        CHECK(next >= std::min(total, done + 150));
        done = next;
        ++parts;
        t.step(3);  // the networks move on between parts: the snapshot does not
      }
      CHECK(parts > 1);
      CHECK(t.evaluate_grid_part(k, 150) == total);  // done stays done
      CHECK(t.grid_part_values(k) == whole);
      CHECK(t.evaluate_grid(k, mode) != whole);  // the network itself did move on
    }
  }
  CHECK_THROWS_WITH_AS(TwinTrainer(toy(DatasetKind::Xor)).evaluate_grid_part(kWithBn, 10),
                       "evaluate_grid_part needs snapshot_grid first", std::invalid_argument);
}

TEST_CASE("training one twin alone gives it bit for bit the run of both, and leaves the other untouched") {
  // Two Web Workers each train one twin of the same run (TrainerSpec::train_only).
  TrainerSpec s = toy(DatasetKind::Spiral);
  TwinTrainer both(s);
  TwinTrainer fresh(s);  // the initial weights
  both.step(150);
  for (int only : {kWithBn, kWithoutBn}) {
    CAPTURE(only);
    s.train_only = only == kWithBn ? TrainOnly::WithBn : TrainOnly::WithoutBn;
    TwinTrainer alone(s);
    alone.step(100);
    alone.step(50);
    const int other = 1 - only;
    CHECK(alone.status(only).steps == 150);
    CHECK(alone.status(only).last_loss == both.status(only).last_loss);
    CHECK(alone.status(other).steps == 0);
    CHECK(alone.batch_x() == both.batch_x());  // the same batch order
    for (int l = 0; l < 3; ++l) {
      CHECK(alone.net(only).hidden(l).dense.W == both.net(only).hidden(l).dense.W);
      CHECK(alone.net(other).hidden(l).dense.W == fresh.net(other).hidden(l).dense.W);
    }
    CHECK(alone.net(only).output().W == both.net(only).output().W);
    CHECK(alone.evaluate(only, StatsMode::Running).test_accuracy ==
          both.evaluate(only, StatsMode::Running).test_accuracy);
  }
  s.train_only = static_cast<TrainOnly>(3);
  CHECK_THROWS_WITH_AS(TwinTrainer{s}, doctest::Contains("train_only must be one of both, withBn, withoutBn"),
                       std::invalid_argument);
}

TEST_CASE("an evaluation that overflows marks the network diverged and stops it; the other trains on") {
  TrainerSpec s = toy(DatasetKind::Circles);
  s.network.activation = Activation::Linear;
  TwinTrainer t(s);
  t.step(3);
  // Weights of a quarter of the largest Scalar: layer 0 stays finite on the
  // grid (|x1 + x2| ≤ 3), layer 1 overflows, in float32 and in float64 alike.
  Network& plain = t.net(kWithoutBn);
  plain.hidden(0).dense.W.setConstant(std::numeric_limits<Scalar>::max() / 4);
  plain.hidden(1).dense.W.setConstant(std::numeric_limits<Scalar>::max() / 4);
  CHECK_FALSE(t.status(kWithoutBn).diverged);
  const Vector& grid = t.evaluate_grid(kWithoutBn, StatsMode::Running);
  CHECK_FALSE(grid.allFinite());
  CHECK(t.status(kWithoutBn).diverged);
  CHECK(t.status(kWithoutBn).diverged_at == 3);
  t.step(5);
  CHECK(t.status(kWithoutBn).steps == 3);  // stopped
  CHECK(t.status(kWithBn).steps == 8);
  CHECK_FALSE(t.status(kWithBn).diverged);
  // Metrics and probes of a healthy network do not mark it.
  t.evaluate(kWithBn, StatsMode::Running);
  t.refresh_probes();
  CHECK_FALSE(t.status(kWithBn).diverged);
  CHECK(t.status(kWithoutBn).diverged);  // and it stays diverged
  // reset() starts over, and shows nothing of the overflowed run.
  t.reset();
  CHECK_FALSE(t.status(kWithoutBn).diverged);
  CHECK(t.probe(kWithoutBn).ws.hidden[1].Z.allFinite());
  CHECK(t.probe(kWithoutBn).percentiles.allFinite());
  CHECK(t.net(kWithoutBn).train_workspace().hidden[1].Z.isZero());
}

TEST_CASE("siblings (none, BN, LN, GN) start from identical weights, see the same batches and normalize as asked") {
  const std::vector<NormKind> kinds{NormKind::None, NormKind::Batch, NormKind::Layer, NormKind::Group};
  TwinTrainer siblings(toy(DatasetKind::Circles), kinds);
  REQUIRE(siblings.num_nets() == 4);
  for (int k = 0; k < 4; ++k) {
    CAPTURE(k);
    for (int l = 0; l < 3; ++l) {
      CHECK(siblings.net(k).hidden(l).norm == kinds[static_cast<size_t>(k)]);
      CHECK(siblings.net(k).hidden(l).dense.W == siblings.net(0).hidden(l).dense.W);
    }
    CHECK(siblings.net(k).output().W == siblings.net(0).output().W);
  }
  // The BN and no-norm siblings are the twin's two networks, bit for bit.
  TwinTrainer twin(toy(DatasetKind::Circles));
  siblings.step(40);
  twin.step(40);
  CHECK(siblings.batch_x() == twin.batch_x());
  CHECK(siblings.net(1).train_workspace().logits == twin.net(kWithBn).train_workspace().logits);
  CHECK(siblings.net(0).train_workspace().logits == twin.net(kWithoutBn).train_workspace().logits);
  for (int k = 0; k < 4; ++k) CHECK(siblings.status(k).steps == 40);
}

TEST_CASE("layer-norm and group-norm siblings evaluate the same with running and probe-batch statistics; BN does not") {
  TwinTrainer t(toy(DatasetKind::Circles), {NormKind::Batch, NormKind::Layer, NormKind::Group});
  t.step(30);
  for (int k : {1, 2}) {
    const Metrics running = t.evaluate(k, StatsMode::Running), given = t.evaluate(k, StatsMode::Given);
    CHECK(running.train_loss == given.train_loss);
    CHECK(running.test_loss == given.test_loss);
  }
  CHECK(t.evaluate(0, StatsMode::Running).train_loss != t.evaluate(0, StatsMode::Given).train_loss);
}

TEST_CASE("siblings at a batch of one: a BN sibling is refused naming batch_size, LN and GN siblings train") {
  TrainerSpec s = toy(DatasetKind::Circles);
  s.network.batch_size = 1;
  CHECK_THROWS_WITH_AS(TwinTrainer(s, {NormKind::Layer, NormKind::Batch}), doctest::Contains("batch_size"),
                       std::invalid_argument);
  s.network.batch_norm.assign(3, true);  // normalize every layer, whichever the kind
  TwinTrainer t(s, {NormKind::None, NormKind::Layer, NormKind::Group});
  t.step(200);
  for (int k = 0; k < 3; ++k) {
    CHECK(t.status(k).steps == 200);
    CHECK_FALSE(t.status(k).diverged);
  }
}

TEST_CASE("invalid sibling requests name what is wrong") {
  TrainerSpec s = toy(DatasetKind::Circles);
  s.train_only = TrainOnly::WithBn;
  CHECK_THROWS_WITH_AS(TwinTrainer(s, {NormKind::Batch, NormKind::Layer}), doctest::Contains("train_only"),
                       std::invalid_argument);
  s.train_only = TrainOnly::Both;
  CHECK_THROWS_WITH_AS(TwinTrainer(s, {NormKind::Batch, static_cast<NormKind>(9)}),
                       doctest::Contains("siblings[1]"), std::invalid_argument);
  s.network.norm_groups = 3;  // does not divide 8 units
  CHECK_THROWS_WITH_AS(TwinTrainer(s, {NormKind::Batch, NormKind::Group}), doctest::Contains("norm_groups"),
                       std::invalid_argument);
  TwinTrainer t(toy(DatasetKind::Circles), {NormKind::Batch, NormKind::Layer, NormKind::Group});
  CHECK_THROWS_WITH_AS(t.evaluate(3, StatsMode::Running), doctest::Contains("net must be in [0, 2]"),
                       std::invalid_argument);
}
