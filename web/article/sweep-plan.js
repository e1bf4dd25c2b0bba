// The sweep of section 5 without a page: its settings, one cell's run (the
// figure steps it a chunk per animation frame, the claims ledger runs it to
// the end), what a cell's result means (learned, at chance, worse, diverged;
// lower than its twin) and the summary the readout states, and the colour of
// a final loss.

import { interpolateYlGnBu } from 'd3-scale-chromatic';

export const LEARNING_RATES = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const INIT_SCALES = [0.1, 0.3, 1, 3, 10];
export const NETS = Object.freeze(['withBn', 'withoutBn']);

/** What every cell trains: the twin on circles, the row's init scale, the column's learning rate. */
export const SWEEP = Object.freeze({
  base: Object.freeze({ dataset: 'circles', hidden: [8, 8, 8, 8], batchSize: 16 }),
  activations: ['tanh', 'relu', 'sigmoid'],
  activation: 'tanh', // shown first
  seed: 1, // shown first; "New seed" adds 1
  steps: 400,
  chunk: 20, // steps per curve point
});

/** ln 2: the loss of answering ½ for every point, what a binary classifier scores before it learns anything. */
export const CHANCE = Math.LN2;
/** A final loss at or above this learned nothing ("at chance"). */
export const AT_CHANCE = 0.68;
/** A final loss above this is worse than not having learned at all. */
export const WORSE_THAN_CHANCE = 0.75;
/** The summary counts the cells below each of these (two, so that no single threshold decides). */
export const THRESHOLDS = Object.freeze([0.1, 0.02]);

/** Loss at or above this gets the palest colour. */
export const CHANCE_LOSS = 0.7;
const GOOD_LOSS = 0.005;

/**
 * Starts one cell: a twin with the cell's settings.
 * @param {import('../engine.js').Engine} engine
 * @param {{activation: string, seed: number, initScale: number, learningRate: number}} cell
 */
export function startCell(engine, { activation, seed, initScale, learningRate }) {
  const twin = engine.createTwin({ ...SWEEP.base, activation, seed, initScale, learningRate });
  return { twin, steps: 0, curves: { withBn: [], withoutBn: [] }, status: twin.status() };
}

/**
 * Trains a started cell one chunk. Returns both networks' results so far:
 * {final, curve, diverged, complete}; final is the last chunk's mean loss
 * while running and the training-set loss (running statistics) once the run
 * is complete. The twin is disposed when the run completes.
 */
export function advanceCell(run) {
  run.status = run.twin.step(SWEEP.chunk);
  run.steps += SWEEP.chunk;
  for (const net of NETS) run.curves[net].push(run.status[net].diverged ? NaN : run.status[net].meanLoss);
  const complete = run.steps >= SWEEP.steps;
  const metrics = complete ? run.twin.metrics('running') : null;
  if (complete) run.twin.dispose();
  return Object.fromEntries(NETS.map((net) => [net, {
    final: complete ? metrics[net].trainLoss : run.curves[net].at(-1),
    curve: run.curves[net],
    diverged: run.status[net].diverged,
    complete,
  }]));
}

/** One cell run to the end, as the figure shows it. */
export function runCell(engine, cell) {
  const run = startCell(engine, cell);
  for (;;) {
    const result = advanceCell(run);
    if (result.withBn.complete) return result;
  }
}

/** 'diverged' (the loss overflowed), 'worse' (than chance), 'chance' (learned nothing) or 'learned'. */
export function outcome(cell) {
  if (cell.diverged || !Number.isFinite(cell.final)) return 'diverged';
  if (cell.final > WORSE_THAN_CHANCE) return 'worse';
  if (cell.final >= AT_CHANCE) return 'chance';
  return 'learned';
}

/** True when a network learned in this cell and ended lower than its twin did. */
export function lowerThanTwin(cell, twin) {
  return outcome(cell) === 'learned' && (outcome(twin) !== 'learned' || cell.final < twin.final);
}

/**
 * The summary of a grid: over complete cells, per network, how many ended
 * below each threshold, how many ended lower than their twin, and how many
 * ended at chance or worse (diverged included), with the lowest final loss.
 * @param {{withBn: (object|null)[][], withoutBn: (object|null)[][]}} cells [row][col] per network
 */
export function summarize(cells) {
  const out = { complete: 0 };
  for (const net of NETS) out[net] = { below: THRESHOLDS.map(() => 0), lower: 0, failed: 0, diverged: 0, lowest: Infinity };
  cells.withBn.forEach((row, i) => row.forEach((bn, j) => {
    const plain = cells.withoutBn[i][j];
    if (!bn?.complete || !plain?.complete) return;
    out.complete += 1;
    for (const [net, cell, twin] of [['withBn', bn, plain], ['withoutBn', plain, bn]]) {
      const s = out[net];
      const o = outcome(cell);
      THRESHOLDS.forEach((x, k) => {
        if (o === 'learned' && cell.final < x) s.below[k] += 1;
      });
      if (lowerThanTwin(cell, twin)) s.lower += 1;
      if (o !== 'learned') s.failed += 1;
      if (o === 'diverged') s.diverged += 1;
      else s.lowest = Math.min(s.lowest, cell.final);
    }
  }));
  return out;
}

/** The values of the summary sentence's slots (claim 'article.sweep.summary'). */
export function summaryValues(summary, format = String) {
  const { withBn: b, withoutBn: p } = summary;
  return {
    x1: THRESHOLDS[0], x2: THRESHOLDS[1], bn1: b.below[0], plain1: p.below[0], bn2: b.below[1], plain2: p.below[1],
    bnLower: b.lower, plainLower: p.lower, bnLowest: format(b.lowest), plainLowest: format(p.lowest),
    bnFailed: b.failed, plainFailed: p.failed,
  };
}

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
