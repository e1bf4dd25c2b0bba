// TwinLab: a bnlab::TwinTrainer for the facade (web/engine-twin.js).
#pragma once

#include "mnist.hpp"
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
      auto next = std::make_unique<TwinTrainer>(read_trainer(config));
      trainer_ = std::move(next);
      grid_ = nullptr;
      noise_ = nullptr;
    });
  }

  // MNIST (engine/mnist.hpp): JS writes the file's bytes into stageBytes(size),
  // then configureMnist decodes them and frees the staging buffer.
  val stageBytes(int size) {
    staged_.assign(static_cast<size_t>(std::max(size, 0)), 0);
    return val(emscripten::typed_memory_view(staged_.size(), staged_.data()));
  }
  std::string configureMnist(const val& config) {
    const std::string error = guarded([&] {
      MnistOptions options;
      options.binarize = config["binarize"].as<bool>();
      Dataset data = load_mnist(staged_.data(), staged_.size(), options);
      const MnistHeader header = read_mnist_header(staged_.data(), staged_.size());
      TrainerSpec spec = read_trainer(config);
      spec.network.input_size = static_cast<int>(header.pixels());
      spec.network.output_size = static_cast<int>(header.num_classes);
      auto next = std::make_unique<TwinTrainer>(spec, std::move(data));
      trainer_ = std::move(next);
      grid_ = nullptr;
      noise_ = nullptr;
    });
    std::vector<uint8_t>().swap(staged_);
    return error;
  }

  std::string step(int n) {
    return guarded([&] {
      if (n < 0) throw std::invalid_argument("n must be at least 0, got " + std::to_string(n));
      trainer().step(n);
    });
  }
  std::string reset() { return guarded([&] { trainer().reset(); }); }
  std::string reseed(double seed) {
    return guarded([&] {
      trainer().reseed(static_cast<uint64_t>(seed));
      grid_ = nullptr;
      noise_ = nullptr;
    });
  }
  std::string setLearningRate(double lr) { return guarded([&] { trainer().set_learning_rate(lr); }); }
  std::string setProbeUnit(int unit) {
    return guarded([&] {
      if (unit < 0) throw std::invalid_argument("probeUnit must be at least 0, got " + std::to_string(unit));
      for (int t = 0; t < 2; ++t) trainer().probe(t).set_unit(unit);
    });
  }
  std::string refreshProbes() { return guarded([&] { trainer().refresh_probes(); }); }

  // Fills metricsView(): train loss, train accuracy, test loss, test accuracy.
  std::string evaluate(int twin, int mode) {
    return guarded([&] {
      const Metrics m = trainer().evaluate(check_twin(twin), eval_mode(mode));
      metrics_ = {m.train_loss, m.train_accuracy, m.test_loss, m.test_accuracy};
    });
  }
  // Fills dataView(GridValues).
  std::string evaluateGrid(int twin, int mode) {
    return guarded([&] {
      // The grid covers the plane of a 2-D input; other inputs would not fit its buffers.
      if (trainer().spec().network.input_size != 2)
        throw std::invalid_argument("the grid needs 2-D inputs, this dataset has " +
                                    std::to_string(trainer().spec().network.input_size));
      grid_ = &trainer().evaluate_grid(check_twin(twin), eval_mode(mode));
    });
  }
  // BN's noise: z_norm of (layer, unit) for training example `example` inside
  // `draws` random mini-batches of the BN twin (see TwinTrainer::batch_noise).
  // Fills dataView(BatchNoise).
  std::string batchNoise(int layer, int unit, int example, int draws, double seed) {
    return guarded([&] { noise_ = &trainer().batch_noise(layer, unit, example, draws, static_cast<uint64_t>(seed)); });
  }

  // Accessors and views never throw: before a successful configure, or for
  // an out-of-range twin or layer, they return 0 / false / an empty view.
  int numHidden() const { return trainer_ ? static_cast<int>(trainer_->spec().network.hidden_sizes.size()) : 0; }
  int inputSize() const { return trainer_ ? trainer_->spec().network.input_size : 0; }
  int trainSize() const { return trainer_ ? static_cast<int>(trainer_->data().x_train.cols()) : 0; }
  int probeSize() const { return trainer_ ? trainer_->probe(kWithBn).ws.batch : 0; }
  bool hasBn(int twin, int layer) const {
    if (!trainer_ || !valid_twin(twin) || layer < 0 || layer >= numHidden()) return false;
    return trainer_->net(twin).hidden(layer).has_bn;
  }

  // (6) steps, last loss, mean loss of the last step(n), batch accuracy,
  // diverged (0/1), step at which it diverged (−1 if not).
  val statusView(int twin) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    const TwinStatus& s = trainer_->status(twin);
    status_ = {static_cast<double>(s.steps), s.last_loss, s.mean_loss, s.batch_accuracy, s.diverged ? 1.0 : 0.0,
               static_cast<double>(s.diverged_at)};
    return view(status_);
  }
  val metricsView() { return view(metrics_); }

  // Z, ZNorm, ZTilde, A and the Batch* statistics come from the probe batch
  // (after refreshProbes, or an evaluation in batch mode); the rest are the
  // network's parameters and last gradients. Layer numHidden() is the output layer.
  val layerView(int twin, int layer, LayerField field) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    return layer_view(trainer_->net(twin), trainer_->probe(twin).ws, layer, field);
  }

  // The same fields for the last training mini-batch X{t}: Z, z_norm, z̃, A
  // and the batch μ, σ² the network was trained with in its last step.
  val trainBatchView(int twin, int layer, LayerField field) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    return layer_view(trainer_->net(twin), trainer_->net(twin).train_workspace(), layer, field);
  }

  val probeView(int twin, ProbeField field) {
    if (!trainer_ || !valid_twin(twin)) return empty_view();
    const Probe& p = trainer_->probe(twin);
    switch (field) {
      case ProbeField::Histograms: return view(p.histograms);
      case ProbeField::HistRanges: return view(p.hist_ranges);
      case ProbeField::Percentiles: return view(p.percentiles);
      case ProbeField::Saturation: return view(p.saturation);
      case ProbeField::GradNorms: return view(p.grad_norms);
    }
    return empty_view();
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
    }
    return empty_view();
  }

 private:
  TwinTrainer& trainer() const {
    if (!trainer_) throw std::logic_error("TwinLab used before configure succeeded");
    return *trainer_;
  }

  std::unique_ptr<TwinTrainer> trainer_;
  const Vector* grid_ = nullptr;      // the trainer's grid values, after evaluateGrid
  const Vector* noise_ = nullptr;     // the trainer's batch-noise values, after batchNoise
  std::vector<uint8_t> staged_;       // an MNIST file image on its way in
  std::array<double, 6> status_{};    // see statusView
  std::array<double, 4> metrics_{};   // see evaluate
};

}  // namespace bnlab::web
