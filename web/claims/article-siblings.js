// Claims of the article's section 8 (batch norm among its siblings: the axis
// picture and the race at batch sizes 1, 2, 4, 16, 64). The runs are the
// figures' own (web/article/siblings-plan.js at the settings of
// web/article/figure-settings.js), cached per seed. See web/claims/ledger.js
// for the shape of a claim.

import { SIBLINGS_AXES, SIBLINGS_RACE } from '../article/figure-settings.js';
import { cellDetail, sharingCells } from '../article/norm-axes.js';
import { createAxes, fullSiblingRace, gapOf, lastOf } from '../article/siblings-plan.js';
import { mean, variance } from '../article/stats.js';
import { atLeast, everySeed, seeds } from './measure.js';
import { cached, settingsMatch, within } from './article-measure.js';

const INDEX = [{ file: 'index.html' }];
const module = (name) => [{ module: `web/article/demos/${name}.js` }];
const SEEDS = seeds(5); // the race's seed picker offers 1 to 5

/** The figure's whole race at `seed`, cached. */
const race = (engine, seed) => cached(engine, `siblings-race:${seed}`, () => fullSiblingRace(engine, SIBLINGS_RACE, seed));

/** The race reduced to what the sentences say: final losses and gaps per batch size and norm. */
function raceSummary(engine, seed) {
  const r = race(engine, seed);
  const out = { refused: r.sizes[1].refused, kept: r.sizes[1].norms, loss: {}, training: {}, gap: {} };
  for (const m of SIBLINGS_RACE.sizes) {
    out.loss[m] = {};
    out.training[m] = {};
    out.gap[m] = {};
    for (const n of r.sizes[m].norms) {
      out.loss[m][n] = lastOf(r, m, n);
      out.training[m][n] = lastOf(r, m, n, 'training');
      out.gap[m][n] = gapOf(r, m, n);
    }
  }
  return out;
}

/**
 * The axis figure at `seed`, read at steps 0, 100 and the end: the largest
 * difference between z̃ worked out from the engine's μ, σ², γ, β and the
 * engine's own z̃, and the mean and variance of z_norm over each set of cells
 * that share statistics (the worst of them).
 */
function axesSummary(engine, seed) {
  return cached(engine, `siblings-axes:${seed}`, () => {
    const axes = createAxes(engine, SIBLINGS_AXES, { seed });
    try {
      let worstZTilde = 0;
      let worstMean = 0;
      let worstVar = 0;
      for (const upTo of [0, 100, SIBLINGS_AXES.total]) {
        axes.advance(upTo - axes.step);
        const probes = axes.read();
        for (const norm of SIBLINGS_AXES.norms) {
          const p = probes[norm];
          const shape = { units: p.units, examples: p.probeSize, groups: p.groups };
          for (let u = 0; u < p.units; ++u) {
            for (let i = 0; i < p.probeSize; ++i) {
              const d = cellDetail(p, u, i);
              worstZTilde = Math.max(worstZTilde, Math.abs(d.zTilde - d.engineZTilde));
              const set = sharingCells(norm, shape, u, i).map(([a, b]) => p.zNorm[a + p.units * b]);
              worstMean = Math.max(worstMean, Math.abs(mean(set)));
              worstVar = Math.max(worstVar, Math.abs(variance(set) - 1));
            }
          }
        }
      }
      return { worstZTilde, worstMean, worstVar, step: axes.step };
    } finally {
      axes.dispose();
    }
  });
}

const AXES_CAPTION = 'Three copies of that network, with batch norm (BN), layer norm (LN) and group norm (GN, 2 groups ' +
  'of 4 units), train on batches of 16 from the same initial weights. Each grid shows [[z|z]] of layer 2 for the 8 ' +
  'examples of the probe batch (the first 8 training examples): a row per unit, a column per example. Cells of one ' +
  'colour share one [[mu|\u03bc]] and one [[var|\u03c3\u00b2]], written beside the grid in the same colour, as the ' +
  'engine computed them at this step. Hover over a cell, tap it, or move with the arrow keys to pick one.';

const RACE_CAPTION = 'The network of section 6 (moons data, four sigmoid layers of 8 units, learning rate 0.1) ' +
  'trained four ways: without normalization, with batch norm, layer norm and group norm (2 groups of 4 units). In ' +
  'each panel the four start from the same initial weights and see the same mini-batches of m examples, for 3,000 ' +
  'steps. The curves: the loss on the whole training set in inference mode, log scale. The table: the loss over one ' +
  'epoch of mini-batches of m, each normalized with its own statistics (training mode) and with the running ' +
  'statistics (inference); the gap is inference minus training mode.';

export const SIBLINGS_CLAIMS = [
  {
    id: 'article.siblings.axes.caption',
    text: AXES_CAPTION,
    where: module('siblings-axes'),
    figure: 'siblings axes',
    seeds: [SIBLINGS_AXES.config.seed],
    fixedSeed: true,
    measure: (engine, seed) => {
      const axes = createAxes(engine, SIBLINGS_AXES, { seed });
      try {
        const p = axes.read();
        return { config: axes.siblings.config, norms: axes.siblings.norms, P: p.batch.probeSize, groups: p.group.groups };
      } finally {
        axes.dispose();
      }
    },
    check: (runs) => [...settingsMatch(SIBLINGS_AXES.layer === 1),
      ...everySeed(runs, ({ config: c, norms, P, groups }) => c.batchSize === 16 && P === 8 && groups === 2 &&
        c.hidden.join() === '8,8,8,8' && norms.join() === 'batch,layer,group')],
  },
  {
    id: 'article.siblings.axes.check',
    text: 'Pick a cell, and the table under the grids works out its normalization under all three from the ' +
      'engine\u2019s \u03bc, \u03c3\u00b2, \u03b3 and \u03b2; the last column is the engine\u2019s own z\u0303, and ' +
      'the two agree to within 0.0001 in every cell.',
    where: INDEX,
    figure: 'siblings axes',
    seeds: SEEDS,
    measure: axesSummary,
    check: (runs) => everySeed(runs, (s) => s.worstZTilde < 1e-4 && s.step === SIBLINGS_AXES.total),
  },
  {
    id: 'article.siblings.axes.unit',
    text: 'Whichever the axis, each set of cells that shares statistics comes out with mean 0 and variance ' +
      '\u03c3\u00b2/(\u03c3\u00b2 + \u03b5), which is 1 unless its cells hardly differ: every row under batch norm, ' +
      'every column under layer norm, every half-column under group norm (the lowest variance in seeds 1 to 5 is 0.94).',
    where: INDEX,
    figure: 'siblings axes',
    seeds: SEEDS,
    measure: axesSummary,
    check: (runs) => [...everySeed(runs, (s) => s.worstMean < 1e-4 && s.worstVar < 0.065),
      ...(within(Math.max(...runs.map((r) => r.data.worstVar)), 0.055, 0.065) ? [] : ['the lowest variance is not 0.94'])],
  },
  {
    id: 'article.siblings.race.caption',
    text: RACE_CAPTION,
    where: module('siblings-race'),
    figure: 'siblings race',
    seeds: [SIBLINGS_RACE.config.seed],
    fixedSeed: true,
    measure: (engine, seed) => {
      const s = engine.createSiblings({ ...SIBLINGS_RACE.config, batchSize: 2, seed });
      try {
        return { config: s.config, norms: s.norms };
      } finally {
        s.dispose();
      }
    },
    check: (runs) => [...settingsMatch(SIBLINGS_RACE.total === 3000 && SIBLINGS_RACE.sizes.join() === '1,2,4,16,64'),
      ...everySeed(runs, ({ config: c, norms }) => c.dataset === 'moons' && c.hidden.join() === '8,8,8,8' &&
        c.activation === 'sigmoid' && c.learningRate === 0.1 && c.normGroups === 2 && norms.join() === 'none,batch,layer,group')],
  },
  {
    id: 'article.siblings.race.none',
    text: 'Without normalization this network does not leave the plateau within 3,000 steps at any batch size: its ' +
      'loss stays at 0.68 to 0.71, chance level, in every seed.',
    where: INDEX,
    figure: 'siblings race',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => everySeed(runs, (s) => SIBLINGS_RACE.sizes.every((m) => within(s.loss[m].none, 0.675, 0.715))),
  },
  {
    id: 'article.siblings.race.small',
    text: 'At m = 4 layer norm reaches a loss of 0.03 or less in every seed (0.006 to 0.03), while batch norm ends at ' +
      '0.26 to 0.34: on this task small batches hurt batch norm and not layer norm.',
    where: INDEX,
    figure: 'siblings race',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => everySeed(runs, (s) => within(s.loss[4].layer, 0.005, 0.031) && within(s.loss[4].batch, 0.255, 0.345)),
  },
  {
    id: 'article.siblings.race.two',
    text: 'At m = 2 neither is reliable: batch norm ends at 0.54 to 0.65, layer norm anywhere from 0.24 to 0.70 ' +
      'depending on the seed.',
    where: INDEX,
    figure: 'siblings race',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => {
      const ln = runs.map((r) => r.data.loss[2].layer);
      return [...everySeed(runs, (s) => within(s.loss[2].batch, 0.535, 0.655) && within(s.loss[2].layer, 0.235, 0.705)),
        ...(Math.min(...ln) < 0.25 && Math.max(...ln) > 0.69 ? [] : [`layer norm at m = 2 spans only ${ln}`])];
    },
  },
  {
    id: 'article.siblings.race.large',
    text: 'With larger batches batch norm is the steady one: at m = 64 it reaches 0.002 to 0.003 in every seed and ' +
      'group norm 0.003 to 0.004, while layer norm gets below 0.012 in three seeds and stays at 0.15 to 0.17 in the ' +
      'other two.',
    where: INDEX,
    figure: 'siblings race',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => [
      ...everySeed(runs, (s) => within(s.loss[64].batch, 0.0015, 0.0035) && within(s.loss[64].group, 0.0025, 0.0045)),
      ...atLeast(3, runs, (s) => s.loss[64].layer < 0.012),
      ...(runs.filter(({ data: s }) => within(s.loss[64].layer, 0.145, 0.175)).length === 2 ? [] : ['not two seeds at 0.15 to 0.17']),
    ],
  },
  {
    id: 'article.siblings.race.one',
    text: 'At m = 1 the engine refuses batch norm and trains the other three, but on this network none of them ' +
      'learns much from one example at a time: after 3,000 steps group norm and the plain network are at chance in ' +
      'every seed, and layer norm in four seeds of five.',
    where: INDEX,
    figure: 'siblings race (a batch of one)',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => [
      ...everySeed(runs, (s) => /batchSize must be at least 2 when batch norm trains/.test(s.refused.batch ?? '') &&
        s.kept.join() === 'none,layer,group' && within(s.loss[1].group, 0.685, 0.715) && within(s.loss[1].none, 0.685, 0.715)),
      ...atLeast(4, runs, (s) => within(s.loss[1].layer, 0.685, 0.715)),
      ...(runs.every(({ data: s }) => within(s.loss[1].layer, 0.685, 0.715)) ? ['layer norm is at chance in all five'] : []),
    ],
  },
  {
    id: 'article.siblings.race.gap',
    text: 'For layer norm, group norm and the plain network the two columns are equal to the last digit, at every ' +
      'batch size and in every seed: they compute the same function in training and in inference. For batch norm ' +
      'they are not, but the gap runs the other way from the usual warning: at m = 4, 16 and 64 the running ' +
      'statistics give a lower loss than each batch\u2019s own in every seed, by 0.04 to 0.14 at m = 4 (training ' +
      'mode 0.35 to 0.45); at m = 2 the sign changes with the seed.',
    where: INDEX,
    figure: 'siblings race (table)',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => {
      const twoSigns = runs.map((r) => Math.sign(r.data.gap[2].batch));
      return [
        ...everySeed(runs, (s) => SIBLINGS_RACE.sizes.every((m) => ['none', 'layer', 'group'].every((n) => s.gap[m][n] === 0))),
        ...everySeed(runs, (s) => [4, 16, 64].every((m) => s.gap[m].batch < 0) && within(-s.gap[4].batch, 0.035, 0.145) &&
          within(s.training[4].batch, 0.345, 0.45)),
        ...(twoSigns.includes(1) && twoSigns.includes(-1) ? [] : [`m = 2 gaps all of one sign: ${twoSigns}`]),
      ];
    },
  },
];
