// What an embedded figure costs to serve: the raw and gzipped size of every file the embed
// ships, the total a reader downloads for one <bn-lab> (bn-lab.js and the bnlab-embed.wasm it
// fetches; the presets whose views load on demand add their bn-lab.view-*.js), and that total
// against the budget. Run after ./build.sh build:
//
//   node web/tools/size-report.mjs            the table
//   node web/tools/size-report.mjs --modules  also what bn-lab.js holds, per source module
//
// Gzip is zlib's level 9 (what `gzip -9` and most servers' static compression give, within a
// few hundred bytes). tests/browser/embed-size.test.mjs holds the budget with embedSizes().
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { LAZY_VIEWS } from '../embed/lazy-views.js';
import { WasmCursor } from './wasm-binary.mjs';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** The most a reader may download for one embedded figure, gzipped (issue 12: "≤ 150 KB"). */
export const EMBED_BUDGET_GZ = 150_000;

// What the embed ships. `served`: fetched for every <bn-lab> on a served page. The inlined
// bundle replaces both where no .wasm can be fetched (file://, sandboxed iframes).
// The view bundles are fetched only by the presets that draw them (web/embed/lazy-views.js).
const FILES = [
  { file: 'bn-lab.js', served: true, what: 'the element, the twin view and the engine glue' },
  { file: 'bnlab-embed.wasm', served: true, what: 'the engine (twins only, no embind, no layer or group norm)' },
  { file: 'bn-lab.inline.js', served: false, what: 'both and every view, wasm inlined as base64 (fallback)' },
  { file: 'bnlab-embed-norm.wasm', served: false,
    what: 'the engine with layer and group norm, fetched instead by figures that use them (siblings, norm="ln"/"gn")' },
  ...LAZY_VIEWS.map((name) => ({ file: `bn-lab.view-${name}.js`, served: false, view: name,
    what: `the view of preset "${name}", fetched only where one is shown` })),
];

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * Raw and gzipped bytes of each embed file in web/dist/, and the served total.
 * @returns {{files: {file: string, served: boolean, what: string, raw: number, gz: number}[],
 *   served: {raw: number, gz: number}, budget: number}}
 */
export function embedSizes() {
  const files = FILES.map((f) => {
    let bytes;
    try {
      bytes = readFileSync(`${DIST}${f.file}`);
    } catch {
      throw new Error(`web/dist/${f.file} is missing: build it first (./build.sh build)`);
    }
    return { ...f, raw: bytes.length, gz: gz(bytes) };
  });
  const served = files.filter((f) => f.served);
  return {
    files,
    served: { raw: served.reduce((s, f) => s + f.raw, 0), gz: served.reduce((s, f) => s + f.gz, 0) },
    budget: EMBED_BUDGET_GZ,
  };
}

// The sections of a WebAssembly binary by id: code (10) is the functions, data (11) the
// constants (strings, tables); the rest is types, imports, exports and the like.
function wasmSections(bytes) {
  const sections = { code: 0, data: 0, other: 0 };
  const c = new WasmCursor(bytes);
  while (!c.done) {
    const id = c.byte();
    const size = c.leb();
    sections[id === 10 ? 'code' : id === 11 ? 'data' : 'other'] += size;
    c.p += size;
  }
  return sections;
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`.padStart(9);

function printTable() {
  const { files, served, budget } = embedSizes();
  console.log(`${'file'.padEnd(18)} ${'raw'.padStart(9)} ${'gzip -9'.padStart(9)}  holds`);
  const width = Math.max(...files.map((f) => f.file.length));
  for (const f of files) console.log(`${f.file.padEnd(width)} ${kB(f.raw)} ${kB(f.gz)}  ${f.what}`);
  const verdict = served.gz <= budget ? 'within' : 'OVER';
  console.log(`${'served (one figure)'.padEnd(width)} ${kB(served.raw)} ${kB(served.gz)}  bn-lab.js + bnlab-embed.wasm: ` +
    `${verdict} the budget of ${kB(budget).trim()}`);
  for (const f of files.filter((x) => x.view)) {
    console.log(`${`  with ${f.view}`.padEnd(width)} ${kB(served.raw + f.raw)} ${kB(served.gz + f.gz)}  and its view`);
  }
  const s = wasmSections(readFileSync(`${DIST}bnlab-embed.wasm`));
  console.log(`\nbnlab-embed.wasm: code ${kB(s.code).trim()}, data ${kB(s.data).trim()}, other ${kB(s.other).trim()} (raw)`);
}

// What bn-lab.js holds, per source module: esbuild's metafile of the same bundle (web/build.mjs's
// options, its plugins included), grouped by folder. Bytes are minified output before gzip.
async function printModules() {
  const esbuild = await import('esbuild');
  const { bundleOptions } = await import('../build.mjs');
  const result = await esbuild.build({ ...bundleOptions('bn-lab.js'), write: false, metafile: true });
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs);
  const groups = new Map();
  for (const [path, { bytesInOutput }] of inputs) {
    const group = path.startsWith('node_modules/') ? path.split('/').slice(0, 2).join('/') : path.split('/').slice(0, -1).join('/');
    groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
  }
  console.log('\nbn-lab.js by folder (minified bytes, before gzip):');
  for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${kB(bytes)}  ${group}`);
  console.log('\nlargest modules:');
  for (const [path, { bytesInOutput }] of inputs.sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 15))
    console.log(`  ${kB(bytesInOutput)}  ${path}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    printTable();
    if (process.argv.includes('--modules')) await printModules();
  } catch (e) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
}
