// Your own data and your results: the CSV reader, the link encoding of a data
// set, the data setting in the settings table, and the run exports.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseCsv, standardize, toCsv, errorLines } from '../../web/lab/csv.js';
import { MAX_URL_POINTS, decodePoints, encodePoints, quantize, urlProblem } from '../../web/lab/points-code.js';
import { addPoint, dataFromTwin, planeFromPixel, planeGeometry, pixelFromPlane, removeNearest } from '../../web/lab/draw.js';
import { runColumns, runCsv, runJson, runRecord } from '../../web/lab/export.js';
import { History } from '../../web/lab/history.js';
import { changedKeys, defaults, engineConfig, engineData, parseHash, toHash, withChanges } from '../../web/state.js';

const grid = (n, regression = false) => Array.from({ length: n }, (_, j) =>
  [quantize(Math.cos(j) * 1.2), quantize(Math.sin(1.3 * j)), regression ? quantize(Math.cos(j) * Math.sin(j)) : j % 2]);

test('a CSV with a header loads every point in file order', () => {
  const r = parseCsv('x1,x2,label\n0.5,-1,1\n\n1e-3, 2 ,0\r\n-3,4,1\n7;8;0\n');
  assert.deepEqual(r.errors, []);
  assert.equal(r.header, true);
  assert.deepEqual(r.points, [[0.5, -1, 1], [0.001, 2, 0], [-3, 4, 1], [7, 8, 0]]);
  assert.deepEqual(r.test, []);
});

test('every bad line of a CSV is named by its number and reason, and nothing is loaded', () => {
  const lines = ['x1,x2,label', '1,2,1', '1,abc,0', '1,2', '1,2,2', '3,4,0', 'NaN,1,1', '1,2,0,maybe', '1e999,0,1'];
  const r = parseCsv(lines.join('\n'));
  assert.equal(r.points, null);
  assert.deepEqual(r.errors.map((e) => e.line), [3, 4, 5, 7, 8, 9]);
  assert.match(r.errors[0].reason, /x2 “abc” is not a number/);
  assert.match(r.errors[1].reason, /has 2 columns, expected 3/);
  assert.match(r.errors[2].reason, /label 2 is not 0 or 1/);
  assert.match(r.errors[3].reason, /x1 “NaN” is not a number/);
  assert.match(r.errors[4].reason, /set “maybe” is not train or test/);
  assert.match(r.errors[5].reason, /outside/);
  assert.deepEqual(errorLines(r.errors, 2), ['line 3: x2 “abc” is not a number', 'line 4: has 2 columns, expected 3 (x1, x2, label) or 4 (…, train/test)', '… and 4 more']);
});

test('a CSV over the budget names the first line too many; regression takes real targets', () => {
  const rows = Array.from({ length: 12 }, (_, j) => `${j},${-j},${j % 2}`).join('\n');
  const r = parseCsv(rows, { maxPoints: 10 });
  assert.equal(r.points, null);
  assert.deepEqual(r.errors, [{ line: 11, reason: 'is point 11: the lab takes at most 10 points' }]);
  const reg = parseCsv('1,2,0.25\n3,4,-7.5\n5,6,1\n7,8,2', { regression: true });
  assert.deepEqual(reg.points.map((p) => p[2]), [0.25, -7.5, 1, 2]);
  assert.match(parseCsv('1,2,0\n3,4,1').errors[0].reason, /the lab needs at least 4/);
});

test('standardizing gives mean 0 and sd 1 on the grid of a link; a 4th column splits train and test', () => {
  const r = parseCsv('10,100,0\n20,300,1\n30,200,0\n40,400,1\n25,250,1,test');
  assert.equal(r.points.length, 4);
  assert.deepEqual(r.test, [[25, 250, 1]]);
  const s = standardize(r.points, r.test);
  const mean = (k) => s.points.reduce((a, p) => a + p[k], 0) / 4;
  assert.ok(Math.abs(mean(0)) < 1e-3 && Math.abs(mean(1)) < 1e-3);
  assert.ok(s.points.every((p) => p.every((v) => quantize(v) === v)));
  assert.deepEqual(s.test[0], [0, 0, 1]);
  const back = parseCsv(toCsv({ train: s.points, test: s.test, regression: false }));
  assert.deepEqual([back.points, back.test], [s.points, s.test]);
});

test('a data set round-trips exactly through its link text, classification and regression', () => {
  for (const regression of [false, true]) {
    const all = grid(37, regression);
    const data = { train: all.slice(0, 30), test: all.slice(30), regression };
    assert.equal(urlProblem(data), '');
    const text = encodePoints(data);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodePoints(text).value, data);
  }
  const split = { train: grid(MAX_URL_POINTS), test: [], regression: false };
  const text = encodePoints(split);
  assert.ok(text.length < 2800, `${text.length} characters for ${MAX_URL_POINTS} points`);
  assert.deepEqual(decodePoints(text).value, split);
});

test('a set a link cannot carry says why; bad link text is refused', () => {
  assert.match(urlProblem({ train: grid(MAX_URL_POINTS + 1), test: [], regression: false }), /501 points and a link carries at most 500/);
  assert.match(urlProblem({ train: [[0.0001, 0, 1], ...grid(4)], test: [], regression: false }), /point 1 .*0\.001/);
  assert.match(decodePoints('!!').error, /not a data set/);
  assert.match(decodePoints('AgAAAAAA').error, /format version 2/);
  const text = encodePoints({ train: grid(8), test: [], regression: false });
  assert.match(decodePoints(text.slice(0, -4)).error, /bytes where 8 points take/);
});

test('the data setting goes through the hash and the engine config; too big a set stays out of the link', () => {
  const data = { train: grid(40), test: grid(10), regression: false };
  const state = withChanges(defaults(), { data });
  const hash = toHash(state);
  assert.match(hash, /&data=[A-Za-z0-9_-]+$/);
  const back = parseHash(hash);
  assert.deepEqual(back.ignored, []);
  assert.deepEqual(back.state.data, data);
  assert.deepEqual(changedKeys(state, back.state), []);
  assert.equal(back.state.batchSize, 40);  // clamped to the 40 given training points
  assert.deepEqual(engineData(state), { points: { train: data.train, test: data.test } });
  assert.equal(engineConfig(state).dataset, 'circles');
  assert.equal(engineConfig(withChanges(state, { data: { ...data, regression: true } })).dataset, 'regression');
  const big = withChanges(defaults(), { data: { train: grid(600), test: [], regression: false } });
  assert.doesNotMatch(toHash(big), /data=/);
  assert.deepEqual(changedKeys(big, withChanges(big, { data: { train: grid(600), test: [], regression: false } })), []);
  assert.doesNotMatch(toHash(defaults()), /data=/);
  assert.throws(() => withChanges(defaults(), { data: { train: [[0, 0, 2], ...grid(5)] } }), /data train\[0\] has label 2/);
  assert.throws(() => withChanges(defaults(), { data: { train: grid(3) } }), /at least 4 points/);
  assert.deepEqual(parseHash('#data=%%%').ignored.map((i) => i.key), ['data']);
});

test('drawing maps pixels to the plane and back, adds a point and removes the nearest', () => {
  const g = planeGeometry(500, 400, 2);
  assert.deepEqual(g, { size: 400, left: 50, extent: 2 });
  assert.deepEqual(planeFromPixel(250, 200, g), [0, 0]);
  assert.deepEqual(planeFromPixel(50, 0, g), [-2, 2]);
  assert.equal(planeFromPixel(20, 10, g), null);
  assert.deepEqual(pixelFromPlane(1, -1, g), [350, 300]);
  const d0 = { train: [[0, 0, 1], [1, 1, 0]], test: [[-1, -1, 0]], regression: false };
  const d1 = addPoint(d0, [0.5, 0.5, 1], 'test');
  assert.equal(d1.test.length, 2);
  assert.equal(d0.test.length, 1);
  assert.deepEqual(removeNearest(d1, 0.9, 0.9).train, [[0, 0, 1]]);
  assert.equal(removeNearest(d1, 5, 5, 0.1), null);
  const twin = { xTrain: Float32Array.from([0.1, 0.2]), yTrain: Float32Array.from([1]), xTest: Float32Array.from([0.30000001, -1]), yTest: Float32Array.from([0]), isRegression: false };
  assert.deepEqual(dataFromTwin(twin), { train: [[0.1, 0.2, 1]], test: [[0.3, -1, 0]], regression: false });
});

test('the run exports hold every recorded step of both networks and parse back to the same numbers', () => {
  const h = new History();
  const m = (a) => ({ trainLoss: a, testLoss: a + 0.1, trainAccuracy: 0.5, testAccuracy: 0.25 });
  h.push(0, { withBn: m(0.7), withoutBn: m(0.69) }, { withBn: Float32Array.from([1, 2, 3, 4, 5, 6]), withoutBn: Float32Array.from([1, 2, 3, 4, 5, 6]) },
    { withBn: Float32Array.from([1, 0, 1, 0]), withoutBn: Float32Array.from([NaN, NaN, NaN, NaN]) });
  h.push(2, { withBn: m(0.1234567891), withoutBn: m(NaN) }, { withBn: Float32Array.from([1, 2, 3, 4, 5, 6]), withoutBn: Float32Array.from([1, 2, 3, 4, 5, NaN]) },
    { withBn: Float32Array.from([1.5, 0.25, 1, 0]), withoutBn: Float32Array.from([NaN, NaN, NaN, NaN]) });
  const settings = { ...defaults(), hidden: [8, 8], seed: 7 };
  const record = runRecord(h, settings, 'seed=7');
  const json = JSON.parse(runJson(record));
  assert.equal(json.format, 'bnlab-run');
  assert.equal(json.seed, 7);
  assert.deepEqual(json.steps, [0, 2]);
  assert.equal(json.withBn.trainLoss[1], 0.1234567891);
  assert.equal(json.withoutBn.trainLoss[1], null);
  assert.deepEqual(json.withBn.gammaBeta[1], [[1.5, 0.25], [1, 0]]);
  assert.deepEqual(json.withoutBn.percentiles[1][1], [4, 5, null]);
  const csv = runCsv(record);
  const lines = csv.trim().split('\n');
  assert.equal(lines[1], '# seed=7');
  assert.deepEqual(JSON.parse(lines[3].slice('# settings='.length)), settings);
  const cols = lines.find((l) => l.startsWith('step,')).split(',');
  assert.deepEqual(cols, runColumns(2));
  const rows = lines.filter((l) => /^\d/.test(l)).map((l) => l.split(','));
  assert.equal(rows.length, 2);
  assert.equal(Number(rows[1][cols.indexOf('withBn.trainLoss')]), 0.1234567891);
  assert.equal(rows[1][cols.indexOf('withoutBn.trainLoss')], '');
  assert.equal(Number(rows[1][cols.indexOf('withBn.layer1.gammaMean')]), 1.5);
});
