// The landscape probe, batch coupling and noisy BN through the facade
// (web/engine-twin.js): results, the promise that probing changes nothing, and
// clear errors for bad arguments.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadNodeEngine } from './helpers.mjs';

const engine = await loadNodeEngine();
const base = { dataset: 'moons', points: 200, hidden: [8, 8, 8], activation: 'sigmoid', batchSize: 16, seed: 3 };

test('landscape: L(W − η·g) per step size, the gradient change and β_eff, for both nets', () => {
  const twin = engine.createTwin(base);
  try {
    twin.step(50);
    for (const net of ['withBn', 'withoutBn']) {
      const r = twin.landscape(net, [0, 0.05, 0.2, 1]);
      assert.equal(r.finite, true);
      assert.deepEqual(r.etas, [0, 0.05, 0.2, 1]);
      assert.equal(r.loss.length, 4);
      assert.equal(r.loss[0], r.loss0);  // η = 0 is the point itself
      assert.equal(r.gradDiff[0], 0);
      assert.ok(r.loss[1] < r.loss0, `a small step along −g lowers the loss (${net})`);
      assert.ok(r.gradNorm > 0 && r.betaEff > 0);
      const ratios = r.gradDiff.slice(1).map((d, k) => d / (r.etas[k + 1] * r.gradNorm));
      assert.ok(Math.abs(Math.max(...ratios) - r.betaEff) <= 1e-9 * r.betaEff);
    }
  } finally {
    twin.dispose();
  }
});

test('probing the landscape and inspecting a batch leave the run exactly as it was', () => {
  const a = engine.createTwin({ ...base, bnNoise: 0.5 });
  const b = engine.createTwin({ ...base, bnNoise: 0.5 });
  try {
    a.step(20);
    b.step(20);
    a.landscape('withBn', [0.1, 1, 10]);
    a.landscape('withoutBn', [0.1, 1, 10]);
    a.inspectBatch('withBn', 2, [0.5, -0.5]);
    a.step(30);
    b.step(30);
    assert.deepEqual(a.status(), b.status());
    assert.deepEqual(a.trainBatch('withBn', 2), b.trainBatch('withBn', 2));
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('batch coupling: with BN every example of the batch moves with one input, without BN none does', () => {
  const twin = engine.createTwin(base);
  try {
    twin.step(10);
    const { x } = twin.lastBatch();
    const m = base.batchSize;
    const here = [x[0], x[1]];
    const there = [x[0] + 1, x[1] - 1];
    for (const [net, layerField] of [['withBn', 'zNorm'], ['withoutBn', 'Z']]) {
      const before = twin.inspectBatch(net, 0, here).layers[0][layerField];
      const after = twin.inspectBatch(net, 0, there);
      assert.deepEqual(Array.from(after.x.slice(0, 2)), there.map(Math.fround));
      const n = 8;
      let moved = 0;
      for (let i = 1; i < m; i += 1) {
        const change = Math.max(...Array.from({ length: n }, (_, j) => Math.abs(after.layers[0][layerField][n * i + j] - before[n * i + j])));
        if (change > 1e-4) moved += 1;
      }
      assert.equal(moved, net === 'withBn' ? m - 1 : 0, net);
      assert.equal(after.dX.length, 2 * m);
      assert.ok(after.dX.every(Number.isFinite));
    }
  } finally {
    twin.dispose();
  }
});

test('noisy BN: the same seed replays, a different strength changes the run, the plain net is untouched', () => {
  const run = (bnNoise) => {
    const twin = engine.createTwin({ ...base, bnNoise });
    try {
      twin.step(40);
      return twin.status();
    } finally {
      twin.dispose();
    }
  };
  const noisy = run(1);
  assert.deepEqual(run(1), noisy);
  const quiet = run(0);
  assert.notEqual(noisy.withBn.loss, quiet.withBn.loss);
  assert.equal(noisy.withoutBn.loss, quiet.withoutBn.loss);
});

test('noisy BN per layer: one ν is that ν repeated, a list noises only its layers, bad lists are named', () => {
  const run = (bnNoise, extra = {}) => {
    const twin = engine.createTwin({ ...base, ...extra, bnNoise });
    try {
      twin.step(40);
      return twin.status();
    } finally {
      twin.dispose();
    }
  };
  assert.deepEqual(run([1, 1, 1]), run(1));
  assert.deepEqual(run([0, 0, 0]), run(0));
  const last = run([0, 0, 1]);
  assert.notEqual(last.withBn.loss, run(0).withBn.loss);
  assert.notEqual(last.withBn.loss, run(1).withBn.loss);
  assert.equal(last.withoutBn.loss, run(0).withoutBn.loss, 'the net without BN takes no noise');
  // A ν on a layer without BN does nothing, as a single ν always skipped such layers.
  assert.deepEqual(run([0, 0, 1], { batchNorm: [true, true, false] }), run(0, { batchNorm: [true, true, false] }));
  for (const [bnNoise, pattern] of [
    [[0, 1], /bnNoise.*one number per hidden layer \(3\), got 2/], [[0, 0, 1, 0], /per hidden layer \(3\), got 4/],
    [[0, -0.5, 0], /bnNoise\[1\].*\[0, 3\]/], [[0, 0, 3.5], /bnNoise\[2\].*\[0, 3\]/], [[NaN, 0, 0], /bnNoise\[0\].*finite/],
    [[0, '1', 0], /bnNoise\[1\].*number/], ['1', /bnNoise/],
  ]) assert.throws(() => engine.createTwin({ ...base, bnNoise }), pattern, JSON.stringify(bnNoise));
});

test('bad landscape and batch-coupling arguments get messages naming them', () => {
  const twin = engine.createTwin(base);
  try {
    assert.throws(() => twin.landscape('withBn', [0.1]), /training step first/);
    twin.step(1);
    for (const [args, pattern] of [
      [['withBn', []], /etas/], [['withBn', [-1]], /etas\[0\]/], [['withBn', [0.1, NaN]], /etas\[1\]/],
      [['withBn', new Array(17).fill(0.1)], /etas/], [['withBn', 'x'], /etas/], [['both', [0.1]], /twin/],
    ]) assert.throws(() => twin.landscape(...args), pattern);
    for (const [args, pattern] of [
      [['withBn', -1, [0, 0]], /example/], [['withBn', 16, [0, 0]], /example/], [['withBn', 0, [0]], /input/],
      [['withBn', 0, [0, Infinity]], /input\[1\]/], [['withBn', 0, null], /input/],
    ]) assert.throws(() => twin.inspectBatch(...args), pattern);
    assert.throws(() => engine.createTwin({ ...base, bnNoise: -1 }), /bnNoise/);
    assert.equal(twin.landscape('withBn', [0.1]).finite, true);  // still usable
  } finally {
    twin.dispose();
  }
});
