// Section 6, "What batch norm really does", without a page: the race of three
// networks (no BN, BN, BN with noise after every BN layer) and the landscape
// probes along the gradient (Santurkar et al. 2018), recorded record by
// record. The figures step a run a record per animation frame; the claims
// ledger (web/claims/article-really.js) and web/tools/really-does.mjs run it
// to the end, so all three see the same numbers.

import { quantiles, unitValues } from './stats.js';
import { probeLandscape } from '../lab/landscape.js';

/** The three nets of the race: [key, which twin, which of its networks]. */
export const RACE_NETS = Object.freeze([['plain', 'twin', 'withoutBn'], ['bn', 'twin', 'withBn'], ['noisy', 'noisy', 'withBn']]);
const QS = [0.15, 0.5, 0.85];

/** Trains n steps in calls the engine accepts (Twin.maxStepsPerCall). */
function stepBy(twin, n) {
  const most = twin.maxStepsPerCall ?? n;
  for (let left = n; left > 0; left -= Math.min(left, most)) twin.step(Math.min(left, most));
}

/**
 * A race: the twin (no BN and BN, same init and batches) and a second twin
 * whose BN network trains with noise ν (same seed: the same init and batches).
 * @param {import('../engine.js').Engine} engine
 * @param {{config: object, layer: number, unit: number}} plan
 * @param {{seed: number, noise: number}} run
 */
export function createRace(engine, { config, layer, unit }, { seed, noise }) {
  const twins = {
    twin: engine.createTwin({ ...config, seed }),
    noisy: engine.createTwin({ ...config, seed, bnNoise: noise, trainOnly: 'withBn' }),
  };
  const units = config.hidden[layer];
  const records = { steps: [] };
  for (const [key] of RACE_NETS) records[key] = { loss: [], p15: [], p50: [], p85: [], reached: null };
  let step = 0;

  /** Appends one record: train loss (running statistics) and the band of the unit's input over the probe batch. */
  function record(target) {
    records.steps.push(step);
    twins.twin.refreshProbes();
    twins.noisy.refreshProbes();
    for (const [key, t, net] of RACE_NETS) {
      const twin = twins[t];
      const r = records[key];
      const loss = twin.metrics('running', net)[net].trainLoss;
      r.loss.push(loss);
      if (r.reached === null && step > 0 && loss <= target) r.reached = step;
      // The unit's input as the next activation sees it: z without BN, z̃ (after the noise, if any) with BN.
      const probe = twin.probe(net, layer);
      const [a, b, c] = quantiles(unitValues(net === 'withBn' ? probe.zTilde : probe.Z, units, unit), QS);
      r.p15.push(a);
      r.p50.push(b);
      r.p85.push(c);
    }
  }

  return {
    records,
    twin: twins.twin,
    get step() {
      return step;
    },
    record,
    /** Trains every net n steps. */
    advance(n) {
      stepBy(twins.twin, n);
      stepBy(twins.noisy, n);
      step += n;
    },
    dispose() {
      twins.twin.dispose();
      twins.noisy.dispose();
    },
  };
}

/** The median of a list of numbers (NaN for an empty list). */
export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** The median change of a series from one record to the next. */
export function medianMove(series) {
  return median(series.slice(1).map((v, i) => Math.abs(v - series[i])));
}

/**
 * A whole run of the race with landscape probes of the twin's two nets every
 * `probeEvery` steps, as the figures record it: {race, ribbons: {bn, plain}:
 * [{step, ...probeLandscape}], skipped: {bn, plain}}.
 */
export function fullRun(engine, plan, { seed, noise, total, every, etas, probeEvery }) {
  const race = createRace(engine, plan, { seed, noise });
  const ribbons = { bn: [], plain: [] };
  const skipped = { bn: 0, plain: 0 };
  try {
    race.record(plan.target);
    while (race.step < total) {
      race.advance(every);
      race.record(plan.target);
      if (race.step % probeEvery === 0) {
        for (const [key, net] of [['bn', 'withBn'], ['plain', 'withoutBn']]) {
          const p = probeLandscape(race.twin, net, etas);
          if (p) ribbons[key].push({ step: race.step, ...p });
          else skipped[key] += 1;
        }
      }
    }
    return { race: race.records, ribbons, skipped };
  } finally {
    race.dispose();
  }
}

/**
 * Batch coupling (Twin.inspectBatch): one unit's value for every example of
 * the last mini-batch with example `example` at `input`: z_norm with BN, z
 * without (a network without BN has no z_norm).
 */
export function couplingValues(twin, net, { layer, unit }, example, input) {
  const r = twin.inspectBatch(net, example, input);
  const l = r.layers[layer];
  return Array.from(unitValues(net === 'withBn' ? l.zNorm : l.Z, twin.config.hidden[layer], unit));
}
