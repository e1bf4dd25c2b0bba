// The article (index.html, with the lab as its section #lab) in headless Chromium: every figure draws and answers its control, the
// math is typeset by the shipped KaTeX, the worked example shows the engine's
// numbers, the pseudo-code walks through every line of a step, figures off
// screen do not train, phones do not scroll sideways. Saves screenshots of
// every section (desktop light and dark, phone) and a timing/size report in
// tests/artifacts/.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';

import {
  ARTIFACTS, frames, hookReady, inks, openPage, scrollSettled, testid, useBrowser, visibility, withStrictServer,
} from './browser.mjs';
import { STRICT_CSP } from './static_server.mjs';

const PAGE = 'index.html';
const FIGURES = ['input-scaling', 'drift', 'covariate-shift', 'worked-example', 'training-loop', 'sweep', 'batch-noise',
  'really-race', 'really-landscape', 'really-coupling', 'test-time'];
const SECTIONS = ['intro', 'inputs', 'moving-target', 'transform', 'minibatches', 'why', 'really', 'test-time', 'lab',
  'further'];

const env = useBrowser({ artifacts: true });
const report = { page: PAGE };
after(() => writeFileSync(`${ARTIFACTS}article-perf.json`, `${JSON.stringify(report, null, 2)}\n`));

/** Opens the article, records every request, and waits for window.bnArticle.ready. */
async function openArticle({ width = 1280, height = 900, colorScheme = 'light', reducedMotion, base = env.server } = {}) {
  const opened = await openPage(env.browser.context, `${base.url}${PAGE}`, { width, height, colorScheme, reducedMotion });
  await hookReady(opened.page, 'bnArticle');
  return opened;
}

const slot = (page, name) => page.locator(`figure[data-figure="${name}"]`);

/** Scrolls a figure into view and waits until it is mounted. */
async function showFigure(page, name) {
  await slot(page, name).scrollIntoViewIfNeeded();
  await page.waitForFunction((n) => window.bnArticle.figures[n] !== undefined, name);
}

const info = (page, name) => page.evaluate((n) => window.bnArticle.figures[n].info(), name);

/** Every canvas of a figure as PNG data, to see whether a control changed the drawing. */
const pixels = (page, name) => slot(page, name).evaluate((fig) => [...fig.querySelectorAll('canvas')].map((c) => c.toDataURL()).join('|'));

/** Waits until a figure's canvases differ from `before` (pixels()); fails if they never do. */
const drawingChanges = (page, name, before) => page.waitForFunction(([n, b]) => {
  const fig = document.querySelector(`figure[data-figure="${n}"]`);
  return [...fig.querySelectorAll('canvas')].map((c) => c.toDataURL()).join('|') !== b;
}, [name, before], { polling: 100, timeout: 300_000 }).catch(() => assert.fail(`${name}: the control changed nothing`));

/**
 * What shows that a figure has run a little once on screen: a step past the first for those that
 * train by themselves, one finished run for the sweep; the others draw as they mount.
 */
const RAN = {
  'input-scaling': 'step >= 1', drift: 'step >= 1', 'covariate-shift': 'step >= 1', sweep: 'done >= 1', 'test-time': 'step >= 1',
  'really-race': 'step >= 25', 'really-landscape': 'probes >= 1',
};

/** Scrolls a figure into view and waits until it is mounted and has run a little (RAN), on screen. */
async function runFigure(page, name) {
  await showFigure(page, name);
  if (!RAN[name]) return;
  const [field, , min] = RAN[name].split(' ');
  await page.waitForFunction(([n, f, m]) => window.bnArticle.figures[n].info()[f] >= Number(m), [name, field, min],
    { timeout: 300_000 });
}

async function assertDrawn(page, name) {
  const all = await inks(slot(page, name));
  assert.ok(all.length > 0, `${name} has no canvas`);
  for (const [k, c] of all.entries()) {
    assert.ok(c.inked > 0.01, `${name} canvas ${k} is blank (${(100 * c.inked).toFixed(2)}% drawn)`);
    assert.ok(c.colours >= 3, `${name} canvas ${k} uses only ${c.colours} colours`);
  }
}

test('the article loads cleanly, and no request leaves the page’s origin', async () => {
  const { page, errors, requests } = await openArticle();
  const origin = new URL(env.server.url).origin;
  // Bring every figure in once, so their requests (if any) happen too.
  for (const name of FIGURES) await showFigure(page, name);
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  // The lab and the article share one engine module: bnlab.wasm is fetched once.
  assert.equal(requests.filter((u) => u.endsWith('/bnlab.wasm')).length, 1);
  await hookReady(page, 'bnlab');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.articleReady), 'true');
  assert.deepEqual(await page.evaluate(() => window.bnArticle.errors), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test(`the article and its figures work under Content-Security-Policy: ${STRICT_CSP}`, () => withStrictServer(async (strict) => {
  const { page, errors } = await openArticle({ base: strict });
  await showFigure(page, 'worked-example');
  await testid(page, 'worked-example-step').click();
  assert.ok(await page.locator('.katex').count() > 40);
  assert.deepEqual(await page.evaluate(() => window.bnArticle.errors), []);
  assert.deepEqual(errors, []);
  await page.close();
}));

test('KaTeX typesets every equation from the shipped copy: no raw TeX is visible', async () => {
  const { page, errors, requests } = await openArticle();
  const math = await page.evaluate(async () => {
    await document.fonts.ready;
    const tex = [...document.querySelectorAll('.tex')];
    return {
      count: tex.length,
      rendered: tex.filter((el) => el.querySelector('.katex')).length,
      errors: document.querySelectorAll('.katex-error').length,
      coloured: document.querySelectorAll('.katex .sym-mu, .katex .sym-gamma, .katex .sym-znorm').length,
      text: document.body.innerText,
      fontLoaded: document.fonts.check('16px KaTeX_Main') && document.fonts.check('16px KaTeX_Math'),
      muColour: getComputedStyle(document.querySelector('.katex .sym-mu')).color,
      muVar: getComputedStyle(document.documentElement).getPropertyValue('--mu').trim(),
    };
  });
  assert.ok(math.count >= 40, `only ${math.count} equations`);
  assert.equal(math.rendered, math.count);
  assert.equal(math.errors, 0);
  assert.ok(math.coloured > 10);
  for (const raw of ['\\htmlClass', '\\frac', '\\begin', '\\mu', '\\sqrt', '$']) {
    assert.ok(!math.text.includes(raw), `raw TeX "${raw}" is visible`);
  }
  assert.ok(math.fontLoaded, 'the KaTeX fonts load');
  assert.ok(requests.some((u) => /web\/dist\/katex\/fonts\/KaTeX_Main-Regular\.woff2$/.test(u)), 'fonts come from web/dist/katex');
  // μ in an equation has the colour of μ in the figures (--mu).
  const hex = math.muVar.replace('#', '');
  const rgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  assert.equal(math.muColour, `rgb(${rgb.join(', ')})`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('every figure draws something and answers its control', async () => {
  const { page, errors } = await openArticle();
  const changed = async (name, act, settle) => {
    const before = await pixels(page, name);
    await act();
    if (settle) await page.waitForFunction(settle.fn, settle.arg, { timeout: 300_000 });
    await drawingChanges(page, name, before);
  };

  await showFigure(page, 'input-scaling');
  await page.waitForFunction(() => window.bnArticle.figures['input-scaling'].info().step === 40, null, { timeout: 300_000 });
  await assertDrawn(page, 'input-scaling');
  await changed('input-scaling', () => testid(page, 'input-scaling-mode-normalized').check({ force: true }));
  assert.equal(await slot(page, 'input-scaling').getAttribute('data-mode'), 'normalized');

  await showFigure(page, 'drift');
  await page.waitForFunction(() => window.bnArticle.figures.drift.info().step >= 40);
  await assertDrawn(page, 'drift');
  await testid(page, 'drift-play').click(); // pause, so only the control changes the drawing
  await changed('drift', () => testid(page, 'drift-unit-5').check({ force: true }));

  await showFigure(page, 'covariate-shift');
  await page.waitForFunction(() => window.bnArticle.figures['covariate-shift'].info().step === 800, null, { timeout: 300_000 });
  await assertDrawn(page, 'covariate-shift');
  const shifted = await info(page, 'covariate-shift');
  await changed('covariate-shift', () => testid(page, 'covariate-shift-amount').fill('0'), {
    fn: () => document.querySelector('figure[data-figure="covariate-shift"]').dataset.amount === '0' });
  const unshifted = await info(page, 'covariate-shift');
  assert.equal(unshifted.amount, 0);
  assert.ok(shifted.testAccuracy < unshifted.testAccuracy - 0.2,
    `shift 1.5 should cost accuracy: ${shifted.testAccuracy} vs ${unshifted.testAccuracy} unshifted`);
  assert.equal(shifted.trainAccuracy, unshifted.trainAccuracy, 'the training set does not depend on the shift');

  await showFigure(page, 'worked-example');
  await assertDrawn(page, 'worked-example');
  const step0 = (await info(page, 'worked-example')).step;
  await changed('worked-example', () => testid(page, 'worked-example-step').click());
  assert.equal((await info(page, 'worked-example')).step, step0 + 1);

  await showFigure(page, 'training-loop');
  const loopStep = (await info(page, 'training-loop')).step;
  await testid(page, 'training-loop-step').click();
  await page.waitForFunction(() => window.bnArticle.figures['training-loop'].info().phase === 'done', null, { timeout: 300_000 });
  assert.equal((await info(page, 'training-loop')).step, loopStep + 1);

  await showFigure(page, 'sweep');
  await page.waitForFunction(() => window.bnArticle.figures.sweep.info().done >= 6, null, { timeout: 300_000 });
  await assertDrawn(page, 'sweep');
  await changed('sweep', () => testid(page, 'sweep-activation-sigmoid').check({ force: true }));

  await showFigure(page, 'batch-noise');
  await assertDrawn(page, 'batch-noise');
  const spreads = (await info(page, 'batch-noise')).spreads;
  assert.ok(spreads[0] > spreads[1] && spreads[1] > spreads[2], `smaller batches, more noise: ${spreads}`);
  await changed('batch-noise', () => testid(page, 'batch-noise-example').click());

  await showFigure(page, 'test-time');
  await page.waitForFunction(() => window.bnArticle.figures['test-time'].info().step >= 30, null, { timeout: 300_000 });
  await assertDrawn(page, 'test-time');
  await testid(page, 'test-time-play').click();
  await changed('test-time', () => testid(page, 'test-time-mode-batch').check({ force: true }));
  assert.equal(await slot(page, 'test-time').getAttribute('data-mode'), 'batch');
  await testid(page, 'test-time-batch-one').click();
  assert.match(await testid(page, 'test-time-batch-one-message').textContent(), /batchSize must be at least 2/);

  assert.deepEqual(await page.evaluate(() => window.bnArticle.errors), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the worked example shows the engine’s numbers for the step it took', async () => {
  const { page, errors } = await openArticle();
  await showFigure(page, 'worked-example');
  for (const [layer, unit] of [[1, 0], [0, 3], [2, 5]]) {
    await testid(page, `worked-example-layer-${layer}`).check({ force: true });
    await testid(page, `worked-example-unit-${unit}`).check({ force: true });
    await testid(page, 'worked-example-step').click();
    const got = await page.evaluate(({ layer, unit }) => {
      const fig = document.querySelector('figure[data-figure="worked-example"]');
      const cells = (sym) => [...fig.querySelectorAll(`td[data-sym="${sym}"]`)].map((td) => Number(td.dataset.value));
      const engine = window.bnArticle.figures['worked-example'].trainBatch(layer);
      const col = (a) => a.filter((_, k) => k % engine.units === unit);
      return {
        step: Number(fig.dataset.step), layer: Number(fig.dataset.layer), unit: Number(fig.dataset.unit),
        shown: { z: cells('z'), zNorm: cells('znorm'), zTilde: cells('ztilde'), mu: cells('mu')[0], var: cells('var')[0],
          gamma: cells('gamma')[0], beta: cells('beta')[0] },
        engine: { steps: engine.steps, z: col(engine.Z), zNorm: col(engine.zNorm), zTilde: col(engine.zTilde),
          mu: engine.batchMean[unit], var: engine.batchVar[unit] },
      };
    }, { layer, unit });
    assert.equal(got.layer, layer);
    assert.equal(got.unit, unit);
    assert.equal(got.step, got.engine.steps);
    assert.equal(got.shown.z.length, 8);
    // The table's data-value attributes hold the engine's float32 values exactly.
    assert.deepEqual(got.shown.z, got.engine.z);
    assert.deepEqual(got.shown.zNorm, got.engine.zNorm);
    assert.deepEqual(got.shown.zTilde, got.engine.zTilde);
    assert.equal(got.shown.mu, got.engine.mu);
    assert.equal(got.shown.var, got.engine.var);
    // And they obey the transform with the γ, β shown (those of the step's forward pass), to float32 rounding.
    for (let i = 0; i < 8; ++i) {
      const zNorm = (got.shown.z[i] - got.shown.mu) / Math.sqrt(got.shown.var + 1e-5);
      assert.ok(Math.abs(zNorm - got.shown.zNorm[i]) < 1e-4, `z_norm(${i + 1})`);
      assert.ok(Math.abs(got.shown.gamma * got.shown.zNorm[i] + got.shown.beta - got.shown.zTilde[i]) < 1e-4, `z̃(${i + 1})`);
    }
  }
  // γ = √(σ² + ε), β = μ gives back z.
  await testid(page, 'worked-example-identity').click();
  const gap = Number(await slot(page, 'worked-example').getAttribute('data-identity-gap'));
  assert.ok(gap < 1e-5, `identity gap ${gap}`);
  assert.match(await testid(page, 'worked-example-identity-text').textContent(), /z̃′\(i\) = z\(i\)/);
  await testid(page, 'worked-example-bias').click();
  assert.match(await testid(page, 'worked-example-bias-text').textContent(), /does not change/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the pseudo-code highlight advances through every line of one step', async () => {
  const { page, errors } = await openArticle();
  await showFigure(page, 'training-loop');
  await page.evaluate(() => {
    const list = document.querySelector('[data-testid="training-loop-code"]');
    window.seenLines = [];
    new MutationObserver(() => {
      const active = list.querySelector('li.active');
      const line = active ? Number(active.dataset.line) : null;
      if (line !== null && window.seenLines.at(-1) !== line) window.seenLines.push(line);
    }).observe(list, { subtree: true, attributes: true, attributeFilter: ['class'] });
  });
  const lines = (await info(page, 'training-loop')).lines;
  await testid(page, 'training-loop-step').click();
  await page.waitForFunction(() => window.bnArticle.figures['training-loop'].info().phase === 'done', null, { timeout: 300_000 });
  const seen = await page.evaluate(() => window.seenLines);
  assert.deepEqual(seen, [...Array(lines).keys()], 'each line highlighted once, in order');
  const values = await page.$$eval('[data-testid^="training-loop-value-"]', (els) => els.map((e) => e.textContent));
  assert.equal(values.length, lines);
  for (const [k, v] of values.entries()) assert.ok(v.length > 3, `line ${k} shows its numbers`);
  const step = (await info(page, 'training-loop')).step;
  assert.match(values[0], new RegExp(`t = ${step}`));
  assert.match(values[7], /J\{\d+\} = \d\.\d{4}/);
  assert.match(values[8], /‖dW\[1\]‖ = [\d.]+/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('figures wait until they are scrolled into view, and do not step while off screen', async () => {
  const { page, errors } = await openArticle();
  // Far below the first screen: not even built yet.
  assert.equal(await page.evaluate(() => window.bnArticle.figures['test-time']), undefined);
  await showFigure(page, 'drift');
  await page.waitForFunction(() => window.bnArticle.figures.drift.info().step >= 20);
  await page.evaluate(() => window.scrollTo(0, 0));
  // Once the page knows the figure is off screen, 30 frames later it has not stepped.
  await visibility(slot(page, 'drift'), false);
  const away = (await info(page, 'drift')).step;
  await frames(page, 30);
  assert.equal((await info(page, 'drift')).step, away, 'drift kept training off screen');
  assert.equal((await info(page, 'drift')).playing, true, 'it is paused by being away, not stopped');
  await showFigure(page, 'drift');
  await page.waitForFunction((s) => window.bnArticle.figures.drift.info().step > s, away);
  // The same for the sweep's background runs.
  await showFigure(page, 'sweep');
  await page.waitForFunction(() => window.bnArticle.figures.sweep.info().done >= 1, null, { timeout: 300_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await visibility(slot(page, 'sweep'), false);
  const done = (await info(page, 'sweep')).done;
  const cells = JSON.stringify((await info(page, 'sweep')).cells);
  await frames(page, 30);
  assert.equal((await info(page, 'sweep')).done, done, 'the sweep kept computing off screen');
  assert.equal(JSON.stringify((await info(page, 'sweep')).cells), cells, 'the sweep kept computing off screen');
  assert.deepEqual(errors, []);
  await page.close();
});

test('on the article, Space scrolls and section links keep the URL hash for the lab', async () => {
  // With less motion the lab does not start by itself when it comes into view (web/lab/autoplay.js): Space starts it.
  const { page, errors } = await openArticle({ reducedMotion: 'reduce' });
  await hookReady(page, 'bnlab');
  const hash = await page.evaluate(() => location.hash);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.scrollY > 100);
  assert.equal(await page.evaluate(() => window.bnlab.isPlaying()), false, 'Space must not start the lab from afar');
  // The table of contents scrolls (smoothly) to a section without writing "#inputs" where the lab reads its settings.
  await scrollSettled(page);
  await page.locator('.toc a[href="#test-time"]').click();
  await page.waitForFunction(() => Math.abs(document.getElementById('test-time').getBoundingClientRect().top) < 40);
  await scrollSettled(page);  // a smooth scroll still running would carry the page away from the lab below
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.equal(await testid(page, 'notice').isHidden(), true);
  // On the lab, Space is the lab's again.
  await page.evaluate(() => document.getElementById('lab').scrollIntoView());
  await scrollSettled(page);
  await visibility(page.locator('#lab'), true);
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => window.bnlab.isPlaying()), true);
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => window.bnlab.isPlaying()), false);
  // A preset link applies the preset's settings through the hash and shows the lab.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await testid(page, 'preset-link-sigmoid').click();
  await page.waitForFunction(() => window.bnlab.settings().activation === 'sigmoid');
  assert.deepEqual((await page.evaluate(() => window.bnlab.settings())).hidden, [16, 16, 16]);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Scrolls through the whole page so every figure mounts and runs a little (RAN). */
async function visitAll(page) {
  for (const name of FIGURES) await runFigure(page, name);
}

test('at 375×800 nothing scrolls sideways; screenshots of every section', async () => {
  const { page, errors } = await openArticle({ width: 375, height: 800 });
  await visitAll(page);
  const layout = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    width: innerWidth,
    // Figures and their canvases fit the screen (KaTeX clips its own wide SVG parts).
    wide: [...document.querySelectorAll('figure, figure canvas, .fig-controls')]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
      .map((el) => el.closest('figure')?.dataset.figure ?? el.tagName),
  }));
  assert.ok(layout.scroll <= layout.width && layout.body <= layout.width,
    `page is ${layout.scroll}px wide in ${layout.width}px`);
  assert.deepEqual(layout.wide, []);
  for (const id of SECTIONS) await page.locator(`#${id}`).screenshot({ path: `${ARTIFACTS}article-phone-${id}.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('desktop screenshots of every section, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, errors } = await openArticle({ width: 1280, height: 900, colorScheme });
    await visitAll(page);
    // The sweep computes only while on screen: it stays in view until its last run is done.
    await showFigure(page, 'sweep');
    await page.waitForFunction(() => window.bnArticle.figures.sweep.info().done === window.bnArticle.figures.sweep.info().total,
      null, { timeout: 180_000 });
    for (const id of SECTIONS) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await frames(page, 3);  // the figures that came into view have drawn again
      await page.locator(`#${id}`).screenshot({ path: `${ARTIFACTS}article-desktop${colorScheme === 'dark' ? '-dark' : ''}-${id}.png` });
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('time to the first interactive figure, and what the page downloads (gzip)', async () => {
  const { server } = env;
  const { page, errors } = await openPage(env.browser.context, 'about:blank', { width: 1280, height: 900 });
  const sizes = new Map();
  const bodies = [];  // every response's body, awaited before counting
  page.on('response', (r) => {
    bodies.push(r.body().then((body) => {
      sizes.set(r.url(), { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    }, () => { /* redirects and the like have no body */ }));
  });
  await page.goto(`${server.url}${PAGE}`);
  await hookReady(page, 'bnArticle');
  await page.waitForFunction(() => window.bnArticle.timings.firstFigureDrawn !== undefined);
  const t = await page.evaluate(() => ({ ...window.bnArticle.timings,
    domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd }));
  // Then every figure, for the whole page's downloads.
  await visitAll(page);
  await page.evaluate(() => document.fonts.ready.then(() => true));
  await Promise.all(bodies);
  const files = [...sizes.entries()].map(([url, s]) => ({ file: url.replace(server.url, ''), ...s }))
    .sort((a, b) => b.gzip - a.gzip);
  const total = files.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
  Object.assign(report, { timings: t, download: { total, files } });
  console.log(`first figure drawn at ${t.firstFigureDrawn.toFixed(0)} ms (engine loaded ${t.engineLoaded.toFixed(0)} ms, ` +
    `math ${t.mathRendered.toFixed(0)} ms); downloads ${(total.gzip / 1024).toFixed(0)} KiB gzip ` +
    `(${(total.raw / 1024).toFixed(0)} KiB raw) in ${files.length} files`);
  // The time is reported (tests/artifacts), not asserted: what must hold is the order, engine then figure.
  assert.ok(t.firstFigureDrawn >= t.engineLoaded, `first figure at ${t.firstFigureDrawn} ms, engine at ${t.engineLoaded} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});
