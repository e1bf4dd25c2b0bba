// Siblings and the norm setting through the facade: engine.createSiblings
// (one network per normalization: none, BN, LN, GN), the norm / normGroups
// fields of a twin, and the budget mirror for both (web/engine-budget.js
// against the engine's own twin_cost). The step-by-step parity with the
// native build is in parity.test.mjs.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { CONFIG_FIELDS, normalizeFields } from '../../web/engine-config.js';
import { maxStepsPerCall, twinCost } from '../../web/engine-budget.js';
import { loadNodeEngine, loadNodeModule, seededRandom } from './helpers.mjs';

let engine;
let M;
before(async () => {
  engine = await loadNodeEngine();
  M = await loadNodeModule();
});

const COST_KEYS = ['parameterBytes', 'batchBytes', 'probeBytes', 'evalBytes', 'gridBytes', 'dataBytes',
  'stepWork', 'evalWork', 'probeWork', 'gridWork', 'noiseWork'];
const NORMS = ['none', 'batch', 'layer', 'group'];

test('the facade costs twins with any norm, and siblings, as the engine does, for 200 random descriptions', () => {
  const random = seededRandom(17);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  for (let i = 0; i < 200; ++i) {
    const layers = int(1, 8);
    const config = {
      hidden: Array.from({ length: layers }, () => 4 * int(1, 64)),  // divisible by every normGroups below
      batchNorm: Array.from({ length: layers }, () => random() < 0.8),
      norm: random() < 0.5 ? pick(NORMS) : Array.from({ length: layers }, () => pick(NORMS)),
      normGroups: pick([1, 2, 4]),
      bnPlacement: pick(['before', 'after']), keepBias: random() < 0.3, optimizer: pick(['sgd', 'momentum', 'adam']),
      batchSize: int(2, 2000), probeSize: int(2, 1000), gridResolution: int(2, 128),
    };
    const c = normalizeFields(config, CONFIG_FIELDS, 'config');
    c.loss = 'sigmoid_bce';
    const shape = { nTrain: int(config.batchSize, 20000), nTest: int(0, 5000), inputSize: 2, outputSize: 1 };
    const siblings = NORMS.filter(() => random() < 0.6);
    const cases = [[twinCost(c, shape), M.twinCost(c, shape.nTrain, shape.nTest, 2, 1)]];
    if (siblings.length > 0)
      cases.push([twinCost(c, shape, siblings), M.siblingCost(c, shape.nTrain, shape.nTest, 2, 1, siblings)]);
    for (const [js, native] of cases) {
      for (const key of COST_KEYS) {
        assert.ok(Math.abs(js[key] - native[key]) <= 1e-12 * Math.max(1, native[key]),
          `${key}: ${js[key]} vs ${native[key]} for ${JSON.stringify(config)} siblings ${siblings}`);
      }
      assert.equal(maxStepsPerCall(js), native.maxStepsPerCall);
    }
  }
});

test('siblings start together: the none and BN siblings are the twin, step for step', () => {
  const config = { dataset: 'moons', activation: 'sigmoid', batchSize: 16, seed: 3 };
  const siblings = engine.createSiblings(config);
  const twin = engine.createTwin(config);
  try {
    assert.deepEqual(siblings.norms, NORMS);
    for (let s = 0; s < 50; ++s) {
      const a = siblings.step(1);
      const b = twin.step(1);
      assert.equal(a.batch.loss, b.withBn.loss);
      assert.equal(a.none.loss, b.withoutBn.loss);
    }
    assert.deepEqual(Object.keys(siblings.status()), NORMS);
    for (const name of NORMS) assert.equal(siblings.status()[name].steps, 50);
  } finally {
    siblings.dispose();
    twin.dispose();
  }
});

test('layer and group norm evaluate the same with running and batch statistics; batch norm does not', async () => {
  const siblings = engine.createSiblings({ dataset: 'moons', batchSize: 8, seed: 2 }, { norms: ['batch', 'layer', 'group'] });
  try {
    await siblings.stepAsync(300);
    const running = siblings.metrics('running');
    const batch = siblings.metrics('batch');
    for (const name of ['layer', 'group']) assert.deepEqual(running[name], batch[name]);
    assert.notEqual(running.batch.trainLoss, batch.batch.trainLoss);
  } finally {
    siblings.dispose();
  }
});

test('a batch of one: a BN sibling is refused naming batchSize, layer and group norm train', () => {
  assert.throws(() => engine.createSiblings({ batchSize: 1 }), (e) => e.field === 'config.batchSize' && /batch norm/.test(e.message));
  const siblings = engine.createSiblings({ batchSize: 1, seed: 5 }, { norms: ['layer', 'group', 'none'] });
  try {
    const status = siblings.step(100);
    for (const name of ['layer', 'group', 'none']) {
      assert.equal(status[name].steps, 100);
      assert.equal(status[name].diverged, false);
    }
  } finally {
    siblings.dispose();
  }
});

test('bad sibling requests name the option', () => {
  const cases = [
    [() => engine.createSiblings({}, { norms: ['batch', 'batch'] }), 'opts.norms[1]'],
    [() => engine.createSiblings({}, { norms: ['instance'] }), 'opts.norms[0]'],
    [() => engine.createSiblings({}, { norms: [] }), 'opts.norms'],
    [() => engine.createSiblings({}, { groups: 2 }), 'opts.groups'],
    [() => engine.createSiblings({ dataset: 'mnist' }), 'config.dataset'],
    [() => engine.createSiblings({ hidden: [6, 6], normGroups: 4 }), 'config.normGroups'],
    [() => engine.createSiblings({ learningRate: -1 }), 'config.learningRate'],
  ];
  for (const [make, field] of cases) assert.throws(make, (e) => e.field === field, field);
  const siblings = engine.createSiblings({ seed: 1 }, { norms: ['layer'] });
  siblings.dispose();
  assert.throws(() => siblings.step(1), (e) => e.field === 'siblings');
});

test('a twin takes norm and normGroups: layer norm against none, group counts that do not divide are refused', () => {
  const twin = engine.createTwin({ norm: 'layer', batchSize: 1, hidden: [8, 8] });
  try {
    twin.step(20);
    const running = twin.metrics('running');
    const batch = twin.metrics('batch');
    assert.deepEqual(running.withBn, batch.withBn);  // LN: no batch statistics
  } finally {
    twin.dispose();
  }
  assert.throws(() => engine.createTwin({ norm: 'group', hidden: [8, 6], normGroups: 4 }),
    (e) => e.field === 'config.normGroups' && /hidden layer 1 has 6/.test(e.message));
  assert.throws(() => engine.createTwin({ norm: ['layer'], hidden: [8, 8] }), (e) => e.field === 'config.norm');
  assert.throws(() => engine.createTwin({ batchSize: 1 }), (e) => e.field === 'config.batchSize');
});
