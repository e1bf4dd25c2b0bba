// The two axis scales the embed's figures use, scaleLinear and scaleLog, with exactly the parts
// of d3-scale's interface they call (the scale as a function, domain, range, nice, ticks,
// tickFormat, invert on the linear scale; `base` on the log scale), giving the same ticks and the same labels. The embed's
// bundles read this module wherever their code imports 'd3-scale' (web/build.mjs, `scales`
// column), which keeps d3-scale and what it pulls in (color, interpolate, format, array: about
// 10 kB gzipped) out of bn-lab.js. tests/web/embed-scale.test.mjs compares both with d3 over
// thousands of random domains.

const SQRT50 = Math.sqrt(50);
const SQRT10 = Math.sqrt(10);
const SQRT2 = Math.sqrt(2);

/**
 * Round ticks in [lo, hi] (lo ≤ hi), about `count` of them: multiples of 1, 2 or 5 × 10^k.
 * Returns {first, last, inc}: the ticks are first..last times the step, where the step is
 * `inc` when inc > 0 and 1 / −inc when inc < 0 (a fraction is kept as its inverse, an integer,
 * so that the ticks come out as exact decimals).
 */
function tickPlan(lo, hi, count) {
  const raw = (hi - lo) / Math.max(0, count);
  const power = Math.floor(Math.log10(raw));
  const mantissa = raw / 10 ** power;
  let factor = 1;
  if (mantissa >= SQRT50) factor = 10;
  else if (mantissa >= SQRT10) factor = 5;
  else if (mantissa >= SQRT2) factor = 2;
  let first;
  let last;
  let inc;
  if (power < 0) {
    const per = 10 ** -power / factor; // ticks per unit
    first = Math.round(lo * per);
    last = Math.round(hi * per);
    if (first / per < lo) first += 1;
    if (last / per > hi) last -= 1;
    inc = -per;
  } else {
    inc = 10 ** power * factor;
    first = Math.round(lo / inc);
    last = Math.round(hi / inc);
    if (first * inc < lo) first += 1;
    if (last * inc > hi) last -= 1;
  }
  if (last < first && count >= 0.5 && count < 2) return tickPlan(lo, hi, count * 2);
  return { first, last, inc };
}

/** The step between ticks as tickPlan encodes it (see there); not finite for an empty domain. */
function tickIncrement(lo, hi, count) {
  return tickPlan(+lo, +hi, +count).inc;
}

/** Round values between a and b (either order), about `count` of them. */
export function ticks(a, b, count) {
  if (!(count > 0)) return [];
  if (a === b) return [a];
  const reverse = b < a;
  const [lo, hi] = reverse ? [b, a] : [a, b];
  const { first, last, inc } = tickPlan(lo, hi, count);
  if (!(last >= first)) return [];
  const n = last - first + 1;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = reverse ? last - i : first + i;
    out[i] = inc < 0 ? k / -inc : k * inc;
  }
  return out;
}

/** The signed step between ticks (as a plain number). */
function tickStep(a, b, count) {
  const reverse = b < a;
  const inc = reverse ? tickIncrement(b, a, count) : tickIncrement(a, b, count);
  return (reverse ? -1 : 1) * (inc < 0 ? 1 / -inc : inc);
}

/** The decimal exponent of |x| as its exponential notation writes it (0.05 → −2, 120 → 2); NaN for 0. */
function exponentOf(x) {
  if (!Number.isFinite(x) || x === 0) return NaN;
  return Number(Math.abs(x).toExponential().split('e')[1]);
}

const MINUS = '\u2212';

/** A finite number with `digits` decimals, thousands grouped with commas, minus as U+2212. */
function fixed(x, digits) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : `${x < 0 ? MINUS : ''}Infinity`;
  let text = Math.abs(x).toFixed(digits);
  // A negative value that rounds to zero loses its sign.
  const negative = (x < 0 || Object.is(x, -0)) && /[1-9]/.test(text);
  const dot = text.indexOf('.');
  let whole = dot < 0 ? text : text.slice(0, dot);
  const rest = dot < 0 ? '' : text.slice(dot);
  if (/^\d+$/.test(whole)) whole = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  text = whole + rest;
  return negative ? MINUS + text : text;
}

/** Six significant digits, trailing zeros (and a bare point) dropped: what a log axis labels. */
function significant(x) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : `${x < 0 ? MINUS : ''}Infinity`;
  let text = Math.abs(x).toPrecision(6);
  const [mantissa, exponent] = text.split('e');
  let m = mantissa;
  if (m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
  text = exponent === undefined ? m : `${m}e${exponent}`;
  const negative = (x < 0 || Object.is(x, -0)) && /[1-9]/.test(m);
  return negative ? MINUS + text : text;
}

/** The labels' format for ticks of [a, b]: as many decimals as the step needs. */
function linearFormat(a, b, count, specifier) {
  if (specifier !== undefined && specifier !== null) throw new Error(`web/embed/scale.js: no tick format '${specifier}' (only the default)`);
  const digits = Math.max(0, -exponentOf(tickStep(a, b, count)));
  return (x) => fixed(x, Number.isNaN(digits) ? 6 : digits); // no step (an empty domain): six decimals
}

/**
 * t ↦ the position in the range of a value whose (transformed) position in the domain is t: the
 * ends swapped when the domain runs backwards, so that both compute as d3's do.
 */
function mapper(d0, d1, range) {
  const [a, b, r0, r1] = d1 < d0 ? [d1, d0, range[1], range[0]] : [d0, d1, range[0], range[1]];
  const span = b - a;
  return (x) => {
    const t = span ? (x - a) / span : Number.isNaN(span) ? NaN : 0.5;
    return r0 * (1 - t) + r1 * t;
  };
}

/** A linear map from [d0, d1] onto [r0, r1]; outside the domain it extrapolates. */
export function scaleLinear() {
  let domain = [0, 1];
  let range = [0, 1];
  const scale = (x) => (x === null || x === undefined || Number.isNaN(+x) ? undefined : mapper(domain[0], domain[1], range)(+x));
  scale.domain = (d) => {
    if (d === undefined) return domain.slice();
    domain = [+d[0], +d[d.length - 1]];
    return scale;
  };
  scale.range = (r) => {
    if (r === undefined) return range.slice();
    range = [+r[0], +r[r.length - 1]];
    return scale;
  };
  /** The value in the domain at position y of the range. */
  scale.invert = (y) => mapper(range[0], range[1], domain)(+y);
  scale.ticks = (count = 10) => ticks(domain[0], domain[1], count);
  scale.tickFormat = (count = 10, specifier) => linearFormat(domain[0], domain[1], count, specifier);
  /** Widens the domain to round values (ends on ticks of about `count`), as d3 does. */
  scale.nice = (count = 10) => {
    const reverse = domain[1] < domain[0];
    let [lo, hi] = reverse ? [domain[1], domain[0]] : domain;
    let previous;
    for (let round = 0; round < 10; round++) {
      const inc = tickIncrement(lo, hi, count);
      if (inc === previous) {
        domain = reverse ? [hi, lo] : [lo, hi];
        return scale;
      }
      if (inc > 0) {
        lo = Math.floor(lo / inc) * inc;
        hi = Math.ceil(hi / inc) * inc;
      } else if (inc < 0) {
        lo = Math.ceil(lo * inc) / inc;
        hi = Math.floor(hi * inc) / inc;
      } else {
        break;
      }
      previous = inc;
    }
    return scale;
  };
  return scale;
}

const pow10 = (e) => (Number.isFinite(e) ? Number(`1e${e}`) : e < 0 ? 0 : e);

/** A base-10 logarithmic map from [d0, d1] (both > 0) onto [r0, r1]. */
export function scaleLog() {
  let domain = [1, 10];
  let range = [0, 1];
  const scale = (x) => (x === null || x === undefined || Number.isNaN(+x)
    ? undefined : mapper(Math.log(domain[0]), Math.log(domain[1]), range)(Math.log(+x)));
  scale.base = () => 10;
  scale.domain = (d) => {
    if (d === undefined) return domain.slice();
    domain = [+d[0], +d[d.length - 1]];
    if (!(domain[0] > 0 && domain[1] > 0)) throw new Error(`web/embed/scale.js: a log domain must be positive, got ${domain}`);
    return scale;
  };
  scale.range = (r) => {
    if (r === undefined) return range.slice();
    range = [+r[0], +r[r.length - 1]];
    return scale;
  };
  /** 1..9 × each power of ten in the domain while they are few, else round powers of ten. */
  scale.ticks = (count = 10) => {
    const reverse = domain[1] < domain[0];
    const [lo, hi] = reverse ? [domain[1], domain[0]] : domain;
    const e0 = Math.log10(lo);
    const e1 = Math.log10(hi);
    let out = [];
    if (e1 - e0 < count) {
      for (let e = Math.floor(e0); e <= Math.ceil(e1); e++) {
        for (let k = 1; k < 10; k++) {
          const t = e < 0 ? k / pow10(-e) : k * pow10(e);
          if (t < lo) continue;
          if (t > hi) break;
          out.push(t);
        }
      }
      if (out.length * 2 < count) out = ticks(lo, hi, count);
    } else {
      out = ticks(e0, e1, Math.min(e1 - e0, count)).map(pow10);
    }
    return reverse ? out.reverse() : out;
  };
  /**
   * Labels for the ticks, '' for the ticks between labelled ones when there are many more
   * ticks than `count`. Only '~g' (six significant digits, no trailing zeros) is offered.
   */
  scale.tickFormat = (count = 10, specifier = '~g') => {
    if (specifier !== '~g') throw new Error(`web/embed/scale.js: no log tick format '${specifier}' (only '~g')`);
    const keep = Math.max(1, (10 * count) / scale.ticks().length);
    return (x) => {
      let digit = x / pow10(Math.round(Math.log10(x)));
      if (digit * 10 < 10 - 0.5) digit *= 10;
      return digit <= keep ? significant(x) : '';
    };
  };
  /** Widens the domain to whole powers of ten. */
  scale.nice = () => {
    const reverse = domain[1] < domain[0];
    const [lo, hi] = reverse ? [domain[1], domain[0]] : domain;
    const nice = [pow10(Math.floor(Math.log10(lo))), pow10(Math.ceil(Math.log10(hi)))];
    domain = reverse ? nice.reverse() : nice;
    return scale;
  };
  return scale;
}
