// The axis figure's pure math (web/article/norm-axes.js): which cells share
// one μ, σ² under BN, LN and GN, their colours, one cell's normalization;
// the grid's number format (figures/norm-grid.js compact); and the race's
// handling of a normalization the engine refuses (siblings-plan.js), on a stub engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { cellDetail, normalizeCell, shareColour, sharedOver, sharingCells, statCount, statIndex } from '../../web/article/norm-axes.js';
import { compact } from '../../web/article/figures/norm-grid.js';
import { createSiblingsAt, gapOf, lastOf } from '../../web/article/siblings-plan.js';

const SHAPE = { units: 8, examples: 5, groups: 2 };

test('BN shares statistics along a row, LN along a column, GN along half a column', () => {
  assert.deepEqual(sharingCells('batch', SHAPE, 3, 1), [0, 1, 2, 3, 4].map((i) => [3, i]));
  assert.deepEqual(sharingCells('layer', SHAPE, 3, 1), [0, 1, 2, 3, 4, 5, 6, 7].map((u) => [u, 1]));
  assert.deepEqual(sharingCells('group', SHAPE, 5, 2), [4, 5, 6, 7].map((u) => [u, 2]));
  assert.deepEqual(sharingCells('group', SHAPE, 0, 0), [0, 1, 2, 3].map((u) => [u, 0]));
});

test('statIndex follows the engine layouts: BN (units); LN and GN (groups, examples), group g of example i at g + G·i', () => {
  assert.equal(statIndex('batch', SHAPE, 6, 4), 6);
  assert.equal(statIndex('layer', SHAPE, 6, 4), 4);
  assert.equal(statIndex('group', SHAPE, 6, 4), 1 + 2 * 4);
  assert.equal(statIndex('group', SHAPE, 3, 4), 0 + 2 * 4);
  assert.equal(statCount('batch', SHAPE), 8);
  assert.equal(statCount('layer', SHAPE), 5);
  assert.equal(statCount('group', SHAPE), 10);
  // Every index in [0, count) is used, each by the cells that share it.
  for (const norm of ['batch', 'layer', 'group']) {
    const seen = new Set();
    for (let u = 0; u < 8; ++u) for (let i = 0; i < 5; ++i) seen.add(statIndex(norm, SHAPE, u, i));
    assert.deepEqual([...seen].sort((a, b) => a - b), [...Array(statCount(norm, SHAPE)).keys()], norm);
  }
});

test('cells that touch but do not share statistics get different colours; cells that share them the same', () => {
  for (const norm of ['batch', 'layer', 'group']) {
    for (let u = 0; u < 8; ++u) {
      for (let i = 0; i < 5; ++i) {
        const c = shareColour(norm, SHAPE, u, i, 8);
        for (const [du, di] of [[1, 0], [0, 1]]) {
          if (u + du >= 8 || i + di >= 5) continue;
          const same = statIndex(norm, SHAPE, u, i) === statIndex(norm, SHAPE, u + du, i + di);
          assert.equal(c === shareColour(norm, SHAPE, u + du, i + di, 8), same, `${norm} (${u},${i})+(${du},${di})`);
        }
      }
    }
  }
});

test('normalizeCell writes out z_norm = (z − μ)/√(σ² + ε) and z̃ = γ·z_norm + β', () => {
  const r = normalizeCell({ z: 2, mu: 1, variance: 4 - 1e-5, eps: 1e-5, gamma: 3, beta: -1 });
  assert.ok(Math.abs(r.sd - 2) < 1e-12);
  assert.ok(Math.abs(r.zNorm - 0.5) < 1e-12);
  assert.ok(Math.abs(r.zTilde - 0.5) < 1e-12);
});

test('cellDetail reads a probe in its layout and names where the statistics come from', () => {
  const probe = {
    norm: 'group', units: 4, groups: 2, eps: 0, Z: Float32Array.from([1, 3, 10, 14, 0, 2, 5, 5]),
    mean: Float32Array.from([2, 12, 1, 5]), var: Float32Array.from([1, 4, 1, 0.25]),
    gamma: Float32Array.from([1, 1, 2, 1]), beta: Float32Array.from([0, 0, 1, 0]),
    zNorm: new Float32Array(8), zTilde: new Float32Array(8),
  };
  const d = cellDetail(probe, 2, 0);
  assert.equal(d.stat, 1);
  assert.equal(d.mu, 12);
  assert.equal(d.zNorm, -1);
  assert.equal(d.zTilde, -1);
  assert.equal(sharedOver('group', { units: 4, groups: 2, examples: 2 }, 2, 0),
    'example 1 over units 3–4 (group 2 of 2)');
  assert.equal(sharedOver('batch', { units: 4, groups: 2, examples: 2 }, 2, 0), 'unit 3 over the 2 examples of the batch');
  assert.equal(sharedOver('layer', { units: 4, groups: 2, examples: 2 }, 2, 1), 'example 2 over its 4 units');
});

test('compact writes a number in at most four characters, with a real minus sign and a dash for non-finite values', () => {
  const cases = [[0.1234, '.12'], [-0.1234, '−.12'], [1.26, '1.3'], [-12.4, '−12'], [0, '.00'], [-0.001, '.00'],
    [0.996, '1.0'], [9.96, '10'], [NaN, '—'], [Infinity, '—']];
  for (const [v, s] of cases) assert.equal(compact(v), s, String(v));
  for (let v = -99; v <= 99; v += 0.37) assert.ok(compact(v).length <= 4, `${v} → ${compact(v)}`);
});

/** A stub engine whose createSiblings refuses 'batch' at batchSize 1, as the real one does. */
function stubEngine() {
  const made = [];
  return {
    made,
    createSiblings(config, { norms }) {
      if (config.batchSize === 1 && norms.includes('batch')) throw new Error('config.batchSize must be at least 2 when batch norm trains');
      const s = { norms, disposed: false, dispose() { this.disposed = true; } };
      made.push(s);
      return s;
    },
  };
}

test('createSiblingsAt leaves out the normalization the engine refuses, with its message, and keeps the others', () => {
  const engine = stubEngine();
  const one = createSiblingsAt(engine, { batchSize: 1 }, ['none', 'batch', 'layer']);
  assert.deepEqual(one.norms, ['none', 'layer']);
  assert.deepEqual(one.refused, { batch: 'config.batchSize must be at least 2 when batch norm trains' });
  assert.deepEqual(one.siblings.norms, ['none', 'layer']);
  // The probes made one by one were disposed; only the kept siblings live.
  assert.deepEqual(engine.made.filter((s) => !s.disposed).map((s) => s.norms), [['none', 'layer']]);
  const many = createSiblingsAt(engine, { batchSize: 4 }, ['none', 'batch']);
  assert.deepEqual(many.refused, {});
  assert.deepEqual(many.norms, ['none', 'batch']);
  const none = createSiblingsAt(engine, { batchSize: 1 }, ['batch']);
  assert.equal(none.siblings, null);
});

test('lastOf and gapOf read the last record; a refused norm has none', () => {
  const records = { sizes: { 2: { batch: { loss: [1, 0.5], training: [0.9, 0.6], inference: [0.8, 0.4] } } } };
  assert.equal(lastOf(records, 2, 'batch'), 0.5);
  assert.ok(Math.abs(gapOf(records, 2, 'batch') - (0.4 - 0.6)) < 1e-15);
  assert.equal(lastOf(records, 2, 'layer'), undefined);
  assert.equal(gapOf(records, 2, 'layer'), undefined);
});
