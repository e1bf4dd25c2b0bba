// Claims of the article's section 5 (why it helps: the sweep, batch noise and
// its cost). See web/claims/ledger.js for the shape of a claim.

import { BATCH_NOISE } from '../article/figure-settings.js';
import {
  AT_CHANCE, INIT_SCALES, LEARNING_RATES, SWEEP, THRESHOLDS, summaryValues,
} from '../article/sweep-plan.js';
import { std } from '../article/stats.js';
import { everySeed, seeds } from './measure.js';
import { settingsMatch, stepBy, sweepGrid, withTwin, within } from './article-measure.js';

const INDEX = [{ file: 'index.html' }];
const module = (name) => [{ module: `web/article/demos/${name}.js` }];
const SEEDS = seeds(5); // the sweep opens at seed 1; "New seed" walks 2, 3, …
const grid = (engine, seed) => sweepGrid(engine, { seed });

/** Final losses of the cells of one network that satisfy `where`, diverged runs as Infinity. */
const finals = (g, net, where = () => true) => g.list.filter(where).map((c) => (c[net].diverged ? Infinity : c[net].final));
const learned = (v) => v < AT_CHANCE;

/** The BN net's training loss after `steps` at batch size m, and the plain net's, for the cost-of-noise claim. */
function plateau(engine, seed, batchSize, steps = 3000) {
  return withTwin(engine, { ...SWEEP.base, activation: 'tanh', learningRate: 0.1, batchSize, seed }, (twin) => {
    stepBy(twin, steps);
    const m = twin.metrics('running');
    return { bn: m.withBn.trainLoss, plain: m.withoutBn.trainLoss };
  });
}

const SUMMARY = 'Final loss below {x1}: with BN in {bn1} cells, without in {plain1}; below {x2}: with BN in {bn2}, ' +
  'without in {plain2}. Ended lower than its twin: with BN in {bnLower}, without in {plainLower}. Lowest final ' +
  'loss: with BN {bnLowest}, without {plainLowest}. At chance or worse: with BN in {bnFailed}, without in {plainFailed}.';

export const WHY_CLAIMS = [
  {
    id: 'article.sweep.caption',
    text: 'Each cell is a real run of 400 steps of plain SGD on the circles data (four hidden layers of 8 units, ' +
      'batches of 16), with the learning rate of its column and its initial weights scaled by its row\u2019s factor ' +
      '(\u00d71 is Xavier initialization). The shading is the training loss it ended with; the line inside is the ' +
      'loss during the run (from 0 at the bottom to 1 at the top). Hatching marks a run that ended worse than ' +
      'chance, \u2715 one whose loss overflowed, and a dot the network that ended lower than its twin in that cell. ' +
      'The two grids use the same initial weights and mini-batches cell for cell. Hover or tap a cell for its numbers.',
    where: module('sweep'),
    figure: 'sweep',
    seeds: [SWEEP.seed],
    fixedSeed: true,
    measure: (engine, seed) => ({
      cells: grid(engine, seed).list.length,
      config: withTwin(engine, { ...SWEEP.base, seed }, (twin) => twin.config),
    }),
    check: (runs) => [
      ...settingsMatch(SWEEP.steps === 400 && SWEEP.base.hidden.join() === '8,8,8,8' && SWEEP.base.batchSize === 16 &&
        SWEEP.base.dataset === 'circles' && INIT_SCALES.includes(1)),
      ...everySeed(runs, (d) => d.cells === INIT_SCALES.length * LEARNING_RATES.length && d.config.init === 'xavier' &&
        d.config.optimizer === 'sgd' && d.config.initScale === 1),
    ],
  },
  {
    id: 'article.sweep.summary',
    text: SUMMARY,
    where: module('sweep'),
    figure: 'sweep (readout)',
    seeds: SEEDS,
    measure: (engine, seed) => grid(engine, seed).summary,
    // The readout is counted from the cells; this checks that its slots fill and that its counts agree with each
    // other (two thresholds, and wins that never count a cell where the winner learned nothing).
    check: (runs) => everySeed(runs, (s) => {
      const values = summaryValues(s, (v) => v.toFixed(3));
      const text = SUMMARY.replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : `{${k}}`));
      return !/[{}]/.test(text) && s.complete === 35 && THRESHOLDS.length === 2 &&
        s.withBn.below[1] <= s.withBn.below[0] && s.withoutBn.below[1] <= s.withoutBn.below[0] &&
        s.withBn.lower + s.withoutBn.lower <= 35 && s.withBn.lower <= 35 - s.withBn.failed &&
        s.withoutBn.lower <= 35 - s.withoutBn.failed;
    }),
  },
  {
    id: 'article.sweep.plain',
    text: 'Without batch norm, the network gets below 0.1 only in a band: initial scale \u00d71 or \u00d73 and ' +
      'learning rates from 0.03 to 1. From small initial weights (\u00d70.1, \u00d70.3) it learns nothing in 400 steps, ' +
      'and from <span class="tex">\\alpha = 3</span> up it ends at chance or worse.',
    where: INDEX,
    figure: 'sweep (tanh)',
    seeds: SEEDS,
    measure: grid,
    check: (runs) => everySeed(runs, (g) =>
      g.list.every((c) => c.withoutBn.final >= 0.1 || c.withoutBn.diverged ||
        ([1, 3].includes(c.scale) && c.lr >= 0.03 && c.lr <= 1)) &&
      finals(g, 'withoutBn', (c) => c.scale < 1).every((v) => !learned(v)) &&
      finals(g, 'withoutBn', (c) => c.lr >= 3).every((v) => !learned(v))),
  },
  {
    id: 'article.sweep.bn',
    text: 'With batch norm, every initial scale from \u00d70.1 to \u00d710 gets below 0.1 at some learning rate, and ' +
      'the runs at <span class="tex">\\alpha = 3</span> still learn something in most rows.',
    where: INDEX,
    figure: 'sweep (tanh)',
    seeds: SEEDS,
    measure: grid,
    check: (runs) => everySeed(runs, (g) =>
      INIT_SCALES.every((s) => Math.min(...finals(g, 'withBn', (c) => c.scale === s)) < 0.1) &&
      finals(g, 'withBn', (c) => c.lr === 3).filter(learned).length >= 3),
  },
  {
    id: 'article.sweep.best',
    text: 'But where the plain network does learn, it ends lower than the network with batch norm in most cells: ' +
      'its best runs reach 0.002 to 0.006 in 400 steps, the best with batch norm 0.015 to 0.057. In this grid batch ' +
      'norm widens the range of settings that work; it does not improve the best one.',
    where: INDEX,
    figure: 'sweep (tanh)',
    seeds: SEEDS,
    measure: grid,
    check: (runs) => [
      ...everySeed(runs, (g) => {
        const band = g.list.filter((c) => !c.withoutBn.diverged && c.withoutBn.final < 0.1);
        const plainLower = band.filter((c) => c.withBn.diverged || c.withoutBn.final < c.withBn.final).length;
        return plainLower * 3 >= band.length * 2;
      }),
      ...everySeed(runs, (g) => within(Math.min(...finals(g, 'withoutBn')), 0.0015, 0.0065) &&
        within(Math.min(...finals(g, 'withBn')), 0.0145, 0.0575)),
    ],
  },
  {
    id: 'article.sweep.alpha10',
    text: 'Neither survives <span class="tex">\\alpha = 10</span>: both end at chance or worse in every row, the ' +
      'network with batch norm at losses between 0.7 and 15. Normalizing every layer does not make every step size safe.',
    where: INDEX,
    figure: 'sweep (tanh, last column)',
    seeds: SEEDS,
    measure: grid,
    check: (runs) => everySeed(runs, (g) => finals(g, 'withoutBn', (c) => c.lr === 10).every((v) => !learned(v)) &&
      finals(g, 'withBn', (c) => c.lr === 10).every((v) => within(v, AT_CHANCE, 15))),
  },
  {
    id: 'article.noise.text',
    text: 'The smaller the batch, the larger the noise: below, one training example\u2019s ' +
      '<span class="tex">\\htmlClass{sym-znorm}{z_{\\text{norm}}}</span> in many random batches of three sizes.',
    where: INDEX,
    figure: 'batch noise',
    seeds: seeds(5),
    // The figure's twin (its seed) for five examples (as "Another example" picks them) and five batch draws.
    measure: (engine, seed) => {
      const twins = BATCH_NOISE.sizes.map((m) => engine.createTwin({ ...BATCH_NOISE.config, batchSize: m }));
      try {
        const example = ((seed - 1) * 37) % twins[0].trainSize;
        return twins.map((t) => std(t.batchNoise({ layer: BATCH_NOISE.layer, unit: BATCH_NOISE.unit, example,
          draws: BATCH_NOISE.draws, seed })));
      } finally {
        for (const t of twins) t.dispose();
      }
    },
    check: (runs) => [...settingsMatch(BATCH_NOISE.sizes.join() === '4,16,64'),
      ...everySeed(runs, ([s4, s16, s64]) => s4 > s16 && s16 > s64)],
  },
  {
    id: 'article.noise.caption',
    text: 'Each dot is the same training example\u2019s [[znorm|z_norm]] (hidden layer 2, unit 1) when it shares a ' +
      'mini-batch with m \u2212 1 other examples drawn at random, 200 batches per row. The dashed line is its value ' +
      'when the batch is the whole training set; the shaded bar spans \u00b11 standard deviation \u03c3 of the dots. ' +
      'The network is the same in every row (same initial weights); only m changes.',
    where: module('batch-noise'),
    figure: 'batch noise',
    seeds: [BATCH_NOISE.config.seed],
    fixedSeed: true,
    measure: () => null,
    check: () => settingsMatch(BATCH_NOISE.layer === 1 && BATCH_NOISE.unit === 0 && BATCH_NOISE.draws === 200),
  },
  {
    id: 'article.noise.cost',
    text: 'The same noise has a cost, and the sweep shows it: with batches of 16, the network with batch norm stalls ' +
      'at a loss of a few hundredths, while the plain one goes on down. Train that network for 3,000 steps at ' +
      '<span class="tex">\\alpha = 0.1</span>: with batches of 16 its loss with batch norm is still 0.03 to 0.05, with ' +
      'batches of 64 it reaches 0.001 to 0.003, and without batch norm about 0.001 either way.',
    where: INDEX,
    figure: 'the sweep\u2019s network, longer, batch 16 and 64',
    seeds: SEEDS,
    measure: (engine, seed) => ({ m16: plateau(engine, seed, 16), m64: plateau(engine, seed, 64) }),
    check: (runs) => everySeed(runs, ({ m16, m64 }) => within(m16.bn, 0.03, 0.05) && within(m64.bn, 0.0005, 0.0035) &&
      m16.plain < 0.002 && m64.plain < 0.002),
  },
];
