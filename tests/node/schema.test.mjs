// One description per setting: web/engine-schema.js is what the engine's
// settings (engine/settings.hpp) and facts say, and the facade follows it.
//
// The committed file must equal what build/native/schema_js prints now (a
// schema change without `node web/tools/engine-schema.mjs` fails here); the
// facts it carries, and the one split rule the facade keeps in JavaScript,
// must agree with the WebAssembly engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';

import { toyTrainSize } from '../../web/engine-budget.js';
import {
  ACTIVATION_FACTS, CONFIG_FIELDS, FIELD_DOCS, FIELDS, LIMITS, MNIST_FORMAT, NAMES, REFERENCE_FIELDS,
} from '../../web/engine-schema.js';
import { Twin } from '../../web/engine-twin.js';
import { SCHEMA, generatedSchema } from '../../web/tools/engine-schema.mjs';
import { ROOT, loadNodeEngine, loadNodeModule } from './helpers.mjs';

let engine;
let M;
before(async () => {
  engine = await loadNodeEngine();
  M = await loadNodeModule();
});

test('the committed web/engine-schema.js is what the engine generates now', () => {
  assert.equal(readFileSync(SCHEMA, 'utf8'), generatedSchema(),
    'web/engine-schema.js is stale: run node web/tools/engine-schema.mjs and commit the result');
});

test('every setting is described once, with a kind, a default and its limits or names', () => {
  const keys = FIELDS.map((f) => f.key);
  assert.equal(new Set(keys).size, keys.length, 'a key appears twice');
  for (const f of FIELDS) {
    assert.ok(f.twin || f.reference, `${f.key} belongs to no config`);
    assert.ok(typeof FIELD_DOCS[f.key] === 'string' && FIELD_DOCS[f.key].length > 5, `${f.key}: its line in FIELD_DOCS`);
    if (['int', 'number', 'numbers', 'numberOrNull', 'intList'].includes(f.kind)) assert.ok(f.min <= f.max, f.key);
    if (f.kind === 'enum' || f.kind === 'enums') assert.ok(f.options.includes(f.def), `${f.key}: default ${f.def}`);
  }
  assert.deepEqual(REFERENCE_FIELDS.find((f) => f.key === 'loss').options, NAMES.loss, 'the engine knows no "auto"');
  assert.equal(CONFIG_FIELDS.find((f) => f.key === 'hidden').maxLength, LIMITS.hiddenLayers);
  assert.equal(CONFIG_FIELDS.find((f) => f.key === 'points').max, LIMITS.points);
});

test('every live setting has a setter on the twin', () => {
  const live = CONFIG_FIELDS.filter((f) => f.live).map((f) => f.key);
  assert.deepEqual(live, ['learningRate', 'probeUnit']);
  for (const key of live) {
    const setter = `set${key[0].toUpperCase()}${key.slice(1)}`;
    assert.equal(typeof Twin.prototype[setter], 'function', `Twin.${setter} is missing for live setting ${key}`);
  }
});

test('the facade splits the toy sets as the engine does, for every lab setting', () => {
  for (let points = 10; points <= 2000; points += 10) {
    for (let f = 10; f <= 90; f += 1) {
      const fraction = f / 100;
      assert.equal(toyTrainSize(points, fraction), M.toyTrainSize(points, fraction), `${points} points, ${fraction}`);
    }
  }
  const twin = engine.createTwin({ points: 101, trainFraction: 0.5 });
  assert.equal(twin.trainSize, toyTrainSize(101, 0.5));
  twin.dispose();
});

test('which activations saturate, and the range of A, come from the engine', () => {
  const names = NAMES.activation;
  assert.deepEqual(Object.keys(ACTIVATION_FACTS), [...names]);
  const twin = engine.createTwin({ hidden: names.map(() => 4), activation: [...names] });
  try {
    twin.refreshProbes();
    names.forEach((g, layer) => {
      const p = twin.probe('withBn', layer);
      assert.equal(p.activation, g);
      assert.equal(p.saturates, ACTIVATION_FACTS[g].saturates, g);
      assert.deepEqual(p.histRanges.A, [...ACTIVATION_FACTS[g].range], g);
      if (!p.saturates) assert.equal(p.saturation, 0, `${g} never saturates`);
    });
  } finally {
    twin.dispose();
  }
  assert.deepEqual(names.filter((g) => ACTIVATION_FACTS[g].saturates), ['tanh', 'sigmoid']);
});

test('the MNIST header is read by the engine', () => {
  const bytes = new Uint8Array(readFileSync(`${ROOT}web/data/mnist-10k.bin`));
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), MNIST_FORMAT.magic);
  assert.deepEqual({ ...M.mnistShape(bytes.subarray(0, MNIST_FORMAT.headerBytes), bytes.length) },
    { nTrain: 8000, nTest: 2000, inputSize: 784, outputSize: 10 });
  assert.match(M.mnistShape(bytes.subarray(0, 32), bytes.length - 1).error, /truncated: expected \d+ bytes/);
  assert.match(M.mnistShape(new Uint8Array(4), 4).error, /truncated/);
});
