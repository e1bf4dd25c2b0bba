// The settings of a twin: normalizeConfig(), which fills defaults and checks a
// config before the engine sees it, by the table of every field. The table is
// the engine's own (engine/settings.hpp), generated into engine-schema.js:
// CONFIG_FIELDS lists a twin's fields (key, kind, default, limits or options,
// whether a built twin takes it live), REFERENCE_FIELDS a lone network's, and
// MNIST_DEFAULTS what the paper's network changes. Pure JavaScript, no
// WebAssembly; the argument checks it uses live in engine-checks.js and the
// cost limits in engine-budget.js.
//
// Errors thrown here name the offending field first ("config.batchSize must
// be …") and carry it in error.field.
import { checkTwinBudget, toyDataShape } from './engine-budget.js';
import { checkNumber, fail, layerNorms, ownOptions, show } from './engine-checks.js';
import {
  ACTIVATION_FACTS, CONFIG_FIELDS, MNIST_DEFAULTS, NAMES, REFERENCE_FIELDS,
} from './engine-schema.js';

export {
  ACTIVATION_FACTS, CONFIG_FIELDS, FIELDS, MNIST_DEFAULTS, NAMES, REFERENCE_FIELDS,
} from './engine-schema.js';
export {
  BN_MODES, EVAL_MODES, FLOAT32_MAX, MODE_ALIASES, TWINS, checkArray, checkBnMode, checkInt, checkMode, checkNumber,
  checkTwin, fail, ownOptions, show,
} from './engine-checks.js';

/** The activation functions g, by name. */
export const ACTIVATIONS = NAMES.activation;

// ---- validation --------------------------------------------------------------

function checkName(name, v, options) {
  if (typeof v !== 'string') return fail(name, `must be a string, got ${typeof v} ${show(v)}`);
  if (!options.includes(v)) return fail(name, `must be one of ${options.join(', ')}; got ${show(v)}`);
  return null;
}

// One value per hidden layer: the array's length, then each entry.
function checkPerLayer(name, v, hiddenCount, what, checkEntry) {
  if (v.length !== hiddenCount) return fail(name, `must have one ${what} per hidden layer (${hiddenCount}), got ${v.length}`);
  for (let i = 0; i < v.length; ++i) {
    const e = checkEntry(`${name}[${i}]`, v[i]);
    if (e) return e;
  }
  return null;
}

function checkValue(name, v, f, hiddenCount) {
  switch (f.kind) {
    case 'enum':
      return checkName(name, v, f.options);
    case 'int':
      return checkNumber(name, v, f, true);
    case 'number':
      return checkNumber(name, v, f, false);
    case 'numberOrNull':
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
      return checkPerLayer(name, v, hiddenCount, 'flag',
        (n, b) => (typeof b === 'boolean' ? null : fail(n, `must be true or false, got ${show(b)}`)));
    }
    case 'numbers': {
      if (typeof v === 'number') return checkNumber(name, v, f, false);
      if (!Array.isArray(v))
        return fail(name, `must be a number, or an array of one number per hidden layer; got ${typeof v} ${show(v)}`);
      return checkPerLayer(name, v, hiddenCount, 'number', (n, x) => checkNumber(n, x, f, false));
    }
    case 'enums': {
      if (typeof v === 'string') return checkName(name, v, f.options);
      if (!Array.isArray(v))
        return fail(name, `must be one of ${f.options.join(', ')}, or an array of one per hidden layer; got ${show(v)}`);
      return checkPerLayer(name, v, hiddenCount, 'name', (n, s) => checkName(n, s, f.options));
    }
    default:
      return fail(name, 'has an unknown kind');
  }
}

/**
 * Fills defaults (`overrides` first, then each field's own) and checks every
 * field of `input` against `fields`. Only the object's own properties count:
 * an inherited `learningRate` is not a setting.
 */
export function normalizeFields(input, fields, prefix, overrides = {}) {
  const known = fields.map((f) => f.key);
  const given = ownOptions(prefix, input, known, 'setting');
  const out = {};
  for (const f of fields) {
    const def = Object.hasOwn(overrides, f.key) ? overrides[f.key] : f.def;
    out[f.key] = given[f.key] === undefined ? (Array.isArray(def) ? [...def] : def) : given[f.key];
  }
  const hiddenCount = Array.isArray(out.hidden) ? out.hidden.length : 0;
  for (const f of fields) {
    const e = checkValue(`${prefix}.${f.key}`, out[f.key], f, hiddenCount);
    if (e) throw e;
  }
  out.hidden = [...out.hidden];
  if (Array.isArray(out.activation)) out.activation = [...out.activation];
  out.batchNorm = Array.isArray(out.batchNorm) ? [...out.batchNorm] : out.hidden.map(() => out.batchNorm);
  if (Array.isArray(out.norm)) out.norm = [...out.norm];
  if (Array.isArray(out.bnNoise)) out.bnNoise = [...out.bnNoise];
  const norms = layerNorms(out);
  const anyBn = norms.includes('batch');
  if (anyBn && out.batchSize !== undefined && out.batchSize < 2)
    throw fail(`${prefix}.batchSize`, `must be at least 2 when batch norm trains (one example has no batch variance), got ${out.batchSize}`);
  norms.forEach((kind, l) => {
    if (kind === 'group' && out.hidden[l] % out.normGroups !== 0)
      throw fail(`${prefix}.normGroups`, `must divide every group-norm layer's units (hidden layer ${l} has ${out.hidden[l]}), got ${out.normGroups}`);
  });
  return out;
}

const FIELD_BY_KEY = new Map([...REFERENCE_FIELDS, ...CONFIG_FIELDS].map((f) => [f.key, f]));

/** The setting named `key` (CONFIG_FIELDS or REFERENCE_FIELDS), or undefined. */
export function configField(key) {
  return FIELD_BY_KEY.get(key);
}

/** Whether activation g saturates (tanh, sigmoid): the engine's fact, for figures that mark saturation. */
export function activationSaturates(g) {
  return ACTIVATION_FACTS[g]?.saturates === true;
}

/**
 * A complete, validated twin config: every field of CONFIG_FIELDS, defaults
 * filled in (MNIST_DEFAULTS first for dataset 'mnist'), `batchNorm` expanded
 * to one flag per hidden layer and `loss` resolved from 'auto'. Throws an
 * Error naming the offending field for a wrong type, NaN, a value out of
 * range, an unknown field, a combination the engine cannot train (batch
 * size 1 with BN, a batch larger than the training set, a loss that does not
 * fit the data), or a twin over the memory or work budget (engine-budget.js).
 * @param {object} [config]
 * @param {{nTrain: number, nTest: number, inputSize: number, outputSize: number, field?: string}} [data]
 *   the data set's shape when the data is given (MNIST, or points: field 'data.points' names it in errors); the toy sets' shape
 *   follows from points and trainFraction. A number is taken as nTrain alone (no budget check).
 * @returns {object}
 */
export function normalizeConfig(config, data) {
  const mnist = config !== null && typeof config === 'object' && Object.hasOwn(config, 'dataset') &&
    config.dataset === 'mnist';
  const c = normalizeFields(config, CONFIG_FIELDS, 'config', mnist ? MNIST_DEFAULTS : {});
  const regression = c.dataset === 'regression';
  if (c.loss === 'auto') c.loss = regression ? 'mse' : mnist ? 'softmax_ce' : 'sigmoid_bce';
  if (mnist && c.loss !== 'softmax_ce')
    throw fail('config.loss', `must be softmax_ce for the mnist dataset (ten classes), got "${c.loss}"`);
  if (regression !== (c.loss === 'mse'))
    throw fail('config.loss', `must be ${regression ? 'mse' : 'softmax_ce or sigmoid_bce'} for the ${c.dataset} dataset, got "${c.loss}"`);
  // Without the MNIST data's shape only the fields themselves can be checked.
  const given = data !== null && typeof data === 'object';
  const shape = given ? data : toyDataShape(c);
  const nTrain = typeof data === 'number' ? data : shape.nTrain;
  const source = given ? 'the data' : 'points · trainFraction';
  if (c.batchSize > nTrain)
    throw fail('config.batchSize', `must be at most the training-set size ${nTrain} (${source}), got ${c.batchSize}`);
  if (given || (!mnist && data === undefined)) checkTwinBudget(c, shape, given ? (data.field ?? 'data.mnist') : false);
  return c;
}
