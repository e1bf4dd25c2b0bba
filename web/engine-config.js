// The settings of a twin and the facade's argument checks: pure JavaScript,
// no WebAssembly. web/engine.js validates everything here before the engine
// sees it; the engine validates again and its messages surface as Errors.
//
// Errors thrown here name the offending field first ("config.batchSize must
// be …") and carry it in error.field.

export const TWINS = Object.freeze(['withBn', 'withoutBn']);

/**
 * Statistics BN layers use when evaluating (metrics, grid): 'running' = the
 * running averages (inference), 'batch' = the statistics of the fixed probe batch.
 */
export const EVAL_MODES = Object.freeze(['running', 'batch']);

const NAMES = {
  // 'mnist': real digits (engine/mnist.hpp); createTwin() then needs the file's bytes.
  dataset: ['circles', 'xor', 'gaussians', 'spiral', 'moons', 'regression', 'mnist'],
  shift: ['none', 'translate', 'scale'],
  activation: ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear'],
  bnPlacement: ['before', 'after'],
  loss: ['auto', 'softmax_ce', 'sigmoid_bce', 'mse'],
  optimizer: ['sgd', 'momentum', 'adam'],
  init: ['xavier', 'he', 'gaussian'],
};

/**
 * Every twin setting: camelCase name, kind, default, limits. The defaults are
 * the engine's (NetworkSpec, DatasetSpec, TrainerSpec). Kinds: 'enum', 'int',
 * 'number', 'bool', 'intList', 'bools' (a bool, or one bool per hidden layer),
 * 'momentum' (a number, or null for a cumulative average).
 */
export const CONFIG_FIELDS = Object.freeze([
  // DatasetSpec
  { key: 'dataset', kind: 'enum', def: 'circles', options: NAMES.dataset },
  { key: 'points', kind: 'int', def: 400, min: 10, max: 20000 },
  { key: 'noise', kind: 'number', def: 0.1, min: 0, max: 1 },
  { key: 'trainFraction', kind: 'number', def: 0.5, min: 0.1, max: 0.9 },
  { key: 'shift', kind: 'enum', def: 'none', options: NAMES.shift },
  { key: 'shiftAmount', kind: 'number', def: 0.5, min: 0, max: 3 },
  // MNIST only: pixel byte ≥ 128 → 1, else 0 (the paper's binary images).
  { key: 'binarize', kind: 'bool', def: false },
  // NetworkSpec
  { key: 'hidden', kind: 'intList', def: [8, 8, 8, 8], min: 1, max: 1024, minLength: 1, maxLength: 16 },
  { key: 'activation', kind: 'enum', def: 'tanh', options: NAMES.activation },
  { key: 'batchNorm', kind: 'bools', def: true },
  { key: 'bnPlacement', kind: 'enum', def: 'before', options: NAMES.bnPlacement },
  { key: 'keepBias', kind: 'bool', def: false },
  { key: 'bnEps', kind: 'number', def: 1e-5, min: 1e-12, max: 1 },
  { key: 'bnMomentum', kind: 'momentum', def: 0.1, min: 0, max: 1 },
  // 'auto': mse for the regression dataset, sigmoid_bce otherwise.
  { key: 'loss', kind: 'enum', def: 'auto', options: NAMES.loss },
  { key: 'optimizer', kind: 'enum', def: 'sgd', options: NAMES.optimizer },
  { key: 'learningRate', kind: 'number', def: 0.1, min: 0, max: 1000 },
  { key: 'momentum', kind: 'number', def: 0.9, min: 0, max: 0.9999 },
  { key: 'beta1', kind: 'number', def: 0.9, min: 0, max: 0.9999 },
  { key: 'beta2', kind: 'number', def: 0.999, min: 0, max: 0.999999 },
  { key: 'adamEpsilon', kind: 'number', def: 1e-8, min: 1e-12, max: 1 },
  { key: 'weightDecay', kind: 'number', def: 0, min: 0, max: 10 },
  { key: 'init', kind: 'enum', def: 'xavier', options: NAMES.init },
  { key: 'initScale', kind: 'number', def: 1, min: 1e-6, max: 100 },
  { key: 'seed', kind: 'int', def: 1, min: 0, max: Number.MAX_SAFE_INTEGER },
  { key: 'batchSize', kind: 'int', def: 32, min: 1, max: 65536 },
  // TrainerSpec
  { key: 'probeSize', kind: 'int', def: 256, min: 2, max: 65536 },
  { key: 'bins', kind: 'int', def: 32, min: 2, max: 512 },
  { key: 'histRange', kind: 'number', def: 4, min: 1e-6, max: 1e6 },
  { key: 'probeUnit', kind: 'int', def: 0, min: 0, max: 1023 },
  { key: 'gridResolution', kind: 'int', def: 40, min: 2, max: 256 },
  { key: 'gridExtent', kind: 'number', def: 1.5, min: 1e-3, max: 100 },
  // Which net step() trains: 'both', or one only, so that two Web Workers can each
  // train one twin of the same run (same data, initial weights and batches from the seed).
  { key: 'trainOnly', kind: 'enum', def: 'both', options: ['both', ...TWINS] },
]);

// The network fields, plus input and output sizes, configure a ReferenceNetwork.
/**
 * Defaults that differ for dataset 'mnist': the Figure 1 network of Ioffe &
 * Szegedy §4.1 as engine/mnist.hpp's mnist_fig1_spec() sets it up (784 → 3×100
 * sigmoid → 10, batches of 60; the learning rate and init std are ours, not the paper's).
 */
export const MNIST_DEFAULTS = Object.freeze({
  hidden: [100, 100, 100], activation: 'sigmoid', loss: 'softmax_ce', init: 'gaussian', initScale: 0.03,
  learningRate: 0.5, batchSize: 60,
});

const NETWORK_KEYS = new Set(['hidden', 'activation', 'batchNorm', 'bnPlacement', 'keepBias', 'bnEps',
  'bnMomentum', 'loss', 'optimizer', 'learningRate', 'momentum', 'beta1', 'beta2', 'adamEpsilon', 'weightDecay',
  'init', 'initScale', 'seed']);
export const REFERENCE_FIELDS = Object.freeze([
  { key: 'inputSize', kind: 'int', def: 2, min: 1, max: 4096 },
  { key: 'outputSize', kind: 'int', def: 1, min: 1, max: 1024 },
  ...CONFIG_FIELDS.filter((f) => NETWORK_KEYS.has(f.key)).map((f) => (f.key === 'loss'
    ? { ...f, def: 'sigmoid_bce', options: NAMES.loss.slice(1) } : f)),
]);

// ---- validation --------------------------------------------------------------

export function fail(field, message) {
  const error = new Error(`${field} ${message}`);
  error.field = field;
  return error;
}

export const show = (v) => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `[${v}]` : String(v));

export function checkNumber(name, v, f, integer) {
  if (typeof v !== 'number') return fail(name, `must be a number, got ${typeof v} ${show(v)}`);
  if (!Number.isFinite(v)) return fail(name, `must be a finite number, got ${v}`);
  if (integer && !Number.isInteger(v)) return fail(name, `must be an integer, got ${v}`);
  if (v < f.min || v > f.max) return fail(name, `must be in [${f.min}, ${f.max}], got ${v}`);
  return null;
}

function checkValue(name, v, f, hiddenCount) {
  switch (f.kind) {
    case 'enum':
      if (typeof v !== 'string') return fail(name, `must be a string, got ${typeof v} ${show(v)}`);
      if (!f.options.includes(v)) return fail(name, `must be one of ${f.options.join(', ')}; got ${show(v)}`);
      return null;
    case 'int':
      return checkNumber(name, v, f, true);
    case 'number':
      return checkNumber(name, v, f, false);
    case 'momentum':
      return v === null ? null : checkNumber(name, v, f, false);
    case 'bool':
      return typeof v === 'boolean' ? null : fail(name, `must be true or false, got ${typeof v} ${show(v)}`);
    case 'intList': {
      if (!Array.isArray(v)) return fail(name, `must be an array of integers, got ${typeof v} ${show(v)}`);
      if (v.length < f.minLength || v.length > f.maxLength)
        return fail(name, `must list ${f.minLength} to ${f.maxLength} layer sizes, got ${v.length}`);
      for (let i = 0; i < v.length; ++i) {
        const e = checkNumber(`${name}[${i}]`, v[i], f, true);
        if (e) return e;
      }
      return null;
    }
    case 'bools': {
      if (typeof v === 'boolean') return null;
      if (!Array.isArray(v)) return fail(name, `must be true, false or one boolean per hidden layer, got ${show(v)}`);
      if (v.length !== hiddenCount)
        return fail(name, `must have one flag per hidden layer (${hiddenCount}), got ${v.length}`);
      const bad = v.findIndex((b) => typeof b !== 'boolean');
      return bad < 0 ? null : fail(`${name}[${bad}]`, `must be true or false, got ${show(v[bad])}`);
    }
    default:
      return fail(name, 'has an unknown kind');
  }
}

/**
 * Fills defaults (`overrides` first, then each field's own) and checks every
 * field of `input` against `fields`.
 */
export function normalizeFields(input, fields, prefix, overrides = {}) {
  if (input === undefined) input = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw fail(prefix, `must be a plain object, got ${show(input)}`);
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) throw fail(`${prefix}.${key}`, `is not a setting (known: ${[...known.keys()].join(', ')})`);
  }
  const out = {};
  for (const f of fields) {
    const given = input[f.key];
    const def = f.key in overrides ? overrides[f.key] : f.def;
    out[f.key] = given === undefined ? (Array.isArray(def) ? [...def] : def) : given;
  }
  const hiddenCount = Array.isArray(out.hidden) ? out.hidden.length : 0;
  for (const f of fields) {
    const e = checkValue(`${prefix}.${f.key}`, out[f.key], f, hiddenCount);
    if (e) throw e;
  }
  if (Array.isArray(out.hidden)) out.hidden = [...out.hidden];
  out.batchNorm = Array.isArray(out.batchNorm) ? [...out.batchNorm] : out.hidden.map(() => out.batchNorm);
  const anyBn = out.batchNorm.some(Boolean);
  if (anyBn && out.batchSize !== undefined && out.batchSize < 2)
    throw fail(`${prefix}.batchSize`, `must be at least 2 when batch norm trains (one example has no batch variance), got ${out.batchSize}`);
  return out;
}

/**
 * A complete, validated twin config: every field of CONFIG_FIELDS, defaults
 * filled in (MNIST_DEFAULTS first for dataset 'mnist'), `batchNorm` expanded
 * to one flag per hidden layer and `loss` resolved from 'auto'. Throws an
 * Error naming the offending field for a wrong type, NaN, a value out of
 * range, an unknown field, or a combination the engine cannot train (batch
 * size 1 with BN, a batch larger than the training set, a loss that does not
 * fit the data).
 * @param {object} [config]
 * @param {number} [trainSize] the training-set size when the data is given
 *   (MNIST); the toy sets' size follows from points and trainFraction.
 * @returns {object}
 */
export function normalizeConfig(config, trainSize) {
  const mnist = config !== null && typeof config === 'object' && config.dataset === 'mnist';
  const c = normalizeFields(config, CONFIG_FIELDS, 'config', mnist ? MNIST_DEFAULTS : {});
  const regression = c.dataset === 'regression';
  if (c.loss === 'auto') c.loss = regression ? 'mse' : mnist ? 'softmax_ce' : 'sigmoid_bce';
  if (mnist && c.loss !== 'softmax_ce')
    throw fail('config.loss', `must be softmax_ce for the mnist dataset (ten classes), got "${c.loss}"`);
  if (regression !== (c.loss === 'mse'))
    throw fail('config.loss', `must be ${regression ? 'mse' : 'softmax_ce or sigmoid_bce'} for the ${c.dataset} dataset, got "${c.loss}"`);
  // The engine's split: round(points · trainFraction), at least 1 and at most points − 1.
  const nTrain = trainSize ?? Math.min(Math.max(Math.round(c.points * c.trainFraction), 1), c.points - 1);
  const source = trainSize === undefined ? 'points · trainFraction' : 'the data';
  if (c.batchSize > nTrain)
    throw fail('config.batchSize', `must be at most the training-set size ${nTrain} (${source}), got ${c.batchSize}`);
  return c;
}

export function checkTwin(twin) {
  const t = TWINS.indexOf(twin);
  if (t < 0) throw fail('twin', `must be one of ${TWINS.join(', ')}; got ${show(twin)}`);
  return t;
}

export function checkMode(mode) {
  const m = EVAL_MODES.indexOf(mode);
  if (m < 0) throw fail('mode', `must be one of ${EVAL_MODES.join(', ')}; got ${show(mode)}`);
  return m;
}

export function checkInt(name, v, min, max) {
  const e = checkNumber(name, v, { min, max }, true);
  if (e) throw e;
  return v;
}

/** An array-like of finite numbers of the given length (or any length if undefined). */
export function checkArray(name, values, length) {
  if (!(Array.isArray(values) || ArrayBuffer.isView(values)) || values instanceof DataView)
    throw fail(name, `must be an array or typed array of numbers, got ${show(values)}`);
  if (length !== undefined && values.length !== length)
    throw fail(name, `must have ${length} values, got ${values.length}`);
  for (let i = 0; i < values.length; ++i) {
    if (typeof values[i] !== 'number' || !Number.isFinite(values[i]))
      throw fail(`${name}[${i}]`, `must be a finite number, got ${show(values[i])}`);
  }
  return values;
}
