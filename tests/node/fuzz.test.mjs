// Fuzzing the facade: seeded random configs (valid and invalid: wrong types,
// NaN, ±Infinity, 1e39, huge sizes, inherited properties, unknown keys) and
// random call sequences through every public method. Whatever happens:
//  - nothing crashes: every throw is an Error whose message starts with the
//    field it names (error.field);
//  - no NaN (nor ±Infinity) comes back as data unless that network's status
//    says diverged;
//  - the module stays usable, and every object it made is freed.
// Seeded (the same cases on every machine) and bounded: about 20 s.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadNodeEngine, seededRandom } from './helpers.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);  // FUZZ_SEED=… explores other cases
const CONFIGS = 2000;        // random twin configs
const REFERENCE_CALLS = 3000; // random referenceStep / batchNorm calls

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

const random = seededRandom(SEED);
const chance = (p) => random() < p;
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

// Values no numeric, string or array field accepts.
const JUNK = [null, true, '7', '', {}, [], Symbol('s'), 10n, NaN, Infinity, -Infinity, 1e39, -1e39, -1, 1.5, 1e9,
  () => 1, Object.create(null), new Float64Array([1e39]), [NaN], [1, '2'], new DataView(new ArrayBuffer(4))];
const junk = () => pick(JUNK);

// Over a per-field limit or over a budget: always refused.
const HUGE = [
  { hidden: Array(16).fill(1024) },
  { hidden: Array(16).fill(1024), points: 20000, probeSize: 4096 },
  { hidden: [1024, 1024, 1024], points: 20000 },
  { hidden: [1024, 1024], batchSize: 8192, points: 20000 },
  { hidden: Array(17).fill(2) }, { hidden: [2048] }, { probeSize: 65536 }, { points: 20001 },
  { batchSize: 1e6 }, { gridResolution: 1e4 }, { bins: 1e5 }, { probeUnit: 5000 },
];

// Small valid values: the fuzz runs hundreds of twins.
const VALID = {
  dataset: () => pick(['circles', 'xor', 'gaussians', 'spiral', 'moons', 'regression']),
  points: () => int(40, 400),
  noise: () => random(),
  trainFraction: () => 0.1 + 0.8 * random(),
  shift: () => pick(['none', 'translate', 'scale']),
  shiftAmount: () => 3 * random(),
  hidden: () => Array.from({ length: int(1, 4) }, () => int(1, 12)),
  activation: () => pick(['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear']),
  bnPlacement: () => pick(['before', 'after']),
  keepBias: () => chance(0.5),
  bnEps: () => 10 ** -int(1, 12),
  bnMomentum: () => (chance(0.2) ? null : random()),
  optimizer: () => pick(['sgd', 'momentum', 'adam']),
  learningRate: () => (chance(0.15) ? 1000 * random() : random()),  // large ones diverge
  momentum: () => 0.99 * random(),
  weightDecay: () => random(),
  init: () => pick(['xavier', 'he', 'gaussian']),
  initScale: () => (chance(0.1) ? 100 : 0.01 + 3 * random()),
  seed: () => int(0, 1e6),
  batchSize: () => int(2, 16),
  probeSize: () => int(2, 64),
  bins: () => int(2, 40),
  histRange: () => 0.5 + 5 * random(),
  probeUnit: () => int(0, 20),
  gridResolution: () => int(2, 16),
  gridExtent: () => 0.5 + 2 * random(),
  trainOnly: () => pick(['both', 'withBn', 'withoutBn']),
};

function randomConfig() {
  if (chance(0.05)) return pick(HUGE);
  if (chance(0.03)) return junk();
  // Regression at a large learning rate: losses overflow within a few steps.
  const config = chance(0.1) ? { dataset: 'regression', activation: 'relu', learningRate: 5 + 20 * random() } : {};
  for (let k = int(0, 6); k > 0; --k) {
    const key = pick(Object.keys(VALID));
    config[key] = chance(0.8) ? VALID[key]() : junk();
  }
  if (Array.isArray(config.hidden) && chance(0.3)) {
    const L = config.hidden.length;
    if (chance(0.5)) config.batchNorm = Array.from({ length: chance(0.9) ? L : L + 1 }, () => chance(0.6));
    else config.activation = Array.from({ length: chance(0.9) ? L : L - 1 }, () => (chance(0.95) ? VALID.activation() : 'gelu'));
  }
  if (chance(0.05)) config[pick(['learningrate', 'bn', 'layers'])] = 1;
  // Inherited settings are not settings: a prototype full of bad values changes nothing.
  if (chance(0.1)) return Object.assign(Object.create({ learningRate: 1e6, hidden: 'x', points: -1 }), config);
  return config;
}

const stats = {
  configs: 0, accepted: 0, refused: 0, calls: 0, callErrors: 0, diverged: 0, nanWithDivergence: 0, reference: 0, referenceErrors: 0,
};

/** Every throw is an Error naming a field first. */
function assertNamedError(e, what) {
  assert.ok(e instanceof Error, `${what}: threw a non-Error ${String(e)}`);
  assert.equal(typeof e.field, 'string', `${what}: no error.field in "${e.message}"`);
  assert.ok(e.field.length > 0 && e.message.startsWith(e.field), `${what}: "${e.message}" does not start with its field ${e.field}`);
}

/** True if any number in a returned value (object, array, typed array) is NaN or ±Infinity. */
function hasNaN(v, depth = 0) {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (depth > 4 || v === null || typeof v !== 'object') return false;
  if (ArrayBuffer.isView(v)) return Array.prototype.some.call(v, (x) => !Number.isFinite(x));
  return Object.values(v).some((x) => hasNaN(x, depth + 1));
}

// NaN (or ±Infinity) as data only from a network whose status says diverged.
function assertNoUnexplainedNaN(twin, result, name, what) {
  if (!hasNaN(result)) return;
  const status = twin.status();
  const names = name ? [name] : ['withBn', 'withoutBn'];
  const diverged = names.some((t) => status[t].diverged);
  assert.ok(diverged, `${what} returned NaN or Infinity without divergence: ${JSON.stringify(status)}`);
  stats.nanWithDivergence += 1;
}

const twinName = () => (chance(0.9) ? pick(['withBn', 'withoutBn']) : junk());
const layerOf = (twin) => (chance(0.9) ? int(0, twin.numHidden - 1) : pick([-1, twin.numHidden, junk()]));
const modeArg = () => (chance(0.85) ? pick(['running', 'batch', 'eval']) : pick(['train', 'inference', junk()]));

// One random call: [label, function returning the result, the twin it concerns or undefined].
function randomCall(twin) {
  const t = twinName();
  switch (int(0, 19)) {
    case 0: return ['step', () => twin.step(chance(0.9) ? int(0, 60) : pick([1e6, -1, junk()])), undefined];
    case 1: return ['metrics', () => twin.metrics(modeArg(), chance(0.5) ? undefined : t), chance(0.5) ? undefined : t];
    case 2: return ['refreshProbes', () => twin.refreshProbes(), undefined];
    case 3: return ['probe', () => twin.probe(t, layerOf(twin)), t];
    case 4: return ['percentiles', () => twin.percentiles(t), t];
    case 5: return ['trainBatch', () => twin.trainBatch(t, layerOf(twin)), t];
    case 6: return ['output', () => twin.output(t), t];
    case 7: return ['grid', () => twin.grid(t, modeArg()), t];
    case 8: return ['gridPoints', () => twin.gridPoints(), undefined];
    case 9: return ['dataset', () => twin.dataset(), undefined];
    case 10: return ['lastBatch', () => twin.lastBatch(), undefined];
    case 11: return ['batchNoise', () => twin.batchNoise(chance(0.15) ? junk() : {
      layer: layerOf(twin), unit: chance(0.9) ? int(0, 3) : junk(), example: chance(0.9) ? int(0, 10) : junk(),
      draws: chance(0.9) ? int(1, 20) : pick([0, 257, junk()]), seed: chance(0.9) ? int(0, 100) : junk(),
    }), 'withBn'];
    case 12: return ['setLearningRate', () => twin.setLearningRate(chance(0.8) ? random() : junk()), undefined];
    case 13: return ['setEvalMode', () => twin.setEvalMode(modeArg()), undefined];
    case 14: return ['setProbeUnit', () => twin.setProbeUnit(chance(0.8) ? int(0, 30) : junk()), undefined];
    case 15: return ['reset', () => twin.reset(), undefined];
    case 16: return ['reseed', () => twin.reseed(chance(0.8) ? int(0, 1000) : junk()), undefined];
    case 17: return ['gridSnapshot', () => twin.gridSnapshot(t, modeArg()), t];
    case 18: return ['gridPart', () => twin.gridPart(t, chance(0.9) ? int(1, 2000) : pick([0, -1, 1e9, junk()])), t];
    default: return ['status', () => twin.status(), undefined];
  }
}

test(`${CONFIGS} random configs and call sequences through the facade: named errors, no unexplained NaN, nothing left behind`, async (t) => {
  const start = engine.stats();
  for (let i = 0; i < CONFIGS; ++i) {
    const config = randomConfig();
    stats.configs += 1;
    let twin;
    try {
      twin = engine.createTwin(config);
      stats.accepted += 1;
    } catch (e) {
      assertNamedError(e, `createTwin #${i}`);
      stats.refused += 1;
      continue;
    }
    try {
      for (let k = int(3, 14); k > 0; --k) {
        const [label, call, name] = randomCall(twin);
        stats.calls += 1;
        try {
          assertNoUnexplainedNaN(twin, call(), typeof name === 'string' ? name : undefined, `#${i} ${label}`);
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          assertNamedError(e, `#${i} ${label}`);
          stats.callErrors += 1;
        }
      }
      if (chance(0.1)) {
        stats.calls += 1;
        const status = await twin.stepAsync(int(0, 200), { chunk: int(1, 50) });
        assert.equal(typeof status.withBn.steps, 'number');
      }
      const status = twin.status();
      if (status.withBn.diverged || status.withoutBn.diverged) stats.diverged += 1;
    } finally {
      twin.dispose();
    }
    assert.equal(engine.stats().liveObjects, 0, `#${i} left an engine object`);
  }
  // Usable afterwards, and everything freed.
  const twin = engine.createTwin({ seed: 2 });
  assert.ok(Number.isFinite(twin.step(5).withBn.loss));
  twin.dispose();
  const end = engine.stats();
  assert.equal(end.liveObjects, 0);
  assert.equal(end.emvalHandles, 0, 'JavaScript values left held by C++');
  assert.equal(end.heapBytesInUse, start.heapBytesInUse, 'the C++ heap holds what the disposed objects left');
  t.diagnostic(`configs ${stats.configs} (accepted ${stats.accepted}, refused ${stats.refused}); twin calls ${stats.calls} (${stats.callErrors} refused); twins that diverged ${stats.diverged}, results holding NaN or Infinity (all from diverged networks) ${stats.nanWithDivergence}`);
  assert.ok(stats.accepted > CONFIGS / 4 && stats.refused > CONFIGS / 10, 'the fuzz exercises both sides');
});

const floats = (n, scale = 2) => Array.from({ length: n }, () => (random() - 0.5) * scale);
const maybeJunk = (value, p = 0.08) => (chance(p) ? junk() : value);

function randomReferenceStep() {
  const inputSize = int(1, 3);
  const hidden = Array.from({ length: int(1, 3) }, () => int(1, 4));
  const loss = pick(['sigmoid_bce', 'softmax_ce', 'mse']);
  const outputSize = loss === 'softmax_ce' ? int(2, 3) : int(1, 2);
  const m = int(1, 6);
  const network = { inputSize, outputSize, hidden, loss, batchNorm: chance(0.7), seed: int(0, 99) };
  if (chance(0.3)) network.activation = chance(0.8) ? hidden.map(() => VALID.activation()) : ['relu', 'nope'];
  if (chance(0.2)) network.optimizer = pick(['momentum', 'adam']);
  const y = loss === 'softmax_ce' ? Array.from({ length: m }, () => int(0, outputSize - 1))
    : floats((loss === 'mse' ? outputSize : outputSize) * m, 1).map((v) => (loss === 'mse' ? v : v > 0 ? 1 : 0));
  const opts = { network: maybeJunk(network), x: maybeJunk(floats(inputSize * m, chance(0.05) ? 1e38 : 4)), y: maybeJunk(y) };
  if (chance(0.4)) opts.mode = maybeJunk(pick(['train', 'batch', 'running', 'eval']));
  if (chance(0.3)) {
    opts.params = [{ W: maybeJunk(floats(hidden[0] * inputSize)), runningVar: maybeJunk(floats(hidden[0], 1).map((v) => (chance(0.1) ? -1 : Math.abs(v)))) }];
  }
  if (chance(0.05)) return Object.create(opts);
  return opts;
}

function randomBatchNorm() {
  const features = int(1, 4);
  const m = int(1, 6);
  const opts = { z: maybeJunk(floats(features * m, chance(0.05) ? 6e38 : 10)), features: maybeJunk(features) };
  for (const key of ['gamma', 'beta', 'runningMean']) if (chance(0.3)) opts[key] = maybeJunk(floats(features));
  if (chance(0.3)) opts.runningVar = maybeJunk(floats(features, 1).map((v) => (chance(0.1) ? -v - 1 : Math.abs(v))));
  if (chance(0.3)) opts.mode = maybeJunk(pick(['train', 'batch', 'running', 'eval']));
  if (chance(0.3)) opts.momentum = maybeJunk(chance(0.3) ? null : random());
  if (chance(0.2)) opts.eps = maybeJunk(10 ** -int(1, 12));
  if (chance(0.4)) opts.dzTilde = maybeJunk(floats(features * m));
  return chance(0.05) ? junk() : opts;
}

test(`${REFERENCE_CALLS} random referenceStep and batchNorm calls: named errors and finite data`, (t) => {
  const start = engine.stats();
  for (let i = 0; i < REFERENCE_CALLS; ++i) {
    const reference = chance(0.5);
    const opts = reference ? randomReferenceStep() : randomBatchNorm();
    stats.reference += 1;
    try {
      const r = reference ? engine.referenceStep(opts) : engine.batchNorm(opts);
      assert.ok(!hasNaN(r), `#${i} returned NaN or Infinity as data`);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      assertNamedError(e, `#${i} ${reference ? 'referenceStep' : 'batchNorm'}`);
      stats.referenceErrors += 1;
    }
  }
  const end = engine.stats();
  assert.equal(end.liveObjects, start.liveObjects, 'an engine object left behind');
  assert.equal(end.heapBytesInUse, start.heapBytesInUse, 'C++ heap left in use');
  assert.equal(end.emvalHandles, 0);
  t.diagnostic(`reference calls ${stats.reference} (${stats.referenceErrors} refused)`);
});
