// The facade's argument checks: pure JavaScript, shared by engine.js,
// engine-twin.js, engine-reference.js, engine-config.js and engine-budget.js.
//
// Every failed check is an Error whose message starts with the name of the
// offending argument or field ("config.hidden[2] must be …"), also held in
// error.field. The checks never throw anything else, whatever they are given
// (null, symbols, bigints, proxies, objects without a prototype…).

export const TWINS = Object.freeze(['withBn', 'withoutBn']);

/** The largest finite float32, (2 − 2⁻²³)·2¹²⁷: the engine computes in float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The statistics a BN layer normalizes with, one vocabulary for the whole API:
 * 'train'   batch statistics, running statistics updated (a training step);
 * 'batch'   batch statistics, running statistics untouched;
 * 'running' the running statistics (inference).
 */
export const BN_MODES = Object.freeze(['train', 'batch', 'running']);
/** Old names still accepted: batchNorm() called inference 'eval'. */
export const MODE_ALIASES = Object.freeze({ eval: 'running' });
/**
 * Statistics BN layers use when a twin evaluates (metrics, grid): 'running' =
 * the running averages (inference), 'batch' = the statistics of the fixed
 * probe batch. Evaluations never update running statistics, so 'train' is not one.
 */
export const EVAL_MODES = Object.freeze(['running', 'batch']);

export function fail(field, message) {
  const error = new Error(`${field} ${message}`);
  error.field = field;
  return error;
}

/** A short, safe description of any value for an error message. */
export function show(v, depth = 0) {
  try {
    switch (typeof v) {
      case 'string': return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
      case 'bigint': return `${v}n`;
      case 'symbol': return v.toString();
      case 'function': return 'a function';
      case 'object':
        if (v === null) return 'null';
        if (Array.isArray(v)) {
          if (depth > 1 || v.length > 8) return `an array of ${v.length}`;
          return `[${Array.from(v, (x) => show(x, depth + 1)).join(', ')}]`;
        }
        if (ArrayBuffer.isView(v)) return `a ${v.constructor?.name ?? 'typed array'} of ${v.length ?? v.byteLength}`;
        return 'an object';
      default: return String(v);
    }
  } catch {
    return 'an unreadable value';
  }
}

/** Null if v is a number in [f.min, f.max] (an integer if asked), else the Error. */
export function checkNumber(name, v, f, integer) {
  if (typeof v !== 'number') return fail(name, `must be a number, got ${typeof v} ${show(v)}`);
  if (!Number.isFinite(v)) return fail(name, `must be a finite number, got ${v}`);
  if (integer && !Number.isInteger(v)) return fail(name, `must be an integer, got ${v}`);
  if (v < f.min || v > f.max) return fail(name, `must be in [${f.min}, ${f.max}], got ${v}`);
  return null;
}

export function checkInt(name, v, min, max) {
  const e = checkNumber(name, v, { min, max }, true);
  if (e) throw e;
  return v;
}

/** A finite number that is also finite in float32 (|v| ≤ FLOAT32_MAX), or in [min, max]. */
export function checkFloat(name, v, min = -FLOAT32_MAX, max = FLOAT32_MAX) {
  const e = checkNumber(name, v, { min, max }, false);
  if (e) throw e;
  return v;
}

/**
 * An array or typed array of numbers that are finite in float32, of the given
 * length (any if undefined; at most maxLength). Values such as 1e39 are finite
 * in JavaScript but become Infinity in the engine, so they are refused here.
 * With nonNegative, negative values are refused too (variances).
 */
export function checkArray(name, values, length, { maxLength = Infinity, nonNegative = false } = {}) {
  if (!(Array.isArray(values) || ArrayBuffer.isView(values)) || values instanceof DataView)
    throw fail(name, `must be an array or typed array of numbers, got ${show(values)}`);
  if (length !== undefined && values.length !== length)
    throw fail(name, `must have ${length} values, got ${values.length}`);
  if (values.length > maxLength) throw fail(name, `must have at most ${maxLength} values, got ${values.length}`);
  for (let i = 0; i < values.length; ++i) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw fail(`${name}[${i}]`, `must be a finite number, got ${show(v)}`);
    if (Math.abs(v) > FLOAT32_MAX)
      throw fail(`${name}[${i}]`, `must be finite in float32 (|x| ≤ ${FLOAT32_MAX}), got ${v}`);
    if (nonNegative && v < 0) throw fail(`${name}[${i}]`, `must be at least 0 (a variance), got ${v}`);
  }
  return values;
}

/**
 * The own enumerable properties of an options object (undefined gives {}),
 * checked against the known keys: inherited properties are not options.
 * @param {string} name the argument's name, for errors
 * @param {unknown} value
 * @param {string[]} [known] the keys allowed; undefined allows any
 * @param {string} [what='an option'] noun for an unknown key's error
 * @returns {object} a plain copy holding only the own properties
 */
export function ownOptions(name, value, known, what = 'option') {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value))
    throw fail(name, `must be a plain object, got ${show(value)}`);
  const out = {};
  let keys;
  try {
    keys = Object.keys(value);
  } catch {
    throw fail(name, 'must be a plain object whose keys can be read');
  }
  for (const key of keys) {
    if (known && !known.includes(key))
      throw fail(`${name}.${key}`, `is not ${what === 'option' ? 'an option' : `a ${what}`} (known: ${known.join(', ')})`);
    try {
      out[key] = value[key];
    } catch {
      throw fail(`${name}.${key}`, 'could not be read');
    }
  }
  return out;
}

/** A twin's name, 'withBn' or 'withoutBn' (the engine's Module.Twin names), checked. */
export function checkTwin(twin) {
  if (!TWINS.includes(twin)) throw fail('twin', `must be one of ${TWINS.join(', ')}; got ${show(twin)}`);
  return twin;
}

/** A BN statistics mode among `allowed` (aliases accepted): its canonical name. */
export function checkBnMode(name, mode, allowed = BN_MODES) {
  const canonical = typeof mode === 'string' && Object.hasOwn(MODE_ALIASES, mode) ? MODE_ALIASES[mode] : mode;
  if (!allowed.includes(canonical)) {
    const aliases = Object.keys(MODE_ALIASES).filter((a) => allowed.includes(MODE_ALIASES[a]));
    throw fail(name, `must be one of ${allowed.join(', ')}${aliases.length ? ` (or ${aliases.join(', ')})` : ''}; got ${show(mode)}`);
  }
  return canonical;
}

/** An evaluation mode ('running', 'batch', or the alias 'eval'): its canonical name. */
export function checkMode(mode) {
  return checkBnMode('mode', mode, EVAL_MODES);
}

/**
 * The normalization of each hidden layer of a normalized config
 * (NetworkSpec::norm_of): 'none' where the batchNorm flag is off, else the
 * layer's `norm` ('batch', 'layer', 'group' or 'none').
 * @param {{hidden: number[], batchNorm: boolean[], norm: string|string[]}} c
 * @returns {string[]}
 */
export function layerNorms(c) {
  return c.hidden.map((_, l) => (!c.batchNorm[l] ? 'none' : Array.isArray(c.norm) ? c.norm[l] : c.norm));
}
