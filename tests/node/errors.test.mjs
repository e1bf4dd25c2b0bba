// Bad input never reaches the engine unchecked and never breaks the module:
// each case throws an Error whose message names the field (error.field holds
// it), and afterwards the module still trains and holds no leftover objects.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadEngine } from '../../web/engine.js';
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
      [() => twin.output(0), 'twin'], [() => twin.metrics('train'), 'mode'], [() => twin.grid('withBn', 'train'), 'mode'],
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

// Values finite in JavaScript but not in float32 (|x| > 3.4028234663852886e38),
// and negative variances: refused by name, so an accepted call never returns NaN.
const z = [1, 2, 3, 6, 5, 10, 7, -4];
const net = { hidden: [2], loss: 'mse' };
const BAD_NUMBERS = [
  ['batchNorm z = 1e39', () => engine.batchNorm({ z: [1e39, 0], features: 1 }), 'z[0]'],
  ['batchNorm z = -3.5e38', () => engine.batchNorm({ z: [0, -3.5e38], features: 1 }), 'z[1]'],
  ['batchNorm gamma = 1e39', () => engine.batchNorm({ z, features: 2, gamma: [1, 1e39] }), 'gamma[1]'],
  ['batchNorm beta = 1e39', () => engine.batchNorm({ z, features: 2, beta: [1e39, 0] }), 'beta[0]'],
  ['batchNorm runningMean = 1e39', () => engine.batchNorm({ z, features: 2, runningMean: [0, 1e39] }), 'runningMean[1]'],
  ['batchNorm runningVar = 1e39', () => engine.batchNorm({ z, features: 2, runningVar: [1e39, 1] }), 'runningVar[0]'],
  ['batchNorm dzTilde = 1e39', () => engine.batchNorm({ z, features: 2, dzTilde: [0, 0, 0, 0, 0, 0, 0, 1e39] }), 'dzTilde[7]'],
  ['batchNorm runningVar = −1 in eval mode', () => engine.batchNorm({ z: [1, 2], features: 1, runningVar: [-1], mode: 'eval' }), 'runningVar[0]'],
  ['batchNorm runningVar = −1 in train mode', () => engine.batchNorm({ z: [1, 2], features: 1, runningVar: [-1] }), 'runningVar[0]'],
  ['batchNorm features = 1e39', () => engine.batchNorm({ z, features: 1e39 }), 'features'],
  ['batchNorm eps = Infinity', () => engine.batchNorm({ z, features: 2, eps: Infinity }), 'eps'],
  ['batchNorm momentum = NaN', () => engine.batchNorm({ z, features: 2, momentum: NaN }), 'momentum'],
  ['referenceStep x = 1e39', () => engine.referenceStep({ network: net, x: [1e39, 0], y: [0] }), 'x[0]'],
  ['referenceStep y = 1e39', () => engine.referenceStep({ network: net, x: [0, 0, 1, 1], y: [0, 1e39] }), 'y[1]'],
  ['referenceStep W = 1e39', () => engine.referenceStep({ network: net, x: [0, 0, 1, 1], y: [0, 1], params: [{ W: [1e39, 0, 0, 0] }] }), 'params[0].W[0]'],
  ['referenceStep gamma = -1e39', () => engine.referenceStep({ network: net, x: [0, 0, 1, 1], y: [0, 1], params: [{ gamma: [1, -1e39] }] }), 'params[0].gamma[1]'],
  ['referenceStep runningVar = −1 in running mode', () => engine.referenceStep({
    network: { hidden: [2] }, x: [0, 1, 1, 0], y: [1, 0], mode: 'running', params: [{ runningVar: [-1, 1] }],
  }), 'params[0].runningVar[0]'],
  ['referenceStep output bias = 1e39', () => engine.referenceStep({ network: net, x: [0, 0, 1, 1], y: [0, 1], params: [null, { b: [1e39] }] }), 'params[1].b[0]'],
];
for (const [what, call, field] of BAD_NUMBERS) {
  test(`${what} throws naming ${field}`, () => assertRejects(call, field));
}

test('values at the float32 limit are accepted and never come back as NaN', () => {
  // 3e38 is a float32; the batch variance of ±3e38 is not: the call says so instead of returning Infinity or NaN.
  assertRejects(() => engine.batchNorm({ z: [3e38, -3e38], features: 1 }), 'z');
  const r = engine.batchNorm({ z: [3e18, -3e18, 1e18, 2e18], features: 1, dzTilde: [1, 2, 3, 4] });  // σ² ≈ 5e36 fits
  for (const values of [r.zTilde, r.zNorm, r.dz, r.runningVar]) assert.ok(Array.from(values).every(Number.isFinite));
});

// Null, undefined and wrong types: every public method names its argument.
function twinCases(twin) {
  return [
    [() => twin.step(null), 'n'], [() => twin.step('1'), 'n'], [() => twin.step({}), 'n'],
    [() => twin.batchNoise(null), 'opts'], [() => twin.batchNoise(), 'opts'], [() => twin.batchNoise(3), 'opts'],
    [() => twin.batchNoise({ layer: 0 }), 'unit'], [() => twin.batchNoise({ layer: 0, unit: 0, example: 0, draws: 1, seed: 1, x: 1 }), 'opts.x'],
    [() => twin.probe(null, 0), 'twin'], [() => twin.probe('withBn', null), 'layer'], [() => twin.probe('withBn'), 'layer'],
    [() => twin.trainBatch(undefined, 0), 'twin'], [() => twin.trainBatch('withBn', '0'), 'layer'],
    [() => twin.output(null), 'twin'], [() => twin.percentiles(), 'twin'], [() => twin.percentiles(Symbol('x')), 'twin'],
    [() => twin.metrics(null), 'mode'], [() => twin.metrics('running', 'both'), 'twin'],
    [() => twin.grid(null), 'twin'], [() => twin.grid('withBn', 7), 'mode'],
    [() => twin.setEvalMode(null), 'mode'], [() => twin.setLearningRate(null), 'learningRate'],
    [() => twin.setLearningRate(1n), 'learningRate'], [() => twin.setProbeUnit(undefined), 'probeUnit'],
    [() => twin.reseed(null), 'seed'], [() => twin.reseed(), 'seed'],
  ];
}

test('every twin method names its argument when given null, undefined or the wrong type', () => {
  const twin = engine.createTwin({ hidden: [4, 4] });
  try {
    for (const [call, field] of twinCases(twin)) assertRejects(call, field);
    assert.ok(Number.isFinite(twin.step(2).withBn.loss), 'the twin itself still trains');
  } finally {
    twin.dispose();
  }
});

const ENGINE_CASES = [
  ['createTwin(null)', () => engine.createTwin(null), 'config'],
  ['createTwin("spiral")', () => engine.createTwin('spiral'), 'config'],
  ['createTwin({}, {mnist: bytes}) without dataset mnist', () => engine.createTwin({}, { mnist: new Uint8Array(4) }), 'data'],
  ['createTwin mnist without data', () => engine.createTwin({ dataset: 'mnist' }), 'data.mnist'],
  ['createTwin mnist with data null', () => engine.createTwin({ dataset: 'mnist' }, null), 'data'],
  ['createTwin mnist with a number as data.mnist', () => engine.createTwin({ dataset: 'mnist' }, { mnist: 3 }), 'data.mnist'],
  ['createTwin with activation names of the wrong count', () => engine.createTwin({ hidden: [4, 4], activation: ['relu'] }), 'config.activation'],
  ['createTwin with an unknown activation in the list', () => engine.createTwin({ hidden: [4, 4], activation: ['relu', 'gelu'] }), 'config.activation[1]'],
  ['createTwin with activation null', () => engine.createTwin({ activation: null }), 'config.activation'],
  ['createTwin with hidden holding an object', () => engine.createTwin({ hidden: [4, { toString: null }] }), 'config.hidden[1]'],
  ['referenceStep(null)', () => engine.referenceStep(null), 'opts'],
  ['referenceStep()', () => engine.referenceStep(), 'opts'],
  ['referenceStep(42)', () => engine.referenceStep(42), 'opts'],
  ['referenceStep with network null', () => engine.referenceStep({ network: null, x: [0, 0, 1, 1], y: [0, 1] }), 'network'],
  ['referenceStep with params null entries and a string', () => engine.referenceStep({ x: [0, 0, 1, 1], y: [0, 1], params: [null, 'W'] }), 'params[1]'],
  ['referenceStep with mode test', () => engine.referenceStep({ x: [0, 0, 1, 1], y: [0, 1], mode: 'test' }), 'opts.mode'],
  ['batchNorm(null)', () => engine.batchNorm(null), 'opts'],
  ['batchNorm()', () => engine.batchNorm(), 'opts'],
  ['batchNorm with z a string', () => engine.batchNorm({ z: '1,2', features: 1 }), 'z'],
  ['batchNorm with features missing', () => engine.batchNorm({ z: [1, 2] }), 'features'],
  ['inputScaling(null)', () => engine.inputScaling(null), 'opts'],
  ['inputScaling with points a string', () => engine.inputScaling({ points: '9' }), 'points'],
  ['inputScaling with an unknown option', () => engine.inputScaling({ pionts: 9 }), 'opts.pionts'],
];
for (const [what, call, field] of ENGINE_CASES) {
  test(`${what} throws naming ${field}`, () => assertRejects(call, field));
}

test("the input-scaling model's methods name their arguments", () => {
  const demo = engine.inputScaling();
  try {
    for (const [call, field] of [
      [() => demo.setNormalized('yes'), 'normalized'], [() => demo.lossGrid(null, 0, 1, 0, 1), 'resolution'],
      [() => demo.lossGrid(8, NaN, 1, 0, 1), 'c1'], [() => demo.lossGrid(8, 0, -1, 0, 1), 'e1'],
      [() => demo.descend(0, 0, 0.1, null), 'steps'], [() => demo.descend('0', 0, 0.1, 3), 'w1'],
      [() => demo.descend(0, 0, Infinity, 3), 'learningRate'], [() => demo.loss(0, undefined), 'w2'],
    ]) assertRejects(call, field);
    assert.equal(demo.lossGrid(4, 0, 1, 0, 1).length, 16);
  } finally {
    demo.dispose();
  }
});

test('loadEngine names a bad option', async () => {
  await assert.rejects(loadEngine(null), (e) => e.field === 'opts');
  await assert.rejects(loadEngine({ factory: 3 }), (e) => e.field === 'opts.factory');
  await assert.rejects(loadEngine({ factory: () => ({}), wasmBinary: 'bytes' }), (e) => e.field === 'opts.wasmBinary');
});

// Only own properties are options: inherited ones are ignored (or, for a required one, missing).
test('createTwin ignores inherited settings', () => {
  const twin = engine.createTwin(Object.create({ learningRate: 1000, hidden: [1] }));
  try {
    assert.equal(twin.config.learningRate, 0.1);
    assert.deepEqual(twin.config.hidden, [8, 8, 8, 8]);
  } finally {
    twin.dispose();
  }
});

test('createTwin ignores an inherited dataset: mnist', () => {
  const twin = engine.createTwin(Object.create({ dataset: 'mnist' }));
  assert.equal(twin.config.dataset, 'circles');
  twin.dispose();
});

test('referenceStep and batchNorm read only own options', () => {
  assertRejects(() => engine.referenceStep(Object.create({ x: [0, 0, 1, 1], y: [0, 1] })), 'x');
  const r = engine.batchNorm(Object.assign(Object.create({ mode: 'running', runningVar: [-1, -1] }), { z, features: 2 }));
  assert.equal(r.batchesTracked, 1, 'the inherited mode was ignored: train mode updated the running statistics');
  const params = [Object.create({ W: [1e39, 0, 0, 0] })];
  assert.ok(Number.isFinite(engine.referenceStep({ network: { hidden: [2] }, x: [0, 0, 1, 1], y: [0, 1], params }).loss));
});

test('twin.batchNoise reads only own options', () => {
  const twin = engine.createTwin({ hidden: [4] });
  try {
    assertRejects(() => twin.batchNoise(Object.create({ layer: 0, unit: 0, example: 0, draws: 2, seed: 1 })), 'layer');
  } finally {
    twin.dispose();
  }
});
