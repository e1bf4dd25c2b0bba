// What one engine object may cost: the JavaScript mirror of engine/budget.hpp.
// The facade checks a description here before the engine allocates anything,
// with the same numbers and formulas, so both refuse the same descriptions;
// the engine checks again (tests/node/budget.test.mjs compares the two).
//
// Three kinds of limit (see engine/budget.hpp for the reasoning):
//  - per-field limits (LIMITS), from what the UI offers plus a margin;
//  - a memory budget per object: the estimated bytes of a twin (parameters,
//    gradients and optimizer state of both networks; the workspaces of the
//    training batch, batch noise, probe and evaluation chunks; the grid) at
//    most BUDGET.objectBytes, its data set at most BUDGET.dataBytes;
//  - a work budget per engine call: one step(n), one evaluation of one network,
//    one probe refresh, one grid cost at most BUDGET.callWork work units
//    (≈ multiply-adds; about a second of WebAssembly on a laptop).
import { fail, layerNorms } from './engine-checks.js';
import { BUDGET, EVAL_CHUNK, LIMITS } from './engine-schema.js';

/**
 * The engine's numbers (engine/budget.hpp, through engine-schema.js): LIMITS,
 * the per-field limits (lab: 8 × 32 units, 2,000 points, batch ≤ 2,000; paper:
 * 784 → 3×100 → 10, batch 60; plus a margin); BUDGET, the bytes of one object
 * (without its data), of a data set, and the work units of one engine call;
 * the largest MNIST file the data budget admits.
 */
export { BUDGET, LIMITS, MAX_MNIST_FILE_BYTES } from './engine-schema.js';

const MiB = 1024 * 1024;

const VALUE_BYTES = 4;              // float32
const FORWARD_VALUE_WORK = 50;      // per hidden or output value: BN and activation forward
const BACKWARD_VALUE_WORK = 100;    // their backward
const LAYER_PASS_WORK = 2000;       // per layer and pass
const PARAMETER_UPDATE_WORK = 4;    // per trained parameter

/**
 * One network's cost (engine/budget.cpp network_cost).
 * @param {{inputSize: number, outputSize: number, hidden: number[], batchNorm: boolean[], norm: string|string[],
 *   normGroups: number, bnPlacement: string, keepBias: boolean, optimizer: string}} n
 */
export function networkCost(n) {
  let weights = 0; let trained = 0; let units = 0;
  let parameterValues = 0; let exampleValues = 0; let fixedValues = 0;
  let inputs = n.inputSize;
  const norms = layerNorms(n);
  n.hidden.forEach((units_l, l) => {
    const bn = norms[l] === 'batch';
    const lnGn = norms[l] === 'layer' || norms[l] === 'group';
    const groups = norms[l] === 'group' ? n.normGroups : 1;
    const bias = !(bn && n.bnPlacement === 'before') || n.keepBias;
    weights += units_l * inputs;
    parameterValues += 2 * units_l * inputs + 2 * units_l + (bn ? 6 * units_l : 0) + (lnGn ? 4 * units_l : 0);
    trained += units_l * inputs + (bias ? units_l : 0) + (bn || lnGn ? 2 * units_l : 0);
    exampleValues += 5 * units_l + (bn || lnGn ? 2 * units_l : 0) + (lnGn ? 3 * groups : 0);
    fixedValues += bn ? 6 * units_l + 4 * units_l : 0;
    units += units_l;
    inputs = units_l;
  });
  const K = n.outputSize;
  weights += K * inputs;
  parameterValues += 2 * K * inputs + 2 * K;
  trained += K * inputs + K;
  exampleValues += 3 * K;
  parameterValues += (n.optimizer === 'adam' ? 2 : n.optimizer === 'momentum' ? 1 : 0) * trained;
  const c = {
    parameterBytes: VALUE_BYTES * parameterValues,
    exampleBytes: VALUE_BYTES * exampleValues,
    fixedBytes: VALUE_BYTES * fixedValues,
    forwardWork: weights + FORWARD_VALUE_WORK * (units + K),
    stepWork: 3 * weights + (FORWARD_VALUE_WORK + BACKWARD_VALUE_WORK) * (units + K),
    passWork: LAYER_PASS_WORK * (n.hidden.length + 1),
    updateWork: PARAMETER_UPDATE_WORK * trained,
  };
  c.workspaceBytes = (batch) => c.fixedBytes + batch * c.exampleBytes;
  c.forward = (examples) => examples * c.forwardWork + c.passWork;
  c.step = (batch) => batch * c.stepWork + 2 * c.passWork + c.updateWork;
  return c;
}

/**
 * The toy sets' split (engine/dataset.hpp toy_train_size): round(points · trainFraction)
 * training points, at least 1 and at most points − 1. tests/node/schema.test.mjs
 * checks it against the engine's own for every lab setting.
 */
export function toyTrainSize(points, trainFraction) {
  return Math.min(Math.max(Math.round(points * trainFraction), 1), points - 1);
}

/** The toy data set's shape: the engine's split, 2-D points, one or two outputs. */
export function toyDataShape(c) {
  const nTrain = toyTrainSize(c.points, c.trainFraction);
  return { nTrain, nTest: c.points - nTrain, inputSize: 2, outputSize: c.loss === 'softmax_ce' ? 2 : 1 };
}

/**
 * A twin's cost (engine/budget.cpp twin_cost) for a normalized config on a data
 * set of the given shape: bytes by setting and work units by call. With
 * `siblings` (normalization names), the cost of one network per sibling
 * (engine: member_networks) instead of the twin's two.
 */
export function twinCost(c, { nTrain, nTest, inputSize, outputSize }, siblings = []) {
  const spec = { ...c, inputSize, outputSize };
  const members = siblings.length > 0 ? siblings.map((norm) => ({ ...spec, norm }))
    : [spec, { ...spec, batchNorm: c.hidden.map(() => false) }];
  const nets = members.map(networkCost);
  const noisy = nets[Math.max(0, members.findIndex((n) => layerNorms(n).includes('batch')))];
  const sum = (f) => nets.reduce((total, n) => total + f(n), 0);
  const largest = (f) => Math.max(...nets.map(f));
  const d = inputSize; const m = c.batchSize; const rows = 1;
  const P = Math.min(c.probeSize, nTrain);
  const L = c.hidden.length; const R = c.gridResolution;
  const summaries = c.bins * 4 * L + 8 * L + 3 * L + L + 4 * (L + 1) + P;
  const trains = (k) => c.trainOnly === 'both' || (c.trainOnly === 'withBn') === (k === 0);
  const examples = nTrain + nTest + P;
  return {
    parameterBytes: sum((n) => n.parameterBytes),
    batchBytes: sum((n) => n.workspaceBytes(m)) + noisy.workspaceBytes(m)
      + VALUE_BYTES * (d * m + rows * m + d * m + LIMITS.noiseDraws + 2 * nTrain + m),
    probeBytes: sum((n) => n.workspaceBytes(P)) + VALUE_BYTES * (nets.length * summaries + d * P),
    evalBytes: sum((n) => n.workspaceBytes(EVAL_CHUNK)) + VALUE_BYTES * (d + rows) * EVAL_CHUNK,
    gridBytes: VALUE_BYTES * 3 * R * R,
    dataBytes: VALUE_BYTES * (nTrain + nTest) * (inputSize + rows),
    stepWork: sum((n) => (trains(nets.indexOf(n)) ? n.step(m) : 0)),
    evalWork: largest((n) => n.forward(examples)),
    probeWork: sum((n) => n.forward(P)),
    gridWork: inputSize === 2 ? largest((n) => n.forward(R * R + P)) : 0,
    noiseWork: noisy.forward(m),
  };
}

export const totalBytes = (cost) => cost.parameterBytes + cost.batchBytes + cost.probeBytes + cost.evalBytes + cost.gridBytes;

/** The most steps one twin.step(n) call may take (engine: max_steps_per_call). */
export function maxStepsPerCall(cost) {
  return Math.min(Math.max(Math.floor(BUDGET.callWork / Math.max(cost.stepWork, 1)), 1), 1e6);
}

/** The most batch-noise draws of one call (engine: max_noise_draws_per_call). */
export function maxNoiseDraws(cost) {
  return Math.min(Math.max(Math.floor(BUDGET.callWork / Math.max(cost.noiseWork, 1)), 1), LIMITS.noiseDraws);
}

const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
const workText = (work) => {
  const exponent = Math.floor(Math.log10(Math.max(work, 1)));
  return `${(work / 10 ** exponent).toFixed(1)}e${exponent}`;
};

function overWork(field, what, work) {
  return fail(field, `must be smaller: ${what} would cost an estimated ${workText(work)} work units, over the budget of ${workText(BUDGET.callWork)} per engine call (about a second)`);
}

function overBytes(field, what, bytes, parts = '') {
  return fail(field, `must be smaller: ${what} would take an estimated ${mib(bytes)} of engine memory${parts}, over the budget of ${mib(BUDGET.objectBytes)} per object`);
}

/**
 * Throws an Error naming the setting behind an exceeded budget (engine/budget.cpp
 * check_twin_budget): config.hidden, config.batchSize, config.probeSize,
 * config.gridResolution, config.points, or the given data's field (data.mnist, data.points).
 * @param {object} c a normalized config
 * @param {{nTrain: number, nTest: number, inputSize: number, outputSize: number}} shape
 * @param {boolean|string} givenData false for a toy set; true ('data.mnist') or the given data's field
 * @param {string[]} [siblings] normalization names: the budget of those siblings instead of the twin
 */
export function checkTwinBudget(c, shape, givenData, siblings = []) {
  const cost = twinCost(c, shape, siblings);
  if (cost.dataBytes > BUDGET.dataBytes)
    throw fail(givenData ? (typeof givenData === 'string' ? givenData : 'data.mnist') : 'config.points', `must be smaller: the data set would take an estimated ${mib(cost.dataBytes)}, over the budget of ${mib(BUDGET.dataBytes)}`);
  const total = totalBytes(cost);
  if (total > BUDGET.objectBytes) {
    const network = cost.parameterBytes + cost.evalBytes;
    let field = 'config.hidden'; let largest = network;
    if (cost.batchBytes > largest) { field = 'config.batchSize'; largest = cost.batchBytes; }
    if (cost.probeBytes > largest) { field = 'config.probeSize'; largest = cost.probeBytes; }
    if (cost.gridBytes > largest) field = 'config.gridResolution';
    throw overBytes(field, siblings.length > 0 ? 'these siblings' : 'this twin', total,
      ` (networks ${mib(network)}, training batch ${mib(cost.batchBytes)}, probe ${mib(cost.probeBytes)}, grid ${mib(cost.gridBytes)})`);
  }
  if (cost.stepWork > BUDGET.callWork) throw overWork('config.batchSize', 'one training step', cost.stepWork);
  if (cost.probeWork > BUDGET.callWork) throw overWork('config.probeSize', 'one probe refresh', cost.probeWork);
  if (cost.evalWork > BUDGET.callWork)
    throw overWork(givenData ? 'config.hidden' : 'config.points', 'evaluating one network on the data set', cost.evalWork);
  if (cost.gridWork > BUDGET.callWork) throw overWork('config.gridResolution', 'one grid evaluation', cost.gridWork);
  return cost;
}

/**
 * A reference network's budget (engine/budget.cpp check_reference_network_budget):
 * `n` is a normalized network with inputSize, outputSize and batchSize (from x).
 */
export function checkReferenceBudget(n) {
  const c = networkCost(n);
  const m = n.batchSize;
  const rows = n.loss === 'softmax_ce' ? 1 : n.outputSize;
  const bytes = c.parameterBytes + 2 * (c.workspaceBytes(m) + VALUE_BYTES * n.inputSize * m) + VALUE_BYTES * (n.inputSize + rows) * m;
  if (bytes > BUDGET.objectBytes)
    throw overBytes(c.parameterBytes >= bytes - c.parameterBytes ? 'network.hidden' : 'x', 'this network', bytes);
  if (c.step(m) > BUDGET.callWork) throw overWork('x', 'one training step on this batch', c.step(m));
}

/** A lone BN layer's budget (engine/budget.cpp check_batchnorm_budget). */
export function checkBatchNormBudget(features, batch) {
  const bytes = VALUE_BYTES * (5 * features * batch + 16 * features);
  if (bytes > BUDGET.objectBytes) throw overBytes('z', 'this batch-norm layer', bytes);
}
