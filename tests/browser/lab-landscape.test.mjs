// The lab's optional landscape chart (setting `landscape`, index.html's
// "Loss landscape along the gradient" card): it appears when set by a link
// and by its checkbox, draws the engine's probes (the same numbers as the
// facade called directly on the same run), leaves the run as it was, goes
// through the URL hash both ways, names a bad value, says when a network
// diverged without printing NaN, and fits a phone. Screenshots at 1280 and
// 375 px go to tests/artifacts/. Every wait is for a condition (the hook, the
// hash, the chart's probe count), never a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTIFACTS, inks, testid, useBrowser, openLab as openLabIn } from './browser.mjs';

const env = useBrowser({ artifacts: true });
const openLab = (hash, opts) => openLabIn(env, hash, opts);

const exported = (page) => page.evaluate(() => JSON.parse(window.bnlab.exportRun('json')));
const shown = (page) => testid(page, 'landscape-body').isVisible();

/**
 * In the page, without the lab: the facade (web/engine.js, loaded as a module) on a new twin of the
 * lab's settings, stepped to each probe step and probed there, as web/lab/landscape.js reduces a probe.
 */
function facadeProbes(page, steps) {
  return page.evaluate(async (probeSteps) => {
    const { pageEngine } = await import('/web/engine.js');
    const { engineConfig } = await import('/web/state.js');
    const { landscapeEtas, probeLandscape } = await import('/web/lab/landscape.js');
    const settings = window.bnlab.settings();
    const twin = (await pageEngine()).createTwin(engineConfig(settings));
    const out = { withBn: [], withoutBn: [] };
    let done = 0;
    for (const step of probeSteps) {
      twin.step(step - done);
      done = step;
      for (const t of ['withBn', 'withoutBn']) out[t].push(probeLandscape(twin, t, landscapeEtas(settings.learningRate)));
    }
    twin.dispose();
    return out;
  }, steps);
}

test('set by a link, the chart shows the facade’s own probes of both networks, in three drawn panels', async () => {
  const { page, errors } = await openLab('#landscape=1&seed=4');
  assert.equal(await shown(page), true);
  assert.equal(await testid(page, 'landscape-off').isVisible(), false);
  assert.equal(await testid(page, 'control-landscape').isChecked(), true);
  await page.evaluate(() => window.bnlab.step(600));
  // Every 10 steps up to 190, then every 100.
  const probeSteps = [...Array.from({ length: 19 }, (_, i) => 10 * (i + 1)), 200, 300, 400, 500, 600];
  await page.waitForFunction((n) => document.querySelector('[data-testid="fig-landscape"]').dataset.probes === String(n),
    probeSteps.length);
  const { landscape } = await exported(page);
  assert.deepEqual(landscape.steps, probeSteps);
  const direct = await facadeProbes(page, landscape.steps);
  for (const t of ['withBn', 'withoutBn']) {
    for (const f of ['lossMin', 'lossMax', 'gradDiff', 'betaEff']) {
      assert.deepEqual(landscape[t][f], direct[t].map((p) => p[f]), `${t}.${f}: the chart's numbers are the facade's`);
    }
  }
  // Three panels, each drawn, each with both networks' colours on it (and axes).
  const panels = await inks(testid(page, 'fig-landscape'));
  assert.equal(panels.length, 3);
  for (const p of panels) assert.ok(p.inked > 0.02 && p.colours >= 3, JSON.stringify(p));
  const last = landscape.withBn.betaEff.at(-1);
  const readout = await testid(page, 'landscape-readout').textContent();
  assert.match(readout, /^Step 600: with BN: loss /);
  assert.ok(readout.includes(`β_eff ${Number(last.toPrecision(3))}`), readout);
  assert.match(readout, /Cost here: [\d.]+ ms per probe of both networks, about \d+ training steps of both\./);
  assert.match(await testid(page, 'landscape-caption').textContent(), /^Every 100 steps .* Probing leaves the run exactly as it was/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the checkbox turns it on and off between steps, the hash follows both ways, and the run stays the same', async () => {
  const { page, errors } = await openLab();
  assert.equal(await shown(page), false, 'off by default');
  assert.equal(await testid(page, 'landscape-off').isVisible(), true);
  await page.waitForFunction(() => location.hash.includes('&landscape=0&'));
  await page.evaluate(() => window.bnlab.step(250));
  await testid(page, 'control-landscape').check();
  await page.waitForFunction(() => location.hash.includes('&landscape=1&'));
  assert.equal(await shown(page), true);
  assert.equal(await page.evaluate(() => window.bnlab.losses().step), 250, 'turning it on does not restart the run');
  assert.match(await testid(page, 'landscape-readout').textContent(), /first probe comes at the next multiple/);
  await page.evaluate(() => window.bnlab.step(350));
  const on = await exported(page);
  assert.deepEqual(on.landscape.steps, [300, 400, 500, 600]);

  // The same run with the chart off from the start: the same numbers at every recorded step.
  await testid(page, 'control-landscape').uncheck();
  await page.waitForFunction(() => location.hash.includes('&landscape=0&'));
  assert.equal(await shown(page), false);
  await page.evaluate(() => {
    window.bnlab.reset();
    window.bnlab.step(600);
  });
  const off = await exported(page);
  assert.equal(off.landscape, undefined);
  for (const t of ['withBn', 'withoutBn']) {
    assert.deepEqual(off[t], on[t], `${t}: the probes changed nothing of the run`);
  }

  // Hash round trip: the page's link, opened anew, reads back the same settings, chart on.
  await testid(page, 'control-landscape').check();
  const hash = await page.evaluate(() => window.bnlab.hash());
  assert.match(hash, /&landscape=1&/);
  const settings = await page.evaluate(() => window.bnlab.settings());
  const second = await openLab(`#${hash}`);
  assert.deepEqual(await second.page.evaluate(() => window.bnlab.settings()), settings);
  assert.equal(await shown(second.page), true);
  // A link typed into the address bar turns it off again.
  await second.page.evaluate((h) => { location.hash = h.replace('landscape=1', 'landscape=0'); }, hash);
  await second.page.waitForFunction(() => window.bnlab.settings().landscape === false);
  assert.equal(await shown(second.page), false);
  assert.deepEqual(errors, []);
  assert.deepEqual(second.errors, []);
  await second.page.close();
  await page.close();
});

test('while playing, the chart grows with the run', async () => {
  const { page, errors } = await openLab('#landscape=1&speed=20');
  await testid(page, 'play').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="fig-landscape"]').dataset.probes) >= 5);
  await page.evaluate(() => window.bnlab.pause());
  const { landscape, steps } = await exported(page);
  assert.ok(landscape.steps.length >= 5 && landscape.steps.every((s) => steps.includes(s)));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad value is named and the chart stays off; a diverged network is said, not drawn as NaN', async () => {
  const bad = await openLab('#landscape=2');
  assert.match(await testid(bad.page, 'notice-text').textContent(), /“landscape=2” \(must be 0 or 1\)/);
  assert.equal(await shown(bad.page), false);
  await assert.rejects(bad.page.evaluate(() => window.bnlab.apply({ landscape: 'on' })), /landscape must be 0 or 1/);
  assert.deepEqual(bad.errors, []);
  await bad.page.close();

  const { page, errors } = await openLab('#dataset=regression&activation=relu&learningRate=1&batchSize=16&seed=1&landscape=1');
  const status = await page.evaluate(() => window.bnlab.step(300));
  assert.equal(status.withBn.diverged, true, 'this run diverges with BN (tests/web/landscape.test.mjs)');
  const readout = await testid(page, 'landscape-readout').textContent();
  assert.match(readout, new RegExp(`The network with BN diverged at step ${status.withBn.divergedAt}: .* not probed`));
  assert.doesNotMatch(readout, /NaN|Infinity/);
  const { landscape } = await exported(page);
  assert.ok(landscape.withBn.betaEff.includes(null) && landscape.withoutBn.betaEff.every(Number.isFinite));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the card fits a phone and a desktop: screenshots at 1280 and 375', async () => {
  for (const [width, height] of [[1280, 900], [375, 800]]) {
    const { page, errors } = await openLab('#landscape=1', { width, height });
    await page.evaluate(() => window.bnlab.step(3000));
    const card = testid(page, 'landscape-card');
    await card.scrollIntoViewIfNeeded();
    const fits = await card.evaluate((c) => {
      const box = c.getBoundingClientRect();
      return [...c.querySelectorAll('canvas, h3, p')].every((e) => e.getBoundingClientRect().right <= box.right + 1)
        && document.documentElement.scrollWidth <= innerWidth;
    });
    assert.ok(fits, `${width}: every panel fits the card, and nothing scrolls sideways`);
    // Side by side on a desktop, one above the other on a phone.
    const tops = await testid(page, 'fig-landscape').locator('canvas').evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().top));
    if (width >= 1280) assert.ok(Math.abs(tops[0] - tops[2]) < 2, `desktop: panels in one row (${tops})`);
    else assert.ok(tops[0] < tops[1] && tops[1] < tops[2], `phone: panels stacked (${tops})`);
    // The sticky player would cover part of the card in an element screenshot: hide it for the picture.
    await page.addStyleTag({ content: '[data-testid="player"] { visibility: hidden; }' });
    await card.screenshot({ path: `${ARTIFACTS}lab-landscape-${width}.png` });
    assert.deepEqual(errors, []);
    await page.close();
  }
});
