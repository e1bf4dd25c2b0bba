// Which scenario should the lab open with? Measures candidate scenarios over
// seeds 1–10 exactly as the lab runs them (web/lab/session.js through
// web/claims/measure.js: whole training and test sets, running statistics, the
// lab's record steps) and prints, per scenario and seed, the steps each network
// took to reach train loss 0.1 and both networks' final train and test loss at
// the horizon. A scenario qualifies as a default where BN helps when, over the
// seeds, BN reaches the target first in at least 9 of 10 AND its train loss at
// the horizon is not above the plain network's in at least 9 of 10.
//
//   node web/tools/scenarios.mjs                  # prints the tables
//   node web/tools/scenarios.mjs --write-readme   # also writes them into README.md
//                                                 # (between <!-- scenarios:begin --> and <!-- scenarios:end -->)
//   node web/tools/scenarios.mjs --only sigmoid-moons-64 --seeds 5
//
// The horizon is 20,000 steps: what the lab shows after 30 s of play at its
// default speed (10 steps per frame: about 18,000 steps at 60 frames per second,
// fewer when the browser draws less often).

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import { loadEngine } from '../engine.js';
import { defaults } from '../state.js';
import { final, labRun, stepsTo, valueAt } from '../claims/measure.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const TARGET = 0.1;
export const HORIZON = 20000;
/** Steps where "BN is still ahead" is checked, besides the horizon. */
export const CHECKPOINTS = [1000, 2000, 5000, 10000, 20000];
export const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);

// Every scenario spells out what shapes the run, so the table does not move
// when the lab's defaults do. The other settings (400 points, noise 0.1, half
// for training, Xavier init, plain SGD, BN before g) are the lab's.
const NET = { dataset: 'circles', hidden: [8, 8, 8, 8], activation: 'tanh', initScale: 1, batchSize: 16, learningRate: 0.1 };

/** The candidates: id, what it is, the settings. */
export const SCENARIOS = [
  { id: 'tanh-circles-16', label: 'circles, 4×8 tanh, batch 16, SGD 0.1 (the old default)', settings: { ...NET } },
  { id: 'tanh-circles-32', label: 'circles, 4×8 tanh, batch 32', settings: { ...NET, batchSize: 32 } },
  { id: 'tanh-circles-64', label: 'circles, 4×8 tanh, batch 64', settings: { ...NET, batchSize: 64 } },
  { id: 'tanh-circles-64-lr0.5', label: 'circles, 4×8 tanh, batch 64, SGD 0.5', settings: { ...NET, batchSize: 64, learningRate: 0.5 } },
  { id: 'tanh-deep-16', label: 'circles, 8×8 tanh, batch 16', settings: { ...NET, hidden: [8, 8, 8, 8, 8, 8, 8, 8] } },
  { id: 'tanh-bad-init-64', label: 'circles, 4×8 tanh, init × 0.5, batch 64', settings: { ...NET, initScale: 0.5, batchSize: 64 } },
  { id: 'tanh-moons-64', label: 'moons, 4×8 tanh, batch 64', settings: { ...NET, dataset: 'moons', batchSize: 64 } },
  { id: 'tanh-spiral-64-lr0.3', label: 'spiral, 4×8 tanh, batch 64, SGD 0.3', settings: { ...NET, dataset: 'spiral', batchSize: 64, learningRate: 0.3 } },
  { id: 'sigmoid-circles-16', label: 'circles, 4×8 sigmoid, batch 16', settings: { ...NET, activation: 'sigmoid' } },
  { id: 'sigmoid-circles-64', label: 'circles, 4×8 sigmoid, batch 64', settings: { ...NET, activation: 'sigmoid', batchSize: 64 } },
  { id: 'sigmoid-moons-16', label: 'moons, 4×8 sigmoid, batch 16', settings: { ...NET, dataset: 'moons', activation: 'sigmoid' } },
  { id: 'sigmoid-moons-64', label: 'moons, 4×8 sigmoid, batch 64, SGD 0.1', settings: { ...NET, dataset: 'moons', activation: 'sigmoid', batchSize: 64 } },
  { id: 'sigmoid-spiral-64-lr0.5', label: 'spiral, 4×8 sigmoid, batch 64, SGD 0.5', settings: { ...NET, dataset: 'spiral', activation: 'sigmoid', batchSize: 64, learningRate: 0.5 } },
];

/**
 * One scenario at one seed: steps to the target and the losses at the
 * checkpoints and the horizon, for both networks.
 */
export function measureSeed(engine, scenario, seed, horizon = HORIZON) {
  const run = labRun(engine, scenario.settings, { steps: horizon, seed });
  const both = (f) => ({ withBn: f('withBn'), withoutBn: f('withoutBn') });
  return {
    seed,
    to: both((t) => stepsTo(run, t, TARGET)),
    train: both((t) => final(run, t, 'trainLoss')),
    test: both((t) => final(run, t, 'testLoss')),
    checkpoints: CHECKPOINTS.filter((c) => c <= horizon).map((c) => ({ step: c, ...both((t) => valueAt(run, t, c)) })),
  };
}

/** BN got to the target first (a network that never got there loses to one that did). */
export const bnFirst = (r) => r.to.withBn !== null && (r.to.withoutBn === null || r.to.withBn < r.to.withoutBn);
/** BN's train loss at the horizon is not above the plain network's. */
export const bnNotWorse = (r) => r.train.withBn <= r.train.withoutBn;
/** BN's train loss is at or below the plain network's at every checkpoint. */
export const bnAheadThroughout = (r) => r.checkpoints.every((c) => c.withBn <= c.withoutBn);

/** Counts over seeds, and whether the scenario qualifies (≥ 9 of 10 for both rules). */
export function summarize(rows) {
  const count = (f) => rows.filter(f).length;
  const median = (xs) => {
    const s = xs.map((x) => (x === null ? Infinity : x)).sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const need = Math.ceil(0.9 * rows.length);
  const first = count(bnFirst);
  const notWorse = count(bnNotWorse);
  return {
    n: rows.length, first, notWorse, throughout: count(bnAheadThroughout), qualifies: first >= need && notWorse >= need,
    median: {
      to: { withBn: median(rows.map((r) => r.to.withBn)), withoutBn: median(rows.map((r) => r.to.withoutBn)) },
      train: { withBn: median(rows.map((r) => r.train.withBn)), withoutBn: median(rows.map((r) => r.train.withoutBn)) },
      test: { withBn: median(rows.map((r) => r.test.withBn)), withoutBn: median(rows.map((r) => r.test.withoutBn)) },
    },
  };
}

// ---- formatting

/** A loss in two significant digits; small ones as 1.8e-4 (ASCII hyphen: a Markdown table, no "−" pairs). */
export function lossText(v) {
  if (!Number.isFinite(v)) return 'NaN';
  if (v !== 0 && Math.abs(v) < 0.001) return v.toExponential(1);
  return String(Number(v.toPrecision(2)));
}
const stepsText = (s) => (s === null || s === Infinity ? 'not by 20k' : s.toLocaleString('en-US'));
const pair = (a, b) => `${a} / ${b}`;

/** The lab settings the state table (web/state.js) opens with, as a scenario's settings. */
function labDefault() {
  const d = defaults();
  return Object.fromEntries(Object.keys(NET).map((k) => [k, d[k]]));
}
const sameSettings = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The Markdown for the README: a summary per scenario, then every seed. */
export function markdown(results, { horizon = HORIZON } = {}) {
  const lab = labDefault();
  const h = `${horizon / 1000}k`;
  const lines = [
    `Measured by \`node web/tools/scenarios.mjs --write-readme\` (seeds ${results[0].rows[0].seed}–${results[0].rows.at(-1).seed}, `
      + `${horizon.toLocaleString('en-US')} steps, target train loss ${TARGET}; losses on the whole training and test sets, `
      + 'running statistics, as the lab shows them). **Bold**: qualifies as a default where BN helps (BN reaches the '
      + `target first in ≥ 9 of 10 seeds AND its train loss at ${h} is not above the plain network’s in ≥ 9 of 10); `
      + '★ the lab’s default.',
    '',
    `| scenario | BN reaches ${TARGET} first | BN not worse at ${h} | BN ahead at 1k, 2k, 5k, 10k, 20k | median steps to ${TARGET}, BN / plain | median train loss at ${h}, BN / plain | median test loss at ${h}, BN / plain |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, rows, summary: s } of results) {
    const star = sameSettings(scenario.settings, lab) ? ' ★' : '';
    const name = s.qualifies ? `**${scenario.label}**${star}` : `${scenario.label}${star}`;
    lines.push(`| ${name} | ${s.first} of ${s.n} | ${s.notWorse} of ${s.n} | ${s.throughout} of ${s.n} | `
      + `${pair(stepsText(s.median.to.withBn), stepsText(s.median.to.withoutBn))} | `
      + `${pair(lossText(s.median.train.withBn), lossText(s.median.train.withoutBn))} | `
      + `${pair(lossText(s.median.test.withBn), lossText(s.median.test.withoutBn))} |`);
  }
  lines.push('', '<details><summary>Every scenario and seed</summary>', '',
    `| scenario | seed | steps to ${TARGET}, BN / plain | train loss at ${h}, BN / plain | test loss at ${h}, BN / plain |`,
    '|---|---|---|---|---|');
  for (const { scenario, rows } of results) {
    for (const r of rows) {
      lines.push(`| ${scenario.id} | ${r.seed} | ${pair(stepsText(r.to.withBn), stepsText(r.to.withoutBn))} | `
        + `${pair(lossText(r.train.withBn), lossText(r.train.withoutBn))} | ${pair(lossText(r.test.withBn), lossText(r.test.withoutBn))} |`);
    }
  }
  lines.push('', '</details>');
  return lines.join('\n');
}

const MARKERS = /(<!-- scenarios:begin -->)[\s\S]*?(<!-- scenarios:end -->)/;

/** Replaces the text between the README's markers (which must exist). */
export function writeReadme(text, path = `${ROOT}README.md`) {
  const md = readFileSync(path, 'utf8');
  if (!MARKERS.test(md)) throw new Error(`${path} has no <!-- scenarios:begin --> … <!-- scenarios:end --> markers`);
  writeFileSync(path, md.replace(MARKERS, (_, a, b) => `${a}\n${text}\n${b}`));
}

async function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i < 0 ? null : argv[i + 1];
  };
  const seeds = SEEDS.slice(0, Number(arg('--seeds') ?? SEEDS.length));
  const only = arg('--only');
  const scenarios = only ? SCENARIOS.filter((s) => only.split(',').includes(s.id)) : SCENARIOS;
  if (!scenarios.length) throw new Error(`no scenario ${only}; the ids: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  const require = createRequire(import.meta.url);
  const engine = await loadEngine({
    factory: require(`${ROOT}web/dist/bnlab.js`),
    wasmBinary: readFileSync(`${ROOT}web/dist/bnlab.wasm`),
  });
  const write = argv.includes('--write-readme');
  if (write && (only || seeds.length !== SEEDS.length)) throw new Error('--write-readme needs every scenario and seeds 1–10');
  if (write && !MARKERS.test(readFileSync(`${ROOT}README.md`, 'utf8'))) throw new Error('README.md has no scenarios markers');
  const results = [];
  for (const scenario of scenarios) {
    const rows = seeds.map((seed) => measureSeed(engine, scenario, seed));
    const summary = summarize(rows);
    results.push({ scenario, rows, summary });
    process.stderr.write(`${scenario.id}: BN first ${summary.first}/${summary.n}, not worse at the horizon `
      + `${summary.notWorse}/${summary.n}, ahead throughout ${summary.throughout}/${summary.n}${summary.qualifies ? '  ← qualifies' : ''}\n`);
  }
  const text = markdown(results);
  if (write) {
    writeReadme(text);
    process.stderr.write('README.md: table written\n');
  } else {
    process.stdout.write(`${text}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
