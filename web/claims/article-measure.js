// What the article's claims measure, on the real engine at each figure's
// settings (web/article/figure-settings.js, web/article/sweep-plan.js): the
// same runs the figures draw, recorded the way the figures record them.
// Runs that several claims share are cached per engine.

import { DRIFT, HERO } from '../article/figure-settings.js';
import { INIT_SCALES, LEARNING_RATES, NETS, SWEEP, runCell, summarize } from '../article/sweep-plan.js';
import { mean, quantiles, unitValues, variance } from '../article/stats.js';
import { defaults, engineConfig, withChanges } from '../state.js';

const caches = new WeakMap();

/** make() once per (engine, key). */
export function cached(engine, key, make) {
  let c = caches.get(engine);
  if (!c) caches.set(engine, (c = new Map()));
  if (!c.has(key)) c.set(key, make());
  return c.get(key);
}

/** Builds a twin, hands it to body, disposes it. */
export function withTwin(engine, config, body) {
  const twin = engine.createTwin(config);
  try {
    return body(twin);
  } finally {
    twin.dispose();
  }
}

/** Trains n steps in calls the engine accepts (one call may cost only so much work: Twin.maxStepsPerCall). */
export function stepBy(twin, n) {
  const most = twin.maxStepsPerCall ?? n;
  for (let left = n; left > 0; left -= Math.min(left, most)) twin.step(Math.min(left, most));
  return twin.status();
}

/** The 15th, 50th, 85th percentiles of one unit's values in a (units, examples) matrix. */
export function unitPercentiles(values, units, unit) {
  return quantiles(unitValues(values, units, unit), [0.15, 0.5, 0.85]);
}

/**
 * The drift figure's run (section 2) at its settings and `seed`: for every unit
 * of the shown layer, the band of z (without BN) and of z̃ (with BN) at step 0,
 * at step 300 and at the end, and the largest gap between z̃'s mean and β, and between its
 * spread and γ, over the probe batch at the end.
 */
export function driftRun(engine, seed) {
  return cached(engine, `drift:${seed}`, () => withTwin(engine, { ...DRIFT.config, seed }, (twin) => {
    const units = DRIFT.config.hidden[DRIFT.layer];
    const read = () => {
      twin.refreshProbes();
      const plain = twin.probe('withoutBn', DRIFT.layer);
      const bn = twin.probe('withBn', DRIFT.layer);
      return Array.from({ length: units }, (_, u) => ({
        plain: unitPercentiles(plain.Z, units, u), bn: unitPercentiles(bn.zTilde, units, u),
        bnMean: mean(unitValues(bn.zTilde, units, u)), bnStd: Math.sqrt(variance(unitValues(bn.zTilde, units, u))),
        gamma: bn.gamma[u], beta: bn.beta[u],
      }));
    };
    const start = read();
    stepBy(twin, 300);
    const early = read(); // "within a few hundred steps"
    stepBy(twin, DRIFT.total - 300);
    const end = read();
    return { start, early, end, probeSize: twin.probeSize, trainSize: twin.trainSize };
  }));
}

/** The engine config of the first screen's twin (the lab's, as the lab builds it) for `seed`. */
export const heroConfig = (seed) => engineConfig(withChanges(defaults(), { ...HERO.settings, seed }));

/**
 * The first screen's run continued far past its horizon (measure.js labRun is the run as drawn):
 * the first step (every `every`) at which the net without BN is below `below`, and both final losses.
 */
export function heroLongRun(engine, seed, { steps = 30000, every = 500, below = 0.5 } = {}) {
  return cached(engine, `hero-long:${seed}:${steps}`, () => {
    return withTwin(engine, heroConfig(seed), (twin) => {
      let plainLearnsAt = null;
      let m = null;
      for (let k = every; k <= steps; k += every) {
        stepBy(twin, every);
        m = twin.metrics('running');
        if (plainLearnsAt === null && m.withoutBn.trainLoss < below) plainLearnsAt = k;
      }
      return { plainLearnsAt, bn: m.withBn.trainLoss, plain: m.withoutBn.trainLoss };
    });
  });
}

/**
 * The sweep's grid (section 5) for one activation and seed, every cell run to
 * the end exactly as the figure runs it: {cells: {withBn, withoutBn} [row][col],
 * list: [{scale, lr, withBn, withoutBn}], summary}.
 */
export function sweepGrid(engine, { activation = SWEEP.activation, seed }) {
  return cached(engine, `sweep:${activation}:${seed}`, () => {
    const cells = { withBn: [], withoutBn: [] };
    const list = [];
    INIT_SCALES.forEach((initScale, i) => {
      for (const net of NETS) cells[net][i] = [];
      LEARNING_RATES.forEach((learningRate, j) => {
        const result = runCell(engine, { activation, seed, initScale, learningRate });
        for (const net of NETS) cells[net][i][j] = result[net];
        list.push({ scale: initScale, lr: learningRate, withBn: result.withBn, withoutBn: result.withoutBn });
      });
    });
    return { cells, list, summary: summarize(cells) };
  });
}

/** A check that a figure is built as its text says (the settings the text names): [] or what is wrong. */
export const settingsMatch = (ok) => (ok ? [] : ['the figure\u2019s settings no longer match what the text says']);

/** A number in [lo, hi]? (For checks that state a range: "between 0.7 and 15".) */
export const within = (v, lo, hi) => Number.isFinite(v) && v >= lo && v <= hi;
