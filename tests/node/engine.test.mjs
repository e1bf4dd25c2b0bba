// The WebAssembly engine through the facade web/engine.js: loading, the twin
// API's shapes and behaviour, dispose.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { CONFIG_FIELDS, normalizeConfig, pageEngine } from '../../web/engine.js';
import { DIST, loadNodeEngine } from './helpers.mjs';

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

test('the module loads, computes in float32 and starts with no live objects', () => {
  assert.match(engine.buildInfo, /^float32 /);
  const s = engine.stats();
  assert.equal(s.liveObjects, 0);
  assert.equal(s.emvalHandles, 0);
  assert.ok(s.memoryBytes >= 16 * 1024 * 1024);
});

test('pageEngine gives every caller the same engine, instantiating the global module factory once', async () => {
  const factory = createRequire(import.meta.url)(`${DIST}bnlab.js`);
  const wasmBinary = readFileSync(`${DIST}bnlab.wasm`);
  let calls = 0;
  globalThis.createBnLabModule = (args) => {
    calls += 1;
    return factory({ ...args, wasmBinary });
  };
  try {
    const first = pageEngine();
    assert.equal(pageEngine(), first);
    const [a, b] = await Promise.all([first, pageEngine()]);
    assert.equal(a, b);
    assert.equal(calls, 1);
    a.createTwin({ hidden: [4], seed: 2 }).dispose();
    assert.equal(b.stats().liveObjects, 0);
  } finally {
    delete globalThis.createBnLabModule;
    delete globalThis[Symbol.for('bnlab.pageEngine')];
  }
});

test('the default config is the engine defaults, complete and valid', () => {
  const c = normalizeConfig();
  assert.deepEqual(Object.keys(c).sort(), CONFIG_FIELDS.map((f) => f.key).sort());
  assert.deepEqual(c.hidden, [8, 8, 8, 8]);
  assert.deepEqual(c.batchNorm, [true, true, true, true]);
  assert.equal(c.loss, 'sigmoid_bce');
  assert.equal(normalizeConfig({ dataset: 'regression' }).loss, 'mse');
  assert.equal(normalizeConfig({ bnMomentum: null }).bnMomentum, null);
});

test('step(n) trains both twins n steps on the same batches and reports each status', () => {
  const twin = engine.createTwin({ seed: 3 });
  try {
    const s = twin.step(25);
    for (const name of ['withBn', 'withoutBn']) {
      assert.equal(s[name].steps, 25);
      assert.ok(Number.isFinite(s[name].loss) && s[name].loss > 0);
      assert.ok(Number.isFinite(s[name].meanLoss));
      assert.ok(s[name].batchAccuracy >= 0 && s[name].batchAccuracy <= 1);
      assert.equal(s[name].diverged, false);
      assert.equal(s[name].divergedAt, -1);
    }
    assert.deepEqual(twin.status(), s);
    assert.equal(twin.step(0).withBn.steps, 25);
  } finally {
    twin.dispose();
  }
});

test('reset() replays the run exactly; reseed() starts a different one', () => {
  const twin = engine.createTwin({ seed: 5 });
  try {
    const losses = () => Array.from({ length: 20 }, () => twin.step(1).withBn.loss);
    const first = losses();
    twin.reset();
    assert.equal(twin.status().withBn.steps, 0);
    assert.deepEqual(losses(), first);
    twin.reseed(6);
    assert.equal(twin.config.seed, 6);
    assert.notDeepEqual(losses(), first);
  } finally {
    twin.dispose();
  }
});

test('probe() returns copies with the documented shapes; layers without BN have empty BN arrays', () => {
  const twin = engine.createTwin({ hidden: [5, 3], batchNorm: [true, false], probeSize: 40, bins: 10 });
  try {
    twin.step(10);
    twin.refreshProbes();
    const p = twin.probe('withBn', 0);
    assert.equal(p.units, 5);
    assert.equal(p.probeSize, 40);
    assert.equal(p.hasBn, true);
    for (const key of ['Z', 'zNorm', 'zTilde', 'A']) assert.equal(p[key].length, 5 * 40, key);
    for (const key of ['batchMean', 'batchVar', 'runningMean', 'runningVar', 'gamma', 'beta', 'dgamma', 'dbeta', 'b', 'db'])
      assert.equal(p[key].length, 5, key);
    assert.equal(p.W.length, 5 * 2);
    assert.ok(p.Z instanceof Float32Array);
    for (const q of ['Z', 'zNorm', 'zTilde', 'A']) {
      assert.equal(p.histograms[q].length, 10);
      // Every probe value lands in some bin (out-of-range ones in the edge bins).
      assert.equal(p.histograms[q].reduce((a, b) => a + b, 0), 5 * 40, q);
    }
    assert.deepEqual(p.histRanges.Z, [-4, 4]);
    assert.deepEqual(p.histRanges.A, [-1, 1]);  // tanh
    assert.equal(p.percentiles.length, 3);
    assert.ok(p.percentiles[0] <= p.percentiles[1] && p.percentiles[1] <= p.percentiles[2]);
    assert.ok(p.saturation >= 0 && p.saturation <= 1);
    assert.ok(p.gradNorms.W > 0);
    // Over the probe batch z_norm has mean 0 and variance σ²/(σ² + ε) per unit
    // (column-major: unit i of example j at i + 5·j).
    for (let i = 0; i < 5; ++i) {
      let mean = 0;
      let sq = 0;
      for (let j = 0; j < 40; ++j) mean += p.zNorm[i + 5 * j] / 40;
      for (let j = 0; j < 40; ++j) sq += (p.zNorm[i + 5 * j] - mean) ** 2 / 40;
      const expected = p.batchVar[i] / (p.batchVar[i] + 1e-5);
      assert.ok(Math.abs(mean) < 1e-5, `unit ${i} mean ${mean}`);
      assert.ok(Math.abs(sq - expected) < 1e-4, `unit ${i} variance ${sq}, expected ${expected}`);
    }
    const plain = twin.probe('withBn', 1);
    assert.equal(plain.hasBn, false);
    for (const key of ['zNorm', 'zTilde', 'batchMean', 'gamma', 'runningVar']) assert.equal(plain[key].length, 0, key);
    assert.equal(twin.probe('withoutBn', 0).hasBn, false);
    // A copy: changing it changes nothing in the engine.
    p.Z.fill(123);
    assert.notEqual(twin.probe('withBn', 0).Z[0], 123);
    const out = twin.output('withBn');
    assert.equal(out.W.length, 3);
    assert.equal(out.b.length, 1);
  } finally {
    twin.dispose();
  }
});

test('metrics, grid, dataset and the last batch have the documented sizes and ranges', () => {
  const twin = engine.createTwin({ points: 300, trainFraction: 0.6, gridResolution: 12, batchSize: 20 });
  try {
    twin.step(50);
    for (const mode of ['running', 'batch']) {
      const m = twin.metrics(mode);
      for (const name of ['withBn', 'withoutBn']) {
        assert.ok(m[name].trainLoss > 0 && Number.isFinite(m[name].testLoss));
        assert.ok(m[name].trainAccuracy >= 0 && m[name].testAccuracy <= 1);
      }
    }
    const g = twin.grid('withBn');
    assert.equal(g.values.length, 144);
    assert.equal(g.resolution, 12);
    assert.ok(g.values.every((v) => v >= 0 && v <= 1));
    const points = twin.gridPoints();
    assert.equal(points.length, 2 * 144);
    assert.deepEqual([points[0], points[1]], [-1.5, -1.5]);
    assert.deepEqual([points[2 * 143], points[2 * 143 + 1]], [1.5, 1.5]);
    const d = twin.dataset();
    assert.equal(d.xTrain.length, 2 * 180);
    assert.equal(d.yTrain.length, 180);
    assert.equal(d.yTest.length, 120);
    assert.ok(d.yTrain.every((y) => y === 0 || y === 1));
    const b = twin.lastBatch();
    assert.equal(b.x.length, 40);
    assert.equal(b.y.length, 20);
  } finally {
    twin.dispose();
  }
});

test('the grid in parts is the whole grid at the snapshot, bit for bit, while training goes on between parts', () => {
  const twin = engine.createTwin({ points: 300, gridResolution: 30, batchSize: 20 });
  try {
    twin.step(40);
    assert.throws(() => twin.gridPart('withBn', 1), /needs snapshot_grid first/);
    for (const mode of ['running', 'batch']) {
      for (const name of ['withBn', 'withoutBn']) {
        const whole = twin.grid(name, mode);
        twin.gridSnapshot(name, mode);
        let part;
        let parts = 0;
        do {
          part = twin.gridPart(name, 200);
          parts += 1;
          assert.equal(part.total, 900);
          assert.equal(part.grid === null, part.done < 900);
          twin.step(2);
        } while (!part.grid);
        assert.ok(parts > 1, `${parts} parts`);
        assert.deepEqual(part.grid, whole, `${name}, ${mode}`);
        assert.notDeepEqual(twin.grid(name, mode).values, whole.values, 'the network itself moved on');
      }
    }
    for (const bad of [0, 901, 1.5, '10', NaN]) assert.throws(() => twin.gridPart('withBn', bad), (e) => e.field === 'points');
    assert.throws(() => twin.gridSnapshot('withBn', 'train'), /mode/);
  } finally {
    twin.dispose();
  }
});

test('setLearningRate, setEvalMode and setProbeUnit take effect between steps', () => {
  const twin = engine.createTwin({ seed: 9 });
  try {
    twin.setLearningRate(0);
    twin.refreshProbes();
    const before = twin.probe('withBn', 0).W;
    twin.step(5);
    twin.refreshProbes();
    assert.deepEqual(twin.probe('withBn', 0).W, before);
    assert.equal(twin.config.learningRate, 0);
    twin.setEvalMode('batch');
    assert.equal(twin.evalMode, 'batch');
    assert.deepEqual(twin.metrics(), twin.metrics('batch'));
    twin.setProbeUnit(7);
    twin.refreshProbes();
    assert.equal(twin.config.probeUnit, 7);
  } finally {
    twin.dispose();
  }
});

test('a disposed twin throws on every call, and dispose() twice is harmless', () => {
  const twin = engine.createTwin();
  twin.dispose();
  twin.dispose();
  assert.equal(twin.disposed, true);
  const calls = [
    () => twin.step(1), () => twin.status(), () => twin.metrics(), () => twin.refreshProbes(),
    () => twin.probe('withBn', 0), () => twin.output('withBn'), () => twin.grid('withBn'), () => twin.gridPoints(),
    () => twin.gridSnapshot('withBn'), () => twin.gridPart('withBn', 1),
    () => twin.dataset(), () => twin.lastBatch(), () => twin.setLearningRate(0.1), () => twin.setEvalMode('running'),
    () => twin.setProbeUnit(0), () => twin.reset(), () => twin.reseed(1), () => twin.numHidden, () => twin.probeSize,
  ];
  for (const call of calls) assert.throws(call, (e) => e.field === 'twin' && /^twin is disposed/.test(e.message), call.toString());
  assert.equal(engine.stats().liveObjects, 0);
});

test('createTwin takes one activation per hidden layer, and each layer is probed with its own', () => {
  const twin = engine.createTwin({ hidden: [6, 6, 6], activation: ['relu', 'sigmoid', 'tanh'], batchNorm: false, initScale: 20, seed: 3 });
  try {
    assert.deepEqual(twin.config.activation, ['relu', 'sigmoid', 'tanh']);
    twin.refreshProbes();
    const [relu, sigmoid, tanh] = [0, 1, 2].map((l) => twin.probe('withBn', l));
    assert.deepEqual(relu.histRanges.A, [0, 4]);
    assert.deepEqual(sigmoid.histRanges.A, [0, 1]);
    assert.deepEqual(tanh.histRanges.A, [-1, 1]);
    assert.ok(relu.A.every((a, i) => a === Math.max(relu.Z[i], 0)), 'layer 0 applies ReLU');
    assert.equal(relu.saturation, 0, 'ReLU never saturates');
    assert.ok(sigmoid.saturation > 0.5, 'weights 20× the Xavier scale saturate the sigmoid layer');
    assert.ok(Number.isFinite(twin.step(5).withBn.loss));
  } finally {
    twin.dispose();
  }
});
