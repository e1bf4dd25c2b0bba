// The settings table round-trips through the URL hash and rejects bad values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SETTINGS, defaults, parseValue, formatValue, parseHash, toHash, ignoredMessage, needsRebuild, normalize, engineConfig,
  trainingSetSize, withChanges, gridExtent, isSettingsHash, clip,
} from '../../web/state.js';
import { normalizeConfig } from '../../web/engine.js';

test('every default lies within its own limits', () => {
  const state = defaults();
  for (const s of SETTINGS) {
    const parsed = parseValue(s, formatValue(s, state[s.key]));
    assert.deepEqual(parsed, { value: state[s.key] }, s.key);
  }
});

test('a state written to the hash reads back identically', () => {
  const s = defaults();
  Object.assign(s, { dataset: 'spiral', hidden: [3, 7, 2], bn: [true, false, true], learningRate: 0.0375,
    keepBias: true, seed: 12345, evalMode: 'batch', bnEps: 1e-3 });
  const back = parseHash('#' + toHash(s));
  assert.deepEqual(back.ignored, []);
  assert.deepEqual(back.state, normalize(s));
});

test('bad values fall back to defaults and are named in the message', () => {
  const { state, ignored } = parseHash('#dataset=cats&lr=1&learningRate=NaN&hidden=4,0&seed=7&bn=1,2');
  assert.equal(state.dataset, defaults().dataset);
  assert.equal(state.learningRate, defaults().learningRate);
  assert.deepEqual(state.hidden, defaults().hidden);
  assert.equal(state.seed, 7);
  assert.deepEqual(ignored.map((i) => i.key), ['dataset', 'lr', 'learningRate', 'hidden', 'bn']);
  const message = ignoredMessage(ignored);
  for (const key of ['dataset', 'lr', 'learningRate', 'hidden', 'bn']) assert.match(message, new RegExp(key));
});

test('malformed percent-escapes are named with their key, and the other settings still apply', () => {
  const { state, ignored } = parseHash('#preset=twin&seed=100%&learningRate=%E0%A4%A&%zz=1&dataset=xor&noise=%');
  assert.equal(state.dataset, 'xor');
  assert.equal(state.seed, defaults().seed);
  assert.equal(state.learningRate, defaults().learningRate);
  const escapes = ignored.filter((i) => i.reason === 'is not valid URL encoding');
  assert.deepEqual(escapes.map((i) => [i.key, i.value]), [['seed', '100%'], ['learningRate', '%E0%A4%A'], ['%zz', '1'], ['noise', '%']]);
  const message = ignoredMessage(ignored);
  for (const part of ['“seed=100%”', '“learningRate=%E0%A4%A”', '“%zz=1”', '“noise=%”', '“preset=twin” (is not a setting)'])
    assert.ok(message.includes(part), `${part} in ${message}`);
});

test('the message cuts a pasted wall of text short, keeping every key', () => {
  const long = 'x'.repeat(5000);
  const message = ignoredMessage(parseHash(`#seed=${long}&${long}=1`).ignored);
  assert.ok(message.length < 400, `${message.length} characters`);
  assert.ok(message.includes(`“seed=${clip(long)}”`));
  assert.equal(clip('short'), 'short');
  assert.equal(clip('y'.repeat(100)).length, 60);
});

test('garbage hashes never throw', () => {
  for (const h of ['#%', '#&&&', '#=', '#hidden=', '#a=b=c', '#' + 'x'.repeat(5000), '#speed=1e999']) {
    const { state } = parseHash(h);
    assert.equal(typeof state.dataset, 'string');
  }
});

test('batch norm flags follow the number of hidden layers', () => {
  const { state } = parseHash('#hidden=5,5,5,5,5,5&bn=0,1');
  assert.deepEqual(state.bn, [false, true, true, true, true, true]);
  assert.deepEqual(parseHash('#hidden=5&bn=0,1,1').state.bn, [false]);
});

test('only structural changes need a rebuild', () => {
  const a = defaults();
  assert.equal(needsRebuild(a, { ...a, learningRate: 0.5, speed: 50, evalMode: 'batch' }), false);
  assert.equal(needsRebuild(a, { ...a, hidden: [4] }), true);
  assert.equal(needsRebuild(a, { ...a, seed: 2 }), true);
});

test('the engine configuration picks the loss from the dataset', () => {
  assert.equal(engineConfig(defaults()).loss, 'sigmoid_bce');
  assert.equal(engineConfig({ ...defaults(), dataset: 'regression' }).loss, 'mse');
});

test('every setting says where its control lives and how it is edited', () => {
  const groups = new Set(['data', 'network', 'training', 'bn', 'player', 'view']);
  const controls = new Set(['select', 'segmented', 'range', 'log', 'number', 'checkbox', 'layers']);
  for (const s of SETTINGS) {
    assert.ok(groups.has(s.group), `${s.key}.group`);
    assert.ok(controls.has(s.control), `${s.key}.control`);
    if (s.control === 'log') assert.ok(s.min > 0, `${s.key}: a log slider needs a positive minimum`);
    if (s.control === 'segmented' || s.control === 'select') assert.equal(s.kind, 'enum', s.key);
  }
});

test('the batch fits in the training set, and the shown layer and unit exist', () => {
  const s = normalize({ ...defaults(), points: 40, trainFraction: 0.1, batchSize: 2000, hidden: [3, 5], layer: 8, unit: 32 });
  assert.equal(trainingSetSize(s), 4);
  assert.equal(s.batchSize, 4);
  assert.equal(s.layer, 2);
  assert.equal(s.unit, 5);
  // The engine's split never leaves the test set empty.
  assert.equal(trainingSetSize({ points: 40, trainFraction: 0.99 }), 39);
});

test('withChanges accepts JavaScript values and hash text, and names every bad key', () => {
  const s = withChanges(defaults(), { learningRate: 0.5, hidden: '4,4', keepBias: true, bn: [false, true] });
  assert.equal(s.learningRate, 0.5);
  assert.deepEqual(s.hidden, [4, 4]);
  assert.deepEqual(s.bn, [false, true]);
  assert.equal(s.keepBias, true);
  assert.throws(() => withChanges(defaults(), { learningRate: -1, dataset: 'cats', nope: 1, keepBias: 'yes' }),
    (e) => ['learningRate', 'dataset', 'nope', 'keepBias'].every((k) => e.message.includes(k)));
  assert.throws(() => withChanges(defaults(), { hidden: [4, 1.5] }), /hidden/);
  assert.throws(() => withChanges(defaults(), { speed: NaN }), /speed/);
});

test('every engine configuration the page can make passes the engine\'s own validation', () => {
  const variants = [{}, { dataset: 'regression' }, { points: 40, trainFraction: 0.1, batchSize: 2000 },
    { hidden: [32, 32, 32, 32, 32, 32, 32, 32], bn: [true, false, true, false, true, false, true, false] },
    { shift: 'scale', shiftAmount: 3 }, { unit: 32, hidden: [1, 32] }, { bnEps: 1e-8, bnMomentum: 0, initScale: 0.01 }];
  for (const v of variants) {
    const config = engineConfig(normalize({ ...defaults(), ...v }));
    assert.doesNotThrow(() => normalizeConfig(config), JSON.stringify(v));
  }
});

test('the decision-boundary square grows to hold a shifted test set', () => {
  assert.equal(gridExtent(defaults()), 1.5);
  assert.ok(gridExtent({ ...defaults(), shift: 'translate', shiftAmount: 3 }) >= 1.15 + 3 * Math.SQRT1_2);
  assert.ok(gridExtent({ ...defaults(), shift: 'scale', shiftAmount: 3 }) >= 1.15 * 4);
});

test('a link to a section of the page is not a settings hash', () => {
  assert.equal(isSettingsHash('#inputs'), false);
  assert.equal(isSettingsHash('#seed=3'), true);
  assert.deepEqual(parseHash('#inputs'), parseHash(''));
});
