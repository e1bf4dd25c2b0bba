// Claims of the article's opening: the first screen, the lede, section 1 (the
// inputs) and section 2 (the moving target, covariate shift). See
// web/claims/ledger.js for the shape of a claim.

import { COVARIATE_SHIFT, DRIFT, HERO, INPUT_SCALING } from '../article/figure-settings.js';
import { stepsToConverge } from '../article/descent.js';
import { atLeast, everySeed, final, labRun, seeds } from './measure.js';
import { driftRun, heroLongRun, settingsMatch, stepBy, within, withTwin } from './article-measure.js';

const INDEX = [{ file: 'index.html' }];
const module = (name) => [{ module: `web/article/demos/${name}.js` }];
const fixed = (seed) => ({ seeds: [seed], fixedSeed: true });

/** The first screen's run at its horizon, recorded as the lab records it. */
function heroRun(engine, seed) {
  const run = labRun(engine, HERO.settings, { steps: HERO.horizon, seed });
  const plain = run.history.withoutBn.trainLoss;
  return {
    bnAt: run.history.firstStepBelow('withBn', HERO.target),
    bnFinal: final(run, 'withBn'),
    plainLowest: Math.min(...plain),
    plainFinal: final(run, 'withoutBn'),
  };
}

/** The two-weight model of section 1: curvature ratio, and the replayed descent at a step-size fraction. */
function inputScaling(engine, seed, { normalized, fraction }) {
  const model = engine.inputScaling({ seed });
  try {
    model.setNormalized(normalized);
    const s = model.summary();
    const path = model.descend(INPUT_SCALING.start[0], INPUT_SCALING.start[1], (fraction * 2) / s.lambdaMax,
      INPUT_SCALING.steps);
    const distances = Array.from({ length: INPUT_SCALING.steps + 1 },
      (_, k) => Math.hypot(path[2 * k] - s.w1, path[2 * k + 1] - s.w2));
    // w₂ − w₂*: its sign flips at every step when descent bounces between the steep walls.
    const offsets = Array.from({ length: 6 }, (_, k) => path[2 * k + 1] - s.w2);
    const flips = offsets.slice(1).filter((v, k) => Math.sign(v) !== Math.sign(offsets[k])).length;
    return { ratio: s.lambdaMax / s.lambdaMin, left: distances.at(-1) / distances[0],
      converged: stepsToConverge(distances, 0), flips };
  } finally {
    model.dispose();
  }
}

/** Accuracy of the covariate-shift figure's network on its training points and on test points moved by `amount`. */
function covariate(engine, seed, amount) {
  const shift = amount === 0 ? 'none' : COVARIATE_SHIFT.shift;
  return withTwin(engine, { ...COVARIATE_SHIFT.config, seed, shift, shiftAmount: amount }, (twin) => {
    stepBy(twin, COVARIATE_SHIFT.steps);
    const m = twin.metrics('running')[COVARIATE_SHIFT.net];
    return { train: m.trainAccuracy, test: m.testAccuracy, drop: m.trainAccuracy - m.testAccuracy };
  });
}

const width = ([p15, , p85]) => p85 - p15;
/** Over the probe batch, z̃'s mean is β and its spread |γ| (to float32 rounding). */
const setByBetaGamma = (u) => Math.abs(u.bnMean - u.beta) < 1e-3 &&
  Math.abs(u.bnStd - Math.abs(u.gamma)) < 1e-3 * Math.max(1, Math.abs(u.gamma));

export const OPENING_CLAIMS = [
  {
    id: 'article.hero.caption',
    text: 'Three sigmoid layers of 16 units (as in the paper\u2019s Figure 1) learn to tell a disc of points from ' +
      'the ring around it, twice: same initial weights, same mini-batches, with batch norm and without. The shading ' +
      'is what each network predicts: [[class1|green]] for the disc, [[class0|purple]] for the ring. With batch ' +
      'norm the loss falls below 0.1 within 300 steps; without, it stays at chance (0.69) for all 2,000 steps. ' +
      'Seeds 1 to 10 all look like this; this is seed 1.',
    where: module('hero'),
    figure: 'first screen (hero)',
    seeds: seeds(10),
    measure: heroRun,
    check: (runs) => [
      ...settingsMatch(HERO.settings.activation === 'sigmoid' && HERO.settings.hidden.join() === '16,16,16' &&
        HERO.horizon === 2000 && HERO.target === 0.1 && HERO.seed === 1 && HERO.settings.dataset === 'circles'),
      ...everySeed(runs, (d) => d.bnAt !== null && d.bnAt <= 300 && d.bnFinal < 0.1 && d.plainLowest >= 0.68),
    ],
  },
  {
    id: 'article.lede.payoff',
    text: 'In the network above it makes the difference between learning within a few hundred steps and not ' +
      'starting for thousands. It is not magic, though: without it, that network does learn in the end (between steps ' +
      '6,000 and 17,000 in 8 of 10 seeds), and then reaches a lower loss than with it.',
    where: INDEX,
    figure: 'first screen (hero), run on to 30,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => ({ ...heroRun(engine, seed), ...heroLongRun(engine, seed) }),
    check: (runs) => [
      ...everySeed(runs, (d) => d.bnAt <= 400 && d.plainLowest >= 0.68),
      ...atLeast(8, runs, (d) => within(d.plainLearnsAt, 6000, 17000) && d.plain < d.bn),
    ],
  },
  {
    id: 'article.inputs.steeper',
    text: 'A change in <span class="tex">w_2</span> then moves the prediction ten times more than the same change in ' +
      '<span class="tex">w_1</span>, and the loss a hundred times more: the loss surface is a hundred times steeper ' +
      'along <span class="tex">w_2</span>.',
    where: INDEX,
    figure: 'input scaling (raw inputs)',
    ...fixed(INPUT_SCALING.seed),
    measure: (engine, seed) => inputScaling(engine, seed, { normalized: false, fraction: INPUT_SCALING.fraction }),
    check: (runs) => everySeed(runs, (d) => within(d.ratio, 70, 140)),
  },
  {
    id: 'article.inputs.descent',
    text: 'Drawn over the two weights, the loss is a long, narrow valley. Gradient descent needs a step small enough ' +
      'not to overshoot across the steep walls; with that step it crawls along the gentle floor, bouncing from wall ' +
      'to wall. Subtract each feature\u2019s mean and divide by its standard deviation, and the valley becomes a round ' +
      'bowl: the gradient points at the minimum, and two or three well-sized steps get there (set the step size to 0.5).',
    where: INDEX,
    figure: 'input scaling',
    ...fixed(INPUT_SCALING.seed),
    measure: (engine, seed) => ({
      raw: inputScaling(engine, seed, { normalized: false, fraction: INPUT_SCALING.fraction }),
      normalized: inputScaling(engine, seed, { normalized: true, fraction: INPUT_SCALING.goodFraction }),
    }),
    // Raw: after all 40 steps more than a third of the way is left, and w₂ overshoots at every step.
    check: (runs) => everySeed(runs, (d) => d.raw.left > 0.33 && d.raw.flips === 5 &&
      d.normalized.converged >= 1 && d.normalized.converged <= 3),
  },
  {
    id: 'article.inputs.caption',
    text: 'Contour lines of the squared-error loss over the weights (w\u2081, w\u2082); \u00d7 marks the minimum. ' +
      'Gradient descent starts at the ring and takes 40 steps of size \u03b1; click or tap the plane to start from ' +
      'somewhere else. \u03b1 is a fraction of 2/\u03bb_max, the largest step that does not blow up along the steepest ' +
      'direction (curvature \u03bb_max). With raw inputs, that step is tiny along the gentle direction: after 40 steps ' +
      'more than a third of the way is still ahead.',
    where: module('input-scaling'),
    figure: 'input scaling',
    ...fixed(INPUT_SCALING.seed),
    measure: (engine, seed) => inputScaling(engine, seed, { normalized: false, fraction: INPUT_SCALING.fraction }),
    check: (runs) => [...settingsMatch(INPUT_SCALING.steps === 40), ...everySeed(runs, (d) => d.left > 0.33)],
  },
  {
    id: 'article.inputs.ratio',
    text: 'about 100 for the raw inputs, about 1 once they are normalized.',
    where: INDEX,
    figure: 'input scaling',
    ...fixed(INPUT_SCALING.seed),
    measure: (engine, seed) => ({
      raw: inputScaling(engine, seed, { normalized: false, fraction: 0.5 }).ratio,
      normalized: inputScaling(engine, seed, { normalized: true, fraction: 0.5 }).ratio,
    }),
    check: (runs) => everySeed(runs, (d) => within(d.raw, 70, 140) && within(d.normalized, 1, 1.5)),
  },
  {
    id: 'article.drift.text',
    text: 'The figure trains such a network without batch norm and follows one unit of its fourth layer over its ' +
      '200 training examples: the band spans the 15th to the 85th percentile of that unit\u2019s ' +
      '<span class="tex">\\htmlClass{sym-z}{z^{[4]}}</span>, the thick line is the median. It starts narrow and ' +
      'centred on 0; within a few hundred steps it is several times wider and its median has moved. Pick other ' +
      'units: every one of them drifts and widens.',
    where: INDEX,
    figure: 'drift (without BN)',
    ...fixed(DRIFT.config.seed),
    measure: driftRun,
    check: (runs) => everySeed(runs, ({ start, early, end, probeSize, trainSize }) => probeSize === 200 &&
      trainSize === 200 && start.every((u, k) => width(u.plain) < 1 && Math.abs(u.plain[1]) < 0.05 &&
        width(early[k].plain) > 3 * width(u.plain) && width(end[k].plain) > 3 * width(u.plain) &&
      Math.abs(end[k].plain[1]) > 0.2)),
  },
  {
    id: 'article.drift.caption',
    text: 'One unit of hidden layer 4 in a network of four tanh layers of 8 units (circles data, batches of 16, ' +
      'learning rate 0.3). The band spans the 15th to 85th percentile of the unit\u2019s input [[z|z]] = W\u00b7a over ' +
      'the 200 training examples; the thick line is the median. Without batch norm the band starts narrow, then widens ' +
      'several times over and moves off 0 while layers 1\u20133 learn. The faint dashed band is the same unit of the ' +
      'twin with batch norm (its input [[ztilde|z\u0303]]), trained on the same mini-batches: it moves too.',
    where: module('drift'),
    figure: 'drift',
    ...fixed(DRIFT.config.seed),
    measure: driftRun,
    check: (runs) => [
      ...settingsMatch(DRIFT.layer === 3 && DRIFT.config.hidden.join() === '8,8,8,8' &&
        DRIFT.config.activation === 'tanh' && DRIFT.config.learningRate === 0.3 && DRIFT.config.batchSize === 16 &&
        DRIFT.config.dataset === 'circles'),
      ...everySeed(runs, ({ start, end, probeSize }) => probeSize === 200 && start.every((u, k) =>
        width(end[k].plain) > 3 * width(u.plain) &&
        Math.abs(end[k].plain[1]) > 0.2) &&
        // "it moves too": in most units the BN band's median or an edge moves by 0.3 or more.
        start.filter((u, k) => u.bn.some((v, q) => Math.abs(end[k].bn[q] - v) >= 0.3)).length >= 6),
    ],
  },
  {
    id: 'article.drift.bn',
    text: 'Its input <span class="tex">\\htmlClass{sym-ztilde}{\\tilde z^{[4]}}</span> is not steady either: in ' +
      'unit 2, the one shown first, its upper edge climbs from about 1.2 to about 2.8. What batch norm changes is what ' +
      'sets the band: over a batch, the mean and the spread of <span class="tex">\\htmlClass{sym-ztilde}{\\tilde z}</span> ' +
      'are exactly <span class="tex">\\htmlClass{sym-beta}{\\beta}</span> and ' +
      '<span class="tex">\\htmlClass{sym-gamma}{\\gamma}</span>, two parameters of the layer itself, instead of a ' +
      'by-product of every weight in the layers below.',
    where: INDEX,
    figure: 'drift (the BN twin)',
    ...fixed(DRIFT.config.seed),
    measure: driftRun,
    check: (runs) => everySeed(runs, ({ start, end }) => within(start[DRIFT.unit].bn[2], 1.1, 1.3) &&
      within(end[DRIFT.unit].bn[2], 2.6, 3.0) &&
      end.every(setByBetaGamma)),
  },
  {
    id: 'article.covariate.text',
    text: 'The network trains on the filled points; the rings follow the very same labelling rule but come from a ' +
      'region the network never saw, and it gets many of them wrong. Drag the shift to zero and back.',
    where: INDEX,
    figure: 'covariate shift',
    ...fixed(COVARIATE_SHIFT.config.seed),
    measure: (engine, seed) => ({ shifted: covariate(engine, seed, COVARIATE_SHIFT.amount), same: covariate(engine, seed, 0) }),
    check: (runs) => everySeed(runs, (d) => d.shifted.drop > 0.2 && Math.abs(d.same.drop) <= 0.05),
  },
  {
    id: 'article.covariate.caption',
    text: 'A network of three tanh layers (no batch norm) trained for 800 steps on the filled points. Shading: its ' +
      'output, from class 0 to class 1. The rings are test points labelled by the same rule (which moon they belong ' +
      'to) but drawn from a moved or more spread-out input distribution: black cats in training, coloured cats at ' +
      'test time.',
    where: module('covariate-shift'),
    figure: 'covariate shift',
    ...fixed(COVARIATE_SHIFT.config.seed),
    measure: (engine, seed) => covariate(engine, seed, COVARIATE_SHIFT.amount),
    check: (runs) => [
      ...settingsMatch(COVARIATE_SHIFT.steps === 800 && COVARIATE_SHIFT.config.hidden.length === 3 &&
        COVARIATE_SHIFT.config.activation === 'tanh' && COVARIATE_SHIFT.net === 'withoutBn' &&
        COVARIATE_SHIFT.config.dataset === 'moons'),
      ...everySeed(runs, (d) => d.train > 0.9),
    ],
  },
  {
    id: 'article.covariate.drop',
    text: 'The rule did not change, yet accuracy falls by {points} points: the network never saw inputs from the new region.',
    where: module('covariate-shift'),
    figure: 'covariate shift (readout, shift above 0)',
    ...fixed(COVARIATE_SHIFT.config.seed),
    measure: (engine, seed) => [0.5, 1, COVARIATE_SHIFT.amount, 2, 3].map((a) => covariate(engine, seed, a)),
    // The sentence shows when accuracy drops by more than 5 points; at the figure's shift it drops by more than 20.
    check: (runs) => everySeed(runs, (d) => d[2].drop > 0.2 && d.at(-1).drop > 0.2),
  },
  {
    id: 'article.covariate.holds',
    text: 'With little or no shift, the test points look like the training points and accuracy holds.',
    where: module('covariate-shift'),
    figure: 'covariate shift (readout, shift 0)',
    ...fixed(COVARIATE_SHIFT.config.seed),
    measure: (engine, seed) => covariate(engine, seed, 0),
    check: (runs) => everySeed(runs, (d) => Math.abs(d.drop) <= 0.05),
  },
  {
    id: 'article.covariate.ics',
    text: 'Inside a deep network, Ioffe and Szegedy argued, every layer faces a milder version of this at every ' +
      'step, since the layers below it keep changing; they called it internal covariate shift, and explained batch ' +
      'norm as its cure: it pins the mean and variance of what each layer receives to values that the layer itself ' +
      'controls. That much the figure above confirms, with one caveat: what it pins moves too, as ' +
      '<span class="tex">\\htmlClass{sym-beta}{\\beta}</span> and <span class="tex">\\htmlClass{sym-gamma}{\\gamma}</span> ' +
      'learn. Whether removing the shift is why batch norm helps is another question; section 6 says what ' +
      'later experiments found.',
    where: INDEX,
    figure: 'drift (the BN twin, every unit)',
    seeds: seeds(5),
    measure: driftRun,
    // Over the probe batch, z̃'s mean is β and its spread γ, in every unit, at every seed; and β or γ move.
    check: (runs) => everySeed(runs, ({ end }) => end.every(setByBetaGamma) &&
      end.some((u) => Math.abs(u.beta) > 0.2 || Math.abs(u.gamma - 1) > 0.2)),
  },
];
