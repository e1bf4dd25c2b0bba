// Section 8 of the article, "Batch norm among its siblings", in headless
// Chromium: the axis grids draw the engine's z, μ and σ² and pick a cell by
// hover, tap and arrow keys, working out its normalization next to the
// engine's z̃; the race trains the siblings at every batch size, shows BN's
// refusal at a batch of one and the train/inference table, and answers play,
// pause, seed and restart; no sideways scroll at 375 px; no console errors.
// Screenshots of the section go to tests/artifacts/. Every wait is on a condition.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTIFACTS, frames, inks, testid, useBrowser } from './browser.mjs';
import { info, openArticle as openArticleAt, show, sideways, slot, until } from './article-figures.mjs';

const env = useBrowser({ artifacts: true });
const NAMES = ['siblings-axes', 'siblings-race'];

const openArticle = (opts) => openArticleAt(env, { hash: '#siblings', ...opts });

/** The detail table's cells as {norm: {quantity: text}}. */
const detailCells = (page) => testid(page, 'siblings-axes-detail').evaluate((t) => {
  const out = {};
  for (const td of t.querySelectorAll('td[data-norm]')) (out[td.dataset.norm] ??= {})[td.dataset.q] = td.textContent;
  return out;
});

test('the axis grids show the engine’s z, μ and σ² per normalization, and a picked cell is worked out', async () => {
  const { page, errors } = await openArticle();
  await show(page, 'siblings-axes');
  await until(page, 'siblings-axes', 'i.step >= 5');
  // Every grid: 8 units × 8 examples of numbers; BN 8 μ's (one per unit), LN 8 (one per example), GN 16.
  for (const [norm, stats] of [['batch', 8], ['layer', 8], ['group', 16]]) {
    const g = testid(page, `siblings-axes-${norm}`);
    assert.equal(await g.locator('.ng-cell').count(), 64, norm);
    assert.equal(await g.locator('.ng-stat').count(), 2 * stats, norm);
    const texts = await g.locator('.ng-cell').allTextContents();
    assert.ok(texts.every((t) => /^−?\d*\.?\d+$/.test(t)), `${norm}: ${texts.slice(0, 5)}`);
  }
  // Hover a cell: it and the cells sharing its statistics are ringed, and the detail names it.
  await testid(page, 'siblings-axes-layer').locator('.ng-cell[data-u="5"][data-i="6"]').hover();
  await page.waitForFunction(() => document.querySelector('figure[data-figure="siblings-axes"]').dataset.pick === '5,6');
  assert.equal(await testid(page, 'siblings-axes-layer').locator('.ng-share').count(), 8 + 2); // a column and its μ, σ²
  assert.equal(await testid(page, 'siblings-axes-batch').locator('.ng-cell.ng-share').count(), 8); // a row
  assert.equal(await testid(page, 'siblings-axes-group').locator('.ng-cell.ng-share').count(), 4); // half a column
  assert.match(await testid(page, 'siblings-axes-where').textContent(), /^Unit 6, example 7, ε = 0\.00001\./);
  // Pause, so the numbers hold still, then compare the worked z̃ with the engine's, cell by cell of the table.
  await testid(page, 'siblings-axes-play').click();
  await until(page, 'siblings-axes', '!i.playing');
  const cells = await detailCells(page);
  const detail = (await info(page, 'siblings-axes')).detail;
  assert.deepEqual(Object.keys(cells), ['batch', 'layer', 'group']);
  for (const d of detail) {
    assert.ok(Math.abs(d.zTilde - d.engineZTilde) < 1e-4, `${d.norm}: ${d.zTilde} vs ${d.engineZTilde}`);
    const c = cells[d.norm];
    assert.ok(c.ztilde.endsWith(`= ${c.engine}`), `${d.norm}: the worked z̃ (${c.ztilde}) shows the engine's ${c.engine}`);
    assert.match(c.znorm, /^\(−?\d\.\d{3} − \(?−?\d\.\d{3}\)?\) \/ \d\.\d{3} = −?\d\.\d{3}$/);
  }
  // The arrow keys move the pick: from (6, 7) down and left.
  await testid(page, 'siblings-axes-group').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual((await info(page, 'siblings-axes')).pick, [6, 5]);
  assert.match(await testid(page, 'siblings-axes-where').textContent(), /^Unit 7, example 6/);
  // Paused: the step holds; play resumes; restart goes back to the start.
  const paused = (await info(page, 'siblings-axes')).step;
  await frames(page, 10);
  assert.equal((await info(page, 'siblings-axes')).step, paused);
  await testid(page, 'siblings-axes-play').click();
  await until(page, 'siblings-axes', `i.step > ${paused}`);
  const runs = (await info(page, 'siblings-axes')).runs;
  await testid(page, 'siblings-axes-restart').click();
  await until(page, 'siblings-axes', `i.runs === ${runs + 1} && i.playing`);
  assert.deepEqual(await page.evaluate(() => window.bnArticle.errors), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a tap picks a cell on a touch screen', async () => {
  const { page, errors } = await openArticle({ width: 375, height: 800 });
  await show(page, 'siblings-axes');
  await until(page, 'siblings-axes', 'i.step >= 1');
  // A touch pointer goes down on a cell (no hover before it), as a finger does.
  await testid(page, 'siblings-axes-batch').locator('.ng-cell[data-u="1"][data-i="2"]').evaluate((c) => {
    const r = c.getBoundingClientRect();
    c.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, pointerId: 3, pointerType: 'touch', isPrimary: true,
      clientX: r.x + r.width / 2, clientY: r.y + r.height / 2 }));
  });
  await page.waitForFunction(() => document.querySelector('figure[data-figure="siblings-axes"]').dataset.pick === '1,2');
  assert.match(await testid(page, 'siblings-axes-where').textContent(), /^Unit 2, example 3/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the race trains the siblings at every batch size, BN refused at m = 1, and answers play, seed and restart', async () => {
  const { page, errors } = await openArticle();
  await show(page, 'siblings-race');
  await until(page, 'siblings-race', 'i.step >= 150');
  const all = await inks(slot(page, 'siblings-race'));
  assert.equal(all.length, 5);
  for (const [k, c] of all.entries()) assert.ok(c.inked > 0.005 && c.colours >= 3, `chart ${k} is blank`);
  const a = await info(page, 'siblings-race');
  assert.match(a.refused[1].batch, /batchSize must be at least 2 when batch norm trains/);
  assert.deepEqual(Object.keys(a.loss[1]), ['none', 'layer', 'group']);
  for (const m of [2, 4, 16, 64]) {
    assert.deepEqual(Object.keys(a.loss[m]), ['none', 'batch', 'layer', 'group']);
    for (const n of ['none', 'layer', 'group']) assert.equal(a.gap[m][n], 0, `${n} gap at m = ${m}`);
    assert.ok(Number.isFinite(a.gap[m].batch), `BN gap at m = ${m}`);
  }
  // The refusal is shown, in the engine's words; the table has a row per batch size.
  assert.match(await testid(page, 'siblings-race-note-m1').textContent(), /BN refused by the engine: “config\.batchSize must be at least 2/);
  assert.equal(await testid(page, 'siblings-race-gaps').locator('tbody tr').count(), 5);
  assert.doesNotMatch(await slot(page, 'siblings-race').textContent(), /NaN/);
  // Pause holds the step; another seed restarts and plays.
  await testid(page, 'siblings-race-play').click();
  await until(page, 'siblings-race', '!i.playing');
  const paused = (await info(page, 'siblings-race')).step;
  await frames(page, 10);
  assert.equal((await info(page, 'siblings-race')).step, paused);
  await testid(page, 'siblings-race-seed-4').check();
  await until(page, 'siblings-race', 'i.seed === 4 && i.step >= 50');
  assert.notDeepEqual((await info(page, 'siblings-race')).loss[4], a.loss[4]);
  assert.match(await slot(page, 'siblings-race').locator('.fig-readout').textContent(), /^Step \d+ of 3000, seed 4\./);
  const runs = (await info(page, 'siblings-race')).runs;
  await testid(page, 'siblings-race-restart').click();
  await until(page, 'siblings-race', `i.runs === ${runs + 1} && i.playing && i.seed === 4`);
  assert.deepEqual(await page.evaluate(() => window.bnArticle.errors), []);
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [width, height, name] of [[1280, 900, 'desktop'], [375, 800, 'phone']]) {
  test(`at ${width} px section 8 fits (no sideways scroll) and is photographed`, async () => {
    const { page, errors } = await openArticle({ width, height });
    for (const n of NAMES) await show(page, n);
    await show(page, 'siblings-race');
    await until(page, 'siblings-race', 'i.step >= 600');
    await show(page, 'siblings-axes');
    await until(page, 'siblings-axes', 'i.step >= 60');
    const layout = await sideways(page, '#siblings figure, #siblings figure canvas, #siblings .fig-controls, #siblings .ng-cells');
    assert.ok(layout.scroll <= layout.width, `page is ${layout.scroll}px wide in ${layout.width}px`);
    assert.deepEqual(layout.wide, []);
    await testid(page, 'siblings-axes-group').locator('.ng-cell[data-u="5"][data-i="2"]').hover();
    for (const n of NAMES) {
      await slot(page, n).scrollIntoViewIfNeeded();
      await frames(page, 3);
      await slot(page, n).screenshot({ path: `${ARTIFACTS}siblings-${name}-${n}.png` });
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}
