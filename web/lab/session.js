// One training run of the twin networks, without any page: the engine twin,
// the step count, the recorded history, and the rules for stepping (records at
// fixed steps, stop at a step or when both networks reach the target loss, a
// time budget per call). The player calls advance() once per animation frame;
// the automation hook and the tests call it directly.

import { TWINS } from '../engine.js';
import { History, isLandscapeStep, nextRecordStep } from './history.js';
import { landscapeEtas, recordLandscape } from './landscape.js';

/** Why advance() stopped early. */
export const STOP = Object.freeze({ stopAt: 'stopAt', target: 'target', diverged: 'diverged' });

/**
 * Metrics with a diverged network's losses and accuracies as NaN: the engine stopped it, and what its
 * weights give now (overflowing, or finite but astronomically large) is not data. Figures leave a gap
 * and readouts a dash; the network's banner says why.
 * @param {object} metrics Twin.metrics() output, {withBn: {...}, withoutBn: {...}}
 * @param {object} status Twin.status() output
 */
export function withoutDiverged(metrics, status) {
  const out = { ...metrics };
  for (const t of TWINS) {
    if (status[t]?.diverged) out[t] = { trainLoss: NaN, testLoss: NaN, trainAccuracy: NaN, testAccuracy: NaN };
  }
  return out;
}

export class Session {
  /** @type {import('../engine.js').Twin|null} */
  twin = null;
  history = new History();
  /** training steps taken (the same for both networks until one diverges and stops) */
  steps = 0;
  /** the last Twin.status() */
  status = null;
  /** measured milliseconds per twin step (both networks), used to fit a time budget */
  msPerStep = 0.2;
  /** whether record steps that are landscape steps (history.js) probe both networks into history.landscape */
  landscape = false;
  /** milliseconds of the last (up to 32) landscape probes of both networks, for the readout */
  landscapeMs = [];
  /** the last record's step and metrics (evaluated with the running statistics, a diverged network's as NaN) */
  recorded = null;
  /** the step the probes were last refreshed at (-1: they are not of the current networks) */
  probedAt = -1;
  /** the decision boundaries being evaluated in parts: {step, mode, twin: next twin's index, grids} or null */
  gridJob = null;

  /** @param {import('../engine.js').Engine} engine */
  constructor(engine, now = () => performance.now()) {
    this.engine = engine;
    this.now = now;
  }

  /**
   * Builds new twins from an engine config (web/state.js engineConfig) and, for your own points, the
   * data beside it (engineData), and records step 0.
   */
  build(config, data = undefined) {
    const twin = this.engine.createTwin(config, data); // throws before the old twin is lost
    this.dispose();
    this.twin = twin;
    this.dataset = twin.dataset();
    this.#restart();
  }

  /** Back to the initial weights and the first mini-batch: the run replays exactly. */
  reset() {
    this.twin.reset();
    this.#restart();
  }

  /** A new seed: new data, initial weights and batch order. */
  reseed(seed) {
    this.twin.reseed(seed);
    this.dataset = this.twin.dataset();
    this.#restart();
  }

  setLearningRate(lr) {
    this.twin.setLearningRate(lr);
  }

  /** Which unit the probes (and the percentile band) follow, counted from 0. */
  setProbeUnit(unit) {
    if (unit === this.twin.config.probeUnit) return;
    this.twin.setProbeUnit(unit);
    this.probedAt = -1;
    const h = this.history;
    const last = h.length - 1;
    if (h.steps[last] === this.steps) {
      // The current step is recorded: re-read its percentiles for the new unit, and start the band there.
      this.refreshProbes();
      const p = this.#percentiles();
      for (const t of TWINS) h[t].percentiles[last] = p[t];
      h.bandStart = last;
    } else {
      h.restartBand();
    }
  }

  /**
   * Probes the landscape from the next landscape step on (on), or stops (off); the probes so far
   * stay in the history. Probing changes nothing of the run.
   */
  setLandscape(on) {
    this.landscape = Boolean(on);
  }

  /**
   * Runs the probes on the probe batch (Twin.refreshProbes), unless they ran at this step already:
   * a record step's probes serve the frame that draws it.
   */
  refreshProbes() {
    if (this.probedAt === this.steps) return;
    this.twin.refreshProbes();
    this.probedAt = this.steps;
  }

  /**
   * Both decision boundaries evaluated in parts from snapshots of the networks (Twin.gridSnapshot,
   * gridPart), so a frame can train and evaluate a slow network's grid a part at a time: goes on
   * with the evaluation until `deadline` (a this.now() time; one part at least), and returns both
   * grids once they are complete, each with the `step` it shows, else null. The call after a
   * complete pair starts from new snapshots of the current networks.
   * @param {string} mode the evaluation mode ('running' or 'batch')
   * @param {number} deadline
   */
  gridsInParts(mode, deadline) {
    let job = this.gridJob;
    if (job?.mode !== mode) {
      for (const t of TWINS) this.twin.gridSnapshot(t, mode); // both networks as they are at this step
      job = this.gridJob = { step: this.steps, mode, twin: 0, grids: {} };
    }
    do {
      const t = TWINS[job.twin];
      const { grid } = this.twin.gridPart(t, 1);
      if (grid) {
        job.grids[t] = { ...grid, step: job.step };
        job.twin += 1;
      }
    } while (job.twin < TWINS.length && this.now() < deadline);
    if (job.twin < TWINS.length) return null;
    this.gridJob = null;
    return job.grids;
  }

  /** True when neither network can train on (both diverged). */
  get allDiverged() {
    return TWINS.every((t) => this.status[t].diverged);
  }

  /**
   * Trains up to maxSteps steps, in chunks that end on record steps (where it
   * records the history) and never pass stopAt.
   * @param {object} opts
   * @param {number} opts.maxSteps
   * @param {number} [opts.stopAt=0] stop when this many steps are done (0: never)
   * @param {number} [opts.targetLoss] with opts.stopAtTarget: stop once both networks reached it (or diverged)
   * @param {boolean} [opts.stopAtTarget=false]
   * @param {number} [opts.deadline] a this.now() time: no new chunk starts after it, and chunks
   *   are sized (from the measured time per step) to end before it; at least one step is taken
   * @returns {{stepped: number, stopped: string|null}} stopped: a STOP value, or null
   */
  advance({ maxSteps, stopAt = 0, targetLoss = 0, stopAtTarget = false, deadline = Infinity }) {
    let stepped = 0;
    for (;;) {
      const stopped = this.#stopReason(stopAt, targetLoss, stopAtTarget);
      if (stopped) return { stepped, stopped };
      if (stepped >= maxSteps) break;
      const record = nextRecordStep(this.steps);
      let n = Math.min(maxSteps - stepped, record - this.steps, stopAt > 0 ? stopAt - this.steps : Infinity);
      if (deadline !== Infinity) {
        const left = deadline - this.now();
        if (stepped > 0 && left <= 0) break;
        n = Math.max(1, Math.min(n, Math.floor(left / this.msPerStep)));
      }
      n = Math.min(n, this.twin.maxStepsPerCall); // the engine's work budget per call (heavy nets: a few dozen)
      const t0 = this.now();
      this.status = this.twin.step(n);
      const perStep = (this.now() - t0) / n;
      this.msPerStep = 0.7 * this.msPerStep + 0.3 * Math.max(perStep, 1e-3);
      this.steps += n;
      stepped += n;
      if (this.steps === record) this.#record();
    }
    return { stepped, stopped: null };
  }

  /** Frees the engine twin. */
  dispose() {
    this.twin?.dispose();
    this.twin = null;
  }

  #stopReason(stopAt, targetLoss, stopAtTarget) {
    if (this.allDiverged) return STOP.diverged;
    if (stopAt > 0 && this.steps >= stopAt) return STOP.stopAt;
    if (stopAtTarget && this.history.steps.at(-1) === this.steps) {
      const reached = (t) => this.status[t].diverged || this.history.firstStepBelow(t, targetLoss) !== null;
      if (TWINS.every(reached)) return STOP.target;
    }
    return null;
  }

  #restart() {
    this.gridJob = null; // snapshots of the networks before it
    this.history = new History();
    this.landscapeMs = [];
    this.steps = 0;
    this.status = this.twin.status();
    this.#record();
  }

  /** Records the current step: losses on the whole training and test sets, and the probes' percentiles. */
  #record() {
    const metrics = this.twin.metrics('running');
    this.twin.refreshProbes(); // always: a reset or a new seed records step 0 again, with other networks
    this.probedAt = this.steps;
    const percentiles = this.#percentiles();
    this.status = this.twin.status(); // evaluating can find a network's numbers non-finite: it is diverged then
    for (const t of TWINS) {
      if (this.status[t].diverged) percentiles[t] = new Float32Array(percentiles[t].length).fill(NaN);
    }
    this.recorded = { step: this.steps, metrics: withoutDiverged(metrics, this.status) };
    this.history.push(this.steps, this.recorded.metrics, percentiles, this.#gammaBeta());
    if (this.landscape && isLandscapeStep(this.steps)) this.#probeLandscape();
  }

  /**
   * Probes both networks along their gradient on the last mini-batch at step sizes relative to the
   * learning rate in force (a diverged network is not probed: a gap, as an overflowing probe is).
   */
  #probeLandscape() {
    const t0 = this.now();
    recordLandscape(this.history.landscape, this.twin, this.steps, landscapeEtas(this.twin.config.learningRate),
      (t) => !this.status[t].diverged);
    this.landscapeMs.push(this.now() - t0);
    if (this.landscapeMs.length > 32) this.landscapeMs.shift();
  }

  /** Mean γ and mean β of each hidden layer, per network: (2 · layers), NaN where a layer has no BN. */
  #gammaBeta() {
    const mean = (a) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : NaN);
    const out = {};
    for (const t of TWINS) {
      const layers = this.twin.gammaBeta(t);
      out[t] = Float32Array.from(layers.flatMap(({ gamma, beta }) => [mean(gamma), mean(beta)]));
      if (this.status[t].diverged) out[t].fill(NaN);
    }
    return out;
  }

  /** The probed unit's percentiles in every layer, per network (after refreshProbes). */
  #percentiles() {
    const out = {};
    for (const t of TWINS) out[t] = this.twin.percentiles(t);
    return out;
  }
}
