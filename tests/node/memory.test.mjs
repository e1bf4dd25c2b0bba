// Memory does not grow: training, probing and evaluating allocate nothing that
// outlives a call, and every embind object is deleted.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadNodeEngine } from './helpers.mjs';

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

const STEPS_PER_ROUND = 1000;
const ROUNDS = 100;  // 100,000 steps in all

// Everything the page does in a frame, plus the reference functions.
function exercise(twin) {
  twin.step(STEPS_PER_ROUND);
  twin.refreshProbes();
  for (const name of ['withBn', 'withoutBn']) {
    for (let l = 0; l < twin.numHidden; ++l) twin.probe(name, l);
    twin.output(name);
    twin.grid(name, 'running');
    twin.grid(name, 'batch');
  }
  twin.metrics('running');
  twin.metrics('batch');
  twin.status();
  twin.lastBatch();
  twin.percentiles('withBn');
  twin.trainBatch('withBn', 0);
  twin.batchNoise({ layer: 0, unit: 0, example: 0, draws: 8, seed: 1 });
  engine.batchNorm({ z: [1, 2, 3, 6, 5, 10, 7, -4], features: 2, dzTilde: [1, 2, 3, 4, 5, 6, 7, 8] });
  engine.referenceStep({ x: [0, 1, 1, 0, 0.5, 0.5], y: [1, 0, 1], network: { hidden: [3], activation: ['relu'] } });
}

test('100,000 steps with probes, metrics and grids leave the wasm memory and the C++ heap as they were', async () => {
  const empty = engine.stats();
  const twin = engine.createTwin({ hidden: [16, 16, 16], probeSize: 200, gridResolution: 40, seed: 4 });
  exercise(twin);  // warm-up: whatever is allocated once is allocated now
  const warm = engine.stats();
  for (let i = 1; i < ROUNDS; ++i) {
    if (i % 10 === 5) await twin.stepAsync(STEPS_PER_ROUND, { chunk: 250 });  // the chunked way, too
    exercise(twin);
    if (i % 10 === 0) engine.createTwin({ seed: i }).dispose();  // build and free a second twin now and then
  }
  const after = engine.stats();
  assert.equal(twin.status().withBn.steps, (ROUNDS + 10) * STEPS_PER_ROUND);
  assert.equal(after.memoryBytes, warm.memoryBytes, 'WebAssembly memory grew');
  assert.equal(after.heapBytesInUse, warm.heapBytesInUse, 'C++ heap in use grew');
  assert.equal(after.emvalHandles, 0, 'JavaScript values left held by C++');
  assert.equal(after.liveObjects, 1);
  twin.dispose();
  const end = engine.stats();
  assert.equal(end.liveObjects, 0, 'embind objects left undeleted');
  assert.equal(end.heapBytesInUse, empty.heapBytesInUse, 'dispose() did not free the twin');
});

test('a rejected createTwin leaves no object and no memory behind', () => {
  const start = engine.stats();
  assert.throws(() => engine.createTwin({ batchSize: 1 }));
  assert.equal(engine.stats().liveObjects, start.liveObjects);
  assert.equal(engine.stats().heapBytesInUse, start.heapBytesInUse);
});
