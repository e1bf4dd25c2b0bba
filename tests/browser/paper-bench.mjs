// Benchmark of the Figure 1 experiment (not a test): the full run in headless
// Chromium, on the page with its Workers and the figure updating, then the
// same run natively (build/native/paper_fig1); prints both wall times, the
// accuracies next to the paper's, and how far browser and native numbers lie apart.
//
//   node tests/browser/paper-bench.mjs [--steps 50000] [--every 500] [--workers 0|1|2] [--seed 1] [--no-native]
//                                      [--digits 70000|10000]
//                                      [--json FILE] [--screenshots DIR] [--root DIR]
// --root: serve another checkout (its built web/dist/ and build/native/), for before/after comparisons.
// --digits: 70000 the paper's split (default; the page downloads mnist-70k.bin.gz), 10000 the light set.
// --json writes both runs' points; --screenshots saves the finished page at 1280 px and 375 px.
// (./build.sh bench paper runs it after building.)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
    return { loadMs, wallMs, runMs: state.runMs, workers: state.workers, series };
  } finally {
    await browser.close();
    await server.close();
  }
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
console.log('browser: headless Chromium, the page web/paper/index.html, figure updating');
const b = await browserRun();
console.log('native: build/native/paper_fig1, one thread');
const n = NATIVE ? nativeRun() : null;

console.log('\nwall time (both nets, evaluations included)');
console.log(`  browser  ${secs(b.wallMs)}  (training ${secs(b.runMs)} in ${b.workers} Worker${b.workers > 1 ? 's' : ''}; ` +
  `page load + download + setup before it ${secs(b.loadMs)}; ${Math.round(STEPS / (b.runMs / 1000))} steps/s)`);
if (n) console.log(`  native   ${secs(n.wallMs)}  (${Math.round(STEPS / (n.wallMs / 1000))} steps/s; ratio browser/native ${(b.wallMs / n.wallMs).toFixed(2)})`);

const at = (s, twin, step) => s[twin].testAccuracy[s[twin].steps.indexOf(step)];
console.log('\ntest accuracy         with BN                      without BN');
console.log('   step      browser  native  paper≈     browser  native  paper≈');
for (const step of REPORT_AT) {
  const row = [];
  for (const [twin, prefix] of [['withBn', 'bn'], ['withoutBn', 'nobn']]) {
    const nat = n?.rows.find((r) => r.step === step)?.[`test_acc_${prefix}`];
    const paper = paperAccuracyAt(twin, step) ?? paperAccuracyAt(twin, Math.min(step, twin === 'withBn' ? 49000 : 44000));
    row.push(`${fmt(at(b.series, twin, step))}  ${fmt(nat)}  ${fmt(paper, 3)}`);
  }
  console.log(`  ${String(step).padStart(6)}    ${row.join('     ')}`);
}
console.log('  (paper: read off its Figure 1; at 50,000 the last published points, ≈49K / ≈44K)');

if (n) {
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
