// Reference loss curves from the native engine, for the WebAssembly parity test.
//
// Trains a few fixed twin configurations one step at a time and prints, as
// JSON, each configuration in the web facade's camelCase form (web/engine.js)
// together with the mini-batch loss of both twins after every step:
//
//   {"steps": N, "cases": [{"name": "...", "config": {...},
//                           "withBn": [ℓ1, ℓ2, ...], "withoutBn": [...]}]}
//
// tests/node/parity.test.mjs runs this program, builds the same configs
// through the facade and checks that the WebAssembly build takes the same path.
// Every facade field is written from the spec itself, so a field the facade
// maps wrongly shows up as a different loss curve.
//
// Usage: parity_reference [steps]   (default 1000)
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "trainer.hpp"

using namespace bnlab;

namespace {

struct Case {
  std::string name;
  TrainerSpec spec;
};

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string quoted(const char* s) { return std::string("\"") + s + "\""; }

// The facade's config object (web/engine.js CONFIG_FIELDS) for this spec.
std::string config_json(const TrainerSpec& s) {
  const NetworkSpec& n = s.network;
  const DatasetSpec& d = s.data;
  std::string hidden = "[", bn = "[";
  for (size_t l = 0; l < n.hidden_sizes.size(); ++l) {
    hidden += (l ? "," : "") + std::to_string(n.hidden_sizes[l]);
    bn += std::string(l ? "," : "") + (n.has_bn(static_cast<int>(l)) ? "true" : "false");
  }
  hidden += "]";
  bn += "]";
  std::string j = "{";
  auto field = [&j](const char* key, const std::string& value) {
    if (j.size() > 1) j += ", ";
    j += quoted(key) + ": " + value;
  };
  field("dataset", quoted(dataset_kind_name(d.kind)));
  field("points", std::to_string(d.num_points));
  field("noise", number(d.noise));
  field("trainFraction", number(d.train_fraction));
  field("shift", quoted(shift_kind_name(d.shift)));
  field("shiftAmount", number(d.shift_amount));
  field("hidden", hidden);
  field("activation", quoted(activation_name(n.activation)));
  field("batchNorm", bn);
  field("bnPlacement", quoted(bn_placement_name(n.bn_placement)));
  field("keepBias", n.keep_bias_before_bn ? "true" : "false");
  field("bnEps", number(n.bn.eps));
  field("bnMomentum", n.bn.cumulative ? "null" : number(n.bn.momentum));
  field("loss", quoted(loss_name(n.loss)));
  field("optimizer", quoted(optimizer_name(n.optimizer.kind)));
  field("learningRate", number(n.optimizer.learning_rate));
  field("momentum", number(n.optimizer.momentum));
  field("beta1", number(n.optimizer.beta1));
  field("beta2", number(n.optimizer.beta2));
  field("adamEpsilon", number(n.optimizer.adam_epsilon));
  field("weightDecay", number(n.optimizer.weight_decay));
  field("init", quoted(init_name(n.init)));
  field("initScale", number(n.init_scale));
  field("seed", std::to_string(n.seed));
  field("batchSize", std::to_string(n.batch_size));
  field("probeSize", std::to_string(s.probe_size));
  field("bins", std::to_string(s.probe.bins));
  field("histRange", number(s.probe.range));
  field("probeUnit", std::to_string(s.probe.unit));
  field("gridResolution", std::to_string(s.grid_resolution));
  field("gridExtent", number(s.grid_extent));
  return j + "}";
}

std::vector<Case> cases() {
  std::vector<Case> out;

  // The page's default: circles, 4×8 tanh, BN before g, plain SGD.
  Case circles{"circles-tanh-sgd", {}};
  circles.spec.network.seed = 7;
  out.push_back(circles);

  // Spiral with ReLU, Adam, BN after g in two of three layers, weight decay,
  // a kept bias and cumulative running statistics.
  Case spiral{"spiral-relu-adam-after", {}};
  spiral.spec.data.kind = DatasetKind::Spiral;
  spiral.spec.data.num_points = 600;
  spiral.spec.data.noise = 0.05;
  spiral.spec.data.train_fraction = 0.7;
  NetworkSpec& sn = spiral.spec.network;
  sn.hidden_sizes = {16, 12, 8};
  sn.activation = Activation::ReLU;
  sn.batch_norm = {true, false, true};
  sn.bn_placement = BnPlacement::AfterActivation;
  sn.keep_bias_before_bn = true;
  sn.bn.cumulative = true;
  sn.loss = LossKind::SoftmaxCrossEntropy;
  sn.output_size = 2;
  sn.optimizer.kind = OptimizerKind::Adam;
  sn.optimizer.learning_rate = 0.01;
  sn.optimizer.weight_decay = 1e-3;
  sn.init = InitKind::He;
  sn.batch_size = 25;
  sn.seed = 12345;
  spiral.spec.probe_size = 100;
  spiral.spec.probe.bins = 20;
  spiral.spec.grid_resolution = 30;
  out.push_back(spiral);

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
    TwinTrainer trainer(c.spec);
    std::string curves[2];
    for (int s = 0; s < steps; ++s) {
      trainer.step(1);
      for (int t = 0; t < 2; ++t) curves[t] += (s ? "," : "") + number(trainer.status(t).last_loss);
    }
    std::printf("%s\n  {\"name\": \"%s\", \"config\": %s,\n   \"withBn\": [%s],\n   \"withoutBn\": [%s]}",
                first ? "" : ",", c.name.c_str(), config_json(c.spec).c_str(), curves[kWithBn].c_str(),
                curves[kWithoutBn].c_str());
    first = false;
  }
  std::printf("\n]}\n");
  return 0;
}
