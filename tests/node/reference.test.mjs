// The reference functions agree with known answers: the batch-norm golden
// vector of engine/README.md §9 (PyTorch 1.13.1, float64), a
// network small enough to differentiate by hand, and the twin's own training step.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadNodeEngine, maxRelDiff } from './helpers.mjs';

// float32 engine against float64 references: a few ulps of values of order 1.
const TOL = 2e-6;

let engine;
before(async () => {
  engine = await loadNodeEngine();
});

function assertClose(actual, expected, tol, what) {
  const diff = maxRelDiff(actual, expected);
  assert.ok(diff <= tol, `${what}: got [${Array.from(actual)}], want [${expected}] (difference ${diff.toExponential(2)} > ${tol})`);
}

// engine/README.md §9: x (N=4, C=2) row by row, which is our (C, N) column-major layout.
const GOLDEN = {
  z: [1, 2, 3, 6, 5, 10, 7, -4],
  gamma: [1.5, -0.5],
  beta: [0.1, 0.2],
  dzTilde: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8],
};

test('batchNorm reproduces the golden vector: forward, running statistics, backward (engine/README.md §9)', () => {
  const r = engine.batchNorm({ ...GOLDEN, features: 2 });
  assertClose(r.mean, [4, 3.5], TOL, 'μ');
  assertClose(r.var, [5, 26.75], TOL, 'σ² (biased)');
  // Output y column by column in the spec; interleaved here (feature fastest).
  const y0 = [-1.9124591672916496, -0.5708197224305498, 0.77081972243055, 2.1124591672916497];
  const y1 = [0.34501044625209576, -0.04168407708682623, -0.42837860042574827, 0.9250522312604788];
  assertClose(r.zTilde, y0.flatMap((v, i) => [v, y1[i]]), TOL, 'z̃');
  assertClose(r.runningMean, [0.4, 0.35], TOL, 'running mean');
  assertClose(r.runningVar, [1.5666667, 4.4666667], 1e-6, 'running var (unbiased)');
  assert.equal(r.batchesTracked, 1);
  const dx0 = [0.06708177099754074, 0.13416387740427188, -0.4695737386195468, 0.2683280902177342];
  const dx1 = [0.004156068308281072, -0.013371689236117154, 0.007770005553376828, 0.00144561537445926];
  assertClose(r.dz, dx0.flatMap((v, i) => [v, dx1[i]]), TOL, 'dZ');
  assertClose(r.dgamma, [0.4472131482870332, 2.1654893306979637], TOL, 'dγ');
  assertClose(r.dbeta, [0.6, 0.0], TOL, 'dβ');
});

test('batchNorm in eval mode uses the running statistics (engine/README.md §9 eval check)', () => {
  const trained = engine.batchNorm({ ...GOLDEN, features: 2 });
  const r = engine.batchNorm({
    z: [2, 3], features: 2, gamma: GOLDEN.gamma, beta: GOLDEN.beta, mode: 'eval',
    runningMean: trained.runningMean, runningVar: trained.runningVar, dzTilde: [1, 1],
  });
  assertClose(r.zTilde, [2.0174389891723363, -0.42693659422048136], 1e-6, 'z̃');
  // Fixed statistics are constants: dz = γ·dy/√(running_var + ε).
  assertClose(r.dz, [1.5 / Math.sqrt(1.5666667 + 1e-5), -0.5 / Math.sqrt(4.4666667 + 1e-5)], 1e-6, 'dZ');
});

test('batchNorm with momentum null keeps a cumulative average (engine/README.md §9 cumulative check)', () => {
  let running = {};
  let tracked = 0;
  for (const z of [[1, 3], [10, 14], [0, 6]]) {
    const r = engine.batchNorm({ z, features: 1, momentum: null, batchesTracked: tracked, ...running });
    running = { runningMean: r.runningMean, runningVar: r.runningVar };
    tracked = r.batchesTracked;
  }
  assert.equal(tracked, 3);
  assertClose(running.runningMean, [17 / 3], 1e-6, 'running mean');
  assertClose(running.runningVar, [28 / 3], 1e-6, 'running var');
});

test('batchNorm in batch mode leaves the running statistics alone', () => {
  const r = engine.batchNorm({ ...GOLDEN, features: 2, mode: 'batch' });
  assert.deepEqual(Array.from(r.runningMean), [0, 0]);
  assert.deepEqual(Array.from(r.runningVar), [1, 1]);
  assert.equal(r.batchesTracked, 0);
});

test('referenceStep matches a network differentiated by hand', () => {
  // x → Z1 = 2x → A1 = Z1 (linear) → ŷ = 3·A1 + 0.5, MSE against y, two examples.
  // ŷ = [6.5, 12.5], e = ŷ − y = [0.5, −0.5], ℓ = mean(e²) = 0.25,
  // dŷ = 2e/m = [0.5, −0.5], dW2 = Σ dŷ·A1 = −1, db2 = 0, dA1 = 3·dŷ, dW1 = Σ dA1·x = −1.5.
  const r = engine.referenceStep({
    network: { inputSize: 1, hidden: [1], activation: 'linear', batchNorm: false, loss: 'mse', learningRate: 0.1 },
    params: [{ W: [2], b: [0] }, { W: [3], b: [0.5] }],
    x: [1, 2],
    y: [6, 13],
  });
  assertClose([r.loss], [0.25], 1e-7, 'loss');
  assertClose(r.prediction, [6.5, 12.5], 1e-7, 'prediction');
  assertClose(r.layers[1].dW, [-1], 1e-6, 'dW2');
  assertClose(r.layers[1].db, [0], 1e-6, 'db2');
  assertClose(r.layers[0].dW, [-1.5], 1e-6, 'dW1');
  assertClose(r.layers[0].db, [0], 1e-6, 'db1');
  // SGD: W := W − 0.1·dW
  assertClose(r.layers[0].W, [2.15], 1e-6, 'W1 updated');
  assertClose(r.layers[1].W, [3.1], 1e-6, 'W2 updated');
  assertClose(r.layers[1].b, [0.5], 1e-6, 'b2 updated');
});

test("referenceStep reproduces the twin's last training step: loss, gradients and updated parameters", () => {
  const config = { hidden: [6, 5], seed: 11, batchSize: 16, learningRate: 0.2 };
  const twin = engine.createTwin(config);
  try {
    const status = twin.step(30);
    const batch = twin.lastBatch();
    for (const name of ['withBn', 'withoutBn']) {
      const withBn = name === 'withBn';
      const L = twin.numHidden;
      const layers = [...Array(L).keys()].map((l) => twin.probe(name, l));
      layers.push(twin.output(name));
      // The step was θ_after = θ_before − lr·dθ (plain SGD), so θ_before = θ_after + lr·dθ.
      const before = (after, grad) => after.map((v, i) => v + config.learningRate * grad[i]);
      const params = layers.map((p, l) => {
        const out = { W: before(p.W, p.dW) };
        if (l === L || !withBn) out.b = before(p.b, p.db);
        if (l < L && withBn) Object.assign(out, { gamma: before(p.gamma, p.dgamma), beta: before(p.beta, p.dbeta) });
        return out;
      });
      const r = engine.referenceStep({
        network: { hidden: config.hidden, batchNorm: withBn, learningRate: config.learningRate },
        params, x: batch.x, y: batch.y,
      });
      assertClose([r.loss], [status[name].loss], 1e-5, `${name} loss`);
      layers.forEach((p, l) => {
        for (const [grad, value] of [['dW', 'W'], ['db', 'b'], ['dgamma', 'gamma'], ['dbeta', 'beta']]) {
          if (p[grad] === undefined || p[grad].length === 0 || (grad === 'db' && withBn && l < L)) continue;
          assertClose(r.layers[l][grad], p[grad], 1e-4, `${name} layer ${l} ${grad}`);
          assertClose(r.layers[l][value], p[value], 1e-5, `${name} layer ${l} ${value} after the step`);
        }
      });
    }
  } finally {
    twin.dispose();
  }
});

test("referenceStep in 'running' or 'batch' mode evaluates without changing anything", () => {
  const opts = { network: { hidden: [3] }, x: [0, 1, 1, 0, 0.5, 0.5], y: [1, 0, 1] };
  const start = engine.referenceStep({ ...opts, mode: 'batch' });
  const params = start.layers.map((l, i) => (i === 0 ? { W: l.W, gamma: l.gamma, beta: l.beta } : { W: l.W, b: l.b }));
  for (const mode of ['running', 'batch']) {
    const r = engine.referenceStep({ ...opts, params, mode });
    assert.ok(Number.isFinite(r.loss));
    assert.deepEqual(r.layers[0].W, start.layers[0].W);
    assert.deepEqual(Array.from(r.layers[0].runningMean), [0, 0, 0]);
  }
});

// dX: the gradient of the loss with respect to the input x, by central differences
// of the engine's own float32 loss. h = 1e-2 keeps the float32 round-off of the
// loss (~1e-7) small against the difference, and the truncation error is O(h²·ℓ''') ≈ 1e-5.
function numericDX(opts, h = 1e-2) {
  const x = Float64Array.from(opts.x);
  const loss = () => engine.referenceStep({ ...opts, x, mode: opts.mode === 'running' ? 'running' : 'batch' }).loss;
  return Array.from(x, (v, i) => {
    x[i] = v + h;
    const up = loss();
    x[i] = v - h;
    const down = loss();
    x[i] = v;
    return (up - down) / (2 * h);
  });
}

const FD_NET = {
  inputSize: 3, hidden: [4, 3], activation: ['tanh', 'sigmoid'], batchNorm: [true, false], loss: 'softmax_ce',
  outputSize: 3, seed: 5,
};
const FD_X = [0.5, -1, 0.2, 1.5, 0.3, -0.7, -0.4, 0.9, 1.1, 0.1, -1.3, 0.6];  // (3, 4)

for (const mode of ['train', 'batch', 'running']) {
  test(`referenceStep's dX agrees with finite differences of its loss in ${mode} mode`, () => {
    const opts = { network: FD_NET, x: FD_X, y: [0, 2, 1, 2], mode };
    const r = engine.referenceStep(opts);
    assert.equal(r.dX.length, FD_X.length, 'dX has the layout of x: (inputSize, m)');
    const numeric = numericDX(opts);
    const scale = Math.max(...numeric.map(Math.abs));
    assert.ok(scale > 1e-3, 'a gradient worth checking');
    numeric.forEach((n, i) => {
      // 1e-3 of the largest entry: float32 differences of a float32 loss.
      assert.ok(Math.abs(r.dX[i] - n) <= 1e-3 * scale + 1e-5, `dX[${i}] = ${r.dX[i]}, finite difference ${n}`);
    });
  });
}

test('referenceStep returns the logits the prediction is computed from', () => {
  const soft = engine.referenceStep({ network: FD_NET, x: FD_X, y: [0, 2, 1, 2] });
  assert.equal(soft.logits.length, 3 * 4);
  for (let j = 0; j < 4; ++j) {
    const z = soft.logits.slice(3 * j, 3 * j + 3);
    const max = Math.max(...z);
    const e = Array.from(z, (v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    e.forEach((v, k) => assert.ok(Math.abs(v / sum - soft.prediction[3 * j + k]) < 1e-6, 'softmax(logits)'));
  }
  const bce = engine.referenceStep({ network: { hidden: [3] }, x: [0, 1, 1, 0, 0.5, 0.5], y: [1, 0, 1] });
  bce.logits.forEach((v, j) => assert.ok(Math.abs(1 / (1 + Math.exp(-v)) - bce.prediction[j]) < 1e-6, 'σ(logit)'));
});

test('referenceStep applies one activation per hidden layer', () => {
  const network = { hidden: [3, 2], activation: ['relu', 'tanh'], batchNorm: false, seed: 2 };
  const r = engine.referenceStep({ network, x: [1, -2, -1, 2], y: [1, 0], mode: 'batch' });
  r.layers[0].Z.forEach((z, i) => assert.equal(r.layers[0].A[i], Math.max(z, 0)));
  r.layers[1].Z.forEach((z, i) => assert.ok(Math.abs(r.layers[1].A[i] - Math.tanh(z)) < 1e-6));
  const same = engine.referenceStep({ network: { ...network, activation: ['tanh', 'tanh'] }, x: [1, -2, -1, 2], y: [1, 0] });
  const one = engine.referenceStep({ network: { ...network, activation: 'tanh' }, x: [1, -2, -1, 2], y: [1, 0] });
  assert.deepEqual(same, one);
});

test("'batch' and 'running' modes return the gradients of that loss and change nothing", () => {
  const opts = { network: { hidden: [3] }, x: [0, 1, 1, 0, 0.5, 0.5], y: [1, 0, 1] };
  const train = engine.referenceStep(opts);
  const batch = engine.referenceStep({ ...opts, mode: 'batch' });
  // The same forward statistics, so the same gradients; only 'train' updates.
  assert.deepEqual(batch.layers[0].dW, train.layers[0].dW);
  assert.deepEqual(batch.dX, train.dX);
  assert.notDeepEqual(batch.layers[0].W, train.layers[0].W);
  const running = engine.referenceStep({ ...opts, mode: 'running' });
  assert.ok(running.layers[0].dW.some((v) => v !== 0));
  assert.deepEqual(Array.from(running.layers[0].runningVar), [1, 1, 1]);
});

test("one vocabulary of BN modes: 'running' everywhere, 'eval' still accepted as its old name", () => {
  const trained = engine.batchNorm({ ...GOLDEN, features: 2 });
  const base = { z: [2, 3], features: 2, gamma: GOLDEN.gamma, beta: GOLDEN.beta, runningMean: trained.runningMean, runningVar: trained.runningVar };
  assert.deepEqual(engine.batchNorm({ ...base, mode: 'running' }), engine.batchNorm({ ...base, mode: 'eval' }));
  const opts = { network: { hidden: [3] }, x: [0, 1, 1, 0, 0.5, 0.5], y: [1, 0, 1] };
  assert.deepEqual(engine.referenceStep({ ...opts, mode: 'eval' }), engine.referenceStep({ ...opts, mode: 'running' }));
  const twin = engine.createTwin({ seed: 2 });
  try {
    twin.step(20);
    assert.deepEqual(twin.metrics('eval'), twin.metrics('running'));
    twin.setEvalMode('eval');
    assert.equal(twin.evalMode, 'running');
  } finally {
    twin.dispose();
  }
});
