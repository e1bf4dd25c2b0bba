// Every setting of the engine, once (the schema of schema.hpp).
//
// One line per field: the facade's name, the engine's member (as messages name
// it), one line of what it is, and its range or names; `.live()` marks what a
// built twin takes between steps. A field's default is the member's own
// initializer in its struct. Validation, the bindings' reader, the parity
// tool and the generated web/engine-schema.js all walk these lists, so adding
// a setting is: the member and the math that uses it, one line here, and its
// control in the page.
//
// The order is the facade's: a twin's config lists the data, the network, then
// the trainer's probes and grid (visit_twin).
#pragma once

#include "budget.hpp"
#include "dataset.hpp"
#include "mnist.hpp"
#include "network.hpp"
#include "schema.hpp"
#include "trainer.hpp"

namespace bnlab {

// Seeds cross into JavaScript as numbers, exact up to 2⁵³ − 1.
constexpr double kMaxSeed = 9007199254740991.0;

template <class S, class V>
auto visit(S& s, V& v) -> if_spec<S, DatasetSpec> {
  v.choice(Field("dataset", "dataset.kind", "the toy data set")
               .also("mnist", "the real digits of engine/mnist.hpp, given to createTwin as bytes"),
           s.kind);
  v.number(Field("points", "dataset.num_points", "training plus test points"), s.num_points,
           Range{10, kMaxPoints});
  v.number(Field("noise", "dataset.noise", "jitter of the points; 0 puts them on the clean shapes"), s.noise,
           Range{0, 1});
  v.number(Field("trainFraction", "dataset.train_fraction", "share of the points used for training"),
           s.train_fraction, Range{0.1, 0.9});
  v.choice(Field("shift", "dataset.shift", "covariate shift: how the test inputs move (the labelling rule stays)"),
           s.shift);
  v.number(Field("shiftAmount", "dataset.shift_amount", "how far: a distance (translate) or a factor − 1 (scale)"),
           s.shift_amount, Range{0, 3});
}

template <class S, class V>
auto visit(S& s, V& v) -> if_spec<S, MnistOptions> {
  v.flag(Field("binarize", "binarize", "MNIST only: pixel byte ≥ 128 → 1, else 0 (the paper's binary images)"),
         s.binarize);
}

template <class S, class V>
auto visit(S& s, V& v) -> if_spec<S, BatchNormConfig> {
  v.number(Field("bnEps", "bn.eps", "ε in z_norm = (z − μ)/√(σ² + ε)"), s.eps, Range{1e-12, 1});
  v.optional_number(Field("bnMomentum", "bn.momentum",
                          "ρ in running ← (1 − ρ)·running + ρ·batch; null: the plain average of every batch"),
                    s.momentum, s.cumulative, Range{0, 1});
}

template <class S, class V>
auto visit(S& s, V& v) -> if_spec<S, OptimizerConfig> {
  v.choice(Field("optimizer", "optimizer.kind", "the update rule"), s.kind);
  v.number(Field("learningRate", "optimizer.learning_rate", "α, the step size").live(), s.learning_rate,
           Range{0, 1000});
  v.number(Field("momentum", "optimizer.momentum", "μ of the momentum optimizer"), s.momentum, Range{0, 0.9999});
  v.number(Field("beta1", "optimizer.beta1", "Adam's β1"), s.beta1, Range{0, 0.9999});
  v.number(Field("beta2", "optimizer.beta2", "Adam's β2"), s.beta2, Range{0, 0.999999});
  v.number(Field("adamEpsilon", "optimizer.adam_epsilon", "Adam's ε"), s.adam_epsilon, Range{1e-12, 1});
  v.number(Field("weightDecay", "optimizer.weight_decay", "L2 coefficient λ on the weights W"), s.weight_decay,
           Range{0, 10});
}

template <class S, class V>
auto visit(S& s, V& v) -> if_spec<S, NetworkSpec> {
  const size_t layers = s.hidden_sizes.size();
  v.number(Field("inputSize", "input_size", "inputs per example").lone_network(), s.input_size,
           Range{1, kMaxInputSize});
  v.number(Field("outputSize", "output_size", "outputs K of the last layer").lone_network(), s.output_size,
           Range{1, kMaxOutputSize});
  v.sizes(Field("hidden", "hidden_sizes", "units n[l] of each hidden layer"), s.hidden_sizes,
          Range{1, kMaxUnits}, Range{1, kMaxHiddenLayers});
  v.per_layer(Field("activation", "activation", "g of every hidden layer, or one name per hidden layer"),
              s.activation, s.activations, layers);
  v.layer_flags(Field("batchNorm", "batch_norm",
                      "normalization (BN unless norm says otherwise) in every hidden layer, or one flag per layer"),
                s.batch_norm, layers);
  v.per_layer(Field("norm", "norm",
                    "which normalization a normalized layer applies: batch (BN), layer (LN), group (GN) or none; "
                    "one name, or one per hidden layer"),
              s.norm, s.norms, layers);
  v.number(Field("normGroups", "norm_groups", "groups G of every group-norm layer; G must divide its units"),
           s.norm_groups, Range{1, kMaxUnits});
  v.choice(Field("bnPlacement", "bn_placement", "the normalization before g (the paper) or after it"),
           s.bn_placement);
  v.flag(Field("keepBias", "keep_bias_before_bn", "keep the bias b in front of BN (its gradient is 0)"),
         s.keep_bias_before_bn);
  visit(s.bn, v);
  v.layer_numbers(Field("bnNoise", "bn_noise",
                        "noisy BN: strength ν of the random per-step shift and scale after every BN layer, "
                        "or one ν per hidden layer (a layer without BN takes none); 0 = off"),
                  s.bn_noise, s.bn_noises, Range{0, 3}, layers);
  v.choice(Field("loss", "loss", "the output head and its loss")
               .also("auto", "mse for the regression set, softmax_ce for mnist, sigmoid_bce otherwise", true),
           s.loss);
  visit(s.optimizer, v);
  v.choice(Field("init", "init", "how the initial weights are drawn"), s.init);
  v.number(Field("initScale", "init_scale", "multiplies the initial weights' standard deviation"), s.init_scale,
           Range{1e-6, 100});
  v.number(Field("seed", "seed", "data, initial weights and batch order all follow from it"), s.seed,
           Range{0, kMaxSeed});
  v.number(Field("batchSize", "batch_size", "examples m per training mini-batch"), s.batch_size,
           Range{1, kMaxBatchSize});
}

template <class S, class V>
auto visit(S& s, V& v) -> if_spec<S, ProbeSpec> {
  v.number(Field("bins", "probe.bins", "bins of each probe histogram"), s.bins, Range{2, kMaxBins});
  v.number(Field("histRange", "probe.range", "Z, z_norm, z̃ histograms cover [−range, range]"), s.range,
           Range{1e-6, 1e6});
  v.number(Field("probeUnit", "probe.unit", "the unit whose percentiles the probes track").live(), s.unit,
           Range{0, kMaxUnits - 1});
}

// The trainer's own fields; visit_twin adds the data and the network.
template <class S, class V>
auto visit(S& s, V& v) -> if_spec<S, TrainerSpec> {
  v.number(Field("probeSize", "probe_size", "examples in the probe batch"), s.probe_size, Range{2, kMaxProbeSize});
  visit(s.probe, v);
  v.number(Field("gridResolution", "grid_resolution", "points per side of the decision-boundary grid"),
           s.grid_resolution, Range{2, kMaxGridResolution});
  v.number(Field("gridExtent", "grid_extent", "the grid covers [−extent, extent]²"), s.grid_extent,
           Range{1e-3, 100});
  v.choice(Field("trainOnly", "train_only", "which net step() trains: both, or one per Web Worker"), s.train_only);
}

// Every field of a twin's config, in the facade's order. Fields of scope
// LoneNetwork (inputSize, outputSize) are not in it: a twin derives them from
// its data; a visitor that walks only a twin's fields skips them (Field::in_twin).
template <class T, class M, class V>
void visit_twin(T& trainer, M& mnist, V& v) {
  visit(trainer.data, v);
  visit(mnist, v);
  visit(trainer.network, v);
  visit(trainer, v);
}

// Throws std::invalid_argument naming the first field out of its range or names.
template <class S>
void validate(const S& spec) {
  Validator v;
  visit(spec, v);
}

}  // namespace bnlab
