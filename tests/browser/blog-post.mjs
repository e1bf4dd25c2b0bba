// What the blog tests check on a built post (tests/browser/blog-*.test.mjs): every <bn-lab> and every
// embed iframe draws and trains, the iframes fit their figures (also after the page narrows), nothing
// moves while the figures load and start (cumulative layout shift), nothing leaves the origin.
import assert from 'node:assert/strict';

import { inks, openPage, scrollSettled } from './browser.mjs';
import { embedFrame, iframeFits } from './embed-frames.mjs';

/** Runs in the page before its scripts: sums the main frame's layout shifts (not caused by input) in window.__cls. */
function recordLayoutShifts() {
  if (window.top !== window) return;
  window.__cls = { total: 0, shifts: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__cls.total += e.value;
      window.__cls.shifts.push({
        value: e.value,
        sources: e.sources.map((s) => `${s.node?.nodeName ?? '?'} ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)}`
          + ` h ${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.height)}`),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** Opens a post at a viewport size, recording errors, requests and layout shifts. */
export const openPost = (context, url, width, height) =>
  openPage(context, url, { width, height, init: recordLayoutShifts });

/** Waits until element i has drawn and taken more than `steps` steps; fails with its notice if its engine failed. */
export async function trains(page, i, steps = 3) {
  await page.waitForFunction(([k, n]) => {
    const e = document.querySelectorAll('bn-lab')[k];
    const notice = e.shadowRoot?.querySelector('[data-testid="notice"]');
    if (notice && !notice.hidden && notice.textContent) throw new Error(`bn-lab ${k}: ${notice.textContent}`);
    return e.firstFrameTime !== null && e.steps > n;
  }, [i, steps], { timeout: 120_000 });
}

/**
 * Scrolls through the post a screen at a time; at each stop, every figure on screen has drawn and taken
 * a step (and each iframe fits its figure) before it goes on. Returns the embed iframes' Frames.
 */
export async function scrollThrough(page) {
  const frames = new Map();
  for (;;) {
    await scrollSettled(page);
    const onScreen = await page.evaluate(() => {
      const visible = (e) => {
        const r = e.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      };
      return {
        elements: [...document.querySelectorAll('bn-lab')].map((e, i) => (visible(e) ? i : -1)).filter((i) => i >= 0),
        iframes: [...document.querySelectorAll('iframe[data-bn-lab]')].map((e, i) => (visible(e) ? i : -1)).filter((i) => i >= 0),
      };
    });
    for (const i of onScreen.elements) await trains(page, i, 0);
    for (const i of onScreen.iframes) {
      if (!frames.has(i)) frames.set(i, await embedFrame(page, `iframe[data-bn-lab] >> nth=${i}`));
      const frame = frames.get(i);
      await frame.waitForFunction(() => document.querySelector('bn-lab').steps >= 1, null, { timeout: 120_000 });
      await iframeFits(page, page.locator('iframe[data-bn-lab]').nth(i), frame);
    }
    const more = await page.evaluate(() => {
      const before = window.scrollY;
      window.scrollBy(0, Math.round(innerHeight * 0.8));
      return window.scrollY !== before;
    });
    if (!more) return frames;
  }
}

/** The post's cumulative layout shift so far, and its shifts. */
export const layoutShift = (page) => page.evaluate(() => window.__cls);

/**
 * The whole check of a served post with elements and an iframe (at 1280 × 900): each draws and trains,
 * the iframe fits its figure and follows a narrower page, no error, no request off the origin.
 * @returns {Promise<{elements: number, iframes: number}>}
 */
export async function checkPost(context, url, origin) {
  const { page, errors, requests } = await openPost(context, url, 1280, 900);
  const count = await page.evaluate(() => ({
    elements: document.querySelectorAll('bn-lab').length, iframes: document.querySelectorAll('iframe[data-bn-lab]').length,
  }));
  assert.ok(count.elements >= 1 && count.iframes >= 1, `the post has elements and iframes: ${JSON.stringify(count)}`);
  const frames = await scrollThrough(page);
  for (let i = 0; i < count.elements; ++i) {
    await trains(page, i, 3);
    const el = page.locator('bn-lab').nth(i);
    // The include's "loads here" line is no longer drawn once the element has its shadow root.
    assert.equal(await el.evaluate((e) => [...e.children].every((c) => c.getClientRects().length === 0)), true);
    const inked = (await inks(el, 'canvas.fig-canvas')).map((c) => c.inked);
    assert.ok(inked.length >= 2 && inked.every((v) => v > 0.01), `bn-lab ${i}: canvases ${inked}`);
  }
  assert.equal(frames.size, count.iframes, 'every iframe drew its figure');
  const iframe = page.locator('iframe[data-bn-lab]').first();
  const frame = frames.get(0);
  await frame.waitForFunction(() => document.querySelector('bn-lab').steps >= 2, null, { timeout: 120_000 });
  assert.equal(await frame.evaluate(() => self.origin), 'null', 'the iframe is sandboxed');
  let size = await iframeFits(page, iframe, frame);
  assert.ok(Math.abs(size.inner - size.outer) <= 1, `iframe ${size.outer}px for content ${size.inner}px`);
  // A phone-wide page makes the figure taller: the iframe follows.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForFunction((h) => Math.abs(document.querySelector('iframe[data-bn-lab]').getBoundingClientRect().height - h) > 1,
    size.outer, { timeout: 60_000 });
  size = await iframeFits(page, iframe, frame);
  assert.ok(Math.abs(size.inner - size.outer) <= 1, `phone: iframe ${size.outer}px for content ${size.inner}px`);
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')), [],
    'no request leaves the site');
  assert.deepEqual(errors, []);
  await page.close();
  return count;
}
