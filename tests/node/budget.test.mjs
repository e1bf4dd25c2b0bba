// Budgets (engine/budget.hpp, mirrored by web/engine-budget.js): the facade
// and the engine cost a twin the same way and refuse the same descriptions;
// the estimate is what the engine really allocates; a failed allocation is a
// sentence; step(n) is bounded per call and stepAsync trains past the bound
// without blocking.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { CONFIG_FIELDS, normalizeFields } from '../../web/engine-config.js';
import { BUDGET, LIMITS, maxNoiseDraws, maxStepsPerCall, toyDataShape, twinCost } from '../../web/engine-budget.js';
import { loadNodeEngine, loadNodeModule, seededRandom } from './helpers.mjs';

let engine;
let M;
before(async () => {
  engine = await loadNodeEngine();
  M = await loadNodeModule();
});

// A config with every field filled and type-checked but no budget check, as
// the engine's bindings read it.
function rawConfig(config) {
  const c = normalizeFields(config, CONFIG_FIELDS, 'config');
  if (c.loss === 'auto') c.loss = c.dataset === 'regression' ? 'mse' : 'sigmoid_bce';
  return c;
}

const COST_KEYS = ['parameterBytes', 'batchBytes', 'probeBytes', 'evalBytes', 'gridBytes', 'dataBytes',
  'stepWork', 'evalWork', 'probeWork', 'gridWork', 'noiseWork'];

test('the facade computes the same twin cost as the engine for 200 random descriptions', () => {
  const random = seededRandom(11);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  for (let i = 0; i < 200; ++i) {
    const layers = int(1, 16);
    const config = {
      hidden: Array.from({ length: layers }, () => int(1, 1024)),
      batchNorm: Array.from({ length: layers }, () => random() < 0.7),
      bnPlacement: pick(['before', 'after']), keepBias: random() < 0.3, optimizer: pick(['sgd', 'momentum', 'adam']),
      batchSize: int(2, 4000), probeSize: int(2, LIMITS.probeSize), bins: int(2, 512),
      gridResolution: int(2, 256), trainOnly: pick(['both', 'withBn', 'withoutBn']),
    };
    const c = rawConfig(config);
    const shape = { nTrain: int(config.batchSize, 60000), nTest: int(0, 10000), inputSize: pick([2, 784, 4096]), outputSize: pick([1, 10]) };
    const js = twinCost(c, shape);
    const native = M.twinCost(c, shape.nTrain, shape.nTest, shape.inputSize, shape.outputSize);
    assert.deepEqual(Object.keys(native).sort(), [...COST_KEYS, 'maxNoiseDraws', 'maxStepsPerCall'].sort());
    for (const key of COST_KEYS) {
      // The same sums in the same order: equal up to double rounding (1e-12 relative).
      assert.ok(Math.abs(js[key] - native[key]) <= 1e-12 * Math.max(1, native[key]), `${key}: ${js[key]} vs ${native[key]} for ${JSON.stringify(config)}`);
    }
    assert.equal(maxStepsPerCall(js), native.maxStepsPerCall);
    assert.equal(maxNoiseDraws(js), native.maxNoiseDraws);
  }
});

test('the facade and the engine refuse the same over-budget twins, naming the same setting', () => {
  const cases = [
    [{ hidden: Array(16).fill(1024) }, 'config.hidden', 'hidden_sizes'],
    [{ hidden: Array(8).fill(1024), probeSize: 4096, points: 20000 }, 'config.probeSize', 'probe_size'],
    [{ hidden: [1024, 1024], batchSize: 8192, points: 20000 }, 'config.batchSize', 'batch_size'],
    [{ hidden: [1024, 1024, 1024], points: 20000 }, 'config.points', 'num_points'],
    [{ hidden: [1024, 1024, 1024], points: 2000, gridResolution: 256 }, 'config.gridResolution', 'grid_resolution'],
  ];
  for (const [config, field, engineField] of cases) {
    const start = engine.stats();
    assert.throws(() => engine.createTwin(config), (e) => {
      assert.equal(e.field, field, e.message);
      assert.match(e.message, /must be smaller: .* over the budget of (256\.0 MiB per object|1\.0e10 per engine call)/);
      return true;
    });
    assert.deepEqual(engine.stats(), start, 'the refusal allocated nothing');
    // The engine's own check, without the facade: same refusal before any allocation.
    const lab = new M.TwinLab();
    const heap = M.heapBytesInUse();
    const error = lab.configure(rawConfig(config));
    assert.ok(error.startsWith(`${engineField} must be smaller`), error);
    assert.ok(M.heapBytesInUse() - heap < 300_000, 'the engine refused before allocating the networks');
    lab.delete();
  }
});

test("a twin's estimated bytes are what the engine's heap grows by, within 10 percent", () => {
  for (const config of [{ hidden: [64, 64, 64], batchSize: 64, points: 2000 },
    { hidden: Array(8).fill(32), points: 2000, trainFraction: 0.9, batchSize: 1800, optimizer: 'adam' }]) {
    const c = rawConfig(config);
    const cost = twinCost(c, toyDataShape(c));
    const estimate = COST_KEYS.slice(0, 6).reduce((sum, key) => sum + cost[key], 0);
    const heap = engine.stats().heapBytesInUse;
    const twin = engine.createTwin(config);
    const grown = engine.stats().heapBytesInUse - heap;
    twin.dispose();
    assert.ok(Math.abs(estimate - grown) <= 0.1 * grown, `estimate ${estimate} vs heap growth ${grown}`);
  }
});

test('a failed allocation becomes an Error with a sentence, and the module keeps working', async () => {
  const engine = await loadNodeEngine();  // a fresh module: 16 MiB of memory
  // The browser refusing to grow the memory (or its 2 GiB limit): every grow fails.
  const grow = WebAssembly.Memory.prototype.grow;
  const start = engine.stats();
  WebAssembly.Memory.prototype.grow = () => { throw new RangeError('no more memory'); };
  try {
    // Within budget (about 60 MiB), but more than the memory already there.
    const config = { hidden: [1024, 1024, 1024], points: 1000 };
    const size = engine.stats().memoryBytes;
    assert.ok(twinCost(rawConfig(config), toyDataShape(rawConfig(config))).parameterBytes > size, 'the test needs a twin bigger than the memory');
    assert.throws(() => engine.createTwin(config), (e) => {
      assert.equal(e.field, 'config');
      assert.match(e.message, /^config: out of memory: the engine could not allocate what this call needs \(WebAssembly memory is \d+ MiB, at most 2048 MiB\); dispose objects/);
      return true;
    });
    assert.throws(() => engine.referenceStep({ network: { hidden: [1024, 1024, 1024] }, x: [0, 1, 1, 0], y: [1, 0] }),
      (e) => e.field === 'referenceStep' && e.message.startsWith('referenceStep: out of memory:'));
  } finally {
    WebAssembly.Memory.prototype.grow = grow;
  }
  assert.deepEqual(engine.stats(), start, 'nothing leaked');
  const twin = engine.createTwin({ seed: 2 });
  assert.ok(Number.isFinite(twin.step(5).withBn.loss));
  twin.dispose();
});

test('step(n) takes at most maxStepsPerCall steps and points to stepAsync beyond', () => {
  const twin = engine.createTwin();
  try {
    const most = twin.maxStepsPerCall;
    const c = twin.config;
    assert.equal(most, maxStepsPerCall(twinCost(c, toyDataShape(c))));
    assert.ok(most >= 10000, `the default twin takes ${most} steps per call`);
    assert.throws(() => twin.step(1_000_000), (e) => {
      assert.equal(e.field, 'n');
      assert.match(e.message, /^n must be at most \d+ for this twin, got 1000000: .*1e10 work units.*twin\.stepAsync\(1000000\)/);
      return true;
    });
    assert.equal(twin.status().withBn.steps, 0, 'the refused call took no step');
    assert.equal(twin.step(most).withBn.steps, most);
  } finally {
    twin.dispose();
  }
});

test('stepAsync trains past the bound in chunks, yielding to the event loop between them', async () => {
  const twin = engine.createTwin({ seed: 3 });
  const sync = engine.createTwin({ seed: 3 });
  try {
    const n = twin.maxStepsPerCall + 1234;
    let ticks = 0;
    const timer = setInterval(() => { ticks += 1; }, 0);
    const progress = [];
    const status = await twin.stepAsync(n, { onProgress: (p) => progress.push(p.done) });
    clearInterval(timer);
    assert.equal(status.withBn.steps, n);
    assert.ok(progress.length >= 2 && progress.at(-1) === n, `${progress.length} chunks`);
    assert.ok(ticks >= 1, 'other tasks ran while it trained');
    // The same steps as step() in pieces: bit for bit (meanLoss is the mean over the last call's steps).
    for (let done = 0; done < n;) {
      const k = Math.min(sync.maxStepsPerCall, n - done);
      sync.step(k);
      done += k;
    }
    const withoutMean = ({ meanLoss, ...rest }) => rest;
    for (const t of ['withBn', 'withoutBn']) assert.deepEqual(withoutMean(status[t]), withoutMean(sync.status()[t]));
    // Fixed chunks.
    const chunks = [];
    await twin.stepAsync(10, { chunk: 3, onProgress: (p) => chunks.push(p.done) });
    assert.deepEqual(chunks, [3, 6, 9, 10]);
  } finally {
    twin.dispose();
    sync.dispose();
  }
});

test('stepAsync can be aborted, refuses a second run at once, and stops if the twin is disposed', async () => {
  const twin = engine.createTwin({ seed: 4 });
  const controller = new AbortController();
  const run = twin.stepAsync(1_000_000, {
    chunk: 100, signal: controller.signal,
    onProgress: ({ done }) => { if (done >= 300) controller.abort(); },
  });
  await assert.rejects(twin.stepAsync(5), (e) => e.field === 'stepAsync' && /already running/.test(e.message));
  await assert.rejects(run, (e) => e.name === 'AbortError');
  assert.equal(twin.status().withBn.steps, 300, 'the steps before the abort stay taken');
  await assert.rejects(twin.stepAsync(1, { chunk: 0 }), (e) => e.field === 'opts.chunk');
  await assert.rejects(twin.stepAsync(1, { signal: {} }), (e) => e.field === 'opts.signal');
  await assert.rejects(twin.stepAsync(1, { onProgress: 3 }), (e) => e.field === 'opts.onProgress');
  await assert.rejects(twin.stepAsync(-1), (e) => e.field === 'n');
  const disposed = twin.stepAsync(10_000, { chunk: 10 });
  twin.dispose();
  await assert.rejects(disposed, (e) => e.field === 'twin' && /disposed/.test(e.message));
  assert.equal(engine.stats().liveObjects, 0);
});

test('stepAsync stops early once every network that trains has diverged', async () => {
  // Regression at learning rate 10: both networks' losses overflow within a few steps.
  const twin = engine.createTwin({ dataset: 'regression', activation: 'relu', learningRate: 10 });
  try {
    const status = await twin.stepAsync(100_000, { chunk: 50 });
    assert.ok(status.withBn.diverged && status.withoutBn.diverged);
    assert.ok(status.withBn.steps < 100_000);
  } finally {
    twin.dispose();
  }
});

test('budget limits are exported for API users', () => {
  assert.equal(BUDGET.objectBytes, 256 * 1024 * 1024);
  assert.equal(BUDGET.callWork, 1e10);
  assert.equal(LIMITS.units, 1024);
  assert.equal(CONFIG_FIELDS.find((f) => f.key === 'probeSize').max, LIMITS.probeSize);
});
