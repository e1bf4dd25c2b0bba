// The figures on their own, fed made-up data (no engine): a page to work on one
// figure, check it at any width (drag a frame's corner) and in both themes.
// Bundled into web/dist/lab-harness.js for web/lab/harness.html.

import { createDecisionBoundary } from './figures/decision-boundary.js';
import { createLossChart } from './figures/loss-chart.js';
import { createDistributions } from './figures/distributions.js';
import { createPercentileBands } from './figures/percentile-bands.js';
import { createParameters } from './figures/parameters.js';
import { createLandscapeChart } from './figures/landscape.js';
import { LandscapeRecord } from './landscape.js';

/** A small deterministic generator (so the page looks the same on every load). */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const random = rng(7);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

function histogram(values, lo, hi, bins) {
  const counts = new Float32Array(bins);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * bins)))] += 1;
  return counts;
}

function fakeLayer(spread, shift) {
  const make = (f, lo, hi) => histogram(Array.from({ length: 1600 }, f), lo, hi, 32);
  const quantities = {
    Z: () => shift + spread * normal(),
    zNorm: () => normal(),
    zTilde: () => 0.3 + 1.2 * normal(),
    A: () => Math.tanh(0.3 + 1.2 * normal()),
  };
  const ranges = { Z: [-4, 4], zNorm: [-4, 4], zTilde: [-4, 4], A: [-1, 1] };
  const histograms = {};
  const unitHistograms = {};
  for (const [q, f] of Object.entries(quantities)) {
    histograms[q] = make(f, ...ranges[q]);
    unitHistograms[q] = histogram(Array.from({ length: 200 }, f), ...ranges[q], 32);
  }
  return { hasBn: true, saturates: true, histograms, histRanges: ranges, unitHistograms, saturation: 0.12 };
}

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const steps = Array.from({ length: 200 }, (_, i) => i * 5);
const figures = [];

const R = 40;
const values = new Float32Array(R * R);
for (let r = 0; r < R; ++r) {
  for (let c = 0; c < R; ++c) {
    const x = -1.5 + (3 * c) / (R - 1);
    const y = -1.5 + (3 * r) / (R - 1);
    values[r * R + c] = 1 / (1 + Math.exp(8 * (Math.hypot(x, y) - 0.7)));
  }
}
const points = (n, offset) => {
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let j = 0; j < n; ++j) {
    const inner = j % 2 === 0;
    const radius = inner ? 0.4 * random() : 0.9 + 0.2 * random();
    const angle = 2 * Math.PI * random();
    x[2 * j] = radius * Math.cos(angle) + offset;
    x[2 * j + 1] = radius * Math.sin(angle);
    y[j] = inner ? 1 : 0;
  }
  return { x, y };
};
const train = points(150, 0);
const testSet = points(150, 0);
const boundary = createDecisionBoundary($('fig-boundary'));
boundary.update({
  grid: { values, resolution: R, extent: 1.5 },
  data: { xTrain: train.x, yTrain: train.y, xTest: testSet.x, yTest: testSet.y, isRegression: false },
});
figures.push(boundary);

const loss = createLossChart($('fig-loss'));
const curve = (rate, floor, noise) => steps.map((s) => floor + 0.69 * Math.exp(-s / rate) * (1 + noise * normal()));
loss.update({
  steps,
  series: [
    { label: 'with BN, train', color: 'withBn', values: curve(80, 0.03, 0.1) },
    { label: 'with BN, test', color: 'withBn', dashed: true, values: curve(80, 0.05, 0.1) },
    { label: 'without BN, train', color: 'withoutBn', values: curve(400, 0.01, 0.01) },
    { label: 'without BN, test', color: 'withoutBn', dashed: true, values: curve(400, 0.02, 0.01) },
  ],
  target: 0.1,
  reached: [{ step: 160, color: 'withBn' }, { step: 640, color: 'withoutBn' }],
  logY: true,
});
figures.push(loss);

const distributions = createDistributions($('fig-distributions'), { onSelectLayer: (l) => console.log('layer', l + 1) });
distributions.update({
  columns: ['Z', 'zNorm', 'zTilde', 'A'],
  layers: [fakeLayer(0.5, 0), fakeLayer(1, 0.5), fakeLayer(2, -1)],
  selectedLayer: 2,
});
figures.push(distributions);

const bands = createPercentileBands($('fig-bands'));
const drift = steps.map((s) => Math.sqrt(s) / 20);
bands.update({
  steps,
  p15: drift.map((d) => -0.2 - d + 0.05 * normal()),
  p50: drift.map((d) => 0.5 * d + 0.05 * normal()),
  p85: drift.map((d) => 0.2 + 1.5 * d + 0.05 * normal()),
  color: 'withoutBn',
  yDomain: [-2, 2],
});
figures.push(bands);

const parameters = createParameters($('fig-parameters'));
const units = 8;
const per = (f) => Float32Array.from({ length: units }, f);
parameters.update({
  layer: 2, unit: 3, hasBn: true,
  gamma: per(() => 1 + 0.3 * normal()), beta: per(() => 0.2 * normal()),
  batchMean: per(() => 0.3 * normal()), runningMean: per(() => 0.3 * normal()),
  batchVar: per(() => 0.5 + random()), runningVar: per(() => 0.5 + random()),
  bias: { kept: true, rows: [{ layer: 0, db: 3e-9, dbeta: 0.08 }, { layer: 1, db: 1e-8, dbeta: 0.05 }] },
});
figures.push(parameters);

// Probes every 50 steps; the network without BN's probe at step 300 overflowed (a gap).
const landscape = createLandscapeChart($('fig-landscape'), { testid: 'fig-landscape', heading: 'h3' });
const record = new LandscapeRecord();
for (let step = 50; step <= 1000; step += 50) {
  const probe = (scale, beta) => ({ lossMin: scale * 0.5, lossMax: scale * (0.6 + 0.3 * random()),
    gradDiff: scale * (0.5 + random()), betaEff: beta * (1 + 0.3 * normal()) });
  record.push(step, { withBn: probe(Math.exp(-step / 200), 3), withoutBn: step === 300 ? null : probe(0.7, 0.9) });
}
landscape.update({ record, xMax: 1000 });
figures.push(landscape);

window.harness = { figures };
