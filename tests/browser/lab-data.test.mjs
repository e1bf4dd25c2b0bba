// Your own data in the lab, and your results out of it: drawing on the plane
// (mouse and keyboard), CSV errors by line, a drawn set's link reproducing the
// losses bit for bit, the run exports matching history(), a figure's PNG, and
// the phone layout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { ARTIFACTS, canvasInk, openPage, testid, until, useBrowser, openLab as openLabIn } from './browser.mjs';

const env = useBrowser({ artifacts: true });
const openLab = (hash, width) => openLabIn(env, hash, { width, colorScheme: undefined });

const count = (s) => (s.data ? s.data.train.length + s.data.test.length : 0);
// A small drawn set: two clusters on a 0.001 grid.
const DRAWN = {
  train: Array.from({ length: 40 }, (_, j) => [((j % 2 ? 1 : -1) * (300 + 10 * j)) / 1000, Math.round(800 * Math.sin(j)) / 1000, j % 2]),
  test: Array.from({ length: 10 }, (_, j) => [((j % 2 ? 1 : -1) * (350 + 7 * j)) / 1000, Math.round(600 * Math.cos(j)) / 1000, j % 2]),
};

test('drawing adds and removes points, the networks rebuild on them, and the losses change', async () => {
  const { page, errors } = await openLab();
  const before = await page.evaluate(() => { window.bnlab.step(100); return window.bnlab.losses(); });
  await testid(page, 'draw-mode-add').check();
  const fig = testid(page, 'fig-boundary-withBn');
  await fig.scrollIntoViewIfNeeded();
  let box = await fig.locator('canvas').boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  let s = await page.evaluate(() => window.bnlab.settings());
  const drawnFromToy = count(s);
  assert.equal(drawnFromToy, 401, 'the toy set’s 400 points plus the one drawn');
  assert.equal(await page.evaluate(() => window.bnlab.status().withBn.steps), 0, 'rebuilt at step 0');
  const after = await page.evaluate(() => { window.bnlab.step(100); return window.bnlab.losses(); });
  assert.notEqual(after.withBn.trainLoss, before.withBn.trainLoss);
  // A drag paints several points.
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let k = 1; k <= 5; ++k) await page.mouse.move(box.x + box.width * (0.6 + 0.05 * k), box.y + box.height * 0.6);
  await page.mouse.up();
  s = await page.evaluate(() => window.bnlab.settings());
  assert.ok(count(s) >= drawnFromToy + 4, `a drag painted ${count(s) - drawnFromToy} points`);
  // Shift-click removes the nearest.
  const n = count(s);
  await page.keyboard.down('Shift');
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.keyboard.up('Shift');
  assert.equal(count(await page.evaluate(() => window.bnlab.settings())), n - 1);
  // Into the test set.
  const tests = (await page.evaluate(() => window.bnlab.settings())).data.test.length;
  await testid(page, 'draw-set-test').check();
  await fig.scrollIntoViewIfNeeded();
  box = await fig.locator('canvas').boundingBox(); // checking the radio scrolled the page
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.85);
  assert.equal((await page.evaluate(() => window.bnlab.settings())).data.test.length, tests + 1);
  await page.keyboard.down('Shift');
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.85);
  await page.keyboard.up('Shift');
  await testid(page, 'draw-set-train').check();
  // Keyboard: focus the plane, move the cursor, Enter adds a class-0 point there.
  await fig.focus();
  await page.keyboard.press('0');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  s = await page.evaluate(() => window.bnlab.settings());
  assert.equal(count(s), n);
  const [x1, x2, label] = s.data.train.at(-1);
  assert.ok(x1 > 0 && x2 === 0 && label === 0, `one arrow step right of the centre, class 0: ${[x1, x2, label]}`);
  assert.equal(await page.evaluate(() => window.bnlab.isPlaying()), false, 'Enter on the plane did not reach the player');
  await page.keyboard.press('Delete');
  assert.equal(count(await page.evaluate(() => window.bnlab.settings())), n - 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a drawn set’s link reproduces the losses bit for bit', async () => {
  const { page, errors } = await openLab();
  const hash = await page.evaluate((d) => { window.bnlab.setDataset(d); window.bnlab.apply({ batchSize: 16, seed: 5 }); return window.bnlab.hash(); }, DRAWN);
  assert.match(hash, /&data=[A-Za-z0-9_-]+$/);
  const first = await page.evaluate(() => { window.bnlab.step(300); return window.bnlab.losses(); });
  await until(page, () => page.evaluate(() => location.hash.includes('data=')), { message: 'the address bar holds the data' });
  const { page: second } = await openLab(`#${hash}`);
  assert.deepEqual(await second.evaluate(() => window.bnlab.settings().data), { ...DRAWN, regression: false });
  const again = await second.evaluate(() => { window.bnlab.step(300); return window.bnlab.losses(); });
  assert.deepEqual(again, first);
  assert.deepEqual(errors, []);
  await second.close();
  await page.close();
});

test('a bad CSV is refused line by line and nothing is loaded; a good one loads standardized', async () => {
  const { page } = await openLab();
  await testid(page, 'csv').locator('summary').click();
  await testid(page, 'csv-text').fill('x1,x2,label\n1,2,1\n1,two,0\n1,2\n3,4,5\n');
  await testid(page, 'csv-load').click();
  const items = await testid(page, 'csv-errors').locator('li').allTextContents();
  assert.deepEqual(items, ['line 3: x2 “two” is not a number', 'line 4: has 2 columns, expected 3 (x1, x2, label) or 4 (…, train/test)',
    'line 5: label 5 is not 0 or 1']);
  assert.match(await testid(page, 'data-message').textContent(), /Nothing loaded: 3 bad lines/);
  assert.equal(await page.evaluate(() => window.bnlab.settings().data), null);
  const rows = Array.from({ length: 30 }, (_, j) => `${100 + j},${(j % 2) * 50 + j},${j % 2}`).join('\n');
  await testid(page, 'csv-text').fill(rows);
  await testid(page, 'csv-load').click();
  const data = await page.evaluate(() => window.bnlab.settings().data);
  assert.equal(data.train.length, 30);
  const mean = data.train.reduce((a, p) => a + p[0], 0) / 30;
  assert.ok(Math.abs(mean) < 0.01, `standardized x1 has mean ${mean}`);
  assert.equal(await testid(page, 'csv-errors').locator('li').count(), 0);
  await page.close();
});

test('a set too big for a link says so and stays out of the hash', async () => {
  const { page } = await openLab();
  const big = { train: Array.from({ length: 600 }, (_, j) => [Math.round(1000 * Math.cos(j)) / 1000, Math.round(1000 * Math.sin(2 * j)) / 1000, j % 2]) };
  const hash = await page.evaluate((d) => { window.bnlab.setDataset(d); return window.bnlab.hash(); }, big);
  assert.doesNotMatch(hash, /data=/);
  assert.match(await testid(page, 'data-status').textContent(), /cannot carry it: it has 600 points and a link carries at most 500.*Data as CSV/);
  await page.close();
});

test('the run exports parse and match history(); a figure saves as a PNG of its canvas’s size', async () => {
  const { page } = await openLab();
  const out = await page.evaluate((d) => {
    window.bnlab.setDataset(d);
    window.bnlab.step(250);
    return { json: window.bnlab.exportRun('json'), csv: window.bnlab.exportRun('csv'), history: window.bnlab.history(), settings: window.bnlab.settings() };
  }, DRAWN);
  const record = JSON.parse(out.json);
  assert.deepEqual(record.steps, out.history.steps);
  for (const t of ['withBn', 'withoutBn']) {
    for (const k of ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy']) assert.deepEqual(record[t][k], out.history[t][k]);
    assert.equal(record[t].percentiles.length, record.steps.length);
  }
  assert.deepEqual(record.settings, out.settings);
  assert.ok(record.withBn.gammaBeta.at(-1).every(([g]) => Number.isFinite(g)), 'mean γ of every BN layer');
  const lines = out.csv.trim().split('\n');
  const cols = lines.find((l) => l.startsWith('step,')).split(',');
  const rows = lines.filter((l) => /^\d/.test(l)).map((l) => l.split(','));
  assert.equal(rows.length, out.history.steps.length);
  rows.forEach((r, i) => assert.equal(Number(r[cols.indexOf('withoutBn.testLoss')]), out.history.withoutBn.testLoss[i]));
  // Reproduce from the exported settings: same steps, same numbers.
  const { page: other } = await openLab();
  const replay = await other.evaluate(({ settings, steps }) => { window.bnlab.apply(settings); window.bnlab.step(steps); return window.bnlab.history(); },
    { settings: record.settings, steps: record.steps.at(-1) });
  assert.deepEqual(replay.withBn.trainLoss, record.withBn.trainLoss);
  await other.close();
  // PNG
  await testid(page, 'export-figure').selectOption('loss');
  const [download] = await Promise.all([page.waitForEvent('download'), testid(page, 'export-png').click()]);
  const png = readFileSync(await download.path());
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const canvas = testid(page, 'fig-loss').locator('canvas');
  const size = await canvas.evaluate((c) => [c.width, c.height]);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], size);
  const ink = await canvas.evaluate(canvasInk);
  assert.ok(ink.inked > 0.01 && ink.colours > 2, `the figure is drawn (${(100 * ink.inked).toFixed(2)}% of its pixels)`);
  assert.ok(png.length > 2000, `${png.length} bytes`);
  await page.close();
});

test('the data card fits a phone without sideways scroll; screenshots at 1280 and 375', async () => {
  for (const width of [1280, 375]) {
    const { page, errors } = await openLab('', width);
    await page.evaluate((d) => window.bnlab.setDataset(d), DRAWN);
    await testid(page, 'draw-mode-add').check();
    await testid(page, 'csv').locator('summary').click();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `no sideways scroll at ${width}`);
    const card = testid(page, 'data-card');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: `${ARTIFACTS}lab-data-${width}.png` });
    await testid(page, 'panel-withBn').screenshot({ path: `${ARTIFACTS}lab-data-boundary-${width}.png` });
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('the embed element exports its run as the lab does', async () => {
  const { page, errors } = await openPage(env.browser.context, `${env.server.url}tests/browser/fixtures/embed-export.html`, { width: 900, height: 900 });
  const out = await page.evaluate(async () => {
    const el = document.querySelector('bn-lab');
    await el.ready;
    // With controls="none" the element plays once in view, so it may have trained a few steps already: start over,
    // so that the last step is a record step (the history records at steps 0, 10, 20, …).
    el.pause();
    el.reset();
    el.step(40);
    return { json: el.exportRun('json'), csv: el.exportRun('csv'), settings: el.settings(), steps: el.steps };
  });
  const record = JSON.parse(out.json);
  assert.equal(record.seed, 4);
  assert.deepEqual(record.settings, out.settings);
  assert.equal(out.steps, 40);
  assert.equal(record.steps.at(-1), out.steps);
  assert.match(out.csv, /^# bnlab-run version 1\n# seed=4\n/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('with controls="full" the embed offers an Export menu: the run as JSON and CSV, the figure as PNG', async () => {
  const { page, errors } = await openPage(env.browser.context, `${env.server.url}tests/browser/fixtures/embed-export-menu.html`, { width: 900, height: 1000 });
  const steps = await page.evaluate(async () => {
    const el = document.querySelector('bn-lab');
    await el.ready;
    el.step(30);
    return el.steps;
  });
  const menu = page.locator('bn-lab [data-testid="export-menu"]');
  const fetch = async (id) => {
    await menu.locator('summary').click();
    const [file] = await Promise.all([page.waitForEvent('download'), menu.locator(`[data-testid="${id}"]`).click()]);
    return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
  };
  const json = await fetch('export-json');
  assert.equal(json.name, 'bn-lab-twin-seed4.json');
  const record = JSON.parse(json.bytes.toString());
  assert.equal(record.seed, 4);
  assert.equal(record.steps.at(-1), steps);
  const csv = await fetch('export-csv');
  assert.equal(csv.name, 'bn-lab-twin-seed4.csv');
  assert.match(csv.bytes.toString(), /^# bnlab-run version 1\n# seed=4\n/);
  const png = await fetch('export-png');
  assert.equal(png.name, 'bn-lab-twin-seed4.png');
  assert.equal(png.bytes.subarray(1, 4).toString(), 'PNG');
  const size = await page.locator('bn-lab canvas').first().evaluate((c) => [c.width, c.height]);
  assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], size);
  assert.equal(await menu.evaluate((d) => d.open), false, 'the menu closes after a choice');
  assert.deepEqual(errors, []);
  await page.close();
});
