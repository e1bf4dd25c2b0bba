// Claims about the lab (index.html#lab, web/lab/): its presets' sentences, its
// caption of the histograms, its race readout, and the README's sentences
// about the lab's results. See web/claims/ledger.js for the shape of a claim.
//
// The horizon is 20,000 steps: what the lab shows after about 30 s of play at
// its default speed (10 steps per frame at up to 60 frames per second).

import { TWINS } from '../engine-config.js';
import { preset } from '../lab/presets.js';
import { raceReadout, standing, lossText } from '../lab/readout.js';
import { landscapeInterval } from '../lab/history.js';
import { LANDSCAPE_STEP_FACTORS } from '../lab/landscape.js';
import { netNames } from '../lab/net-names.js';
import {
  everySeed, labRun, median, probeRun, recordsFrom, seeds, stepsTo, unitSpread, valueAt,
} from './measure.js';

const LN2 = Math.LN2;
const HORIZON = 20000;
const CHECKPOINTS = [1000, 2000, 5000, 10000, 20000];

/** The preset's settings (read when a check runs: presets.js and the ledger import each other). */
const settingsOf = (id) => preset(id).settings;

/** The usual numbers of a preset's run over the horizon. */
function race(engine, settings, seed, steps = HORIZON) {
  const run = labRun(engine, settings, { steps, seed });
  const at = (step) => Object.fromEntries(TWINS.map((t) => [t, valueAt(run, t, step)]));
  return {
    to: Object.fromEntries(TWINS.map((t) => [t, stepsTo(run, t, 0.1)])),
    at: Object.fromEntries(CHECKPOINTS.filter((c) => c <= steps).map((c) => [c, at(c)])),
    run,
  };
}

/** All of the conditions hold in every seed; the failures name the seed and the condition. */
function allOf(runs, conditions) {
  return conditions.flatMap(([what, ok]) => everySeed(runs, ok, (d) => `${what}: ${JSON.stringify(d, brief)}`));
}
/** JSON.stringify replacer: drops the run object and rounds numbers, so failures stay readable. */
function brief(key, value) {
  if (key === 'run') return undefined;
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(3)) : value;
}

const bnFirst = (d) => d.to.withBn !== null && (d.to.withoutBn === null || d.to.withBn < d.to.withoutBn);

export const PRESET_CLAIMS = [
  {
    id: 'lab.preset.default',
    text: 'Two moons, four sigmoid layers of 8, batch 64, SGD 0.1: with BN the train loss is below 0.1 within 400 steps; '
      + 'without BN it sits at ln 2 ≈ 0.693 (a coin flip) for thousands of steps. BN stays ahead up to step 20,000, apart '
      + 'from rare brief spikes of its curve.',
    where: [{ module: 'web/lab/presets.js' }],
    figure: 'lab, preset "default" (the lab’s defaults), 20,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => race(engine, settingsOf('default'), seed),
    check: (runs) => allOf(runs, [
      ['BN below 0.1 within 400 steps', (d) => d.to.withBn !== null && d.to.withBn <= 400],
      ['BN first', bnFirst],
      ['without BN ≥ 0.6 at step 3,000', (d) => valueAt(d.run, 'withoutBn', 3000) >= 0.6],
      ['BN ahead at every checkpoint', (d) => CHECKPOINTS.every((c) => d.at[c].withBn <= d.at[c].withoutBn)],
      ['BN behind at no more than 1% of the records from step 1,000 on', (d) => {
        const r = recordsFrom(d.run, 1000);
        return r.filter((x) => x.withBn >= x.withoutBn).length <= 0.01 * r.length;
      }],
    ]),
  },
  {
    id: 'embed.sample-post.twin',
    text: 'On this seed the network with batch norm gets below a loss of 0.1 within 400 steps, while the plain network '
      + 'sits at ln 2 ≈ 0.693, a coin flip, for thousands of steps.',
    where: [{ file: 'web/embed/sample-post.html' }],
    figure: 'the sample post\'s <bn-lab preset="twin" seed="7">: the lab\'s defaults at seed 7',
    seeds: [7],
    fixedSeed: true,
    measure: (engine, seed) => race(engine, settingsOf('default'), seed),
    check: (runs) => allOf(runs, [
      ['BN below 0.1 within 400 steps', (d) => d.to.withBn !== null && d.to.withBn <= 400],
      ['without BN ≥ 0.6 at step 3,000', (d) => valueAt(d.run, 'withoutBn', 3000) >= 0.6],
    ]),
  },
  {
    id: 'lab.preset.sigmoid',
    text: 'Circles, three sigmoid layers of 16 at learning rate 0.5 (Ioffe & Szegedy’s Figure 1 uses sigmoids): with BN the '
      + 'loss is below 0.1 within 200 steps; without BN it sits at ln 2 ≈ 0.693 for at least 2,000 steps, then falls, '
      + 'and by step 20,000 both are below 0.001.',
    where: [{ module: 'web/lab/presets.js' }],
    figure: 'lab, preset "sigmoid", 20,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => race(engine, settingsOf('sigmoid'), seed),
    check: (runs) => allOf(runs, [
      ['BN below 0.1 within 200 steps', (d) => d.to.withBn !== null && d.to.withBn <= 200],
      ['without BN ≥ 0.6 at step 2,000', (d) => d.at[2000].withoutBn >= 0.6],
      ['without BN falls below 0.1', (d) => d.to.withoutBn !== null],
      ['both below 0.001 at step 20,000', (d) => d.at[20000].withBn < 0.001 && d.at[20000].withoutBn < 0.001],
    ]),
  },
  {
    id: 'lab.preset.deep',
    text: 'Eight sigmoid layers of 8: without BN the gradient fades on its way back through the sigmoids (layer 1’s is '
      + 'under a hundredth of BN’s) and the loss stays at ln 2 ≈ 0.693 for all 20,000 steps; with BN every layer’s input '
      + 'is re-centred and re-scaled, and the loss is below 0.01 by step 10,000.',
    where: [{ module: 'web/lab/presets.js' }],
    figure: 'lab, preset "deep", 20,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => ({
      ...race(engine, settingsOf('deep'), seed),
      gradients: probeRun(engine, settingsOf('deep'), { seed, at: [1, 1000] },
        (twin) => Object.fromEntries(TWINS.map((t) => [t, twin.probe(t, 0).gradNorms.W]))),
    }),
    check: (runs) => allOf(runs, [
      ['layer 1’s weight gradient without BN < 1/100 of BN’s',
        (d) => d.gradients.every((g) => g.withoutBn < g.withBn / 100)],
      ['without BN within 0.02 of ln 2 at every record from step 100',
        (d) => recordsFrom(d.run, 100).every((r) => Math.abs(r.withoutBn - LN2) < 0.02)],
      ['BN below 0.01 at 10k and 20k', (d) => [10000, 20000].every((c) => d.at[c].withBn < 0.01)],
    ]),
  },
  {
    id: 'lab.preset.bad-init',
    text: 'Tanh on circles, batch 64, initial weights 5× too small: without BN the signal shrinks layer by layer (watch Z '
      + 'narrow to a spike) and the loss stays at ln 2 ≈ 0.693 for thousands of steps; BN rescales every layer, is below '
      + '0.1 within 200 steps, and is still ahead at step 20,000.',
    where: [{ module: 'web/lab/presets.js' }],
    figure: 'lab, preset "bad-init", 20,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => ({
      ...race(engine, settingsOf('bad-init'), seed),
      zSpread: probeRun(engine, settingsOf('bad-init'), { seed, at: [0] },
        (twin) => ({ spreads: Array.from({ length: twin.numHidden }, (_, l) => unitSpread(twin.probe('withoutBn', l), 'Z')) }))[0].spreads,
    }),
    check: (runs) => allOf(runs, [
      ['without BN, Z narrows layer by layer to under a tenth of layer 1’s',
        (d) => d.zSpread.every((s, l) => l === 0 || s < d.zSpread[l - 1]) && d.zSpread.at(-1) < d.zSpread[0] / 10],
      ['without BN ≥ 0.6 at step 5,000', (d) => d.at[5000].withoutBn >= 0.6],
      ['BN below 0.1 within 200 steps', (d) => d.to.withBn !== null && d.to.withBn <= 200],
      ['BN ahead at step 20,000', (d) => d.at[20000].withBn <= d.at[20000].withoutBn],
    ]),
  },
  {
    id: 'lab.preset.high-lr',
    text: 'Tanh on circles, batch 16, learning rate 2: BN still trains, because its output does not depend on the scale of '
      + 'W; without BN the loss jumps around (its median from step 1,000 on is between 0.5 and 4) and never gets below 0.1, '
      + 'so BN stays ahead.',
    where: [{ module: 'web/lab/presets.js' }],
    figure: 'lab, preset "high-lr", 20,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => race(engine, settingsOf('high-lr'), seed),
    check: (runs) => allOf(runs, [
      ['BN reaches 0.1', (d) => d.to.withBn !== null],
      ['without BN never below 0.1', (d) => d.to.withoutBn === null],
      ['without BN’s median from step 1,000 on in 0.5–4', (d) => {
        const m = median(recordsFrom(d.run, 1000).map((r) => r.withoutBn));
        return m >= 0.5 && m <= 4;
      }],
      ['BN ahead at every checkpoint', (d) => CHECKPOINTS.every((c) => d.at[c].withBn < d.at[c].withoutBn)],
    ]),
  },
  {
    id: 'lab.preset.batch-noise',
    text: 'BN’s cost. Four tanh layers of 8 on circles with batches of 16: BN reaches 0.1 first, then levels off near '
      + '0.03 while the plain network falls below 0.001. With 16 examples, μ and σ² change from batch to batch and BN’s '
      + 'output with them: that noise sets a floor. Set the batch size to 64 (the same network) and BN’s floor drops '
      + 'below 0.002.',
    where: [{ module: 'web/lab/presets.js' }],
    figure: 'lab, preset "batch-noise" at batch 16 and at batch 64, 20,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => {
      const d = race(engine, settingsOf('batch-noise'), seed);
      const big = labRun(engine, { ...settingsOf('batch-noise'), batchSize: 64 }, { steps: HORIZON, seed });
      return {
        ...d,
        floor16: median(recordsFrom(d.run, 5000).map((r) => r.withBn)),
        floor64: median(recordsFrom(big, 5000).map((r) => r.withBn)),
      };
    },
    check: (runs) => allOf(runs, [
      ['BN first', bnFirst],
      ['BN’s median loss from step 5,000 on within 0.015–0.06', (d) => d.floor16 >= 0.015 && d.floor16 <= 0.06],
      ['without BN below 0.001 at step 20,000', (d) => d.at[20000].withoutBn < 0.001],
      ['at batch 64, BN’s median loss from step 5,000 on below 0.002', (d) => d.floor64 < 0.002],
    ]),
  },
  {
    id: 'lab.preset.regularization',
    text: '100 noisy spiral points (50 to train on), four tanh layers of 16: without BN the network memorizes its training '
      + 'points (train loss near 0 by step 10,000) while its test loss climbs; with BN the train loss stays higher and the gap between '
      + 'test and train loss is smaller, at steps 5,000, 10,000 and 20,000 in all 10 seeds tried. That is BN’s “slight '
      + 'regularization effect”; test accuracy is higher with BN in most seeds, not all.',
    where: [{ module: 'web/lab/presets.js' }],
    figure: 'lab, preset "regularization", 20,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => {
      const run = labRun(engine, settingsOf('regularization'), { steps: HORIZON, seed });
      const v = (t, step, s) => valueAt(run, t, step, s);
      return Object.fromEntries([5000, 10000, 20000].map((c) => [c, Object.fromEntries(TWINS.map((t) => [t, {
        train: v(t, c, 'trainLoss'), test: v(t, c, 'testLoss'), acc: v(t, c, 'testAccuracy'),
      }]))]));
    },
    check: (runs) => {
      const at = [5000, 10000, 20000];
      const gap = (x) => x.test - x.train;
      const wrong = allOf(runs, [
        ['without BN train loss below 0.05 at 10k and 20k', (d) => [10000, 20000].every((c) => d[c].withoutBn.train < 0.05)],
        ['without BN test loss higher at 20,000 than at 5,000', (d) => d[20000].withoutBn.test > d[5000].withoutBn.test],
        ['BN train loss higher at 10k and 20k', (d) => [10000, 20000].every((c) => d[c].withBn.train > d[c].withoutBn.train)],
        ['BN’s test − train gap smaller', (d) => at.every((c) => gap(d[c].withBn) < gap(d[c].withoutBn))],
      ]);
      for (const c of at) {
        const higher = runs.filter(({ data }) => data[c].withBn.acc > data[c].withoutBn.acc).length;
        if (higher <= runs.length / 2 || higher === runs.length) {
          wrong.push(`step ${c}: BN’s test accuracy higher in ${higher} of ${runs.length} seeds, not “most, not all”`);
        }
      }
      return wrong;
    },
  },
  {
    id: 'lab.preset.tiny-batch',
    text: 'Two examples per batch: with m = 2, z_norm is −1 for one example and +1 for the other whatever Z is (unless '
      + 'the two Z nearly coincide), so BN passes on little more than which example is larger; its loss stays at '
      + 'ln 2 ≈ 0.693, while the plain network falls below 0.001 by step 10,000. BN needs batches.',
    where: [{ module: 'web/lab/presets.js' }],
    figure: 'lab, preset "tiny-batch", 20,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => ({
      ...race(engine, settingsOf('tiny-batch'), seed),
      // the last training batch's two examples, every unit of every layer, at a few steps:
      // units whose two Z differ by more than 0.05, and those of them whose z_norm is −1 and +1 (within 0.01)
      zNorm: probeRun(engine, settingsOf('tiny-batch'), { seed, at: [1, 100, 1000, 10000] }, (twin) => {
        let apart = 0;
        let signs = 0;
        for (let l = 0; l < twin.numHidden; ++l) {
          const { Z, zNorm, units: n } = twin.trainBatch('withBn', l);
          for (let u = 0; u < n; ++u) {
            if (Math.abs(Z[u] - Z[u + n]) <= 0.05) continue;
            apart += 1;
            if (Math.abs(Math.abs(zNorm[u]) - 1) < 0.01 && Math.abs(zNorm[u] + zNorm[u + n]) < 0.02) signs += 1;
          }
        }
        return { apart, signs };
      }),
    }),
    check: (runs) => allOf(runs, [
      ['z_norm is −1 and +1 wherever the two Z differ by more than 0.05', (d) => d.zNorm.every((z) => z.apart > 0 && z.signs === z.apart)],
      ['BN within 0.05 of ln 2 at every checkpoint', (d) => CHECKPOINTS.every((c) => Math.abs(d.at[c].withBn - LN2) < 0.05)],
      ['without BN below 0.001 at 10k and 20k', (d) => d.at[10000].withoutBn < 0.001 && d.at[20000].withoutBn < 0.001],
    ]),
  },
];

// ---- the race readout (web/lab/readout.js): templates, checked against the numbers they print

/**
 * Runs on which the readout is read: each {settings, steps, x}; a case is one
 * (settings, steps, target) with the readout's result and the run's numbers.
 */
const READOUT_CASES = [
  { settings: () => settingsOf('default'), steps: [0, 100, 400, 3000], x: 0.1 },
  { settings: () => settingsOf('batch-noise'), steps: [150, 500, 5000], x: 0.1 },
  { settings: () => settingsOf('tiny-batch'), steps: [2000], x: 0.1 },
  { settings: () => settingsOf('default'), steps: [0, 50], x: 1 },
  // The templates name the normalization (setting norm): read with layer norm and group norm too.
  { settings: () => ({ ...settingsOf('default'), norm: 'ln' }), steps: [100, 3000], x: 0.1 },
  { settings: () => ({ ...settingsOf('default'), norm: 'gn' }), steps: [3000], x: 0.1 },
];

function readoutCases(engine, seed) {
  const out = [];
  for (const c of READOUT_CASES) {
    for (const steps of c.steps) {
      const settings = c.settings();
      const names = netNames(settings.norm);
      const run = labRun(engine, settings, { steps, seed });
      const r = raceReadout(run.history, c.x, names);
      const h = run.history;
      out.push({
        steps, x: c.x, claim: r.claim, text: r.text, short: names.short,
        truth: {
          withBn: h.firstStepBelow('withBn', c.x), withoutBn: h.firstStepBelow('withoutBn', c.x),
          nowBn: h.withBn.trainLoss.at(-1), nowPlain: h.withoutBn.trainLoss.at(-1),
        },
      });
    }
  }
  return out;
}

/** The template the numbers call for, by who got to X first. */
function expectedClaim({ withBn: a, withoutBn: b }) {
  if (a === null && b === null) return 'lab.readout.none';
  if (a !== null && (b === null || a < b)) return 'lab.readout.bn-first';
  if (b !== null && (a === null || b < a)) return 'lab.readout.plain-first';
  return 'lab.readout.tie';
}

/** What is wrong with one readout, judged from the numbers alone (not from readout.js's branches). */
function readoutWrong(c) {
  const { withBn: a, withoutBn: b, nowBn, nowPlain } = c.truth;
  const expected = expectedClaim(c.truth);
  const wrong = [];
  if (c.claim !== expected) wrong.push(`used ${c.claim}, the numbers call for ${expected}`);
  for (const s of [a, b]) if (s !== null && !c.text.includes(`step ${s}`)) wrong.push(`does not name step ${s}`);
  if ((a === null) !== (b === null) && !c.text.includes('not yet')) wrong.push('does not say “not yet”');
  if (!c.text.includes(`${lossText(nowBn)} vs ${lossText(nowPlain)}`)) wrong.push(`does not print the current losses, ${c.short} first`);
  const word = nowBn < nowPlain ? `${c.short} ahead` : nowBn > nowPlain ? `${c.short} behind` : 'level';
  const other = ['BN', 'LN', 'GN'].filter((n) => n !== c.short);
  if (other.some((n) => c.text.includes(n))) wrong.push(`names another normalization than ${c.short}`);
  if (standing(nowBn, nowPlain) !== 'level' && !c.text.includes(word)) wrong.push(`does not say ${word}`);
  if (!c.text.includes(`loss ${c.x}`)) wrong.push(`does not name the target ${c.x}`);
  return wrong.map((w) => `${c.steps} steps, X = ${c.x}: “${c.text}” ${w}`);
}

/**
 * A readout claim: every case that used this template, or that the numbers say
 * should have, is checked; at least one case must use it.
 */
function readoutClaim(id, text) {
  return {
    id,
    text,
    where: [{ module: 'web/lab/readout.js' }],
    figure: 'lab, the race readout in the player bar (template)',
    seeds: seeds(5),
    measure: readoutCases,
    check: (runs) => {
      const cases = runs.flatMap(({ seed, data }) => data.map((c) => ({ ...c, seed })))
        .filter((c) => c.claim === id || expectedClaim(c.truth) === id);
      const wrong = cases.flatMap((c) => readoutWrong(c).map((w) => `seed ${c.seed}, ${w}`));
      if (!cases.length) wrong.push(`no case calls for ${id}: add one to READOUT_CASES`);
      return wrong;
    },
  };
}

export const READOUT_CLAIMS = [
  readoutClaim('lab.readout.bn-first',
    '{norm} reached train loss {x} first: {bnStep}, without {norm} {plainStep}. Now {standing}: {bnLoss} vs {plainLoss}.'),
  readoutClaim('lab.readout.plain-first',
    'The plain network reached train loss {x} first: {plainStep}, with {norm} {bnStep}. Now {standing}: {bnLoss} vs {plainLoss}.'),
  readoutClaim('lab.readout.tie',
    'Both networks reached train loss {x} at step {step}. Now {standing}: {bnLoss} vs {plainLoss}.'),
  readoutClaim('lab.readout.none',
    'Neither network has reached train loss {x} yet. Now {standing}: {bnLoss} vs {plainLoss}.'),
];

// ---- the lab's caption of the histograms ("Inside the networks")

/** A unit's spread of A in every layer, per network. */
const spreads = (twin, q = 'A') => Object.fromEntries(TWINS.map((t) =>
  [t, Array.from({ length: twin.numHidden }, (_, l) => unitSpread(twin.probe(t, l), q))]));

export const CAPTION_CLAIMS = [
  {
    id: 'lab.caption.distributions',
    text: 'Each row is a hidden layer; each cell the distribution of one quantity over the fixed probe batch: bars for '
      + 'all units of the layer, the line for the highlighted unit. With the default settings, while the plain network '
      + 'sits at ln 2, each of its sigmoid layers narrows the spread of A (the sigmoid’s slope is at most 1/4), so by the '
      + 'last layer each unit’s A is nearly the same for every example (the highlighted unit’s line is a spike); with BN, '
      + 'z_norm is centred and unit-scaled in every layer and A keeps its spread. Click a row to choose the layer shown '
      + 'below.',
    where: [{ module: 'web/lab/view.js' }],
    figure: 'lab, "Inside the networks" at the defaults, steps 0 to 20,000',
    seeds: seeds(10),
    measure: (engine, seed) => {
      const settings = settingsOf('default');
      const run = labRun(engine, settings, { steps: HORIZON, seed });
      return probeRun(engine, settings, { seed, at: [0, 1000, 3000, 10000, 20000] }, (twin, step) => ({
        plainLoss: valueAt(run, 'withoutBn', step),
        A: spreads(twin),
        zNorm: Array.from({ length: twin.numHidden }, (_, l) => {
          const p = twin.probe('withBn', l);
          return { spread: unitSpread(p, 'zNorm') };
        }),
      }));
    },
    check: (runs) => allOf(runs, [
      ['while the plain network sits at ln 2 (loss ≥ 0.6), its A narrows layer by layer to under 0.01',
        (d) => d.filter((x) => x.plainLoss >= 0.6).every((x) => x.A.withoutBn.every((s, l) => l === 0 || s < x.A.withoutBn[l - 1])
          && x.A.withoutBn.at(-1) < 0.01)],
      ['the plain network sits at ln 2 at step 0 and 1,000', (d) => d[0].plainLoss >= 0.6 && d[1].plainLoss >= 0.6],
      ['with BN, z_norm has spread 1 ± 0.05 in every layer', (d) => d.every((x) => x.zNorm.every((z) => Math.abs(z.spread - 1) < 0.05))],
      ['with BN, A keeps a spread above 0.1 in every layer', (d) => d.every((x) => x.A.withBn.every((s) => s > 0.1))],
    ]),
  },
];

/**
 * z_norm of a probed layer (column-major (units, examples)) split into the sets one μ, σ² covers:
 * each example's `groups` runs of consecutive units (layer norm: one group). Returns the largest
 * |mean| and the largest variance over those sets, and over the units (each unit across the batch).
 */
function normMoments(probe, groups) {
  const n = probe.units;
  const x = probe.zNorm;
  const m = x.length / n;
  const moments = (values) => {
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    return [Math.abs(mean), values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length];
  };
  const worst = (sets) => sets.map(moments).reduce(([a, b], [c, d]) => [Math.max(a, c), Math.max(b, d)], [0, 0]);
  const size = n / groups;
  const perExample = [];
  for (let j = 0; j < m; ++j) for (let g = 0; g < groups; ++g) perExample.push(Array.from(x.subarray(n * j + g * size, n * j + (g + 1) * size)));
  const perUnit = Array.from({ length: n }, (_, u) => Array.from({ length: m }, (_, j) => x[u + n * j]));
  return { example: worst(perExample), unit: worst(perUnit) };
}

/** The histograms' caption with layer norm or group norm (web/lab/view.js), for {norm} LN or GN. */
CAPTION_CLAIMS.push({
  id: 'lab.caption.distributions-norm',
  text: 'Each row is a hidden layer; each cell the distribution of one quantity over the fixed probe batch: bars for '
    + 'all units of the layer, the line for the highlighted unit. {norm} takes μ and σ² over {over}, not over the '
    + 'batch: there z_norm has mean 0 and variance σ²/(σ² + ε), at most 1, while a unit’s z_norm over the batch is '
    + 'not centred (at the defaults some unit’s mean over the probe batch is off 0 by more than 0.3). Click a row to '
    + 'choose the layer shown below.',
  where: [{ module: 'web/lab/view.js' }],
  figure: 'lab, "Inside the networks" at the defaults with norm ln and gn (2 groups), steps 0, 1,000 and 3,000',
  seeds: seeds(5),
  measure: (engine, seed) => Object.fromEntries([['ln', 1], ['gn', 2]].map(([norm, groups]) => [norm,
    probeRun(engine, { norm, normGroups: groups }, { seed, at: [0, 1000, 3000] }, (twin) =>
      ({ layers: Array.from({ length: twin.numHidden }, (_, l) => normMoments(twin.probe('withBn', l), groups)) }))])),
  check: (runs) => allOf(runs, [
    // ε = 1e-5 in σ² + ε keeps the variance under 1, far under where an example's units barely differ.
    ['per example (LN) or per example and group (GN): |mean| < 1e-4 and variance ≤ 1 + 1e-4 in every layer',
      (d) => Object.values(d).every((r) => r.every((x) => x.layers.every((l) => l.example[0] < 1e-4 && l.example[1] <= 1 + 1e-4)))],
    ['per unit over the batch: some unit has |mean| > 0.3, at every probed step',
      (d) => Object.values(d).every((r) => r.every((x) => x.layers.some((l) => l.unit[0] > 0.3)))],
  ]),
});

// ---- the landscape chart ("Loss landscape along the gradient", setting `landscape`)

/** A number in [lo, hi]? */
const within = (v, lo, hi) => Number.isFinite(v) && v >= lo && v <= hi;
/** The median of the finite values of a probe column whose step passes `where`. */
const probeMedian = (record, t, field, where = () => true) =>
  median(record[t][field].filter((v, i) => Number.isFinite(v) && where(record.steps[i])));
const LANDSCAPE_CHECK_STEPS = 2000;

export const LANDSCAPE_CLAIMS = [
  {
    id: 'lab.caption.landscape',
    text: 'Every 100 steps (every 10 in the first 200, and as often as the loss is recorded after step 20,000), each '
      + 'network is probed on its last mini-batch: its gradient g, then, for step sizes η of half the learning rate, '
      + 'once, twice, four and eight times it, the loss L(W − η·g) and the gradient there. Top: the range of those '
      + 'losses (a wide ribbon: the loss changes a lot along the step). Middle: the largest change of the gradient. '
      + 'Bottom: the effective β-smoothness, the largest change of the gradient per unit of distance moved. Probing '
      + 'leaves the run exactly as it was: the losses are the same with the chart on or off.',
    where: [{ module: 'web/lab/landscape-card.js' }],
    figure: 'lab, the landscape chart (setting landscape=1), at the defaults',
    seeds: seeds(5),
    measure: (engine, seed) => {
      const on = labRun(engine, { landscape: true }, { steps: LANDSCAPE_CHECK_STEPS, seed });
      const off = labRun(engine, { landscape: false }, { steps: LANDSCAPE_CHECK_STEPS, seed });
      const series = (run) => JSON.stringify(TWINS.map((t) => ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy']
        .map((k) => run.history[t][k])));
      return { same: series(on) === series(off), probes: on.history.landscape.length, probedOff: off.history.landscape.length };
    },
    check: (runs) => [
      ...(LANDSCAPE_STEP_FACTORS.join() === '0.5,1,2,4,8' && landscapeInterval(0) === 10 && landscapeInterval(199) === 10
        && landscapeInterval(200) === 100 && landscapeInterval(19999) === 100 && landscapeInterval(20000) === 1000
        ? [] : ['the chart’s step sizes or probe steps no longer match what the caption says']),
      ...allOf(runs, [
        ['the losses are identical with the chart on and off', (d) => d.same],
        ['the chart probed 19 + 19 times in 2,000 steps, and not at all when off', (d) => d.probes === 38 && d.probedOff === 0],
      ]),
    ],
  },
  {
    id: 'lab.caption.landscape-defaults',
    text: 'At the defaults (seeds 1 to 5), β_eff with BN is 8 to 19 over the first 500 steps (the median of the '
      + 'probes there) against 0.8 to 0.9 without: larger with BN, not smaller as Santurkar et al. found for their '
      + 'networks. Once BN’s loss is small its gradient and β_eff shrink too: over 20,000 steps the median β_eff is '
      + '0.2 to 0.7 with BN and 0.8 to 2.1 without.',
    where: [{ module: 'web/lab/landscape-card.js' }, { file: 'README.md' }],
    figure: 'lab, the landscape chart (setting landscape=1), at the defaults, 20,000 steps',
    seeds: seeds(5),
    measure: (engine, seed) => {
      const { history, status } = labRun(engine, { landscape: true }, { steps: HORIZON, seed });
      const r = history.landscape;
      const early = (step) => step <= 500;
      return {
        early: Object.fromEntries(TWINS.map((t) => [t, probeMedian(r, t, 'betaEff', early)])),
        all: Object.fromEntries(TWINS.map((t) => [t, probeMedian(r, t, 'betaEff')])),
        gaps: r.skipped.withBn + r.skipped.withoutBn,
        diverged: TWINS.some((t) => status[t].diverged),
      };
    },
    check: (runs) => allOf(runs, [
      // The ranges as the sentence rounds them.
      ['early β_eff 8–19 with BN, 0.8–0.9 without',
        (d) => within(d.early.withBn, 7.5, 19.5) && within(d.early.withoutBn, 0.75, 0.95)],
      ['median β_eff over the run 0.2–0.7 with BN, 0.8–2.1 without',
        (d) => within(d.all.withBn, 0.15, 0.75) && within(d.all.withoutBn, 0.75, 2.15)],
      ['no gap, no divergence', (d) => d.gaps === 0 && !d.diverged],
    ]),
  },
];

// ---- the README's sentences about the lab's results

/** The readout the README quotes: the lab at its defaults and opening seed after 3,000 steps. */
const README_READOUT = 'BN reached train loss 0.1 first: step 270, without BN not yet. Now BN ahead: 0.0026 vs 0.69.';

export const README_CLAIMS = [
  {
    id: 'lab.readme.default',
    text: 'At these defaults BN reaches train loss 0.1 first in all 10 seeds of the table (within 400 steps; the plain '
      + 'network needs 9,000 steps or more, or does not get there by step 20,000), and its train and test loss are still '
      + 'below the plain network’s at step 20,000 in all 10.',
    where: [{ file: 'README.md' }],
    figure: 'lab at its defaults, seeds 1–10, 20,000 steps (the README table)',
    seeds: seeds(10),
    measure: (engine, seed) => {
      const d = race(engine, settingsOf('default'), seed);
      return { ...d, test: Object.fromEntries(TWINS.map((t) => [t, valueAt(d.run, t, HORIZON, 'testLoss')])) };
    },
    check: (runs) => allOf(runs, [
      ['BN first, within 400 steps', (d) => bnFirst(d) && d.to.withBn <= 400],
      ['the plain network needs ≥ 9,000 steps', (d) => d.to.withoutBn === null || d.to.withoutBn >= 9000],
      ['BN’s train loss lower at 20,000', (d) => d.at[20000].withBn < d.at[20000].withoutBn],
      ['BN’s test loss lower at 20,000', (d) => d.test.withBn < d.test.withoutBn],
    ]),
  },
  {
    id: 'lab.readme.old-default',
    text: 'The old default (circles, four tanh layers of 8, batch 16) gets BN to 0.1 first in all 10 seeds too, but BN '
      + 'then levels off near 0.03 while the plain network falls below 0.001: at step 20,000 BN is behind in all 10.',
    where: [{ file: 'README.md' }],
    figure: 'lab, preset "batch-noise" (the old default), seeds 1–10, 20,000 steps',
    seeds: seeds(10),
    measure: (engine, seed) => {
      const d = race(engine, settingsOf('batch-noise'), seed);
      return { ...d, floor: median(recordsFrom(d.run, 5000).map((r) => r.withBn)) };
    },
    check: (runs) => allOf(runs, [
      ['BN first', bnFirst],
      ['BN’s median loss from step 5,000 on within 0.015–0.06', (d) => d.floor >= 0.015 && d.floor <= 0.06],
      ['without BN below 0.001 at 20,000', (d) => d.at[20000].withoutBn < 0.001],
      ['BN behind at 20,000', (d) => d.at[20000].withBn > d.at[20000].withoutBn],
    ]),
  },
  {
    id: 'lab.readme.readout-example',
    text: `“${README_READOUT}”`,
    where: [{ file: 'README.md' }],
    figure: 'lab at its defaults and its opening seed 1, the readout after 3,000 steps',
    seeds: [1],
    fixedSeed: true,
    measure: (engine, seed) => raceReadout(labRun(engine, settingsOf('default'), { steps: 3000, seed }).history, 0.1).text,
    check: (runs) => everySeed(runs, (text) => text === README_READOUT, (text) => `the readout says “${text}”`),
  },
];

export const LAB_CLAIMS = [...PRESET_CLAIMS, ...READOUT_CLAIMS, ...CAPTION_CLAIMS, ...LANDSCAPE_CLAIMS, ...README_CLAIMS];
