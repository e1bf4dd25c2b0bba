// The loss landscape along the gradient (Santurkar et al. 2018, §3.1 and
// Fig. 4), as the lab and the article's section 6 record it: a probe of one
// network (Twin.landscape: etas.length + 1 forward and backward passes on the
// last mini-batch, nothing of the run changed) reduced to what the charts
// draw, and a record of probes of both networks over a run. The figure that
// draws a record is web/lab/figures/landscape.js; the steps at which the lab
// probes are in web/lab/history.js (isLandscapeStep).

import { TWINS } from '../engine-config.js';

/**
 * The lab's step sizes, as multiples of the learning rate: from half a step to
 * eight (the article's η = 0.05 … 0.8 at its learning rate 0.1).
 */
export const LANDSCAPE_STEP_FACTORS = Object.freeze([0.5, 1, 2, 4, 8]);

/** The step sizes η the lab probes at a learning rate. */
export function landscapeEtas(learningRate) {
  return LANDSCAPE_STEP_FACTORS.map((f) => f * learningRate);
}

/**
 * One landscape probe of a net: the range of L(W − η·g) over the step sizes
 * (with η = 0), its ends, the largest gradient change and β_eff; null when a
 * value overflowed (not data to draw).
 * @param {import('../engine.js').Twin} twin
 * @param {'withBn'|'withoutBn'} net
 * @param {number[]} etas
 * @returns {{lossMin: number, lossMax: number, loss0: number, gradDiff: number, betaEff: number,
 *   gradNorm: number}|null}
 */
export function probeLandscape(twin, net, etas) {
  const r = twin.landscape(net, etas);
  if (!r.finite) return null;
  const all = [r.loss0, ...r.loss];
  return { lossMin: Math.min(...all), lossMax: Math.max(...all), loss0: r.loss0, gradDiff: Math.max(...r.gradDiff),
    betaEff: r.betaEff, gradNorm: r.gradNorm };
}

/** What a record keeps of each probe, one column each. */
export const LANDSCAPE_FIELDS = Object.freeze(['lossMin', 'lossMax', 'gradDiff', 'betaEff']);

/**
 * Probes of both networks over a run: columns aligned with `steps`, per
 * network; a probe that was not taken or overflowed is NaN in every column
 * (a gap, never data) and counted in `skipped`.
 */
export class LandscapeRecord {
  steps = [];

  constructor() {
    this.skipped = {};
    for (const t of TWINS) {
      this[t] = Object.fromEntries(LANDSCAPE_FIELDS.map((f) => [f, []]));
      this.skipped[t] = 0;
    }
  }

  get length() {
    return this.steps.length;
  }

  /**
   * Appends the probes at one step.
   * @param {number} step
   * @param {{withBn: object|null, withoutBn: object|null}} probes probeLandscape() output per network (null: a gap)
   */
  push(step, probes) {
    this.steps.push(step);
    for (const t of TWINS) {
      const p = probes[t];
      if (!p) this.skipped[t] += 1;
      for (const f of LANDSCAPE_FIELDS) this[t][f].push(p ? p[f] : NaN);
    }
  }

  /** The record at index i as {step, withBn: {...}, withoutBn: {...}} (NaN for a gap). */
  at(i) {
    return { step: this.steps[i], ...Object.fromEntries(TWINS.map((t) =>
      [t, Object.fromEntries(LANDSCAPE_FIELDS.map((f) => [f, this[t][f][i]]))])) };
  }
}

/**
 * Probes every network of `twin` that `probe(net)` says to (a diverged one
 * is not: its numbers are not data) and appends them to `record`.
 * @param {LandscapeRecord} record
 * @param {import('../engine.js').Twin} twin
 * @param {number} step
 * @param {number[]} etas
 * @param {(net: string) => boolean} [probe]
 */
export function recordLandscape(record, twin, step, etas, probe = () => true) {
  record.push(step, Object.fromEntries(TWINS.map((t) => [t, probe(t) ? probeLandscape(twin, t, etas) : null])));
}
