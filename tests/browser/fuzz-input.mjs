// Seeded random input for the browser tests that throw many links and
// attributes at the pages (lab-hash.test.mjs, fuzz.test.mjs): valid settings
// drawn from the settings table itself, bad values, unknown names and
// malformed percent-escapes. The same seed gives the same inputs, so a failure
// is replayed by running the test again with BNLAB_FUZZ_SEED set to the seed it
// reports.
import { SETTINGS } from '../../web/state.js';
import { ATTRIBUTE_NAMES, OWN_ATTRIBUTES, SETTING_ATTRIBUTES } from '../../web/embed/attributes.js';
import { seededRandom } from '../../web/tools/seeded-random.mjs';

/** The seed of this run: BNLAB_FUZZ_SEED, or a fixed one (the suite is deterministic by default). */
export const FUZZ_SEED = Number(process.env.BNLAB_FUZZ_SEED ?? 20240611) >>> 0;

/** A seeded generator (seededRandom, mulberry32) with helpers. */
export function random(seed = FUZZ_SEED) {
  const next = seededRandom(seed);
  const r = {
    next,
    /** An integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** A number in [lo, hi], log-uniform when the range spans decades and lo > 0. */
    number(lo, hi, integer) {
      const x = lo > 0 && hi / lo > 100 ? Math.exp(Math.log(lo) + next() * (Math.log(hi) - Math.log(lo)))
        : lo + next() * (hi - lo);
      if (integer) return Math.min(hi, Math.max(lo, Math.round(x)));
      return Math.min(hi, Math.max(lo, Number(x.toPrecision(r.int(1, 4)))));
    },
  };
  return r;
}

/** A valid value (as hash text) for a setting of the table. */
export function validValue(rng, s) {
  // A batch of one is in the table (layer and group norm take it) but the engine refuses it with batch norm,
  // the default: a refusal is not what these runs look for (tests/browser/lab-norm.test.mjs checks it).
  if (s.key === 'batchSize') return String(rng.number(2, s.max, true));
  switch (s.kind) {
    case 'enum': return rng.pick(s.options);
    case 'bool': return rng.pick(['0', '1', 'true', 'false']);
    case 'int': return String(rng.number(s.min, s.max, true));
    case 'float': {
      // A per-layer float (bnNoise) also takes one number per hidden layer.
      const n = s.perLayer && rng.chance(0.3) ? rng.int(2, s.maxLength) : 1;
      return Array.from({ length: n }, () => rng.number(s.min, s.max, false)).join(',');
    }
    case 'intList': {
      const n = rng.int(s.minLength, Math.min(s.maxLength, 5));
      return Array.from({ length: n }, () => rng.number(s.min, Math.min(s.max, 16), true)).join(',');
    }
    case 'boolList': return Array.from({ length: rng.int(s.minLength, s.maxLength) }, () => rng.pick(['0', '1'])).join(',');
    default: throw new Error(`no generator for kind ${s.kind}`);
  }
}

/** A value that is wrong for a setting of the table (wrong type, out of range, NaN, huge…). */
export function badValue(rng, s) {
  const generic = ['', 'abc', 'NaN', 'Infinity', '-Infinity', '1e999', 'null', 'undefined', '[]', '{}', ' ', 'x'.repeat(rng.int(80, 400)),
    '<b>x</b>', '"\'`', '0x10', '1,2,,3'];
  switch (s.kind) {
    case 'enum': return rng.pick([...generic, `${rng.pick(s.options)}x`, rng.pick(s.options).toUpperCase(), '0']);
    case 'bool': return rng.pick([...generic, '2', '-1', 'yes', 'TRUE']);
    case 'int': return rng.pick([...generic, String(s.min - 1), String(s.max + 1), String(-rng.int(1, 1e6)), '1.5', '9'.repeat(40)]);
    case 'float': return rng.pick([...generic, String(s.min - 1), String(s.max * 10 + 1), '-0.5e3', '1e-400x']);
    case 'intList': return rng.pick([...generic, '0', '4,99', '-8', '8,8,8,8,8,8,8,8,8', '8;8', '1.5,2', `${'8,'.repeat(30)}8`]);
    case 'boolList': return rng.pick([...generic, '2', 'true,false', '1,0,1,0,1,0,1,0,1', '1 0']);
    default: return 'x';
  }
}

/** Malformed percent-escapes, and text around them. */
export const BAD_ESCAPES = ['%', '%%', '%E0%A4%A', '100%', '%zz', '%C3', '%u0041', 'a%2', '%E0%A4'];

/** Names that are no setting (or no attribute). */
const UNKNOWN = ['bogus', 'lr2', 'Seed', 'SEED', 'learning_rate', 'hidden[]', 'x'.repeat(120), 'ünïcode', '__proto__',
  'constructor', 'toString', 'on', 'style', 'class', 'onclick', 'data-x', '1abc', 'a b', 'a<b'];

/** Percent-encodes a few characters of a text (a valid, needless encoding the parser must undo). */
function encodeSome(rng, text) {
  return [...text].map((c) => (rng.chance(0.3) ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : c)).join('');
}

/**
 * One random lab hash (without '#') and what kind it is: 'valid' (every pair a valid setting),
 * 'invalid' (bad values or unknown keys), 'mixed', 'escape' (malformed escapes), 'section' (a link to a
 * place in the page: no '='), 'plain' (one short pair, like the "bn=0,1,1").
 */
export function labHash(rng) {
  const kind = rng.pick(['valid', 'valid', 'invalid', 'mixed', 'mixed', 'escape', 'escape', 'plain', 'section']);
  if (kind === 'section') return { kind, hash: rng.pick(['inputs', 'lab', 'further', 'test-time', '', 'x']) };
  if (kind === 'plain') {
    const s = rng.pick(SETTINGS);
    return { kind, hash: `${s.key}=${rng.chance(0.8) ? validValue(rng, s) : badValue(rng, s)}` };
  }
  const pairs = [];
  const n = rng.int(1, 7);
  for (let i = 0; i < n; ++i) {
    const s = rng.pick(SETTINGS);
    const good = kind === 'valid' || (kind !== 'invalid' && rng.chance(0.6));
    if (good) {
      const value = validValue(rng, s);
      pairs.push(rng.chance(0.15) ? `${encodeSome(rng, s.key)}=${encodeURIComponent(value)}` : `${s.key}=${value}`);
    } else if (kind === 'escape' && rng.chance(0.7)) {
      const esc = rng.pick(BAD_ESCAPES);
      pairs.push(rng.pick([`${s.key}=${esc}`, `${s.key}=${validValue(rng, s)}${esc}`, `${esc}=${validValue(rng, s)}`, esc]));
    } else if (rng.chance(0.25)) {
      pairs.push(`${encodeURIComponent(rng.pick(UNKNOWN))}=${rng.int(0, 9)}`);
    } else {
      pairs.push(`${s.key}=${encodeURIComponent(badValue(rng, s))}`);
    }
  }
  if (rng.chance(0.1)) pairs.push(pairs[0]); // a key twice
  if (rng.chance(0.1)) pairs.splice(rng.int(0, pairs.length), 0, ''); // an empty pair ("&&")
  return { kind, hash: pairs.join('&') };
}

/** A valid value (as attribute text) for an attribute of <bn-lab>. */
function validAttribute(rng, name, { heavy = false } = {}) {
  const own = OWN_ATTRIBUTES.find((a) => a.name === name);
  if (own) return rng.pick(own.values());
  const key = SETTING_ATTRIBUTES.find((a) => a.name === (name === 'lr' ? 'learning-rate' : name)).key;
  const s = SETTINGS.find((x) => x.key === key);
  if (!heavy && key === 'points') return String(rng.number(40, 600, true));
  return validValue(rng, s);
}

function badAttribute(rng, name) {
  const own = OWN_ATTRIBUTES.find((a) => a.name === name);
  if (own) return rng.pick(['', 'x', own.values()[0].toUpperCase(), 'x'.repeat(300), 'NaN', '-1']);
  const key = SETTING_ATTRIBUTES.find((a) => a.name === (name === 'lr' ? 'learning-rate' : name)).key;
  return badValue(rng, SETTINGS.find((x) => x.key === key));
}

/**
 * Random attributes for a <bn-lab>: [[name, value]…] with a few valid ones, some bad values and unknown
 * names. `preset` is never "paper" with controls="none" (that one downloads 8 MB of digits and trains by itself).
 */
export function elementAttributes(rng) {
  const names = ATTRIBUTE_NAMES;
  const attributes = [];
  const n = rng.int(0, 6);
  for (let i = 0; i < n; ++i) {
    const name = rng.pick(names);
    if (attributes.some(([a]) => a === name)) continue;
    attributes.push([name, rng.chance(0.6) ? validAttribute(rng, name) : badAttribute(rng, name)]);
  }
  if (rng.chance(0.3)) attributes.push([rng.pick(['bogus', 'learning-rat', 'seeds', 'x'.repeat(60), 'hidden-layer']), 'x']);
  const preset = attributes.find(([a]) => a === 'preset')?.[1];
  const controls = attributes.find(([a]) => a === 'controls')?.[1];
  if (preset === 'paper' && (controls === 'none' || rng.chance(0.5))) attributes.find(([a]) => a === 'preset')[1] = 'twin';
  return attributes;
}

/**
 * A random hash for embed.html ("name=value&…", URL-encoded): elementAttributes plus malformed escapes
 * and names that are not attributes.
 */
export function embedHash(rng) {
  const pairs = elementAttributes(rng).map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  const extra = rng.int(0, 2);
  for (let i = 0; i < extra; ++i) {
    pairs.push(rng.pick([
      `${rng.pick(['seed', 'lr', 'preset', 'noise'])}=${rng.pick(BAD_ESCAPES)}`,
      `${rng.pick(BAD_ESCAPES)}=1`,
      `${encodeURIComponent(rng.pick(UNKNOWN))}=${rng.int(0, 9)}`,
      rng.pick(BAD_ESCAPES),
    ]));
  }
  // Shuffle, so malformed parts come anywhere.
  for (let i = pairs.length - 1; i > 0; --i) {
    const j = rng.int(0, i);
    [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
  }
  return pairs.join('&');
}
