// Small pure helpers over the engine's probe arrays.

/**
 * Counts of one unit's values in `bins` equal bins over [lo, hi], binned as the
 * engine's probe does (engine/probe.cpp: floor((v − lo)·bins/(hi − lo)),
 * out-of-range values pile into the edge bins, non-finite values are skipped).
 * @param {Float32Array} values (units, P) column-major: unit i of example j at i + units·j
 * @param {number} units
 * @param {number} unit 0-based
 * @param {number} lo
 * @param {number} hi
 * @param {number} bins
 * @returns {Float32Array} (bins)
 */
export function unitHistogram(values, units, unit, lo, hi, bins) {
  const counts = new Float32Array(bins);
  const scale = bins / (hi - lo);
  for (let k = unit; k < values.length; k += units) {
    const v = values[k];
    if (!Number.isFinite(v)) continue;
    const bin = Math.min(Math.max(Math.floor((v - lo) * scale), 0), bins - 1);
    counts[bin] += 1;
  }
  return counts;
}

/** The sum of an array of counts (0 for an empty one). */
export function total(counts) {
  let s = 0;
  for (let i = 0; i < counts.length; ++i) s += counts[i];
  return s;
}

/**
 * [min, max] of the finite values of some arrays, or null if there are none.
 * @param {ArrayLike<number>[]} arrays
 */
export function finiteExtent(arrays) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; ++i) {
      const v = a[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return lo <= hi ? [lo, hi] : null;
}
