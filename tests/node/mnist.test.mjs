// MNIST twins from the shipped digit file, and BN's batch noise.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { before, test } from 'node:test';

import { ROOT, loadNodeEngine } from './helpers.mjs';

const MNIST = `${ROOT}web/data/mnist-10k.bin`;

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
