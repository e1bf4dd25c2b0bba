// The article's pure helpers (web/article/*.js without a page): statistics,
// the input-scaling figure's contour levels and window, number formatting,
// the sweep's colours.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { maxAbsDiff, mean, quantiles, std, unitValues, variance } from '../../web/article/stats.js';
import { contourLevels, stepsToConverge, viewWindow } from '../../web/article/descent.js';
import { fmt, operand, pct, sig, signed } from '../../web/article/format.js';
import {
  AT_CHANCE, CHANCE_LOSS, INIT_SCALES, LEARNING_RATES, SWEEP, THRESHOLDS, WORSE_THAN_CHANCE, cellOrder, lossColor,
  lowerThanTwin, outcome, summarize, summaryValues,
} from '../../web/article/sweep-plan.js';
import { HERO, WORKED_EXAMPLE } from '../../web/article/figure-settings.js';
import { CONFIG_FIELDS, NAMES } from '../../web/engine-schema.js';

test('a unit’s values are read column by column from a (units, examples) matrix', () => {
  // 2 units × 3 examples, column-major: unit 0 = [1, 3, 5], unit 1 = [2, 4, 6].
  const m = Float32Array.from([1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...unitValues(m, 2, 0)], [1, 3, 5]);
  assert.deepEqual([...unitValues(m, 2, 1)], [2, 4, 6]);
});

test('mean and variance are the batch-norm ones (biased variance), to 1e-12', () => {
  // engine/README.md §9 golden vector, feature 0: x = [1, 3, 5, 7] → μ = 4, σ² (biased) = 5.
  assert.equal(mean([1, 3, 5, 7]), 4);
  assert.ok(Math.abs(variance([1, 3, 5, 7]) - 5) < 1e-12);
  assert.ok(Math.abs(std([1, 3, 5, 7]) - Math.sqrt(5)) < 1e-12);
  assert.equal(std([2]), 0);
  assert.equal(maxAbsDiff([1, 2, 3], [1, 2.5, 2]), 1);
});

test('quantiles interpolate between order statistics like NumPy and ignore non-finite values', () => {
  assert.deepEqual(quantiles([4, 1, 3, 2], [0, 0.5, 1]), [1, 2.5, 4]);
  const [p15, p50, p85] = quantiles(Array.from({ length: 101 }, (_, i) => i), [0.15, 0.5, 0.85]);
  assert.deepEqual([p15, p50, p85], [15, 50, 85]);
  assert.deepEqual(quantiles([NaN, 2, Infinity, 4], [0.5]), [3]);
  assert.ok(Number.isNaN(quantiles([NaN], [0.5])[0]));
});

test('contour levels halve from 16× the start’s excess loss down towards the minimum', () => {
  const levels = contourLevels(1, 3, 6);
  assert.deepEqual(levels, [1 + 32, 1 + 16, 1 + 8, 1 + 4, 1 + 2, 1 + 1]);
  assert.ok(levels.includes(3), 'the start lies on a contour line');
});

test('the view window is centred on the minimum and holds the start with a margin', () => {
  const w = viewWindow([-1, 1], [2, -0.3], 1.5);
  assert.deepEqual([w.c1, w.c2], [2, -0.3]);
  assert.equal(w.e, 4.5);
  assert.ok(viewWindow([2, -0.3], [2, -0.3]).e > 0, 'a start at the minimum still gets a window');
});

test('steps to converge: the first step within 1% of the starting gap, or −1', () => {
  assert.equal(stepsToConverge([10, 5, 1, 0.05, 0.01], 0), 3);
  assert.equal(stepsToConverge([3, 2.5, 2], 1), -1);
  assert.equal(stepsToConverge([2, 1.2, 1.005], 1, 0.01), 2);
});

test('numbers are shown with a real minus sign, never as NaN', () => {
  assert.equal(fmt(-0.5, 3), '−0.500');
  assert.equal(fmt(-0.0001, 2), '0.00', 'no negative zero');
  assert.equal(fmt(NaN), '—');
  assert.equal(signed(0.12, 2), '+0.12');
  assert.equal(signed(-0.12, 2), '−0.12');
  assert.equal(sig(0.0123456), '0.0123');
  assert.equal(sig(1.2e-7, 2), '1.2×10⁻⁷');
  assert.equal(sig(-98.06), '−98.1');
  assert.equal(pct(0.935), '93.5%');
});

test('a negative operand in a worked formula is bracketed, so nothing reads "− −"', () => {
  assert.equal(operand(-0.3, 3), '(−0.300)');
  assert.equal(operand(0.3, 3), '0.300');
  assert.equal(operand(-0.0001, 2), '0.00', 'no bracketed negative zero');
  assert.equal(`1.000 − ${operand(-0.3)}`, '1.000 − (−0.300)');
});

test('the sweep covers every cell once, and lower losses get darker colours', () => {
  const order = cellOrder(INIT_SCALES.length, LEARNING_RATES.length);
  assert.equal(order.length, INIT_SCALES.length * LEARNING_RATES.length);
  assert.equal(new Set(order.map((c) => `${c.row},${c.col}`)).size, order.length);
  const luminance = (s) => {
    const [r, g, b] = s.match(/\d+/g).map(Number);
    return 0.299 * r + 0.587 * g + 0.114 * b;
  };
  const losses = [0.001, 0.01, 0.05, 0.2, CHANCE_LOSS, 5];
  const lum = losses.map((l) => luminance(lossColor(l)));
  for (let k = 1; k < lum.length; ++k) assert.ok(lum[k] >= lum[k - 1], `loss ${losses[k]} is not lighter than ${losses[k - 1]}`);
  assert.equal(lossColor(CHANCE_LOSS), lossColor(10), 'at chance or worse, one colour');
});

test('a sweep cell is learned, at chance, worse than chance or diverged, by its final loss', () => {
  assert.equal(outcome({ final: 0.05, diverged: false }), 'learned');
  assert.equal(outcome({ final: AT_CHANCE, diverged: false }), 'chance');
  assert.equal(outcome({ final: 0.7, diverged: false }), 'chance');
  assert.equal(outcome({ final: WORSE_THAN_CHANCE + 0.01, diverged: false }), 'worse');
  assert.equal(outcome({ final: 14.8, diverged: false }), 'worse', 'a finite loss far above chance is worse, not diverged');
  assert.equal(outcome({ final: NaN, diverged: true }), 'diverged');
  assert.ok(AT_CHANCE < Math.LN2 && Math.LN2 < WORSE_THAN_CHANCE);
});

test('a network ends lower than its twin only where it learned something', () => {
  const cell = (final, diverged = false) => ({ final, diverged, complete: true });
  assert.equal(lowerThanTwin(cell(0.004), cell(0.08)), true);
  assert.equal(lowerThanTwin(cell(0.08), cell(0.004)), false);
  assert.equal(lowerThanTwin(cell(0.3), cell(0.693)), true, 'learned against chance');
  assert.equal(lowerThanTwin(cell(4.5), cell(6.6)), false, 'two failures: neither is lower in any useful sense');
  assert.equal(lowerThanTwin(cell(0.5), cell(NaN, true)), true);
});

test('the sweep summary counts complete cells at two thresholds, wins and failures, per network', () => {
  const c = (final, diverged = false, complete = true) => ({ final, diverged, complete });
  const cells = {
    withBn: [[c(0.06), c(0.05), c(6.6)], [c(0.3), c(0.09), null]],
    withoutBn: [[c(0.004), c(0.693), c(NaN, true)], [c(0.693), c(0.01, false, false), null]],
  };
  const s = summarize(cells);
  assert.equal(s.complete, 4, 'cells not run yet, or still running, are not counted');
  assert.deepEqual(THRESHOLDS, [0.1, 0.02]);
  assert.deepEqual(s.withBn.below, [2, 0]);
  assert.deepEqual(s.withoutBn.below, [1, 1]);
  assert.equal(s.withBn.lower, 2);
  assert.equal(s.withoutBn.lower, 1);
  assert.equal(s.withBn.failed, 1);
  assert.equal(s.withoutBn.failed, 3);
  assert.equal(s.withoutBn.diverged, 1);
  assert.equal(s.withBn.lowest, 0.05);
  assert.equal(s.withoutBn.lowest, 0.004);
  const v = summaryValues(s, (x) => x.toFixed(3));
  assert.equal(v.bnLowest, '0.050');
  assert.equal(v.plain2, 1);
});

test('the first screen states its settings in full, so a change of the lab\u2019s defaults cannot change it', () => {
  for (const key of ['dataset', 'points', 'noise', 'hidden', 'bn', 'activation', 'init', 'initScale', 'learningRate',
    'batchSize', 'optimizer', 'bnMomentum', 'bnEps']) {
    assert.ok(key in HERO.settings, key);
  }
  assert.equal(HERO.stepsPerFrame(0), 2);
  assert.ok(HERO.stepsPerFrame(1000) > HERO.stepsPerFrame(0));
});

test('the sweep offers activations the engine has, and shows one of them first', () => {
  assert.ok(SWEEP.activations.length > 1);
  for (const g of SWEEP.activations) assert.ok(NAMES.activation.includes(g), `${g} is an engine activation`);
  assert.ok(SWEEP.activations.includes(SWEEP.activation));
});

test('the worked example divides by √(σ² + ε) with the engine\u2019s default ε, which its config keeps', () => {
  assert.equal(WORKED_EXAMPLE.eps, CONFIG_FIELDS.find((f) => f.key === 'bnEps').def);
  assert.ok(!('bnEps' in WORKED_EXAMPLE.config));
});
