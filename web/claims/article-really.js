// Claims of the article's section 6 (what batch norm really does: the race
// with noisy BN, the landscape along the gradient, batch coupling). The runs
// are the figures' own (web/article/really-plan.js at the settings of
// web/article/figure-settings.js), cached per seed. See web/claims/ledger.js
// for the shape of a claim.

import { COUPLING, REALLY, REALLY_BOTH_LEARN } from '../article/figure-settings.js';
import { couplingValues, fullRun, median, medianMove } from '../article/really-plan.js';
import { atLeast, everySeed, seeds } from './measure.js';
import { cached, settingsMatch, stepBy, withTwin, within } from './article-measure.js';

const INDEX = [{ file: 'index.html' }];
const module = (name) => [{ module: `web/article/demos/${name}.js` }];
const SEEDS = seeds(5); // the figures' seed pickers offer 1 to 5

/** A whole run of a plan (race every 25 steps, landscape probes every 50) at ν = plan.noise; cached. */
const run = (engine, plan, seed, total = plan.total) => cached(engine, `really:${JSON.stringify(plan.config)}:${seed}`,
  () => fullRun(engine, plan, { seed, noise: plan.noise, total, every: REALLY.every, etas: REALLY.etas,
    probeEvery: REALLY.probeEvery }));
const figureRun = (engine, seed) => run(engine, REALLY, seed);
const bothRun = (engine, seed) => run(engine, REALLY_BOTH_LEARN, seed);

/** Median β_eff of a net's probes that satisfy `where`. */
const beta = (rows, where = () => true) => median(rows.filter(where).map((r) => r.betaEff));

/** The figure's race, reduced to what the sentences say. */
function raceSummary(engine, seed) {
  const { race, ribbons, skipped } = figureRun(engine, seed);
  const early = (r) => r.step <= 500;
  return {
    reached: { plain: race.plain.reached, bn: race.bn.reached, noisy: race.noisy.reached },
    finalPlain: race.plain.loss.at(-1),
    moves: { plain: medianMove(race.plain.p50), bn: medianMove(race.bn.p50), noisy: medianMove(race.noisy.p50) },
    beta: { bn: beta(ribbons.bn), plain: beta(ribbons.plain) },
    betaEarly: beta(ribbons.bn, early),
    betaLate: beta(ribbons.bn, (r) => !early(r)),
    gradDiff: { bn: median(ribbons.bn.map((r) => r.gradDiff)), plain: median(ribbons.plain.map((r) => r.gradDiff)) },
    skipped: skipped.bn + skipped.plain,
  };
}

/** The second network's run: reach steps and β_eff over the run and where both losses are low. */
function bothSummary(engine, seed) {
  const { race, ribbons } = bothRun(engine, seed);
  const low = (r) => r.loss0 < REALLY_BOTH_LEARN.matchedBelow;
  return {
    reached: { plain: race.plain.reached, bn: race.bn.reached, noisy: race.noisy.reached },
    beta: { bn: beta(ribbons.bn), plain: beta(ribbons.plain) },
    matched: { bn: beta(ribbons.bn, low), plain: beta(ribbons.plain, low),
      probes: Math.min(ribbons.bn.filter(low).length, ribbons.plain.filter(low).length) },
  };
}

/** The first step (every `every`) at which one net of the figure's network reaches `target`, or null within `total`. */
function reachAlone(engine, seed, { net, noise = 0, total, every }) {
  return cached(engine, `really-alone:${net}:${noise}:${total}:${seed}`, () =>
    withTwin(engine, { ...REALLY.config, seed, bnNoise: noise, trainOnly: net }, (twin) => {
      for (let s = every; s <= total; s += every) {
        stepBy(twin, every);
        if (twin.metrics('running', net)[net].trainLoss <= REALLY.target) return s;
      }
      return null;
    }));
}

/** Moves the coupling figure's first example by (0.5, 0): how far the other examples' values move, per net. */
function coupling(engine, seed) {
  return withTwin(engine, { ...COUPLING.config, seed }, (twin) => {
    twin.step(COUPLING.warmUp);
    const { x } = twin.lastBatch();
    const k = COUPLING.example;
    const at = [x[2 * k], x[2 * k + 1]];
    const moved = {};
    for (const net of ['withBn', 'withoutBn']) {
      const a = couplingValues(twin, net, COUPLING, k, at);
      const b = couplingValues(twin, net, COUPLING, k, [at[0] + 0.5, at[1]]);
      moved[net] = { others: Math.max(...a.map((v, j) => (j === k ? 0 : Math.abs(v - b[j])))), self: Math.abs(a[k] - b[k]) };
    }
    return moved;
  });
}

const RACE_CAPTION = 'Three copies of one network (four sigmoid layers of 8 units, moons data, batches of 64, ' +
  'learning rate 0.1) train from the same initial weights on the same mini-batches: without batch norm, with it, and ' +
  'with it plus noise \u03bd after every batch-norm layer. Top: training loss (log scale; a dot where it first ' +
  'reaches 0.1). Below: the 15th, 50th and 85th percentiles of unit 1 of layer 4 over 200 training examples, as the ' +
  'next activation receives it ([[z|z]] without batch norm, [[ztilde|z\u0303]] with it, after the noise in the noisy ' +
  'network), every 25 steps, ' +
  'each panel on its own scale.';

const LANDSCAPE_CAPTION = 'The network of the race above, with and without batch norm. Every k steps each one is ' +
  'probed on its last mini-batch: its gradient g, then for step sizes \u03b7 = 0.05, 0.1, 0.2, 0.4 and 0.8 (half the ' +
  'learning rate to eight times it) the loss L(W \u2212 \u03b7\u00b7g) and the gradient there. Top: the range of ' +
  'those losses (a wide ribbon: the loss changes a lot along the step). Middle: the largest change of the gradient. ' +
  'Bottom: the effective \u03b2-smoothness, the largest change of the gradient per unit of distance moved. Probing ' +
  'leaves the run exactly as it was. A probe whose numbers overflowed would be left out and counted below.';

const COUPLING_CAPTION = 'The last mini-batch (16 examples of the circles data) of a network with two tanh layers of ' +
  '8 units after 100 training steps, with and without batch norm. Beside it (below it on a phone): for every example, unit 1 of layer 1 \u2014 ' +
  '[[znorm|z_norm]] with batch norm, [[z|z]] without \u2014 as a ring where it was in the real batch and a dot where ' +
  'it is with the picked example moved. The weights do not change; only the batch does.';

export const REALLY_CLAIMS = [
  {
    id: 'article.really.race.caption',
    text: RACE_CAPTION,
    where: module('really-race'),
    figure: 'really race',
    seeds: SEEDS,
    measure: (engine, seed) => withTwin(engine, { ...REALLY.config, seed }, (twin) => ({
      config: twin.config, probeSize: twin.probeSize })),
    check: (runs) => [
      ...settingsMatch(REALLY.layer === 3 && REALLY.unit === 0 && REALLY.every === 25 && REALLY.target === 0.1),
      ...everySeed(runs, ({ config: c, probeSize }) => c.dataset === 'moons' && c.hidden.join() === '8,8,8,8' &&
        c.activation === 'sigmoid' && c.batchSize === 64 && c.learningRate === 0.1 && probeSize === 200),
    ],
  },
  {
    id: 'article.really.race.result',
    text: 'In each of seeds 1 to 5, with batch norm the network reaches a training loss of 0.1 after 250 to 400 ' +
      'steps, and with the noise (\u03bd = 1) after 625 to 900; without batch norm it is still at chance, a loss of ' +
      'about 0.69, after 1,500 steps.',
    where: INDEX,
    figure: 'really race',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => [...settingsMatch(REALLY.noise === 1 && REALLY.total === 1500),
      ...everySeed(runs, (s) => within(s.reached.bn, 250, 400) && within(s.reached.noisy, 625, 900) &&
        s.reached.plain === null && within(s.finalPlain, 0.685, 0.695))],
  },
  {
    id: 'article.really.race.move',
    text: 'Yet the noisy network\u2019s unit is the one that jumps: from one record to the next its median moves by ' +
      '0.7 to 1 (the median over the run), with batch norm alone by 0.009 to 0.07, and without batch norm by less ' +
      'than 0.004.',
    where: INDEX,
    figure: 'really race (bands)',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => everySeed(runs, ({ moves: m }) => within(m.noisy, 0.65, 1.05) && within(m.bn, 0.0085, 0.075) &&
      m.plain < 0.004),
  },
  {
    id: 'article.really.race.later',
    text: 'The network without batch norm does learn this problem, but late or not at all: in seeds 3 to 5 it ' +
      'reaches 0.1 after 9,000 to 12,750 steps, in seeds 1 and 2 not within 20,000.',
    where: INDEX,
    figure: 'really race, longer',
    seeds: SEEDS,
    measure: (engine, seed) => reachAlone(engine, seed, { net: 'withoutBn', total: 20000, every: 250 }),
    check: (runs) => everySeed(runs, (r, seed) => (seed <= 2 ? r === null : within(r, 9000, 12750))),
  },
  {
    id: 'article.really.race.nu2',
    text: 'Turn \u03bd up to 2 and it no longer reaches 0.1 within 1,500 steps in any of the five seeds.',
    where: INDEX,
    figure: 'really race (noise slider)',
    seeds: SEEDS,
    measure: (engine, seed) => reachAlone(engine, seed, { net: 'withBn', noise: 2, total: REALLY.total, every: REALLY.every }),
    check: (runs) => everySeed(runs, (r) => r === null),
  },
  {
    id: 'article.really.race.cost',
    text: 'The noise is not free here, as it nearly was for Santurkar et al.: the noisy network needs 2 to 3 times ' +
      'as many steps as the one with batch norm alone.',
    where: INDEX,
    figure: 'really race',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => everySeed(runs, ({ reached: r }) => within(r.noisy / r.bn, 1.9, 3.05)),
  },
  {
    id: 'article.really.landscape.caption',
    text: LANDSCAPE_CAPTION,
    where: module('really-landscape'),
    figure: 'really landscape',
    seeds: SEEDS,
    measure: (engine, seed) => figureRun(engine, seed).skipped,
    check: (runs) => settingsMatch(REALLY.etas.join() === '0.05,0.1,0.2,0.4,0.8' &&
      REALLY.etas[0] === REALLY.config.learningRate / 2 && REALLY.etas.at(-1) === 8 * REALLY.config.learningRate),
  },
  {
    id: 'article.really.landscape.result',
    text: 'Here it comes out the other way round. Over the run (a probe every 50 steps, seeds 1 to 5), the median ' +
      '\u03b2_eff is 2.9 to 4 with batch norm and 0.8 to 0.9 without, and the largest change of the gradient is 3 ' +
      'to 6 times larger with batch norm. No probe overflowed.',
    where: INDEX,
    figure: 'really landscape',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => [...settingsMatch(REALLY.probeEvery === 50),
      ...everySeed(runs, (s) => within(s.beta.bn, 2.9, 4) && within(s.beta.plain, 0.8, 0.9) &&
        within(s.gradDiff.bn / s.gradDiff.plain, 2.9, 6) && s.skipped === 0)],
  },
  {
    id: 'article.really.landscape.phase',
    text: 'With batch norm \u03b2_eff is largest early, while the loss falls fast (a median of 6 to 21 over the ' +
      'first 500 steps), and settles at 2.4 to 3.1 after.',
    where: INDEX,
    figure: 'really landscape',
    seeds: SEEDS,
    measure: raceSummary,
    check: (runs) => everySeed(runs, (s) => within(s.betaEarly, 6, 21.5) && within(s.betaLate, 2.35, 3.1)),
  },
  {
    id: 'article.really.landscape.matched',
    text: 'So we repeated the measurement on a network where both learn (six tanh layers of 8 units on the circles ' +
      'data, batches of 32, learning rate 0.1, 3,000 steps, the same probes). There the median \u03b2_eff is 2.7 to ' +
      '3.5 with batch norm and 0.4 to 1.1 without; compared at matched loss instead of matched step, over the probes ' +
      'where the loss is below 0.03 for both, it is 2.1 to 2.8 with batch norm and 0.3 to 0.9 without.',
    where: INDEX,
    figure: 'really landscape (the text\u2019s second network)',
    seeds: SEEDS,
    measure: bothSummary,
    check: (runs) => [
      ...settingsMatch(REALLY_BOTH_LEARN.total === 3000 && REALLY_BOTH_LEARN.matchedBelow === 0.03 &&
        REALLY_BOTH_LEARN.config.batchSize === 32 && REALLY_BOTH_LEARN.config.hidden.join() === '8,8,8,8,8,8'),
      ...everySeed(runs, (s) => within(s.beta.bn, 2.7, 3.5) && within(s.beta.plain, 0.4, 1.1) &&
        within(s.matched.bn, 2.05, 2.8) && within(s.matched.plain, 0.3, 0.9) && s.matched.probes >= 20),
    ],
  },
  {
    id: 'article.really.both.race',
    text: 'On that network the noise costs more: the noisy network reaches 0.1 after 375 to 775 steps, the one ' +
      'without batch norm after 225 to 475, and the noisy one is the slower of the two in four seeds of five.',
    where: INDEX,
    figure: 'the text\u2019s second network',
    seeds: SEEDS,
    measure: bothSummary,
    check: (runs) => [
      ...everySeed(runs, ({ reached: r }) => within(r.noisy, 375, 775) && within(r.plain, 225, 475)),
      ...atLeast(4, runs, ({ reached: r }) => r.noisy > r.plain),
      ...(runs.filter(({ data: { reached: r } }) => r.noisy > r.plain).length === 4 ? [] : ['not exactly four seeds']),
    ],
  },
  {
    id: 'article.really.coupling.caption',
    text: COUPLING_CAPTION,
    where: module('really-coupling'),
    figure: 'really coupling',
    seeds: [COUPLING.config.seed],
    fixedSeed: true,
    measure: (engine, seed) => withTwin(engine, { ...COUPLING.config, seed }, (twin) => {
      twin.step(COUPLING.warmUp);
      return { m: twin.lastBatch().y.length, config: twin.config };
    }),
    check: (runs) => [...settingsMatch(COUPLING.warmUp === 100 && COUPLING.layer === 0 && COUPLING.unit === 0),
      ...everySeed(runs, ({ m, config: c }) => m === 16 && c.dataset === 'circles' && c.hidden.join() === '8,8' &&
        c.activation === 'tanh')],
  },
  {
    id: 'article.really.coupling.text',
    text: 'Move one example and, with batch norm, every other example\u2019s z_norm moves with it; without batch ' +
      'norm the others\u2019 z stay exactly where they were.',
    where: INDEX,
    figure: 'really coupling',
    seeds: SEEDS,
    measure: coupling,
    check: (runs) => everySeed(runs, ({ withBn, withoutBn }) => withBn.others > 1e-3 && withoutBn.others === 0 &&
      withoutBn.self > 0),
  },
  {
    id: 'article.really.coupling.one',
    text: 'The engine refuses a batch of one when batch norm trains.',
    where: INDEX,
    figure: 'really coupling',
    seeds: [COUPLING.config.seed],
    fixedSeed: true,
    measure: (engine) => {
      try {
        engine.createTwin({ ...COUPLING.config, batchSize: 1 }).dispose();
        return 'accepted';
      } catch (e) {
        return e.message;
      }
    },
    check: (runs) => everySeed(runs, (m) => /batchSize must be at least 2/.test(m)),
  },
];
