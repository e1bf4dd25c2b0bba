// Section 6 of the article, "What batch norm really does", in headless
// Chromium: the race, the landscape ribbons and the batch-coupling figure draw,
// play, and answer their controls (seed, noise, probe interval; dragging an
// example with a mouse, with a touch pointer and with the arrow keys); the
// numbers they report are the engine's and change with the controls; no NaN
// is drawn; nothing scrolls sideways at 375 px. Screenshots of the section go
// to tests/artifacts/. Every wait is on a condition.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTIFACTS, frames, inks, testid, useBrowser } from './browser.mjs';
import { info, openArticle as openArticleAt, show, sideways, slot, until } from './article-figures.mjs';

const env = useBrowser({ artifacts: true });
const NAMES = ['really-race', 'really-landscape', 'really-coupling'];

const openArticle = (opts) => openArticleAt(env, opts);

async function assertDrawn(page, name) {
  const all = await inks(slot(page, name));
  assert.ok(all.length > 0, `${name} has no canvas`);
  for (const [k, c] of all.entries()) {
    assert.ok(c.inked > 0.005, `${name} canvas ${k} is blank`);
    assert.ok(c.colours >= 3, `${name} canvas ${k} uses only ${c.colours} colours`);
  }
}

test('the race trains three nets, draws loss curves and bands, and answers play, seed and noise', async () => {
  const { page, errors } = await openArticle();
  await show(page, 'really-race');
  await until(page, 'really-race', 'i.step >= 100');
  await assertDrawn(page, 'really-race');
  const first = await info(page, 'really-race');
  for (const k of ['plain', 'bn', 'noisy']) assert.ok(Number.isFinite(first.loss[k]), `${k} loss ${first.loss[k]}`);
  // Pause: the step stops.
  await testid(page, 'really-race-play').click();
  await until(page, 'really-race', '!i.playing');
  const paused = (await info(page, 'really-race')).step;
  await frames(page, 20);
  assert.equal((await info(page, 'really-race')).step, paused);
  // Another seed restarts at step 0 with other numbers, and plays.
  await testid(page, 'really-race-seed-3').check();
  await until(page, 'really-race', 'i.seed === 3 && i.step >= 50');
  const seed3 = await info(page, 'really-race');
  assert.notEqual(seed3.loss.noisy, first.loss.noisy);
  // The noise slider restarts the race with the new ν.
  await testid(page, 'really-race-noise').fill('2');
  await until(page, 'really-race', 'i.noise === 2 && i.step >= 50');
  // The readout names the step and the losses; the race runs to a stop at its last step.
  assert.match(await slot(page, 'really-race').locator('.fig-readout').textContent(), /Step \d+, seed 3, ν = 2\. Train loss/);
  // Restart: a new run of the same seed and ν, playing.
  const runs = (await info(page, 'really-race')).runs;
  await testid(page, 'really-race-restart').click();
  await until(page, 'really-race', `i.runs === ${runs + 1} && i.playing && i.seed === 3 && i.noise === 2`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the landscape probes both nets every k steps, draws three panels without NaN, and reports its cost', async () => {
  const { page, errors } = await openArticle();
  await show(page, 'really-landscape');
  await until(page, 'really-landscape', 'i.probes >= 4');
  await assertDrawn(page, 'really-landscape');
  const a = await info(page, 'really-landscape');
  assert.equal(a.every, 50);
  assert.ok(a.betaEff.bn > 0 && a.betaEff.plain > 0, JSON.stringify(a.betaEff));
  assert.deepEqual(a.skipped, { bn: 0, plain: 0 });
  const readout = await slot(page, 'really-landscape').locator('.fig-readout').textContent();
  assert.match(readout, /ms per probe of one network \(6 forward and backward passes\)/);
  assert.doesNotMatch(readout, /NaN|undefined/);
  // Probing every 10 steps: more probes by the same step.
  await testid(page, 'really-landscape-every-10').check();
  await until(page, 'really-landscape', 'i.every === 10 && i.probes >= 5');
  const b = await info(page, 'really-landscape');
  assert.equal(b.probes, Math.floor(b.step / 10));
  await testid(page, 'really-landscape-seed-2').check();
  await until(page, 'really-landscape', 'i.seed === 2 && i.probes >= 3');
  assert.deepEqual(errors, []);
  await page.close();
});

test('batch coupling: moving one example by keyboard, mouse and touch moves every z_norm with BN and no z without', async () => {
  const { page, errors } = await openArticle();
  await show(page, 'really-coupling');
  await assertDrawn(page, 'really-coupling');
  const start = await info(page, 'really-coupling');
  assert.equal(start.othersMoved.withBn, 0);
  // Keyboard: the plane is focusable; arrows move the picked example.
  const canvas = testid(page, 'really-coupling-plane').locator('canvas');
  await canvas.focus();
  for (let k = 0; k < 6; ++k) await page.keyboard.press('ArrowRight');
  const keyed = await info(page, 'really-coupling');
  assert.equal(keyed.moves, 6);
  assert.ok(Math.abs(keyed.point[0] - start.point[0] - 0.3) < 1e-9, `moved to ${keyed.point}`);
  assert.ok(keyed.othersMoved.withBn > 1e-3, `with BN the others moved ${keyed.othersMoved.withBn}`);
  assert.equal(keyed.othersMoved.withoutBn, 0);
  assert.notDeepEqual(keyed.zNorm, start.zNorm);
  // n picks the next example; Put it back restores the batch.
  await page.keyboard.press('n');
  assert.equal((await info(page, 'really-coupling')).selected, 1);
  await testid(page, 'really-coupling-reset').click();
  assert.equal((await info(page, 'really-coupling')).othersMoved.withBn, 0);
  // Mouse: drag the picked example across the plane.
  const box = await canvas.boundingBox();
  const p = (await info(page, 'really-coupling')).point;
  const px = (v) => box.x + 8 + ((v + 1.6) / 3.2) * (box.width - 16);
  const py = (v) => box.y + 8 + ((1.6 - v) / 3.2) * (box.height - 16);
  await page.mouse.move(px(p[0]), py(p[1]));
  await page.mouse.down();
  await page.mouse.move(px(p[0]) - 40, py(p[1]) + 30, { steps: 5 });
  await page.mouse.up();
  const dragged = await info(page, 'really-coupling');
  assert.equal(dragged.selected, 1);
  assert.ok(dragged.point[0] < p[0] - 0.1 && dragged.point[1] < p[1] - 0.05, `dragged to ${dragged.point}`);
  assert.ok(dragged.othersMoved.withBn > 1e-3);
  assert.equal(dragged.othersMoved.withoutBn, 0);
  // Touch: a touch pointer picks the nearest example and drags it.
  const before = await info(page, 'really-coupling');
  await canvas.evaluate((c, [x0, y0]) => {
    const r = c.getBoundingClientRect();
    const at = (type, x, y) => c.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerId: 7, pointerType: 'touch',
      isPrimary: true, clientX: r.left + x, clientY: r.top + y }));
    at('pointerdown', x0, y0);
    at('pointermove', x0 + 20, y0 - 20);
    at('pointerup', x0 + 20, y0 - 20);
  }, [px(before.point[0]) - box.x, py(before.point[1]) - box.y]);
  const touched = await info(page, 'really-coupling');
  assert.equal(touched.moves, before.moves + 1);
  assert.ok(touched.point[0] > before.point[0] && touched.point[1] > before.point[1]);
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [width, height, name] of [[1280, 900, 'desktop'], [375, 800, 'phone']]) {
  test(`at ${width} px the section fits (no sideways scroll) and is photographed`, async () => {
    const { page, errors } = await openArticle({ width, height });
    for (const n of NAMES) await show(page, n);
    await show(page, 'really-race');
    await until(page, 'really-race', 'i.step >= 200');
    await show(page, 'really-landscape');
    await until(page, 'really-landscape', 'i.probes >= 6');
    const layout = await sideways(page, '#really figure, #really figure canvas, #really .fig-controls');
    assert.ok(layout.scroll <= layout.width, `page is ${layout.scroll}px wide in ${layout.width}px`);
    assert.deepEqual(layout.wide, []);
    // The coupling figure photographed with its first example moved, so that the panels show the effect.
    await testid(page, 'really-coupling-plane').locator('canvas').focus();
    for (let k = 0; k < 8; ++k) await page.keyboard.press('Shift+ArrowUp');
    for (const n of NAMES) {
      await slot(page, n).scrollIntoViewIfNeeded();
      await frames(page, 3);
      await slot(page, n).screenshot({ path: `${ARTIFACTS}really-${name}-${n}.png` });
    }
    await page.locator('#really').screenshot({ path: `${ARTIFACTS}really-${name}-section.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
