// Claims of the article's section 6 (at test time). (The captions inside the
// lab are the lab's claims: web/claims/lab.js.) See web/claims/ledger.js for
// the shape of a claim.

import { TEST_TIME } from '../article/figure-settings.js';
import { defaults, engineConfig } from '../state.js';
import { everySeed, seeds } from './measure.js';
import { settingsMatch, stepBy, withTwin } from './article-measure.js';

const INDEX = [{ file: 'index.html' }];
const module = (name) => [{ module: `web/article/demos/${name}.js` }];
// The figure is fixed to seed 6; the claims about it hold for the seeds around it too.
const TT_SEEDS = [TEST_TIME.config.seed, 1, 2, 3, 4, 5];

/** Test accuracy of the figure's BN network with running and with batch statistics, after `steps` at momentum ρ. */
function accuracies(engine, seed, momentum, steps) {
  return withTwin(engine, { ...TEST_TIME.config, seed, bnMomentum: momentum }, (twin) => {
    stepBy(twin, steps);
    return { running: twin.metrics('running').withBn.testAccuracy, batch: twin.metrics('batch').withBn.testAccuracy };
  });
}

/** The engine on a batch of one: refused in training, fine at inference (running statistics). */
function batchOfOne(engine, seed) {
  let message = null;
  try {
    engine.createTwin({ ...TEST_TIME.config, seed, batchSize: 1 }).dispose();
  } catch (e) {
    message = e.message;
  }
  const z = [0.7 * seed];
  // Batch statistics of one example (as a 2-example batch of the same value): σ²_B = 0, so every z̃ is β.
  const same = engine.batchNorm({ z: [z[0], z[0]], features: 1, gamma: [1.3], beta: [0.25], mode: 'batch' });
  const inference = engine.batchNorm({ z, features: 1, gamma: [1.3], beta: [0.25], runningMean: [0.1], runningVar: [2],
    mode: 'eval' });
  const expected = (1.3 * (z[0] - 0.1)) / Math.sqrt(2 + 1e-5) + 0.25; // γ·(z − μ_run)/√(σ²_run + ε) + β
  return { message, zTilde: [...same.zTilde], inferenceGap: Math.abs(inference.zTilde[0] - expected) };
}

export const TEST_TIME_CLAIMS = [
  {
    id: 'article.testtime.one',
    text: 'A trained network often predicts one example at a time, and a "batch" of one has no meaningful mean or ' +
      'variance (its variance is zero, and every output would be <span class="tex">\\htmlClass{sym-beta}{\\beta}</span>).',
    where: INDEX,
    figure: 'the engine\u2019s BN layer on identical examples',
    seeds: seeds(5),
    measure: batchOfOne,
    check: (runs) => everySeed(runs, (d) => d.zTilde.every((v) => Math.abs(v - 0.25) < 1e-6)),
  },
  {
    id: 'article.testtime.momentum',
    text: 'with momentum <span class="tex">\\rho = 0.1</span>, PyTorch\u2019s default. Keras writes the same average ' +
      'the other way round, its momentum being the weight of the old value, ' +
      '<span class="tex">1 - \\rho</span>: its default 0.99 means <span class="tex">\\rho = 0.01</span>, the slowest ' +
      'setting in the figure.',
    where: INDEX,
    figure: 'test time (momentum choices)',
    seeds: [TEST_TIME.config.seed],
    fixedSeed: true,
    measure: () => null,
    check: () => settingsMatch(Math.min(...TEST_TIME.momenta) === 0.01 && TEST_TIME.momenta.includes(0.1) &&
      engineConfig(defaults()).bnMomentum === 0.1),
  },
  {
    id: 'article.testtime.chase',
    text: 'In the figure, watch the running averages chase the statistics of the data as the weights change.',
    where: INDEX,
    figure: 'test time (momentum 0.1)',
    seeds: TT_SEEDS,
    // The unit's mean over the training examples moves far from 0; the running mean, which starts at 0, follows it.
    measure: (engine, seed) => withTwin(engine, { ...TEST_TIME.config, seed, bnMomentum: TEST_TIME.momentum }, (twin) => {
      stepBy(twin, TEST_TIME.total);
      twin.refreshProbes();
      const p = twin.probe('withBn', TEST_TIME.layer);
      return { running: p.runningMean[TEST_TIME.unit], data: p.batchMean[TEST_TIME.unit] };
    }),
    check: (runs) => everySeed(runs, (d) => Math.abs(d.data) > 1 && Math.abs(d.running - d.data) < 0.15),
  },
  {
    id: 'article.testtime.lag',
    text: 'With <span class="tex">\\rho = 0.01</span> they lag far behind: around step 100 the boundary computed ' +
      'with them is no better than a coin toss (test accuracy near 50%), although the same network run with batch ' +
      'statistics already gets 90% or more of the test points right. With <span class="tex">\\rho = 0.1</span> the ' +
      'two agree within a few points by then.',
    where: INDEX,
    figure: 'test time',
    seeds: TT_SEEDS,
    measure: (engine, seed) => ({ slow: accuracies(engine, seed, 0.01, 100), usual: accuracies(engine, seed, 0.1, 100) }),
    check: (runs) => everySeed(runs, ({ slow, usual }) => slow.running <= 0.6 && slow.batch >= 0.9 &&
      Math.abs(usual.running - usual.batch) <= 0.05),
  },
  {
    id: 'article.testtime.caption',
    text: 'Hidden layer 2, unit 6 of a network with batch norm (two tanh layers of 8, circles data, batches of 16). ' +
      'Dots: the mean [[mu|\u03bc_B]] and variance [[var|\u03c3\u00b2_B]] of each training mini-batch. Solid lines: ' +
      'the running averages, which start at 0 and 1 and are updated after every step with momentum \u03c1. Dashed: ' +
      'the same statistics over all 200 training examples, the \u201ctrue\u201d values for the current weights. Below: the ' +
      'network\u2019s decision boundary computed with either set of statistics.',
    where: module('test-time'),
    figure: 'test time',
    seeds: [TEST_TIME.config.seed],
    fixedSeed: true,
    measure: (engine, seed) => withTwin(engine, { ...TEST_TIME.config, seed }, (twin) => {
      twin.refreshProbes();
      const p = twin.probe('withBn', TEST_TIME.layer);
      return { mean: [...p.runningMean], var: [...p.runningVar], probe: twin.probeSize };
    }),
    check: (runs) => [
      ...settingsMatch(TEST_TIME.layer === 1 && TEST_TIME.unit === 5 && TEST_TIME.config.hidden.join() === '8,8' &&
        TEST_TIME.config.batchSize === 16 && TEST_TIME.config.activation === 'tanh'),
      ...everySeed(runs, (d) => d.probe === 200 && d.mean.every((v) => v === 0) && d.var.every((v) => v === 1)),
    ],
  },
  {
    id: 'article.testtime.batch-one',
    text: 'The engine refuses: \u201c{message}\u201d. With one example, \u03bc_B = z and \u03c3\u00b2_B = 0, so ' +
      'z_norm = 0 and every output would be \u03b2. At inference a single example is fine: it uses the running ' +
      'statistics, as the boundary above does point by point.',
    where: module('test-time'),
    figure: 'test time (batch of one button)',
    seeds: seeds(5),
    measure: batchOfOne,
    check: (runs) => everySeed(runs, (d) => typeof d.message === 'string' && /batch/i.test(d.message) &&
      d.zTilde.every((v) => Math.abs(v - 0.25) < 1e-6) && d.inferenceGap < 1e-5),
  },
];
