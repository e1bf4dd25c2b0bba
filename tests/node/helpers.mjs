// Shared by the Node tests: loads the WebAssembly engine built by ./build.sh build.
//
// Emscripten 3.1.6's loader would fetch() the .wasm by file path under Node 20
// and fail, so the bytes are read here and handed over as wasmBinary.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { loadEngine } from '../../web/engine.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = `${ROOT}web/dist/`;

/** A fresh module instance and its engine. */
export async function loadNodeEngine() {
  const require = createRequire(import.meta.url);
  const factory = require(`${DIST}bnlab.js`);
  return loadEngine({ factory, wasmBinary: readFileSync(`${DIST}bnlab.wasm`) });
}

/** A fresh module instance itself, without the facade: for tests of the engine's own checks. */
export async function loadNodeModule() {
  const require = createRequire(import.meta.url);
  const factory = require(`${DIST}bnlab.js`);
  return factory({ wasmBinary: readFileSync(`${DIST}bnlab.wasm`) });
}

// seededRandom (mulberry32), shared with the tools and the browser tests' fuzzer.
export { seededRandom } from '../../web/tools/seeded-random.mjs';

/** max |a − b| / max(1, |b|), the engine tests' relative difference. */
export function maxRelDiff(a, b) {
  let worst = 0;
  for (let i = 0; i < b.length; ++i) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

/**
 * n steps of a twin in calls of at most twin.maxStepsPerCall (one engine call
 * is bounded by the work budget); the same steps as one step(n) would take.
 */
export function stepInChunks(twin, n) {
  for (let done = 0; done < n;) {
    const k = Math.min(twin.maxStepsPerCall, n - done);
    twin.step(k);
    done += k;
  }
  return twin.status();
}
