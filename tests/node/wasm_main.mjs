// Runs an Emscripten program's main() under Node: node wasm_main.mjs prog.js [args…]
//
// For programs linked with -sMODULARIZE=1 (build/wasm/bench_engine.js). The
// .wasm bytes are read here: Emscripten 3.1.6 would fetch() them by file path,
// which Node 20's fetch rejects.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [program, ...args] = process.argv.slice(2);
if (!program) {
  console.error('usage: node wasm_main.mjs program.js [arguments]');
  process.exit(2);
}
const path = resolve(program);
const factory = createRequire(import.meta.url)(path);
await factory({ wasmBinary: readFileSync(path.replace(/\.js$/, '.wasm')), arguments: args });
