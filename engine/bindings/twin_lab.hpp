// TwinLab: a bnlab::TwinTrainer for the facade (web/engine-twin.js).
#pragma once

#include "mnist.hpp"
#include "point_dataset.hpp"
#include "support.hpp"

namespace bnlab::web {

// ---- TwinLab ----------------------------------------------------------------

class TwinLab {
 public:
  // Builds the dataset and both networks from the facade's config. On error
  // the previous trainer (if any) is kept.
  std::string configure(const val& config) {
    return guarded([&] {
      if (config["dataset"].as<std::string>() == "mnist")
        throw std::invalid_argument("dataset mnist needs its bytes: use stageBytes and configureMnist");
      auto next = std::make_unique<TwinTrainer>(read_trainer(config));  // checks the budget before allocating
      adopt(std::move(next));
    });
  }

  // MNIST (engine/mnist.hpp): JS writes the file's bytes into stageBytes(size),
  // then configureMnist decodes them and frees the staging buffer. A size
  // beyond any file the data budget admits (kMaxMnistFileBytes), or a failed
  // allocation, gives an empty view.
  val stageBytes(double size) {
    std::vector<uint8_t>().swap(staged_);
    if (!(size >= 0 && size <= kMaxMnistFileBytes)) return empty_bytes();
    try {
      staged_.assign(static_cast<size_t>(size), 0);
    } catch (const std::bad_alloc&) {
      return empty_bytes();
    }
    return val(typed_memory_view(staged_.size(), staged_.data()));
  }
  std::string configureMnist(const val& config) {
    const std::string error = guarded([&] {
      MnistOptions options;
      TrainerSpec spec = read_trainer(config, &options);
      const MnistHeader header = read_mnist_header(staged_.data(), staged_.size());
      spec.network.input_size = static_cast<int>(header.pixels());
      spec.network.output_size = static_cast<int>(header.num_classes);
      // The budget before decoding: the digits as float32 are four times the file.
      validate_network_spec(spec.network);
      check_twin_budget(spec, static_cast<int>(header.n_train), static_cast<int>(header.n_test), true);
      Dataset data = load_mnist(staged_.data(), staged_.size(), options);
      auto next = std::make_unique<TwinTrainer>(spec, std::move(data));
      adopt(std::move(next));
    });
    std::vector<uint8_t>().swap(staged_);
    return error;
  }

  // Given points (engine/point_dataset.hpp): JS writes a (3, count) table,
  // a column (x1, x2, y) per point, into stagePoints(count), then
  // configurePoints builds the twin on it and frees the staging buffer. The
  // first nTrain columns train; nTrain == count means "no test point given":
  // the test set is split off at the config's trainFraction from its seed.
  // A count beyond kMaxPoints, or a failed allocation, gives an empty view.
  val stagePoints(int count) {
    MatrixD().swap(staged_points_);
    if (count < 0 || count > kMaxPoints) return val(typed_memory_view(size_t{0}, static_cast<const double*>(nullptr)));
    try {
      staged_points_.setZero(3, count);
    } catch (const std::bad_alloc&) {
      return val(typed_memory_view(size_t{0}, static_cast<const double*>(nullptr)));
    }
    return val(typed_memory_view(static_cast<size_t>(staged_points_.size()), staged_points_.data()));
  }
  std::string configurePoints(const val& config, int n_train, bool regression) {
    const std::string error = guarded([&] {
      TrainerSpec spec = read_trainer(config);
      PointSetSpec points;
      points.n_train = n_train;
      points.regression = regression;
      points.train_fraction = spec.data.train_fraction;
      points.seed = spec.network.seed;
      Dataset data = make_point_dataset(staged_points_, points);  // validates every point
      auto next = std::make_unique<TwinTrainer>(spec, std::move(data));  // checks the budget before allocating
      adopt(std::move(next));
    });
    MatrixD().swap(staged_points_);
    return error;
  }

  // n steps of both networks; n is at most maxStepsPerCall(), so that one call
  // stays within the work budget of budget.hpp.
  std::string step(int n) {
    return guarded([&] {
      check_step_count(n, cost_, "this twin");
      trainer().step(n);
    });
  }
  std::string reset() { return guarded([&] { trainer().reset(); }); }
  std::string reseed(double seed) {
    return guarded([&] {
      trainer().reseed(static_cast<uint64_t>(seed));
      grid_ = nullptr;
      noise_ = nullptr;
      landscape_ = nullptr;
      inspected_ = nullptr;
    });
  }
  std::string setLearningRate(double lr) { return guarded([&] { trainer().set_learning_rate(lr); }); }
  std::string setProbeUnit(int unit) { return guarded([&] { trainer().set_probe_unit(unit); }); }
  std::string refreshProbes() { return guarded([&] { trainer().refresh_probes(); }); }

  // Fills metrics().
  std::string evaluate(Twin twin, BnMode mode) {
    return guarded([&] { metrics_ = trainer().evaluate(check_twin(twin), eval_mode(mode)); });
  }
  // Fills metrics() with the test set's loss and accuracy only (train fields NaN).
  std::string evaluateTest(Twin twin, BnMode mode) {
    return guarded([&] { metrics_ = trainer().evaluate(check_twin(twin), eval_mode(mode), EvalSets::TestOnly); });
  }
  // Fills dataView(GridValues).
  std::string evaluateGrid(Twin twin, BnMode mode) {
    return guarded([&] {
      // The grid covers the plane of a 2-D input; other inputs would not fit its buffers.
      if (trainer().spec().network.input_size != 2)
        throw std::invalid_argument("the grid needs 2-D inputs, this dataset has " +
                                    std::to_string(trainer().spec().network.input_size));
      grid_ = &trainer().evaluate_grid(check_twin(twin), eval_mode(mode));
    });
  }
  // The grid in parts from a snapshot (TwinTrainer::snapshot_grid, evaluate_grid_part).
  std::string snapshotGrid(Twin twin, BnMode mode) {
    return guarded([&] {
      grid_part_done_ = 0;
      trainer().snapshot_grid(check_twin(twin), eval_mode(mode));
    });
  }
  // At least `points` more points of the snapshot; gridPartDone() says how many are done, and when
  // all are, dataView(GridValues) holds them.
  std::string evaluateGridPart(Twin twin, int points) {
    return guarded([&] {
      const int t = check_twin(twin);
      grid_part_done_ = trainer().evaluate_grid_part(t, points);
      if (grid_part_done_ == static_cast<int>(trainer().grid_points().cols())) grid_ = &trainer().grid_part_values(t);
    });
  }
  int gridPartDone() const { return grid_part_done_; }
  // BN's noise: z_norm of (layer, unit) for training example `example` inside
  // `draws` random mini-batches of the BN twin (see TwinTrainer::batch_noise).
  // Fills dataView(BatchNoise).
  std::string batchNoise(int layer, int unit, int example, int draws, double seed) {
    return guarded([&] {
      const int most = max_noise_draws_per_call(cost_);
      if (draws > most)
        throw std::invalid_argument("draws must be at most " + std::to_string(most) +
                                    " for this twin (the work budget of one engine call), got " + std::to_string(draws));
      noise_ = &trainer().batch_noise(layer, unit, example, draws, static_cast<uint64_t>(seed));
    });
  }

  // The landscape probe (landscape.hpp) of `twin` on the last mini-batch for
  // the step sizes `etas` (a JS array of 1 to 16 numbers ≥ 0). Fills landscapeResult().
  std::string landscape(Twin twin, const val& etas) {
    return guarded([&] {
      const int count = etas["length"].as<int>();
      std::array<double, kMaxLandscapeSteps> steps{};
      for (int k = 0; k < count && k < kMaxLandscapeSteps; ++k) steps[static_cast<size_t>(k)] = etas[k].as<double>();
      landscape_ = nullptr;
      landscape_ = &trainer().landscape(check_twin(twin), steps.data(), count);
    });
  }
  // {loss0, gradNorm, betaEff, etas, loss, gradDiff} of the last landscape
  // call (plain arrays of its step sizes; a non-finite value is NaN or
  // ±Infinity, for the facade to report), or null.
  val landscapeResult() const {
    if (!landscape_) return val::null();
    const LandscapeProbe& p = *landscape_;
    val o = val::object();
    o.set("loss0", p.loss0);
    o.set("gradNorm", p.grad_norm);
    o.set("betaEff", p.beta_eff);
    const auto list = [&](const VectorD& v) {
      val a = val::array();
      for (int k = 0; k < p.count(); ++k) a.call<void>("push", v(k));
      return a;
    };
    o.set("etas", list(p.etas));
    o.set("loss", list(p.loss));
    o.set("gradDiff", list(p.grad_diff));
    return o;
  }

  // Batch coupling (batch_coupling.hpp): the last mini-batch with example
  // `example` moved to `input` (inputSize numbers), run forward and backward
  // through `twin` with batch statistics; nothing of the run changes. Fills
  // inspectView() and dataView(InputGradient).
  std::string inspectBatch(Twin twin, int example, const val& input) {
    return guarded([&] {
      TwinTrainer& t = trainer();
      const int net = check_twin(twin);
      const int m = static_cast<int>(t.batch_x().cols());
      const int d = static_cast<int>(t.batch_x().rows());
      if (example < 0 || example >= m)
        throw std::invalid_argument("example must be in [0, " + std::to_string(m - 1) + "], got " +
                                    std::to_string(example));
      if (input["length"].as<int>() != d)
        throw std::invalid_argument("input must have " + std::to_string(d) + " values");
      inspected_ = nullptr;
      inspect_x_ = t.batch_x();
      for (int i = 0; i < d; ++i) inspect_x_(i, example) = static_cast<Scalar>(input[i].as<double>());
      inspected_ = &t.inspect_batch(net, inspect_x_, t.batch_y());
      inspected_twin_ = twin;
    });
  }
  // Z, ZNorm, ZTilde, A and the batch statistics of the last inspectBatch.
  val inspectView(int layer, LayerField field) {
    if (!trainer_ || !inspected_) return empty_view();
    return layer_view(trainer_->net(inspected_twin_), *inspected_, layer, field);
  }

  // The budget of one call, for the facade: step(n) takes n ≤ maxStepsPerCall(),
  // batchNoise at most maxNoiseDraws() draws. 0 before a successful configure.
  int maxStepsPerCall() const { return trainer_ ? max_steps_per_call(cost_) : 0; }
  int maxNoiseDraws() const { return trainer_ ? max_noise_draws_per_call(cost_) : 0; }

  // Accessors and views never throw: before a successful configure, or for
  // an out-of-range twin or layer, they return 0 / false / an empty view.
  int numHidden() const { return trainer_ ? static_cast<int>(trainer_->spec().network.hidden_sizes.size()) : 0; }
  int inputSize() const { return trainer_ ? trainer_->spec().network.input_size : 0; }
  int trainSize() const { return trainer_ ? static_cast<int>(trainer_->data().x_train.cols()) : 0; }
  int probeSize() const { return trainer_ ? trainer_->probe(kWithBn).ws.batch : 0; }
  bool hasBn(Twin twin, int layer) const {
    if (!trainer_ || !valid_twin(twin) || layer < 0 || layer >= numHidden()) return false;
    return trainer_->net(twin).hidden(layer).has_bn;
  }

  // {steps, loss, meanLoss, batchAccuracy, diverged, divergedAt} (TwinStatus), or null.
  val status(Twin twin) const {
    if (!trainer_ || !valid_twin(twin)) return val::null();
    return to_object(trainer_->status(twin));
  }
  // {trainLoss, trainAccuracy, testLoss, testAccuracy} of the last evaluate.
  val metrics() const { return to_object(metrics_); }

  // Z, ZNorm, ZTilde, A and the Batch* statistics come from the probe batch
  // (after refreshProbes, or an evaluation in batch mode); the rest are the
  // network's parameters and last gradients. Layer numHidden() is the output layer.
  val layerView(Twin twin, int layer, LayerField field) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    return layer_view(trainer_->net(twin), trainer_->probe(twin).ws, layer, field);
  }

  // The same fields for the last training mini-batch X{t}: Z, z_norm, z̃, A
  // and the batch μ, σ² the network was trained with in its last step.
  val trainBatchView(Twin twin, int layer, LayerField field) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    return layer_view(trainer_->net(twin), trainer_->net(twin).train_workspace(), layer, field);
  }

  // What the probe saw in one hidden layer, by name: {activation, saturates,
  // saturation, histograms: {Z, zNorm, zTilde, A}, histRanges: {Z: [lo, hi],
  // …}, percentiles (15th, 50th, 85th of the probed unit's activation input),
  // gradNorms: {W, b, gamma, beta}}; for layer numHidden() (the output layer)
  // only gradNorms: {W, b}. null for a twin or layer out of range. The
  // histograms and percentiles are views: copy them before the next call.
  val probeLayer(Twin twin, int layer) const {
    if (!trainer_ || !valid_twin(twin) || layer < 0 || layer > numHidden()) return val::null();
    Probe& p = trainer_->probe(twin);
    const Matrix& norms = p.grad_norms;  // (4, L+1): ‖dW‖, ‖db‖, ‖dγ‖, ‖dβ‖
    val o = val::object();
    val grad = val::object();
    grad.set("W", norms(0, layer));
    grad.set("b", norms(1, layer));
    if (layer == numHidden()) {
      o.set("gradNorms", grad);
      return o;
    }
    grad.set("gamma", norms(2, layer));
    grad.set("beta", norms(3, layer));
    o.set("gradNorms", grad);
    const Activation g = trainer_->net(twin).spec().activation_of(layer);
    o.set("activation", name_of(g));
    o.set("saturates", activation_saturates(g));
    o.set("saturation", static_cast<double>(p.saturation(layer)));
    val histograms = val::object();
    val ranges = val::object();
    for (const Named<ProbeQuantity>& q : kProbeQuantityNames) {
      const int column = kProbeQuantities * layer + static_cast<int>(q.value);  // (bins, 4·L), column 4l + q
      histograms.set(q.name, view(p.histograms().col(column).data(), p.histograms().rows()));
      val range = val::array();
      range.call<void>("push", static_cast<double>(p.hist_ranges(0, column)));
      range.call<void>("push", static_cast<double>(p.hist_ranges(1, column)));
      ranges.set(q.name, range);
    }
    o.set("histograms", histograms);
    o.set("histRanges", ranges);
    o.set("percentiles", view(p.percentiles.col(layer).data(), p.percentiles.rows()));  // (3, L), column l
    return o;
  }

  // The probed unit's 15th, 50th, 85th percentiles in every hidden layer:
  // (3, L), layer l at [3l, 3l + 3).
  val percentiles(Twin twin) const {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    return view(trainer_->probe(twin).percentiles);
  }

  val dataView(DataField field) {
    if (!trainer_) return empty_view();
    const TwinTrainer& t = *trainer_;
    const Dataset& d = t.data();
    switch (field) {
      case DataField::XTrain: return view(d.x_train);
      case DataField::YTrain: return view(d.y_train);
      case DataField::XTest: return view(d.x_test);
      case DataField::YTest: return view(d.y_test);
      case DataField::GridPoints: return view(t.grid_points());
      case DataField::GridValues: return grid_ ? view(*grid_) : empty_view();
      case DataField::BatchX: return view(t.batch_x());
      case DataField::BatchY: return view(t.batch_y());
      case DataField::BatchNoise: return noise_ ? view(*noise_) : empty_view();
      case DataField::InputGradient: return inspected_ ? view(inspected_->dX) : empty_view();
    }
    return empty_view();
  }

 private:
  static val empty_bytes() { return val(typed_memory_view(size_t{0}, static_cast<const uint8_t*>(nullptr))); }

  void adopt(std::unique_ptr<TwinTrainer> next) {
    const Dataset& d = next->data();
    cost_ = twin_cost(next->spec(), static_cast<int>(d.x_train.cols()), static_cast<int>(d.x_test.cols()),
                      static_cast<int>(d.y_train.rows()));
    trainer_ = std::move(next);
    grid_ = nullptr;
    noise_ = nullptr;
    landscape_ = nullptr;
    inspected_ = nullptr;
  }

  TwinTrainer& trainer() const {
    if (!trainer_) throw std::logic_error("TwinLab used before configure succeeded");
    return *trainer_;
  }

  std::unique_ptr<TwinTrainer> trainer_;
  TwinCost cost_;                     // of trainer_, for the per-call limits
  const Vector* grid_ = nullptr;      // the trainer's grid values, after evaluateGrid or a completing evaluateGridPart
  int grid_part_done_ = 0;            // points of the grid snapshot evaluated
  const Vector* noise_ = nullptr;     // the trainer's batch-noise values, after batchNoise
  const LandscapeProbe* landscape_ = nullptr;  // after landscape
  const Workspace* inspected_ = nullptr;       // after inspectBatch
  Twin inspected_twin_ = kWithBn;
  Matrix inspect_x_;                  // (input, m) the inspected batch
  std::vector<uint8_t> staged_;       // an MNIST file image on its way in
  MatrixD staged_points_;             // (3, count): given points on their way in
  Metrics metrics_;                   // of the last evaluate
};

}  // namespace bnlab::web
