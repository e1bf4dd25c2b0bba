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

/** max |a − b| / max(1, |b|), the engine tests' relative difference. */
export function maxRelDiff(a, b) {
  let worst = 0;
  for (let i = 0; i < b.length; ++i) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}
