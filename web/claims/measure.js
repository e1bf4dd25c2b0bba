// What the claims' checks measure, on the real engine: a lab run recorded
// exactly as the lab records it (web/lab/session.js), and the numbers the
// sentences talk about (steps to a target loss, final losses, who is ahead).
// Runs are cached per engine, so claims about the same figure share them.

import { TWINS } from '../engine-config.js';
import { defaults, engineConfig, withChanges } from '../state.js';
import { Session } from '../lab/session.js';

/** Seeds 1…n, the default sample for claims about behaviour over seeds. */
export const seeds = (n = 5) => Array.from({ length: n }, (_, i) => i + 1);

const cache = new WeakMap();

/**
 * The lab's run at `settings` (over the lab's defaults), `steps` steps, seed `seed`:
 * {history, status, steps} with the history recorded at the lab's record steps
 * (whole training and test sets, running statistics). Cached.
 * @param {import('../engine.js').Engine} engine
 * @param {object} settings lab settings (web/state.js keys), without the seed
 * @param {{steps: number, seed: number}} run
 */
export function labRun(engine, settings, { steps, seed }) {
  let runs = cache.get(engine);
  if (!runs) cache.set(engine, (runs = new Map()));
  const key = JSON.stringify([settings, steps, seed]);
  if (!runs.has(key)) {
    const session = new Session(engine);
    try {
      const state = withChanges(defaults(), { ...settings, seed });
      session.setLandscape(state.landscape); // the landscape chart's probes, in history.landscape
      session.build(engineConfig(state));
      session.advance({ maxSteps: steps });
      runs.set(key, { history: session.history, status: session.status, steps: session.steps });
    } finally {
      session.dispose();
    }
  }
  return runs.get(key);
}

/** The first recorded step at which `twin`'s train loss is ≤ x, or null. */
export function stepsTo(run, twin, x) {
  return run.history.firstStepBelow(twin, x);
}

/** The last recorded value of a series ('trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy'). */
export function final(run, twin, series = 'trainLoss') {
  return run.history[twin][series].at(-1);
}

/** The recorded value of a series at `step` (the last record at or before it). */
export function valueAt(run, twin, step, series = 'trainLoss') {
  const { steps } = run.history;
  let i = steps.length - 1;
  while (i > 0 && steps[i] > step) --i;
  return run.history[twin][series][i];
}

/**
 * Who reached train loss x first: 'withBn', 'withoutBn', 'tie', or null when
 * neither did. A network that never got there loses to one that did.
 */
export function firstTo(run, x) {
  const [a, b] = TWINS.map((t) => stepsTo(run, t, x));
  if (a === null && b === null) return null;
  if (b === null || (a !== null && a < b)) return 'withBn';
  if (a === null || b < a) return 'withoutBn';
  return 'tie';
}

/** runs → the failures of those where `ok(data, seed)` is false, as "seed s: <why>" lines. */
export function everySeed(runs, ok, why = (data) => JSON.stringify(data)) {
  return runs.filter(({ seed, data }) => !ok(data, seed)).map(({ seed, data }) => `seed ${seed}: ${why(data)}`);
}

/** Like everySeed, but the claim holds when at least k of the runs pass ("in 9 of 10 seeds"). */
export function atLeast(k, runs, ok, why = (data) => JSON.stringify(data)) {
  const failed = everySeed(runs, ok, why);
  const passed = runs.length - failed.length;
  return passed >= k ? [] : [`holds in ${passed} of ${runs.length} seeds, needs ${k}`, ...failed];
}

/**
 * Runs the lab's twin at `settings` (over the lab's defaults) and seed `seed`
 * up to each step of `at` (ascending), refreshing the probes there and calling
 * read(twin, step); returns [{step, ...read()}]. For claims about what the
 * histograms and parameters show (the probe batch's Z, z_norm, A, statistics).
 * @param {(twin: import('../engine.js').Twin, step: number) => object} read
 */
export function probeRun(engine, settings, { seed, at }, read) {
  const twin = engine.createTwin(engineConfig(withChanges(defaults(), { ...settings, seed })));
  try {
    const out = [];
    let done = 0;
    for (const step of at) {
      while (done < step) {
        const n = Math.min(step - done, twin.maxStepsPerCall);
        twin.step(n);
        done += n;
      }
      twin.refreshProbes();
      out.push({ step, ...read(twin, step) });
    }
    return out;
  } finally {
    twin.dispose();
  }
}

/**
 * The spread of one quantity of a probed layer ('Z', 'zNorm', 'A', …; column-major
 * (units, examples)): the standard deviation over the probe batch's examples,
 * averaged over the layer's units.
 */
export function unitSpread(probe, q) {
  const n = probe.units;
  const x = probe[q];
  const m = x.length / n;
  let total = 0;
  for (let u = 0; u < n; ++u) {
    let s = 0;
    let s2 = 0;
    for (let j = 0; j < m; ++j) {
      const v = x[u + n * j];
      s += v;
      s2 += v * v;
    }
    const mu = s / m;
    total += Math.sqrt(Math.max(0, s2 / m - mu * mu));
  }
  return total / n;
}

/** Records of a run from step `from` on (inclusive), as {step, withBn, withoutBn} of one series. */
export function recordsFrom(run, from, series = 'trainLoss') {
  const h = run.history;
  const out = [];
  for (let i = 0; i < h.length; ++i) {
    if (h.steps[i] >= from) out.push({ step: h.steps[i], withBn: h.withBn[series][i], withoutBn: h.withoutBn[series][i] });
  }
  return out;
}

/** The median of some numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
