// Your own data as CSV: `x1,x2,label` per line (a header line optional), or
// `x1,x2,target` for regression; an optional fourth column `train` or `test`
// puts a point in that set (the lab's own CSV export writes it). Pure functions: parseCsv reports every bad
// line by its number and reason and returns no points at all when any line is
// bad (nothing half-loaded); standardize is the post's first lesson made a
// choice; toCsv writes a set back out in the same format.
import { LIMITS } from '../engine-schema.js';
import { MAX_POINT_VALUE } from '../engine-points.js';
import { quantize } from './points-code.js';

/** The lab's largest data set (its `points` range), so a loaded set fits every lab setting. */
export const MAX_CSV_POINTS = Math.min(2000, LIMITS.points);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEADER = /^\s*[A-Za-z_"]/;

/**
 * @param {string} text the CSV
 * @param {{regression?: boolean, maxPoints?: number}} [opts]
 * @returns {{points: number[][]|null, test: number[][]|null, errors: {line: number, reason: string}[], header: boolean}}
 *   points: the training rows [[x1, x2, y], …] in file order (every row without a set column), test:
 *   the rows marked `test`; both null when any line is bad
 */
export function parseCsv(text, { regression = false, maxPoints = MAX_CSV_POINTS } = {}) {
  const lines = String(text).split(/\r\n|\n|\r/);
  const errors = [];
  const points = [];
  const test = [];
  let header = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const number = i + 1;
    if (line === '' || line.startsWith('#')) return;
    if (!header && points.length === 0 && !errors.length && HEADER.test(line)) {
      header = true; // a first line of names: x1,x2,label
      return;
    }
    const cells = line.split(/\s*[,;\t]\s*/);
    if (cells.length !== 3 && cells.length !== 4) {
      errors.push({ line: number, reason: `has ${cells.length} columns, expected 3 (x1, x2, ${regression ? 'target' : 'label'}) or 4 (…, train/test)` });
      return;
    }
    if (cells.length === 4 && cells[3] !== 'train' && cells[3] !== 'test') {
      errors.push({ line: number, reason: `set “${cells[3].slice(0, 20)}” is not train or test` });
      return;
    }
    const values = [];
    for (let k = 0; k < 3; ++k) {
      const name = k === 2 ? (regression ? 'target' : 'label') : `x${k + 1}`;
      const cell = cells[k];
      if (!NUMBER.test(cell)) {
        errors.push({ line: number, reason: `${name} “${cell.slice(0, 20)}” is not a number` });
        return;
      }
      const v = Number(cell);
      if (!Number.isFinite(v) || Math.abs(v) > MAX_POINT_VALUE) {
        errors.push({ line: number, reason: `${name} ${cell.slice(0, 20)} is outside ±${MAX_POINT_VALUE}` });
        return;
      }
      values.push(v);
    }
    if (!regression && values[2] !== 0 && values[2] !== 1) {
      errors.push({ line: number, reason: `label ${cells[2]} is not 0 or 1` });
      return;
    }
    (cells[3] === 'test' ? test : points).push(values);
    if (points.length + test.length === maxPoints + 1)
      errors.push({ line: number, reason: `is point ${maxPoints + 1}: the lab takes at most ${maxPoints} points` });
  });
  if (!errors.length && points.length + test.length < 4)
    errors.push({ line: lines.length, reason: `the file has ${points.length + test.length} points; the lab needs at least 4` });
  else if (!errors.length && test.length && points.length < 2)
    errors.push({ line: lines.length, reason: `the file has ${points.length} training points; the lab needs at least 2` });
  return { points: errors.length ? null : points, test: errors.length ? null : test, errors, header };
}

/** One sentence per error, for the page: “line 7: label 2 is not 0 or 1”. */
export function errorLines(errors, max = 20) {
  const shown = errors.slice(0, max).map((e) => `line ${e.line}: ${e.reason}`);
  if (errors.length > max) shown.push(`… and ${errors.length - max} more`);
  return shown;
}

/**
 * Standardizes x1 and x2 to mean 0 and standard deviation 1 with the mean and
 * deviation of the training points (the test points are moved by the same
 * amounts, as a trained model would see them), rounded to 0.001 so the set
 * fits a link exactly.
 * @returns {{points: number[][], test: number[][], mean: number[], std: number[]}}
 */
export function standardize(points, test = []) {
  const n = points.length;
  const mean = [0, 1].map((k) => points.reduce((s, p) => s + p[k], 0) / n);
  const std = [0, 1].map((k) => Math.sqrt(points.reduce((s, p) => s + (p[k] - mean[k]) ** 2, 0) / n) || 1);
  const scale = (p) => [quantize((p[0] - mean[0]) / std[0]), quantize((p[1] - mean[1]) / std[1]), p[2]];
  return { points: points.map(scale), test: test.map(scale), mean, std };
}

/** A data set as CSV: a header, then one line per point, with a `set` column (train/test) when the test set is given. */
export function toCsv(data) {
  const y = data.regression ? 'target' : 'label';
  if (!data.test.length) return [`x1,x2,${y}`, ...data.train.map((p) => p.join(','))].join('\n') + '\n';
  return [`x1,x2,${y},set`, ...data.train.map((p) => `${p.join(',')},train`), ...data.test.map((p) => `${p.join(',')},test`)]
    .join('\n') + '\n';
}
