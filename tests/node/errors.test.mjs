// Bad input never reaches the engine unchecked and never breaks the module:
// each case throws an Error whose message names the field (error.field holds
// it), and afterwards the module still trains and holds no leftover objects.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadNodeEngine } from './helpers.mjs';

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

function assertStillWorks() {
  const live = engine.stats().liveObjects;
  const twin = engine.createTwin({ seed: 2 });
  try {
    const s = twin.step(5);
    assert.ok(Number.isFinite(s.withBn.loss) && Number.isFinite(s.withoutBn.loss));
  } finally {
    twin.dispose();
  }
  assert.equal(engine.stats().liveObjects, live, 'a failed call left an engine object behind');
}

function assertRejects(call, field) {
  assert.throws(call, (e) => {
    assert.ok(e instanceof Error, `not an Error: ${e}`);
    assert.equal(e.field, field, e.message);
    assert.ok(e.message.startsWith(field), `the message should name ${field}: ${e.message}`);
    return true;
  });
  assertStillWorks();
}

const BAD_CONFIGS = [
  // wrong type
  [{ points: '400' }, 'config.points'],
  [{ hidden: 8 }, 'config.hidden'],
  [{ hidden: [8, '8'] }, 'config.hidden[1]'],
  [{ batchNorm: 'yes' }, 'config.batchNorm'],
  [{ hidden: [4, 4], batchNorm: [true, 1] }, 'config.batchNorm[1]'],
  [{ keepBias: 1 }, 'config.keepBias'],
  [{ dataset: 3 }, 'config.dataset'],
  [{ bnMomentum: 'none' }, 'config.bnMomentum'],
  [{ seed: 10n }, 'config.seed'],
  // NaN and infinities
  [{ noise: NaN }, 'config.noise'],
  [{ learningRate: NaN }, 'config.learningRate'],
  [{ hidden: [8, NaN] }, 'config.hidden[1]'],
  [{ initScale: Infinity }, 'config.initScale'],
  // out of range
  [{ points: 5 }, 'config.points'],
  [{ trainFraction: 0.95 }, 'config.trainFraction'],
  [{ hidden: [] }, 'config.hidden'],
  [{ hidden: [0] }, 'config.hidden[0]'],
  [{ hidden: Array(17).fill(2) }, 'config.hidden'],
  [{ bnEps: 0 }, 'config.bnEps'],
  [{ bnMomentum: 1.5 }, 'config.bnMomentum'],
  [{ momentum: 1 }, 'config.momentum'],
  [{ bins: 1 }, 'config.bins'],
  [{ gridResolution: 257 }, 'config.gridResolution'],
  [{ seed: -1 }, 'config.seed'],
  [{ seed: 1.5 }, 'config.seed'],
  [{ hidden: [4, 4], batchNorm: [true] }, 'config.batchNorm'],
  // unknown fields
  [{ learningrate: 0.1 }, 'config.learningrate'],
  [{ bn: [true] }, 'config.bn'],
  // batch size 1 with batch norm; a batch larger than the training set
  [{ batchSize: 1 }, 'config.batchSize'],
  [{ hidden: [4, 4], batchNorm: [false, true], batchSize: 1 }, 'config.batchSize'],
  [{ points: 100, trainFraction: 0.5, batchSize: 51 }, 'config.batchSize'],
  // unknown names
  [{ dataset: 'cifar10' }, 'config.dataset'],
  [{ activation: 'gelu' }, 'config.activation'],
  [{ optimizer: 'rmsprop' }, 'config.optimizer'],
  [{ loss: 'hinge' }, 'config.loss'],
  [{ init: 'orthogonal' }, 'config.init'],
  [{ shift: 'rotate' }, 'config.shift'],
  [{ bnPlacement: 'middle' }, 'config.bnPlacement'],
  // a loss that does not fit the data
  [{ dataset: 'regression', loss: 'sigmoid_bce' }, 'config.loss'],
  [{ dataset: 'xor', loss: 'mse' }, 'config.loss'],
];

for (const [config, field] of BAD_CONFIGS) {
  test(`createTwin(${JSON.stringify(config, (k, v) => (typeof v === 'bigint' ? `${v}n` : Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v))}) throws naming ${field}`, () => {
    assertRejects(() => engine.createTwin(config), field);
  });
}

test('a config that is not an object throws naming config', () => {
  assertRejects(() => engine.createTwin(42), 'config');
  assertRejects(() => engine.createTwin([1, 2]), 'config');
});

test('batch size 1 is fine without batch norm, and the full training set is a valid batch', () => {
  for (const config of [{ batchNorm: false, batchSize: 1 }, { points: 100, trainFraction: 0.5, batchSize: 50 }]) {
    const twin = engine.createTwin(config);
    assert.ok(Number.isFinite(twin.step(3).withBn.loss));
    twin.dispose();
  }
});

test('bad arguments to twin methods throw naming the argument', () => {
  const twin = engine.createTwin({ hidden: [4, 4] });
  try {
    const cases = [
      [() => twin.step(-1), 'n'], [() => twin.step(1.5), 'n'], [() => twin.step('10'), 'n'], [() => twin.step(NaN), 'n'],
      [() => twin.probe('bn', 0), 'twin'], [() => twin.probe('withBn', 2), 'layer'], [() => twin.probe('withBn', -1), 'layer'],
      [() => twin.output(0), 'twin'], [() => twin.metrics('eval'), 'mode'], [() => twin.grid('withBn', 'train'), 'mode'],
      [() => twin.setLearningRate(-1), 'learningRate'], [() => twin.setLearningRate(NaN), 'learningRate'],
      [() => twin.setEvalMode('inference'), 'mode'], [() => twin.reseed(-3), 'seed'], [() => twin.reseed('7'), 'seed'],
      [() => twin.setProbeUnit(2000), 'probeUnit'],
    ];
    for (const [call, field] of cases) assertRejects(call, field);
    assert.ok(Number.isFinite(twin.step(2).withBn.loss), 'the twin itself still trains');
  } finally {
    twin.dispose();
  }
});

test('bad arguments to the reference functions throw naming the field', () => {
  const z = [1, 2, 3, 6, 5, 10, 7, -4];
  const cases = [
    [() => engine.batchNorm({ z: [1, 2, 3], features: 2 }), 'z'],
    [() => engine.batchNorm({ z: [1, 2], features: 2 }), 'z'],  // one example cannot train
    [() => engine.batchNorm({ z, features: 0 }), 'features'],
    [() => engine.batchNorm({ z, features: 2, gamma: [1] }), 'gamma'],
    [() => engine.batchNorm({ z: [1, NaN, 3, 4], features: 2 }), 'z[1]'],
    [() => engine.batchNorm({ z, features: 2, mode: 'test' }), 'mode'],
    [() => engine.batchNorm({ z, features: 2, eps: -1 }), 'eps'],
    [() => engine.batchNorm({ z, features: 2, dzTilde: [1] }), 'dzTilde'],
    [() => engine.batchNorm({ z, features: 2, x: z }), 'opts.x'],
    [() => engine.referenceStep({ x: [0, 0, 1, 1], y: [0, 1], network: { hidden: [2], foo: 1 } }), 'network.foo'],
    [() => engine.referenceStep({ x: [0, 0, 1], y: [0, 1], network: { hidden: [2] } }), 'x'],
    [() => engine.referenceStep({ x: [0, 0, 1, 1], y: [0], network: { hidden: [2] } }), 'y'],
    [() => engine.referenceStep({ x: [0, 0, 1, 1], y: [0, 1], network: { hidden: [2] }, params: [{ W: [1, 2] }] }), 'params[0].W'],
    [() => engine.referenceStep({ x: [0, 0, 1, 1], y: [0, 1], network: { hidden: [2] }, params: [{ b: [1, 2] }] }), 'params[0].b'],
    [() => engine.referenceStep({ x: [0, 0, 1, 1], y: [0, 1], network: { hidden: [2] }, params: [{ c: [1] }] }), 'params[0].c'],
    [() => engine.referenceStep({ x: [0, 0, 1, 1], y: [0, 1], network: { hidden: [2], batchNorm: false }, params: [{ gamma: [1, 1] }] }), 'params[0].gamma'],
    [() => engine.referenceStep({ x: [0, 0, 1, 1], y: [0, 2], network: { hidden: [2], loss: 'softmax_ce', outputSize: 2 } }), 'y[1]'],
    [() => engine.referenceStep({ x: [0, 0], y: [1], network: { hidden: [2] } }), 'x'],  // one example, BN
  ];
  for (const [call, field] of cases) assertRejects(call, field);
});

test("an engine error (a non-finite loss) surfaces as a catchable Error and the module keeps working", () => {
  // A linear unit fed 3e38 overflows float32: the logit is +inf and the loss NaN.
  const call = () => engine.referenceStep({
    network: { hidden: [1], activation: 'linear', batchNorm: false },
    params: [{ W: [1, 1] }, { W: [1] }],
    x: [3e38, 3e38, 3e38, 3e38], y: [1, 0],
  });
  assert.throws(call, /the loss is not finite/);
  assertStillWorks();
});
