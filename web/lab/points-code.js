// Your own data set in a link: the lab's `data` setting as compact text.
//
// A data set is {train: [[x1, x2, y], …], test: [[x1, x2, y], …], regression}
// (test empty: the engine splits it off at the training fraction). In the URL
// hash it is base64url (RFC 4648 §5, no padding) of these bytes:
//
//   [0]     format version (1)
//   [1]     flags: bit 0 regression, bit 1 the test set is given
//   [2..5]  n_train, n_test as uint16, little-endian
//   then    per point (train, then test): x1, x2 as int16 in thousandths
//   then    classification: one bit per label, point j at bit j%8 of byte j/8;
//           regression: the target per point as int16 in thousandths
//
// So coordinates are quantized to 0.001 within ±32.767: the lab snaps drawn
// points to that grid (quantize) and rounds standardized CSV inputs to it, so
// the link carries exactly the numbers the engine trained on and a shared
// link reproduces the losses bit for bit. A set with more than MAX_URL_POINTS
// points, or numbers off the grid, has no link text (urlProblem says why): the
// page offers the CSV export instead.

/** The most points a link carries: about 5.5 characters each, so at most ≈ 2,760 characters. */
export const MAX_URL_POINTS = 500;
/** Coordinates and regression targets in a link: multiples of 1/SCALE within ±LIMIT. */
export const SCALE = 1000;
export const LIMIT = 32.767;
const VERSION = 1;

/** A number snapped to the link's grid (0.001), within ±LIMIT. */
export function quantize(v) {
  return Math.round(Math.max(-LIMIT, Math.min(LIMIT, v)) * SCALE) / SCALE;
}

const onGrid = (v) => Math.abs(v) <= LIMIT && quantize(v) === v;

/** Why a data set cannot go into a link, or '' when it can. */
export function urlProblem(data) {
  const n = data.train.length + data.test.length;
  if (n > MAX_URL_POINTS)
    return `it has ${n} points and a link carries at most ${MAX_URL_POINTS}`;
  const all = [...data.train, ...data.test];
  const off = all.findIndex((p) => !onGrid(p[0]) || !onGrid(p[1]) || (data.regression && !onGrid(p[2])));
  if (off >= 0) return `point ${off + 1} has a value that is not a multiple of 0.001 within ±${LIMIT}`;
  return '';
}

function toBase64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The link text of a data set (check urlProblem first: off-grid values would be rounded). */
export function encodePoints(data) {
  const all = [...data.train, ...data.test];
  const n = all.length;
  const labelBytes = data.regression ? 2 * n : Math.ceil(n / 8);
  const bytes = new Uint8Array(6 + 4 * n + labelBytes);
  const view = new DataView(bytes.buffer);
  bytes[0] = VERSION;
  bytes[1] = (data.regression ? 1 : 0) | (data.test.length ? 2 : 0);
  view.setUint16(2, data.train.length, true);
  view.setUint16(4, data.test.length, true);
  all.forEach(([x1, x2, y], j) => {
    view.setInt16(6 + 4 * j, Math.round(quantize(x1) * SCALE), true);
    view.setInt16(8 + 4 * j, Math.round(quantize(x2) * SCALE), true);
    const at = 6 + 4 * n;
    if (data.regression) view.setInt16(at + 2 * j, Math.round(quantize(y) * SCALE), true);
    else if (y === 1) bytes[at + (j >> 3)] |= 1 << (j & 7);
  });
  return toBase64url(bytes);
}

/**
 * A data set from its link text.
 * @returns {{value: object}|{error: string}}
 */
export function decodePoints(text) {
  const bytes = fromBase64url(String(text));
  if (!bytes || bytes.length < 6) return { error: 'is not a data set written by the lab (base64url)' };
  if (bytes[0] !== VERSION) return { error: `has format version ${bytes[0]}, this lab reads version ${VERSION}` };
  const view = new DataView(bytes.buffer);
  const regression = (bytes[1] & 1) === 1;
  const nTrain = view.getUint16(2, true);
  const nTest = view.getUint16(4, true);
  const n = nTrain + nTest;
  if ((bytes[1] & 2) === 0 && nTest !== 0) return { error: 'says it has no test set but holds test points' };
  if (nTrain < 2 || n > MAX_URL_POINTS) return { error: `must hold 2 to ${MAX_URL_POINTS} points` };
  const expected = 6 + 4 * n + (regression ? 2 * n : Math.ceil(n / 8));
  if (bytes.length !== expected) return { error: `has ${bytes.length} bytes where ${n} points take ${expected}` };
  const at = 6 + 4 * n;
  const points = Array.from({ length: n }, (_, j) => [
    view.getInt16(6 + 4 * j, true) / SCALE,
    view.getInt16(8 + 4 * j, true) / SCALE,
    regression ? view.getInt16(at + 2 * j, true) / SCALE : (bytes[at + (j >> 3)] >> (j & 7)) & 1,
  ]);
  return { value: { train: points.slice(0, nTrain), test: points.slice(nTrain), regression } };
}
