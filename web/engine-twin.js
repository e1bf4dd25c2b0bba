// A twin: the same network with and without batch norm on one dataset,
// trained on the same mini-batches. Part of the facade (see engine.js): made
// by engine.createTwin(), it owns one embind TwinLab until dispose() (the life
// cycle, stepping and the live learning rate: engine-run.js).
import {
  TWINS, checkArray, checkInt, checkMode, checkTwin, fail, layerNorms, ownOptions,
} from './engine-checks.js';
import { configField } from './engine-config.js';
import { CHECK, CONFIG, EngineRun, HANDLE, MODULE, TRAINED } from './engine-run.js';

// The engine hands status, metrics and probe summaries over as objects with
// named fields (engine/bindings/twin_lab.hpp); typed arrays inside them are
// views into engine memory, copied here before the next call.
const copyEach = (views) => Object.fromEntries(Object.entries(views).map(([k, v]) => [k, v.slice()]));

/**
 * The twin networks (with and without BN) on one dataset, trained on the same
 * mini-batches. Every method returns plain objects and copied typed arrays.
 */
export class Twin extends EngineRun {
  #evalMode = 'running';

  /** Made by engine.createTwin(). */
  constructor(module, handle, config, release) {
    super(module, handle, config, release,
      { field: 'twin', self: 'this twin', disposed: 'is disposed: create a new one with engine.createTwin()' });
  }

  /** With config.trainOnly 'withBn' or 'withoutBn' only that network trains; the other keeps its initial weights. */
  [TRAINED]() {
    return this[CONFIG].trainOnly === 'both' ? TWINS : [this[CONFIG].trainOnly];
  }

  /** Number of hidden layers. */
  get numHidden() {
    return this[HANDLE]().numHidden();
  }

  /** Input dimension d: 2 for the toy sets, 784 for MNIST. */
  get inputSize() {
    return this[HANDLE]().inputSize();
  }

  /** Number of training examples. */
  get trainSize() {
    return this[HANDLE]().trainSize();
  }

  /** Number of examples in the probe batch P. */
  get probeSize() {
    return this[HANDLE]().probeSize();
  }

  /** The mode metrics() and grid() use when called without one. */
  get evalMode() {
    return this.#evalMode;
  }

  /**
   * @typedef {object} TwinStatus
   * @property {number} steps training steps taken
   * @property {number} loss mini-batch loss of the last step
   * @property {number} meanLoss mean mini-batch loss over the last step(n) call
   * @property {number} batchAccuracy accuracy on the last mini-batch (0 for regression)
   * @property {boolean} diverged this network stopped: a training step's loss, forward values or updated
   *   parameters left the float32 range, or an evaluation of it (metrics, probes, grid, batch noise) overflowed.
   *   Returned data holds NaN or ±Infinity only for a diverged network.
   * @property {number} divergedAt the step at which it diverged, −1 if it did not
   */
  /** @returns {{withBn: TwinStatus, withoutBn: TwinStatus}} */
  status() {
    const h = this[HANDLE]();
    return { withBn: h.status(this[MODULE].Twin.withBn), withoutBn: h.status(this[MODULE].Twin.withoutBn) };
  }

  /**
   * Loss and accuracy of both networks on the whole training and test sets.
   * @param {'running'|'batch'} [mode=this.evalMode]
   * @param {'withBn'|'withoutBn'} [only] evaluate this network only; the result then holds just its key
   * @returns {{withBn: Metrics, withoutBn: Metrics}} Metrics = {trainLoss, trainAccuracy, testLoss, testAccuracy}
   */
  metrics(mode = this.#evalMode, only = undefined) {
    const h = this[HANDLE]();
    const m = this[MODULE].BnMode[checkMode(mode)];
    const twins = only === undefined ? TWINS : [checkTwin(only)];
    const out = {};
    twins.forEach((name) => {
      this[CHECK](h.evaluate(this[MODULE].Twin[name], m), 'metrics');
      out[name] = h.metrics();
    });
    return out;
  }

  /**
   * Loss and accuracy on the whole test set only: metrics() without the pass over
   * the training set (on MNIST's 60,000 training digits, 6× the work of the test set).
   * @param {'running'|'batch'} [mode=this.evalMode]
   * @param {'withBn'|'withoutBn'} [only] evaluate this network only; the result then holds just its key
   * @returns {{withBn: {testLoss: number, testAccuracy: number}, withoutBn: {testLoss: number, testAccuracy: number}}}
   */
  testMetrics(mode = this.#evalMode, only = undefined) {
    const h = this[HANDLE]();
    const m = this[MODULE].BnMode[checkMode(mode)];
    const twins = only === undefined ? TWINS : [checkTwin(only)];
    const out = {};
    twins.forEach((name) => {
      this[CHECK](h.evaluateTest(this[MODULE].Twin[name], m), 'testMetrics');
      const { testLoss, testAccuracy } = h.metrics();
      out[name] = { testLoss, testAccuracy };
    });
    return out;
  }

  /** Runs both networks on the probe batch and recomputes the summaries probe() returns. */
  refreshProbes() {
    this[CHECK](this[HANDLE]().refreshProbes(), 'refreshProbes');
  }

  /**
   * What the probe saw in one hidden layer (after refreshProbes()), plus the
   * layer's parameters and last gradients. Matrices are (units, P) column-major.
   * Layers without BN have empty zNorm, zTilde, batch/running statistics, γ, β.
   * `activation` is the layer's g and `saturates` whether it can saturate (tanh,
   * sigmoid): `saturation` counts saturated units only then.
   * @param {'withBn'|'withoutBn'} twin
   * @param {number} layer 0-based hidden layer
   */
  probe(twin, layer) {
    const h = this[HANDLE]();
    const t = this[MODULE].Twin[checkTwin(twin)];
    const L = h.numHidden();
    checkInt('layer', layer, 0, L - 1);
    const F = this[MODULE].LayerField;
    const read = (f) => h.layerView(t, layer, f).slice();
    const summary = h.probeLayer(t, layer);
    const { activation, saturates, saturation, histRanges, gradNorms } = summary;
    const histograms = copyEach(summary.histograms);
    const percentiles = summary.percentiles.slice();
    return {
      layer,
      units: this[CONFIG].hidden[layer],
      probeSize: h.probeSize(),
      hasBn: h.hasBn(t, layer),
      activation,
      saturates,
      Z: read(F.Z), zNorm: read(F.ZNorm), zTilde: read(F.ZTilde), A: read(F.A),
      batchMean: read(F.BatchMean), batchVar: read(F.BatchVar),
      runningMean: read(F.RunningMean), runningVar: read(F.RunningVar),
      gamma: read(F.Gamma), beta: read(F.Beta), dgamma: read(F.DGamma), dbeta: read(F.DBeta),
      W: read(F.W), b: read(F.B), dW: read(F.DW), db: read(F.DB),
      histograms,
      histRanges,
      // 15th, 50th, 85th percentile of the probed unit's activation input over the probe batch
      percentiles,
      saturation,
      gradNorms,
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
    const h = this[HANDLE]();
    return h.percentiles(this[MODULE].Twin[checkTwin(twin)]).slice(0, 3 * h.numHidden());
  }

  /**
   * γ and β of every hidden layer (copies; empty arrays for a layer without
   * BN): a light read for recording their summaries often, without probe()'s copies.
   * @param {'withBn'|'withoutBn'} twin
   * @returns {{gamma: Float32Array, beta: Float32Array}[]} one entry per hidden layer
   */
  gammaBeta(twin) {
    const h = this[HANDLE]();
    const t = this[MODULE].Twin[checkTwin(twin)];
    const F = this[MODULE].LayerField;
    return Array.from({ length: h.numHidden() }, (_, l) => ({
      gamma: h.layerView(t, l, F.Gamma).slice(), beta: h.layerView(t, l, F.Beta).slice(),
    }));
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
    const h = this[HANDLE]();
    const t = this[MODULE].Twin[checkTwin(twin)];
    checkInt('layer', layer, 0, h.numHidden() - 1);
    const F = this[MODULE].LayerField;
    const read = (f) => h.trainBatchView(t, layer, f).slice();
    return {
      layer,
      units: this[CONFIG].hidden[layer],
      batchSize: this[CONFIG].batchSize,
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
    const h = this[HANDLE]();
    const t = this[MODULE].Twin[checkTwin(twin)];
    const L = h.numHidden();
    const F = this[MODULE].LayerField;
    const read = (f) => h.layerView(t, L, f).slice();
    const { gradNorms } = h.probeLayer(t, L);
    return { W: read(F.W), b: read(F.B), dW: read(F.DW), db: read(F.DB), gradNorms };
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
    const h = this[HANDLE]();
    const t = this[MODULE].Twin[checkTwin(twin)];
    this[CHECK](h.evaluateGrid(t, this[MODULE].BnMode[checkMode(mode)]), 'grid');
    const values = h.dataView(this[MODULE].DataField.GridValues).slice();
    return { values, resolution: this[CONFIG].gridResolution, extent: this[CONFIG].gridExtent };
  }

  /**
   * The same grid in parts, so that training can go on between them (the lab spreads a slow
   * network's grid over several frames): gridSnapshot copies the network as it is now, with the
   * statistics `mode` evaluates BN with; each gridPart evaluates at least `points` more points of
   * that copy. Once all R² are done, gridPart returns the grid that grid(twin, mode) gave at the
   * snapshot, bit for bit; until then, null.
   * @param {'withBn'|'withoutBn'} twin
   * @param {'running'|'batch'} [mode=this.evalMode]
   */
  gridSnapshot(twin, mode = this.#evalMode) {
    const h = this[HANDLE]();
    const t = this[MODULE].Twin[checkTwin(twin)];
    this[CHECK](h.snapshotGrid(t, this[MODULE].BnMode[checkMode(mode)]), 'gridSnapshot');
  }

  /**
   * @param {'withBn'|'withoutBn'} twin
   * @param {number} points at least this many more points (whole evaluation chunks), 1 to R²
   * @returns {{done: number, total: number, grid: ({values: Float32Array, resolution: number, extent: number}|null)}}
   */
  gridPart(twin, points) {
    const h = this[HANDLE]();
    const t = this[MODULE].Twin[checkTwin(twin)];
    const R = this[CONFIG].gridResolution;
    checkInt('points', points, 1, R * R);
    this[CHECK](h.evaluateGridPart(t, points), 'gridPart');
    const done = h.gridPartDone();
    const grid = done === R * R
      ? { values: h.dataView(this[MODULE].DataField.GridValues).slice(), resolution: R, extent: this[CONFIG].gridExtent }
      : null;
    return { done, total: R * R, grid };
  }

  /** The grid's points (2, R²): x1 of point k at [2k], x2 at [2k + 1]. */
  gridPoints() {
    return this[HANDLE]().dataView(this[MODULE].DataField.GridPoints).slice();
  }

  /**
   * The dataset: inputs (d, n) column-major (example j at [d·j, d·j + d), so a
   * toy point j is [2j], [2j + 1]) and targets (n): class index or regression value.
   * @returns {{inputSize: number, xTrain: Float32Array, yTrain: Float32Array, xTest: Float32Array,
   *   yTest: Float32Array, isRegression: boolean}}
   */
  dataset() {
    const h = this[HANDLE]();
    const D = this[MODULE].DataField;
    return {
      inputSize: h.inputSize(),
      xTrain: h.dataView(D.XTrain).slice(), yTrain: h.dataView(D.YTrain).slice(),
      xTest: h.dataView(D.XTest).slice(), yTest: h.dataView(D.YTest).slice(),
      isRegression: this[CONFIG].dataset === 'regression',
    };
  }

  /**
   * BN's noise: one training example normalized inside `draws` random
   * mini-batches (itself plus batchSize − 1 others drawn from `seed`), with the
   * BN twin's current weights; running statistics untouched. The layer must
   * have batch norm in the BN twin.
   * @param {{layer: number, unit: number, example: number, draws: number, seed: number}} opts
   *   draws is at most 256, and at most what one engine call's work budget allows for
   *   this twin's batch (the engine's max_noise_draws_per_call)
   * @returns {Float32Array} z_norm of (layer, unit) for that example in each batch, (draws)
   */
  batchNoise(opts) {
    const h = this[HANDLE]();
    if (opts === undefined) throw fail('opts', 'must be an object {layer, unit, example, draws, seed}');
    const { layer, unit, example, draws, seed } = ownOptions('opts', opts, ['layer', 'unit', 'example', 'draws', 'seed']);
    checkInt('layer', layer, 0, h.numHidden() - 1);
    if (layerNorms(this[CONFIG])[layer] !== 'batch') throw fail('layer', `must name a hidden layer with batch norm in the BN twin, got ${layer}`);
    checkInt('unit', unit, 0, this[CONFIG].hidden[layer] - 1);
    checkInt('example', example, 0, h.trainSize() - 1);
    checkInt('draws', draws, 1, h.maxNoiseDraws());
    checkInt('seed', seed, 0, Number.MAX_SAFE_INTEGER);
    this[CHECK](h.batchNoise(layer, unit, example, draws, seed), 'batchNoise');
    return h.dataView(this[MODULE].DataField.BatchNoise).slice(0, draws);
  }

  /**
   * How smooth the loss is along the gradient (Santurkar et al. 2018, Fig. 4):
   * at the net's current weights W, on the last mini-batch with g its gradient,
   * the loss L(W − η·g) and the gradient change ‖∇L(W) − ∇L(W − η·g)‖ for each
   * step size η, and the effective β-smoothness max_η ‖Δ∇L‖ / ‖η·g‖. Changes
   * nothing of the run (weights, optimizer, running statistics, batch order).
   * Costs etas.length + 1 forward/backward passes; needs one step taken.
   * @param {'withBn'|'withoutBn'} twin
   * @param {number[]} etas 1 to 16 step sizes ≥ 0
   * @returns {{loss0: number, gradNorm: number, betaEff: number, etas: number[], loss: number[],
   *   gradDiff: number[], finite: boolean}} finite is false when a value overflowed (it is then
   *   NaN or ±Infinity: not data to draw)
   */
  landscape(twin, etas) {
    const h = this[HANDLE]();
    const t = this[MODULE].Twin[checkTwin(twin)];
    checkArray('etas', etas, undefined, { maxLength: 16 });
    if (etas.length < 1) throw fail('etas', 'must hold at least one step size');
    etas.forEach((eta, k) => { if (eta < 0) throw fail(`etas[${k}]`, `must be a step size ≥ 0, got ${eta}`); });
    this[CHECK](h.landscape(t, Array.from(etas)), 'landscape');
    const r = h.landscapeResult();
    const finite = [r.loss0, r.gradNorm, r.betaEff, ...r.loss, ...r.gradDiff].every(Number.isFinite);
    return { ...r, finite };
  }

  /**
   * Batch coupling: the last mini-batch X{t} with example `example` moved to
   * `input`, run forward and backward with batch statistics (nothing of the run
   * changes). With BN every example's zNorm depends on the moved one through
   * μ_B and σ²_B; without BN only its own values move.
   * @param {'withBn'|'withoutBn'} twin
   * @param {number} example column of the mini-batch, 0-based
   * @param {ArrayLike<number>} input the moved example's inputSize values
   * @returns {{x: Float32Array, dX: Float32Array, layers: {Z: Float32Array, zNorm: Float32Array|null}[]}}
   *   x and dX (d, m); per hidden layer Z and (with BN) zNorm, (n, m) column-major
   */
  inspectBatch(twin, example, input) {
    const h = this[HANDLE]();
    const t = this[MODULE].Twin[checkTwin(twin)];
    const m = this[CONFIG].batchSize;
    checkInt('example', example, 0, m - 1);
    const d = h.inputSize();
    const values = Array.from(checkArray('input', input, d));
    this[CHECK](h.inspectBatch(t, example, values), 'inspectBatch');
    const F = this[MODULE].LayerField;
    const layers = [];
    for (let l = 0; l < h.numHidden(); l += 1) {
      layers.push({ Z: h.inspectView(l, F.Z).slice(), zNorm: h.hasBn(t, l) ? h.inspectView(l, F.ZNorm).slice() : null });
    }
    const x = h.dataView(this[MODULE].DataField.BatchX).slice();
    for (let i = 0; i < d; i += 1) x[d * example + i] = values[i];
    return { x, dX: h.dataView(this[MODULE].DataField.InputGradient).slice(), layers };
  }

  /** The last training mini-batch X{t} (d, m) and its targets (m). */
  lastBatch() {
    const h = this[HANDLE]();
    const D = this[MODULE].DataField;
    return { x: h.dataView(D.BatchX).slice(), y: h.dataView(D.BatchY).slice() };
  }

  /** The default mode of metrics() and grid(): 'running' (or its alias 'eval') or 'batch'. */
  setEvalMode(mode) {
    this[HANDLE]();
    this.#evalMode = checkMode(mode);
  }

  /** The unit whose percentiles the probes track (clamped to each layer's width; a live setting). */
  setProbeUnit(unit) {
    const h = this[HANDLE]();
    const { min, max } = configField('probeUnit');
    checkInt('probeUnit', unit, min, max);
    this[CHECK](h.setProbeUnit(unit), 'probeUnit');
    this[CONFIG].probeUnit = unit;
  }
}
