// Which cells of a layer's Z share one μ and σ² under batch norm, layer norm
// and group norm, and one cell's normalization worked out: the pure math of
// the axis figure (figures/norm-grid.js). Z is (units, examples), column-major:
// a column is one example, Z[u + units·i] is unit u of example i.
//
//   BN  one μ, σ² per unit, over the examples of the batch     (a row of the grid)
//   LN  one μ, σ² per example, over all its units              (a column)
//   GN  one μ, σ² per example and group of consecutive units   (part of a column)
//
// The engine's statistics come in the same layouts: BN's mean and var are
// (units); LN's and GN's (groups, examples), group g of example i at g + G·i.

/** The normalizations the figure shows, with their names on the page. */
export const NORM_NAMES = Object.freeze({ batch: 'BN', layer: 'LN', group: 'GN' });

/**
 * Where the μ and σ² of cell (unit, example) are in the engine's mean/var
 * arrays, which is also the number of the set of cells that share them.
 * @param {'batch'|'layer'|'group'} norm
 * @param {{units: number, groups: number}} shape groups: 1 for LN, G for GN (ignored for BN)
 */
export function statIndex(norm, { units, groups }, unit, example) {
  if (norm === 'batch') return unit;
  const G = norm === 'layer' ? 1 : groups;
  const size = units / G;
  return Math.floor(unit / size) + G * example;
}

/** How many sets of cells share one μ, σ²: units (BN), examples (LN), groups × examples (GN). */
export function statCount(norm, { units, groups, examples }) {
  if (norm === 'batch') return units;
  return (norm === 'layer' ? 1 : groups) * examples;
}

/**
 * The cells (as [unit, example]) that share the statistics of cell (unit, example).
 * @returns {number[][]}
 */
export function sharingCells(norm, shape, unit, example) {
  const k = statIndex(norm, shape, unit, example);
  const out = [];
  for (let i = 0; i < shape.examples; ++i) {
    for (let u = 0; u < shape.units; ++u) if (statIndex(norm, shape, u, i) === k) out.push([u, i]);
  }
  return out;
}

/**
 * A colour number for a set of cells sharing statistics, from a palette of
 * `n` colours, such that sets that touch (left/right or up/down) differ:
 * rows alternate for BN, columns for LN, and GN's groups step through the
 * palette down a column and across.
 */
export function shareColour(norm, shape, unit, example, n) {
  if (norm === 'batch') return unit % n;
  if (norm === 'layer') return example % n;
  const size = shape.units / shape.groups;
  return (Math.floor(unit / size) + shape.groups * example) % n;
}

/**
 * One cell's normalization, written out: z_norm = (z − μ)/√(σ² + ε),
 * z̃ = γ·z_norm + β.
 * @param {{z: number, mu: number, variance: number, eps: number, gamma: number, beta: number}} c
 * @returns {{sd: number, zNorm: number, zTilde: number}}
 */
export function normalizeCell({ z, mu, variance, eps, gamma, beta }) {
  const sd = Math.sqrt(variance + eps);
  const zNorm = (z - mu) / sd;
  return { sd, zNorm, zTilde: gamma * zNorm + beta };
}

/**
 * Everything the figure says about one cell, from one sibling's probe
 * (Siblings.probe): z, the μ and σ² it shares, γ and β of its unit, the
 * normalization worked out in JavaScript, and the engine's own z_norm and z̃.
 */
export function cellDetail(probe, unit, example) {
  const { norm, units, groups, eps } = probe;
  const at = unit + units * example;
  const k = statIndex(norm, { units, groups }, unit, example);
  const c = { z: probe.Z[at], mu: probe.mean[k], variance: probe.var[k], eps, gamma: probe.gamma[unit], beta: probe.beta[unit] };
  return { norm, unit, example, stat: k, ...c, ...normalizeCell(c), engineZNorm: probe.zNorm[at], engineZTilde: probe.zTilde[at] };
}

/** Where the shared statistics come from, in words: "unit 3 over the 8 examples", … (units and examples from 1). */
export function sharedOver(norm, { units, groups, examples }, unit, example) {
  if (norm === 'batch') return `unit ${unit + 1} over the ${examples} examples of the batch`;
  if (norm === 'layer') return `example ${example + 1} over its ${units} units`;
  const size = units / groups;
  const g = Math.floor(unit / size);
  return `example ${example + 1} over units ${g * size + 1}–${(g + 1) * size} (group ${g + 1} of ${groups})`;
}
