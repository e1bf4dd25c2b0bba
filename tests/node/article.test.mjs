// Engine calls the article's figures rely on: the input-scaling model and the
// last training mini-batch of a twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadNodeEngine } from './helpers.mjs';

const engine = await loadNodeEngine();

test('normalized inputs give round contours and a straight descent', () => {
  const demo = engine.inputScaling({ seed: 3 });
  const raw = demo.summary();
  assert.ok(raw.lambdaMax / raw.lambdaMin > 50);
  const path = demo.descend(0, 0, 1.8 / raw.lambdaMax, 30);
  assert.equal(path.length, 62);
  demo.setNormalized(true);
  const normalized = demo.summary();
  assert.ok(normalized.lambdaMax / normalized.lambdaMin < 1.5);
  const grid = demo.lossGrid(5, normalized.w1, 1, normalized.w2, 1);
  assert.equal(grid.length, 25);
  assert.ok(Math.abs(grid[12] - normalized.minLoss) < 1e-9);  // the centre is the minimum
  assert.throws(() => demo.lossGrid(1, 0, 1, 0, 1), /resolution/);
  demo.dispose();
  assert.throws(() => demo.summary(), /disposed/);
  assert.throws(() => engine.inputScaling({ scale2: NaN }), /scale2/);
  assert.equal(engine.stats().liveObjects, 0);
});

test('the last training mini-batch is readable and normalized with its own statistics', () => {
  const twin = engine.createTwin({ seed: 4, batchSize: 16, hidden: [5, 5] });
  twin.step(3);
  // The step's forward used γ and β as they were before its update.
  const before = twin.trainBatch('withBn', 1);
  twin.step(1);
  const b = twin.trainBatch('withBn', 1);
  assert.equal(b.Z.length, 5 * 16);
  for (let unit = 0; unit < 5; ++unit) {
    let sum = 0;
    for (let i = 0; i < 16; ++i) sum += b.Z[unit + 5 * i];
    const mean = sum / 16;
    assert.ok(Math.abs(mean - b.batchMean[unit]) < 1e-5);
    const i = 7;
    const zNorm = (b.Z[unit + 5 * i] - b.batchMean[unit]) / Math.sqrt(b.batchVar[unit] + 1e-5);
    assert.ok(Math.abs(zNorm - b.zNorm[unit + 5 * i]) < 1e-4);
    assert.ok(Math.abs(before.gamma[unit] * zNorm + before.beta[unit] - b.zTilde[unit + 5 * i]) < 1e-4);
  }
  assert.equal(twin.trainBatch('withoutBn', 0).hasBn, false);
  assert.throws(() => twin.trainBatch('withBn', 2), /layer/);
  twin.dispose();
});

test('percentiles(twin) are the probes\' percentiles of every layer in one array', () => {
  const twin = engine.createTwin({ seed: 2, hidden: [6, 5, 4] });
  twin.step(20);
  twin.refreshProbes();
  for (const t of ['withBn', 'withoutBn']) {
    const all = twin.percentiles(t);
    assert.equal(all.length, 9);
    for (let l = 0; l < 3; ++l) assert.deepEqual([...all.slice(3 * l, 3 * l + 3)], [...twin.probe(t, l).percentiles]);
  }
  twin.dispose();
});
