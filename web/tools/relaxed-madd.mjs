// Rewrites the relaxed-SIMD proposal's early f32x4 fma opcode, which LLVM 14 (Debian's
// Emscripten 3.1.6) emits for __builtin_wasm_fma_f32x4 and no engine accepts any more, to the
// standard f32x4.relaxed_madd (a·b + c). Both encode in three bytes (0xfd, then the opcode as
// LEB128: 0xaf 0x01 → 0x105 = 0x85 0x02), so the module's sizes and offsets stay as they are.
// Only the code section is rewritten. An experiment for benchmarks (tests/gemm_check.sh --bench;
// engine/gemm.cpp BNLAB_RELAXED_MADD), not part of the shipped build: the match is on bytes, so a
// constant that happened to hold them would be rewritten too, which the benchmark's accuracy
// check (test_gemm against a double-precision reference) would catch.
//
//   node web/tools/relaxed-madd.mjs FILE.wasm | FILE.js (-sSINGLE_FILE=1 output)
import { readFileSync, writeFileSync } from 'node:fs';

import { WasmCursor } from './wasm-binary.mjs';

const EARLY = [0xfd, 0xaf, 0x01];
const STANDARD = [0xfd, 0x85, 0x02];
const CODE_SECTION = 10;

/** Rewrites the opcodes in place in the code section of `bytes`; returns how many. */
export function rewriteRelaxedMadd(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error('not a WebAssembly module (no \\0asm magic)');
  let count = 0;
  const c = new WasmCursor(bytes);
  while (!c.done) {
    const id = c.byte();
    const size = c.leb();
    const end = c.p + size;
    if (id === CODE_SECTION) {
      for (let i = c.p; i + 2 < end; ++i) {
        if (bytes[i] === EARLY[0] && bytes[i + 1] === EARLY[1] && bytes[i + 2] === EARLY[2]) {
          bytes.set(STANDARD, i);
          count += 1;
          i += 2;
        }
      }
    }
    c.p = end;
  }
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node web/tools/relaxed-madd.mjs FILE.wasm|FILE.js');
  let count;
  if (file.endsWith('.wasm')) {
    const bytes = readFileSync(file);
    count = rewriteRelaxedMadd(bytes);
    writeFileSync(file, bytes);
  } else {
    // A -sSINGLE_FILE=1 script: the module is a base64 data URL inside it.
    const text = readFileSync(file, 'utf8');
    const m = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(text);
    if (!m) throw new Error(`${file} holds no base64 WebAssembly module (build with -sSINGLE_FILE=1)`);
    const bytes = Buffer.from(m[1], 'base64');
    count = rewriteRelaxedMadd(bytes);
    writeFileSync(file, text.slice(0, m.index) + `data:application/octet-stream;base64,${bytes.toString('base64')}` +
      text.slice(m.index + m[0].length));
  }
  if (count === 0) throw new Error(`${file}: no early f32x4 fma opcode found (built without BNLAB_RELAXED_MADD?)`);
  console.log(`${file}: ${count} f32x4 fma → f32x4.relaxed_madd`);
}
