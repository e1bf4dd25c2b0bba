// What the article says, as a reader sees it (index.html and the Figure 1 page
// in headless Chromium): the first screen holds a live twin that plays, pauses
// off screen and waits for Play under reduced motion; coloured text is
// readable in light and dark; numbers never print "− −" or a hyphen for a
// minus; units and layers are counted from 1; no line starts with punctuation
// after math; the sweep marks what failed and who ended lower. Every wait is on
// a condition (a hook, an attribute, a number of animation frames), never on a
// fixed time. Screenshots of the first screen go to tests/artifacts/.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTIFACTS, hookReady, openPage, testid, useBrowser } from './browser.mjs';

const env = useBrowser({ artifacts: true });
const FIGURES = ['hero', 'input-scaling', 'drift', 'covariate-shift', 'worked-example', 'training-loop', 'sweep',
  'batch-noise', 'really-race', 'really-landscape', 'really-coupling', 'test-time'];

async function openArticle({ width = 1280, height = 900, colorScheme = 'light', reducedMotion } = {}) {
  const page = await env.browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme, reducedMotion: reducedMotion ?? 'no-preference' });
  await page.goto(`${env.server.url}index.html`);
  await hookReady(page, 'bnArticle');
  return { page, errors };
}

const figureInfo = (page, name) => page.evaluate((n) => window.bnArticle.figures[n]?.info(), name);

/** Waits until the named figure is mounted (scrolling it into view first). */
async function showFigure(page, name) {
  await page.locator(`figure[data-figure="${name}"]`).scrollIntoViewIfNeeded();
  await page.waitForFunction((n) => window.bnArticle.figures[n] !== undefined, name);
}

/** Resolves after n animation frames of the page: a wait measured in the page's own time, not the clock's. */
const frames = (page, n) => page.evaluate((count) => new Promise((resolve) => {
  let k = 0;
  const tick = () => (++k >= count ? resolve() : requestAnimationFrame(tick));
  requestAnimationFrame(tick);
}), n);

/** Mounts every figure once and gives the slow ones what they need to show their text. */
async function visitAll(page) {
  for (const name of FIGURES) await showFigure(page, name);
  await testid(page, 'worked-example-identity').click();
  await testid(page, 'worked-example-bias').click();
  await testid(page, 'test-time-batch-one').click();
}

for (const [width, height, colorScheme, file] of [[1280, 900, 'light', 'first-screen-1280-light'],
  [1280, 900, 'dark', 'first-screen-1280-dark'], [375, 800, 'light', 'first-screen-375']]) {
  test(`at ${width}×${height} (${colorScheme}) the first screen holds the live twin, playing, with a link to the lab`, async () => {
    const { page, errors } = await openArticle({ width, height, colorScheme });
    await page.waitForFunction(() => window.bnArticle.figures.hero !== undefined);
    const box = await page.evaluate(() => {
      const fig = document.querySelector('figure[data-figure="hero"]');
      const r = fig.getBoundingClientRect();
      const canvases = [...fig.querySelectorAll('canvas')].map((c) => c.getBoundingClientRect())
        .map((c) => ({ top: c.top, bottom: c.bottom, width: c.width, height: c.height }));
      return { top: r.top, bottom: r.bottom, innerHeight, scrollY, canvases };
    });
    assert.equal(box.scrollY, 0);
    assert.ok(box.canvases.length >= 3, 'two decision boundaries and a loss chart');
    for (const c of box.canvases) {
      assert.ok(c.width > 100 && c.height > 100, `a canvas is too small: ${JSON.stringify(c)}`);
      assert.ok(c.top >= 0 && c.bottom <= box.innerHeight, `a canvas of the first figure is below the first screen: ${c.bottom} > ${box.innerHeight}`);
    }
    // It plays by itself, and BN's loss falls while the plain net's stays at chance (the caption's claim).
    await page.waitForFunction(() => window.bnArticle.figures.hero.info().step >= 600, null, { timeout: 300_000 });
    const info = await figureInfo(page, 'hero');
    assert.equal(info.reducedMotion, false);
    assert.ok(info.losses.withBn < 0.1, `BN loss ${info.losses.withBn} at step ${info.step}`);
    assert.ok(info.losses.withoutBn > 0.68, `plain loss ${info.losses.withoutBn} at step ${info.step}`);
    const href = await testid(page, 'hero-lab-link').getAttribute('href');
    assert.match(href, /^#.*activation=sigmoid.*/);
    assert.match(href, /hidden=16,16,16/);
    await page.screenshot({ path: `${ARTIFACTS}${file}.png` });
    // The link opens this run in the lab.
    await testid(page, 'hero-lab-link').click();
    await page.waitForFunction(() => window.bnlab?.settings?.().activation === 'sigmoid' &&
      window.bnlab.settings().learningRate === 0.5, null, { timeout: 300_000 });
    assert.deepEqual((await page.evaluate(() => window.bnlab.settings())).hidden, [16, 16, 16]);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the first-screen figure stops stepping off screen and goes on when it comes back', async () => {
  const { page, errors } = await openArticle();
  await page.waitForFunction(() => window.bnArticle.figures.hero?.info().step >= 10);
  await page.evaluate(() => document.getElementById('test-time').scrollIntoView());
  await page.waitForFunction(() => !window.bnArticle.figures.hero.info().running);
  const away = (await figureInfo(page, 'hero')).step;
  assert.ok(away < 2000, 'it was still playing when it left the screen');
  await frames(page, 30);
  const later = await figureInfo(page, 'hero');
  assert.equal(later.step, away, 'it trained off screen');
  assert.equal(later.playing, true, 'it is paused by being away, not stopped');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction((s) => window.bnArticle.figures.hero.info().step > s, away);
  assert.deepEqual(errors, []);
  await page.close();
});

test('with prefers-reduced-motion the first-screen figure waits for Play', async () => {
  const { page, errors } = await openArticle({ reducedMotion: 'reduce' });
  await page.waitForFunction(() => window.bnArticle.figures.hero !== undefined);
  await frames(page, 30);
  const before = await figureInfo(page, 'hero');
  assert.equal(before.reducedMotion, true);
  assert.equal(before.step, 0);
  assert.equal(before.playing, false);
  await testid(page, 'hero-play').click();
  await page.waitForFunction(() => window.bnArticle.figures.hero.info().step > 0);
  assert.deepEqual(errors, []);
  await page.close();
});

/**
 * Runs in the page: the contrast of every coloured text against what is behind it (background colours of the
 * ancestors, composited), with the opacity of the element and its ancestors applied to the text colour.
 */
function colouredTextContrast() {
  const SELECTOR = '[class*="sym-"], .sym, .twin-name, .class0, .class1, .key-mark, .hero-link a, .fig-error';
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const lum = ([r, g, b]) => [r, g, b].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const out = [];
  for (const el of document.querySelectorAll(SELECTOR)) {
    const text = el.textContent.trim();
    const rect = el.getBoundingClientRect();
    if (!text || rect.width === 0 || rect.height === 0 || el.closest('.katex-mathml, [hidden]')) continue;
    // What is behind: backgrounds from the root down to the element.
    const chain = [];
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) {
      chain.unshift(parse(getComputedStyle(e).backgroundColor));
      opacity *= Number(getComputedStyle(e).opacity);
    }
    let bg = [255, 255, 255, 1];
    for (const c of chain) if (c[3] > 0) bg = over(c, bg);
    const fg = parse(getComputedStyle(el).color);
    const seen = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
    const [hi, lo] = [lum(seen), lum(bg)].sort((a, b) => b - a);
    out.push({ text: text.slice(0, 30), cls: el.className, ratio: (hi + 0.05) / (lo + 0.05) });
  }
  return out;
}

for (const colorScheme of ['light', 'dark']) {
  test(`coloured text (symbols, network names) has at least 4.5:1 contrast in ${colorScheme}`, async () => {
    const { page, errors } = await openArticle({ colorScheme });
    await visitAll(page);
    // The pseudo-code highlight and a highlighted table row put coloured text on the panel background.
    await testid(page, 'training-loop-step').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="training-loop-code"] li.active'));
    await page.locator('[data-testid="worked-example-table"] tbody tr').nth(2).click();
    const measured = await page.evaluate(colouredTextContrast);
    assert.ok(measured.length > 100, `only ${measured.length} coloured texts found`);
    const classes = new Set(measured.map((m) => String(m.cls).match(/sym-\w+|twin-name/g)?.[0]).filter(Boolean));
    for (const c of ['sym-z', 'sym-beta', 'sym-gamma', 'sym-mu', 'sym-znorm', 'twin-name']) assert.ok(classes.has(c), `no ${c} measured`);
    const low = measured.filter((m) => m.ratio < 4.5).map((m) => `${m.cls} “${m.text}” ${m.ratio.toFixed(2)}:1`);
    assert.deepEqual(low, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

/** Runs in the page: the text a reader sees (typeset math without its hidden MathML copy), one string. */
function visibleText() {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('.katex-mathml, script, style, noscript, [hidden]')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.data);
  return parts.join(' ').replace(/\s+/g, ' ');
}

test('numbers never print "− −" or a hyphen as a minus, and units and layers count from 1', async () => {
  const { page, errors } = await openArticle();
  await visitAll(page);
  // Walk the worked example over every layer and unit, so that negative means and βs appear in its formula line.
  // (On screen first: a section far from the viewport is not laid out (content-visibility), so a click
  // aimed at it before it is rendered lands where its placeholder put it.)
  await showFigure(page, 'worked-example');
  await frames(page, 2);
  const texts = [];
  for (const layer of [0, 1, 2]) {
    await testid(page, `worked-example-layer-${layer}`).check({ force: true });
    for (const unit of [0, 1, 2, 3, 4, 5]) {
      await testid(page, `worked-example-unit-${unit}`).check({ force: true });
      texts.push(await testid(page, 'worked-example-formulas').textContent());
    }
  }
  await testid(page, 'training-loop-step').click();
  await page.waitForFunction(() => window.bnArticle.figures['training-loop'].info().phase === 'done', null, { timeout: 300_000 });
  await showFigure(page, 'sweep'); // the sweep computes only while on screen: it stays there while the test waits
  await page.waitForFunction(() => window.bnArticle.figures.sweep.info().done >= 10, null, { timeout: 120_000 });
  const all = [await page.evaluate(visibleText), ...texts].join(' ');
  assert.ok(texts.some((t) => /\(−\d/.test(t)), 'a negative operand appears bracketed in some formula');
  assert.doesNotMatch(all, /[−-]\s*[−-]\s*\d/, 'a number printed as "− −"');
  assert.doesNotMatch(all, /(^|[\s(=[,:])-\d/, 'a negative number printed with a hyphen instead of a minus sign');
  assert.doesNotMatch(all, /\b(unit|layer|example) 0\b/i, 'something counted from 0');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the Figure 1 page counts units from 1, says what its panels show, and its coloured text is readable', async () => {
  const { page, errors } = await openPage(env.browser.context, `${env.server.url}web/paper/index.html#steps=1000`,
    { width: 1280, height: 900 });
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.waitForFunction(() => document.querySelector('[data-testid="paper-settings"]').textContent.length > 50);
  const text = await page.evaluate(visibleText);
  assert.match(text, /follow unit 1 of hidden layer 3/);
  assert.doesNotMatch(text, /\bunit 0\b/);
  assert.doesNotMatch(text, /stays put/);
  assert.match(text, /the spread still changes/);
  const low = (await page.evaluate(colouredTextContrast)).filter((m) => m.ratio < 4.5);
  assert.deepEqual(low.map((m) => `${m.cls} “${m.text}” ${m.ratio.toFixed(2)}:1`), []);
  await page.screenshot({ path: `${ARTIFACTS}paper-page-top.png` });
  assert.deepEqual(errors.filter((e) => !/mnist|digits/i.test(e)), []);
  await page.close();
});

/**
 * Runs in the page: every punctuation mark that opens a text node right after an inline element (math, a link, a
 * coloured span), and whether it sits on the same line as the end of that element.
 */
function punctuationAfterInline() {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const m = /^[,.;:!?)]/.exec(n.data);
    const prev = n.previousSibling;
    if (!m || !prev || prev.nodeType !== 1 || n.parentElement.closest('.katex, canvas, [hidden]')) continue;
    const range = document.createRange();
    range.setStart(n, 0);
    range.setEnd(n, 1);
    const mark = range.getBoundingClientRect();
    const rects = prev.getClientRects();
    if (!rects.length || mark.height === 0) continue;
    const last = rects[rects.length - 1];
    const middle = (mark.top + mark.bottom) / 2;
    out.push({ text: `${prev.textContent.slice(-20)}${n.data.slice(0, 10)}`, sameLine: middle >= last.top - 1 && middle <= last.bottom + 1 });
  }
  return out;
}

test('at every width from 300 to 1,400 px no line starts with punctuation after math or another inline element', async () => {
  const { page, errors } = await openArticle({ width: 375, height: 800 });
  await visitAll(page);
  await page.evaluate(() => document.fonts.ready);
  // Every section laid out at every width, as each is when a reader scrolls to it: off screen the page
  // skips their layout (content-visibility), and their lines would keep the breaks of an earlier width.
  await page.addStyleTag({ content: 'section.prose { content-visibility: visible !important; }' });
  const wrong = [];
  let checked = 0;
  // Where a line breaks depends on the width: sweep it (a resize relayouts before the next measurement).
  for (let width = 300; width <= 1400; width += 20) {
    await page.setViewportSize({ width, height: 800 });
    const marks = await page.evaluate(punctuationAfterInline);
    checked += marks.length;
    for (const m of marks) if (!m.sameLine) wrong.push(`${width}px: “${m.text}”`);
  }
  assert.ok(checked > 20 * 56, `only ${checked} punctuation marks after inline elements`);
  assert.deepEqual(wrong, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the sweep marks cells that ended worse than chance and the network that ended lower, and counts at two thresholds', async () => {
  const { page, errors } = await openArticle();
  await showFigure(page, 'sweep');
  await page.waitForFunction(() => {
    const i = window.bnArticle.figures.sweep.info();
    return i.done === i.total;
  }, null, { timeout: 120_000 });
  const info = await figureInfo(page, 'sweep');
  const flat = (net) => info.cells[net].flat();
  // α = 10 is the last column: every BN run there ended at chance or worse, and at least one worse (hatched).
  const lastColumn = info.cells.withBn.map((row) => row.at(-1));
  assert.ok(lastColumn.every((c) => c.final >= 0.68), 'BN at α = 10 learned something');
  assert.ok(lastColumn.some((c) => c.worse), 'no BN run at α = 10 is marked worse than chance');
  assert.ok(flat('withoutBn').some((c) => c.lower), 'no cell marks the plain network as ending lower');
  assert.ok(flat('withBn').some((c) => c.lower), 'no cell marks the BN network as ending lower');
  for (let i = 0; i < info.cells.withBn.length; ++i) {
    for (let j = 0; j < info.cells.withBn[i].length; ++j) {
      assert.ok(!(info.cells.withBn[i][j].lower && info.cells.withoutBn[i][j].lower), 'both marked lower in one cell');
    }
  }
  const readout = await page.locator('figure[data-figure="sweep"] .fig-readout').textContent();
  assert.match(readout, /below 0\.1: with BN in \d+ cells, without in \d+; below 0\.02: with BN in \d+, without in \d+/);
  assert.match(readout, /Ended lower than its twin: with BN in \d+, without in \d+/);
  const legend = await testid(page, 'sweep-legend').textContent();
  assert.match(legend, /worse than chance/);
  assert.match(legend, /diverged/);
  await page.locator('figure[data-figure="sweep"]').screenshot({ path: `${ARTIFACTS}article-sweep.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the worked example can put z, z_norm and z̃ on one shared axis', async () => {
  const { page, errors } = await openArticle();
  await showFigure(page, 'worked-example');
  const canvas = page.locator('[data-testid="worked-example-plot"] canvas');
  const own = await canvas.evaluate((c) => c.toDataURL());
  await testid(page, 'worked-example-shared').check();
  await page.waitForFunction(() => window.bnArticle.figures['worked-example'].info().shared === true);
  assert.notEqual(await canvas.evaluate((c) => c.toDataURL()), own, 'the shared axis changed nothing');
  await page.locator('figure[data-figure="worked-example"]').screenshot({ path: `${ARTIFACTS}article-worked-shared.png` });
  assert.deepEqual(errors, []);
  await page.close();
});
