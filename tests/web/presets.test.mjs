// The scenario buttons say what happens; check that the engine agrees (seed 1).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadNodeEngine } from '../node/helpers.mjs';
import { defaults, engineConfig, withChanges } from '../../web/state.js';
import { PRESETS, preset } from '../../web/lab/presets.js';

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

/** Train losses (whole training set, running statistics) of both networks after `steps`. */
function lossesAfter(id, steps) {
  const twin = engine.createTwin(engineConfig(withChanges(defaults(), preset(id).settings)));
  try {
    twin.step(steps);
    const m = twin.metrics('running');
    return { bn: m.withBn.trainLoss, plain: m.withoutBn.trainLoss };
  } finally {
    twin.dispose();
  }
}

test('every preset is valid settings and has a sentence', () => {
  for (const p of PRESETS) {
    assert.doesNotThrow(() => withChanges(defaults(), p.settings), p.id);
    assert.ok(p.text.length > 40 && p.title.length > 3, p.id);
  }
});

test('presets where BN wins: the plain network is still near ln 2 when BN is far below it', () => {
  for (const [id, steps] of [['sigmoid', 1000], ['bad-init', 1000], ['deep', 1000]]) {
    const { bn, plain } = lossesAfter(id, steps);
    assert.ok(bn < 0.15, `${id}: with BN ${bn}`);
    assert.ok(Math.abs(plain - Math.LN2) < 0.02, `${id}: without BN ${plain}`);
  }
  const high = lossesAfter('high-lr', 1000);
  assert.ok(high.bn < 0.15 && high.plain > 0.5, `high-lr: ${JSON.stringify(high)}`);
});

test('the tiny-batch preset: BN stays near ln 2 while the plain network learns', () => {
  const { bn, plain } = lossesAfter('tiny-batch', 1000);
  assert.ok(Math.abs(bn - Math.LN2) < 0.05, `with BN ${bn}`);
  assert.ok(plain < 0.2, `without BN ${plain}`);
});

test('the default preset: BN reaches 0.1 first', () => {
  const early = lossesAfter('default', 300);
  assert.ok(early.bn < 0.1 && early.plain > 0.1, JSON.stringify(early));
});
