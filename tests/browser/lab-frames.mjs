// Benchmark of the lab's frames (not a test): plays the lab in headless
// Chromium at 1280×900 and reads bnlab.frameStats() (the player's own timings
// of the last 600 frames: work = training + drawing of one frame, interval =
// time between frames), for the default settings and for a heavy network
// (8 hidden layers × 32 units, batch 64), each also with Chromium's CPU
// throttled ×4 through the DevTools protocol (Emulation.setCPUThrottlingRate),
// as a stand-in for a phone.
//
//   node tests/browser/lab-frames.mjs [--frames 300] [--root DIR] [--profile FILE] [--trace] [--cases default,heavy]
//     [--throttles 1,4] [--at TESTID]
// Parts of the lab out of view are not drawn while playing (web/lab/frame-plan.js), so what is measured
// depends on where the page is scrolled: at #lab the decision boundaries are in view;
// --at TESTID scrolls that element to the top first (e.g. fig-distributions-withBn, the histograms).
// Besides the frame times it prints the training steps taken in the played frames.
// --root: serve another checkout (its built web/dist/), for before/after comparisons.
// --trace: also record a Chromium trace of the played frames of each case (unthrottled only) and print
//   where the page's main thread spent them by trace event (style, layout, paint, …, inclusive times).
// --profile: also record a CPU profile of the played frames of each case (unthrottled only), write it
//   to FILE-<case>.cpuprofile (DevTools opens it) and print the top functions by self and total time.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { ROOT as REPO, hookReady, launchChromium, openPage } from './browser.mjs';
import { startStaticServer } from './static_server.mjs';
import { printProfile, summarizeProfile } from './cpu-profile.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const FRAMES = Number(option('--frames', 300));
const ROOT = args.includes('--root') ? `${resolve(option('--root'))}/` : REPO;
const PROFILE = option('--profile', null);
const THROTTLES = option('--throttles', '1,4').split(',').map(Number);
const TRACE = args.includes('--trace');
const AT = option('--at', null);

// Trace events of the played frames (DevTools' timeline categories), collected through the protocol.
async function startTrace(cdp) {
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,gpu', transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

// Inclusive milliseconds per event name on the renderer's main thread, per frame, the top ones.
function printTrace(events, frames) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const byName = new Map();
  for (const e of events) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !e.dur) continue;
    byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
  }
  console.log(`  main thread by trace event (inclusive ms per frame, ${frames} frames):`);
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 18))
    console.log(`    ${(ms / frames).toFixed(2).padStart(7)} ms  ${name}`);
}

const CASES = [
  { id: 'default', name: 'default settings', changes: {} },
  { id: 'heavy', name: '8 x 32, batch 64', changes: { hidden: Array(8).fill(32), batchSize: 64 } },
].filter((c) => option('--cases', 'default,heavy').split(',').includes(c.id));

async function measure(context, url, changes, throttle, profileTo = null, trace = false) {
  const { page, errors } = await openPage(context, url, { width: 1280, height: 900 });
  try {
    await hookReady(page, 'bnlab');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    if (profileTo) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); // µs
    }
    await page.evaluate((c) => {
      if (Object.keys(c).length) window.bnlab.apply(c);
    }, changes);
    if (AT) {
      await page.evaluate((id) => {
        const e = document.querySelector(`[data-testid="${id}"]`);
        if (!e) throw new Error(`--at: no element with data-testid="${id}"`);
        e.scrollIntoView({ block: 'start' });
      }, AT);
    }
    if (profileTo) await cdp.send('Profiler.start');
    const stopTrace = trace ? await startTrace(cdp) : null;
    await page.evaluate(() => {
      window.bnlab.clearFrameStats();
      window.bnlab.play();
    });
    await page.waitForFunction((n) => window.bnlab.frameStats().work.count >= n, FRAMES,
      { timeout: 600_000, polling: 500 });
    const stats = await page.evaluate(() => {
      window.bnlab.pause();
      return { ...window.bnlab.frameStats(), steps: window.bnlab.losses().step };
    });
    if (stopTrace) printTrace(await stopTrace(), stats.work.count);
    if (profileTo) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(profileTo, JSON.stringify(profile));
      console.log(`  profile of the played frames: ${profileTo}`);
      printProfile(summarizeProfile(profile, { root: ROOT, server: new URL(url).origin }));
    }
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
  console.log(`lab frames in headless Chromium, 1280x900, ${FRAMES} played frames each (${ROOT}), ` +
    `scrolled to ${AT ?? '#lab'}`);
  console.log(`${'settings'.padEnd(20)} ${'CPU'.padEnd(6)} ${'work median'.padStart(12)} ${'work p95'.padStart(9)} ` +
    `${'work max'.padStart(9)} ${'interval med'.padStart(12)} ${'fps'.padStart(5)} ${'steps'.padStart(6)}`);
  for (const c of CASES) {
    for (const throttle of THROTTLES) {
      const profileTo = PROFILE && throttle === 1 ? `${PROFILE}-${c.id}.cpuprofile` : null;
      const { work, interval, steps } = await measure(browser.context, `${server.url}index.html#lab`, c.changes, throttle, profileTo,
        TRACE && throttle === 1);
      console.log(`${c.name.padEnd(20)} ${`x${throttle}`.padEnd(6)} ${work.median.toFixed(2).padStart(9)} ms ` +
        `${work.p95.toFixed(2).padStart(6)} ms ${work.max.toFixed(2).padStart(6)} ms ${interval.median.toFixed(2).padStart(9)} ms ` +
        `${(1000 / interval.median).toFixed(0).padStart(5)} ${String(steps).padStart(6)}`);
    }
  }
  console.log('work = training + drawing of one frame (the player\'s own timing); fps from the median interval; ' +
    'steps: training steps taken in the played frames');
} finally {
  await browser.close();
  await server.close();
}
