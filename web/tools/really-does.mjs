// What does batch norm really do? Measures, over seeds, the two experiments
// of Santurkar et al. (2018) on our engine, with the article's own recorder
// (web/article/really-plan.js), for section 6 and its claims:
//   1. the race: no BN, BN, and BN with noise after every BN layer
//      (bnNoise, engine/bn_noise.hpp): the step each reaches train loss 0.1,
//      and how far one deep unit's median moves from record to record;
//   2. the landscape along the gradient (engine/landscape.hpp): every 50 steps,
//      for step sizes η, the range of L(W − η·g), the largest gradient change
//      and β_eff, BN vs no BN: median over the run, early (≤ 500 steps) and
//      late, and at matched loss (probes whose batch loss is below 0.03);
//   3. the cost of probing: steps per second with and without probes.
//
//   node web/tools/really-does.mjs [--config NAME[,NAME]] [--seeds N] [--steps N] [--noise ν]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { loadEngine } from '../engine.js';
import { REALLY, REALLY_BOTH_LEARN } from '../article/figure-settings.js';
import { fullRun, median, medianMove } from '../article/really-plan.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

/** Plans: the article's two networks and a third, sigmoid on circles. */
export const PLANS = {
  'moons-sigmoid': REALLY, // the figures' network
  'circles-tanh-deep': REALLY_BOTH_LEARN, // the text's second network
  'circles-sigmoid': { config: { dataset: 'circles', hidden: [16, 16, 16], activation: 'sigmoid', batchSize: 16,
    learningRate: 0.5 }, layer: 2, unit: 0, target: 0.1 },
};

const f = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x).toPrecision(3));

/** One seed: the race and the landscape, summarized. */
export function measure(engine, plan, seed, { steps, noise }) {
  const r = fullRun(engine, plan, { seed, noise, total: steps, every: REALLY.every, etas: REALLY.etas,
    probeEvery: REALLY.probeEvery });
  const beta = (rows, where = () => true) => median(rows.filter(where).map((x) => x.betaEff));
  const low = (x) => x.loss0 < 0.03;
  return {
    race: Object.fromEntries(['plain', 'bn', 'noisy'].map((k) => [k, { reached: r.race[k].reached,
      final: r.race[k].loss.at(-1), move: medianMove(r.race[k].p50) }])),
    landscape: Object.fromEntries(['bn', 'plain'].map((k) => {
      const rows = r.ribbons[k];
      return [k, { beta: beta(rows), early: beta(rows, (x) => x.step <= 500), late: beta(rows, (x) => x.step > 500),
        matched: beta(rows, low), matchedProbes: rows.filter(low).length,
        lossRange: median(rows.map((x) => x.lossMax - x.lossMin)), gradDiff: median(rows.map((x) => x.gradDiff)),
        skipped: r.skipped[k] }];
    })),
  };
}

/**
 * What probing costs: the fastest of many short rounds (the least disturbed by
 * a busy machine) of `every` training steps of the twin (both nets), and of one
 * probe of each net; from them, twin steps per second without probes and with
 * both nets probed every `every` steps.
 */
export function probeCost(engine, plan, { rounds = 40, every = REALLY.probeEvery } = {}) {
  const twin = engine.createTwin({ ...plan.config, seed: 1 });
  try {
    twin.step(every);
    const fastest = (body) => {
      let best = Infinity;
      for (let i = 0; i < rounds; i += 1) {
        const t0 = performance.now();
        body();
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const stepMs = fastest(() => twin.step(every)) / every;
    const probeMs = fastest(() => twin.landscape('withBn', REALLY.etas));
    const probePlainMs = fastest(() => twin.landscape('withoutBn', REALLY.etas));
    return { stepMs, probeMs, probePlainMs, plain: 1000 / stepMs,
      probed: (1000 * every) / (every * stepMs + probeMs + probePlainMs), passes: REALLY.etas.length + 1 };
  } finally {
    twin.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const require = createRequire(import.meta.url);
  const engine = await loadEngine({
    factory: require(`${ROOT}web/dist/bnlab.js`), wasmBinary: readFileSync(`${ROOT}web/dist/bnlab.wasm`),
  });
  const names = arg('config', Object.keys(PLANS).join(',')).split(',');
  const seeds = Number(arg('seeds', 5));
  for (const name of names) {
    const plan = PLANS[name];
    if (!plan) throw new Error(`unknown --config ${name}; one of ${Object.keys(PLANS).join(', ')}`);
    const steps = Number(arg('steps', plan.total ?? 3000));
    const noise = Number(arg('noise', 1));
    const cost = probeCost(engine, plan);
    console.log(`\n== ${name} ${JSON.stringify(plan.config)} noise ${noise}, ${steps} steps`);
    console.log(`cost: a twin step (both nets) ${f(cost.stepMs)} ms, a probe (${cost.passes} passes) ${f(cost.probeMs)} ms ` +
      `with BN and ${f(cost.probePlainMs)} ms without: ${f(cost.plain)} twin steps/s without probes, ${f(cost.probed)} ` +
      `with both nets probed every ${REALLY.probeEvery} steps`);
    for (let seed = 1; seed <= seeds; seed += 1) {
      const r = measure(engine, plan, seed, { steps, noise });
      const race = Object.entries(r.race).map(([k, v]) => `${k}: 0.1@${v.reached ?? '—'} end ${f(v.final)} move ${f(v.move)}`);
      const land = Object.entries(r.landscape).map(([k, v]) => `${k}: β ${f(v.beta)} (early ${f(v.early)}, late ` +
        `${f(v.late)}, L<0.03 ${f(v.matched)} over ${v.matchedProbes}) ΔL ${f(v.lossRange)} Δg ${f(v.gradDiff)}` +
        `${v.skipped ? ` skipped ${v.skipped}` : ''}`);
      console.log(`seed ${seed}  ${race.join(' | ')}\n        ${land.join(' | ')}`);
    }
  }
}
