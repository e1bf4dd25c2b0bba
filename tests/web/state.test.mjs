// The settings table round-trips through the URL hash and rejects bad values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SETTINGS, defaults, parseValue, formatValue, parseHash, toHash, ignoredMessage, needsRebuild, normalize, engineConfig,
} from '../../web/state.js';

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
  assert.equal(state.dataset, 'circles');
  assert.equal(state.learningRate, defaults().learningRate);
  assert.deepEqual(state.hidden, defaults().hidden);
  assert.equal(state.seed, 7);
  assert.deepEqual(ignored.map((i) => i.key), ['dataset', 'lr', 'learningRate', 'hidden', 'bn']);
  const message = ignoredMessage(ignored);
  for (const key of ['dataset', 'lr', 'learningRate', 'hidden', 'bn']) assert.match(message, new RegExp(key));
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
