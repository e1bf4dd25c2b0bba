// Claims about the embeddable figures (<bn-lab>, web/embed/): the captions of
// its presets and the sentences its views write, each checked at the preset's
// settings (web/embed/presets.js, over the lab's defaults) over seeds. Captions
// that only name what is drawn (the worked example's, the paper figure's) are
// labels, not claims, and are not listed. See web/claims/ledger.js for the shape
// of a claim.

import { TWINS } from '../engine-config.js';
import { embedPreset } from '../embed/presets.js';
import { defaults, engineConfig, withChanges } from '../state.js';
import { everySeed, labRun, probeRun, seeds, stepsTo, unitSpread, valueAt } from './measure.js';
import { couplingValues, median, medianMove } from '../article/really-plan.js';
import { landscapeInterval } from '../lab/history.js';
import { LANDSCAPE_STEP_FACTORS } from '../lab/landscape.js';

/** The embed preset's settings (read when a check runs: the presets and the ledger import each other). */
const settingsOf = (id) => embedPreset(id).settings;

/** All of the conditions hold in every seed; the failures name the seed and the condition. */
function allOf(runs, conditions) {
  const brief = (k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)) : v);
  return conditions.flatMap(([what, ok]) => everySeed(runs, ok, (d) => `${what}: ${JSON.stringify(d, brief)}`));
}

/** Mean and (biased) variance of unit u over the m examples of a column-major (units, m) array. */
function unitMoments(x, units, u) {
  const m = x.length / units;
  let s = 0;
  for (let j = 0; j < m; ++j) s += x[u + units * j];
  const mean = s / m;
  let s2 = 0;
  for (let j = 0; j < m; ++j) s2 += (x[u + units * j] - mean) ** 2;
  return { mean, variance: s2 / m };
}

export const EMBED_CLAIMS = [
  {
    id: 'embed.twin.caption',
    text: 'The same network from the same initial weights and the same mini-batches, trained with and without '
      + 'normalization (batch norm, or the layer or group norm the attribute norm picks; the headings say which): '
      + 'decision boundaries (dots: training points, rings: test points) and the loss of both.',
    where: [{ module: 'web/embed/presets.js' }],
    figure: 'embed preset "twin" with norm bn, ln and gn: after step 1, the first layer’s Z of the training batch in both networks',
    seeds: seeds(5),
    measure: (engine, seed) => Object.fromEntries(['bn', 'ln', 'gn'].map((norm) => [norm,
      probeRun(engine, { ...settingsOf('twin'), norm }, { seed, at: [1] }, (twin) => {
        const [a, b] = TWINS.map((t) => twin.trainBatch(t, 0).Z);
        let diff = a.length === b.length ? 0 : Infinity;
        for (let i = 0; i < a.length; ++i) diff = Math.max(diff, Math.abs(a[i] - b[i]));
        return { maxDiff: diff, size: a.length };
      })[0]])),
    // Same weights and same batch give the same Z = W·X in the first layer (the normalization only acts after it).
    check: (runs) => allOf(runs, [['layer 1’s Z of batch 1 equal in both networks, with BN, LN and GN',
      (d) => Object.values(d).every((x) => x.size > 0 && x.maxDiff === 0)]]),
  },
  {
    id: 'embed.histograms.caption',
    text: 'Each row is a hidden layer, each cell the distribution of one quantity over a fixed probe batch (bars: all '
      + 'units, line: the highlighted unit). With this preset’s network, four sigmoid layers of 8 trained on circles, '
      + 'each sigmoid layer of the plain network narrows the spread of A, so by the last layer each unit’s A is nearly '
      + 'the same for every example (the line is a spike) and its loss stays at ln 2 ≈ 0.693; with BN, z_norm is centred '
      + 'and unit-scaled in every layer, A keeps its spread, and the loss falls.',
    where: [{ module: 'web/embed/presets.js' }],
    figure: 'embed preset "histograms", steps 0 to 20,000',
    seeds: seeds(10),
    measure: (engine, seed) => {
      const settings = settingsOf('histograms');
      const run = labRun(engine, settings, { steps: 20000, seed });
      return probeRun(engine, settings, { seed, at: [0, 1000, 5000, 20000] }, (twin, step) => ({
        loss: Object.fromEntries(TWINS.map((t) => [t, valueAt(run, t, step)])),
        A: Object.fromEntries(TWINS.map((t) => [t, Array.from({ length: twin.numHidden }, (_, l) => unitSpread(twin.probe(t, l), 'A'))])),
        zNorm: Array.from({ length: twin.numHidden }, (_, l) => {
          const p = twin.probe('withBn', l);
          const means = Array.from({ length: p.units }, (_, u) => Math.abs(unitMoments(p.zNorm, p.units, u).mean));
          return { spread: unitSpread(p, 'zNorm'), maxMean: Math.max(...means) };
        }),
      }));
    },
    check: (runs) => allOf(runs, [
      ['without BN, A narrows layer by layer to under 0.01',
        (d) => d.every((x) => x.A.withoutBn.every((s, l) => l === 0 || s < x.A.withoutBn[l - 1]) && x.A.withoutBn.at(-1) < 0.01)],
      ['without BN, the loss is within 0.02 of ln 2 from step 1,000 on',
        (d) => d.slice(1).every((x) => Math.abs(x.loss.withoutBn - Math.LN2) < 0.02)],
      ['with BN, z_norm has mean 0 (within 0.01) and spread 1 ± 0.05 in every layer',
        (d) => d.every((x) => x.zNorm.every((z) => z.maxMean < 0.01 && Math.abs(z.spread - 1) < 0.05))],
      ['with BN, A keeps a spread above 0.1 in every layer', (d) => d.every((x) => x.A.withBn.every((s) => s > 0.1))],
      ['with BN, the loss falls below 0.1 by step 1,000 and stays there', (d) => d.slice(1).every((x) => x.loss.withBn < 0.1)],
    ]),
  },
  {
    id: 'embed.covariate-shift.caption',
    text: 'Trained on one input distribution (dots), tested on a shifted one (rings): the labelling rule is the same, '
      + 'but the test inputs moved, so the test loss stays above the training loss, with BN and without.',
    where: [{ module: 'web/embed/presets.js' }],
    figure: 'embed preset "covariate-shift", steps 500 to 20,000',
    seeds: seeds(10),
    measure: (engine, seed) => {
      const run = labRun(engine, settingsOf('covariate-shift'), { steps: 20000, seed });
      return [500, 2000, 5000, 20000].map((step) => ({
        step,
        ...Object.fromEntries(TWINS.map((t) => [t, { train: valueAt(run, t, step), test: valueAt(run, t, step, 'testLoss') }])),
      }));
    },
    check: (runs) => allOf(runs, [
      ['test loss above train loss for both networks', (d) => d.every((x) => TWINS.every((t) => x[t].test > x[t].train))],
    ]),
  },
  {
    id: 'embed.test-time.caption',
    text: 'Training normalizes with each batch’s μ and σ² (filled dots); inference uses their running averages '
      + '(rings), updated as running ← (1 − momentum)·running + momentum·batch (for σ², the batch’s unbiased variance).',
    where: [{ module: 'web/embed/presets.js' }],
    figure: 'embed preset "test-time": the running statistics of every BN layer over steps 1 to 40',
    seeds: seeds(5),
    measure: (engine, seed) => {
      const settings = settingsOf('test-time');
      const rho = settings.bnMomentum;
      let worst = 0;
      let before = null;
      probeRun(engine, settings, { seed, at: Array.from({ length: 40 }, (_, i) => i + 1) }, (twin) => {
        // the last training batch's μ, σ² (trainBatch) and the running averages after that step (probe)
        const now = Array.from({ length: twin.numHidden }, (_, l) => {
          const b = twin.trainBatch('withBn', l);
          const p = twin.probe('withBn', l);
          return { ...b, runningMean: p.runningMean, runningVar: p.runningVar };
        });
        if (before) {
          for (let l = 0; l < now.length; ++l) {
            const b = now[l];
            const m = b.batchSize;
            for (let u = 0; u < b.units; ++u) {
              const mean = (1 - rho) * before[l].runningMean[u] + rho * b.batchMean[u];
              const variance = (1 - rho) * before[l].runningVar[u] + rho * b.batchVar[u] * (m / (m - 1));
              worst = Math.max(worst, Math.abs(mean - b.runningMean[u]) / Math.max(1, Math.abs(mean)),
                Math.abs(variance - b.runningVar[u]) / Math.max(1, Math.abs(variance)));
            }
          }
        }
        before = now;
        return {};
      });
      return { worst };
    },
    check: (runs) => allOf(runs, [['the running μ and σ² follow the update (relative error < 1e-4)', (d) => d.worst < 1e-4]]),
  },
  {
    id: 'embed.worked-example.check',
    text: 'Over the whole batch, z_norm has mean {mean} and variance {variance}: 0, and 1 less a little, because it '
      + 'divides by √(σ² + ε) rather than by σ (the shortfall shows when σ² is tiny). γ and β then choose the mean and '
      + 'spread the next layer sees.',
    where: [{ module: 'web/embed/views/worked-example.js' }],
    figure: 'embed preset "worked-example": z_norm of every unit of every layer for the last training batch, steps 1 to 2,000',
    seeds: seeds(5),
    measure: (engine, seed) => {
      const eps = { bnEps: defaults().bnEps, ...settingsOf('worked-example') }.bnEps;
      return probeRun(engine, settingsOf('worked-example'), { seed, at: [1, 2, 5, 20, 100, 500, 2000] }, (twin) => {
        let worstMean = 0;
        let highestVar = -Infinity;
        let worstShortfall = 0; // |variance − σ²/(σ² + ε)|
        for (let l = 0; l < twin.numHidden; ++l) {
          const b = twin.trainBatch('withBn', l);
          for (let u = 0; u < b.units; ++u) {
            const { mean, variance } = unitMoments(b.zNorm, b.units, u);
            const s2 = b.batchVar[u];
            worstMean = Math.max(worstMean, Math.abs(mean));
            highestVar = Math.max(highestVar, variance);
            worstShortfall = Math.max(worstShortfall, Math.abs(variance - s2 / (s2 + eps)));
          }
        }
        return { worstMean, highestVar, worstShortfall };
      });
    },
    check: (runs) => allOf(runs, [
      ['mean within 1e-4 of 0', (d) => d.every((x) => x.worstMean < 1e-4)],
      ['variance at most 1 (float32: + 1e-5)', (d) => d.every((x) => x.highestVar <= 1 + 1e-5)],
      ['variance = σ²/(σ² + ε) within 1e-3', (d) => d.every((x) => x.worstShortfall < 1e-3)],
    ]),
  },
  {
    id: 'embed.noisy-bn.caption',
    text: 'Four sigmoid layers of 8 on the moons, from the same weights on the same mini-batches: with BN and noise ν = 1 '
      + 'after every BN layer (a random shift and scale per unit, drawn anew at every step), and without BN. The noisy '
      + 'network’s unit in layer 4 jumps hundreds of times further from one record to the next than the plain one’s, '
      + 'yet it is the one that learns: its training loss falls below 0.1 within 1,000 steps, while the plain '
      + 'network’s stays above 0.1 through 3,000.',
    where: [{ module: 'web/embed/presets.js' }],
    figure: 'embed preset "noisy-bn", steps 0 to 3,000: train loss and the band of unit 1, layer 4',
    seeds: seeds(8),
    measure: (engine, seed) => {
      const settings = settingsOf('noisy-bn');
      const run = labRun(engine, settings, { steps: 3000, seed });
      const layer = settings.layer - 1;
      return {
        reached: Object.fromEntries(TWINS.map((t) => [t, stepsTo(run, t, 0.1)])),
        move: Object.fromEntries(TWINS.map((t) => [t, medianMove(run.history.band(t, layer).p50)])),
      };
    },
    check: (runs) => allOf(runs, [
      ['with BN and noise, train loss ≤ 0.1 by step 1,000', (d) => d.reached.withBn !== null && d.reached.withBn <= 1000],
      ['without BN, train loss above 0.1 through step 3,000', (d) => d.reached.withoutBn === null],
      ['the noisy unit’s median moves over 100 times further per record', (d) => d.move.withBn > 100 * d.move.withoutBn],
    ]),
  },
  {
    id: 'embed.landscape.caption',
    text: 'Every 10 steps up to step 200, then every 100, each network is probed on its last mini-batch, the run left '
      + 'as it was: the range of the loss L(W − η·g) over five step sizes η (half the learning rate to eight times it), '
      + 'the largest change of the gradient, and the effective β-smoothness. In this network (four sigmoid layers of 8 '
      + 'on the moons) batch norm comes out rougher, not smoother: over the first 1,500 steps the median effective β '
      + 'is 5 to 15 with BN against 0.8 to 0.9 without (seeds 1 to 5).',
    where: [{ module: 'web/embed/presets.js' }],
    figure: 'embed preset "landscape" (the lab\u2019s landscape probes), steps 10 to 1,500',
    seeds: seeds(5),
    measure: (engine, seed) => {
      const r = labRun(engine, settingsOf('landscape'), { steps: 1500, seed }).history.landscape;
      return { probes: r.length, steps: [...r.steps],
        beta: Object.fromEntries(TWINS.map((t) => [t, median(r[t].betaEff.filter(Number.isFinite))])) };
    },
    check: (runs) => [
      ...(LANDSCAPE_STEP_FACTORS.join() === '0.5,1,2,4,8' && landscapeInterval(199) === 10 && landscapeInterval(200) === 100
        && landscapeInterval(1500) === 100 ? [] : ['the lab’s probe steps or step sizes no longer match the sentence']),
      ...allOf(runs, [
        ['probed at 10, 20, …, 200, 300, …, 1,500', (d) => d.probes === 33 && d.steps[19] === 200 && d.steps.at(-1) === 1500],
        ['median β_eff 5 to 15 with BN', (d) => d.beta.withBn >= 4.5 && d.beta.withBn < 15.5],
        ['median β_eff 0.8 to 0.9 without BN', (d) => d.beta.withoutBn >= 0.75 && d.beta.withoutBn < 0.95],
      ]),
    ],
  },
  {
    id: 'embed.batch-coupling.caption',
    text: 'The last training mini-batch (16 examples on the circles, after 100 steps) in the input plane. Drag one '
      + 'example, or focus the plane and move it with the arrow keys: with BN every other example’s z_norm of unit 1 in '
      + 'layer 1 moves too, since the batch’s μ and σ² move with it; without BN the other examples’ z stay exactly '
      + 'where they were.',
    where: [{ module: 'web/embed/presets.js' }],
    figure: 'embed preset "batch-coupling" at step 100: example 1 moved by (0.5, −0.5)',
    seeds: seeds(5),
    measure: (engine, seed) => probeRun(engine, settingsOf('batch-coupling'), { seed, at: [100] }, (twin) => {
      const b = twin.lastBatch();
      const p = [b.x[0], b.x[1]];
      const unit = { layer: 0, unit: 0 };
      const moved = {};
      for (const t of TWINS) {
        const before = couplingValues(twin, t, unit, 0, p);
        const after = couplingValues(twin, t, unit, 0, [p[0] + 0.5, p[1] - 0.5]);
        moved[t] = Math.max(...before.map((v, j) => (j === 0 ? 0 : Math.abs(v - after[j]))));
      }
      return { m: b.y.length, moved };
    })[0],
    check: (runs) => allOf(runs, [
      ['16 examples in the batch', (d) => d.m === 16],
      ['with BN the others’ z_norm move (by more than 0.01)', (d) => d.moved.withBn > 0.01],
      ['without BN the others’ z do not move at all', (d) => d.moved.withoutBn === 0],
    ]),
  },
  {
    id: 'embed.siblings.caption',
    text: 'Four examples per batch (moons, four sigmoid layers of 8, SGD at 0.1). Layer norm takes μ and σ² over each '
      + 'example’s own units, so the batch’s size does not enter them: with LN the train loss is below 0.1 by step '
      + '4,500 and below 0.01 at step 5,000 in each of 10 seeds. With BN instead, whose μ and σ² come from the four '
      + 'examples, the loss at step 5,000 is still 0.1 to 0.3. Without normalization it is not below 0.1 by step '
      + '5,000. At a batch of one the engine refuses BN (one example has no batch variance) and trains LN.',
    where: [{ module: 'web/embed/presets.js' }],
    figure: 'embed preset "siblings" (norm ln, and switched to bn), steps 0 to 5,000; batch size 1',
    seeds: seeds(10),
    measure: (engine, seed) => {
      const settings = settingsOf('siblings');
      const ln = labRun(engine, settings, { steps: 5000, seed });
      const bn = labRun(engine, { ...settings, norm: 'bn' }, { steps: 5000, seed });
      const one = (norm) => {
        try {
          const twin = engine.createTwin(engineConfig(withChanges(defaults(), { ...settings, norm, batchSize: 1, seed })));
          const status = twin.step(100);
          twin.dispose();
          return TWINS.every((t) => Number.isFinite(status[t].loss) && !status[t].diverged) ? 'trains' : 'diverges';
        } catch (e) {
          return `refused: ${e.message}`;
        }
      };
      return {
        norm: settings.norm, batchSize: settings.batchSize,
        lnTo: stepsTo(ln, 'withBn', 0.1), ln5000: valueAt(ln, 'withBn', 5000),
        bn5000: valueAt(bn, 'withBn', 5000), plainTo: stepsTo(ln, 'withoutBn', 0.1),
        oneBn: one('bn'), oneLn: one('ln'),
      };
    },
    check: (runs) => allOf(runs, [
      ['the preset trains LN at a batch of 4', (d) => d.norm === 'ln' && d.batchSize === 4],
      ['LN below 0.1 by step 4,500 and below 0.01 at step 5,000', (d) => d.lnTo !== null && d.lnTo <= 4500 && d.ln5000 < 0.01],
      ['BN at 0.1 to 0.3 at step 5,000', (d) => d.bn5000 >= 0.1 && d.bn5000 <= 0.3],
      ['without normalization not below 0.1 by step 5,000', (d) => d.plainTo === null],
      ['at a batch of 1 the engine refuses BN, saying why, and trains LN',
        (d) => /batchSize.*at least 2 when batch norm trains/.test(d.oneBn) && d.oneLn === 'trains'],
    ]),
  },
];
