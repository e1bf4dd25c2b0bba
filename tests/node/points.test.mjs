// A twin on your own points through the facade: engine.createTwin(config, {points}).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { pointTable } from '../../web/engine-points.js';
import { loadNodeEngine, loadNodeModule } from './helpers.mjs';

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

// Two clusters left and right of x1 = 0, label 1 on the right.
function sides(n) {
  return Array.from({ length: n }, (_, j) => {
    const right = j % 2 === 0;
    return [(right ? 1 : -1) * (0.3 + 0.01 * j), Math.sin(0.7 * j), right ? 1 : 0];
  });
}

const CONFIG = { hidden: [6, 6], activation: 'tanh', batchSize: 8, seed: 3, probeSize: 16, gridResolution: 10 };

test('a twin trains on given points; the same seed gives the same losses bit for bit', () => {
  const run = (seed) => {
    const twin = engine.createTwin({ ...CONFIG, seed }, { points: { train: sides(60) } });
    try {
      assert.equal(twin.trainSize, 30);  // split off at trainFraction 0.5
      twin.step(200);
      return twin.metrics('running').withBn;
    } finally {
      twin.dispose();
    }
  };
  const a = run(3);
  assert.deepEqual(run(3), a);
  assert.notEqual(run(4).trainLoss, a.trainLoss);
  assert.ok(a.trainAccuracy > 0.9, `accuracy ${a.trainAccuracy}`);
  assert.equal(engine.stats().liveObjects, 0);
});

test('given train and test sets are kept as given', () => {
  const pts = sides(20);
  const twin = engine.createTwin(CONFIG, { points: { train: pts.slice(0, 12), test: pts.slice(12) } });
  try {
    const d = twin.dataset();
    assert.equal(d.xTrain.length, 24);
    assert.equal(d.yTest.length, 8);
    assert.equal(d.xTest[0], Math.fround(pts[12][0]));
    assert.equal(d.isRegression, false);
  } finally {
    twin.dispose();
  }
});

test('regression points take real targets with dataset regression', () => {
  const pts = sides(40).map(([a, b]) => [a, b, a * b]);
  const twin = engine.createTwin({ ...CONFIG, dataset: 'regression' }, { points: { train: pts } });
  try {
    twin.step(10);
    assert.ok(Number.isFinite(twin.metrics().withBn.trainLoss));
    assert.equal(twin.dataset().isRegression, true);
  } finally {
    twin.dispose();
  }
});

test('bad points are refused with the point and the reason, before the engine is called', () => {
  const pts = sides(10);
  const bad = (points, pattern, config = CONFIG) =>
    assert.throws(() => engine.createTwin(config, { points }), pattern);
  bad({ train: [...pts.slice(0, 3), [NaN, 0, 1], ...pts.slice(3)] }, /^Error: data\.points\.train\[3\]\.x1 must be a finite number, got NaN/);
  bad({ train: [...pts, [0, 0, 0.5]] }, /data\.points\.train\[10\]\.label must be 0 or 1, got 0\.5/);
  bad({ train: [[0, 1], ...pts] }, /data\.points\.train\[0\] must be \[x1, x2, y\]/);
  bad({ train: pts, test: [[0, 2e6, 1]] }, /data\.points\.test\[0\]\.x2 must be in \[-1000000, 1000000\]/);
  bad({ train: [pts[0]] }, /data\.points must hold 2 to 20000 points/);
  bad({ train: Array.from({ length: 20001 }, () => [0, 0, 0]) }, /data\.points must hold 2 to 20000 points/);
  bad({ train: pts, extra: 1 }, /data\.points\.extra is not an option/);
  bad({ train: pts.slice(0, 6), test: pts.slice(6) }, /config\.batchSize must be at most the training-set size 6 \(the data\)/);
  assert.equal(engine.stats().liveObjects, 0);
});

test('the engine checks the points itself too, naming the point', async () => {
  const m = await loadNodeModule();
  const lab = new m.TwinLab();
  try {
    const config = engine.createTwin(CONFIG).config;  // a complete config, as the facade sends it
    const staged = lab.stagePoints(6);
    assert.equal(staged.length, 18);
    staged.set(pointTable({ train: sides(6) }, { regression: false, trainFraction: 0.5 }).table);
    // Written after the facade's checks: a label the engine must refuse on its own.
    lab.stagePoints(6).set([0, 0, 1, 1, 1, 0, 0.5, 0.5, 0.5, 1, 0, 1, 0, 1, 0, -1, 0, 1]);
    assert.equal(lab.configurePoints({ ...config, batchSize: 2 }, 6, false), 'points[2].label must be 0 or 1, got 0.5');
    assert.equal(lab.stagePoints(20001).length, 0);  // beyond kMaxPoints: nothing staged
    lab.stagePoints(4).set([0, 0, 1, 1, 1, 0, 0.5, 0.5, 1, -1, 0, 0]);
    assert.equal(lab.configurePoints({ ...config, batchSize: 2 }, 4, false), '');
    assert.equal(lab.trainSize(), 2);
  } finally {
    lab.delete();
  }
});
