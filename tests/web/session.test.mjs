// A lab session on the real WebAssembly engine (built by ./build.sh build):
// stepping in chunks, replay, reseed, stop rules, and what the figures receive.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadNodeEngine } from '../node/helpers.mjs';
import { defaults, engineConfig, normalize } from '../../web/state.js';
import { Session, STOP } from '../../web/lab/session.js';
import { readFrame } from '../../web/lab/snapshot.js';
import { unitHistogram } from '../../web/lab/histogram.js';

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

/** A history as plain data (class instances and typed arrays flattened), for exact comparisons. */
const plain = (history) => JSON.parse(JSON.stringify(history));
// The runs these tests measure (how soon the losses reach 0.1, which net diverges) were chosen on this
// network and data; they stay fixed when the lab's defaults move.
const RUN = { dataset: 'circles', activation: 'tanh', batchSize: 16, hidden: [8, 8, 8, 8], learningRate: 0.1 };
const config = (changes = {}) => engineConfig(normalize({ ...defaults(), ...RUN, ...changes }));

test('the history is the same whether the steps come one by one or in big chunks', () => {
  const a = new Session(engine);
  a.build(config());
  for (let i = 0; i < 230; ++i) a.advance({ maxSteps: 1 });
  const b = new Session(engine);
  b.build(config());
  b.advance({ maxSteps: 230 });
  assert.equal(a.steps, 230);
  assert.deepEqual(b.history, a.history);
  a.dispose();
  b.dispose();
});

test('reset replays the run exactly; reseed changes it', () => {
  const s = new Session(engine);
  s.build(config());
  s.advance({ maxSteps: 120 });
  const first = plain(s.history);
  s.reset();
  assert.equal(s.steps, 0);
  s.advance({ maxSteps: 120 });
  assert.deepEqual(plain(s.history), first);
  s.reseed(99);
  s.advance({ maxSteps: 120 });
  assert.notDeepEqual(s.history.withBn.trainLoss, first.withBn.trainLoss);
  s.dispose();
});

test('advance stops exactly at stopAt, and when both networks reached the target loss', () => {
  const s = new Session(engine);
  s.build(config());
  assert.deepEqual(s.advance({ maxSteps: 1000, stopAt: 77 }), { stepped: 77, stopped: STOP.stopAt });
  assert.equal(s.advance({ maxSteps: 10, stopAt: 77 }).stepped, 0);
  const r = s.advance({ maxSteps: 20000, targetLoss: 0.1, stopAtTarget: true });
  assert.equal(r.stopped, STOP.target);
  assert.ok(s.history.firstStepBelow('withBn', 0.1) !== null && s.history.firstStepBelow('withoutBn', 0.1) !== null);
  s.dispose();
});

test('a time budget still takes at least one step and ends the call on time', () => {
  let clock = 0;
  const s = new Session(engine, () => clock);
  s.build(config());
  clock = 100;
  assert.equal(s.advance({ maxSteps: 50, deadline: 50 }).stepped, 1); // already past the deadline
  const r = s.advance({ maxSteps: 50, deadline: Infinity });
  assert.equal(r.stepped, 50);
  s.dispose();
});

test('a diverged network stops, the other trains on, and NaN reaches the history, not the readout', () => {
  const s = new Session(engine);
  s.build(config({ dataset: 'regression', activation: 'relu', learningRate: 1 }));
  const r = s.advance({ maxSteps: 100 });
  assert.equal(r.stopped, null);
  assert.equal(s.status.withBn.diverged, true);
  assert.equal(s.status.withoutBn.diverged, false);
  assert.equal(s.status.withoutBn.steps, 100);
  assert.ok(Number.isNaN(s.history.withBn.trainLoss.at(-1)));
  s.setLearningRate(100);
  s.advance({ maxSteps: 200 });
  assert.equal(s.advance({ maxSteps: 10 }).stopped, STOP.diverged);
  s.dispose();
});

test('the frame data: unit histograms add up to the engine’s layer histograms', () => {
  const s = new Session(engine);
  s.build(config());
  s.advance({ maxSteps: 50 });
  const frame = readFrame(s, { evalMode: 'running', unit: 1 });
  for (const t of ['withBn', 'withoutBn']) {
    assert.equal(frame.layers[t].length, 4);
    assert.equal(frame.grids[t].values.length, 40 * 40);
  }
  const p = s.twin.probe('withBn', 2);
  for (const q of ['Z', 'zNorm', 'zTilde', 'A']) {
    const [lo, hi] = p.histRanges[q];
    const sum = new Float32Array(p.histograms[q].length);
    for (let u = 0; u < p.units; ++u) unitHistogram(p[q], p.units, u, lo, hi, sum.length).forEach((c, i) => { sum[i] += c; });
    assert.deepEqual([...sum], [...p.histograms[q]], q);
  }
  s.dispose();
});

test('a frame reads the probes of its own step: the record step refreshes them once, other steps anew', () => {
  const s = new Session(engine);
  s.build(config());
  let refreshes = 0;
  const refresh = s.twin.refreshProbes.bind(s.twin);
  s.twin.refreshProbes = () => {
    refreshes += 1;
    refresh();
  };
  const state = { evalMode: 'running', unit: 1 };
  // Fresh probes of the same networks, for comparison (a refresh changes nothing of the run).
  const fresh = () => {
    refresh();
    return readFrame(s, state).layers;
  };
  s.advance({ maxSteps: 10 }); // ends on a record step: records at 2, 4, …, 10
  assert.equal(refreshes, 5);
  const atRecord = readFrame(s, state).layers;
  assert.equal(refreshes, 5, 'the frame reuses the record step\'s refresh');
  assert.deepEqual(atRecord, fresh());
  s.advance({ maxSteps: 2001 }); // step 2011: records every 100 steps from 2,000 on, so not a record step
  const before = refreshes;
  const between = readFrame(s, state).layers;
  assert.equal(refreshes, before + 1);
  assert.deepEqual(between, fresh());
  s.setProbeUnit(3); // the percentiles follow another unit: the next frame refreshes
  readFrame(s, state);
  assert.equal(refreshes, before + 2);
  s.reset(); // step 0 again, other networks than the last refresh's
  assert.equal(refreshes, before + 3);
  assert.deepEqual(readFrame(s, state).layers, fresh());
  s.dispose();
});

test('changing the probed unit restarts the percentile band at the current step', () => {
  const s = new Session(engine);
  s.build(config());
  s.advance({ maxSteps: 40 });
  const before = s.history.band('withBn', 3);
  s.setProbeUnit(5);
  const after = s.history.band('withBn', 3);
  assert.ok(before.steps.length > 10);
  assert.deepEqual(after.steps, [40]);
  assert.notEqual(after.p50[0], before.p50.at(-1));
  s.dispose();
});

test('each layer of a frame says whether its own g saturates, as the engine says, with one g per layer', () => {
  const s = new Session(engine);
  s.build(config({ hidden: [8, 8, 8], bn: [true, true, true], activation: ['sigmoid', 'relu', 'tanh'] }));
  s.advance({ maxSteps: 10 });
  const frame = readFrame(s, { ...defaults(), unit: 1 });
  for (const t of ['withBn', 'withoutBn']) assert.deepEqual(frame.layers[t].map((l) => l.saturates), [true, false, true], t);
  assert.equal(frame.layers.withBn[1].saturation, 0, 'ReLU never saturates');
  s.dispose();
});

test('the decision boundaries in parts: of the step they started at, complete after several frames, dropped by a reset', () => {
  let clock = 0;
  const s = new Session(engine, () => clock); // a deadline of `clock` itself: one evaluation chunk per call
  s.build(config({ hidden: Array(8).fill(32) }));
  s.advance({ maxSteps: 30 });
  const expected = { withBn: s.twin.grid('withBn', 'running'), withoutBn: s.twin.grid('withoutBn', 'running') };
  let grids = null;
  let calls = 0;
  while (!grids) {
    grids = s.gridsInParts('running', clock);
    calls += 1;
    s.advance({ maxSteps: 3 }); // training goes on between frames
  }
  assert.ok(calls > 2, `${calls} calls`);
  for (const t of ['withBn', 'withoutBn']) {
    assert.equal(grids[t].step, 30);
    assert.deepEqual(grids[t].values, expected[t].values);
  }
  // The next call starts again from the current step; a generous deadline finishes in one call.
  clock = 0;
  assert.equal(s.gridsInParts('running', Infinity).withBn.step, s.steps);
  // A job under way is dropped by a reset (its snapshots are of networks that no longer exist) and by a new mode.
  assert.equal(s.gridsInParts('running', clock), null);
  s.reset();
  const after = s.gridsInParts('batch', Infinity);
  assert.equal(after.withBn.step, 0);
  assert.deepEqual(after.withBn.values, s.twin.grid('withBn', 'batch').values);
  s.dispose();
});
