// Benchmark of the lab's frames (not a test): plays the lab in headless
// Chromium at 1280×900 and reads bnlab.frameStats() (the player's own timings
// of the last 600 frames: work = training + drawing of one frame, interval =
// time between frames), for the default settings and for a heavy network
// (8 hidden layers × 32 units, batch 64), each also with Chromium's CPU
// throttled ×4 through the DevTools protocol (Emulation.setCPUThrottlingRate),
// as a stand-in for a phone.
//
//   node tests/browser/lab-frames.mjs [--frames 300] [--root DIR]
// --root: serve another checkout (its built web/dist/), for before/after comparisons.
import { resolve } from 'node:path';

import { ROOT as REPO, hookReady, launchChromium, openPage } from './browser.mjs';
import { startStaticServer } from './static_server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const FRAMES = Number(option('--frames', 300));
const ROOT = args.includes('--root') ? `${resolve(option('--root'))}/` : REPO;

const CASES = [
  { name: 'default settings', changes: {} },
  { name: '8 x 32, batch 64', changes: { hidden: Array(8).fill(32), batchSize: 64 } },
];

async function measure(context, url, changes, throttle) {
  const { page, errors } = await openPage(context, url, { width: 1280, height: 900 });
  try {
    await hookReady(page, 'bnlab');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.evaluate((c) => {
      if (Object.keys(c).length) window.bnlab.apply(c);
      window.bnlab.clearFrameStats();
      window.bnlab.play();
    }, changes);
    await page.waitForFunction((n) => window.bnlab.frameStats().work.count >= n, FRAMES,
      { timeout: 600_000, polling: 500 });
    const stats = await page.evaluate(() => {
      window.bnlab.pause();
      return window.bnlab.frameStats();
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
    return stats;
  } finally {
    await page.close();
  }
}

const server = await startStaticServer({ root: ROOT });
const browser = await launchChromium();
try {
  console.log(`lab frames in headless Chromium, 1280x900, ${FRAMES} played frames each (${ROOT})`);
  console.log(`${'settings'.padEnd(20)} ${'CPU'.padEnd(6)} ${'work median'.padStart(12)} ${'work p95'.padStart(9)} ` +
    `${'work max'.padStart(9)} ${'interval med'.padStart(12)} ${'fps'.padStart(5)}`);
  for (const c of CASES) {
    for (const throttle of [1, 4]) {
      const { work, interval } = await measure(browser.context, `${server.url}index.html#lab`, c.changes, throttle);
      console.log(`${c.name.padEnd(20)} ${`x${throttle}`.padEnd(6)} ${work.median.toFixed(2).padStart(9)} ms ` +
        `${work.p95.toFixed(2).padStart(6)} ms ${work.max.toFixed(2).padStart(6)} ms ${interval.median.toFixed(2).padStart(9)} ms ` +
        `${(1000 / interval.median).toFixed(0).padStart(5)}`);
    }
  }
  console.log('work = training + drawing of one frame (the player\'s own timing); fps from the median interval');
} finally {
  await browser.close();
  await server.close();
}
