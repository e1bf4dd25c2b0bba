// What does batch norm really do? Measures, over seeds, the two experiments
// of Santurkar et al. (2018) on our engine, for the article's section
// "What batch norm really does" and its claims:
//   1. the race: no BN, BN, and BN with noise after every BN layer
//      (bnNoise, engine/bn_noise.hpp): steps to reach train loss 0.1, the train
//      loss at checkpoints, and how far one deep unit's input distribution
//      moves between records (the median of its 15/50/85 band);
//   2. the landscape along the gradient (engine/landscape.hpp): every `every`
//      steps, for step sizes η, the range of L(W − η·g), the largest gradient
//      change ‖∇L(W) − ∇L(W − η·g)‖ and the effective β-smoothness, BN vs no BN.
//
//   node web/tools/really-does.mjs [--config NAME] [--seeds N] [--steps N]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { loadEngine } from '../engine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

export const CONFIGS = {
  'moons-sigmoid': { dataset: 'moons', hidden: [8, 8, 8, 8], activation: 'sigmoid', batchSize: 64, learningRate: 0.1 },
  'circles-sigmoid': { dataset: 'circles', hidden: [16, 16, 16], activation: 'sigmoid', batchSize: 16, learningRate: 0.5 },
  'circles-tanh-deep': { dataset: 'circles', hidden: [8, 8, 8, 8, 8, 8], activation: 'tanh', batchSize: 32, learningRate: 0.1 },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One seed of the race and the landscape ribbons. */
export function measure(engine, config, seed, { steps = 3000, every = 50, noise = 1, etas = [0.05, 0.1, 0.2, 0.4, 0.8] } = {}) {
  const twin = engine.createTwin({ ...config, seed });
  const noisy = engine.createTwin({ ...config, seed, bnNoise: noise, trainOnly: 'withBn' });
  const L = config.hidden.length;
  const nets = { plain: [twin, 'withoutBn'], bn: [twin, 'withBn'], noisy: [noisy, 'withBn'] };
  const out = Object.fromEntries(Object.keys(nets).map((k) => [k, { reached: null, loss: [], medians: [] }]));
  const ribbons = { bn: [], plain: [] };
  for (let s = every; s <= steps; s += every) {
    twin.step(every);
    noisy.step(every);
    for (const [k, [t, net]] of Object.entries(nets)) {
      const loss = t.metrics('running', net)[net].trainLoss;
      out[k].loss.push([s, loss]);
      if (out[k].reached === null && loss <= 0.1) out[k].reached = s;
    }
    twin.refreshProbes();
    noisy.refreshProbes();
    for (const [k, [t, net]] of Object.entries(nets)) out[k].medians.push(t.percentiles(net)[3 * (L - 1) + 1]);
    for (const [k, net] of [['bn', 'withBn'], ['plain', 'withoutBn']]) {
      const r = twin.landscape(net, etas);
      if (!r.finite) continue;
      ribbons[k].push({
        step: s,
        lossRange: Math.max(r.loss0, ...r.loss) - Math.min(r.loss0, ...r.loss),
        gradDiff: Math.max(...r.gradDiff),
        betaEff: r.betaEff,
      });
    }
  }
  twin.dispose();
  noisy.dispose();
  const drift = (m) => median(m.slice(1).map((v, i) => Math.abs(v - m[i])));
  const at = (k, step) => out[k].loss.find(([s]) => s === step)?.[1];
  return {
    seed,
    race: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, {
      reached: v.reached, drift: drift(v.medians), spread: Math.max(...v.medians) - Math.min(...v.medians),
      at500: at(k, 500), at1000: at(k, 1000), final: v.loss.at(-1)[1],
    }])),
    ribbons: Object.fromEntries(Object.entries(ribbons).map(([k, rows]) => [k, {
      lossRange: median(rows.map((r) => r.lossRange)), gradDiff: median(rows.map((r) => r.gradDiff)),
      betaEff: median(rows.map((r) => r.betaEff)), records: rows.length,
    }])),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const require = createRequire(import.meta.url);
  const engine = await loadEngine({
    factory: require(`${ROOT}web/dist/bnlab.js`), wasmBinary: readFileSync(`${ROOT}web/dist/bnlab.wasm`),
  });
  const names = arg('config', Object.keys(CONFIGS).join(',')).split(',');
  const seeds = Number(arg('seeds', 5));
  const steps = Number(arg('steps', 3000));
  const noise = Number(arg('noise', 1));
  for (const name of names) {
    console.log(`\n== ${name} ${JSON.stringify(CONFIGS[name])} noise ${noise}, ${steps} steps`);
    for (let seed = 1; seed <= seeds; seed += 1) {
      const r = measure(engine, CONFIGS[name], seed, { steps, noise });
      const f = (x) => (x === null || x === undefined ? '—' : Number(x).toPrecision(3));
      const race = Object.entries(r.race).map(([k, v]) => `${k}: 0.1@${v.reached ?? '—'} L1k ${f(v.at1000)} Lend ${f(v.final)} drift ${f(v.drift)} spread ${f(v.spread)}`).join(' | ');
      const rib = Object.entries(r.ribbons).map(([k, v]) => `${k}: ΔL ${f(v.lossRange)} Δg ${f(v.gradDiff)} β ${f(v.betaEff)}`).join(' | ');
      console.log(`seed ${seed}  ${race}\n         ${rib}`);
    }
  }
}
