// A twin: the same network with and without batch norm on one dataset,
// trained on the same mini-batches. Part of the facade (see engine.js): made
// by engine.createTwin(), it owns one embind TwinLab until dispose().
import { TWINS, checkInt, checkMode, checkNumber, checkTwin } from './engine-config.js';

function statusFrom(v) {
  return { steps: v[0], loss: v[1], meanLoss: v[2], batchAccuracy: v[3], diverged: v[4] !== 0, divergedAt: v[5] };
}

/**
 * The twin networks (with and without BN) on one dataset, trained on the same
 * mini-batches. Every method returns plain objects and copied typed arrays.
 */
export class Twin {
  #m;
  #h;
  #release;
  #config;
  #evalMode = 'running';

  /** Made by engine.createTwin(). */
  constructor(module, handle, config, release) {
    this.#m = module;
    this.#h = handle;
    this.#config = config;
    this.#release = release;
  }

  /** The normalized config this twin was built from (a copy). */
  get config() {
    return structuredClone(this.#config);
  }

  /** Number of hidden layers. */
  get numHidden() {
    return this.#handle().numHidden();
  }

  /** Input dimension d: 2 for the toy sets, 784 for MNIST. */
  get inputSize() {
    return this.#handle().inputSize();
  }

  /** Number of training examples. */
  get trainSize() {
    return this.#handle().trainSize();
  }

  /** Number of examples in the probe batch P. */
  get probeSize() {
    return this.#handle().probeSize();
  }

  /** The mode metrics() and grid() use when called without one. */
  get evalMode() {
    return this.#evalMode;
  }

  /** True after dispose(). */
  get disposed() {
    return this.#h === null;
  }

  /**
   * Trains both networks n steps on the same mini-batches (a diverged network
   * stops and stays diverged). With config.trainOnly 'withBn' or 'withoutBn',
   * only that network trains; the other keeps its initial weights.
   * @param {number} [n=1] steps, an integer in [0, 1e6]
   * @returns {{withBn: TwinStatus, withoutBn: TwinStatus}} see status()
   */
  step(n = 1) {
    const h = this.#handle();
    checkInt('n', n, 0, 1e6);
    this.#check(h.step(n));
    return this.status();
  }

  /**
   * @typedef {object} TwinStatus
   * @property {number} steps training steps taken
   * @property {number} loss mini-batch loss of the last step
   * @property {number} meanLoss mean mini-batch loss over the last step(n) call
   * @property {number} batchAccuracy accuracy on the last mini-batch (0 for regression)
   * @property {boolean} diverged a non-finite loss stopped this network
   * @property {number} divergedAt the step at which it diverged, −1 if it did not
   */
  /** @returns {{withBn: TwinStatus, withoutBn: TwinStatus}} */
  status() {
    const h = this.#handle();
    return { withBn: statusFrom(h.statusView(0).slice()), withoutBn: statusFrom(h.statusView(1).slice()) };
  }

  /**
   * Loss and accuracy of both networks on the whole training and test sets.
   * @param {'running'|'batch'} [mode=this.evalMode]
   * @param {'withBn'|'withoutBn'} [only] evaluate this network only; the result then holds just its key
   * @returns {{withBn: Metrics, withoutBn: Metrics}} Metrics = {trainLoss, trainAccuracy, testLoss, testAccuracy}
   */
  metrics(mode = this.#evalMode, only = undefined) {
    const h = this.#handle();
    const m = checkMode(mode);
    const twins = only === undefined ? TWINS : [TWINS[checkTwin(only)]];
    const out = {};
    twins.forEach((name) => {
      this.#check(h.evaluate(TWINS.indexOf(name), m));
      const v = h.metricsView().slice();
      out[name] = { trainLoss: v[0], trainAccuracy: v[1], testLoss: v[2], testAccuracy: v[3] };
    });
    return out;
  }

  /** Runs both networks on the probe batch and recomputes the summaries probe() returns. */
  refreshProbes() {
    this.#check(this.#handle().refreshProbes());
  }

  /**
   * What the probe saw in one hidden layer (after refreshProbes()), plus the
   * layer's parameters and last gradients. Matrices are (units, P) column-major.
   * Layers without BN have empty zNorm, zTilde, batch/running statistics, γ, β.
   * @param {'withBn'|'withoutBn'} twin
   * @param {number} layer 0-based hidden layer
   */
  probe(twin, layer) {
    const h = this.#handle();
    const t = checkTwin(twin);
    const L = h.numHidden();
    checkInt('layer', layer, 0, L - 1);
    const F = this.#m.LayerField;
    const P = this.#m.ProbeField;
    const read = (f) => h.layerView(t, layer, f).slice();
    const bins = this.#config.bins;
    const hist = h.probeView(t, P.Histograms).slice(4 * layer * bins, 4 * (layer + 1) * bins);
    const ranges = h.probeView(t, P.HistRanges).slice(8 * layer, 8 * (layer + 1));
    const quantities = ['Z', 'zNorm', 'zTilde', 'A'];
    const histograms = {};
    const histRanges = {};
    quantities.forEach((q, i) => {
      histograms[q] = hist.slice(i * bins, (i + 1) * bins);
      histRanges[q] = [ranges[2 * i], ranges[2 * i + 1]];
    });
    const norms = h.probeView(t, P.GradNorms).slice(4 * layer, 4 * (layer + 1));
    return {
      layer,
      units: this.#config.hidden[layer],
      probeSize: h.probeSize(),
      hasBn: h.hasBn(t, layer),
      Z: read(F.Z), zNorm: read(F.ZNorm), zTilde: read(F.ZTilde), A: read(F.A),
      batchMean: read(F.BatchMean), batchVar: read(F.BatchVar),
      runningMean: read(F.RunningMean), runningVar: read(F.RunningVar),
      gamma: read(F.Gamma), beta: read(F.Beta), dgamma: read(F.DGamma), dbeta: read(F.DBeta),
      W: read(F.W), b: read(F.B), dW: read(F.DW), db: read(F.DB),
      histograms,
      histRanges,
      // 15th, 50th, 85th percentile of the probed unit's activation input over the probe batch
      percentiles: h.probeView(t, P.Percentiles).slice(3 * layer, 3 * (layer + 1)),
      saturation: h.probeView(t, P.Saturation)[layer],
      gradNorms: { W: norms[0], b: norms[1], gamma: norms[2], beta: norms[3] },
    };
  }

  /**
   * The 15th, 50th and 85th percentiles of the probed unit's activation input
   * in every hidden layer, as of the last refreshProbes(): (3, layers),
   * layer l at [3l, 3l+3). The same numbers as probe(twin, l).percentiles,
   * without copying every other probe array (the lab records them often).
   * @param {'withBn'|'withoutBn'} twin
   */
  percentiles(twin) {
    const h = this.#handle();
    return h.probeView(checkTwin(twin), this.#m.ProbeField.Percentiles).slice(0, 3 * h.numHidden());
  }

  /**
   * One hidden layer as it was in the last training step, on that step's
   * mini-batch X{t} (m examples): Z, zNorm, zTilde, A (n, m) and the batch
   * statistics μ_B (batchMean), σ²_B (batchVar, biased) it was normalized with.
   * This is what the post's loop computes; probe() shows the fixed probe batch instead.
   * gamma and beta are the current values, i.e. already updated by that step: its
   * forward pass used the values read before the step.
   * @param {'withBn'|'withoutBn'} twin
   * @param {number} layer hidden layer, 0-based
   */
  trainBatch(twin, layer) {
    const h = this.#handle();
    const t = checkTwin(twin);
    checkInt('layer', layer, 0, h.numHidden() - 1);
    const F = this.#m.LayerField;
    const read = (f) => h.trainBatchView(t, layer, f).slice();
    return {
      layer,
      units: this.#config.hidden[layer],
      batchSize: this.#config.batchSize,
      hasBn: h.hasBn(t, layer),
      Z: read(F.Z), zNorm: read(F.ZNorm), zTilde: read(F.ZTilde), A: read(F.A),
      batchMean: read(F.BatchMean), batchVar: read(F.BatchVar), batchInvStd: read(F.BatchInvStd),
      gamma: read(F.Gamma), beta: read(F.Beta),
    };
  }

  /**
   * The output layer's parameters and last gradients: W (K, n_L), b (K), dW, db,
   * and the gradient norms ‖dW‖, ‖db‖ as of the last refreshProbes().
   * @param {'withBn'|'withoutBn'} twin
   */
  output(twin) {
    const h = this.#handle();
    const t = checkTwin(twin);
    const L = h.numHidden();
    const F = this.#m.LayerField;
    const read = (f) => h.layerView(t, L, f).slice();
    const norms = h.probeView(t, this.#m.ProbeField.GradNorms).slice(4 * L, 4 * L + 2);
    return { W: read(F.W), b: read(F.B), dW: read(F.DW), db: read(F.DB), gradNorms: { W: norms[0], b: norms[1] } };
  }

  /**
   * The network's output on the heatmap grid: P(class 1) for classification,
   * the value for regression, row by row from (−extent, −extent); see
   * gridPoints(). Only for the 2-D toy sets (MNIST throws).
   * @param {'withBn'|'withoutBn'} twin
   * @param {'running'|'batch'} [mode=this.evalMode]
   * @returns {{values: Float32Array, resolution: number, extent: number}}
   */
  grid(twin, mode = this.#evalMode) {
    const h = this.#handle();
    const t = checkTwin(twin);
    const m = checkMode(mode);
    this.#check(h.evaluateGrid(t, m));
    const values = h.dataView(this.#m.DataField.GridValues).slice();
    return { values, resolution: this.#config.gridResolution, extent: this.#config.gridExtent };
  }

  /** The grid's points (2, R²): x1 of point k at [2k], x2 at [2k + 1]. */
  gridPoints() {
    return this.#handle().dataView(this.#m.DataField.GridPoints).slice();
  }

  /**
   * The dataset: inputs (d, n) column-major (example j at [d·j, d·j + d), so a
   * toy point j is [2j], [2j + 1]) and targets (n): class index or regression value.
   * @returns {{inputSize: number, xTrain: Float32Array, yTrain: Float32Array, xTest: Float32Array,
   *   yTest: Float32Array, isRegression: boolean}}
   */
  dataset() {
    const h = this.#handle();
    const D = this.#m.DataField;
    return {
      inputSize: h.inputSize(),
      xTrain: h.dataView(D.XTrain).slice(), yTrain: h.dataView(D.YTrain).slice(),
      xTest: h.dataView(D.XTest).slice(), yTest: h.dataView(D.YTest).slice(),
      isRegression: this.#config.dataset === 'regression',
    };
  }

  /**
   * BN's noise: one training example normalized inside `draws` random
   * mini-batches (itself plus batchSize − 1 others drawn from `seed`), with the
   * BN twin's current weights; running statistics untouched.
   * @param {{layer: number, unit: number, example: number, draws: number, seed: number}} opts
   * @returns {Float32Array} z_norm of (layer, unit) for that example in each batch, (draws)
   */
  batchNoise({ layer, unit, example, draws, seed }) {
    const h = this.#handle();
    checkInt('layer', layer, 0, h.numHidden() - 1);
    checkInt('unit', unit, 0, 1023);
    checkInt('example', example, 0, h.trainSize() - 1);
    checkInt('draws', draws, 1, 256);
    checkInt('seed', seed, 0, Number.MAX_SAFE_INTEGER);
    this.#check(h.batchNoise(layer, unit, example, draws, seed));
    return h.dataView(this.#m.DataField.BatchNoise).slice(0, draws);
  }

  /** The last training mini-batch X{t} (d, m) and its targets (m). */
  lastBatch() {
    const h = this.#handle();
    const D = this.#m.DataField;
    return { x: h.dataView(D.BatchX).slice(), y: h.dataView(D.BatchY).slice() };
  }

  /** Changes the learning rate of both networks between steps. */
  setLearningRate(lr) {
    const h = this.#handle();
    const e = checkNumber('learningRate', lr, { min: 0, max: 1000 }, false);
    if (e) throw e;
    this.#check(h.setLearningRate(lr));
    this.#config.learningRate = lr;
  }

  /** The default mode of metrics() and grid(): 'running' or 'batch'. */
  setEvalMode(mode) {
    this.#handle();
    checkMode(mode);
    this.#evalMode = mode;
  }

  /** The unit whose percentiles the probes track (clamped to each layer's width). */
  setProbeUnit(unit) {
    const h = this.#handle();
    checkInt('probeUnit', unit, 0, 1023);
    this.#check(h.setProbeUnit(unit));
    this.#config.probeUnit = unit;
  }

  /** Back to the initial weights and the first mini-batch: the run replays exactly. */
  reset() {
    this.#check(this.#handle().reset());
  }

  /** A new seed: new dataset, initial weights and batch order; steps restart at 0. */
  reseed(seed) {
    const h = this.#handle();
    checkInt('seed', seed, 0, Number.MAX_SAFE_INTEGER);
    this.#check(h.reseed(seed));
    this.#config.seed = seed;
  }

  /** Frees the engine objects. Any later call throws. Calling it twice is harmless. */
  dispose() {
    if (this.#h === null) return;
    this.#h = null;
    this.#release();
  }

  #handle() {
    if (this.#h === null) throw new Error('Twin is disposed: create a new one with engine.createTwin()');
    return this.#h;
  }

  #check(error) {
    if (error) throw new Error(error);
  }
}
