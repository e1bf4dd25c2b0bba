// What a WebAssembly module's code is made of: each function's body size (raw bytes), largest
// first, named from the module's name section, and the totals of a few families (libc's printf
// and strtod, embind, Eigen, the C++ runtime). A served module has no names: link a scratch copy
// with --profiling-funcs first (README "Bundles" gives the command), then
//
//   node web/tools/wasm-functions.mjs /tmp/bnlab-embed.wasm [how many, default 40]
import { readFileSync } from 'node:fs';

import { WasmCursor } from './wasm-binary.mjs';

function readModule(bytes) {
  const c = new WasmCursor(bytes);
  let imported = 0;
  const bodies = [];
  const names = new Map();
  while (!c.done) {
    const id = c.byte();
    const size = c.leb();
    const end = c.p + size;
    if (id === 2) {
      // Imports: functions take the first indices.
      for (let count = c.leb(); count > 0; count--) {
        c.text(c.leb());
        c.text(c.leb());
        const kind = c.byte();
        if (kind === 0) {
          c.leb();
          imported++;
        } else if (kind === 1) {
          c.p++;
          const flags = c.leb();
          c.leb();
          if (flags & 1) c.leb();
        } else if (kind === 2) {
          const flags = c.leb();
          c.leb();
          if (flags & 1) c.leb();
        } else if (kind === 3) {
          c.p++;
          c.p++;
        } else if (kind === 4) {
          c.p++;
          c.leb();
        }
      }
    } else if (id === 10) {
      for (let count = c.leb(); count > 0; count--) {
        const n = c.leb();
        bodies.push(n);
        c.p += n;
      }
    } else if (id === 0) {
      const name = c.text(c.leb());
      if (name === 'name') {
        while (c.p < end) {
          const sub = c.byte();
          const subSize = c.leb();
          const subEnd = c.p + subSize;
          if (sub === 1) {
            for (let count = c.leb(); count > 0; count--) {
              const index = c.leb();
              names.set(index, c.text(c.leb()));
            }
          }
          c.p = subEnd;
        }
      }
    }
    c.p = end;
  }
  return bodies.map((size, i) => ({ name: names.get(imported + i) ?? `#${imported + i}`, size }));
}

const FAMILIES = [
  ['printf / strtod / long double', /printf|fmt_fp|strtod|strtof|__floatscan|__intscan|scanexp|decfloat|hexfloat|__shgetc|__shlim|pop_arg|fmt_|__(add|sub|mul|div)tf3|__extenddftf2|__trunctfdf2|__fix|__float.*tf|frexpl|__signbitl|__fpclassifyl|copysignl|scalbnl|fmodl|wcrtomb|out\b|pad\b|getint/],
  ['embind', /embind|emscripten::|_EmBind|EmscriptenBindingInitializer|emval|__embind/],
  ['Eigen', /Eigen::/],
  ['C++ runtime (std::, abi)', /^std::|__cxa|__cxxabiv1|__gxx|operator new|operator delete|abort_message|demangle|itanium/],
];

const file = process.argv[2];
if (!file) {
  console.error('usage: node web/tools/wasm-functions.mjs FILE.wasm [how many]');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 40);
const fns = readModule(readFileSync(file)).sort((a, b) => b.size - a.size);
const total = fns.reduce((s, f) => s + f.size, 0);
console.log(`${fns.length} functions, ${total} bytes of code`);
for (const [family, re] of FAMILIES) {
  const members = fns.filter((f) => re.test(f.name));
  console.log(`  ${family.padEnd(32)} ${String(members.reduce((s, f) => s + f.size, 0)).padStart(7)} B in ${members.length}`);
}
console.log(`largest ${top}:`);
for (const f of fns.slice(0, top)) console.log(`${String(f.size).padStart(7)}  ${f.name.slice(0, 150)}`);
