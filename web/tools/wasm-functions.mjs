// What a WebAssembly module's code is made of: each function's body size (raw bytes), largest
// first, named from the module's name section, and the totals of a few families (libc's printf
// and strtod, embind, Eigen, the C++ runtime). A served module has no names: link a scratch copy
// with --profiling-funcs first (README "Bundles" gives the command), then
//
//   node web/tools/wasm-functions.mjs /tmp/bnlab-embed.wasm [how many, default 40]
import { readFileSync } from 'node:fs';

function readModule(bytes) {
  let p = 8;
  const leb = () => {
    let v = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[p++];
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return v;
  };
  const text = (n) => {
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  let imported = 0;
  const bodies = [];
  const names = new Map();
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const end = p + size;
    if (id === 2) {
      // Imports: functions take the first indices.
      for (let count = leb(); count > 0; count--) {
        text(leb());
        text(leb());
        const kind = bytes[p++];
        if (kind === 0) {
          leb();
          imported++;
        } else if (kind === 1) {
          p++;
          const flags = leb();
          leb();
          if (flags & 1) leb();
        } else if (kind === 2) {
          const flags = leb();
          leb();
          if (flags & 1) leb();
        } else if (kind === 3) {
          p++;
          p++;
        } else if (kind === 4) {
          p++;
          leb();
        }
      }
    } else if (id === 10) {
      for (let count = leb(); count > 0; count--) {
        const n = leb();
        bodies.push(n);
        p += n;
      }
    } else if (id === 0) {
      const name = text(leb());
      if (name === 'name') {
        while (p < end) {
          const sub = bytes[p++];
          const subSize = leb();
          const subEnd = p + subSize;
          if (sub === 1) {
            for (let count = leb(); count > 0; count--) {
              const index = leb();
              names.set(index, text(leb()));
            }
          }
          p = subEnd;
        }
      }
    }
    p = end;
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
