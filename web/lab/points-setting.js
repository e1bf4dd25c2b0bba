// The lab's `data` setting: your own points, drawn on the plane or loaded
// from CSV, or null for the toy set the other data settings describe.
//
//   value = {train: [[x1, x2, y], …], test: [[x1, x2, y], …], regression: boolean}
//
// test empty: the engine splits the test set off at the training fraction,
// with the seed. In the hash it is points-code.js's text, when a link can
// carry it. web/state.js lists this setting beside its table (SETTINGS): it
// is part of the lab's link and hook, but not an embed attribute.
import { toyTrainSize } from '../engine-budget.js';
import { MAX_POINT_VALUE } from '../engine-points.js';
import { decodePoints, encodePoints, urlProblem } from './points-code.js';

/** The most points the lab takes (its `points` range). */
export const MAX_DATA_POINTS = 2000;

function checkRows(name, rows, regression) {
  if (!Array.isArray(rows)) return `${name} must be an array of [x1, x2, y] rows`;
  for (let i = 0; i < rows.length; ++i) {
    const p = rows[i];
    if (!Array.isArray(p) || p.length !== 3) return `${name}[${i}] must be [x1, x2, y]`;
    if (!p.every((v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_POINT_VALUE))
      return `${name}[${i}] must hold finite numbers within ±${MAX_POINT_VALUE}`;
    if (!regression && p[2] !== 0 && p[2] !== 1) return `${name}[${i}] has label ${p[2]}, not 0 or 1`;
  }
  return '';
}

/**
 * Checks a data set given as JavaScript (bnlab.setDataset, the lab's own
 * drawing): {value} a fresh copy, or {error}.
 */
export function coerceData(value) {
  if (value === null) return { value: null };
  if (typeof value !== 'object' || Array.isArray(value))
    return { error: 'must be null or {train: [[x1, x2, y], …], test?: […], regression?: boolean}' };
  const { train, test = [], regression = false } = value;
  const unknown = Object.keys(value).filter((k) => !['train', 'test', 'regression'].includes(k));
  if (unknown.length) return { error: `has unknown keys ${unknown.join(', ')} (known: train, test, regression)` };
  if (typeof regression !== 'boolean') return { error: 'regression must be true or false' };
  const bad = checkRows('train', train, regression) || checkRows('test', test, regression);
  if (bad) return { error: bad };
  const n = train.length + test.length;
  if (n > MAX_DATA_POINTS) return { error: `must hold at most ${MAX_DATA_POINTS} points, got ${n}` };
  if (train.length < 2 || n < 4) return { error: `must hold at least 4 points, 2 of them for training; got ${train.length} + ${test.length}` };
  return { value: { train: train.map((p) => [...p]), test: test.map((p) => [...p]), regression } };
}

/** Whether a link can carry the data set (points-code.js urlProblem). */
export function linkableData(data) {
  return data !== null && data !== undefined && urlProblem(data) === '';
}

/** A data set's text: its link text, or (for one too big for a link) exact JSON, to compare states. */
export function formatData(data) {
  if (!data) return '';
  return linkableData(data) ? encodePoints(data) : `json:${JSON.stringify(data)}`;
}

/** The training-set size the engine will use: the given training points, or its split. */
export function dataTrainSize(data, trainFraction) {
  const n = data.train.length + data.test.length;
  return data.test.length ? data.train.length : toyTrainSize(n, trainFraction);
}

/** Half-width of the plane shown: the points' reach plus a margin, at least 1.5, at most the engine's 100. */
export function dataExtent(data) {
  let reach = 0;
  for (const p of [...data.train, ...data.test]) reach = Math.max(reach, Math.abs(p[0]), Math.abs(p[1]));
  return Math.min(100, Math.max(1.5, Math.ceil(reach * 1.1 * 10) / 10));
}

/** The setting's row, as web/state.js describes settings. */
export const DATA_SETTING = Object.freeze({
  key: 'data',
  kind: 'points',
  def: null,
  rebuild: true,
  label: 'Your data',
  group: 'data',
  control: 'points',
  help: 'Points drawn on the plane or loaded from CSV; empty: the toy data set.',
  parse(text) {
    if (text === '') return { value: null };
    const decoded = decodePoints(text);
    return 'error' in decoded ? decoded : coerceData(decoded.value);
  },
  coerce: coerceData,
});
