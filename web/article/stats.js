// Pure statistics over the engine's arrays. Matrices arrive as the engine
// stores them, (units, examples) column-major: unit i of example j is at
// values[i + units·j].

/** One unit's values over all examples, as a new Float64Array. */
export function unitValues(values, units, unit) {
  const n = Math.floor(values.length / units);
  const out = new Float64Array(n);
  for (let j = 0; j < n; ++j) out[j] = values[unit + units * j];
  return out;
}

/** Arithmetic mean (NaN for no values). */
export function mean(xs) {
  let s = 0;
  for (let i = 0; i < xs.length; ++i) s += xs[i];
  return s / xs.length;
}

/** Biased variance 1/n Σ (x − mean)², as batch norm normalizes with (two passes). */
export function variance(xs) {
  const mu = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; ++i) s += (xs[i] - mu) ** 2;
  return s / xs.length;
}

/**
 * Quantiles by linear interpolation between order statistics (NumPy's
 * default): q = 0.5 of [1, 2, 3, 4] is 2.5. Non-finite values are dropped.
 * @param {ArrayLike<number>} xs
 * @param {number[]} qs in [0, 1]
 * @returns {number[]} NaN for each q when no value is finite
 */
export function quantiles(xs, qs) {
  const sorted = Float64Array.from(xs).filter(Number.isFinite).sort();
  const n = sorted.length;
  return qs.map((q) => {
    if (!n) return NaN;
    const pos = q * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  });
}

/** The largest |a[i] − b[i]|. */
export function maxAbsDiff(a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; ++i) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Standard deviation of some values (biased), 0 for fewer than two. */
export function std(xs) {
  return xs.length < 2 ? 0 : Math.sqrt(variance(xs));
}
