// The Figure 1 page's pure helpers: training goes, lockstep, speed and time
// left, the URL settings, the paper's published values, the shared y-axis.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RateMeter, formatBytes, formatDuration, lockstepLimits, nextChunk, stepsToRun } from '../../web/paper/progress.js';
import { PAPER_ACCURACY, paperAccuracyAt } from '../../web/paper/published.js';
import { defaultSettings, formatPaperHash, parsePaperHash } from '../../web/paper/settings.js';
import { percentileExtent } from '../../web/paper/figure.js';
import { paperTwinDefaults, settingsText } from '../../web/paper/mount.js';
import { MNIST_DEFAULTS, configField } from '../../web/engine-config.js';

test('a go of training stops at the next evaluation point and at the limit', () => {
  assert.equal(stepsToRun(0, 50000, 500, 120), 120);
  assert.equal(stepsToRun(480, 50000, 500, 120), 20, 'stops at step 500');
  assert.equal(stepsToRun(500, 50000, 500, 120), 120, 'after an evaluation point, on to the next');
  assert.equal(stepsToRun(900, 950, 500, 120), 50, 'stops at the limit');
  assert.equal(stepsToRun(950, 950, 500, 120), 0);
  assert.equal(stepsToRun(990, 950, 500, 120), 0, 'past the limit: nothing');
});

test('the chunk size aims at a go of a given duration, within bounds', () => {
  assert.equal(nextChunk(100, 50, 100), 200);
  assert.equal(nextChunk(100, 400, 100), 25);
  assert.equal(nextChunk(100, 0, 100), 200, 'no timing yet: double');
  assert.equal(nextChunk(1, 1000, 100), 5, 'at least min');
  assert.equal(nextChunk(4000, 1, 100), 5000, 'at most max');
});

test('lockstep: no Worker runs more than `lead` steps ahead of the slowest, none past the target', () => {
  assert.deepEqual(lockstepLimits([0, 0], 50000, 500), [500, 500]);
  assert.deepEqual(lockstepLimits([900, 450], 50000, 500), [950, 950]);
  assert.deepEqual(lockstepLimits([49900, 49800], 50000, 500), [50000, 50000]);
  assert.deepEqual(lockstepLimits([1200, 300], 50000, 500), [1200, 800], 'never below where a Worker already is');
  assert.deepEqual(lockstepLimits([700], 50000, 500), [1200]);
});

test('the rate meter reports steps per second over its window and the seconds left', () => {
  const m = new RateMeter(5000);
  assert.ok(Number.isNaN(m.rate));
  m.add(0, 0);
  m.add(100, 100);
  assert.ok(Number.isNaN(m.rate), 'under 200 ms: unknown');
  m.add(1000, 1000);
  assert.equal(m.rate, 1000);
  assert.equal(m.secondsLeft(1000, 50000), 49);
  for (let t = 2000; t <= 20000; t += 1000) m.add(t, 1000 + (t - 1000) * 2);  // now 2,000 steps/s
  assert.equal(m.rate, 2000, 'old samples leave the window');
  m.clear();
  assert.ok(Number.isNaN(m.secondsLeft(0, 10)));
});

test('durations and sizes read as on the page', () => {
  assert.equal(formatDuration(65), '1:05');
  assert.equal(formatDuration(3723), '1:02:03');
  assert.equal(formatDuration(NaN), '—');
  assert.equal(formatBytes(3_100_000, 7_850_032), '3.1 / 7.9 MB');
  assert.equal(formatBytes(3_100_000, 0), '3.1 MB');
});

test('the URL hash sets steps, every, seed, workers and digits, and ignores the rest by name', () => {
  assert.deepEqual(parsePaperHash(''), { settings: defaultSettings(), ignored: [] });
  assert.deepEqual(defaultSettings(), { steps: 50000, every: 500, seed: 1, workers: 0, digits: 70000 });
  const { settings, ignored } = parsePaperHash('#steps=2000&seed=7&every=abc&workers=3&lr=9&every=250&digits=20000');
  assert.deepEqual(settings, { steps: 2000, every: 250, seed: 7, workers: 0, digits: 70000 });
  assert.deepEqual(ignored, ['every=abc', 'workers=3', 'lr=9', 'digits=20000'], 'digits: 10000 or 70000 only');
  assert.equal(formatPaperHash(settings), 'steps=2000&every=250&seed=7');
  assert.deepEqual(parsePaperHash('#digits=10000').settings.digits, 10000, 'the light option');
  assert.deepEqual(parsePaperHash(`#${formatPaperHash(settings)}`).settings, settings, 'round trip');
  assert.equal(formatPaperHash(defaultSettings()), '');
});

test('the paper\'s published accuracies interpolate between the read-off points and stop where its curves end', () => {
  assert.equal(paperAccuracyAt('withBn', 4000), 0.953);
  assert.equal(paperAccuracyAt('withoutBn', 20000), 0.963);
  assert.ok(Math.abs(paperAccuracyAt('withoutBn', 6000) - 0.81) < 1e-12);
  assert.equal(paperAccuracyAt('withBn', 3000), undefined);
  assert.equal(paperAccuracyAt('withoutBn', 45000), undefined, 'the published curve without BN ends near 44K');
  for (const twin of ['withBn', 'withoutBn']) {
    const { steps, accuracy } = PAPER_ACCURACY[twin];
    assert.equal(steps.length, accuracy.length);
    assert.ok(steps.every((s, i) => i === 0 || s > steps[i - 1]));
  }
});

test('panels (b) and (c) share a y-axis of at least the paper\'s ±2, wider when the values need it', () => {
  assert.equal(percentileExtent(), 2);
  assert.equal(percentileExtent({ p15: [-1.2], p50: [0], p85: [1.9] }), 2);
  assert.equal(percentileExtent({ p15: [-6.1], p50: [-2.9], p85: [2.2] }, { p15: [-2.1], p50: [0], p85: [2] }), 7);
  assert.equal(percentileExtent({ p15: [NaN], p50: [0], p85: [2.5] }), 3, 'NaN is not a value');
});

test('the settings text counts units from 1 and leaves the comparison with the paper to the checked sentences', () => {
  const c = { ...paperTwinDefaults(), seed: 1 };
  const text = settingsText(c);
  assert.match(text.same, new RegExp(`follow unit ${c.probeUnit + 1} of hidden layer ${MNIST_DEFAULTS.hidden.length}`));
  assert.doesNotMatch(`${text.ours} ${text.same}`, /unit 0\b/);
  assert.doesNotMatch(text.ours, /higher than ours/);
  assert.match(text.same, new RegExp(`momentum ${c.bnMomentum}: PyTorch`));
  assert.match(settingsText({ ...c, bnEps: 1e-5 }).same, /ε = 10⁻⁵,/, 'a power of ten is written as one');
  assert.match(settingsText({ ...c, bnEps: 2.5e-4 }).same, /ε = 2\.5·10⁻⁴,/);
  assert.match(text.ours, /Data as in the paper: the 60,000 MNIST training digits/, 'the full split by default');
  assert.match(settingsText(c, 10000).ours, /the light option\): 8,000 training and 2,000 test digits/);
});

test('before the engine reports its config, the page shows the engine\'s defaults with the paper\'s network over them', () => {
  const c = paperTwinDefaults();
  for (const [key, value] of Object.entries(MNIST_DEFAULTS)) assert.deepEqual(c[key], value, key);
  for (const key of ['bnEps', 'bnMomentum', 'probeUnit', 'probeSize']) assert.equal(c[key], configField(key).def, key);
});
