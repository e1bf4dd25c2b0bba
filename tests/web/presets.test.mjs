// The lab's and the embed's presets as data. What their sentences say about
// training is checked by the claims ledger (tests/web/claims-lab and claims-embed, claims
// lab.preset.* and embed.*), over seeds; here: that every preset is valid
// settings, shows a ledger sentence, and that "Default" is the lab's defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SETTINGS, defaults, withChanges } from '../../web/state.js';
import { PRESETS, preset, presetText } from '../../web/lab/presets.js';
import { EMBED_PRESETS } from '../../web/embed/presets.js';
import { claim } from '../../web/claims/ledger.js';

const RUN_KEYS = SETTINGS.filter((s) => s.group !== 'player' && s.group !== 'view').map((s) => s.key);

test('every lab preset is valid settings with a title and a sentence from the claims ledger', () => {
  for (const p of PRESETS) {
    assert.doesNotThrow(() => withChanges(defaults(), p.settings), p.id);
    assert.ok(p.title.length > 3, p.id);
    assert.equal(claim(p.claim).id, p.claim, p.id);
    assert.equal(p.text, claim(p.claim).text, `${p.id}: p.text is the ledger's sentence`);
    assert.equal(presetText(p), p.text, p.id);
    assert.ok(claim(p.claim).where.some((w) => w.module === 'web/lab/presets.js'), `${p.id}: the ledger says where it shows`);
  }
  assert.equal(new Set(PRESETS.map((p) => p.id)).size, PRESETS.length, 'ids are unique');
});

test('the preset "Default" is the lab\'s defaults, so its button is marked on a fresh lab', () => {
  const state = withChanges(defaults(), preset('default').settings);
  const d = defaults();
  for (const k of RUN_KEYS) assert.deepEqual(state[k], d[k], k);
});

test('every preset spells out the settings its sentence depends on (a change of defaults cannot change it)', () => {
  for (const p of PRESETS) {
    for (const k of ['dataset', 'hidden', 'activation', 'batchSize', 'learningRate']) {
      assert.ok(k in p.settings, `${p.id} does not set ${k}`);
    }
  }
});

test('every embed preset is valid settings; its caption is a string, from the ledger where it is a claim', () => {
  for (const p of EMBED_PRESETS) {
    assert.doesNotThrow(() => withChanges(defaults(), p.settings), p.id);
    assert.ok(typeof p.caption === 'string' && p.caption.length > 40, p.id);
  }
  for (const id of ['twin', 'histograms', 'covariate-shift', 'test-time']) {
    const p = EMBED_PRESETS.find((e) => e.id === id);
    assert.equal(p.caption, claim(`embed.${id}.caption`).text, id);
  }
});
