// The lab's record schedule, its history and the speed-up readout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History, nextRecordStep, recordInterval, speedup } from '../../web/lab/history.js';
import { summarize } from '../../web/lab/player.js';
import { unitHistogram, finiteExtent } from '../../web/lab/histogram.js';

const metrics = (a, b) => ({
  withBn: { trainLoss: a, testLoss: a, trainAccuracy: 1, testAccuracy: 1 },
  withoutBn: { trainLoss: b, testLoss: b, trainAccuracy: 1, testAccuracy: 1 },
});
const pct = () => ({ withBn: new Float32Array([-1, 0, 1]), withoutBn: new Float32Array([-2, 0, 2]) });

test('records fall on fixed steps that depend only on the step count', () => {
  let step = 0;
  const steps = [];
  while (step < 1_000_000) {
    step = nextRecordStep(step);
    steps.push(step);
  }
  assert.deepEqual(steps.slice(0, 3), [2, 4, 6]);
  assert.ok(steps.includes(200) && steps.includes(2000) && steps.includes(20000) && steps.includes(200000));
  for (const s of steps) assert.equal(s % recordInterval(s - 1), 0, `${s}`);
  assert.ok(steps.length < 800, `${steps.length} records up to a million steps`);
});

test('steps to reach X and the speed-up ratio, with bounds while one network is not there yet', () => {
  const h = new History();
  h.push(0, metrics(0.7, 0.7), pct());
  h.push(100, metrics(0.08, 0.5), pct());
  h.push(200, metrics(0.05, 0.3), pct());
  assert.deepEqual(speedup(h, 0.1, 200), { x: 0.1, withBn: 100, withoutBn: null, ratio: 2, bound: 'atLeast' });
  h.push(400, metrics(0.04, 0.09), pct());
  assert.deepEqual(speedup(h, 0.1, 400), { x: 0.1, withBn: 100, withoutBn: 400, ratio: 4, bound: 'exact' });
  assert.equal(speedup(h, 0.01, 400).bound, null);
  const slow = new History();
  slow.push(0, metrics(0.7, 0.7), pct());
  slow.push(50, metrics(NaN, 0.05), pct());
  assert.deepEqual(speedup(slow, 0.1, 100), { x: 0.1, withBn: null, withoutBn: 50, ratio: 0.5, bound: 'atMost' });
});

test('the percentile band restarts when the probed unit changes', () => {
  const h = new History();
  h.push(0, metrics(1, 1), pct());
  h.push(2, metrics(1, 1), pct());
  h.restartBand();
  h.push(4, metrics(1, 1), pct());
  assert.deepEqual(h.band('withoutBn', 0), { steps: [4], p15: [-2], p50: [0], p85: [2] });
});

test('frame statistics: median and 95th percentile by nearest rank', () => {
  assert.deepEqual(summarize([]), { count: 0, median: null, p95: null, max: null });
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.deepEqual(summarize(values), { count: 100, median: 50, p95: 95, max: 100 });
});

test('a unit histogram bins like the engine: edges pile up, NaN is skipped', () => {
  // Two units, four examples: unit 1 holds −9, 0.5, 9, NaN.
  const values = new Float32Array([0, -9, 0, 0.5, 0, 9, 0, NaN]);
  assert.deepEqual([...unitHistogram(values, 2, 1, -1, 1, 4)], [1, 0, 0, 2]);
  assert.deepEqual(finiteExtent([[NaN, 3], [-2, Infinity]]), [-2, 3]);
  assert.equal(finiteExtent([[NaN]]), null);
});
