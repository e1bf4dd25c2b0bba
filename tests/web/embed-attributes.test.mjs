// <bn-lab>'s attributes (web/embed/attributes.js): how they become lab settings,
// and which bad values are reported.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { ATTRIBUTE_NAMES, captionNote, ignoredText, kebab, readAttributes } from '../../web/embed/attributes.js';
import { EMBED_PRESETS } from '../../web/embed/presets.js';
import { SETTINGS, defaults, normalize } from '../../web/state.js';

const read = (attrs) => readAttributes((name) => (name in attrs ? attrs[name] : null));

test('no attributes give the twin preset, minimal controls, autoplay and the lab defaults', () => {
  const r = read({});
  assert.equal(r.preset.id, 'twin');
  assert.equal(r.controls, 'minimal');
  assert.equal(r.autoplay, true);
  assert.deepEqual(r.ignored, []);
  assert.deepEqual(r.state, normalize(defaults()));
});

test('every lab setting is an attribute under its kebab-case name, except hidden (a global HTML attribute)', () => {
  for (const s of SETTINGS) {
    const name = s.key === 'hidden' ? 'hidden-layers' : kebab(s.key);
    assert.ok(ATTRIBUTE_NAMES.includes(name), `${s.key} → ${name}`);
  }
  assert.ok(!ATTRIBUTE_NAMES.includes('hidden'));
  assert.equal(kebab('learningRate'), 'learning-rate');
  assert.equal(kebab('stopAtTarget'), 'stop-at-target');
});

test('attributes override the preset, which overrides the defaults', () => {
  const r = read({ preset: 'histograms', seed: '7', lr: '0.05', 'hidden-layers': '6,6', 'batch-size': '32', dataset: 'xor' });
  assert.equal(r.preset.id, 'histograms');
  assert.equal(r.state.activation, 'sigmoid', 'from the preset');
  assert.equal(r.state.seed, 7);
  assert.equal(r.state.learningRate, 0.05);
  assert.deepEqual(r.state.hidden, [6, 6]);
  assert.deepEqual(r.state.bn, [true, true], 'the BN flags follow the number of layers');
  assert.equal(r.state.batchSize, 32);
  assert.equal(r.state.dataset, 'xor');
  assert.deepEqual(r.ignored, []);
});

test('a lab scenario applies over the preset, and attributes over both', () => {
  const r = read({ scenario: 'bad-init', 'init-scale': '0.5' });
  assert.equal(r.state.initScale, 0.5);
  const s = read({ scenario: 'sigmoid' });
  assert.equal(s.state.activation, 'sigmoid');
  assert.equal(s.state.learningRate, 0.5);
});

test('bad values fall back and are reported with the attribute, the value and the reason', () => {
  const r = read({ preset: 'cats', controls: 'some', seed: '-3', lr: 'fast', activation: 'swish', autoplay: 'yes' });
  assert.equal(r.preset.id, 'twin');
  assert.equal(r.controls, 'minimal');
  assert.equal(r.autoplay, true);
  assert.equal(r.state.seed, defaults().seed);
  assert.equal(r.state.learningRate, defaults().learningRate); // preset "twin" keeps the lab's defaults
  assert.equal(r.state.activation, defaults().activation);
  const names = r.ignored.map((i) => i.name).sort();
  assert.deepEqual(names, ['activation', 'autoplay', 'controls', 'lr', 'preset', 'seed']);
  const text = ignoredText(r.ignored);
  assert.match(text, /preset="cats" \(must be one of twin, histograms, covariate-shift, worked-example, test-time, paper, siblings, noisy-bn, landscape, batch-coupling\)/);
  assert.match(text, /seed="-3" \(must be in 0–2147483647\)/);
  assert.match(text, /lr="fast" \(must be a finite number\)/);
  assert.equal(ignoredText([]), '');
});

test('unknown attribute names are reported as such; HTML’s own attributes are not', () => {
  const attrs = { 'learning-rat': '0.5', seeds: '3', class: 'wide', id: 'f1', style: 'margin: 0', 'data-x': '1',
    'aria-label': 'a figure', hidden: '', seed: '4' };
  const r = readAttributes((n) => attrs[n] ?? null, Object.keys(attrs));
  assert.deepEqual(r.ignored.map((i) => [i.name, i.reason]), [['learning-rat', 'is not an attribute of bn-lab'],
    ['seeds', 'is not an attribute of bn-lab']]);
  assert.equal(r.state.seed, 4);
  assert.match(ignoredText(r.ignored), /learning-rat="0\.5" \(is not an attribute of bn-lab\)/);
});

test('the message cuts huge values short', () => {
  const r = read({ seed: '9'.repeat(5000) });
  const text = ignoredText(r.ignored);
  assert.ok(text.length < 200, `${text.length} characters`);
  assert.match(text, /seed="9+…" \(must be a finite number\)/);
});

test('lr and learning-rate together: learning-rate wins and lr is reported', () => {
  const r = read({ lr: '0.3', 'learning-rate': '0.2' });
  assert.equal(r.state.learningRate, 0.2);
  assert.deepEqual(r.ignored.map((i) => i.name), ['lr']);
});

test('every embed preset starts from valid settings and names a view and existing controls', () => {
  const keys = new Set(SETTINGS.map((s) => s.key));
  for (const p of EMBED_PRESETS) {
    const r = read({ preset: p.id });
    assert.deepEqual(r.ignored, [], p.id);
    assert.ok(p.view && p.caption.length > 40, p.id);
    for (const k of [...p.controls, ...(p.essential ?? [])]) assert.ok(keys.has(k), `${p.id}: ${k}`);
  }
});

test('the Jekyll include passes exactly the attributes the element reads', () => {
  const text = readFileSync(new URL('../../web/embed/jekyll/_includes/bn-lab.html', import.meta.url), 'utf8');
  const list = /assign bn_lab_names = "([^"]+)"/.exec(text);
  assert.ok(list, 'the include names its attributes in bn_lab_names');
  assert.deepEqual(list[1].split(',').sort(), [...ATTRIBUTE_NAMES].sort());
});

test('activation is one name for every hidden layer, or one per layer, as in the lab\'s URL', () => {
  const r = read({ 'hidden-layers': '8,8,8', activation: 'tanh,relu,tanh' });
  assert.deepEqual(r.ignored, []);
  assert.deepEqual(r.state.activation, ['tanh', 'relu', 'tanh']);
  assert.equal(read({ activation: 'relu' }).state.activation, 'relu');
  assert.deepEqual(read({ 'hidden-layers': '8,8,8', activation: 'tanh,relu' }).state.activation, ['tanh', 'relu', 'relu'],
    'a short list repeats its last name');
  const bad = read({ activation: 'tanh,swish' });
  assert.equal(bad.state.activation, defaults().activation);
  assert.match(ignoredText(bad.ignored), /activation="tanh,swish" \(must be one of .*, or one per hidden layer\)/);
});

test('bn-noise is one ν for every BN layer, or one per hidden layer, as in the lab\'s URL', () => {
  const r = read({ 'hidden-layers': '8,8,8,8', 'bn-noise': '0,0,1,0' });
  assert.deepEqual(r.ignored, []);
  assert.deepEqual(r.state.bnNoise, [0, 0, 1, 0]);
  assert.equal(read({ 'bn-noise': '1.5' }).state.bnNoise, 1.5);
  assert.equal(read({ 'hidden-layers': '8,8', 'bn-noise': '2,2' }).state.bnNoise, 2, 'the same ν everywhere is one number');
  assert.deepEqual(read({ preset: 'noisy-bn', 'hidden-layers': '8,8,8,8', 'bn-noise': '0,0,0,1' }).state.bnNoise, [0, 0, 0, 1]);
  for (const [text, why] of [['0,-1,0,0', /must be in 0–3 in every layer/], ['0,0,x,0', /must be a finite number in every layer/],
    ['9', /must be in 0–3/]]) {
    const bad = read({ 'bn-noise': text });
    assert.equal(bad.state.bnNoise, defaults().bnNoise, text);
    assert.match(ignoredText(bad.ignored), new RegExp(`bn-noise="${text}" \\(${why.source}`), text);
  }
});

test('norm is taken by the presets that name their networks by it, and refused, by name, by those that show BN’s statistics', () => {
  const twin = read({ norm: 'ln', 'norm-groups': '4' });
  assert.deepEqual(twin.ignored, []);
  assert.equal(twin.state.norm, 'ln');
  assert.equal(twin.state.normGroups, 4);
  const siblings = read({ preset: 'siblings' });
  assert.deepEqual([siblings.state.norm, siblings.state.batchSize], ['ln', 4]);
  assert.equal(read({ preset: 'siblings', norm: 'bn' }).state.norm, 'bn');
  const takers = EMBED_PRESETS.filter((p) => p.norms).map((p) => p.id);
  assert.deepEqual(takers, ['twin', 'siblings']);
  for (const p of EMBED_PRESETS.filter((x) => !x.norms)) {
    const r = read({ preset: p.id, norm: 'gn' });
    assert.equal(r.state.norm, 'bn', p.id);
    assert.deepEqual(r.ignored.map((i) => i.name), ['norm'], p.id);
    assert.match(ignoredText(r.ignored), /norm="gn" \(takes ln or gn only with preset twin, siblings: this figure shows batch norm’s own statistics\)/);
    assert.deepEqual(read({ preset: p.id, norm: 'bn' }).ignored, [], `${p.id} takes norm="bn"`);
  }
  assert.match(ignoredText(read({ norm: 'layer' }).ignored), /norm="layer" \(must be one of bn, ln, gn\)/);
});

test('a caption note names the settings of the run that differ from the preset, and nothing else', () => {
  const r = read({ preset: 'noisy-bn', 'bn-noise': '0,0,1,0', 'learning-rate': '0.3', seed: '9', layer: '2', speed: '50' });
  assert.equal(captionNote(r.presetState, r.state),
    'The caption describes this figure at its own settings; changed here: Learning rate, Noisy BN ν.');
  // The seed (the captions hold over seeds), the view and the player change no run the caption describes.
  const quiet = read({ preset: 'noisy-bn', seed: '9', layer: '2', speed: '50', 'log-y': 'true' });
  assert.equal(captionNote(quiet.presetState, quiet.state), '');
  const own = read({ preset: 'noisy-bn', 'bn-noise': '1' });
  assert.equal(captionNote(own.presetState, own.state), '');
});
