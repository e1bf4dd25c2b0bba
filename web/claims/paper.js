// Claims of the Figure 1 page (web/paper/index.html): what its panels show,
// checked on the page's own run (50,000 steps of both MNIST networks, seed 1,
// evaluated every 500 steps as the page's Workers do). The run takes about a
// minute, once for every claim here. See web/claims/ledger.js for the shape of
// a claim.

import { PAPER_ACCURACY } from '../paper/published.js';
import { defaultSettings } from '../paper/settings.js';
import { everySeed } from './measure.js';
import { cached, stepBy, within } from './article-measure.js';

const PAGE = [{ file: 'web/paper/index.html' }];
const NETS = ['withBn', 'withoutBn'];
const { steps: STEPS, every: EVERY, seed: SEED } = defaultSettings();

/** The digits file, read in Node (the claims run there; the page fetches it). */
async function digits() {
  // Specifiers computed at run time: a bundler cannot follow them, so the pages that bundle the ledger never pull in
  // Node's modules (this only ever runs in Node, in tests/web/claims.test.mjs).
  const specifier = (...parts) => parts.join('');
  const { ROOT } = await import(specifier('../../tests/node/', 'helpers.mjs'));
  const { readFileSync } = await import(specifier('node:', 'fs'));
  return new Uint8Array(readFileSync(`${ROOT}web/data/mnist-10k.bin`));
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
          point[net] = { accuracy: twin.metrics('running', net)[net].testAccuracy, p15, p50, p85 };
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

export const PAPER_CLAIMS = [
  {
    id: 'paper.lede.panels',
    text: 'Without BN the median of that input falls from near 0 to about \u22123, and its spread keeps widening as ' +
      'the layers below it learn. With BN the median stays within 0.35 of 0, but the spread still changes: it ' +
      'doubles, from about 2 to about 4.',
    where: PAGE,
    figure: 'paper Figure 1, panels (b) and (c)',
    seeds: [SEED],
    fixedSeed: true,
    measure: paperRun,
    check: (runs) => everySeed(runs, (points) => {
      const plain = points.map((p) => p.withoutBn);
      const bn = points.map((p) => p.withBn);
      const widening = [10000, 20000, 30000, 40000, 50000].map((s) => spread(at(points, s).withoutBn));
      return Math.abs(plain[0].p50) < 0.5 && within(plain.at(-1).p50, -3.5, -2.5) &&
        widening.every((w, k) => k === 0 || w > widening[k - 1]) &&
        bn.every((p) => Math.abs(p.p50) <= 0.35) && within(spread(bn[0]), 1.8, 2.3) && within(spread(bn.at(-1)), 3.7, 4.5);
    }, (points) => JSON.stringify([points[0], points.at(-1)])),
  },
  {
    id: 'paper.lede.accuracy',
    text: 'With BN the test accuracy is ahead at every evaluation: 0.93 against 0.52 after 2,500 steps, 0.95 against ' +
      '0.93 after 50,000. The paper\u2019s published curves (faint) end higher, at 0.982 and 0.972: it trained on all ' +
      '60,000 MNIST digits, we on 8,000.',
    where: PAGE,
    figure: 'paper Figure 1, panel (a)',
    seeds: [SEED],
    fixedSeed: true,
    measure: paperRun,
    check: (runs) => everySeed(runs, (points) => {
      const early = at(points, 2500);
      const end = points.at(-1);
      return points.slice(1).every((p) => p.withBn.accuracy > p.withoutBn.accuracy) &&
        Math.abs(early.withBn.accuracy - 0.93) < 0.006 && Math.abs(early.withoutBn.accuracy - 0.52) < 0.01 &&
        Math.abs(end.withBn.accuracy - 0.95) < 0.006 && Math.abs(end.withoutBn.accuracy - 0.93) < 0.006 &&
        PAPER_ACCURACY.withBn.accuracy.at(-1) === 0.982 && PAPER_ACCURACY.withoutBn.accuracy.at(-1) === 0.972 &&
        NETS.every((n) => PAPER_ACCURACY[n].accuracy.at(-1) > end[n].accuracy);
    }, (points) => JSON.stringify([at(points, 2500), points.at(-1)])),
  },
];
