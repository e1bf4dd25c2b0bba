// Per-layer activation in the lab (index.html): one g per hidden layer in the
// layer editor, the global select that sets every layer, and the URL; the
// editor's screenshots (with each BN layer's noisy-BN ν, lab-noise.test.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTIFACTS, testid, useBrowser, openLab as openLabIn } from './browser.mjs';

const env = useBrowser({ artifacts: true });
const openLab = (hash, opts) => openLabIn(env, hash, opts);

const layerNames = (page) => page.$$eval('[data-testid^="control-activation-"]', (els) => els.map((e) => e.value));

test('a link with one g per layer sets each layer’s control, and the global select says so', async () => {
  const { page, errors } = await openLab('#hidden=8,8,8&activation=tanh,relu,tanh');
  assert.deepEqual(await page.evaluate(() => window.bnlab.settings().activation), ['tanh', 'relu', 'tanh']);
  assert.deepEqual(await layerNames(page), ['tanh', 'relu', 'tanh']);
  assert.equal(await testid(page, 'control-activation').inputValue(), '', 'the global select shows “one per layer”');
  assert.equal(await testid(page, 'notice').isHidden(), true);
  const status = await page.evaluate(() => window.bnlab.step(20));
  assert.equal(status.withBn.steps, 20);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a layer’s g changes that layer; the global select sets every layer; both reach the URL', async () => {
  const { page, errors } = await openLab();
  assert.equal(await page.evaluate(() => window.bnlab.settings().activation), 'sigmoid');
  assert.deepEqual(await layerNames(page), ['sigmoid', 'sigmoid', 'sigmoid', 'sigmoid']);
  await page.evaluate(() => window.bnlab.step(30));
  await testid(page, 'control-activation-1').selectOption('relu');
  assert.equal(Number(await testid(page, 'step-counter').textContent()), 0, 'a new g rebuilds the networks');
  assert.deepEqual(await page.evaluate(() => window.bnlab.settings().activation), ['sigmoid', 'relu', 'sigmoid', 'sigmoid']);
  await page.waitForFunction(() => location.hash.includes('activation=sigmoid,relu,sigmoid,sigmoid'));
  await testid(page, 'control-activation').selectOption('tanh');
  assert.equal(await page.evaluate(() => window.bnlab.settings().activation), 'tanh');
  assert.deepEqual(await layerNames(page), ['tanh', 'tanh', 'tanh', 'tanh']);
  await page.waitForFunction(() => /activation=tanh&/.test(location.hash));
  assert.deepEqual(errors, []);
  await page.close();
});

test('adding a layer repeats the last layer’s g, removing one drops its g', async () => {
  const { page, errors } = await openLab('#activation=tanh,relu,relu,linear');
  await testid(page, 'add-layer').click();
  assert.deepEqual(await page.evaluate(() => window.bnlab.settings().activation), ['tanh', 'relu', 'relu', 'linear', 'linear']);
  assert.deepEqual(await layerNames(page), ['tanh', 'relu', 'relu', 'linear', 'linear']);
  await testid(page, 'remove-layer').click();
  await testid(page, 'remove-layer').click();
  assert.deepEqual(await page.evaluate(() => window.bnlab.settings().activation), ['tanh', 'relu', 'relu']);
  await testid(page, 'remove-layer').click();
  assert.deepEqual(await page.evaluate(() => window.bnlab.settings().activation), ['tanh', 'relu']);
  await page.waitForFunction(() => location.hash.includes('hidden=8,8&bn=1,1&norm=bn&normGroups=2&activation=tanh,relu&'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('screenshots of the layer editor with one g and one noisy-BN ν per layer, at 1280 and 375 wide', async () => {
  for (const [width, height, name] of [[1280, 900, 'desktop'], [375, 800, 'phone']]) {
    const { page, errors } = await openLab('#hidden=8,16,16,8&activation=tanh,relu,leaky_relu,sigmoid&bn=1,1,0,1&bnNoise=0,0.5,0,1.5',
      { width, height });
    const settings = testid(page, 'settings');
    if (!(await settings.evaluate((d) => d.open))) await settings.locator('summary').click();
    const editor = testid(page, 'control-hidden');
    await editor.scrollIntoViewIfNeeded();
    assert.deepEqual(await page.$$eval('[data-testid^="control-bnNoise-"]', (els) => els.map((e) => e.value)), ['0', '0.5', '0', '1.5']);
    assert.equal(await testid(page, 'control-bnNoise-1').isVisible(), true);
    assert.equal(await testid(page, 'control-bnNoise-2').isHidden(), true, 'the layer without BN shows no ν');
    const fits = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.layer-row')];
      return rows.every((r) => [...r.children].every((c) => c.getBoundingClientRect().right <= r.getBoundingClientRect().right + 1))
        && document.documentElement.scrollWidth <= innerWidth;
    });
    assert.ok(fits, `${name}: every layer row fits its box, and nothing scrolls sideways`);
    await editor.screenshot({ path: `${ARTIFACTS}lab-layers-${name}.png` });
    await testid(page, 'group-network').screenshot({ path: `${ARTIFACTS}lab-network-${name}.png` });
    assert.deepEqual(errors, []);
    await page.close();
  }
});
