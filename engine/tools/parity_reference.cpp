// Reference loss curves from the native engine, for the WebAssembly parity test.
//
// Trains a few fixed twin configurations one step at a time and prints, as
// JSON, each configuration in the web facade's camelCase form (web/engine.js)
// together with the mini-batch loss of both twins after every step:
//
//   {"steps": N, "cases": [{"name": "...", "compareSteps": K, "config": {...},
//                           "withBn": [ℓ1, ℓ2, ...], "withoutBn": [...]}, …]}
//
// A sibling case (one network per normalization, engine.createSiblings) has
// "siblings": ["none", "batch", …] and one curve per sibling under "curves":
//   {"name": "...", "compareSteps": K, "config": {...}, "siblings": [...],
//    "curves": {"none": [ℓ1, …], "batch": [...], …}}
//
// tests/node/parity.test.mjs runs this program, builds the same configs
// through the facade and checks that the WebAssembly build follows the same
// curves over the first K steps. Every facade field is written from the spec
// itself by walking settings.hpp, so a field the facade (or the bindings'
// reader) maps wrongly shows up as a different curve.
//
// Why K is not always N: native and WebAssembly round differently in the last
// float32 bit (FMA, summation order of the matrix kernels, tanh), and some
// settings amplify such differences (a BN unit with a large effective learning
// rate can grow them several-fold per step for a while). The cases below were chosen so that the
// builds agree to 1e-5 over all N = 1000 steps with a wide margin, except the
// engine-default case, which is compared over its first steps only, and the
// siblings at a batch of one, over 500 steps.
//
// Usage: parity_reference [steps]   (default 1000)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "config_writer.hpp"
#include "trainer.hpp"

using namespace bnlab;

namespace {

struct Case {
  std::string name;
  TrainerSpec spec;
  int compare_steps = 1 << 30;  // steps over which the two builds must agree (all by default)
  std::vector<NormKind> siblings = {};  // empty: a twin
};

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The facade's config object for this spec: every field of settings.hpp that
// a twin's config has, written from the spec itself (config_writer.hpp).
std::string config_json(const TrainerSpec& s) {
  tools::ConfigWriter json;
  const MnistOptions no_mnist;
  visit_twin(s, no_mnist, json);
  return json.object();
}

std::vector<Case> cases() {
  std::vector<Case> out;

  // Gaussians with sigmoid units, plain SGD, BN before g in every layer.
  Case gaussians{"gaussians-sigmoid-sgd", {}};
  gaussians.spec.data.kind = DatasetKind::Gaussians;
  NetworkSpec& gn = gaussians.spec.network;
  gn.activation = Activation::Sigmoid;
  gn.optimizer.learning_rate = 0.05;
  gn.batch_size = 50;
  gn.seed = 7;
  out.push_back(gaussians);

  // The same with noisy BN (bn_noise.hpp): the per-step draws (uniforms,
  // normals, exp in double) must be the same numbers in both builds.
  Case noisy = gaussians;
  noisy.name = "gaussians-sigmoid-noisy-bn";
  noisy.spec.network.bn_noise = 0.5;
  out.push_back(noisy);

  // Moons with ReLU, Adam, BN after g in two of three layers, weight decay,
  // a kept bias and cumulative running statistics (PyTorch's momentum=None).
  Case moons{"moons-relu-adam-after", {}};
  moons.spec.data.kind = DatasetKind::Moons;
  moons.spec.data.num_points = 600;
  moons.spec.data.noise = 0.05;
  moons.spec.data.train_fraction = 0.7;
  NetworkSpec& mn = moons.spec.network;
  mn.hidden_sizes = {24, 16, 8};
  mn.activation = Activation::ReLU;
  mn.batch_norm = {true, false, true};
  mn.bn_placement = BnPlacement::AfterActivation;
  mn.keep_bias_before_bn = true;
  mn.bn.cumulative = true;
  mn.loss = LossKind::SoftmaxCrossEntropy;
  mn.output_size = 2;
  mn.optimizer.kind = OptimizerKind::Adam;
  mn.optimizer.learning_rate = 0.003;
  mn.optimizer.weight_decay = 1e-3;
  mn.init = InitKind::He;
  mn.batch_size = 50;
  mn.seed = 12345;
  moons.spec.probe_size = 100;
  moons.spec.probe.bins = 20;
  moons.spec.grid_resolution = 30;
  out.push_back(moons);

  // Regression with sigmoid units, momentum SGD, Gaussian init, a shifted test set.
  Case regression{"regression-sigmoid-momentum", {}};
  regression.spec.data.kind = DatasetKind::Regression;
  regression.spec.data.num_points = 300;
  regression.spec.data.noise = 0.2;
  regression.spec.data.shift = ShiftKind::Translate;
  regression.spec.data.shift_amount = 0.3;
  NetworkSpec& rn = regression.spec.network;
  rn.hidden_sizes = {10, 10};
  rn.activation = Activation::Sigmoid;
  rn.loss = LossKind::MeanSquaredError;
  rn.optimizer.kind = OptimizerKind::Momentum;
  rn.optimizer.learning_rate = 0.05;
  rn.optimizer.momentum = 0.8;
  rn.init = InitKind::Gaussian;
  rn.init_scale = 0.5;
  rn.bn.eps = 1e-3;
  rn.bn.momentum = 0.01;
  rn.batch_size = 16;
  rn.seed = 99;
  out.push_back(regression);

  // Circles with wide ReLU layers and large batches.
  Case circles{"circles-relu-wide", {}};
  NetworkSpec& cn = circles.spec.network;
  cn.hidden_sizes = {16, 16};
  cn.activation = Activation::ReLU;
  cn.optimizer.learning_rate = 0.05;
  cn.batch_size = 64;
  cn.seed = 3;
  out.push_back(circles);

  // The engine's default settings, to check that the facade's defaults are the
  // engine's. This BN twin amplifies float32 rounding differences (FMA or not,
  // another summation order): a first-layer BN unit with a small weight norm
  // has a large effective learning rate, so differences that start near 1e-8
  // grow within a few dozen steps to ~1e-5; the builds are compared over the
  // first steps only.
  Case defaults{"circles-tanh-default", {}};
  defaults.spec.network.seed = 7;
  defaults.compare_steps = 3;
  out.push_back(defaults);

  // A twin whose normalized net uses layer norm (norm: layer) against none:
  // the wide ReLU case above.
  Case layer_twin = circles;
  layer_twin.name = "circles-relu-wide-layer-norm-twin";
  layer_twin.spec.network.norm = NormKind::Layer;
  out.push_back(layer_twin);

  // Siblings none / BN / LN / GN (4 groups) on the wide ReLU case above.
  Case siblings = circles;
  siblings.name = "circles-relu-wide-siblings";
  siblings.spec.network.norm_groups = 4;
  siblings.siblings = {NormKind::None, NormKind::Batch, NormKind::Layer, NormKind::Group};
  out.push_back(siblings);

  // Siblings at a batch of one (no BN sibling can train). Every step follows a
  // single example, which amplifies the builds' last-bit differences after a
  // few hundred steps (LN and GN part near step 650): compared over 500 steps.
  Case single{"circles-relu-siblings-batch-1", {}};
  NetworkSpec& sn = single.spec.network;
  sn.hidden_sizes = {16, 16};
  sn.activation = Activation::ReLU;
  sn.optimizer.learning_rate = 0.005;
  sn.batch_size = 1;
  sn.seed = 21;
  single.siblings = {NormKind::Layer, NormKind::Group, NormKind::None};
  single.compare_steps = 500;
  out.push_back(single);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 1000;
  if (steps < 1) {
    std::fprintf(stderr, "usage: parity_reference [steps >= 1]\n");
    return 2;
  }
  std::printf("{\"steps\": %d, \"cases\": [", steps);
  bool first = true;
  for (const Case& c : cases()) {
    TwinTrainer trainer(c.spec, c.siblings);
    std::vector<std::string> curves(static_cast<size_t>(trainer.num_nets()));
    for (int s = 0; s < steps; ++s) {
      trainer.step(1);
      for (int t = 0; t < trainer.num_nets(); ++t)
        curves[static_cast<size_t>(t)] += (s ? "," : "") + number(trainer.status(t).last_loss);
    }
    std::printf("%s\n  {\"name\": \"%s\", \"compareSteps\": %d, \"config\": %s,", first ? "" : ",", c.name.c_str(),
                std::min(steps, c.compare_steps), config_json(c.spec).c_str());
    if (c.siblings.empty()) {
      std::printf("\n   \"withBn\": [%s],\n   \"withoutBn\": [%s]}", curves[kWithBn].c_str(),
                  curves[kWithoutBn].c_str());
    } else {
      std::string names, by_name;
      for (size_t k = 0; k < c.siblings.size(); ++k) {
        const std::string name = std::string("\"") + name_of(c.siblings[k]) + "\"";
        names += (k ? ", " : "") + name;
        by_name += std::string(k ? ",\n    " : "") + name + ": [" + curves[k] + "]";
      }
      std::printf("\n   \"siblings\": [%s],\n   \"curves\": {%s}}", names.c_str(), by_name.c_str());
    }
    first = false;
  }
  std::printf("\n]}\n");
  return 0;
}
