// Claims of the article's sections 3 (the batch-norm transform, the worked
// example) and 4 (the training loop). See web/claims/ledger.js for the shape
// of a claim.

import { TRAINING_LOOP, WORKED_EXAMPLE } from '../article/figure-settings.js';
import { maxAbsDiff, mean, unitValues, variance } from '../article/stats.js';
import { everySeed, seeds } from './measure.js';
import { settingsMatch, stepBy, withTwin } from './article-measure.js';

const INDEX = [{ file: 'index.html' }];
const module = (name) => [{ module: `web/article/demos/${name}.js` }];

/**
 * The worked example's network after its warm-up and one shown step, for `seed`:
 * per layer and unit, the batch's z, z_norm, z̃, μ_B, σ²_B and the γ, β that step used.
 */
function workedStep(engine, seed) {
  return withTwin(engine, { ...WORKED_EXAMPLE.config, seed }, (twin) => {
    stepBy(twin, WORKED_EXAMPLE.warmUp);
    const layers = WORKED_EXAMPLE.config.hidden.length;
    const used = Array.from({ length: layers }, (_, l) => {
      const b = twin.trainBatch('withBn', l);
      return { gamma: [...b.gamma], beta: [...b.beta] };
    });
    twin.step(1);
    const units = [];
    for (let l = 0; l < layers; ++l) {
      const b = twin.trainBatch('withBn', l);
      for (let u = 0; u < b.units; ++u) {
        units.push({ layer: l, unit: u, m: b.batchSize, z: unitValues(b.Z, b.units, u), zNorm: unitValues(b.zNorm, b.units, u),
          zTilde: unitValues(b.zTilde, b.units, u), mean: b.batchMean[u], var: b.batchVar[u], gamma: used[l].gamma[u],
          beta: used[l].beta[u] });
      }
    }
    return units;
  });
}

/** The two "what if"s of the worked example on every unit of one step, with the engine's lone BN layer. */
function whatIfs(engine, seed) {
  return workedStep(engine, seed).map((s) => {
    const sd = Math.sqrt(s.var + WORKED_EXAMPLE.eps);
    const identity = engine.batchNorm({ z: s.z, features: 1, gamma: [sd], beta: [s.mean], mode: 'batch' });
    const biased = engine.batchNorm({ z: Float32Array.from(s.z, (v) => v + WORKED_EXAMPLE.bias), features: 1,
      gamma: [s.gamma], beta: [s.beta], mode: 'batch' });
    const scale = Math.max(1, ...Array.from(s.z, Math.abs));
    return {
      identityGap: maxAbsDiff(identity.zTilde, s.z) / scale,
      meanShift: biased.mean[0] - s.mean, varChange: Math.abs(biased.var[0] - s.var) / Math.max(1e-6, s.var),
      zNormGap: maxAbsDiff(biased.zNorm, s.zNorm),
    };
  });
}

/** The gradient of a kept bias b in front of BN, in every BN layer, after some training. */
function biasGradient(engine, seed) {
  return withTwin(engine, { ...WORKED_EXAMPLE.config, seed, keepBias: true }, (twin) => {
    stepBy(twin, 50);
    twin.refreshProbes();
    let largest = 0;
    let weights = 0;
    for (let l = 0; l < WORKED_EXAMPLE.config.hidden.length; ++l) {
      const p = twin.probe('withBn', l);
      largest = Math.max(largest, ...Array.from(p.db, Math.abs));
      weights = Math.max(weights, p.gradNorms.W);
    }
    return { largest, weights };
  });
}

/**
 * One step of the training loop's network: γ, β and the running mean before and
 * after, the gradients dγ, dβ, and the batch mean, for every unit of every layer.
 */
function loopStep(engine, seed) {
  return withTwin(engine, { ...TRAINING_LOOP.config, seed }, (twin) => {
    stepBy(twin, TRAINING_LOOP.warmUp);
    const layers = TRAINING_LOOP.config.hidden.length;
    twin.refreshProbes();
    const before = Array.from({ length: layers }, (_, l) => {
      const b = twin.trainBatch('withBn', l);
      return { gamma: [...b.gamma], beta: [...b.beta], running: [...twin.probe('withBn', l).runningMean] };
    });
    twin.step(1);
    twin.refreshProbes();
    const rho = twin.config.bnMomentum;
    const lr = TRAINING_LOOP.config.learningRate;
    let gammaGap = 0;
    let betaGap = 0;
    let runningGap = 0;
    for (let l = 0; l < layers; ++l) {
      const b = twin.trainBatch('withBn', l);
      const p = twin.probe('withBn', l);
      for (let u = 0; u < b.units; ++u) {
        gammaGap = Math.max(gammaGap, Math.abs(b.gamma[u] - (before[l].gamma[u] - lr * p.dgamma[u])));
        betaGap = Math.max(betaGap, Math.abs(b.beta[u] - (before[l].beta[u] - lr * p.dbeta[u])));
        runningGap = Math.max(runningGap, Math.abs(p.runningMean[u] - ((1 - rho) * before[l].running[u] + rho * b.batchMean[u])));
      }
    }
    return { gammaGap, betaGap, runningGap };
  });
}

export const TRANSFORM_CLAIMS = [
  {
    id: 'article.transform.unit',
    text: 'After the third line every unit has mean 0 and variance 1 over the batch.',
    where: INDEX,
    figure: 'worked example (every layer and unit of a step)',
    seeds: seeds(5),
    measure: (engine, seed) => workedStep(engine, seed).map((s) => ({ mean: mean(s.zNorm), var: variance(s.zNorm) })),
    check: (runs) => everySeed(runs, (units) => units.every((u) => Math.abs(u.mean) < 1e-4 && Math.abs(u.var - 1) < 2e-3)),
  },
  {
    id: 'article.worked.text',
    text: 'Here are those four lines on real numbers. The network below has batch norm in every layer and trains on ' +
      'mini-batches of eight examples; press <em>Step</em> and it trains on the next one. Pick a layer and a unit: ' +
      'the strips show the unit\u2019s eight values at each stage, the table lists them, and the line under it works ' +
      'one example through by hand. Tick <em>one axis for all three</em> to put the stages on one number line: ' +
      'subtracting <span class="tex">\\htmlClass{sym-mu}{\\mu}</span> moves the dots, dividing by ' +
      '<span class="tex">\\sigma</span> squeezes or stretches them, and <span class="tex">\\htmlClass{sym-gamma}{\\gamma}</span> ' +
      'and <span class="tex">\\htmlClass{sym-beta}{\\beta}</span> scale and move them again.',
    where: INDEX,
    figure: 'worked example',
    seeds: [WORKED_EXAMPLE.config.seed],
    fixedSeed: true,
    measure: workedStep,
    check: (runs) => [...settingsMatch(WORKED_EXAMPLE.config.batchSize === 8),
      ...everySeed(runs, (units) => units.every((u) => u.m === 8 && u.z.length === 8))],
  },
  {
    id: 'article.worked.caption',
    text: 'A network of three tanh layers of 6 units with batch norm, trained on mini-batches of m = 8 examples. ' +
      'Every number is the engine\u2019s, from the step it just took: the unit\u2019s [[z|z]] for each example of the ' +
      'batch, the batch mean [[mu|\u03bc]] and variance [[var|\u03c3\u00b2]], [[znorm|z_norm]] and [[ztilde|z\u0303]] = ' +
      '[[gamma|\u03b3]]\u00b7z_norm + [[beta|\u03b2]], with the \u03b3 and \u03b2 that step\u2019s forward pass used. ' +
      'The shaded bands are \u03bc \u00b1 \u03c3, \u00b11 and \u03b2 \u00b1 \u03b3. Click a row of the table to follow ' +
      'one example.',
    where: module('worked-example'),
    figure: 'worked example',
    seeds: seeds(5),
    measure: workedStep,
    // z̃ = γ·z_norm + β with the γ, β read before the step, for every example, unit and layer.
    check: (runs) => [
      ...settingsMatch(WORKED_EXAMPLE.config.hidden.join() === '6,6,6' && WORKED_EXAMPLE.config.activation === 'tanh' &&
        WORKED_EXAMPLE.config.batchSize === 8),
      ...everySeed(runs, (units) => units.every((u) => u.zTilde.every((v, i) => Math.abs(u.gamma * u.zNorm[i] + u.beta - v) < 1e-4))),
    ],
  },
  {
    id: 'article.transform.identity',
    text: 'First, if learning sets <span class="tex">\\htmlClass{sym-gamma}{\\gamma} = ' +
      '\\sqrt{\\htmlClass{sym-var}{\\sigma^2} + \\varepsilon}</span> and <span class="tex">\\htmlClass{sym-beta}{\\beta} ' +
      '= \\htmlClass{sym-mu}{\\mu}</span>, the last two lines undo each other and ' +
      '<span class="tex">\\htmlClass{sym-ztilde}{\\tilde z} = \\htmlClass{sym-z}{z}</span>: batch norm can represent ' +
      '"do nothing", so it never takes away what the layer could express.',
    where: INDEX,
    figure: 'worked example (first button)',
    seeds: seeds(5),
    measure: whatIfs,
    check: (runs) => everySeed(runs, (units) => units.every((u) => u.identityGap < 1e-5)),
  },
  {
    id: 'article.worked.identity',
    text: 'With [[gamma|\u03b3]] = \u221a({var} + \u03b5) = {sd} and [[beta|\u03b2]] = [[mu|\u03bc]] = {mean}, the ' +
      'engine\u2019s BN layer returns z\u0303\u2032(i) = z(i) for every example: the largest difference is {gap} ' +
      '(float32 rounding). BN can always choose to do nothing.',
    where: module('worked-example'),
    figure: 'worked example (first button, readout)',
    seeds: seeds(5),
    measure: whatIfs,
    check: (runs) => everySeed(runs, (units) => units.every((u) => u.identityGap < 1e-5)),
  },
  {
    id: 'article.transform.bias',
    text: 'Its gradient is zero (in the engine\u2019s float32 arithmetic, below <span class="tex">10^{-7}</span>: ' +
      'rounding), and <span class="tex">\\htmlClass{sym-beta}{\\beta}</span> takes over its job. That is why the ' +
      'engine drops it (the lab can keep it, so you can watch its gradient stay at zero).',
    where: INDEX,
    figure: 'worked example network with the bias kept',
    seeds: seeds(5),
    measure: biasGradient,
    check: (runs) => everySeed(runs, (d) => d.largest < 1e-7 && d.weights > 0.1),
  },
  {
    id: 'article.worked.bias',
    text: 'Then [[mu|\u03bc]] becomes {after} (it was {before}: up by exactly b) and [[var|\u03c3\u00b2]] stays {var}, ' +
      'so [[znorm|z_norm]] does not change (largest difference {gap}). A bias before BN is subtracted away: its ' +
      'gradient is zero, and [[beta|\u03b2]] does its job.',
    where: module('worked-example'),
    figure: 'worked example (second button, readout)',
    seeds: seeds(5),
    measure: (engine, seed) => ({ units: whatIfs(engine, seed), gradient: biasGradient(engine, seed) }),
    check: (runs) => [...settingsMatch(WORKED_EXAMPLE.bias === 1), ...everySeed(runs, (d) => d.gradient.largest < 1e-7 &&
      d.units.every((u) => Math.abs(u.meanShift - 1) < 1e-5 && u.varChange < 1e-3 && u.zNormGap < 1e-3))],
  },
  {
    id: 'article.loop.caption',
    text: 'One iteration of mini-batch gradient descent with batch norm in every hidden layer, on the engine\u2019s ' +
      'network of three tanh layers of 8 units (batches of 16, \u03b1 = 0.1). The engine runs the whole step at once; ' +
      'the highlight then walks through it. The numbers are that step\u2019s, for the chosen layer and its first ' +
      'unit: the batch statistics [[mu|\u03bc]] and [[var|\u03c3\u00b2]], [[znorm|z_norm]], [[ztilde|z\u0303]] and ' +
      '[[a|a]] for the first examples, the loss, the gradient norms, and [[gamma|\u03b3]], [[beta|\u03b2]] and the ' +
      'running mean before and after the update.',
    where: module('training-loop'),
    figure: 'training loop',
    seeds: seeds(5),
    measure: loopStep,
    check: (runs) => [
      ...settingsMatch(TRAINING_LOOP.config.hidden.join() === '8,8,8' && TRAINING_LOOP.config.activation === 'tanh' &&
        TRAINING_LOOP.config.batchSize === 16 && TRAINING_LOOP.config.learningRate === 0.1),
      ...everySeed(runs, (d) => d.gammaGap < 1e-5 && d.betaGap < 1e-5 && d.runningGap < 1e-5),
    ],
  },
  {
    id: 'article.loop.updates',
    text: 'The three update lines change the parameters themselves, ' +
      '<span class="tex">W^{[l]} := W^{[l]} - \\alpha\\, dW^{[l]}</span> and likewise for ' +
      '<span class="tex">\\htmlClass{sym-gamma}{\\gamma^{[l]}}</span> and <span class="tex">\\htmlClass{sym-beta}{\\beta^{[l]}}</span> ' +
      '(the post writes <span class="tex">dW^{[l]} := dW^{[l]} - \\alpha\\, dW^{[l]}</span>, a slip corrected here), ' +
      'and the last line keeps the running averages that section 7 needs at test time. Check them against the ' +
      'numbers: \u03b3 and \u03b2 move by exactly \u03b1 times their gradients.',
    where: INDEX,
    figure: 'training loop (update lines)',
    seeds: seeds(5),
    measure: loopStep,
    check: (runs) => everySeed(runs, (d) => d.gammaGap < 1e-5 && d.betaGap < 1e-5 && d.runningGap < 1e-5),
  },
  {
    id: 'article.loop.batch-gradient',
    text: 'The backward pass goes through the four lines of the transform too, which is why the gradient with respect ' +
      'to <span class="tex">\\htmlClass{sym-z}{z^{(i)}}</span> depends on the whole batch.',
    where: INDEX,
    figure: 'the engine\u2019s BN layer, backward',
    seeds: seeds(5),
    measure: (engine, seed) => {
      // One unit, a batch of 8: change example 2's z only, and see example 1's dz change.
      const z = Float32Array.from({ length: 8 }, (_, i) => Math.sin(seed * 7 + i * 1.3));
      const dzTilde = Float32Array.from({ length: 8 }, (_, i) => Math.cos(seed * 3 + i));
      const a = engine.batchNorm({ z, features: 1, mode: 'batch', gamma: [1.5], beta: [0.2], dzTilde });
      const moved = Float32Array.from(z, (v, i) => (i === 1 ? v + 0.5 : v));
      const b = engine.batchNorm({ z: moved, features: 1, mode: 'batch', gamma: [1.5], beta: [0.2], dzTilde });
      return { change: Math.abs(a.dz[0] - b.dz[0]) };
    },
    check: (runs) => everySeed(runs, (d) => d.change > 1e-3),
  },
];
