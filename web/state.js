// The lab's settings as data: one declarative table, parsed from and written to
// the URL hash without side effects. The seed is part of it, so a shared URL
// reproduces a run exactly.
//
// Each entry: key (the hash name), kind, default, limits, `rebuild` (true when
// a change needs a new network: structure, data, seed; false when it can be
// applied between steps: learning rate, evaluation mode, what is shown), and
// how the page shows it: `group` (where the control lives) and `control`.

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
 * @property {'data'|'network'|'training'|'bn'|'player'|'view'} group  where the page shows the control
 * @property {'select'|'segmented'|'range'|'log'|'number'|'checkbox'|'layers'} control  how it is edited
 * @property {number} [step]   slider / number step
 * @property {string} [help]   one sentence shown as the control's description
 * @property {Object<string, string>} [optionLabels] how enum options are shown, when not as their names
 */

/** @type {Setting[]} */
export const SETTINGS = [
  // ---- data
  { key: 'dataset', kind: 'enum', def: 'moons', label: 'Dataset', group: 'data', control: 'select',
    options: ['circles', 'xor', 'gaussians', 'spiral', 'moons', 'regression'], rebuild: true },
  { key: 'points', kind: 'int', def: 400, min: 40, max: 2000, label: 'Data points', group: 'data',
    control: 'range', step: 20, rebuild: true },
  { key: 'noise', kind: 'float', def: 0.1, min: 0, max: 1, label: 'Noise', group: 'data', control: 'range',
    step: 0.05, rebuild: true },
  { key: 'trainFraction', kind: 'float', def: 0.5, min: 0.1, max: 0.9, label: 'Training fraction', group: 'data',
    control: 'range', step: 0.05, rebuild: true },
  { key: 'shift', kind: 'enum', def: 'none', options: ['none', 'translate', 'scale'], group: 'data',
    control: 'segmented', label: 'Covariate shift of the test set', rebuild: true,
    help: 'Moves the test inputs to a new distribution; the labelling rule stays the same.' },
  { key: 'shiftAmount', kind: 'float', def: 0.5, min: 0, max: 3, label: 'Shift amount', group: 'data',
    control: 'range', step: 0.1, rebuild: true },
  // ---- network
  { key: 'hidden', kind: 'intList', def: [8, 8, 8, 8], min: 1, max: 32, minLength: 1, maxLength: 8,
    label: 'Hidden layer sizes', group: 'network', control: 'layers', rebuild: true },
  { key: 'bn', kind: 'boolList', def: [true, true, true, true], minLength: 1, maxLength: 8,
    label: 'Batch norm per hidden layer', group: 'network', control: 'layers', rebuild: true },
  { key: 'activation', kind: 'enum', def: 'sigmoid', options: ['tanh', 'sigmoid', 'relu', 'leaky_relu', 'linear'],
    label: 'Activation g', group: 'network', control: 'select', rebuild: true },
  { key: 'init', kind: 'enum', def: 'xavier', options: ['xavier', 'he', 'gaussian'], label: 'Initialization',
    group: 'network', control: 'segmented', rebuild: true },
  { key: 'initScale', kind: 'float', def: 1, min: 0.01, max: 10, label: 'Init scale', group: 'network',
    control: 'log', rebuild: true, help: 'Multiplies the initial weights (the Bad init preset uses 0.2).' },
  // ---- training
  { key: 'learningRate', kind: 'float', def: 0.1, min: 0.00001, max: 10, label: 'Learning rate', group: 'training',
    control: 'log', rebuild: false, help: 'Changes take effect at the next step, without restarting.' },
  { key: 'batchSize', kind: 'int', def: 64, min: 2, max: 2000, label: 'Batch size m', group: 'training',
    control: 'log', rebuild: true, help: 'Small batches make the batch statistics μ, σ² noisy.' },
  { key: 'optimizer', kind: 'enum', def: 'sgd', options: ['sgd', 'momentum', 'adam'], label: 'Optimizer',
    group: 'training', control: 'segmented', rebuild: true },
  { key: 'weightDecay', kind: 'float', def: 0, min: 0, max: 1, label: 'L2 weight decay', group: 'training',
    control: 'number', step: 0.0001, rebuild: true },
  { key: 'seed', kind: 'int', def: 1, min: 0, max: 2147483647, label: 'Seed', group: 'training', control: 'number',
    step: 1, rebuild: true, help: 'Data, initial weights and batch order all follow from the seed.' },
  // ---- batch norm
  { key: 'bnPlacement', kind: 'enum', def: 'before', options: ['before', 'after'],
    label: 'BN placement (relative to g)', group: 'bn', control: 'segmented', rebuild: true },
  { key: 'keepBias', kind: 'bool', def: false, label: 'Keep the bias b before BN', group: 'bn', control: 'checkbox',
    rebuild: true, help: 'BN subtracts the batch mean, so the gradient of b is zero.' },
  { key: 'bnMomentum', kind: 'float', def: 0.1, min: 0, max: 1, label: 'BN momentum', group: 'bn',
    control: 'range', step: 0.01, rebuild: true, help: 'running ← (1 − momentum)·running + momentum·batch' },
  { key: 'bnEps', kind: 'float', def: 1e-5, min: 1e-8, max: 1, label: 'BN ε', group: 'bn', control: 'log',
    rebuild: true },
  { key: 'evalMode', kind: 'enum', def: 'running', options: ['running', 'batch'], group: 'view',
    optionLabels: { running: 'running (inference)', batch: 'batch (training)' },
    control: 'segmented', label: 'BN statistics', rebuild: false },
  // ---- what is shown
  { key: 'layer', kind: 'int', def: 8, min: 1, max: 8, label: 'Layer', group: 'view', control: 'number', step: 1,
    rebuild: false },
  { key: 'unit', kind: 'int', def: 1, min: 1, max: 32, label: 'Highlighted unit', group: 'view', control: 'number',
    step: 1, rebuild: false },
  { key: 'logY', kind: 'bool', def: true, label: 'Log scale', group: 'view', control: 'checkbox', rebuild: false },
  // ---- the player
  { key: 'speed', kind: 'int', def: 10, min: 1, max: 500, label: 'Steps per frame', group: 'player',
    control: 'log', rebuild: false },
  { key: 'stopAt', kind: 'int', def: 0, min: 0, max: 1000000, label: 'Stop at step', group: 'player',
    control: 'number', step: 100, rebuild: false, help: '0 = never' },
  { key: 'targetLoss', kind: 'float', def: 0.1, min: 0.0001, max: 10, label: 'Target train loss X',
    group: 'player', control: 'number', step: 0.01, rebuild: false },
  { key: 'stopAtTarget', kind: 'bool', def: false, label: 'Stop when both reach X', group: 'player',
    control: 'checkbox', rebuild: false },
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
 * Checks a value given as JavaScript (a number, boolean, array or the hash
 * text) for a setting, as the page's automation hook receives it.
 * @returns {{value: *}|{error: string}}
 */
export function coerceValue(s, value) {
  if (typeof value === 'string') return parseValue(s, value);
  const wrong = { error: `has the wrong type (${Array.isArray(value) ? 'array' : typeof value})` };
  switch (s.kind) {
    case 'bool':
      return typeof value === 'boolean' ? { value } : wrong;
    case 'int':
    case 'float':
      return typeof value === 'number' ? parseValue(s, String(value)) : wrong;
    case 'intList':
      return Array.isArray(value) && value.every((x) => typeof x === 'number') ? parseValue(s, value.join(',')) : wrong;
    case 'boolList':
      return Array.isArray(value) && value.every((b) => typeof b === 'boolean') ? { value: [...value] } : wrong;
    default:
      return wrong;
  }
}

/**
 * The engine's training-set size for a state: round(points · trainFraction),
 * kept within [1, points − 1] (engine/dataset.cpp's split).
 */
export function trainingSetSize(state) {
  return Math.min(Math.max(Math.round(state.points * state.trainFraction), 1), state.points - 1);
}

/**
 * Makes a state consistent: the BN flags follow the number of hidden layers
 * (new layers get BN on), the shown layer and the highlighted unit exist, the
 * batch fits in the training set. Returns a new object; the input is not modified.
 */
export function normalize(state) {
  const out = { ...state, hidden: [...state.hidden], bn: [...state.bn] };
  while (out.bn.length < out.hidden.length) out.bn.push(true);
  out.bn.length = out.hidden.length;
  out.unit = Math.min(out.unit, Math.max(...out.hidden));
  out.layer = Math.min(out.layer, out.hidden.length);
  out.batchSize = Math.min(out.batchSize, trainingSetSize(out));
  return out;
}

/**
 * Whether a hash holds settings ("a=1&b=2") rather than naming a place in the
 * page ("#inputs", a link to an article section): settings always have an "=".
 */
export function isSettingsHash(hash) {
  return String(hash || '').includes('=');
}

/** decodeURIComponent, or null for a malformed escape ("%", "%E0%A4%A") instead of throwing. */
export function decodeOrNull(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
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
  if (text && isSettingsHash(text)) {
    for (const pair of text.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const key = decodeOrNull(eq < 0 ? pair : pair.slice(0, eq));
      const raw = eq < 0 ? '' : decodeOrNull(pair.slice(eq + 1));
      if (key === null || raw === null) {
        // A malformed escape ("seed=100%", "lr=%E0%A4%A"): named as written, the default stays.
        ignored.push({ key: key ?? (eq < 0 ? pair : pair.slice(0, eq)), value: eq < 0 ? '' : pair.slice(eq + 1),
          reason: 'is not valid URL encoding' });
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

/** A text cut to `max` characters with an ellipsis, so a pasted wall of text does not flood a message. */
export function clip(text, max = 60) {
  const t = String(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** One sentence naming the ignored settings (long names and values cut short), or '' when none were. */
export function ignoredMessage(ignored) {
  if (!ignored.length) return '';
  const parts = ignored.map((i) => `“${clip(i.key)}${i.value ? '=' + clip(i.value) : ''}” (${i.reason})`);
  return `Ignored from the link, using defaults instead: ${parts.join('; ')}.`;
}

/**
 * A state with some settings changed, e.g. {learningRate: 0.5} from a control
 * or the automation hook. Throws an Error naming every bad key; the input state
 * is not modified.
 */
export function withChanges(state, changes) {
  const next = { ...state };
  const errors = [];
  for (const [key, value] of Object.entries(changes)) {
    const s = BY_KEY.get(key);
    if (!s) {
      errors.push(`${key} is not a setting`);
      continue;
    }
    const checked = coerceValue(s, value);
    if ('error' in checked) errors.push(`${key} ${checked.error}`);
    else next[key] = checked.value;
  }
  if (errors.length) throw new Error(`Bad settings: ${errors.join('; ')}`);
  return normalize(next);
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
 * Half-width of the square the decision boundary is drawn on: the data live in
 * about [−1.1, 1.1]², and a covariate shift moves the test points
 * (translate: by amount/√2 per coordinate; scale: times 1 + amount).
 */
export function gridExtent(state) {
  const reach = 1.15;
  const shifted = state.shift === 'translate' ? reach + state.shiftAmount * Math.SQRT1_2
    : state.shift === 'scale' ? reach * (1 + state.shiftAmount) : reach;
  return Math.max(1.5, Math.ceil((shifted + 0.15) * 10) / 10);
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
    probeUnit: state.unit - 1, // the engine counts units from 0, the page from 1
    gridExtent: gridExtent(state),
  };
}
