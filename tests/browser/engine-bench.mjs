// Benchmark of the engine in headless Chromium (not a test): runs the same
// WebAssembly benchmark that `./build.sh bench` runs in Node,
// build/wasm/bench_engine.{js,wasm} (engine/tools/bench_engine.cpp), on a page
// of the repository's static server, and prints its lines ("bench …",
// "phase …") unchanged, so that build.sh can set them beside the native and
// Node figures of the same run.
//
//   node tests/browser/engine-bench.mjs [--worker] [--root DIR]
// --worker: run it in a dedicated Worker (where Figure 1 trains) instead of the page's thread.
// --root: the checkout whose build/wasm/ to run (default this one), for before/after comparisons.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { ROOT as REPO } from './browser.mjs';
import { openBenchPage } from './bench-page.mjs';

const args = process.argv.slice(2);
const IN_WORKER = args.includes('--worker');
const ROOT = args.includes('--root') ? `${resolve(args[args.indexOf('--root') + 1])}/` : REPO;
for (const f of ['build/wasm/bench_engine.js', 'build/wasm/bench_engine.wasm'])
  if (!existsSync(ROOT + f)) throw new Error(`${f} is missing: run ./build.sh build`);

// Runs in the page or in a Worker: loads the module, runs main(), returns what it printed.
async function runBench(base) {
  const bytes = await (await fetch(`${base}build/wasm/bench_engine.wasm`)).arrayBuffer();
  const lines = [];
  // eslint-disable-next-line no-undef
  await createBenchEngine({ wasmBinary: bytes, print: (line) => lines.push(line), printErr: (line) => lines.push(`# ${line}`) });
  return lines;
}

const { page, url, close } = await openBenchPage(ROOT);
try {
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrom(e|ium)\/[\d.]+/)?.[0] ?? navigator.userAgent);
  let lines;
  if (IN_WORKER) {
    const source = `importScripts(${JSON.stringify(`${url}build/wasm/bench_engine.js`)});\n` +
      `${runBench.toString()}\nrunBench(${JSON.stringify(url)}).then((l) => postMessage(l), (e) => postMessage(['# error ' + e.message]));`;
    lines = await page.evaluate((src) => new Promise((resolve) => {
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      w.onmessage = (e) => resolve(e.data);
      w.onerror = (e) => resolve([`# error ${e.message}`]);
    }), source);
  } else {
    lines = await page.evaluate(`(${runBench.toString()})(${JSON.stringify(url)})`);
  }
  console.log(`# ${version} (headless, ${IN_WORKER ? 'dedicated Worker' : 'page thread'})`);
  for (const line of lines) console.log(line);
} finally {
  await close();
}
