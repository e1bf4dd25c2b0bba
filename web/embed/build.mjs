// Builds the embed bundles with esbuild (run after the WebAssembly build, which
// writes web/dist/bnlab.js and bnlab.wasm):
//
//   node web/embed/build.mjs
//
//   web/dist/bn-lab.js         <bn-lab>, served: fetches bnlab.wasm from next to itself
//   web/dist/bn-lab.inline.js  <bn-lab> with the WebAssembly inlined (file://, sandboxed iframes)
//   web/dist/bnlab-inline.js   the engine's module factory with the WebAssembly inlined,
//                              for index.html opened from disk (see boot.js)
//
// All three are classic scripts (IIFE): module scripts do not load from file://.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const WEB = resolve(HERE, '..');
const DIST = join(WEB, 'dist');

const common = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  // The Emscripten glue requires these only when it runs under Node.
  external: ['fs', 'path', 'crypto'],
  loader: { '.css': 'text', '.wasm': 'binary' },
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: [join(HERE, 'bn-lab.js')], outfile: join(DIST, 'bn-lab.js') }),
  esbuild.build({ ...common, entryPoints: [join(HERE, 'bn-lab-inline.js')], outfile: join(DIST, 'bn-lab.inline.js') }),
  esbuild.build({ ...common, entryPoints: [join(HERE, 'inline-engine.js')], outfile: join(DIST, 'bnlab-inline.js') }),
]);
