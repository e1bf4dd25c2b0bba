// Layout of embedded figures in a real blog post (the Jekyll site of blog-sites.mjs) and of every preset:
// nothing moves while figures load and start (cumulative layout shift, PerformanceObserver
// 'layout-shift', at 1280 and 375 px), every preset fits a phone without a sideways scroll inside the
// figure, and the height each preset reserves before its script runs is its real height.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { EMBED_PRESETS } from '../../web/embed/presets.js';
import { requireTool, serveSite } from './blog-sites.mjs';
import { layoutShift, openPost, scrollThrough } from './blog-post.mjs';
import { ARTIFACTS, openPage, useBrowser } from './browser.mjs';

const env = useBrowser({ artifacts: true });
let site;
const measured = {};

before(async () => {
  requireTool('jekyll');
  site = await serveSite('jekyll');
});
after(() => {
  writeFileSync(`${ARTIFACTS}blog-layout.json`, `${JSON.stringify(measured, null, 2)}\n`);
  return site?.close();
});

for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 375, 800]]) {
  test(`the Jekyll post at ${width} px: cumulative layout shift below 0.01 while its figures load, start and resize`, async () => {
    const { page, errors } = await openPost(env.browser.context, site.url, width, height);
    const frames = await scrollThrough(page);
    const cls = await layoutShift(page);
    measured[`cls-${width}`] = cls;
    console.log(`CLS at ${width} px: ${cls.total.toFixed(4)} (${cls.shifts.length} shifts)`);
    assert.ok(cls.total < 0.01, `CLS ${cls.total}: ${JSON.stringify(cls.shifts)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${overflow}px of horizontal overflow`);
    // Screenshots: the whole post, and each figure on its own (a full-page capture leaves sandboxed iframes blank).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}blog-jekyll-${name}.png`, fullPage: true });
    const figures = page.locator('bn-lab, iframe[data-bn-lab]');
    for (let i = 0; i < await figures.count(); ++i) {
      await figures.nth(i).scrollIntoViewIfNeeded();
      await figures.nth(i).screenshot({ path: `${ARTIFACTS}blog-jekyll-${name}-figure-${i + 1}.png` });
    }
    assert.equal(frames.size, 1);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

/** Each element's height, and the widest sideways scroll inside it (containers whose content is wider than they are). */
const figureBoxes = (page) => page.evaluate(() => [...document.querySelectorAll('bn-lab')].map((e) => {
  const scrolls = [e, ...e.shadowRoot.querySelectorAll('*')]
    .filter((x) => x.scrollWidth > x.clientWidth + 1 && getComputedStyle(x).overflowX !== 'visible')
    .map((x) => `${x.className || x.tagName}: ${x.scrollWidth} > ${x.clientWidth}`);
  const hidden = [...e.shadowRoot.querySelectorAll('th, td')].filter((c) => {
    const r = c.getBoundingClientRect();
    const host = e.getBoundingClientRect();
    return r.right > host.right + 1 || r.left < host.left - 1;
  }).length;
  return { preset: e.getAttribute('preset'), height: e.getBoundingClientRect().height, scrolls, hidden };
}));

/** The page with one element per preset, in a window this wide and tall enough for all, once each has drawn and trained. */
async function openPresets(width) {
  const opened = await openPage(env.browser.context, `${env.server.url}tests/browser/fixtures/embed-presets.html`,
    { width, height: 20_000 });
  await opened.page.waitForFunction(() => [...document.querySelectorAll('bn-lab')]
    .every((e) => (e.getAttribute('preset') === 'paper' ? e.firstFrameTime !== null : e.steps > 1)), null, { timeout: 120_000 });
  return opened;
}

test('every preset fits 375 px: no sideways scroll inside the figure, no table cell outside it', async () => {
  const { page, errors } = await openPresets(375);
  const boxes = await figureBoxes(page);
  assert.deepEqual(boxes.map((b) => b.preset).sort(), EMBED_PRESETS.map((p) => p.id).sort());
  for (const b of boxes) {
    assert.deepEqual(b.scrolls, [], `${b.preset} scrolls sideways at 375 px`);
    assert.equal(b.hidden, 0, `${b.preset}: table cells outside the figure`);
  }
  await page.screenshot({ path: `${ARTIFACTS}blog-presets-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the height each preset reserves (presets.js) is its height in a 700 px column, to within 4%', async () => {
  // fixtures.css: body.column is at most 900 px wide; 700 px of column in a 716 px window (body margins 8 px).
  const { page, errors } = await openPresets(716);
  const boxes = await figureBoxes(page);
  measured.heights700 = Object.fromEntries(boxes.map((b) => [b.preset, Math.round(b.height)]));
  console.log(`heights in a 700 px column: ${JSON.stringify(measured.heights700)}`);
  for (const p of EMBED_PRESETS) {
    const h = measured.heights700[p.id];
    assert.ok(Math.abs(h - p.height) <= 0.04 * h, `${p.id}: reserves ${p.height} px, is ${h} px`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
