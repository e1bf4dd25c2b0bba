// The embed's own WebAssembly module (web/dist/bnlab-embed.{js,wasm}, CMakeLists.txt): the
// same engine as the full module minus the reference classes, built smaller (bindings at
// -Oz, emmalloc). It must train exactly as the full module does: same losses, metrics,
// probes, grids and batch noise, bit for bit, since both link the same engine objects.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { loadEngine } from '../../web/engine.js';
import { DIST, loadNodeEngine, stepInChunks } from './helpers.mjs';

async function loadEmbedEngine() {
  const factory = createRequire(import.meta.url)(`${DIST}bnlab-embed.js`);
  return loadEngine({ factory, wasmBinary: readFileSync(`${DIST}bnlab-embed.wasm`) });
}

// Configs spanning what the embed presets use (web/embed/presets.js): datasets,
// activations, depths, batch sizes, a covariate shift.
const CONFIGS = [
  { seed: 3 },
  { dataset: 'circles', activation: 'sigmoid', hidden: [8, 8, 8, 8], batchSize: 64, learningRate: 0.1, seed: 7 },
  { dataset: 'moons', shift: 'translate', shiftAmount: 0.8, hidden: [8, 8], noise: 0.1, activation: 'tanh',
    batchSize: 16, learningRate: 0.1, seed: 11 },
  { hidden: [4, 4], batchSize: 6, learningRate: 0.3, seed: 5 },
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
      noise: Array.from(twin.batchNoise({ layer: 0, unit: 0, example: 0, draws: 50, seed: 2 })),
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
  // Its own bookkeeping works (emmalloc's in-use count instead of dlmalloc's).
  const stats = embed.stats();
  assert.equal(stats.liveObjects, 0);
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
