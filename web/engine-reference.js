// Reference access for comparing the engine with other frameworks: one
// training step of one network with explicit parameters (referenceStep), and
// a lone batch-norm layer forward and backward (batchNorm). Part of the facade
// (see engine.js, whose Engine methods call these): every argument is checked
// here before the engine sees it, and nothing returned aliases engine memory.
import { LIMITS, checkBatchNormBudget, checkReferenceBudget } from './engine-budget.js';
import {
  checkArray, checkBnMode, checkInt, checkNumber, fail, layerNorms, ownOptions, show,
} from './engine-checks.js';
import { REFERENCE_FIELDS, configField, normalizeFields } from './engine-config.js';

/**
 * An Error for a failure the engine reported, prefixed with the facade method
 * (or argument) it concerns; error.field holds that name.
 */
export function engineError(field, message) {
  const error = new Error(`${field}: ${message}`);
  error.field = field;
  return error;
}

/** Throws, naming `field` and the array, if any returned array holds a non-finite value. */
function requireFinite(field, arrays, advice) {
  for (const [name, values] of arrays) {
    const i = values.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) throw fail(field, `overflows float32: ${name}[${i}] is ${values[i]}; ${advice}`);
  }
}

const PARAM_KEYS = ['W', 'b', 'gamma', 'beta', 'runningMean', 'runningVar'];

/**
 * The layers' parameters given to referenceStep, checked against the network
 * before the engine is called: [{layer, key, values}].
 */
function checkParams(params, n) {
  const L = n.hidden.length;
  if (params === undefined) return [];
  if (!Array.isArray(params) || params.length > L + 1)
    throw fail('params', `must be an array of at most ${L + 1} layers (hidden layers, then output), got ${show(params)}`);
  const sizes = [...n.hidden, n.outputSize];
  const norms = layerNorms(n);
  const out = [];
  for (let l = 0; l < params.length; ++l) {
    const p = params[l];
    if (p === undefined || p === null) continue;
    const given = ownOptions(`params[${l}]`, p, PARAM_KEYS, 'parameter');
    const nIn = l === 0 ? n.inputSize : sizes[l - 1];
    const norm = l < L ? norms[l] : 'none';
    const hasBn = norm === 'batch';
    const hasBias = l === L || !(hasBn && n.bnPlacement === 'before') || n.keepBias;
    const shapes = { W: sizes[l] * nIn, b: sizes[l], gamma: sizes[l], beta: sizes[l], runningMean: sizes[l], runningVar: sizes[l] };
    for (const [key, value] of Object.entries(given)) {
      const name = `params[${l}].${key}`;
      if (value === undefined) continue;
      const values = checkArray(name, value, shapes[key], { nonNegative: key === 'runningVar' });
      if (key === 'b' && !hasBias) throw fail(name, 'is not used: this layer has no bias (batch norm follows it; set keepBias)');
      if ((key === 'gamma' || key === 'beta') && norm === 'none') throw fail(name, 'is not used: this layer has no normalization');
      if (key.startsWith('running') && !hasBn) throw fail(name, 'is not used: this layer has no batch norm (only BN keeps running statistics)');
      out.push({ layer: l, key, values });
    }
  }
  return out;
}

/**
 * One engine training step of a single network with explicit parameters (see
 * Engine.referenceStep for the documentation).
 * @param {{module: object, make: Function, release: Function}} lease the engine's module and object bookkeeping
 * @param {object} opts
 */
export function referenceStep(lease, opts) {
  if (opts === undefined) throw fail('opts', 'must be an object with x and y');
  const o = ownOptions('opts', opts, ['network', 'params', 'x', 'y', 'mode']);
  const mode = checkBnMode('opts.mode', o.mode ?? 'train');
  const n = normalizeFields(o.network, REFERENCE_FIELDS.filter((f) => f.key !== 'batchSize'), 'network');
  const x = checkArray('x', o.x, undefined, { maxLength: n.inputSize * LIMITS.batchSize });
  if (x.length === 0 || x.length % n.inputSize !== 0)
    throw fail('x', `must hold inputSize (${n.inputSize}) values per example, got ${x.length} values`);
  n.batchSize = x.length / n.inputSize;
  if (n.loss === 'softmax_ce' && n.outputSize < 2) throw fail('network.outputSize', 'must be at least 2 for softmax_ce');
  if (layerNorms(n).includes('batch') && n.batchSize < 2)
    throw fail('x', 'must hold at least 2 examples when the network has batch norm');
  const targetRows = n.loss === 'softmax_ce' ? 1 : n.outputSize;
  const y = checkArray('y', o.y, targetRows * n.batchSize);
  if (n.loss === 'softmax_ce') {
    const bad = Array.prototype.findIndex.call(y, (v) => !Number.isInteger(v) || v < 0 || v >= n.outputSize);
    if (bad >= 0) throw fail(`y[${bad}]`, `must be a class index in [0, ${n.outputSize - 1}], got ${y[bad]}`);
  }
  const params = checkParams(o.params, n);
  checkReferenceBudget(n);

  const M = lease.module;
  const F = M.LayerField;
  const fields = { W: F.W, b: F.B, gamma: F.Gamma, beta: F.Beta, runningMean: F.RunningMean, runningVar: F.RunningVar };
  const net = lease.make('ReferenceNetwork', 'referenceStep');
  try {
    const check = (error) => {
      if (error) throw engineError('referenceStep', error);
    };
    check(net.configure(n));
    for (const { layer, key, values } of params) net.layerView(layer, fields[key]).set(values);
    net.inputView().set(x);
    net.targetView().set(y);
    check(mode === 'train' ? net.trainStep() : net.forward(M.BnMode[mode]));
    const L = n.hidden.length;
    const layers = [];
    for (let l = 0; l <= L; ++l) {
      const read = (f) => net.layerView(l, f).slice();
      const layer = { W: read(F.W), b: read(F.B), dW: read(F.DW), db: read(F.DB) };
      if (l < L) {
        Object.assign(layer, {
          gamma: read(F.Gamma), beta: read(F.Beta), dgamma: read(F.DGamma), dbeta: read(F.DBeta),
          runningMean: read(F.RunningMean), runningVar: read(F.RunningVar),
          Z: read(F.Z), zNorm: read(F.ZNorm), zTilde: read(F.ZTilde), A: read(F.A),
          batchMean: read(F.BatchMean), batchVar: read(F.BatchVar),
        });
      }
      layers.push(layer);
    }
    const out = {
      loss: net.loss(), correct: net.correct(), prediction: net.predictionView().slice(),
      logits: net.logitsView().slice(), dX: net.inputGradientView().slice(), layers,
    };
    requireFinite('referenceStep', [
      ['prediction', out.prediction], ['logits', out.logits], ['dX', out.dX],
      ...layers.flatMap((layer, l) => Object.entries(layer).map(([k, v]) => [`layers[${l}].${k}`, v])),
    ], 'use smaller inputs, parameters or learning rate');
    return out;
  } finally {
    lease.release(net);
  }
}

const BN_KEYS = ['z', 'features', 'gamma', 'beta', 'runningMean', 'runningVar', 'eps', 'momentum', 'batchesTracked',
  'mode', 'dzTilde'];

/**
 * A lone batch-norm layer's forward, and its backward if dzTilde is given (see
 * Engine.batchNorm for the documentation).
 */
export function batchNorm(lease, opts) {
  if (opts === undefined) throw fail('opts', 'must be an object with z and features');
  const o = ownOptions('opts', opts, BN_KEYS);
  const n = checkInt('features', o.features, 1, LIMITS.units);
  const z = checkArray('z', o.z, undefined, { maxLength: n * LIMITS.batchSize });
  if (z.length === 0 || z.length % n !== 0) throw fail('z', `must hold features (${n}) values per example, got ${z.length}`);
  const m = z.length / n;
  // ε and ρ are the network's bnEps and bnMomentum: the same defaults and ranges.
  const epsField = configField('bnEps');
  const momentumField = configField('bnMomentum');
  const eps = o.eps ?? epsField.def;
  let e = checkNumber('eps', eps, epsField, false);
  if (e) throw e;
  const momentum = o.momentum === undefined ? momentumField.def : o.momentum;
  e = momentum === null ? null : checkNumber('momentum', momentum, momentumField, false);
  if (e) throw e;
  const batchesTracked = checkInt('batchesTracked', o.batchesTracked ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const mode = checkBnMode('mode', o.mode ?? 'train');
  if (mode !== 'running' && m < 2) throw fail('z', `must hold at least 2 examples per feature in ${mode} mode, got ${m}`);
  const inputs = {};
  for (const key of ['gamma', 'beta', 'runningMean', 'runningVar']) {
    if (o[key] !== undefined) inputs[key] = checkArray(key, o[key], n, { nonNegative: key === 'runningVar' });
  }
  const dzTilde = o.dzTilde === undefined ? undefined : checkArray('dzTilde', o.dzTilde, n * m);
  checkBatchNormBudget(n, m);

  const M = lease.module;
  const B = M.BnField;
  const bn = lease.make('ReferenceBatchNorm', 'batchNorm');
  try {
    const check = (error) => {
      if (error) throw engineError('batchNorm', error);
    };
    check(bn.configure(n, m, eps, momentum === null ? -1 : momentum));
    const slots = { gamma: B.Gamma, beta: B.Beta, runningMean: B.RunningMean, runningVar: B.RunningVar };
    for (const [key, values] of Object.entries(inputs)) bn.bufferView(slots[key]).set(values);
    bn.setBatchesTracked(batchesTracked);
    bn.bufferView(B.Z).set(z);
    check(bn.forward(M.BnMode[mode]));
    const read = (f) => bn.bufferView(f).slice();
    const out = {
      zTilde: read(B.ZTilde), zNorm: read(B.ZNorm), mean: read(B.Mean), var: read(B.Var), invStd: read(B.InvStd),
      runningMean: read(B.RunningMean), runningVar: read(B.RunningVar), batchesTracked: bn.batchesTracked(),
    };
    requireFinite('z', Object.entries(out).filter(([, v]) => typeof v !== 'number'),
      'its values (or gamma, beta, the running statistics) are too large for float32 arithmetic');
    if (dzTilde !== undefined) {
      bn.bufferView(B.DZTilde).set(dzTilde);
      check(bn.backward());
      Object.assign(out, { dz: read(B.DZ), dgamma: read(B.DGamma), dbeta: read(B.DBeta) });
      requireFinite('dzTilde', [['dz', out.dz], ['dgamma', out.dgamma], ['dbeta', out.dbeta]],
        'its values are too large for float32 arithmetic');
    }
    return out;
  } finally {
    lease.release(bn);
  }
}
