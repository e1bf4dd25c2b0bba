// What the lab remembers of a run: the loss curves and the Figure 1b/c
// percentile bands, recorded at fixed training steps. The steps depend only on
// the step count (never on the frame rate or the speed setting), so a replayed
// or shared run records exactly the same points.

import { TWINS } from '../engine.js';
import { LandscapeRecord } from './landscape.js';

/**
 * Steps between two records at a given step: every 2 steps up to 200, then
 * every 10, 100, 1000 and 10000 steps a decade later each, so a run keeps
 * about 180 points per decade (about 720 up to a million steps).
 */
export function recordInterval(step) {
  if (step < 200) return 2;
  if (step < 2000) return 10;
  if (step < 20000) return 100;
  if (step < 200000) return 1000;
  return 10000;
}

/** The first record step after `step`. */
export function nextRecordStep(step) {
  const k = recordInterval(step);
  return (Math.floor(step / k) + 1) * k;
}

/**
 * Steps between two of the lab's probes at a given step. A probe of both
 * networks costs about 6 training steps of both (measured at the defaults: 0.54
 * ms against 0.084 ms per step, README "The landscape chart"), so every 100
 * steps adds about 6% to training. Early, where β_eff changes fastest, records
 * (every 2 steps, about 16 steps' worth each) cost far more than a probe every
 * 10 steps; past step 20,000 the probes thin out with the records. Every probe
 * step is a record step, and depends only on the step count, so a replayed or
 * shared run probes at the same steps.
 */
export function landscapeInterval(step) {
  if (step < 200) return 10;
  return Math.max(100, recordInterval(step));
}

/** Whether the lab probes the landscape at `step` (never at step 0: the probe needs a last mini-batch). */
export function isLandscapeStep(step) {
  return step > 0 && step % landscapeInterval(step) === 0;
}

/** One network's recorded series, columns aligned with History.steps. */
class TwinSeries {
  trainLoss = [];
  testLoss = [];
  trainAccuracy = [];
  testAccuracy = [];
  /** (3 · layers) per record: 15th, 50th, 85th percentile of the probed unit's activation input, layer by layer. */
  percentiles = [];
  /** (2 · layers) per record: mean γ and mean β over the units of each layer (NaN for a layer without BN). */
  gammaBeta = [];
}

/** The recorded run. Values of a diverged network are NaN (figures skip them). */
export class History {
  steps = [];
  /** index of the first record whose percentiles belong to the current probe unit */
  bandStart = 0;
  /** the landscape probes (web/lab/landscape.js), at some record steps while the lab's `landscape` is on */
  landscape = new LandscapeRecord();

  constructor() {
    for (const t of TWINS) this[t] = new TwinSeries();
  }

  get length() {
    return this.steps.length;
  }

  /**
   * Appends one record.
   * @param {number} step
   * @param {{withBn: object, withoutBn: object}} metrics Twin.metrics() output
   * @param {{withBn: Float32Array, withoutBn: Float32Array}} percentiles (3 · layers) each
   * @param {{withBn: Float32Array, withoutBn: Float32Array}} [gammaBeta] (2 · layers) each: mean γ, mean β per layer
   */
  push(step, metrics, percentiles, gammaBeta = undefined) {
    this.steps.push(step);
    for (const t of TWINS) {
      const s = this[t];
      const m = metrics[t];
      s.trainLoss.push(m.trainLoss);
      s.testLoss.push(m.testLoss);
      s.trainAccuracy.push(m.trainAccuracy);
      s.testAccuracy.push(m.testAccuracy);
      s.percentiles.push(percentiles[t]);
      s.gammaBeta.push(gammaBeta?.[t] ?? new Float32Array(0));
    }
  }

  /** The band restarts here (the probed unit changed). */
  restartBand() {
    this.bandStart = this.steps.length;
  }

  /**
   * The first recorded step at which a network's training loss is at most x,
   * or null if it has not got there (yet).
   */
  firstStepBelow(twin, x) {
    const loss = this[twin].trainLoss;
    for (let i = 0; i < loss.length; ++i) if (loss[i] <= x) return this.steps[i];
    return null;
  }

  /**
   * The percentile band of one layer for one network since the probed unit last
   * changed: {steps, p15, p50, p85} (plain arrays).
   */
  band(twin, layer) {
    const out = { steps: [], p15: [], p50: [], p85: [] };
    const rows = this[twin].percentiles;
    for (let i = this.bandStart; i < rows.length; ++i) {
      out.steps.push(this.steps[i]);
      out.p15.push(rows[i][3 * layer]);
      out.p50.push(rows[i][3 * layer + 1]);
      out.p85.push(rows[i][3 * layer + 2]);
    }
    return out;
  }
}

/**
 * The "steps to reach loss X" comparison.
 * @returns {{x: number, withBn: number|null, withoutBn: number|null, ratio: number|null,
 *   bound: 'exact'|'atLeast'|'atMost'|null}} ratio = steps without BN / steps with BN. When only
 *   one network got there, the current step bounds the other one's steps, so the
 *   ratio is a bound: 'atLeast' when BN got there, 'atMost' when only the plain network did.
 */
export function speedup(history, x, currentStep) {
  const withBn = history.firstStepBelow('withBn', x);
  const withoutBn = history.firstStepBelow('withoutBn', x);
  let ratio = null;
  let bound = null;
  if (withBn !== null && withoutBn !== null) {
    ratio = Math.max(withoutBn, 1) / Math.max(withBn, 1);
    bound = 'exact';
  } else if (withBn !== null && currentStep > withBn) {
    ratio = currentStep / Math.max(withBn, 1);
    bound = 'atLeast';
  } else if (withoutBn !== null && currentStep > withoutBn) {
    ratio = Math.max(withoutBn, 1) / currentStep;
    bound = 'atMost';
  }
  return { x, withBn, withoutBn, ratio, bound };
}
