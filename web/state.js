// The lab's settings as data: one declarative table, parsed from and written to
// the URL hash without side effects. The seed is part of it, so a shared URL
// reproduces a run exactly.
//
// Most settings are the engine's, described once in engine/settings.hpp and
// generated into engine-schema.js. Their rows here name the engine's field
// (`engine`, a key of CONFIG_FIELDS) and add only how the page shows them:
// label, group (where the control lives), control, step, help, optionLabels;
// a narrower range where the lab offers less than the engine (8 layers of 32
// units, …); and `labDef`, a default the lab chose by measurement where it
// differs from the engine's (README: the default run). Kind, options, range,
// default and `rebuild` (true when a change needs new twins: the engine does
// not take it live) come from the engine. The lab's own settings — what is
// shown, the player — carry all of that in their rows.
import { CONFIG_FIELDS, SHIFT_DIRECTION } from './engine-schema.js';
import { toyTrainSize } from './engine-budget.js';
import { EVAL_MODES } from './engine-checks.js';
import { DATA_SETTING, dataExtent, dataTrainSize, formatData, linkableData } from './lab/points-setting.js';

/** @typedef {'enum'|'int'|'float'|'bool'|'intList'|'boolList'} Kind */

/**
 * @typedef {Object} Setting
 * @property {string} key      name in the URL hash and in the state object
 * @property {string} [engine] the CONFIG_FIELDS key it sets (absent: a setting of the page alone)
 * @property {Kind} kind
 * @property {*} def           default value
 * @property {string} label    human label (controls, messages)
 * @property {string[]} [options]  allowed values (enum)
 * @property {boolean} [perLayer] an enum or a float that may also be one value per hidden layer ("tanh,relu,tanh",
 *   "0,0,1,0")
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
 * @property {string} [defaultText] how the README states the default, when not as its value
 * @property {string} [atMost] what else bounds the value (normalize() clamps it), for the README
 * @property {'bn'|'gn'} [only] the setting acts only with this normalization (`norm`); the page hides its
 *   control otherwise, and the value stays in the link
 */

/**
 * The lab's normalizations (setting `norm`), as the engine names them: one for
 * the whole network, applied to the hidden layers whose `bn` flag is on.
 */
export const NORM_ENGINE = Object.freeze({ bn: 'batch', ln: 'layer', gn: 'group' });
const NORMS = Object.keys(NORM_ENGINE);

/** What the lab offers: up to this many hidden layers, of up to this many units. */
const MAX_LAYERS = 8;
const MAX_UNITS = 32;

// Each row: the engine's field, or a page setting's own kind, default, limits and `rebuild`; then the UI.
const ROWS = [
  // ---- data
  { key: 'dataset', engine: 'dataset', labDef: 'moons', label: 'Dataset', group: 'data', control: 'select' },
  { key: 'points', engine: 'points', min: 40, max: 2000, label: 'Data points', group: 'data', control: 'range', step: 20 },
  { key: 'noise', engine: 'noise', label: 'Noise', group: 'data', control: 'range', step: 0.05 },
  { key: 'trainFraction', engine: 'trainFraction', label: 'Training fraction', group: 'data', control: 'range',
    step: 0.05 },
  { key: 'shift', engine: 'shift', label: 'Covariate shift of the test set', group: 'data', control: 'segmented',
    help: 'Moves the test inputs to a new distribution; the labelling rule stays the same.' },
  { key: 'shiftAmount', engine: 'shiftAmount', label: 'Shift amount', group: 'data', control: 'range', step: 0.1 },
  // ---- network
  { key: 'hidden', engine: 'hidden', max: MAX_UNITS, maxLength: MAX_LAYERS, label: 'Hidden layer sizes',
    group: 'network', control: 'layers' },
  { key: 'bn', engine: 'batchNorm', label: 'Batch norm per hidden layer', group: 'network', control: 'layers',
    defaultText: '1 for every layer' },
  { key: 'norm', kind: 'enum', def: 'bn', options: NORMS, rebuild: true, label: 'Normalization', group: 'network',
    control: 'segmented', optionLabels: { bn: 'BN', ln: 'LN', gn: 'GN' },
    help: 'What the layers ticked above apply: batch norm (BN), layer norm (LN) or group norm (GN); the other ' +
      'network of the pair has none.' },
  { key: 'normGroups', engine: 'normGroups', max: MAX_UNITS, label: 'Groups G (group norm)', group: 'network',
    control: 'number', step: 1, only: 'gn',
    help: 'Group norm normalizes each example over G groups of consecutive units; G must divide every layer width.',
    atMost: 'the largest that divides every group-norm layer' },
  { key: 'activation', engine: 'activation', labDef: 'sigmoid', label: 'Activation g', group: 'network',
    control: 'select', help: 'Sets g in every hidden layer; the layer editor sets one per layer.' },
  { key: 'init', engine: 'init', label: 'Initialization', group: 'network', control: 'segmented' },
  { key: 'initScale', engine: 'initScale', min: 0.01, max: 10, label: 'Init scale', group: 'network', control: 'log',
    help: 'Multiplies the initial weights (the Bad init preset uses 0.2).' },
  // ---- training
  { key: 'learningRate', engine: 'learningRate', min: 0.00001, max: 10, label: 'Learning rate', group: 'training',
    control: 'log', help: 'Changes take effect at the next step, without restarting.' },
  { key: 'batchSize', engine: 'batchSize', labDef: 64, min: 1, max: 2000, label: 'Batch size m', group: 'training',
    control: 'log', help: 'Small batches make BN’s batch statistics μ, σ² noisy; BN refuses a batch of 1, LN and GN take it.',
    atMost: 'the training set' },
  { key: 'optimizer', engine: 'optimizer', label: 'Optimizer', group: 'training', control: 'segmented' },
  { key: 'weightDecay', engine: 'weightDecay', max: 1, label: 'L2 weight decay', group: 'training', control: 'number',
    step: 0.0001 },
  { key: 'seed', engine: 'seed', max: 2147483647, label: 'Seed', group: 'training', control: 'number', step: 1,
    help: 'Data, initial weights and batch order all follow from the seed.' },
  // ---- batch norm
  { key: 'bnPlacement', engine: 'bnPlacement', label: 'Placement of the normalization (relative to g)', group: 'bn',
    control: 'segmented' },
  { key: 'keepBias', engine: 'keepBias', only: 'bn', label: 'Keep the bias b before BN', group: 'bn', control: 'checkbox',
    help: 'BN subtracts the batch mean, so the gradient of b is zero.' },
  { key: 'bnMomentum', engine: 'bnMomentum', only: 'bn', label: 'BN momentum', group: 'bn', control: 'range', step: 0.01,
    help: 'running ← (1 − momentum)·running + momentum·batch' },
  { key: 'bnEps', engine: 'bnEps', min: 1e-8, label: 'ε of the normalization', group: 'bn', control: 'log' },
  { key: 'bnNoise', engine: 'bnNoise', only: 'bn', label: 'Noisy BN ν', group: 'bn', control: 'range', step: 0.1,
    help: 'A random shift and scale after every BN layer, new at every training step (Santurkar et al.); 0 = plain BN. ' +
      'The layer editor sets one ν per BN layer (in the link, one per hidden layer: 0,0,1,0 is noise after the ' +
      'third layer’s BN only; a layer without BN takes none).' },
  { key: 'evalMode', kind: 'enum', def: 'running', options: EVAL_MODES, rebuild: false, group: 'view',
    optionLabels: { running: 'running (inference)', batch: 'batch (training)' },
    control: 'segmented', label: 'BN statistics', only: 'bn' },
  // ---- what is shown
  { key: 'layer', kind: 'int', def: MAX_LAYERS, min: 1, max: MAX_LAYERS, rebuild: false, label: 'Layer', group: 'view',
    control: 'number', step: 1, defaultText: 'the last', atMost: 'the number of hidden layers' },
  { key: 'unit', kind: 'int', def: 1, min: 1, max: MAX_UNITS, rebuild: false, label: 'Highlighted unit', group: 'view',
    control: 'number', step: 1, atMost: 'the widest layer' },
  { key: 'logY', kind: 'bool', def: true, rebuild: false, label: 'Log scale', group: 'view', control: 'checkbox' },
  { key: 'landscape', kind: 'bool', def: false, rebuild: false, label: 'Landscape chart', group: 'view',
    control: 'checkbox',
    help: 'Probes both networks every few steps (Santurkar et al.); the run stays exactly as it would be without.' },
  // ---- the player
  { key: 'speed', kind: 'int', def: 10, min: 1, max: 500, rebuild: false, label: 'Steps per frame', group: 'player',
    control: 'log' },
  { key: 'stopAt', kind: 'int', def: 0, min: 0, max: 1000000, rebuild: false, label: 'Stop at step', group: 'player',
    control: 'number', step: 100, help: '0 = never' },
  { key: 'targetLoss', kind: 'float', def: 0.1, min: 0.0001, max: 10, rebuild: false, label: 'Target train loss X',
    group: 'player', control: 'number', step: 0.01 },
  { key: 'stopAtTarget', kind: 'bool', def: false, rebuild: false, label: 'Stop when both reach X', group: 'player',
    control: 'checkbox' },
];

const ENGINE_FIELDS = new Map(CONFIG_FIELDS.map((f) => [f.key, f]));

/** The lab's kind for each engine kind: numbers are 'float'; a per-layer flag is always a list here. */
const LAB_KINDS = { int: 'int', number: 'float', numberOrNull: 'float', bool: 'bool', enum: 'enum', enums: 'enum',
  numbers: 'float', intList: 'intList', bools: 'boolList' };

/** A row completed from the engine's field: the row's own limits and `labDef` win. */
function fromEngine({ labDef, ...row }, hiddenDef) {
  const f = ENGINE_FIELDS.get(row.engine);
  if (!f) throw new Error(`state.js: ${row.key} names no engine setting "${row.engine}"`);
  const s = { kind: LAB_KINDS[f.kind], def: f.engineDef ?? f.def, rebuild: !f.live };
  // A choice the facade extends ('mnist' needs the digits as bytes) keeps the engine's own names.
  if (f.options) s.options = [...(f.engineOptions ?? f.options)];
  for (const k of ['min', 'max', 'minLength', 'maxLength']) if (f[k] !== undefined) s[k] = f[k];
  if (f.kind === 'enums' || f.kind === 'numbers' || f.kind === 'bools') {
    // One value for every hidden layer, or one per layer: as many as the lab offers layers.
    Object.assign(s, { minLength: 1, maxLength: MAX_LAYERS });
    if (f.kind !== 'bools') s.perLayer = true;
    else s.def = hiddenDef.map(() => f.def);
  }
  return { ...s, ...row, ...(labDef === undefined ? {} : { def: labDef }) };
}

const HIDDEN_DEF = ROWS.find((r) => r.key === 'hidden').labDef ?? ENGINE_FIELDS.get('hidden').def;

/** @type {Setting[]} */
export const SETTINGS = ROWS.map((row) => (row.engine ? fromEngine(row, HIDDEN_DEF) : row));

// Your own data (web/lab/points-setting.js) is a setting of the lab's link and hook, but no embed
// attribute and no control of the settings table: it lives beside SETTINGS, in every other list.
const ALL = [...SETTINGS, DATA_SETTING];
const BY_KEY = new Map(ALL.map((s) => [s.key, s]));

/** The setting described by `key`, or undefined. */
export function setting(key) {
  return BY_KEY.get(key);
}

/** A fresh state object holding every default. */
export function defaults() {
  const state = {};
  for (const s of ALL) state[s.key] = Array.isArray(s.def) ? [...s.def] : s.def;
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
    case 'enum': {
      // A per-layer enum is one name for every hidden layer ("tanh") or a list, one per layer ("tanh,relu,tanh").
      const names = s.perLayer ? text.split(',') : [text];
      if (!names.every((n) => s.options.includes(n)))
        return { error: `must be one of ${s.options.join(', ')}${s.perLayer ? ', or one per hidden layer' : ''}` };
      if (names.length > s.maxLength) return { error: `must list at most ${s.maxLength} names` };
      return { value: names.length === 1 ? names[0] : names };
    }
    case 'bool':
      if (text === '1' || text === 'true') return { value: true };
      if (text === '0' || text === 'false') return { value: false };
      return { error: 'must be 0 or 1' };
    case 'int':
    case 'float': {
      if (s.perLayer) return parseNumbers(s, text);
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
    case 'points':
      return DATA_SETTING.parse(text);
    default:
      return { error: 'has an unknown kind' };
  }
}

/**
 * A per-layer float: one number for every hidden layer ("1") or one per layer
 * ("0,0,1,0"), each finite and in range.
 */
function parseNumbers(s, text) {
  const parts = text.split(',');
  if (parts.length > s.maxLength) return { error: `must list at most ${s.maxLength} numbers` };
  const values = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (!values.every(Number.isFinite))
    return { error: `must be a finite number${parts.length > 1 ? ' in every layer' : ', or one per hidden layer'}` };
  if (!values.every((x) => inRange(s, x))) return { error: `must be in ${rangeText(s)}${parts.length > 1 ? ' in every layer' : ''}` };
  return { value: values.length === 1 ? values[0] : values };
}

/** Writes one value as its hash text. */
export function formatValue(s, value) {
  switch (s.kind) {
    case 'bool': return value ? '1' : '0';
    case 'intList': return value.join(',');
    case 'boolList': return value.map((b) => (b ? '1' : '0')).join(',');
    case 'enum':
    case 'float': return Array.isArray(value) ? value.join(',') : String(value);
    case 'points': return formatData(value);
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
  if (s.kind === 'points') return DATA_SETTING.coerce(value);
  const wrong = { error: `has the wrong type (${Array.isArray(value) ? 'array' : typeof value})` };
  switch (s.kind) {
    case 'bool':
      return typeof value === 'boolean' ? { value } : wrong;
    case 'int':
    case 'float':
      if (s.perLayer && Array.isArray(value) && value.length && value.every((x) => typeof x === 'number'))
        return parseValue(s, value.join(','));
      return typeof value === 'number' ? parseValue(s, String(value)) : wrong;
    case 'intList':
      return Array.isArray(value) && value.every((x) => typeof x === 'number') ? parseValue(s, value.join(',')) : wrong;
    case 'boolList':
      return Array.isArray(value) && value.every((b) => typeof b === 'boolean') ? { value: [...value] } : wrong;
    case 'enum':
      return s.perLayer && Array.isArray(value) && value.length && value.every((n) => typeof n === 'string' && !n.includes(','))
        ? parseValue(s, value.join(',')) : wrong;
    default:
      return wrong;
  }
}

/** The engine's training-set size for a state: its split of the points (toyTrainSize, engine/dataset.hpp). */
export function trainingSetSize(state) {
  if (state.data) return dataTrainSize(state.data, state.trainFraction);
  return toyTrainSize(state.points, state.trainFraction);
}

/**
 * A per-layer value (`activation`, `bnNoise`) as one entry per hidden layer: a
 * single name or number stands for every layer.
 */
export function perLayer(value, layers) {
  return Array.isArray(value) ? [...value] : Array.from({ length: layers }, () => value);
}

/**
 * A per-layer list fitted to `layers` hidden layers (a new layer repeats the
 * last entry, a removed one takes its entry along), written as one name when
 * every layer has the same: "sigmoid" and "sigmoid,sigmoid" are one setting.
 */
function fitLayers(value, layers) {
  if (!Array.isArray(value)) return value;
  const list = [...value];
  while (list.length < layers) list.push(list.at(-1));
  list.length = layers;
  return list.every((x) => x === list[0]) ? list[0] : list;
}

const PER_LAYER = SETTINGS.filter((s) => s.perLayer).map((s) => s.key);

/**
 * Makes a state consistent: the BN flags and the per-layer settings (g, noisy BN ν) follow
 * the number of hidden layers (new layers get BN on and the last layer's g),
 * the shown layer and the highlighted unit exist, the batch fits in the
 * training set. Returns a new object; the input is not modified.
 */
export function normalize(state) {
  const out = { ...state, hidden: [...state.hidden], bn: [...state.bn] };
  while (out.bn.length < out.hidden.length) out.bn.push(true);
  out.bn.length = out.hidden.length;
  for (const key of PER_LAYER) out[key] = fitLayers(out[key], out.hidden.length);
  out.unit = Math.min(out.unit, Math.max(...out.hidden));
  out.layer = Math.min(out.layer, out.hidden.length);
  out.batchSize = Math.min(out.batchSize, trainingSetSize(out));
  out.normGroups = fittingGroups(out);
  return out;
}

/**
 * The most groups, at most state.normGroups, that divide the width of every
 * layer group norm normalizes (equal groups of consecutive units; 1 always
 * fits). Without group norm the value stays as set.
 */
function fittingGroups(state) {
  if (state.norm !== 'gn') return state.normGroups;
  const widths = state.hidden.filter((_, l) => state.bn[l]);
  let groups = state.normGroups;
  while (groups > 1 && widths.some((n) => n % groups !== 0)) --groups;
  return groups;
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

/**
 * The hash text ("a=1&b=2", no leading #) for a state: every setting, in table
 * order, then your own data when there is some and a link can carry it
 * (points-code.js: at most MAX_URL_POINTS points; else the page offers the CSV).
 */
export function toHash(state) {
  // Commas stay readable: they are legal in a fragment.
  const pairs = SETTINGS.map((s) => `${s.key}=${encodeURIComponent(formatValue(s, state[s.key])).replace(/%2C/g, ',')}`);
  if (linkableData(state.data)) pairs.push(`${DATA_SETTING.key}=${formatData(state.data)}`);
  return pairs.join('&');
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
  return ALL.filter((s) => formatValue(s, a[s.key]) !== formatValue(s, b[s.key])).map((s) => s.key);
}

/** Whether going from state a to b needs a rebuilt twin. */
export function needsRebuild(a, b) {
  return changedKeys(a, b).some((k) => BY_KEY.get(k).rebuild);
}

/**
 * Half-width of the square the decision boundary is drawn on: the data live in
 * about [−1.1, 1.1]², and a covariate shift moves the test points
 * (translate: by amount along the engine's SHIFT_DIRECTION; scale: times 1 + amount).
 */
export function gridExtent(state) {
  if (state.data) return dataExtent(state.data);
  const reach = 1.15;
  const along = Math.max(...SHIFT_DIRECTION.map(Math.abs)); // the coordinate that moves most
  const shifted = state.shift === 'translate' ? reach + state.shiftAmount * along
    : state.shift === 'scale' ? reach * (1 + state.shiftAmount) : reach;
  return Math.max(1.5, Math.ceil((shifted + 0.15) * 10) / 10);
}

/**
 * The engine configuration (web/engine.js createTwin fields) for a state: every
 * setting that names an engine field, the probed unit (the page counts units
 * from 1, the engine from 0) and the boundary's square. The loss is the
 * engine's 'auto': one sigmoid output (sigmoid_bce) for the classification
 * sets, mse for regression.
 */
export function engineConfig(state) {
  const config = {};
  for (const s of SETTINGS) {
    if (s.engine) config[s.engine] = Array.isArray(state[s.key]) ? [...state[s.key]] : state[s.key];
  }
  // With your own data, `dataset` says only the task (engine-points.js): regression or labels 0/1.
  if (state.data) config.dataset = state.data.regression ? 'regression' : 'circles';
  config.norm = NORM_ENGINE[state.norm];
  return { ...config, loss: 'auto', probeUnit: state.unit - 1, gridExtent: gridExtent(state) };
}

/** The data createTwin takes beside the config: your own points ({points: {train, test}}), or undefined. */
export function engineData(state) {
  return state.data ? { points: { train: state.data.train, test: state.data.test } } : undefined;
}
