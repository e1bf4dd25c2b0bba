// Benchmark of the Figure 1 experiment (not a test): the full run in headless
// Chromium, on the page with its Workers and the figure updating, then the
// same run natively (build/native/paper_fig1); prints both wall times, the
// accuracies next to the paper's, and how far browser and native numbers lie apart.
//
//   node tests/browser/paper-bench.mjs [--steps 50000] [--every 500] [--workers 0|1|2] [--seed 1] [--no-native]
//                                      [--digits 70000|10000]
//                                      [--json FILE] [--screenshots DIR] [--root DIR] [--node] [--no-browser]
// --root: serve another checkout (its built web/dist/ and build/native/), for before/after comparisons.
// --digits: 70000 the paper's split (default; the page downloads mnist-70k.bin.gz), 10000 the light set.
// --node: also the Workers' loop in Node (one net after the other, same goes and evaluations), with the same
// per-step split and its CPU time, to set a Worker beside Node; --no-browser skips the page.
// --json writes both runs' points; --screenshots saves the finished page at 1280 px and 375 px.
// (./build.sh bench paper runs it after building.)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { loadEngine } from '../../web/engine.js';
import { nextChunk, stepsToRun } from '../../web/paper/progress.js';
import { paperAccuracyAt } from '../../web/paper/published.js';
import { ROOT as REPO, frames, launchChromium, openPage } from './browser.mjs';
import { STRICT_CSP, startStaticServer } from './static_server.mjs';

const args = process.argv.slice(2);
const ROOT = args.includes('--root') ? `${resolve(args[args.indexOf('--root') + 1])}/` : REPO;
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? Number(args[i + 1]) : fallback;
};
const STEPS = option('--steps', 50000);
const EVERY = option('--every', 500);
const WORKERS = option('--workers', 0);
const SEED = option('--seed', 1);
const DIGITS = option('--digits', 70000);
const DATA = { 70000: 'web/data/mnist-70k.bin', 10000: 'web/data/mnist-10k.bin' }[DIGITS];
if (!DATA) throw new Error('--digits must be 70000 or 10000');
const NATIVE = !args.includes('--no-native');
const NODE = args.includes('--node');
const BROWSER = !args.includes('--no-browser');
const text = (name) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : undefined;
};
const JSON_OUT = text('--json');
const SHOTS = text('--screenshots');
const REPORT_AT = [5000, 20000, 50000].filter((s) => s <= STEPS && s % EVERY === 0);

const fmt = (v, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : '—');
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function browserRun() {
  for (const f of ['web/dist/paper.js', 'web/dist/paper-worker.js', 'web/dist/bnlab.wasm', DATA, ...(DIGITS === 70000 ? [`${DATA}.gz`] : [])])
    if (!existsSync(ROOT + f)) throw new Error(`${f} is missing: run ./build.sh build`);
  const server = await startStaticServer({ root: ROOT, headers: { 'Content-Security-Policy': STRICT_CSP } });
  const browser = await launchChromium();
  try {
    const hash = `#steps=${STEPS}&every=${EVERY}&seed=${SEED}${WORKERS ? `&workers=${WORKERS}` : ''}` +
      `${DIGITS !== 70000 ? `&digits=${DIGITS}` : ''}`;
    const t0 = performance.now();
    const { page, errors } = await openPage(browser.context, `${server.url}web/paper/index.html${hash}`);
    await page.waitForFunction(() => ['ready', 'error'].includes(window.bnlabPaper?.state().phase), null, { timeout: 120_000 });
    const loadMs = performance.now() - t0;
    const t1 = performance.now();
    await page.click('[data-testid="paper-run"]');
    for (;;) {
      const s = await page.evaluate(() => window.bnlabPaper.state());
      if (s.phase === 'error') throw new Error(`the page reports: ${s.error.message}`);
      if (s.phase === 'done') break;
      console.log(`  browser: step ${s.step} after ${secs(performance.now() - t1)} (${Math.round(s.rate)} steps/s)`);
      // Until the run ends, or 10 s for the next progress line.
      await page.waitForFunction(() => ['done', 'error'].includes(window.bnlabPaper.state().phase), null, { timeout: 10_000 })
        .catch(() => {});
    }
    const wallMs = performance.now() - t1;
    const state = await page.evaluate(() => window.bnlabPaper.state());
    const series = await page.evaluate(() => window.bnlabPaper.series());
    const timing = await page.evaluate(() => window.bnlabPaper.timing?.());
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await frames(page, 3);  // laid out and redrawn at the new size
      await page.screenshot({ path: join(SHOTS, 'paper-desktop.png'), fullPage: true });
      await page.setViewportSize({ width: 375, height: 800 });
      await frames(page, 3);
      await page.screenshot({ path: join(SHOTS, 'paper-phone.png'), fullPage: true });
    }
    if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
    return { loadMs, wallMs, runMs: state.runMs, workers: state.workers, series, timing };
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * The Workers' loop (web/paper/worker.js) in Node: each net alone in a twin
 * (trainOnly), trained in goes of about 60 ms up to each evaluation point,
 * evaluated as the Worker does. Returns the same timing as a Worker reports,
 * plus the process's CPU time, per net.
 */
async function nodeRun() {
  const require = createRequire(import.meta.url);
  const engine = await loadEngine({ factory: require(`${ROOT}web/dist/bnlab.js`),
    wasmBinary: readFileSync(`${ROOT}web/dist/bnlab.wasm`) });
  const bytes = new Uint8Array(readFileSync(ROOT + DATA));
  const workers = [];
  for (const name of ['withBn', 'withoutBn']) {
    const twin = engine.createTwin({ dataset: 'mnist', seed: SEED, trainOnly: name }, { mnist: bytes });
    const t = { twins: [name], step: 0, train: 0, test: 0, probe: 0, post: 0, goes: 0, evaluations: 0 };
    const evaluate = (counted = true) => {
      const t0 = performance.now();
      twin.refreshProbes();
      const t1 = performance.now();
      twin.testMetrics('running', name);
      const t2 = performance.now();
      twin.percentiles(name);
      twin.status();
      if (!counted) return;  // step 0, before the run (as in the Worker)
      t.test += t2 - t1;
      t.probe += performance.now() - t2 + (t1 - t0);
      t.evaluations += 1;
    };
    evaluate(false);
    const cpu0 = process.cpuUsage();
    t.first = performance.now();
    let chunk = 20;
    for (let step = 0; step < STEPS;) {
      const n = stepsToRun(step, STEPS, EVERY, chunk);
      const t0 = performance.now();
      twin.step(n);
      const took = performance.now() - t0;
      step += n;
      t.train += took;
      t.goes += 1;
      if (n === chunk || took > 60) chunk = nextChunk(n, took, 60, 5, twin.maxStepsPerCall);
      if (step % EVERY === 0 || step === STEPS) evaluate();
    }
    t.last = performance.now();
    const cpu = process.cpuUsage(cpu0);
    t.step = STEPS;
    t.cpuMs = (cpu.user + cpu.system) / 1000;
    twin.dispose();
    workers.push(t);
    console.log(`  node: ${name} ${STEPS} steps in ${secs(t.last - t.first)} (CPU ${secs(t.cpuMs)})`);
  }
  return { workers, page: null };
}

function nativeRun() {
  const exe = `${ROOT}build/native/paper_fig1`;
  if (!existsSync(exe)) throw new Error(`${exe} is missing: run ./build.sh build`);
  const dir = mkdtempSync(join(tmpdir(), 'bnlab-paper-bench-'));
  try {
    const csv = join(dir, 'fig1.csv');
    const t0 = performance.now();
    execFileSync(exe, [`${ROOT}${DATA}`, '--steps', STEPS, '--every', EVERY, '--seed', SEED, '--out', csv]
      .map(String), { stdio: 'ignore' });
    const wallMs = performance.now() - t0;
    const [header, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
    const keys = header.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], Number(v)])));
    return { wallMs, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`Figure 1: ${STEPS} steps x 2 nets (784-100-100-100-10 sigmoid, batch 60), evaluation every ${EVERY}, seed ${SEED}, ` +
  `${DIGITS === 70000 ? '60,000 train / 10,000 test digits' : '8,000 train / 2,000 test digits (light set)'}`);
let b = null;
if (BROWSER) {
  console.log('browser: headless Chromium, the page web/paper/index.html, figure updating');
  b = await browserRun();
}
if (b?.timing) printSplit(b.timing, 'each Worker');
if (NODE) {
  console.log(`node ${process.version}: the Workers' loop, one net after the other`);
  printSplit(await nodeRun(), 'Node, each net alone');
}
if (NATIVE) console.log('native: build/native/paper_fig1, one thread');
const n = NATIVE ? nativeRun() : null;

console.log('\nwall time (both nets, evaluations included)');
if (b) console.log(`  browser  ${secs(b.wallMs)}  (training ${secs(b.runMs)} in ${b.workers} Worker${b.workers > 1 ? 's' : ''}; ` +
  `page load + download + setup before it ${secs(b.loadMs)}; ${Math.round(STEPS / (b.runMs / 1000))} steps/s)`);
if (n) console.log(`  native   ${secs(n.wallMs)}  (${Math.round(STEPS / (n.wallMs / 1000))} steps/s` +
  `${b ? `; ratio browser/native ${(b.wallMs / n.wallMs).toFixed(2)}` : ''})`);

/**
 * Where each Worker's time went, per training step (µs), and the page thread's renders:
 * train (twin.step), test accuracy and probe (amortized over the steps), postMessage, waiting
 * (the rest of the span from its first go to its last: idle for the lockstep or a message).
 */
function printSplit({ workers, page }, what) {
  console.log(`\nper-step split, ${what} (µs per step of its net; evaluations amortized)`);
  console.log('  Worker       steps   train    test   probe    post    wait   total   per evaluation (test + probe)');
  for (const t of workers) {
    if (!t) continue;
    const span = t.last - t.first;
    const busy = t.train + t.test + t.probe + t.post;
    const us = (ms) => ((ms * 1000) / t.step).toFixed(0).padStart(7);
    console.log(`  ${t.twins.join('+').padEnd(10)} ${String(t.step).padStart(7)} ${us(t.train)} ${us(t.test)} ${us(t.probe)} ` +
      `${us(t.post)} ${us(span - busy)} ${us(span)}   ${((t.test + t.probe) / t.evaluations).toFixed(1)} ms ` +
      `(${t.evaluations} evaluations, ${t.goes} goes)${t.cpuMs ? `; CPU ${us(t.cpuMs).trim()} µs per step` : ''}`);
  }
  if (page) console.log(`  page thread: ${page.renders} renders, ${(page.renderMs / page.renders).toFixed(2)} ms each; ` +
    `${page.figureUpdates} figure updates, ${(page.figureMs / Math.max(1, page.figureUpdates)).toFixed(2)} ms each ` +
    `(${(page.renderMs / 1000).toFixed(2)} s in all)`);
}

const at = (s, twin, step) => s?.[twin].testAccuracy[s[twin].steps.indexOf(step)];
console.log('\ntest accuracy         with BN                      without BN');
console.log('   step      browser  native  paper≈     browser  native  paper≈');
for (const step of REPORT_AT) {
  const row = [];
  for (const [twin, prefix] of [['withBn', 'bn'], ['withoutBn', 'nobn']]) {
    const nat = n?.rows.find((r) => r.step === step)?.[`test_acc_${prefix}`];
    const paper = paperAccuracyAt(twin, step) ?? paperAccuracyAt(twin, Math.min(step, twin === 'withBn' ? 49000 : 44000));
    row.push(`${fmt(at(b?.series, twin, step))}  ${fmt(nat)}  ${fmt(paper, 3)}`);
  }
  console.log(`  ${String(step).padStart(6)}    ${row.join('     ')}`);
}
console.log('  (paper: read off its Figure 1; at 50,000 the last published points, ≈49K / ≈44K)');

if (n && b) {
  let acc = { d: 0 };
  let pct = { d: 0 };
  let firstOff = null;
  for (const r of n.rows) {
    for (const [twin, prefix] of [['withBn', 'bn'], ['withoutBn', 'nobn']]) {
      const i = b.series[twin].steps.indexOf(r.step);
      if (i < 0) continue;
      const da = Math.abs(b.series[twin].testAccuracy[i] - r[`test_acc_${prefix}`]);
      if (da > acc.d) acc = { d: da, step: r.step, twin };
      for (const q of ['p15', 'p50', 'p85']) {
        const dp = Math.abs(b.series[twin][q][i] - r[`${prefix}_${q}`]);
        if (dp > pct.d) pct = { d: dp, step: r.step, twin, q };
        if (dp > 1e-3 && !firstOff) firstOff = { step: r.step, twin, q, d: dp };
      }
    }
  }
  console.log('\nbrowser vs native, every evaluation point:');
  console.log(`  max |test accuracy difference| ${fmt(acc.d)}${acc.step !== undefined ? ` (${acc.twin}, step ${acc.step})` : ''}`);
  console.log(`  max |percentile difference|    ${pct.d.toExponential(2)}${pct.step !== undefined ? ` (${pct.twin} ${pct.q}, step ${pct.step})` : ''}`);
  console.log(`  first percentile difference above 1e-3: ${firstOff ? `step ${firstOff.step} (${firstOff.twin} ${firstOff.q}, ${firstOff.d.toExponential(2)})` : 'none'}`);
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ steps: STEPS, every: EVERY, seed: SEED, browser: b, native: n }));
