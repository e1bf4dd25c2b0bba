// Claims of the Figure 1 page (web/paper/index.html): what its panels show,
// checked on the page's own run (50,000 steps of both MNIST networks on the
// paper's split, 60,000 training and 10,000 test digits, seed 1, evaluated
// every 500 steps as the page's Workers do), and on seeds 1 to 5 at the steps
// of the page's table. Every run takes a few minutes in WebAssembly. See web/claims/ledger.js for the shape of
// a claim.

import { PAPER_ACCURACY, paperAccuracyAt } from '../paper/published.js';
import { defaultSettings } from '../paper/settings.js';
import { everySeed, seeds } from './measure.js';
import { cached, stepBy, within } from './article-measure.js';

const PAGE = [{ file: 'web/paper/index.html' }];
const NETS = ['withBn', 'withoutBn'];
const { steps: STEPS, every: EVERY, seed: SEED } = defaultSettings();

/** The paper's split (web/data/mnist-70k.bin), read in Node (the claims run there; the page fetches its gzip copy). */
async function digits() {
  // Specifiers computed at run time: a bundler cannot follow them, so the pages that bundle the ledger never pull in
  // Node's modules (this only ever runs in Node, in tests/web/claims.test.mjs).
  const specifier = (...parts) => parts.join('');
  const { ROOT } = await import(specifier('../../tests/node/', 'helpers.mjs'));
  const { readFileSync } = await import(specifier('node:', 'fs'));
  return new Uint8Array(readFileSync(`${ROOT}web/data/mnist-70k.bin`));
}

/**
 * The page's run: at every evaluation step, each network's test accuracy and
 * the 15th, 50th, 85th percentiles of the probed sigmoid's input (last hidden layer).
 */
export function paperRun(engine, seed) {
  return cached(engine, `paper:${seed}`, async () => {
    const twin = engine.createTwin({ dataset: 'mnist', seed }, { mnist: await digits() });
    try {
      const last = twin.numHidden - 1;
      const points = [];
      for (let step = 0; step <= STEPS; step += EVERY) {
        if (step) stepBy(twin, EVERY);
        twin.refreshProbes();
        const point = { step };
        for (const net of NETS) {
          const [p15, p50, p85] = twin.percentiles(net).slice(3 * last, 3 * last + 3);
          point[net] = { accuracy: twin.testMetrics('running', net)[net].testAccuracy, p15, p50, p85 };
        }
        points.push(point);
      }
      return points;
    } finally {
      twin.dispose();
    }
  });
}

const at = (points, step) => points.find((p) => p.step === step);
const spread = (p) => p.p85 - p.p15;

/** The steps of the page's and the README's table of seeds. */
export const TABLE_STEPS = Object.freeze([5000, 10000, 20000, 50000]);

/**
 * Test accuracy of both nets at TABLE_STEPS only (evaluating changes no
 * weight, so these are the numbers of the page's run at those steps; seed 1
 * reads them off that run).
 */
export function paperTable(engine, seed) {
  if (seed === SEED) return paperRun(engine, seed).then((points) => TABLE_STEPS.map((s) => at(points, s)));
  return cached(engine, `paper-table:${seed}`, async () => {
    const twin = engine.createTwin({ dataset: 'mnist', seed }, { mnist: await digits() });
    try {
      let done = 0;
      return TABLE_STEPS.map((step) => {
        stepBy(twin, step - done);
        done = step;
        const m = twin.testMetrics('running');  // test accuracy only, as the page's Workers (no pass over the train set)
        return { step, withBn: { accuracy: m.withBn.testAccuracy }, withoutBn: { accuracy: m.withoutBn.testAccuracy } };
      });
    } finally {
      twin.dispose();
    }
  });
}

const paperEnd = (net) => PAPER_ACCURACY[net].accuracy.at(-1);

export const PAPER_CLAIMS = [
  {
    id: 'paper.lede.accuracy',
    text: 'With BN the test accuracy is ahead at every evaluation: 0.95 against 0.51 after 2,500 steps, 0.98 against ' +
      '0.975 after 50,000, within a point of the paper\u2019s published 0.982 and 0.972 (drawn faintly), which trained ' +
      'on the same 60,000 digits.',
    where: PAGE,
    figure: 'paper Figure 1, panel (a)',
    seeds: [SEED],
    fixedSeed: true,
    measure: paperRun,
    check: (runs) => everySeed(runs, (points) => {
      const early = at(points, 2500);
      const end = points.at(-1);
      return points.slice(1).every((p) => p.withBn.accuracy > p.withoutBn.accuracy) &&
        Math.abs(early.withBn.accuracy - 0.95) < 0.006 && Math.abs(early.withoutBn.accuracy - 0.51) < 0.03 &&
        Math.abs(end.withBn.accuracy - 0.98) < 0.005 && Math.abs(end.withoutBn.accuracy - 0.975) < 0.003 &&
        paperEnd('withBn') === 0.982 && paperEnd('withoutBn') === 0.972 &&
        NETS.every((n) => Math.abs(paperEnd(n) - end[n].accuracy) <= 0.01);
    }, (points) => JSON.stringify([at(points, 2500), points.at(-1)])),
  },
  {
    id: 'paper.lede.panels',
    text: 'Without BN the median of that input first falls to about \u22122.5 (by 1,000 steps), then swings back up and ' +
      'ends near +1, while its spread keeps widening, to about 9, as the layers below it learn. With BN the median ' +
      'stays within 0.4 of 0, but the spread still changes: it more than doubles, from about 2 to about 5.',
    where: PAGE,
    figure: 'paper Figure 1, panels (b) and (c)',
    seeds: [SEED],
    fixedSeed: true,
    measure: paperRun,
    check: (runs) => everySeed(runs, (points) => {
      const plain = points.map((p) => p.withoutBn);
      const bn = points.map((p) => p.withBn);
      const widening = [10000, 20000, 30000, 40000, 50000].map((s) => spread(at(points, s).withoutBn));
      return Math.abs(plain[0].p50) < 0.5 && within(at(points, 1000).withoutBn.p50, -3, -2) &&
        within(plain.at(-1).p50, 0.6, 1.5) && widening.every((w, k) => k === 0 || w > widening[k - 1]) &&
        within(spread(plain.at(-1)), 8, 10) &&
        bn.every((p) => Math.abs(p.p50) <= 0.4) && within(spread(bn[0]), 1.8, 2.3) &&
        within(spread(bn.at(-1)), 4.5, 5.5) && spread(bn.at(-1)) > 2 * spread(bn[0]);
    }, (points) => JSON.stringify([points[0], at(points, 1000), points.at(-1)])),
  },
  {
    id: 'paper.seeds.table',
    text: 'Over seeds 1 to 5 the net with BN is ahead at 5,000, 10,000, 20,000 and 50,000 steps, and at 50,000 steps ' +
      'both nets are within a point of the paper\u2019s values.',
    where: [...PAGE, { file: 'README.md' }],
    figure: 'paper Figure 1, table of seeds',
    seeds: seeds(5),
    measure: paperTable,
    check: (runs) => everySeed(runs, (table) => {
      const end = table.at(-1);
      return table.every((p) => p.withBn.accuracy > p.withoutBn.accuracy) &&
        NETS.every((n) => Math.abs(end[n].accuracy - paperAccuracyAt(n, Math.min(50000, PAPER_ACCURACY[n].steps.at(-1)))) <= 0.01);
    }, (table) => JSON.stringify(table)),
  },
];
