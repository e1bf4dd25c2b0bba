// Noisy BN per layer in the lab (index.html): the layer editor's ν of each BN
// layer, the slider that sets every layer, the URL, and the probed unit's
// distribution moving in the noisy layer only. The editor's screenshots with
// one ν per layer: lab-activation.test.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { medianMove } from '../../web/article/really-plan.js';
import { testid, useBrowser, openLab as openLabIn } from './browser.mjs';

const env = useBrowser();
const openLab = (hash, opts) => openLabIn(env, hash, opts);

const layerNus = (page) => page.$$eval('[data-testid^="control-bnNoise-"]', (els) => els.map((e) => e.value));

async function openSettings(page) {
  const settings = testid(page, 'settings');
  if (!(await settings.evaluate((d) => d.open))) await settings.locator('summary').click();
}

/**
 * Trains `records` × `every` steps, one record per call, and returns per layer the median move of the
 * probed unit's median from record to record, for the network with BN (exportRun's percentiles).
 */
async function moves(page, records, every) {
  for (let k = 0; k < records; k += 1) await page.evaluate((n) => window.bnlab.step(n), every);
  const run = JSON.parse(await page.evaluate(() => window.bnlab.exportRun('json')));
  return run.settings.hidden.map((_, l) => medianMove(run.withBn.percentiles.slice(1).map((row) => row[l][1])));
}

test('a layer’s ν in the layer editor reaches the settings and the URL; the slider sets every layer', async () => {
  const { page, errors } = await openLab();
  await openSettings(page);
  assert.deepEqual(await layerNus(page), ['0', '0', '0', '0']);
  await testid(page, 'control-bnNoise-2').fill('1');
  await testid(page, 'control-bnNoise-2').dispatchEvent('change');
  assert.deepEqual(await page.evaluate(() => window.bnlab.settings().bnNoise), [0, 0, 1, 0]);
  await page.waitForFunction(() => location.hash.includes('bnNoise=0,0,1,0&'));
  assert.equal(await page.locator('[data-testid="control-bnNoise"] + output').textContent(), 'per layer');
  // A layer without BN shows no ν.
  await testid(page, 'control-bn-1').uncheck();
  assert.equal(await testid(page, 'control-bnNoise-1').isHidden(), true);
  assert.equal(await testid(page, 'control-bnNoise-2').isVisible(), true);
  // The slider sets one ν for every layer.
  await testid(page, 'control-bnNoise').evaluate((input) => {
    input.value = '0.5';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  assert.equal(await page.evaluate(() => window.bnlab.settings().bnNoise), 0.5);
  assert.deepEqual(await layerNus(page), ['0.5', '0.5', '0.5', '0.5']);
  await page.waitForFunction(() => /bnNoise=0\.5&/.test(location.hash));
  // A bad ν is refused by name, and the field shows the ν in force.
  await testid(page, 'control-bnNoise-0').fill('7');
  await testid(page, 'control-bnNoise-0').dispatchEvent('change');
  assert.match(await testid(page, 'notice').textContent(), /bnNoise must be in 0–3 in every layer/);
  assert.equal(await testid(page, 'control-bnNoise-0').inputValue(), '0.5');
  assert.equal(await page.evaluate(() => window.bnlab.settings().bnNoise), 0.5);
  assert.deepEqual(errors, []);
  await page.close();
});

test('with ν in the third layer only, that layer’s unit jumps; the layers before it move as without noise', async () => {
  // Measured (seed 1, 20 records of 10 steps, median move of the unit's median per layer):
  // ν = 0,0,1,0: 0.0101 0.0079 0.913 0.160; ν = 0: 0.0072 0.0069 0.0328 0.0270. The layer after the
  // noisy one moves more than without noise too (its input distribution jumps), but far less than the noisy one.
  const { page, errors } = await openLab('#hidden=8,8,8,8&bnNoise=0,0,1,0&unit=1');
  assert.deepEqual(await page.evaluate(() => window.bnlab.settings().bnNoise), [0, 0, 1, 0]);
  const noisy = await moves(page, 20, 10);
  await page.evaluate(() => window.bnlab.apply({ bnNoise: 0 }));
  const quiet = await moves(page, 20, 10);
  assert.ok(noisy[2] > 10 * quiet[2], `layer 3 moves ${noisy[2]} with noise, ${quiet[2]} without`);
  assert.ok(noisy[2] > 3 * noisy[3], `the noisy layer 3 (${noisy[2]}) moves more than the next (${noisy[3]})`);
  for (const l of [0, 1]) {
    assert.ok(noisy[l] < 2 * quiet[l] && quiet[l] < 2 * noisy[l],
      `layer ${l + 1}: ${noisy[l]} with noise in layer 3, ${quiet[l]} without`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
