// The lab page (index.html) in headless Chromium, driven through its
// automation hook window.bnlab and its data-testid attributes.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTIFACTS, frames, inks, openPage, testid, useBrowser, withStrictServer, openLab as openLabIn } from './browser.mjs';
import { STRICT_CSP } from './static_server.mjs';
import { defaults } from '../../web/state.js';

const FIGURES = ['fig-boundary-withBn', 'fig-boundary-withoutBn', 'fig-loss', 'fig-distributions-withBn',
  'fig-distributions-withoutBn', 'fig-bands-withBn', 'fig-bands-withoutBn', 'fig-parameters'];

const env = useBrowser({ artifacts: true });
const openLab = (hash, opts) => openLabIn(env, hash, { scroll: true, ...opts });

/**
 * Opens the lab at a viewport size and waits for window.bnlab.ready. The lab starts playing by itself the
 * first time a reader sees it (web/lab/autoplay.js), unless the reader asked for less motion: these tests
 * count steps, so they ask for that, and the lab waits for them.
 */
const stepCounter = async (page) => Number(await testid(page, 'step-counter').textContent());

test('the lab loads with no console errors or failed requests', async () => {
  const { page, errors } = await openLab();
  await page.evaluate(() => window.bnlab.step(20));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'true');
  assert.equal(await testid(page, 'notice').isHidden(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test(`the lab works under Content-Security-Policy: ${STRICT_CSP}`, () => withStrictServer(async (strict) => {
  const { page, errors } = await openLab('', { base: strict });
  const status = await page.evaluate(() => window.bnlab.step(10));
  assert.equal(status.withBn.steps, 10);
  assert.deepEqual(errors, []);
  await page.close();
}));

test('every figure draws something after a few steps, and says what it shows', async () => {
  const { page, errors } = await openLab();
  await page.evaluate(() => window.bnlab.step(40));
  for (const id of FIGURES) {
    const [{ inked, colours } = { inked: 0, colours: 0 }] = await inks(testid(page, id));  // its first canvas
    const label = await testid(page, id).evaluate((el) =>
      (el.closest('[role="img"]') ?? el.querySelector('[role="img"]'))?.getAttribute('aria-label'));
    assert.ok(inked > 0.01, `${id} is blank (${(100 * inked).toFixed(2)}% of its pixels drawn)`);
    assert.ok(colours >= 3, `${id} uses only ${colours} colours`);
    assert.ok(label && label.length > 20, `${id} needs an aria-label saying what it shows`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('playing 600 steps at the defaults trains both networks, the one with BN by at least 30%', async () => {
  const { page, errors } = await openLab();
  await page.evaluate(() => window.bnlab.apply({ stopAt: 600, speed: 60 }));
  const start = await page.evaluate(() => window.bnlab.losses());
  assert.equal(start.step, 0);
  await page.evaluate(() => window.bnlab.play());
  // A hang detector, not a timing: the player's per-frame budget plays fewer steps per frame on a busy machine.
  await page.waitForFunction(() => !window.bnlab.isPlaying(), null, { timeout: 300_000 });
  const end = await page.evaluate(() => window.bnlab.losses());
  assert.equal(end.step, 600);
  assert.equal(await stepCounter(page), 600);
  for (const t of ['withBn', 'withoutBn']) {
    // The defaults are chosen so that BN visibly wins: the network without it may only creep down.
    const factor = t === 'withBn' ? 0.7 : 1;
    assert.ok(end[t].trainLoss < factor * start[t].trainLoss, `${t}: ${start[t].trainLoss} → ${end[t].trainLoss}`);
    assert.ok(end[t].testLoss < factor * start[t].testLoss, `${t}: ${start[t].testLoss} → ${end[t].testLoss}`);
  }
  assert.match(await testid(page, 'player-status').textContent(), /Stopped at step 600/);
  assert.equal(await testid(page, 'player-status').getAttribute('data-reason'), 'stopAt', 'a planned stop is not an alarm');
  assert.match(await testid(page, 'speedup').textContent(), /BN/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('while playing, both boundaries are of one snapshot step, never ahead of the counter; a stopped lab shows the current step', async () => {
  const { page, errors } = await openLab();
  // 8 × 32 units: one evaluation of both grids takes several frames' share, so it comes in parts.
  await page.evaluate(() => window.bnlab.apply({ hidden: Array(8).fill(32), batchSize: 64 }));
  const drawnStep = (t) => testid(page, `fig-boundary-${t}`).getAttribute('data-step').then(Number);
  await testid(page, 'fig-boundary-withBn').scrollIntoViewIfNeeded(); // a played frame draws only the parts in view
  await page.evaluate(() => window.bnlab.play());
  // Until the first boundaries evaluated in parts are drawn (those drawn before playing are of step 0).
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="fig-boundary-withBn"]').dataset.step) > 0,
    null, { timeout: 300_000, polling: 'raf' });
  const playing = await page.evaluate(() => {
    const [withBn, withoutBn] = ['withBn', 'withoutBn'].map((t) => Number(document.querySelector(`[data-testid="fig-boundary-${t}"]`).dataset.step));
    return { withBn, withoutBn, step: window.bnlab.losses().step };
  });
  assert.equal(playing.withBn, playing.withoutBn, 'both boundaries are of one step');
  assert.ok(playing.withBn > 0 && playing.withBn <= playing.step, JSON.stringify(playing));
  await page.evaluate(() => window.bnlab.pause());
  await page.waitForFunction(() => !window.bnlab.isPlaying());
  const step = await stepCounter(page);
  for (const t of ['withBn', 'withoutBn']) {
    assert.equal(await drawnStep(t), step);
    // The reader sees it too: the line under each boundary names its step.
    assert.equal(await testid(page, `boundary-step-${t}`).textContent(), `at step ${step}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('while playing, a part out of view is not drawn; it is drawn when it comes into view, and when the player stops', async () => {
  const { page, errors } = await openLab();
  // The boundaries' panels at the top of the window: the histograms and parameters ('probes') start more than
  // the plan's margin (half a window) below it.
  const toPanels = () => page.evaluate(() => document.querySelector('[data-testid="panel-withBn"]').scrollIntoView());
  await toPanels();
  await page.waitForFunction(() => window.bnlab.parts().boundary.inView && !window.bnlab.parts().probes.inView, null,
    { timeout: 60_000 });
  const below = await page.evaluate(() =>
    document.querySelector('[data-testid="fig-distributions-withBn"]').getBoundingClientRect().top / innerHeight);
  assert.ok(below > 1.5, `the histograms start ${below.toFixed(2)} windows down`);
  const before = await page.evaluate(() => window.bnlab.parts());
  assert.equal(before.probes.drawnStep, 0, 'drawn at load');
  await page.evaluate(() => window.bnlab.play());
  // Until the boundaries (in view) are drawn while playing at a later step.
  await page.waitForFunction(() => window.bnlab.parts().boundary.drawnStep > 0, null, { timeout: 300_000, polling: 'raf' });
  const playing = await page.evaluate(() => ({ playing: window.bnlab.isPlaying(), parts: window.bnlab.parts() }));
  assert.ok(playing.playing, 'still playing');
  assert.equal(playing.parts.probes.drawnStep, 0, `the unseen part waited: ${JSON.stringify(playing.parts)}`);
  // Scrolled into view, it is drawn while playing.
  await testid(page, 'fig-parameters').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.bnlab.parts().probes.drawnStep > 0, null, { timeout: 300_000, polling: 'raf' });
  // Out of view again, and stopped: every part shows the counter's step.
  await toPanels();
  await page.waitForFunction(() => !window.bnlab.parts().probes.inView, null, { timeout: 60_000 });
  await page.evaluate(() => window.bnlab.pause());
  await page.waitForFunction(() => !window.bnlab.isPlaying());
  const step = await stepCounter(page);
  const stopped = await page.evaluate(() => window.bnlab.parts());
  for (const [name, part] of Object.entries(stopped)) assert.equal(part.drawnStep, step, `${name}: ${JSON.stringify(stopped)}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('reset replays bit-identical losses', async () => {
  const { page } = await openLab();
  const first = await page.evaluate(() => { window.bnlab.step(250); return window.bnlab.history(); });
  await testid(page, 'reset').click();
  assert.equal(await stepCounter(page), 0);
  const second = await page.evaluate(() => { window.bnlab.step(250); return window.bnlab.history(); });
  assert.equal(first.steps.length, second.steps.length);
  assert.deepEqual(second, first);
  await page.close();
});

test('a shared URL reproduces the same losses at the same step', async () => {
  const { page } = await openLab();
  await page.evaluate(() => window.bnlab.apply({
    dataset: 'spiral', hidden: [6, 6, 6], bn: [true, false, true], learningRate: 0.3, batchSize: 24, seed: 7,
    activation: 'relu', optimizer: 'momentum', noise: 0.2,
  }));
  await page.waitForFunction(() => location.hash.includes('dataset=spiral'));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /dataset=spiral/);
  assert.match(hash, /hidden=6,6,6/);
  const a = await page.evaluate(() => { window.bnlab.step(180); return { losses: window.bnlab.losses(), settings: window.bnlab.settings() }; });
  await page.close();

  const { page: other, errors } = await openLab(hash);
  const b = await other.evaluate(() => { window.bnlab.step(180); return { losses: window.bnlab.losses(), settings: window.bnlab.settings() }; });
  assert.deepEqual(b.settings, a.settings);
  assert.deepEqual(b.losses, a.losses);
  assert.equal(await testid(other, 'notice').isHidden(), true);
  assert.deepEqual(errors, []);
  await other.close();
});

test('a bad hash falls back to defaults and says which settings were ignored', async () => {
  const { page, errors } = await openLab('#dataset=cats&learningRate=abc&bogus=1&hidden=4,99&seed=5');
  const notice = testid(page, 'notice');
  assert.equal(await notice.isVisible(), true);
  const text = await testid(page, 'notice-text').textContent();
  for (const key of ['dataset', 'learningRate', 'bogus', 'hidden']) assert.match(text, new RegExp(key));
  const s = await page.evaluate(() => window.bnlab.settings());
  assert.equal(s.dataset, defaults().dataset);
  assert.equal(s.learningRate, defaults().learningRate);
  assert.deepEqual(s.hidden, defaults().hidden);
  assert.equal(s.seed, 5);
  // The address bar now holds the settings in force.
  assert.doesNotMatch(await page.evaluate(() => location.hash), /cats|bogus/);
  await testid(page, 'notice-dismiss').click();
  assert.equal(await notice.isHidden(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a hash with malformed escapes keeps the rest of its settings and names the broken parts', async () => {
  const { page, errors } = await openLab('#dataset=xor&seed=100%&learningRate=%E0%A4%A&%zz=1&hidden=4,4');
  const text = await testid(page, 'notice-text').textContent();
  for (const part of ['“seed=100%” (is not valid URL encoding)', '“learningRate=%E0%A4%A” (is not valid URL encoding)',
    '“%zz=1” (is not valid URL encoding)']) assert.ok(text.includes(part), `${part} in: ${text}`);
  const s = await page.evaluate(() => window.bnlab.settings());
  assert.equal(s.dataset, 'xor');
  assert.deepEqual(s.hidden, [4, 4]);
  assert.equal(s.seed, defaults().seed);
  assert.equal(s.learningRate, defaults().learningRate);
  const [{ inked }] = await inks(testid(page, 'fig-boundary-withBn'));
  assert.ok(inked > 0.01, 'the boundary is drawn');
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard: Space plays and pauses, → steps, R resets, but not while typing', async () => {
  const { page } = await openLab();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await stepCounter(page), 2);
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => window.bnlab.isPlaying()), true);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="step-counter"]').textContent) > 20);
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => window.bnlab.isPlaying()), false);
  assert.equal(await testid(page, 'play').getAttribute('aria-pressed'), 'false');
  await testid(page, 'control-stopAt').focus();
  await page.keyboard.press('r');
  assert.ok(await stepCounter(page) > 20, 'R in a text field must not reset');
  // A click on a plain part of the lab (its section on the article page) takes the focus out of the field.
  await page.locator('#lab').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('r');
  assert.equal(await stepCounter(page), 0);
  await page.close();
});

test('settings: a rate change keeps training, a structural change rebuilds, both reach the URL', async () => {
  const { page } = await openLab();
  await page.evaluate(() => window.bnlab.step(50));
  await testid(page, 'control-optimizer-adam').check({ force: true });
  assert.equal(await stepCounter(page), 0, 'a new optimizer rebuilds the networks');
  await page.evaluate(() => window.bnlab.step(50));
  await page.evaluate(() => window.bnlab.apply({ learningRate: 0.02 }));
  assert.equal(await stepCounter(page), 50, 'a new learning rate applies between steps');
  await testid(page, 'add-layer').click();
  const s = await page.evaluate(() => window.bnlab.settings());
  assert.deepEqual(s.hidden, [8, 8, 8, 8, 8]);
  assert.equal(s.optimizer, 'adam');
  await page.waitForFunction(() => location.hash.includes('bn=1,1,1,1,1')); // hash writes are throttled to 4 a second
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /optimizer=adam/);
  assert.match(hash, /learningRate=0.02/);
  assert.match(hash, /bn=1,1,1,1,1/);
  await assert.rejects(page.evaluate(() => window.bnlab.apply({ learningRate: -1 })), /learningRate/);
  await page.close();
});

test('at 375×800 nothing scrolls sideways, the settings are folded, and the two panels sit side by side on screen', async () => {
  const { page, errors } = await openLab('', { width: 375, height: 800 });
  await page.evaluate(() => window.bnlab.step(120));
  const layout = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: innerWidth,
    settingsOpen: document.querySelector('[data-testid="settings"]').open,
    a: document.querySelector('[data-testid="panel-withBn"]').getBoundingClientRect().toJSON(),
    b: document.querySelector('[data-testid="panel-withoutBn"]').getBoundingClientRect().toJSON(),
  }));
  assert.ok(layout.scroll <= layout.width, `page is ${layout.scroll}px wide in a ${layout.width}px window`);
  assert.equal(layout.settingsOpen, false);
  // Side by side at every width, so the two boundaries can be compared (lab.css .twin-grid).
  assert.ok(layout.a.right <= layout.b.left + 1 && Math.abs(layout.a.top - layout.b.top) < 1, 'the two panels sit side by side');
  assert.ok(layout.a.left >= 0 && layout.b.right <= layout.width, 'both panels are on screen');
  await testid(page, 'settings').locator('summary').click();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'open settings fit too');
  await page.screenshot({ path: `${ARTIFACTS}lab-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a divergent learning rate stops the network that diverged and says so; the other goes on', async () => {
  const { page, errors } = await openLab('#dataset=regression&activation=relu&learningRate=1&stopAt=200&speed=20');
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => !window.bnlab.isPlaying(), null, { timeout: 300_000 });
  const status = await page.evaluate(() => window.bnlab.status());
  assert.equal(status.withBn.diverged, true);
  assert.equal(status.withoutBn.diverged, false);
  assert.equal(status.withoutBn.steps, 200);
  assert.equal(await testid(page, 'banner-withBn').isVisible(), true);
  assert.match(await testid(page, 'banner-withBn').textContent(), /Diverged at step \d+/);
  assert.equal(await testid(page, 'banner-withoutBn').isHidden(), true);
  await page.close();

  // Both diverge: the player pauses by itself with a message.
  const { page: both } = await openLab('#dataset=regression&activation=relu&learningRate=3');
  await both.evaluate(() => window.bnlab.play());
  await both.waitForFunction(() => !window.bnlab.isPlaying(), null, { timeout: 300_000 });
  const s = await both.evaluate(() => window.bnlab.status());
  assert.equal(s.withBn.diverged && s.withoutBn.diverged, true);
  assert.match(await testid(both, 'player-status').textContent(), /Both networks diverged/);
  assert.equal(await testid(both, 'player-status').getAttribute('data-reason'), 'diverged', 'a divergence is shown as one');
  assert.equal(await testid(both, 'banner-withoutBn').isVisible(), true);
  await both.screenshot({ path: `${ARTIFACTS}lab-diverged.png` });
  assert.deepEqual(errors, []);
  await both.close();
});

test('desktop screenshots, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, errors } = await openLab('', { width: 1280, height: 900, colorScheme });
    await page.evaluate(() => window.bnlab.step(400));
    await page.screenshot({ path: `${ARTIFACTS}lab-desktop${colorScheme === 'dark' ? '-dark' : ''}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('switching the colour scheme redraws the canvases in the new colours', async () => {
  const { page, errors } = await openLab('', { colorScheme: 'light' });
  await page.evaluate(() => window.bnlab.step(100));
  /** Whether the loss chart has a pixel of exactly this colour (its with-BN curve); runs in the page. */
  const hasColour = ([r, g, b]) => {
    const c = document.querySelector('[data-testid="fig-loss"] canvas');
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) return true;
    return false;
  };
  const LIGHT = [0x00, 0x72, 0xb2]; // --with-bn in lab.css
  const DARK = [0x56, 0xb4, 0xe9];
  assert.equal(await page.evaluate(hasColour, LIGHT), true);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => matchMedia('(prefers-color-scheme: dark)').matches);
  await page.waitForFunction(hasColour, DARK, { timeout: 300_000 })
    .catch(() => assert.fail('the curve is redrawn in the dark colour'));
  assert.equal(await page.evaluate(hasColour, LIGHT), false, 'no light colour is left from a cached palette');
  assert.deepEqual(errors, []);
  await page.close();
});

/** The pixels of a figure's canvas, as a string to compare. */
const pixels = (page, id) => testid(page, id).evaluate((el) => {
  const c = el.querySelector('canvas');
  return c.toDataURL();
});

test('the train/inference switch redraws the BN network’s boundary only', async () => {
  const { page, errors } = await openLab('#batchSize=4');
  await page.evaluate(() => window.bnlab.step(60));
  const running = { bn: await pixels(page, 'fig-boundary-withBn'), plain: await pixels(page, 'fig-boundary-withoutBn') };
  await testid(page, 'control-evalMode-batch').check({ force: true });
  assert.equal((await page.evaluate(() => window.bnlab.settings())).evalMode, 'batch');
  assert.match(await testid(page, 'mode-withBn').textContent(), /probe batch/);
  assert.notEqual(await pixels(page, 'fig-boundary-withBn'), running.bn, 'batch statistics change the BN boundary');
  assert.equal(await pixels(page, 'fig-boundary-withoutBn'), running.plain, 'the plain network has no statistics');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bias kept in front of BN gets a zero gradient, and the page says so', async () => {
  const { page } = await openLab('#keepBias=1');
  await page.evaluate(() => window.bnlab.step(80));
  const text = await testid(page, 'bias-gradient').textContent();
  const db = [...text.matchAll(/‖∂ℓ\/∂b‖ = ([-+.\deE]+)/g)].map((m) => Number(m[1]));
  const dbeta = [...text.matchAll(/‖∂ℓ\/∂β‖ = ([-+.\deE]+)/g)].map((m) => Number(m[1]));
  assert.equal(db.length, 4, text);
  for (let l = 0; l < 4; ++l) {
    assert.ok(db[l] < 1e-5, `layer ${l + 1}: ‖∂ℓ/∂b‖ = ${db[l]}`);
    assert.ok(dbeta[l] > 1e3 * db[l], `layer ${l + 1}: ‖∂ℓ/∂β‖ = ${dbeta[l]}`);
  }
  await page.close();
});

test('a hash typed into the address bar applies its settings', async () => {
  const { page } = await openLab();
  await page.evaluate(() => { location.hash = 'dataset=xor&hidden=3,3&seed=11'; });
  await page.waitForFunction(() => window.bnlab.settings().dataset === 'xor');
  const s = await page.evaluate(() => window.bnlab.settings());
  assert.deepEqual(s.hidden, [3, 3]);
  assert.equal(s.seed, 11);
  assert.equal(await testid(page, 'control-dataset').inputValue(), 'xor');
  await page.close();
});

test('the figure harness draws every figure on made-up data', async () => {
  const { page, errors } = await openPage(env.browser.context, `${env.server.url}web/lab/harness.html`);
  await page.waitForFunction(() => window.harness?.figures.length === 6);
  for (const id of ['fig-boundary', 'fig-loss', 'fig-distributions', 'fig-bands', 'fig-parameters', 'fig-landscape']) {
    const [{ inked } = { inked: 0 }] = await inks(testid(page, id));
    assert.ok(inked > 0.01, `${id}: ${inked}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the player pauses while the tab is hidden and resumes when it shows again', async () => {
  const { page } = await openLab();
  await page.evaluate(() => window.bnlab.play());
  const setHidden = (hidden) => page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { value: h, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await setHidden(true);
  assert.equal(await page.evaluate(() => window.bnlab.isPlaying()), false);
  const step = await stepCounter(page);
  await frames(page, 20);
  assert.equal(await stepCounter(page), step, 'no training while hidden');
  await setHidden(false);
  assert.equal(await page.evaluate(() => window.bnlab.isPlaying()), true);
  await page.evaluate(() => window.bnlab.pause());
  await page.close();
});
