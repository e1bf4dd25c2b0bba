// How the lab feels: frame times while playing at the default settings, and the
// size of everything the page downloads (gzip -9). Writes
// tests/artifacts/lab-perf.json and prints a summary. Times are reported, never
// asserted (a shared CI machine is slower and noisier than a person's computer):
// `./build.sh bench` and tests/browser/lab-frames.mjs are where frame times are judged.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { ARTIFACTS, hookReady, openPage, useBrowser } from './browser.mjs';

const FRAMES = 600;

const env = useBrowser({ artifacts: true });
const report = {};
after(() => writeFileSync(`${ARTIFACTS}lab-perf.json`, `${JSON.stringify(report, null, 2)}\n`));

test(`frame time over ${FRAMES} frames of playing at the default settings`, async () => {
  const { page, errors } = await openPage(env.browser.context, `${env.server.url}index.html`, { width: 1280, height: 900 });
  await hookReady(page, 'bnlab');
  await page.evaluate(() => {
    window.bnlab.clearFrameStats();
    window.bnlab.play();
  });
  await page.waitForFunction((n) => window.bnlab.frameStats().work.count >= n, FRAMES, { timeout: 120_000, polling: 250 });
  const result = await page.evaluate(() => {
    window.bnlab.pause();
    return { stats: window.bnlab.frameStats(), step: window.bnlab.losses().step, settings: window.bnlab.settings() };
  });
  const { work, interval } = result.stats;
  report.frames = { count: work.count, stepsPlayed: result.step, speed: result.settings.speed, work, interval };
  console.log(`frames: ${work.count}, steps played: ${result.step}`);
  console.log(`work per frame (training + drawing): median ${work.median.toFixed(2)} ms, p95 ${work.p95.toFixed(2)} ms, max ${work.max.toFixed(2)} ms`);
  console.log(`interval between frames: median ${interval.median.toFixed(2)} ms, p95 ${interval.p95.toFixed(2)} ms`);
  // What must hold on any machine: playing drew frames and trained between them.
  assert.ok(work.count >= FRAMES && Number.isFinite(work.median), `frames counted: ${work.count}`);
  assert.ok(result.step > 0, `steps played: ${result.step}`);
  assert.deepEqual(errors, []);
  await page.close();
});

// index.html is the article with the lab as its section #lab: on top of the lab's own ~200 kB come the article's
// figures and the KaTeX stylesheet and fonts (~60 kB gzipped). The math is typeset at build time
// (web/tools/prerender-math.mjs), so no KaTeX code is downloaded: measured 352.9 kB with the lab's landscape chart
// (article.js 74.6 kB, was 144.4 kB with KaTeX in it; lab.js 54.1 kB; bnlab.wasm 124 kB); 376.7 kB with section 8
// (batch norm among its siblings: article.js 84.9 kB), the lab's setting norm (lab.js 56.9 kB) and the engine's
// layer/group norm, N-network trainer and exact f32x4 paths (bnlab.wasm 132.1 kB). The ceiling leaves room for
// the next figure, not for KaTeX coming back.
const PAGE_CEILING_GZ = 385_000;
test(`the page downloads less than ${PAGE_CEILING_GZ / 1000} kB gzipped`, async () => {
  const { server } = env;
  const { page, errors } = await openPage(env.browser.context, 'about:blank');
  const files = [];
  page.on('response', async (r) => {
    if (r.status() !== 200) return;
    files.push(r.body().then((body) => ({ url: r.url().replace(server.url, ''), raw: body.length, gzip: gzipSync(body, { level: 9 }).length })));
  });
  await page.goto(`${server.url}index.html`);
  await hookReady(page, 'bnlab');
  const list = await Promise.all(files);
  const total = list.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
  report.download = { files: list, total };
  for (const f of list) console.log(`${f.url}: ${f.raw} B, ${f.gzip} B gzipped`);
  console.log(`total: ${total.raw} B, ${total.gzip} B gzipped`);
  assert.ok(total.gzip < PAGE_CEILING_GZ, `${total.gzip} B gzipped`);
  assert.deepEqual(errors, []);
  await page.close();
});
