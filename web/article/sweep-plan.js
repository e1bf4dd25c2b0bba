// Pure helpers for the sweep figure: the grid of settings, the order the runs
// are computed in, and the colour of a final loss.

import { interpolateYlGnBu } from 'd3-scale-chromatic';

export const LEARNING_RATES = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const INIT_SCALES = [0.1, 0.3, 1, 3, 10];

/** Loss at or above this is "learned nothing" for a balanced binary task (ln 2 ≈ 0.693). */
export const CHANCE_LOSS = 0.7;
const GOOD_LOSS = 0.005;

/**
 * Colour of a final loss: dark blue for a low loss, pale yellow at chance or
 * worse, log-scaled in between.
 * @returns {string} "rgb(r, g, b)"
 */
export function lossColor(loss) {
  const lo = Math.log(GOOD_LOSS);
  const hi = Math.log(CHANCE_LOSS);
  const v = Math.log(Math.min(Math.max(loss, GOOD_LOSS), CHANCE_LOSS));
  return interpolateYlGnBu(0.06 + 0.94 * ((hi - v) / (hi - lo)));
}

/** A CSS linear-gradient from the best loss colour to chance, for the legend. */
export function lossGradient(stops = 8) {
  const lo = Math.log(GOOD_LOSS);
  const hi = Math.log(CHANCE_LOSS);
  const colours = Array.from({ length: stops }, (_, k) => lossColor(Math.exp(lo + ((hi - lo) * k) / (stops - 1))));
  return `linear-gradient(to right, ${colours.join(', ')})`;
}

/** Every (row, col) of a rows × cols grid, row by row. */
export function cellOrder(rows, cols) {
  const out = [];
  for (let i = 0; i < rows; ++i) for (let j = 0; j < cols; ++j) out.push({ row: i, col: j });
  return out;
}
