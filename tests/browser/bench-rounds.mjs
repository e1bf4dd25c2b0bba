// The engine's throughput natively, in Node and in headless Chromium, measured in alternating
// rounds (not a test; ./build.sh bench runs it).
//
// A shared machine's speed drifts: on the 2-core cloud machines we measure on, one build's rate
// jumped between two levels about 1.6× apart from one second to the next (native TOY: 33,000 or
// 55,000 steps/s), so three builds run one after the other can show almost any ratio. Here every
// round runs each build back to back (`bench_engine rate 3`: three timed runs after a warm-up,
// each printed), so every build meets the machine's fast and slow spells alike. The summary gives
// each build's best run, which is its speed when the machine is its own, and the ratio of the
// bests; then the medians of all runs and their ratio, which a slow spell can drag.
//
//   node tests/browser/bench-rounds.mjs [--rounds 5] [--runs 3] [--root DIR] [--worker]
// --root: the checkout whose build/native/ and build/wasm/ to run (before/after comparisons).
// --worker: also run it in a dedicated Worker of the page (where Figure 1 trains), a fourth build.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { summarize } from '../../web/lab/player.js';
import { ROOT as REPO } from './browser.mjs';
import { openBenchPage } from './bench-page.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const ROOT = args.includes('--root') ? `${resolve(option('--root'))}/` : REPO;
const ROUNDS = Number(option('--rounds', 5));
const RUNS = String(Number(option('--runs', 3)));
const IN_WORKER = args.includes('--worker');
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1)) throw new Error(`--rounds must be a positive integer, not ${option('--rounds')}`);
const NATIVE = `${ROOT}build/native/bench_engine`;
const WASM_JS = `${ROOT}build/wasm/bench_engine.js`;
for (const f of [NATIVE, WASM_JS, WASM_JS.replace(/\.js$/, '.wasm')])
  if (!existsSync(f)) throw new Error(`${f} is missing: run ./build.sh build`);

// "run <workload> <steps/s>" lines (or, from a build without `rate`, its "bench" medians) →
// {workload: [steps/s, …]}
function rates(lines) {
  const parsed = lines.map((line) => /^(run|bench) (\S+) ([\d.]+)$/.exec(line.trim())).filter(Boolean);
  const kind = parsed.some((m) => m[1] === 'run') ? 'run' : 'bench';
  const out = {};
  for (const [, k, w, x] of parsed) if (k === kind) (out[w] ??= []).push(Number(x));
  return out;
}
const run = (cmd, argv) => rates(execFileSync(cmd, argv, { encoding: 'utf8' }).split('\n'));

// In the page: the module is compiled once and instantiated afresh each round (main() runs on
// instantiation), so every round runs the same compiled code, tiered up as V8 sees fit.
async function chromiumRound(base, runs) {
  // eslint-disable-next-line no-undef
  const g = globalThis;
  g.benchModule ??= await WebAssembly.compile(await (await fetch(`${base}build/wasm/bench_engine.wasm`)).arrayBuffer());
  const lines = [];
  // eslint-disable-next-line no-undef
  await createBenchEngine({
    arguments: ['rate', runs],
    print: (line) => lines.push(line),
    printErr: (line) => lines.push(`# ${line}`),
    instantiateWasm: (imports, done) => {
      WebAssembly.instantiate(g.benchModule, imports).then((instance) => done(instance, g.benchModule));
      return {};
    },
  });
  return lines;
}

// The same rounds in a dedicated Worker: one Worker for every round (the module compiled once in it).
const workerSource = (base) => `importScripts(${JSON.stringify(`${base}build/wasm/bench_engine.js`)});\n` +
  `const round = ${chromiumRound.toString()};\n` +
  `onmessage = (e) => round(${JSON.stringify(base)}, e.data).then((l) => postMessage(l), (err) => postMessage(['# error ' + err.message]));`;
function startWorker(source) {
  // eslint-disable-next-line no-undef
  globalThis.benchWorker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
}
async function workerRound(runs) {
  // eslint-disable-next-line no-undef
  const w = globalThis.benchWorker;
  return new Promise((done) => {
    w.onmessage = (e) => done(e.data);
    w.onerror = (e) => done([`# error ${e.message}`]);
    w.postMessage(runs);
  });
}

const { page, url, close } = await openBenchPage(ROOT);
if (IN_WORKER) await page.evaluate(startWorker, workerSource(url));
const BUILDS = ['native', 'node', 'chromium', ...(IN_WORKER ? ['worker'] : [])];
const runs = { native: {}, node: {}, chromium: {}, worker: {} };  // build → workload → every run's steps/s
const add = (build, got) => {
  for (const [w, xs] of Object.entries(got)) (runs[build][w] ??= []).push(...xs);
  return got;
};
try {
  for (let r = 1; r <= ROUNDS; ++r) {
    const round = {
      native: add('native', run(NATIVE, ['rate', RUNS])),
      node: add('node', run(process.execPath, [`${REPO}tests/node/wasm_main.mjs`, WASM_JS, 'rate', RUNS])),
      chromium: add('chromium', rates(await page.evaluate(
        `(${chromiumRound.toString()})(${JSON.stringify(url)}, ${JSON.stringify(RUNS)})`))),
      worker: IN_WORKER ? add('worker', rates(await page.evaluate(`(${workerRound.toString()})(${JSON.stringify(RUNS)})`))) : {},
    };
    const cells = Object.keys(round.native).map((w) => `${w} ${BUILDS
      .map((b) => (round[b][w] ?? []).map((x) => x.toFixed(0)).join(' ')).join(' / ')}`);
    console.log(`# round ${r} (steps/s, ${BUILDS.join(' / ')}): ${cells.join('; ')}`);
  }
} finally {
  await close();
}

const pad = (x, n = 9) => String(x).padStart(n);
for (const [label, of] of [['best run', (xs) => summarize(xs).max], ['median run', (xs) => summarize(xs).median]]) {
  console.log(`${label.padEnd(26)} ${BUILDS.map((b) => pad(b)).join(' ')}  ${BUILDS.slice(1).map((b) => `${b}/native`).join(' ')}`);
  for (const w of Object.keys(runs.native)) {
    const v = Object.fromEntries(BUILDS.map((b) => [b, runs[b][w]?.length ? of(runs[b][w]) : NaN]));
    const ratio = (b) => (Number.isFinite(v[b]) ? (v[b] / v.native).toFixed(2) : '-');
    console.log(`${w.padEnd(26)} ${BUILDS.map((b) => pad(Number.isFinite(v[b]) ? v[b].toFixed(0) : '-')).join(' ')}  ` +
      BUILDS.slice(1).map((b) => pad(ratio(b), b.length + 7)).join(' '));
  }
}
console.log(`(steps/s over ${ROUNDS} rounds of ${RUNS} runs per build; ratio = WASM / native)`);
