// The lab's normalization setting `norm` (bn, ln, gn) in the page and in <bn-lab>: a layer-norm run
// trains, every title, legend, readout, caption and export names LN, the running-statistics views
// say LN keeps none, a batch of one is refused with BN (the engine's message, no crash) and trained
// with LN; the embed's `norm` attribute and its `siblings` preset, at 1280 and 375 px.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTIFACTS, inks, openPage, testid, useBrowser, openLab as openLabIn } from './browser.mjs';

const env = useBrowser({ artifacts: true });
const openLab = (hash, opts) => openLabIn(env, hash, opts);

/** The lab section's visible text (titles, legends, readouts, captions, controls). */
const labText = (page) => page.evaluate(() => document.getElementById('lab').innerText);

test('with #norm=ln the lab trains layer norm and every word names LN: titles, legends, readouts, captions', async () => {
  const { page, errors } = await openLab('#norm=ln&seed=3');
  assert.equal(await page.evaluate(() => window.bnlab.settings().norm), 'ln');
  assert.equal(await testid(page, 'notice').isHidden(), true);
  const status = await page.evaluate(() => window.bnlab.step(400));
  assert.equal(status.withBn.steps, 400);
  assert.ok(Number.isFinite(status.withBn.loss));
  await page.evaluate(() => window.bnlab.step(1));
  const text = await labText(page);
  assert.match(text, /layer norm/i, 'the normalization settings are titled by it');
  for (const words of ['with LN', 'without LN', 'LN keeps no running statistics: the same in training and inference',
    'no running averages', 'LN takes μ and σ² over each example’s units in the layer']) {
    assert.ok(text.includes(words), `the lab says “${words}”`);
  }
  for (const words of ['with BN', 'without BN', 'BN statistics', 'running averages (inference)', 'BN momentum']) {
    const at = text.indexOf(words);
    assert.ok(at < 0, `the lab does not say “${words}” with layer norm: …${text.slice(at - 80, at + 80)}…`);
  }
  assert.match(await testid(page, 'speedup').textContent(), /LN|plain network|Neither|Both/);
  assert.doesNotMatch(await testid(page, 'speedup').textContent(), /BN/);
  // The BN-only settings are not offered; the train/inference switch neither.
  for (const key of ['bnMomentum', 'keepBias', 'bnNoise', 'evalMode', 'normGroups']) {
    assert.equal(await testid(page, `control-${key}`).isVisible(), false, `${key} hidden with LN`);
  }
  assert.equal(await testid(page, 'control-bn-0').getAttribute('aria-label'), 'Layer norm in hidden layer 1');
  // The figures draw: the LN network's histograms and its γ, β.
  for (const id of ['fig-boundary-withBn', 'fig-distributions-withBn', 'fig-parameters', 'fig-loss']) {
    const [ink] = await inks(testid(page, id));
    assert.ok(ink.inked > 0.01, `${id} draws`);
  }
  assert.match(await testid(page, 'fig-parameters').locator('[role="img"]').getAttribute('aria-label'), /LN network/);
  // The export says which networks its keys hold.
  const json = JSON.parse(await page.evaluate(() => window.bnlab.exportRun('json')));
  assert.equal(json.settings.norm, 'ln');
  assert.deepEqual(json.networks, { withBn: 'with LN (layer norm)', withoutBn: 'without LN' });
  assert.match(await page.evaluate(() => window.bnlab.exportRun('csv')), /# networks: withBn = with LN \(layer norm\); withoutBn = without LN/);
  assert.match(await page.evaluate(() => location.hash), /norm=ln/);
  const [download] = await Promise.all([page.waitForEvent('download'), testid(page, 'export-json').click()]);
  assert.equal(download.suggestedFilename(), 'bnlab-run-ln-seed3.json');
  assert.deepEqual(errors, []);
  await page.close();
});

test('switching norm back to BN brings BN’s words, switches and running statistics back', async () => {
  const { page, errors } = await openLab('#norm=gn&normGroups=4&seed=2');
  assert.ok((await labText(page)).includes('with GN'));
  assert.equal(await testid(page, 'control-normGroups').isVisible(), true);
  await testid(page, 'control-norm-bn').check();
  assert.equal(await page.evaluate(() => window.bnlab.settings().norm), 'bn');
  await page.evaluate(() => window.bnlab.step(50));
  const text = await labText(page);
  for (const words of ['with BN', 'without BN', 'ring = the running average', 'BN uses its running μ, σ² (inference)']) {
    assert.ok(text.includes(words), `the lab says “${words}”`);
  }
  const names = await page.$$eval('#lab [data-net-name]', (els) => els.map((e) => e.textContent));
  assert.ok(names.length >= 10 && names.every((n) => /BN|batch norm/.test(n)), `every network name says BN: ${names}`);
  assert.equal(await testid(page, 'control-evalMode').isVisible(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a batch of one: the engine refuses it with BN and the lab says so; with LN it trains', async () => {
  // A link: the lab starts from the defaults and shows the engine's message.
  const { page, errors } = await openLab('#batchSize=1&norm=bn');
  const notice = await testid(page, 'notice-text').textContent();
  assert.match(notice, /The engine refused the settings of the link: config\.batchSize must be at least 2 when batch norm trains/);
  assert.equal(await page.evaluate(() => window.bnlab.settings().batchSize), 64);
  // Layer norm takes it.
  await page.evaluate(() => window.bnlab.apply({ norm: 'ln', batchSize: 1 }));
  const status = await page.evaluate(() => window.bnlab.step(100));
  assert.equal(status.withBn.steps, 100);
  assert.ok(Number.isFinite(status.withBn.loss));
  // Back to BN from the control: refused, the lab stays on LN at a batch of one (the choice goes back to LN).
  await testid(page, 'control-norm-bn').click();
  assert.match(await testid(page, 'notice-text').textContent(), /The engine refused these settings: .*at least 2 when batch norm trains/);
  assert.deepEqual(await page.evaluate(() => [window.bnlab.settings().norm, window.bnlab.settings().batchSize]), ['ln', 1]);
  assert.equal(await testid(page, 'control-norm-ln').isChecked(), true);
  // The page's console carries no error: the refusal is a message, not a crash.
  assert.deepEqual(errors, []);
  await page.close();
});

test('screenshots of the lab with layer norm at 1280 and 375 px: nothing scrolls sideways', async () => {
  for (const [width, height, name] of [[1280, 900, 'desktop'], [375, 800, 'phone']]) {
    const { page, errors } = await openLab('#norm=ln&seed=3', { width, height });
    await page.evaluate(() => window.bnlab.step(600));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `${name}: ${overflow}px sideways`);
    await page.locator('#lab').screenshot({ path: `${ARTIFACTS}lab-norm-ln-${name}.png` });
    // The cards that said BN before, one by one (a phone's whole lab is too tall to read).
    for (const id of ['fig-parameters', 'fig-boundary-withBn', 'fig-loss']) {
      const card = testid(page, id).locator('xpath=ancestor::section[contains(@class, "card")]');
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: `${ARTIFACTS}lab-norm-ln-${name}-${id}.png` });
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

/** The embed fixture (tests/browser/fixtures/embed-norm.html) once every element has trained a few steps. */
async function openEmbeds(width) {
  const opened = await openPage(env.browser.context, `${env.server.url}tests/browser/fixtures/embed-norm.html`,
    { width, height: 6000 });
  // The fourth asks for BN on a batch of one: it says the engine's refusal instead of training.
  await opened.page.waitForFunction(() => [...document.querySelectorAll('bn-lab')].every((e, i) => (i === 3
    ? !e.shadowRoot.querySelector('[data-testid="notice"]').hidden : e.steps > 1)), null, { timeout: 120_000 });
  return opened;
}

const shadowText = (page, i) => page.evaluate((k) => document.querySelectorAll('bn-lab')[k].shadowRoot.querySelector('.bnl').innerText, i);

for (const [width, name] of [[1280, 'desktop'], [375, 'phone']]) {
  test(`<bn-lab norm="ln"> and preset="siblings" name LN and train at ${width} px; a preset that shows BN's statistics refuses norm`, async () => {
    const { page, errors } = await openEmbeds(width);
    const twin = await shadowText(page, 0);
    assert.ok(twin.includes('Training with and without layer norm') && twin.includes('with LN') && twin.includes('without LN'), twin);
    assert.ok(!/with BN|without BN/.test(twin));
    const siblings = await shadowText(page, 1);
    assert.ok(siblings.includes('with LN') && siblings.includes('Batch norm and its siblings'), siblings);
    assert.ok(siblings.includes('With BN instead'), 'the caption from the ledger');
    assert.deepEqual(await page.evaluate(() => { const s = document.querySelectorAll('bn-lab')[1].settings(); return [s.norm, s.batchSize]; }), ['ln', 4]);
    // Switching the siblings figure to BN renames its networks; a batch of one is then refused with the engine's words.
    const root = page.locator('bn-lab').nth(1);
    await root.locator('[data-testid="control-norm-bn"]').check();
    assert.ok((await shadowText(page, 1)).includes('with BN'));
    // A batch of one: refused with BN in the engine's words, trained with LN.
    const refused = await page.evaluate(() => document.querySelectorAll('bn-lab')[3].shadowRoot.querySelector('[data-testid="notice"]').textContent);
    assert.match(refused, /The engine refused these settings: config\.batchSize must be at least 2 when batch norm trains/);
    assert.deepEqual(await page.evaluate(() => { const s = document.querySelectorAll('bn-lab')[4].settings(); return [s.norm, s.batchSize]; }), ['ln', 1]);
    const histograms = await shadowText(page, 2);
    assert.match(histograms, /norm="ln" \(takes ln or gn only with preset twin, siblings: this figure shows batch norm’s own statistics\)/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `${overflow}px sideways`);
    // The figures that use layer or group norm run on the module that has them; the histograms (BN) on the smaller one.
    const wasms = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name)
      .filter((n) => n.endsWith('.wasm')).map((n) => n.slice(n.lastIndexOf('/') + 1)).sort());
    assert.deepEqual(wasms, ['bnlab-embed-norm.wasm', 'bnlab-embed.wasm']);
    for (let i = 0; i < 2; ++i) {
      await page.locator('bn-lab').nth(i).screenshot({ path: `${ARTIFACTS}embed-norm-${name}-${i + 1}.png` });
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}
