// Given points for a twin: the facade's side of engine/point_dataset.hpp.
// Pure JavaScript, no WebAssembly: engine.createTwin(config, {points}) checks
// the points here, then writes them into the engine as one (3, n) table.
//
// points = {train: [[x1, x2, y], …], test: [[x1, x2, y], …]}   (test optional)
// y is a class label 0 or 1, or a real target when config.dataset is
// 'regression'. Without test points the engine splits the test set off at
// config.trainFraction with the run's seed, as it does for the toy sets.
import { toyTrainSize } from './engine-budget.js';
import { fail, ownOptions, show } from './engine-checks.js';
import { LIMITS } from './engine-schema.js';

/** Coordinates and targets lie within ±MAX_POINT_VALUE (engine: kMaxPointValue). */
export const MAX_POINT_VALUE = 1e6;

function checkRows(name, rows, regression, table, offset) {
  if (!Array.isArray(rows)) throw fail(name, `must be an array of [x1, x2, y] rows, got ${show(rows)}`);
  rows.forEach((row, i) => {
    const at = `${name}[${i}]`;
    if (!Array.isArray(row) || row.length !== 3) throw fail(at, `must be [x1, x2, y], got ${show(row)}`);
    row.forEach((v, k) => {
      const what = k === 2 ? (regression ? 'target' : 'label') : `x${k + 1}`;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`${at}.${what}`, `must be a finite number, got ${show(v)}`);
      if (Math.abs(v) > MAX_POINT_VALUE) throw fail(`${at}.${what}`, `must be in [-${MAX_POINT_VALUE}, ${MAX_POINT_VALUE}], got ${v}`);
      if (k === 2 && !regression && v !== 0 && v !== 1) throw fail(`${at}.label`, `must be 0 or 1, got ${v}`);
      table[3 * (offset + i) + k] = v;
    });
  });
}

/**
 * Checks `points` and lays them out as the engine takes them.
 * @param {unknown} points {train, test?}
 * @param {{regression: boolean, trainFraction: number}} c the normalized config's task and split
 * @returns {{table: Float64Array, n: number, nTrain: number, split: boolean, shape: object}}
 *   table (3, n) column-major; nTrain === n when the engine splits; shape
 *   {nTrain, nTest, inputSize, outputSize} after the split, for the budget
 */
export function pointTable(points, { regression, trainFraction }) {
  const { train, test = [] } = ownOptions('data.points', points, ['train', 'test']);
  if (!Array.isArray(train)) throw fail('data.points.train', `must be an array of [x1, x2, y] rows, got ${show(train)}`);
  if (!Array.isArray(test)) throw fail('data.points.test', `must be an array of [x1, x2, y] rows, got ${show(test)}`);
  const n = train.length + test.length;
  if (n < 2 || n > LIMITS.points)
    throw fail('data.points', `must hold 2 to ${LIMITS.points} points (training plus test), got ${n}`);
  if (train.length === 0) throw fail('data.points.train', 'must hold at least one point');
  const table = new Float64Array(3 * n);
  checkRows('data.points.train', train, regression, table, 0);
  checkRows('data.points.test', test, regression, table, train.length);
  const split = test.length === 0;
  const nTrain = split ? toyTrainSize(n, trainFraction) : train.length;
  return {
    table, n, nTrain: split ? n : train.length, split,
    shape: { nTrain, nTest: n - nTrain, inputSize: 2, outputSize: 1 },
  };
}
