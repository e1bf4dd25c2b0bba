// The settings table round-trips through the URL hash and rejects bad values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SETTINGS, defaults, parseValue, formatValue, parseHash, toHash, ignoredMessage, needsRebuild, normalize, engineConfig,
  trainingSetSize, withChanges, gridExtent, isSettingsHash, clip, perLayer, setting,
} from '../../web/state.js';
import { CONFIG_FIELDS, normalizeConfig } from '../../web/engine.js';

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

test('the engine picks the loss from the dataset: one sigmoid output for classification, MSE for regression', () => {
  assert.equal(engineConfig(defaults()).loss, 'auto');
  assert.equal(normalizeConfig(engineConfig(defaults())).loss, 'sigmoid_bce');
  for (const dataset of setting('dataset').options) {
    const loss = normalizeConfig(engineConfig(normalize({ ...defaults(), dataset }))).loss;
    assert.equal(loss, dataset === 'regression' ? 'mse' : 'sigmoid_bce', dataset);
  }
});

const ENGINE = new Map(CONFIG_FIELDS.map((f) => [f.key, f]));

test('a lab setting of the engine offers no more than the engine takes: range, list lengths, options', () => {
  const engineSettings = SETTINGS.filter((s) => s.engine);
  assert.ok(engineSettings.length >= 15);
  for (const s of engineSettings) {
    const f = ENGINE.get(s.engine);
    assert.ok(f, `${s.key}: ${s.engine} is a CONFIG_FIELDS key`);
    if (f.min !== undefined) assert.ok(s.min >= f.min && s.max <= f.max, `${s.key}: ${s.min}–${s.max} within ${f.min}–${f.max}`);
    if (f.maxLength !== undefined) assert.ok(s.minLength >= f.minLength && s.maxLength <= f.maxLength, `${s.key} lengths`);
    if (['bools', 'enums', 'numbers'].includes(f.kind)) assert.ok(s.maxLength <= setting('hidden').maxLength, `${s.key}: per layer`);
    if (f.options) assert.deepEqual(s.options, [...(f.engineOptions ?? f.options)], `${s.key}: the engine's own names`);
    assert.equal(s.rebuild, !f.live, `${s.key}: a rebuild exactly when the engine does not take it live`);
    assert.equal(s.perLayer === true, f.kind === 'enums' || f.kind === 'numbers', `${s.key}: per layer exactly when the engine says so`);
  }
});

test('a lab default is the engine\'s unless the lab chose another, and is valid for the engine', () => {
  // The lab's measured defaults (README: the default run), checked by the claims ledger.
  const chosen = { dataset: 'moons', activation: 'sigmoid', batchSize: 64 };
  for (const s of SETTINGS.filter((x) => x.engine)) {
    const f = ENGINE.get(s.engine);
    const engineDef = f.engineDef ?? f.def;
    if (s.key in chosen) {
      assert.equal(s.def, chosen[s.key], s.key);
      assert.notDeepEqual(s.def, engineDef, `${s.key}: a lab default that differs from the engine's`);
    } else if (f.kind === 'bools') {
      assert.deepEqual(s.def, defaults().hidden.map(() => engineDef), s.key);
    } else {
      assert.deepEqual(s.def, engineDef, `${s.key}: the engine's default`);
    }
  }
  assert.doesNotThrow(() => normalizeConfig(engineConfig(defaults())));
});

test('the engine configuration sets every engine setting of the lab, the probed unit from 0, and the square', () => {
  const state = withChanges(defaults(), { unit: 3, bn: [true, false, true, false], activation: 'tanh,relu,tanh,tanh' });
  const config = engineConfig(state);
  for (const s of SETTINGS.filter((x) => x.engine)) assert.deepEqual(config[s.engine], state[s.key], s.key);
  assert.equal(config.probeUnit, 2);
  assert.equal(config.gridExtent, gridExtent(state));
  assert.deepEqual(normalizeConfig(config).activation, ['tanh', 'relu', 'tanh', 'tanh']);
});

test('activation is one name for every layer, or one per hidden layer, in the hash and through withChanges', () => {
  assert.equal(parseHash('#activation=tanh').state.activation, 'tanh');
  const mixed = parseHash('#hidden=8,8,8&activation=tanh,relu,tanh');
  assert.deepEqual(mixed.ignored, []);
  assert.deepEqual(mixed.state.activation, ['tanh', 'relu', 'tanh']);
  assert.match(toHash(mixed.state), /&activation=tanh,relu,tanh&/);
  assert.deepEqual(parseHash('#' + toHash(mixed.state)).state, mixed.state, 'round trip');
  assert.equal(parseHash('#hidden=8,8&activation=relu,relu').state.activation, 'relu', 'the same g everywhere is one name');
  assert.match(toHash(parseHash('#hidden=8,8&activation=relu,relu').state), /&activation=relu&/);
  const bad = parseHash('#activation=tanh,swish&seed=3');
  assert.equal(bad.state.activation, defaults().activation);
  assert.deepEqual(bad.ignored.map((i) => i.key), ['activation']);
  assert.equal(parseHash(`#activation=${Array(9).fill('relu').join(',')}`).ignored.length, 1, 'at most one per layer the lab offers');
  const s = withChanges(defaults(), { hidden: [8, 8, 8], activation: ['tanh', 'relu', 'tanh'] });
  assert.deepEqual(s.activation, ['tanh', 'relu', 'tanh']);
  assert.throws(() => withChanges(defaults(), { activation: ['tanh', 3] }), /activation/);
  assert.throws(() => withChanges(defaults(), { activation: [] }), /activation/);
  assert.deepEqual(perLayer('sigmoid', 3), ['sigmoid', 'sigmoid', 'sigmoid']);
});

test('per-layer activations follow the number of hidden layers: a new layer repeats the last g', () => {
  const s = withChanges(defaults(), { hidden: [8, 8, 8], activation: 'tanh,relu,sigmoid' });
  assert.deepEqual(withChanges(s, { hidden: [8, 8, 8, 8] }).activation, ['tanh', 'relu', 'sigmoid', 'sigmoid']);
  assert.deepEqual(withChanges(s, { hidden: [8, 8] }).activation, ['tanh', 'relu']);
  assert.equal(withChanges(s, { hidden: [8] }).activation, 'tanh', 'one layer left: one name');
  assert.deepEqual(parseHash('#hidden=8,8,8,8&activation=tanh,relu').state.activation, ['tanh', 'relu', 'relu', 'relu']);
  assert.equal(needsRebuild(s, withChanges(s, { activation: 'tanh,relu,tanh' })), true);
});

test('noisy BN ν is one number for every layer, or one per hidden layer, in the hash and through withChanges', () => {
  assert.equal(parseHash('#bnNoise=1.5').state.bnNoise, 1.5);
  const one = parseHash('#hidden=8,8,8,8&bnNoise=0,0,1,0');
  assert.deepEqual(one.ignored, []);
  assert.deepEqual(one.state.bnNoise, [0, 0, 1, 0]);
  assert.match(toHash(one.state), /&bnNoise=0,0,1,0&/);
  assert.deepEqual(parseHash('#' + toHash(one.state)).state, one.state, 'round trip');
  assert.deepEqual(engineConfig(one.state).bnNoise, [0, 0, 1, 0]);
  assert.deepEqual(normalizeConfig(engineConfig(one.state)).bnNoise, [0, 0, 1, 0]);
  assert.equal(parseHash('#hidden=8,8&bnNoise=0.5,0.5').state.bnNoise, 0.5, 'the same ν everywhere is one number');
  assert.match(toHash(defaults()), /&bnNoise=0&/);
  // A new layer repeats the last ν; a removed one takes its ν along.
  assert.deepEqual(withChanges(one.state, { hidden: [8, 8, 8, 8, 8] }).bnNoise, [0, 0, 1, 0, 0]);
  assert.deepEqual(withChanges(one.state, { hidden: [8, 8, 8] }).bnNoise, [0, 0, 1]);
  assert.deepEqual(withChanges(defaults(), { bnNoise: [0, 2, 0, 0] }).bnNoise, [0, 2, 0, 0]);
  assert.equal(needsRebuild(one.state, withChanges(one.state, { bnNoise: '0,0,2,0' })), true);
  for (const [text, message] of [['0,-1,0,0', /0–3 in every layer/], ['0,0,3.5,0', /0–3/], ['0,NaN,0,0', /finite/],
    ['0,,1,0', /finite/], ['x', /finite number, or one per hidden layer/], ['4', /0–3/],
    [Array(9).fill(0).join(','), /at most 8 numbers/]]) {
    const bad = parseHash(`#bnNoise=${text}&seed=3`);
    assert.equal(bad.state.bnNoise, defaults().bnNoise, text);
    assert.deepEqual(bad.ignored.map((i) => i.key), ['bnNoise'], text);
    assert.match(bad.ignored[0].reason, message, text);
  }
  assert.throws(() => withChanges(defaults(), { bnNoise: [0, 'a'] }), /bnNoise/);
  assert.throws(() => withChanges(defaults(), { bnNoise: [] }), /bnNoise/);
  assert.throws(() => withChanges(defaults(), { bnNoise: [0, 0, 5, 0] }), /bnNoise/);
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

test('norm is one normalization for the layers bn switches on: bn, ln or gn, round-tripped and passed to the engine as its name', () => {
  assert.equal(defaults().norm, 'bn');
  for (const [norm, engineName] of [['bn', 'batch'], ['ln', 'layer'], ['gn', 'group']]) {
    const { state, ignored } = parseHash(`#norm=${norm}&bn=1,0,1&hidden=8,8,8`);
    assert.deepEqual(ignored, []);
    assert.equal(state.norm, norm);
    assert.deepEqual(state.bn, [true, false, true], 'the flags keep their meaning: which layers are normalized');
    assert.equal(engineConfig(state).norm, engineName);
    assert.deepEqual(parseHash('#' + toHash(state)).state, state);
    normalizeConfig(engineConfig(state)); // the engine's own validation takes it
  }
  assert.ok(toHash(defaults()).includes('norm=bn&normGroups=2'));
  assert.equal(needsRebuild(defaults(), withChanges(defaults(), { norm: 'ln' })), true);
});

test('a bad norm or group count is named and falls back to the default', () => {
  const { state, ignored } = parseHash('#norm=layer&normGroups=0&seed=4');
  assert.equal(state.norm, 'bn');
  assert.equal(state.normGroups, defaults().normGroups);
  assert.equal(state.seed, 4);
  assert.deepEqual(ignored.map((i) => [i.key, i.reason]), [
    ['norm', 'must be one of bn, ln, gn'], ['normGroups', `must be in 1–${setting('normGroups').max}`]]);
  assert.match(ignoredMessage(ignored), /“norm=layer” \(must be one of bn, ln, gn\)/);
  assert.throws(() => withChanges(defaults(), { norm: 'batch' }), /norm must be one of bn, ln, gn/);
  assert.throws(() => withChanges(defaults(), { norm: ['ln', 'bn'] }), /norm has the wrong type/);
});

test('a group count that does not divide every group-norm layer comes down to the largest that does', () => {
  assert.equal(parseHash('#norm=gn&normGroups=7&hidden=8,12').state.normGroups, 4);
  assert.equal(parseHash('#norm=gn&normGroups=3&hidden=8&bn=1').state.normGroups, 2);
  assert.equal(parseHash('#norm=gn&normGroups=3&hidden=8,9&bn=0,1').state.normGroups, 3, 'only normalized layers count');
  assert.equal(parseHash('#norm=ln&normGroups=7&hidden=8,12').state.normGroups, 7, 'without group norm it stays as set');
});

test('a batch of one is a setting: the engine refuses it with batch norm and takes it with layer norm', () => {
  const bn = withChanges(defaults(), { batchSize: 1 });
  assert.equal(bn.batchSize, 1);
  assert.throws(() => normalizeConfig(engineConfig(bn)), /batchSize.*at least 2 when batch norm trains/);
  normalizeConfig(engineConfig(withChanges(bn, { norm: 'ln' })));
  normalizeConfig(engineConfig(withChanges(bn, { bn: [false, false, false, false] })));
});

test('the BN-only settings say so, and the group count belongs to group norm', () => {
  for (const key of ['keepBias', 'bnMomentum', 'bnNoise', 'evalMode']) assert.equal(setting(key).only, 'bn', key);
  assert.equal(setting('normGroups').only, 'gn');
  assert.equal(setting('norm').only, undefined);
});
