// The lab's landscape chart on the real WebAssembly engine (built by ./build.sh
// build): its probes never change the run, they are the facade's own numbers
// at fixed steps, a diverged network leaves gaps and no NaN, and the run's
// exports carry them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadNodeEngine } from '../node/helpers.mjs';
import { defaults, engineConfig, normalize, parseHash, toHash, withChanges } from '../../web/state.js';
import { Session } from '../../web/lab/session.js';
import { isLandscapeStep, landscapeInterval, nextRecordStep } from '../../web/lab/history.js';
import { LANDSCAPE_FIELDS, landscapeEtas, probeLandscape } from '../../web/lab/landscape.js';
import { runColumns, runCsv, runJson, runRecord } from '../../web/lab/export.js';
import { landscapeReadout } from '../../web/lab/landscape-card.js';

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

const TWINS = ['withBn', 'withoutBn'];
/** A history as plain data (class instances and typed arrays flattened), for exact comparisons. */
const plain = (history) => JSON.parse(JSON.stringify({ ...history, landscape: undefined }));
const session = (changes, landscape) => {
  const s = new Session(engine);
  s.setLandscape(landscape);
  s.build(engineConfig(normalize({ ...defaults(), ...changes })));
  return s;
};

test('the landscape setting is off by default, round-trips through the hash, and a bad value is named', () => {
  assert.equal(defaults().landscape, false);
  assert.equal(parseHash(toHash({ ...defaults(), landscape: true })).state.landscape, true);
  assert.match(toHash(defaults()), /&landscape=0&/);
  const { state, ignored } = parseHash('#landscape=yes');
  assert.equal(state.landscape, false);
  assert.deepEqual(ignored, [{ key: 'landscape', value: 'yes', reason: 'must be 0 or 1' }]);
  assert.throws(() => withChanges(defaults(), { landscape: 2 }), /landscape has the wrong type/);
});

test('probe steps are record steps: every 10 steps to 200, every 100 to 20,000, then with the records', () => {
  const probes = [];
  for (let step = 0; step <= 30000; step = nextRecordStep(step)) if (isLandscapeStep(step)) probes.push(step);
  assert.deepEqual(probes.slice(0, 3), [10, 20, 30]);
  assert.equal(probes.filter((s) => s < 200).length, 19);
  assert.equal(probes.filter((s) => s >= 200 && s <= 20000).length, 199);
  assert.deepEqual(probes.filter((s) => s > 20000), [21000, 22000, 23000, 24000, 25000, 26000, 27000, 28000, 29000, 30000]);
  assert.equal(isLandscapeStep(0), false, 'no probe before a mini-batch was drawn');
  assert.equal(landscapeInterval(250000), 10000);
});

// Adam (optimizer state), noisy BN (its draws), a weight decay: everything a probe could disturb.
for (const [name, changes] of [['the defaults', {}],
  ['Adam, noisy BN and weight decay', { optimizer: 'adam', learningRate: 0.01, bnNoise: 0.5, weightDecay: 0.001, seed: 3 }]]) {
  test(`probing changes nothing of the run (${name}): the same history with the chart on or off, then on`, () => {
    const on = session(changes, true);
    const off = session(changes, false);
    try {
      on.advance({ maxSteps: 1500 });
      off.advance({ maxSteps: 1500 });
      assert.equal(on.history.landscape.length, 19 + 14);
      assert.equal(off.history.landscape.length, 0);
      assert.deepEqual(plain(on.history), plain(off.history));
      assert.deepEqual(on.status, off.status);
      // Switching it off and on between steps changes nothing either.
      on.setLandscape(false);
      off.setLandscape(true);
      on.advance({ maxSteps: 700 });
      off.advance({ maxSteps: 700 });
      assert.deepEqual(plain(on.history), plain(off.history));
      assert.deepEqual(on.twin.lastBatch(), off.twin.lastBatch());
      assert.deepEqual(off.history.landscape.steps, [1600, 1700, 1800, 1900, 2000, 2100, 2200]);
    } finally {
      on.dispose();
      off.dispose();
    }
  });
}

test('each probe is the facade’s own landscape at that step, with η from half to 8 times the learning rate', () => {
  const s = session({ seed: 5 }, true);
  const twin = engine.createTwin(engineConfig(normalize({ ...defaults(), seed: 5 })));
  try {
    s.advance({ maxSteps: 400 });
    const r = s.history.landscape;
    assert.equal(r.steps.length, 19 + 3);
    assert.ok(r.steps.every((step) => s.history.steps.includes(step)), 'every probe step is a record step');
    const etas = landscapeEtas(0.1);
    assert.deepEqual(etas, [0.05, 0.1, 0.2, 0.4, 0.8]);
    let done = 0;
    r.steps.forEach((step, k) => {
      twin.step(step - done);
      done = step;
      for (const t of TWINS) {
        const p = probeLandscape(twin, t, etas);
        const direct = twin.landscape(t, etas);
        assert.equal(p.lossMin, Math.min(direct.loss0, ...direct.loss));
        for (const f of LANDSCAPE_FIELDS) assert.equal(r[t][f][k], p[f], `step ${step}, ${t}, ${f}`);
        assert.ok(r[t].lossMin[k] <= r[t].lossMax[k] && r[t].gradDiff[k] > 0 && r[t].betaEff[k] > 0);
      }
    });
  } finally {
    s.dispose();
    twin.dispose();
  }
});

test('a diverged network is not probed: gaps, never NaN as data, and the readout says why', () => {
  const s = session({ dataset: 'regression', activation: 'relu', learningRate: 1, batchSize: 16, hidden: [8, 8, 8, 8],
    seed: 1 }, true);
  try {
    s.advance({ maxSteps: 300 });
    assert.equal(s.status.withBn.diverged, true);
    assert.equal(s.status.withoutBn.diverged, false);
    const r = s.history.landscape;
    const at = s.status.withBn.divergedAt;
    r.steps.forEach((step, k) => {
      const drawn = r.withBn.betaEff[k];
      if (step >= at) assert.ok(Number.isNaN(drawn), `no probe of the diverged network at step ${step}`);
      else assert.ok(Number.isFinite(drawn));
      assert.ok(Number.isFinite(r.withoutBn.betaEff[k]), 'the other network is probed on');
    });
    assert.ok(r.skipped.withBn > 0);
    const text = landscapeReadout(r, s.status, { probeMs: [0.5, 9, 0.4], msPerStep: 0.1 });
    assert.match(text, new RegExp(`The network with BN diverged at step ${at}`));
    assert.match(text, /with BN: no probe/);
    assert.match(text, /about 5 training steps of both/, 'the median probe time, not the slow first one');
    assert.doesNotMatch(text, /NaN|Infinity/);
    const json = JSON.parse(runJson(runRecord(s.history, { ...defaults(), hidden: [8, 8, 8, 8] }, '')));
    assert.ok(json.landscape.withBn.betaEff.includes(null));
  } finally {
    s.dispose();
  }
});

test('the run exports carry the probes: JSON beside the records, CSV as columns filled at probe steps only', () => {
  const s = session({}, true);
  try {
    s.advance({ maxSteps: 60 });
    const settings = { ...defaults(), landscape: true };
    const record = runRecord(s.history, settings, toHash(settings));
    const json = JSON.parse(runJson(record));
    assert.deepEqual(json.landscape.steps, [10, 20, 30, 40, 50, 60]);
    assert.deepEqual(json.landscape.etaFactors, [0.5, 1, 2, 4, 8]);
    for (const t of TWINS) for (const f of LANDSCAPE_FIELDS) assert.deepEqual(json.landscape[t][f], s.history.landscape[t][f]);
    const lines = runCsv(record).trim().split('\n');
    const cols = lines.find((l) => l.startsWith('step,')).split(',');
    assert.deepEqual(cols, runColumns(4, true));
    const rows = lines.filter((l) => /^\d/.test(l)).map((l) => l.split(','));
    const beta = cols.indexOf('withoutBn.landscape.betaEff');
    for (const row of rows) {
      const k = json.landscape.steps.indexOf(Number(row[0]));
      if (k < 0) assert.equal(row[beta], '');
      else assert.equal(Number(row[beta]), json.landscape.withoutBn.betaEff[k]);
    }
    // Without probes the export is as it was.
    const off = session({}, false);
    off.advance({ maxSteps: 60 });
    const offRecord = runRecord(off.history, defaults(), toHash(defaults()));
    assert.equal(offRecord.landscape, undefined);
    assert.ok(runCsv(offRecord).includes(runColumns(4).join(',')));
    off.dispose();
  } finally {
    s.dispose();
  }
});
