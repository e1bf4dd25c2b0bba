// The embed's own WebAssembly module (web/dist/bnlab-embed.{js,wasm}, CMakeLists.txt): the
// same engine as the full module minus the reference classes and layer/group norm, built
// smaller (no embind: C functions behind engine/bindings/embed_module.js; bindings at -Oz,
// emmalloc). It must train exactly as the full module does: same losses, metrics, probes,
// grids and batch noise, bit for bit, since both link the same training objects.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { loadEngine } from '../../web/engine.js';
import { DIST, loadNodeEngine, stepInChunks } from './helpers.mjs';

/** The embed's module: bnlab-embed.wasm, or with `wasm` its twin with layer and group norm, both driven by
 * bnlab-embed.js's glue as bn-lab.js drives them (web/embed/engine-source.js). */
async function loadEmbedEngine(wasm = 'bnlab-embed.wasm') {
  const factory = createRequire(import.meta.url)(`${DIST}bnlab-embed.js`);
  return loadEngine({ factory, wasmBinary: readFileSync(`${DIST}${wasm}`) });
}

// Configs spanning what the embed presets use (web/embed/presets.js): datasets,
// activations, depths, batch sizes, a covariate shift.
const CONFIGS = [
  { seed: 3 },
  { dataset: 'circles', activation: 'sigmoid', hidden: [8, 8, 8, 8], batchSize: 64, learningRate: 0.1, seed: 7 },
  { dataset: 'moons', shift: 'translate', shiftAmount: 0.8, hidden: [8, 8], noise: 0.1, activation: 'tanh',
    batchSize: 16, learningRate: 0.1, seed: 11 },
  { hidden: [4, 4], batchSize: 6, learningRate: 0.3, seed: 5 },
  // Noisy BN, one ν for every layer and one per layer (the embed's own reader of the list).
  { dataset: 'moons', activation: 'sigmoid', hidden: [8, 8, 8, 8], batchSize: 64, learningRate: 0.1, bnNoise: 1, seed: 2 },
  { dataset: 'moons', activation: 'sigmoid', hidden: [8, 8, 8, 8], batchSize: 64, learningRate: 0.1,
    bnNoise: [0, 0, 1.5, 0], seed: 2 },
];

/** Everything a figure reads from a twin after `steps` steps, as plain arrays. */
function run(engine, config, steps) {
  const twin = engine.createTwin(config);
  try {
    const status = stepInChunks(twin, steps);
    twin.refreshProbes();
    return {
      status,
      metrics: twin.metrics('running'),
      grid: Array.from(twin.grid('withBn', 'running')),
      probes: [twin.probe('withBn', 0), twin.probe('withoutBn', twin.numHidden - 1)],
      percentiles: twin.percentiles('withBn'),
      // The batch's noise is batch norm's own (layer and group norm have no batch statistics).
      noise: (config.norm ?? 'batch') === 'batch' ? Array.from(twin.batchNoise({ layer: 0, unit: 0, example: 0, draws: 50, seed: 2 })) : null,
    };
  } finally {
    twin.dispose();
  }
}

test('the embed module trains exactly as the full module: same numbers, bit for bit', async () => {
  const [full, embed] = await Promise.all([loadNodeEngine(), loadEmbedEngine()]);
  assert.equal(embed.buildInfo, full.buildInfo);
  for (const config of CONFIGS) {
    const a = run(full, config, 300);
    const b = run(embed, config, 300);
    assert.equal(b.status.withBn.steps, 300);
    assert.deepEqual(b, a, `config ${JSON.stringify(config)}`);
  }
  // Its own bookkeeping works (emmalloc's in-use count instead of dlmalloc's), and C++ holds no
  // JavaScript value once the calls returned (embed_values.js's table, embind's emval handles in the full module).
  const stats = embed.stats();
  assert.equal(stats.liveObjects, 0);
  assert.equal(stats.emvalHandles, 0);
  assert.ok(stats.heapBytesInUse > 0 && stats.heapBytesInUse < stats.memoryBytes);
});

test('the embed module refuses bad input with the same messages as the full module', async () => {
  const [full, embed] = await Promise.all([loadNodeEngine(), loadEmbedEngine()]);
  for (const config of [{ hidden: [0] }, { batchSize: 1e6 }, { learningRate: -1 }, { dataset: 'nope' }]) {
    const message = (engine) => {
      try {
        engine.createTwin(config).dispose();
        return 'no error';
      } catch (e) {
        return e.message;
      }
    };
    const want = message(full);
    assert.notEqual(want, 'no error');
    assert.equal(message(embed), want, `config ${JSON.stringify(config)}`);
  }
});

test('the embed module reads landscapes, batch coupling, points and MNIST as the full module does', async () => {
  const [full, embed] = await Promise.all([loadNodeEngine(), loadEmbedEngine()]);
  const mnist = new Uint8Array(readFileSync(new URL('../../web/data/mnist-10k.bin', import.meta.url)));
  const read = (engine) => {
    const twin = engine.createTwin({ hidden: [6, 6], batchSize: 8, seed: 4 });
    const points = engine.createTwin({ dataset: 'regression', hidden: [4], batchSize: 4, seed: 2 },
      { points: { train: [[0, 0, 1], [1, 0, 2], [0, 1, 3], [1, 1, 4], [0.5, 0.5, 2.5], [0.2, 0.8, 3], [0.8, 0.2, 2], [0.3, 0.3, 2]] } });
    const digits = engine.createTwin({ dataset: 'mnist', hidden: [16], batchSize: 32, seed: 1 }, { mnist });
    try {
      twin.step(20);
      points.step(5);
      digits.step(3);
      return {
        landscape: twin.landscape('withBn', [0, 0.1, 1]),
        coupling: twin.inspectBatch('withBn', 1, [0.5, -0.5]),
        train: twin.trainBatch('withBn', 1),
        output: twin.output('withoutBn'),
        data: twin.dataset(),
        points: [points.status(), Array.from(points.grid('withBn'))],
        digits: [digits.status(), digits.testMetrics(), digits.inputSize, digits.trainSize],
        budget: [twin.maxStepsPerCall, points.maxStepsPerCall, digits.maxStepsPerCall],
      };
    } finally {
      twin.dispose();
      points.dispose();
      digits.dispose();
    }
  };
  assert.deepEqual(read(embed), read(full));
  assert.equal(embed.stats().emvalHandles, 0);
});

test('the embed module leaves out layer and group norm, and says so', async () => {
  const [full, embed] = await Promise.all([loadNodeEngine(), loadEmbedEngine()]);
  for (const norm of ['layer', 'group']) {
    const config = { norm, hidden: [4, 4], seed: 1 };
    full.createTwin(config).dispose();
    assert.throws(() => embed.createTwin(config), /norm must be none or batch in the embed's engine/);
  }
  // The module still works after refusing.
  const twin = embed.createTwin({ seed: 1 });
  assert.equal(twin.step(3).withBn.steps, 3);
  twin.dispose();
  assert.deepEqual([embed.stats().liveObjects, embed.stats().emvalHandles], [0, 0]);
});

test('the embed module with layer and group norm (bnlab-embed-norm.wasm) runs on the same glue and trains LN and GN as the full module', async () => {
  // The two glues differ only in the name of their default .wasm file: the exports are the same.
  const glue = (name) => readFileSync(`${DIST}${name}.js`, 'utf8').replaceAll(`${name}.wasm`, 'X.wasm');
  assert.equal(glue('bnlab-embed-norm'), glue('bnlab-embed'));
  const [full, embed] = await Promise.all([loadNodeEngine(), loadEmbedEngine('bnlab-embed-norm.wasm')]);
  for (const config of [...CONFIGS, { ...CONFIGS[1], norm: 'layer' }, { ...CONFIGS[1], norm: 'group', normGroups: 2 },
    { ...CONFIGS[3], norm: 'layer', batchSize: 1 }]) {
    assert.deepEqual(run(embed, config, 200), run(full, config, 200), `config ${JSON.stringify(config)}`);
  }
  assert.deepEqual([embed.stats().liveObjects, embed.stats().emvalHandles], [0, 0]);
});
