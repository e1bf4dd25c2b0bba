// The lab's settings as data: one declarative table, parsed from and written to
// the URL hash without side effects. The seed is part of it, so a shared URL
// reproduces a run exactly.
//
// Each entry: key (the hash name), kind, default, limits, and `rebuild`: true
// when a change needs a new network (structure, data, seed), false when it can
// be applied between steps (learning rate, evaluation mode, speed).

/** @typedef {'enum'|'int'|'float'|'bool'|'intList'|'boolList'} Kind */

/**
 * @typedef {Object} Setting
 * @property {string} key      name in the URL hash and in the state object
 * @property {Kind} kind
 * @property {*} def           default value
 * @property {string} label    human label (controls, messages)
 * @property {string[]} [options]  allowed values (enum)
 * @property {number} [min]    inclusive lower bound (numbers, list items)
 * @property {number} [max]    inclusive upper bound
 * @property {number} [minLength] list length bounds
 * @property {number} [maxLength]
 * @property {boolean} rebuild whether a change needs a rebuilt twin
 */

/** @type {Setting[]} */
export const SETTINGS = [
  { key: 'dataset', kind: 'enum', def: 'circles', label: 'Dataset',
    options: ['circles', 'xor', 'gaussians', 'spiral', 'moons', 'regression'], rebuild: true },
  { key: 'points', kind: 'int', def: 400, min: 40, max: 2000, label: 'Data points', rebuild: true },
  { key: 'noise', kind: 'float', def: 0.1, min: 0, max: 1, label: 'Noise', rebuild: true },
  { key: 'trainFraction', kind: 'float', def: 0.5, min: 0.1, max: 0.9, label: 'Training fraction', rebuild: true },
  { key: 'shift', kind: 'enum', def: 'none', options: ['none', 'translate', 'scale'],
    label: 'Covariate shift of the test set', rebuild: true },
  { key: 'shiftAmount', kind: 'float', def: 0.5, min: 0, max: 3, label: 'Shift amount', rebuild: true },
  { key: 'hidden', kind: 'intList', def: [8, 8, 8, 8], min: 1, max: 32, minLength: 1, maxLength: 8,
    label: 'Hidden layer sizes', rebuild: true },
  { key: 'bn', kind: 'boolList', def: [true, true, true, true], minLength: 1, maxLength: 8,
    label: 'Batch norm per hidden layer', rebuild: true },
  { key: 'activation', kind: 'enum', def: 'tanh', options: ['tanh', 'sigmoid', 'relu', 'leaky_relu', 'linear'],
    label: 'Activation', rebuild: true },
  { key: 'bnPlacement', kind: 'enum', def: 'before', options: ['before', 'after'],
    label: 'BN placement', rebuild: true },
  { key: 'keepBias', kind: 'bool', def: false, label: 'Keep the bias before BN', rebuild: true },
  { key: 'learningRate', kind: 'float', def: 0.1, min: 0.00001, max: 10, label: 'Learning rate', rebuild: false },
  { key: 'batchSize', kind: 'int', def: 16, min: 2, max: 2000, label: 'Batch size', rebuild: true },
  { key: 'optimizer', kind: 'enum', def: 'sgd', options: ['sgd', 'momentum', 'adam'], label: 'Optimizer',
    rebuild: true },
  { key: 'init', kind: 'enum', def: 'xavier', options: ['xavier', 'he', 'gaussian'], label: 'Initialization',
    rebuild: true },
  { key: 'initScale', kind: 'float', def: 1, min: 0.01, max: 10, label: 'Init scale', rebuild: true },
  { key: 'bnMomentum', kind: 'float', def: 0.1, min: 0, max: 1, label: 'BN momentum', rebuild: true },
  { key: 'bnEps', kind: 'float', def: 1e-5, min: 1e-8, max: 1, label: 'BN ε', rebuild: true },
  { key: 'weightDecay', kind: 'float', def: 0, min: 0, max: 1, label: 'L2 weight decay', rebuild: true },
  { key: 'seed', kind: 'int', def: 1, min: 0, max: 2147483647, label: 'Seed', rebuild: true },
  { key: 'evalMode', kind: 'enum', def: 'running', options: ['running', 'batch'],
    label: 'Statistics for inference', rebuild: false },
  { key: 'unit', kind: 'int', def: 0, min: 0, max: 31, label: 'Highlighted unit', rebuild: false },
  { key: 'speed', kind: 'int', def: 10, min: 1, max: 500, label: 'Steps per frame', rebuild: false },
  { key: 'stopAt', kind: 'int', def: 0, min: 0, max: 1000000, label: 'Stop at step (0 = never)', rebuild: false },
  { key: 'targetLoss', kind: 'float', def: 0, min: 0, max: 10, label: 'Stop at test loss (0 = never)',
    rebuild: false },
];

const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

/** The setting described by `key`, or undefined. */
export function setting(key) {
  return BY_KEY.get(key);
}

/** A fresh state object holding every default. */
export function defaults() {
  const state = {};
  for (const s of SETTINGS) state[s.key] = Array.isArray(s.def) ? [...s.def] : s.def;
  return state;
}

function inRange(s, x) {
  return (s.min === undefined || x >= s.min) && (s.max === undefined || x <= s.max);
}

function rangeText(s) {
  return `${s.min}–${s.max}`;
}

/**
 * Parses one raw string for a setting. Returns {value} or {error}.
 * @param {Setting} s
 * @param {string} raw
 */
export function parseValue(s, raw) {
  const text = String(raw).trim();
  switch (s.kind) {
    case 'enum':
      return s.options.includes(text) ? { value: text } : { error: `must be one of ${s.options.join(', ')}` };
    case 'bool':
      if (text === '1' || text === 'true') return { value: true };
      if (text === '0' || text === 'false') return { value: false };
      return { error: 'must be 0 or 1' };
    case 'int':
    case 'float': {
      const x = Number(text);
      if (text === '' || !Number.isFinite(x)) return { error: 'must be a finite number' };
      if (s.kind === 'int' && !Number.isInteger(x)) return { error: 'must be an integer' };
      if (!inRange(s, x)) return { error: `must be in ${rangeText(s)}` };
      return { value: x };
    }
    case 'intList':
    case 'boolList': {
      const parts = text === '' ? [] : text.split(',');
      if (parts.length < s.minLength || parts.length > s.maxLength)
        return { error: `must list ${s.minLength} to ${s.maxLength} values` };
      const values = [];
      for (const p of parts) {
        if (s.kind === 'boolList') {
          if (p !== '0' && p !== '1') return { error: 'must be a list of 0 and 1' };
          values.push(p === '1');
        } else {
          const x = Number(p);
          if (!Number.isInteger(x) || !inRange(s, x)) return { error: `must be integers in ${rangeText(s)}` };
          values.push(x);
        }
      }
      return { value: values };
    }
    default:
      return { error: 'has an unknown kind' };
  }
}

/** Writes one value as its hash text. */
export function formatValue(s, value) {
  switch (s.kind) {
    case 'bool': return value ? '1' : '0';
    case 'intList': return value.join(',');
    case 'boolList': return value.map((b) => (b ? '1' : '0')).join(',');
    default: return String(value);
  }
}

/**
 * Makes a state consistent: the BN flags follow the number of hidden layers
 * (new layers get BN on), the highlighted unit fits the widest layer.
 * Returns a new object; the input is not modified.
 */
export function normalize(state) {
  const out = { ...state, hidden: [...state.hidden], bn: [...state.bn] };
  while (out.bn.length < out.hidden.length) out.bn.push(true);
  out.bn.length = out.hidden.length;
  out.unit = Math.min(out.unit, Math.max(...out.hidden) - 1);
  return out;
}

/**
 * Reads a URL hash ("#a=1&b=2" or "a=1&b=2"). Unknown keys and bad values fall
 * back to defaults and are reported, so the page can say which were ignored.
 * @returns {{state: Object, ignored: {key: string, value: string, reason: string}[]}}
 */
export function parseHash(hash) {
  const state = defaults();
  const ignored = [];
  const text = String(hash || '').replace(/^#/, '');
  if (text) {
    for (const pair of text.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      let key, raw;
      try {
        key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
        raw = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
      } catch {
        ignored.push({ key: pair, value: '', reason: 'is not valid URL encoding' });
        continue;
      }
      const s = BY_KEY.get(key);
      if (!s) {
        ignored.push({ key, value: raw, reason: 'is not a setting' });
        continue;
      }
      const parsed = parseValue(s, raw);
      if ('error' in parsed) ignored.push({ key, value: raw, reason: parsed.error });
      else state[key] = parsed.value;
    }
  }
  return { state: normalize(state), ignored };
}

/** The hash text ("a=1&b=2", no leading #) for a state: every setting, in table order. */
export function toHash(state) {
  // Commas stay readable: they are legal in a fragment.
  return SETTINGS.map((s) => `${s.key}=${encodeURIComponent(formatValue(s, state[s.key])).replace(/%2C/g, ',')}`)
    .join('&');
}

/** One sentence naming the ignored settings, or '' when none were. */
export function ignoredMessage(ignored) {
  if (!ignored.length) return '';
  const parts = ignored.map((i) => `“${i.key}${i.value ? '=' + i.value : ''}” (${i.reason})`);
  return `Ignored from the link, using defaults instead: ${parts.join('; ')}.`;
}

/** Keys whose values differ between two states. */
export function changedKeys(a, b) {
  return SETTINGS.filter((s) => formatValue(s, a[s.key]) !== formatValue(s, b[s.key])).map((s) => s.key);
}

/** Whether going from state a to b needs a rebuilt twin. */
export function needsRebuild(a, b) {
  return changedKeys(a, b).some((k) => BY_KEY.get(k).rebuild);
}

/**
 * The engine configuration (web/engine.js createTwin fields) for a state.
 * Binary classification uses one sigmoid output; regression uses MSE.
 */
export function engineConfig(state) {
  const regression = state.dataset === 'regression';
  return {
    dataset: state.dataset,
    points: state.points,
    noise: state.noise,
    trainFraction: state.trainFraction,
    shift: state.shift,
    shiftAmount: state.shiftAmount,
    hidden: [...state.hidden],
    batchNorm: [...state.bn],
    activation: state.activation,
    bnPlacement: state.bnPlacement,
    keepBias: state.keepBias,
    bnEps: state.bnEps,
    bnMomentum: state.bnMomentum,
    loss: regression ? 'mse' : 'sigmoid_bce',
    optimizer: state.optimizer,
    learningRate: state.learningRate,
    weightDecay: state.weightDecay,
    init: state.init,
    initScale: state.initScale,
    seed: state.seed,
    batchSize: state.batchSize,
    probeUnit: state.unit,
  };
}
