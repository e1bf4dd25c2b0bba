// What the article's section 8 reads of siblings through the facade
// (web/engine-siblings.js): probe(norm, layer), a layer of one sibling on the
// probe batch with the statistics its normalization computed, and
// epochLoss(norm), the training set's loss in training and in inference mode
// over the same mini-batches. Both are read-only: training continues bit for
// bit as without them.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadNodeEngine } from './helpers.mjs';

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

const CONFIG = { dataset: 'moons', hidden: [8, 8], activation: 'sigmoid', batchSize: 8, probeSize: 6, normGroups: 2, seed: 2 };
const NORMS = ['none', 'batch', 'layer', 'group'];

function withSiblings(config, body, norms = NORMS) {
  const s = engine.createSiblings(config, { norms });
  try {
    return body(s);
  } finally {
    s.dispose();
  }
}

test('probe(norm, layer) gives Z over the probe batch and the μ, σ² each normalization shares, in the documented layouts', () => {
  withSiblings(CONFIG, (s) => {
    s.step(30);
    s.refreshProbes();
    const P = 6;
    const n = 8;
    const expected = { batch: { groups: 0, stats: n }, layer: { groups: 1, stats: P }, group: { groups: 2, stats: 2 * P } };
    for (const norm of ['batch', 'layer', 'group']) {
      const p = s.probe(norm, 1);
      assert.equal(p.units, n);
      assert.equal(p.probeSize, P);
      assert.equal(p.groups, expected[norm].groups, norm);
      assert.equal(p.Z.length, n * P);
      assert.equal(p.mean.length, expected[norm].stats, `${norm} mean`);
      assert.equal(p.var.length, expected[norm].stats, `${norm} var`);
      assert.equal(p.gamma.length, n);
      // Each statistic is the mean / biased variance of the cells that share it; z_norm and z̃ follow from them.
      const size = norm === 'group' ? n / 2 : n;
      for (let i = 0; i < P; ++i) {
        for (let u = 0; u < n; ++u) {
          const k = norm === 'batch' ? u : Math.floor(u / size) + (norm === 'group' ? 2 : 1) * i;
          const zNorm = (p.Z[u + n * i] - p.mean[k]) / Math.sqrt(p.var[k] + p.eps);
          assert.ok(Math.abs(zNorm - p.zNorm[u + n * i]) < 1e-4, `${norm} z_norm at (${u}, ${i})`);
          assert.ok(Math.abs(p.gamma[u] * zNorm + p.beta[u] - p.zTilde[u + n * i]) < 1e-4, `${norm} z̃ at (${u}, ${i})`);
        }
      }
      if (norm === 'batch') {
        for (let u = 0; u < n; ++u) {
          const row = Array.from({ length: P }, (_, i) => p.Z[u + n * i]);
          const mu = row.reduce((a, b) => a + b, 0) / P;
          assert.ok(Math.abs(mu - p.mean[u]) < 1e-5, `BN μ of unit ${u}`);
        }
      }
    }
    const plain = s.probe('none', 0);
    assert.equal(plain.groups, 0);
    assert.equal(plain.Z.length, n * P);
    assert.equal(plain.zNorm.length, 0);
    assert.equal(plain.mean.length, 0);
  });
});

test('probe refuses a sibling it does not have, and a layer out of range, naming the argument', () => {
  withSiblings(CONFIG, (s) => {
    s.refreshProbes();
    assert.throws(() => s.probe('batch', 0), /norm must be one of these siblings' layer, group, got "batch"/);
    assert.throws(() => s.probe('layer', 2), /layer/);
    assert.throws(() => s.epochLoss('instance'), /norm must be one of/);
  }, ['layer', 'group']);
});

test('epochLoss: training and inference mode agree exactly without batch statistics, and differ for BN', () => {
  withSiblings(CONFIG, (s) => {
    s.step(200);
    for (const norm of ['none', 'layer', 'group']) {
      const e = s.epochLoss(norm);
      assert.equal(e.training, e.inference, norm);
      assert.ok(Number.isFinite(e.training) && e.training > 0, norm);
      assert.equal(e.batches, Math.floor(s.config.points * s.config.trainFraction / CONFIG.batchSize));
    }
    const bn = s.epochLoss('batch');
    assert.notEqual(bn.training, bn.inference);
    assert.deepEqual(s.epochLoss('batch'), bn, 'the same epoch on every call');
  });
});

test('probe and epochLoss are read only: the run continues bit for bit as without them', () => {
  const losses = (reading) => withSiblings(CONFIG, (s) => {
    s.step(40);
    if (reading) {
      s.refreshProbes();
      for (const norm of ['batch', 'layer', 'group']) s.probe(norm, 0);
      for (const norm of NORMS) s.epochLoss(norm);
    }
    const status = s.step(40);
    const metrics = s.metrics('running');
    return NORMS.map((n) => [status[n].loss, metrics[n].trainLoss]);
  });
  assert.deepEqual(losses(true), losses(false));
});

test('epochLoss follows a reseed: the new data set, as a fresh run at that seed computes it', () => {
  const fresh = withSiblings({ ...CONFIG, seed: 5 }, (s) => s.epochLoss('batch'));
  const reseeded = withSiblings(CONFIG, (s) => {
    s.epochLoss('batch');
    s.reseed(5);
    return s.epochLoss('batch');
  });
  assert.deepEqual(reseeded, fresh);
});

test('probing and epochLoss over and over leave the wasm memory and the C++ heap as they were; dispose frees all', () => {
  const empty = engine.stats();
  const s = engine.createSiblings(CONFIG);
  const exercise = () => {
    s.step(20);
    s.refreshProbes();
    for (const norm of NORMS) {
      for (let l = 0; l < 2; ++l) s.probe(norm, l);
      s.epochLoss(norm);
    }
    s.metrics('running');
  };
  exercise(); // warm-up: epochLoss's workspaces are made on its first call
  const warm = engine.stats();
  for (let i = 0; i < 200; ++i) exercise();
  const after = engine.stats();
  assert.equal(after.memoryBytes, warm.memoryBytes, 'WebAssembly memory grew');
  assert.equal(after.heapBytesInUse, warm.heapBytesInUse, 'C++ heap in use grew');
  assert.equal(after.emvalHandles, 0, 'JavaScript values left held by C++');
  s.dispose();
  assert.equal(engine.stats().heapBytesInUse, empty.heapBytesInUse, 'dispose() did not free the siblings');
});
