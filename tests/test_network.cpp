// Whole networks: finite-difference gradient checks over every configuration,
// determinism, parameter access and invalid descriptions.
#include <cmath>
#include <limits>
#include <string>

#include "network.hpp"
#include "rng.hpp"
#include "test_helpers.hpp"

using namespace bnlab;
using bnlab::test::random_matrix;

namespace {

NetworkSpec small_spec() {
  NetworkSpec s;
  s.input_size = 3;
  s.hidden_sizes = {4, 5};
  s.output_size = 1;
  s.batch_size = 6;
  s.seed = 3;
  return s;
}

Matrix targets_for(LossKind kind, int K, int m) {
  Matrix t(kind == LossKind::SoftmaxCrossEntropy ? 1 : K, m);
  for (int i = 0; i < m; ++i)
    for (Eigen::Index k = 0; k < t.rows(); ++k)
      t(k, i) = kind == LossKind::SoftmaxCrossEntropy ? static_cast<Scalar>(i % K)
                : kind == LossKind::MeanSquaredError  ? static_cast<Scalar>(0.3 * i - 0.7 * k)
                                                      : static_cast<Scalar>((i + k) % 2);
  return t;
}

}  // namespace

#ifdef BNLAB_DOUBLE
TEST_CASE("whole-network gradients agree with finite differences for every BN, placement, bias and loss choice") {
  const LossKind losses[] = {LossKind::SigmoidBinaryCrossEntropy, LossKind::SoftmaxCrossEntropy,
                             LossKind::MeanSquaredError};
  const Activation activations[] = {Activation::Tanh, Activation::Sigmoid, Activation::LeakyReLU};
  int configurations = 0;
  for (LossKind loss : losses)
    for (Activation g : activations)
      for (int bn_mode = 0; bn_mode < 4; ++bn_mode)  // off, before, after, before with the bias kept
        for (bool mixed : {false, true}) {
          NetworkSpec s = small_spec();
          s.loss = loss;
          s.activation = g;
          s.output_size = loss == LossKind::SoftmaxCrossEntropy ? 3 : 2;
          const bool on = bn_mode != 0;
          s.batch_norm = {on, on && !mixed};
          s.bn_placement = bn_mode == 2 ? BnPlacement::AfterActivation : BnPlacement::BeforeActivation;
          s.keep_bias_before_bn = bn_mode == 3;
          const std::string label = std::string(name_of(loss)) + "/" + name_of(g) + "/bn" +
                                    std::to_string(bn_mode) + (mixed ? "/mixed" : "");
          CAPTURE(label);
          Network net(s);
          // Non-trivial γ and β so that their gradients are checked away from the identity.
          for (int l = 0; l < net.num_hidden(); ++l)
            if (net.hidden(l).has_bn) {
              net.hidden(l).bn.gamma = random_matrix(net.hidden(l).dense.outputs(), 1, 20 + l, 0.5, 1.5);
              net.hidden(l).bn.beta = random_matrix(net.hidden(l).dense.outputs(), 1, 30 + l, -0.5, 0.5);
            }
          const Matrix X = random_matrix(3, 6, 40, -2, 2);
          const Matrix T = targets_for(loss, s.output_size, 6);
          Workspace ws = net.make_workspace(6);
          net.forward(X, ws, StatsMode::Batch);
          net.loss(T, ws);
          net.backward(X, T, ws);
          auto objective = [&] {
            Workspace w = net.make_workspace(6);
            net.forward(X, w, StatsMode::Batch);
            return net.loss(T, w);
          };
          auto check = [&](auto& param, const auto& grad) {
            const VectorD numeric = bnlab::test::numeric_gradient(param.data(), param.size(), objective);
            // Tolerance: the finite difference carries ~1e-10 absolute round-off
            // (h = 1e-6), i.e. ~1e-6 against the 1e-4 floor; a wrong term is ~1e-2.
            CHECK(bnlab::test::gradient_error(grad, numeric) < 1e-5);
          };
          for (int l = 0; l < net.num_hidden(); ++l) {
            HiddenLayer& h = net.hidden(l);
            check(h.dense.W, h.dense.dW);
            if (h.dense.use_bias()) check(h.dense.b, h.dense.db);
            if (h.has_bn) {
              check(h.bn.gamma, h.bn.dgamma);
              check(h.bn.beta, h.bn.dbeta);
            }
          }
          check(net.output().W, net.output().dW);
          check(net.output().b, net.output().db);
          ++configurations;
        }
  CHECK(configurations == 72);
}
#endif

#ifdef BNLAB_DOUBLE
TEST_CASE("one activation per layer and the input gradient dX agree with finite differences") {
  NetworkSpec s = small_spec();
  s.hidden_sizes = {4, 5, 3};
  s.batch_norm = {true, false, true};
  s.activations = {Activation::Sigmoid, Activation::Tanh, Activation::LeakyReLU};
  s.loss = LossKind::SoftmaxCrossEntropy;
  s.output_size = 3;
  Network net(s);
  Matrix X = random_matrix(3, 6, 41, -2, 2);
  const Matrix T = targets_for(s.loss, 3, 6);
  for (StatsMode mode : {StatsMode::Batch, StatsMode::Running}) {
    CAPTURE(static_cast<int>(mode));
    Workspace ws = net.make_workspace(6, true);
    REQUIRE(ws.dX.rows() == 3);
    net.forward(X, ws, mode);
    net.loss(T, ws);
    net.backward(X, T, ws);
    auto objective = [&] {
      Workspace w = net.make_workspace(6);
      net.forward(X, w, mode);
      return net.loss(T, w);
    };
    // The same tolerance as the whole-network check above: ~1e-6 round-off against a 1e-4 floor.
    const VectorD numeric = bnlab::test::numeric_gradient(X.data(), X.size(), objective);
    CHECK(bnlab::test::gradient_error(ws.dX, numeric) < 1e-5);
    const HiddenLayer& h = net.hidden(1);
    const VectorD dW = bnlab::test::numeric_gradient(net.hidden(1).dense.W.data(), h.dense.W.size(), objective);
    CHECK(bnlab::test::gradient_error(h.dense.dW, dW) < 1e-5);
  }
}
#endif

TEST_CASE("each hidden layer applies its own activation") {
  NetworkSpec s = small_spec();
  s.batch_norm = {false, false};
  s.activations = {Activation::ReLU, Activation::Sigmoid};
  Network net(s);
  Workspace ws = net.make_workspace(6);
  net.forward(random_matrix(3, 6, 8, -2, 2), ws, StatsMode::Batch);
  const Matrix& Z0 = ws.hidden[0].Z;
  CHECK(ws.hidden[0].A == Matrix(Z0.cwiseMax(Scalar(0))));
  CHECK(ws.hidden[1].A.minCoeff() > 0);  // σ > 0, where ReLU would give zeros for negative Z
  CHECK(ws.hidden[1].Z.minCoeff() < 0);
  CHECK(ws.dX.size() == 0);  // no input gradient unless asked for
}

TEST_CASE("the training workspace keeps dX once asked, without changing the step") {
  Network a(small_spec()), b(small_spec());
  b.keep_input_gradient();
  const Matrix X = random_matrix(3, 6, 9);
  const Matrix T = targets_for(LossKind::SigmoidBinaryCrossEntropy, 1, 6);
  CHECK(a.train_step(X, T).loss == b.train_step(X, T).loss);
  CHECK(a.hidden(0).dense.W == b.hidden(0).dense.W);
  CHECK(b.train_workspace().dX.rows() == 3);
  CHECK(b.train_workspace().dX.cwiseAbs().maxCoeff() > 0);
}

TEST_CASE("the bias kept in front of batch norm gets a zero gradient") {
  NetworkSpec s = small_spec();
  s.keep_bias_before_bn = true;
  Network net(s);
  REQUIRE(net.hidden(0).dense.use_bias());
  const Matrix X = random_matrix(3, 6, 1);
  const Matrix T = targets_for(s.loss, 1, 6);
  net.train_step(X, T);
  // Mean subtraction cancels any constant shift, so ∂ℓ/∂b = Σ_i ∂ℓ/∂Z_i = 0.
  CHECK(net.hidden(0).dense.db.cwiseAbs().maxCoeff() < 1e-6);  // float32 round-off bound
  CHECK(net.hidden(0).dense.dW.cwiseAbs().maxCoeff() > 1e-4);
}

TEST_CASE("the dense bias is dropped in front of batch norm by default and kept elsewhere") {
  NetworkSpec s = small_spec();
  s.batch_norm = {true, false};
  Network net(s);
  CHECK_FALSE(net.hidden(0).dense.use_bias());
  CHECK(net.hidden(1).dense.use_bias());
  s.bn_placement = BnPlacement::AfterActivation;
  Network after(s);
  CHECK(after.hidden(0).dense.use_bias());  // BN after g does not cancel b
}

TEST_CASE("the same seed builds bit-identical weights and a different seed does not") {
  Network a(small_spec()), b(small_spec());
  NetworkSpec other = small_spec();
  other.seed = 4;
  Network c(other);
  CHECK(a.hidden(0).dense.W == b.hidden(0).dense.W);
  CHECK(a.output().W == b.output().W);
  CHECK(a.hidden(0).dense.W != c.hidden(0).dense.W);
}

TEST_CASE("initializers draw with the documented standard deviation") {
  NetworkSpec s;
  s.input_size = 400;
  s.hidden_sizes = {400};
  s.batch_size = 2;
  for (InitKind kind : {InitKind::Xavier, InitKind::He, InitKind::Gaussian}) {
    s.init = kind;
    s.init_scale = kind == InitKind::Gaussian ? 0.05 : 2.0;
    Network net(s);
    const Matrix& W = net.hidden(0).dense.W;
    const double sd = std::sqrt(W.cast<double>().array().square().mean());
    const double expected = kind == InitKind::Xavier ? 2.0 * std::sqrt(2.0 / 800) :
                            kind == InitKind::He     ? 2.0 * std::sqrt(2.0 / 400) : 0.05;
    CHECK(sd == doctest::Approx(expected).epsilon(0.01));  // 160k draws: sampling error ~0.2%
    CHECK(std::abs(W.cast<double>().mean()) < 0.01 * expected);
  }
}

TEST_CASE("a network with and without batch norm draws identical weights from one seed") {
  NetworkSpec s = small_spec();
  Network with_bn(s);
  s.batch_norm = {false, false};
  Network without(s);
  for (int l = 0; l < 2; ++l) CHECK(with_bn.hidden(l).dense.W == without.hidden(l).dense.W);
  CHECK(with_bn.output().W == without.output().W);
}

TEST_CASE("training twice from the same seed is bit-identical") {
  auto run = [] {
    Network net(small_spec());
    const Matrix X = random_matrix(3, 6, 2);
    const Matrix T = targets_for(LossKind::SigmoidBinaryCrossEntropy, 1, 6);
    double last = 0;
    for (int i = 0; i < 50; ++i) last = net.train_step(X, T).loss;
    return std::make_pair(last, Matrix(net.hidden(1).dense.W));
  };
  const auto a = run();
  const auto b = run();
  CHECK(a.first == b.first);
  CHECK(a.second == b.second);
}

TEST_CASE("a step takes the running statistics toward the batch statistics") {
  Network net(small_spec());
  const Matrix X = random_matrix(3, 6, 5, 2, 4);
  net.train_step(X, targets_for(LossKind::SigmoidBinaryCrossEntropy, 1, 6));
  const BatchNormCache& c = net.train_workspace().hidden[0].bn;
  const BatchNorm& bn = net.hidden(0).bn;
  for (int j = 0; j < bn.features(); ++j) CHECK(bn.running_mean(j) == doctest::Approx(0.1 * c.mean(j)).epsilon(1e-5));
}

TEST_CASE("a non-finite loss skips the update and is reported") {
  NetworkSpec s = small_spec();
  s.batch_norm = {false, false};
  Network net(s);
  Matrix X = random_matrix(3, 6, 6);
  X(0, 0) = std::numeric_limits<Scalar>::quiet_NaN();
  const Matrix W = net.output().W;
  const Network::StepResult r = net.train_step(X, targets_for(s.loss, 1, 6));
  CHECK_FALSE(r.finite);
  CHECK(net.output().W == W);
}

TEST_CASE("a step whose forward pass overflows is not finite even when its loss is") {
  NetworkSpec s = small_spec();
  s.batch_norm = {false, false};
  s.activations = {Activation::Linear, Activation::Tanh};
  Network net(s);
  // Z[1] overflows to +inf, tanh(+inf) = 1, so the logits and the loss stay finite.
  net.hidden(0).dense.W.setConstant(std::numeric_limits<Scalar>::max() / 8);
  net.hidden(1).dense.W.setConstant(std::numeric_limits<Scalar>::max() / 8);
  net.output().W.setOnes();
  const Matrix X = Matrix::Constant(3, 6, 1);
  const Matrix T = Matrix::Ones(1, 6);
  const Matrix W = net.output().W;
  const Network::StepResult r = net.train_step(X, T);
  CHECK(std::isfinite(r.loss));
  CHECK_FALSE(r.finite);
  CHECK(net.output().W == W);  // no update
  CHECK_FALSE(net.workspace_finite(net.train_workspace()));
  CHECK(net.state_finite());
}

// train_step no longer scans every forward value and parameter: it tests what their finiteness follows
// from (Network::train_forward_finite) and each parameter as the update writes it. Its answer must be
// the full scans' on networks driven to overflow in every way: huge weights in one layer, huge inputs,
// huge learning rates, every activation, placement, normalization, noise and optimizer.
TEST_CASE("a training step is finite exactly when every forward value, parameter and running statistic is") {
  Rng rng(2026);
  const Activation activations[] = {Activation::ReLU, Activation::LeakyReLU, Activation::Tanh, Activation::Sigmoid,
                                    Activation::Linear};
  const NormKind norms[] = {NormKind::Batch, NormKind::Layer, NormKind::Group, NormKind::None};
  const LossKind losses[] = {LossKind::SigmoidBinaryCrossEntropy, LossKind::SoftmaxCrossEntropy,
                             LossKind::MeanSquaredError};
  const OptimizerKind optimizers[] = {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam};
  int forward_stops = 0, update_stops = 0, finite_runs = 0;
  for (int run = 0; run < 2000; ++run) {
    NetworkSpec s = small_spec();
    s.hidden_sizes = {4, 6};
    s.activations = {activations[rng.below(5)], activations[rng.below(5)]};
    s.norms = {norms[rng.below(4)], norms[rng.below(4)]};
    s.bn_placement = rng.below(2) ? BnPlacement::BeforeActivation : BnPlacement::AfterActivation;
    s.bn_noise = rng.below(3) == 0 ? 1.0 : 0.0;
    s.loss = losses[rng.below(3)];
    s.output_size = s.loss == LossKind::SoftmaxCrossEntropy ? 3 : 2;
    s.optimizer.kind = optimizers[rng.below(3)];
    s.optimizer.learning_rate = std::pow(10.0, rng.uniform(-2, 3));
    // Weight decay with α·λ > 2 makes the weights grow geometrically: updates that overflow.
    s.optimizer.weight_decay = rng.below(2) ? 0.0 : std::pow(10.0, rng.uniform(-2, 1));
    s.seed = run;
    Network net(s);
    // One tensor scaled by up to Scalar's largest power of ten, the inputs by up to its square root.
    const double top = std::numeric_limits<Scalar>::max_exponent10;
    const int layer = static_cast<int>(rng.below(3));
    Matrix& W = layer < 2 ? net.hidden(layer).dense.W : net.output().W;
    W *= static_cast<Scalar>(std::pow(10.0, rng.uniform(0, top)));
    const Matrix X =
        random_matrix(3, 6, static_cast<uint64_t>(run), -1, 1) * static_cast<Scalar>(std::pow(10.0, rng.uniform(0, top / 2)));
    const Matrix T = targets_for(s.loss, s.output_size, 6);
    for (int step = 0; step < 40; ++step) {
      const Network::StepResult r = net.train_step(X, T);
      const bool loss_ok = std::isfinite(r.loss) &&
                           std::abs(r.loss) <= static_cast<double>(std::numeric_limits<Scalar>::max());
      const bool forward_ok = loss_ok && net.workspace_finite(net.train_workspace());
      // After a finite forward the update ran: then the parameters and running statistics decide.
      const bool expected = forward_ok && net.state_finite();
      CAPTURE(run);
      CAPTURE(step);
      REQUIRE(r.finite == expected);
      if (!r.finite) {
        ++(forward_ok ? update_stops : forward_stops);
        break;
      }
      if (step == 39) ++finite_runs;
    }
  }
  // Every way a run can end was exercised (an update that overflows while the forward pass stayed finite
  // is the rare one: 4 runs in 600 in float32, as the weights' growth usually overflows the forward first).
  CHECK(forward_stops > 20);
  CHECK(update_stops > 0);
  CHECK(finite_runs > 20);
  MESSAGE("runs stopped by the forward pass " << forward_stops << ", by the update " << update_stops
                                               << ", finite throughout " << finite_runs);
}

TEST_CASE("every invalid network description names the field and its allowed range") {
  struct Case {
    const char* field;
    void (*mutate)(NetworkSpec&);
  };
  const Case cases[] = {
      {"input_size", [](NetworkSpec& s) { s.input_size = 0; }},
      {"hidden_sizes[1]", [](NetworkSpec& s) { s.hidden_sizes = {4, -2}; }},
      {"hidden_sizes[0]", [](NetworkSpec& s) { s.hidden_sizes = {1025}; }},
      {"hidden_sizes", [](NetworkSpec& s) { s.hidden_sizes.assign(17, 4); }},
      {"hidden_sizes", [](NetworkSpec& s) { s.hidden_sizes.clear(); }},
      {"batch_norm", [](NetworkSpec& s) { s.batch_norm = {true}; }},
      {"activation", [](NetworkSpec& s) { s.activations = {Activation::ReLU}; }},
      {"activation[1]", [](NetworkSpec& s) { s.activations = {Activation::ReLU, static_cast<Activation>(9)}; }},
      {"bn_placement", [](NetworkSpec& s) { s.bn_placement = static_cast<BnPlacement>(5); }},
      {"seed", [](NetworkSpec& s) { s.seed = uint64_t{1} << 60; }},
      {"optimizer.learning_rate", [](NetworkSpec& s) { s.optimizer.learning_rate = -0.1; }},
      {"optimizer.learning_rate", [](NetworkSpec& s) { s.optimizer.learning_rate = std::nan(""); }},
      {"optimizer.learning_rate", [](NetworkSpec& s) { s.optimizer.learning_rate = HUGE_VAL; }},
      {"optimizer.momentum", [](NetworkSpec& s) { s.optimizer.momentum = 1.5; }},
      {"optimizer.weight_decay", [](NetworkSpec& s) { s.optimizer.weight_decay = -1; }},
      {"bn.eps", [](NetworkSpec& s) { s.bn.eps = 0; }},
      {"bn.momentum", [](NetworkSpec& s) { s.bn.momentum = 2; }},
      {"init_scale", [](NetworkSpec& s) { s.init_scale = 0; }},
      {"output_size", [](NetworkSpec& s) { s.output_size = 0; }},
      {"output_size", [](NetworkSpec& s) { s.loss = LossKind::SoftmaxCrossEntropy; s.output_size = 1; }},
      {"batch_size", [](NetworkSpec& s) { s.batch_size = 1; }},
      {"batch_size", [](NetworkSpec& s) { s.batch_size = 0; }},
      {"norm", [](NetworkSpec& s) { s.norm = static_cast<NormKind>(7); }},
      {"norm", [](NetworkSpec& s) { s.norms = {NormKind::Layer}; }},
      {"norm[1]", [](NetworkSpec& s) { s.norms = {NormKind::Layer, static_cast<NormKind>(7)}; }},
      {"norm_groups", [](NetworkSpec& s) { s.norm_groups = 0; }},
      {"norm_groups", [](NetworkSpec& s) { s.norm = NormKind::Group; s.norm_groups = 3; }},
  };
  for (const Case& c : cases) {
    CAPTURE(c.field);
    NetworkSpec s = small_spec();
    c.mutate(s);
    try {
      Network net(s);
      FAIL("expected std::invalid_argument");
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      CHECK(message.rfind(c.field, 0) == 0);                 // the message starts with the field
      CHECK(message.find("must be") != std::string::npos);  // and states what is allowed
    }
  }
  NetworkSpec no_bn = small_spec();
  no_bn.batch_norm = {false, false};
  no_bn.batch_size = 1;
  CHECK_NOTHROW(Network{no_bn});  // one example is fine without batch norm
  CHECK_THROWS_AS(parse_name<OptimizerKind>("optimizer", "rmsprop"), std::invalid_argument);
  CHECK_THROWS_AS(parse_name<InitKind>("init", "zeros"), std::invalid_argument);
  CHECK_THROWS_AS(parse_name<BnPlacement>("bnPlacement", "middle"), std::invalid_argument);
}
