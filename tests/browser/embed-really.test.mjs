// The embed presets of the article's section 6 (web/embed/presets.js: noisy-bn, landscape,
// batch-coupling): each loads its view on demand (web/embed/lazy-views.js) and only then, draws,
// answers its controls (and, batch coupling, a drag by pointer and by keyboard; noisy-bn, with a note
// under its caption once ν differs from the ν the caption speaks of), fits a phone,
// and logs no error. Screenshots go to tests/artifacts/.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTIFACTS, ROOT, inks, openPage, useBrowser } from './browser.mjs';

const PAGE = 'tests/browser/fixtures/embed-really.html';
const env = useBrowser({ artifacts: true });
const open = (url, { width = 1280, height = 900 } = {}) => openPage(env.browser.context, url, { width, height });
const PRESETS = ['noisy-bn', 'landscape', 'batch-coupling'];

/** Waits until instance i has drawn its first frame; fails with its message if it could not start. */
const ready = (page, i) => page.waitForFunction((k) => {
  const e = document.querySelectorAll('bn-lab')[k];
  if (e.firstFrameTime !== null) return true;
  const notice = e.shadowRoot?.querySelector('[data-testid="notice"]');
  if (notice && !notice.hidden && notice.textContent) throw new Error(`bn-lab ${k}: ${notice.textContent}`);
  return false;
}, i, { timeout: 300_000 });
const stepsAbove = (page, i, n) => page.waitForFunction(([k, m]) => document.querySelectorAll('bn-lab')[k].steps > m,
  [i, n], { timeout: 120_000 });
const readout = (page, i) => page.locator('bn-lab').nth(i).locator('[data-testid="figure"] [data-testid="readout"]').textContent();
const number = (text, re) => Number(text.match(re)?.[1]);

test('each section-6 preset loads its own view bundle, draws, and logs nothing', async () => {
  const { page, errors, requests } = await open(`${env.server.url}${PAGE}`, { width: 1000, height: 4000 });
  for (let i = 0; i < PRESETS.length; ++i) await ready(page, i);
  for (const p of PRESETS) assert.ok(requests.some((u) => u.endsWith(`/web/dist/bn-lab.view-${p}.js`)), `${p}: its view bundle`);
  assert.ok(!requests.some((u) => u.endsWith('/web/dist/bn-lab.view-paper.js')), 'no other view bundle');
  // noisy-bn trains; landscape trains past its first probes; batch coupling stops at step 100.
  await stepsAbove(page, 0, 100);
  await stepsAbove(page, 1, 150);
  await page.waitForFunction(() => document.querySelectorAll('bn-lab')[2].steps === 100 && !document.querySelectorAll('bn-lab')[2].playing,
    null, { timeout: 300_000 });
  for (let i = 0; i < PRESETS.length; ++i) {
    const inked = (await inks(page.locator('bn-lab').nth(i), 'canvas.fig-canvas')).map((c) => c.inked);
    assert.ok(inked.length >= 3, `${PRESETS[i]}: ${inked.length} canvases`);
    for (const v of inked) assert.ok(v > 0.01, `${PRESETS[i]}: a canvas is blank (${v})`);
    const caption = await page.locator('bn-lab').nth(i).locator('.bnl-caption').textContent();
    assert.ok(caption.length > 100, `${PRESETS[i]}: its caption arrived with its view`);
  }
  // The landscape view has probed both networks (at the frame that passes each 50th step): β_eff is a number for each.
  const land = await readout(page, 1);
  assert.match(land, /^Probe at step \d+: with BN loss .*β_eff [\d.e-]+; without BN loss .*β_eff [\d.e-]+\.$/);
  assert.ok(number(land, /Probe at step (\d+)/) >= 150, land);
  // noisy-bn: the readout gives both losses and the units' moves.
  assert.match(await readout(page, 0), /^ν = 1\. Train loss: BN \+ noise [\d.]+; no BN [\d.]+\. From one record/);
  await page.screenshot({ path: `${ARTIFACTS}embed-really-1000.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a page without these presets fetches none of their views', async () => {
  // The sample blog post: twin, histograms and test-time, all in view; the last two load their own views.
  const { page, errors, requests } = await open(`${env.server.url}web/embed/sample-post.html`, { width: 1280, height: 6000 });
  for (let i = 0; i < 3; ++i) await ready(page, i);
  assert.ok(requests.some((u) => u.endsWith('/web/dist/bn-lab.js')));
  const views = requests.filter((u) => /bn-lab\.view-/.test(u)).map((u) => u.replace(/.*\/bn-lab\.view-|\.js$/g, ''));
  assert.deepEqual(views.sort(), ['histograms', 'test-time'], requests.filter((u) => u.includes('/dist/')).join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('noisy-bn answers its ν control: the run restarts with the new noise', async () => {
  const { page, errors } = await open(`${env.server.url}${PAGE}`, { width: 1000, height: 1200 });
  await ready(page, 0);
  await stepsAbove(page, 0, 20);
  const el = page.locator('bn-lab').first();
  // Its caption states outcomes at ν = 1: no note under it until ν changes, then one that names ν.
  const note = el.locator('[data-testid="caption-note"]');
  assert.equal(await note.isHidden(), true);
  const slider = el.locator('[data-testid="control-bnNoise"]');
  await slider.evaluate((input) => {
    input.value = '2';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.waitForFunction(() => document.querySelector('bn-lab').settings().bnNoise === 2, null, { timeout: 300_000 });
  await page.waitForFunction(() => /^ν = 2\./.test(document.querySelector('bn-lab').shadowRoot
    .querySelector('[data-testid="figure"] [data-testid="readout"]').textContent), null, { timeout: 300_000 });
  await note.waitFor({ state: 'visible' });
  assert.equal(await note.textContent(), 'The caption describes this figure at its own settings; changed here: Noisy BN ν.');
  // The same seed with ν = 0 trains the BN network exactly as plain BN: a different loss than with ν = 2.
  const at = (nu) => page.evaluate((v) => {
    const e = document.querySelector('bn-lab');
    e.setAttribute('bn-noise', String(v));
    // The element rebuilds in a microtask (several attributes set in a row rebuild once), with a new `ready`.
    return Promise.resolve().then(() => e.ready).then(() => {
      e.pause();
      e.reset();
      e.step(30);
      return e.losses().withBn.trainLoss;
    });
  }, nu);
  const noisy = await at(2);
  const plain = await at(0);
  assert.ok(Number.isFinite(noisy) && Number.isFinite(plain) && noisy !== plain, `ν = 2: ${noisy}, ν = 0: ${plain}`);
  // An attribute that differs from the preset gets the note from the start; the preset's own value, none.
  assert.equal(await note.isVisible(), true);
  await at(1);
  assert.equal(await note.isHidden(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('batch coupling answers a pointer drag and the keyboard: with BN the others move, without BN they do not', async () => {
  const { page, errors } = await open(`${env.server.url}${PAGE}`, { width: 1000, height: 4000 });
  await ready(page, 2);
  const el = page.locator('bn-lab').nth(2);
  await page.waitForFunction(() => document.querySelectorAll('bn-lab')[2].steps === 100, null, { timeout: 300_000 });
  await page.waitForFunction(() => /^The mini-batch of step 100\./.test(document.querySelectorAll('bn-lab')[2].shadowRoot
    .querySelector('[data-testid="figure"] [data-testid="readout"]').textContent), null, { timeout: 300_000 });
  const canvas = el.locator('[data-testid="coupling-plane"] canvas');
  await canvas.scrollIntoViewIfNeeded();
  // The keyboard: focus the plane, then the arrows move the picked example (example 1) by 0.05 each.
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  let text = await readout(page, 2);
  assert.match(text, /^Example 1 moved by \(0\.1, 0\.05\)\. The other 15 examples’ values moved by up to [\d.]+ with BN and 0 without\.$/);
  assert.ok(number(text, /up to ([\d.]+) with BN/) > 0, text);
  // n picks example 2: example 1 goes back to its place, example 2 is where it was.
  await page.keyboard.press('n');
  assert.match(await readout(page, 2), /^The mini-batch of step 100\. Example 2 is where it was/);
  // The pointer: a press picks the example under it (or keeps the picked one) and the drag carries it along.
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.2, { steps: 5 });
  await page.mouse.up();
  text = await readout(page, 2);
  assert.match(text, /^Example \d+ moved by \([-\d.]+, [-\d.]+\)\. The other 15 examples’ values moved by up to [\d.]+ with BN and 0 without\.$/);
  assert.ok(number(text, /up to ([\d.]+) with BN/) > 0.001, text);
  await page.screenshot({ path: `${ARTIFACTS}embed-really-coupling.png`, clip: await el.boundingBox() });
  // Put it back: every example where it was.
  await el.locator('[data-testid="coupling-reset"]').click();
  assert.match(await readout(page, 2), /is where it was/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a phone (375 px) each preset fits: no sideways scroll', async () => {
  const { page, errors } = await open(`${env.server.url}${PAGE}`, { width: 375, height: 5000 });
  for (let i = 0; i < PRESETS.length; ++i) await ready(page, i);
  await stepsAbove(page, 1, 60);
  for (let i = 0; i < PRESETS.length; ++i) {
    const fits = await page.locator('bn-lab').nth(i).evaluate((host) => {
      const frame = host.shadowRoot.querySelector('.bnl');
      const wide = [...host.shadowRoot.querySelectorAll('*')].filter((n) => n.scrollWidth > n.clientWidth + 1
        && getComputedStyle(n).overflowX !== 'visible');
      return { frame: frame.scrollWidth <= frame.clientWidth + 1, host: host.getBoundingClientRect().right <= 375, wide: wide.length };
    });
    assert.deepEqual(fits, { frame: true, host: true, wide: 0 }, PRESETS[i]);
  }
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 375), true, 'the page does not scroll sideways');
  for (let i = 0; i < PRESETS.length; ++i) {
    await page.locator('bn-lab').nth(i).screenshot({ path: `${ARTIFACTS}embed-really-375-${PRESETS[i]}.png` });
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('from disk (file://) the inlined bundle draws every section-6 preset: it carries their views', async () => {
  const { page, errors, requests } = await open(`file://${ROOT}${PAGE}`, { width: 1000, height: 4000 });
  for (let i = 0; i < PRESETS.length; ++i) await ready(page, i);
  await stepsAbove(page, 0, 10);
  assert.ok(requests.some((u) => u.endsWith('/web/dist/bn-lab.inline.js')), 'from disk it loads the inlined bundle');
  assert.ok(!requests.some((u) => /bn-lab\.view-/.test(u)), 'and no view bundle');
  for (let i = 0; i < PRESETS.length; ++i) {
    const caption = await page.locator('bn-lab').nth(i).locator('.bnl-caption').textContent();
    assert.ok(caption.length > 100, `${PRESETS[i]}: its caption`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a view bundle that cannot load is named in the figure and in a bn-lab-error event', async () => {
  const page = await env.browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/bn-lab.view-landscape.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.addInitScript(() => {
    window.bnLabErrors = [];
    document.addEventListener('bn-lab-error', (e) => window.bnLabErrors.push(e.detail.message));
  });
  await page.goto(`${env.server.url}${PAGE}`);
  await page.waitForFunction(() => window.bnLabErrors.length > 0, null, { timeout: 300_000 });
  assert.match(await page.evaluate(() => window.bnLabErrors[0]), /could not load .*\/web\/dist\/bn-lab\.view-landscape\.js/);
  const notice = page.locator('bn-lab').nth(1).locator('[data-testid="notice"]');
  assert.match(await notice.textContent(), /^The figure could not load: could not load /);
  // The others are unaffected.
  await ready(page, 0);
  assert.deepEqual(errors, []);
  await page.close();
});
