// Every JavaScript bundle and copied asset that the pages load, built into web/dist/ from the two
// tables below (./build.sh build runs this after the WebAssembly build):
//
//   node web/build.mjs
//
// Every bundle is a classic script (format "iife"): a page opened from file:// cannot load ES
// modules. Bundles whose `engine` column is not 'none' take the WebAssembly build's output
// (web/dist/bnlab.js, bnlab.wasm; the embed's bnlab-embed.js, bnlab-embed.wasm) into themselves,
// so that build must have run first. A missing entry, engine file or asset stops the build
// before anything is written, naming what is missing.
// Running it again writes the same bytes.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import * as esbuild from 'esbuild';

import { LAZY_VIEWS } from './embed/lazy-views.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = 'web/dist';

// `engine`: how much of the WebAssembly build a bundle carries, and which module: the full one
// (bnlab.js + bnlab.wasm) or the embed's smaller one (bnlab-embed.js + bnlab-embed.wasm: the
// twins only, CMakeLists.txt).
//   none           nothing: the page loads web/dist/bnlab.js with its own <script> before the bundle
//   inlined        bnlab.js's factory and bnlab.wasm inlined as base64 (esbuild's binary loader)
//   embed-glue     bnlab-embed.js's module factory; bnlab-embed.wasm is fetched from next to the bundle at run time
//   embed-inlined  bnlab-embed.js's factory and bnlab-embed-norm.wasm (the same exports, with layer and group norm) inlined as base64
const ENGINE_FILES = {
  none: [],
  inlined: ['web/dist/bnlab.js', 'web/dist/bnlab.wasm'],
  'embed-glue': ['web/dist/bnlab-embed.js'],
  'embed-inlined': ['web/dist/bnlab-embed.js', 'web/dist/bnlab-embed-norm.wasm'],
};

// Who loads each bundle:
//   lab.js, article.js   index.html, through web/embed/boot.js
//   lab-harness.js       web/lab/harness.html
//   paper.js             web/paper/index.html; paper-worker.js: its Web Workers
//   bn-lab.js            other people's pages, web/embed/*.html
//   bn-lab.inline.js     bn-lab.js, where no .wasm can be fetched (file://, sandboxed iframes)
//   bnlab-inline.js      web/embed/boot.js, for index.html opened from disk
//   bn-lab.view-NAME.js  bn-lab.js, when a <bn-lab> shows a preset whose view is NAME (web/embed/lazy-views.js)
// `texts`: which of the claims ledger's sentences a bundle carries (web/tools/claim-texts.mjs writes both):
//   all   web/claims/texts.js, every sentence (the article and the pages that show any of them)
//   lab   web/claims/texts-embed.js, the lab's, the embed's and the Figure 1 page's only (the captions of
//         the presets whose views load on demand are in texts-embed-views.js, which those views import)
// `facade`: which parts of the engine's JavaScript facade a bundle carries:
//   full   all of it
//   embed  without the reference methods (web/embed/engine-reference-absent.js stands in for
//          web/engine-reference.js: the embed's engine has no reference classes); and the axes'
//          scales from web/embed/scale.js where code imports 'd3-scale' (the same ticks and labels
//          for what the figures call, tests/web/embed-scale.test.mjs; d3 itself is about 10 kB gzipped)
const BUNDLE_COLUMNS = ['out', 'entry', 'format', 'target', 'minify', 'sourcemap', 'legalComments', 'engine', 'texts', 'facade'];
const BUNDLES = [
  // out                entry                          format  target    minify sourcemap legal   engine           texts  facade
  ['lab.js',            'web/lab/main.js',             'iife', 'es2022', true,  true,     'none', 'none',          'lab', 'full'],
  ['lab-harness.js',    'web/lab/harness.js',          'iife', 'es2022', true,  true,     'none', 'none',          'lab', 'full'],
  ['article.js',        'web/article/article.js',      'iife', 'es2022', true,  true,     'none', 'none',          'all', 'full'],
  ['paper.js',          'web/paper/main.js',           'iife', 'es2022', true,  true,     'none', 'none',          'all', 'full'],
  ['paper-worker.js',   'web/paper/worker.js',         'iife', 'es2022', true,  true,     'none', 'none',          'all', 'full'],
  ['bn-lab.js',         'web/embed/bn-lab.js',         'iife', 'es2022', true,  false,    'none', 'embed-glue',    'lab', 'embed'],
  ['bn-lab.inline.js',  'web/embed/bn-lab-inline.js',  'iife', 'es2022', true,  false,    'none', 'embed-inlined', 'lab', 'embed'],
  ['bnlab-inline.js',   'web/embed/inline-engine.js',  'iife', 'es2022', true,  false,    'none', 'inlined',       'all', 'full'],
  // The views bn-lab.js loads on demand, one bundle each (web/embed/lazy-views.js LAZY_VIEWS).
  ...LAZY_VIEWS.map((name) => [
    `bn-lab.view-${name}.js`, `web/embed/views/lazy/${name}.js`, 'iife', 'es2022', true, false, 'none', 'none', 'lab', 'embed']),
].map((row) => Object.fromEntries(BUNDLE_COLUMNS.map((column, i) => [column, row[i]])));

// Options every bundle shares. The loaders serve the embed: its stylesheets are imported as text
// (constructed stylesheets in a shadow root) and bnlab.wasm as bytes. Emscripten's glue requires
// fs, path and crypto only when it runs under Node, so they stay out of every bundle.
const SHARED = {
  bundle: true,
  platform: 'browser',
  external: ['fs', 'path', 'crypto'],
  loader: { '.css': 'text', '.wasm': 'binary' },
  logLevel: 'warning',
};

// Files copied (or written) next to the bundles. KaTeX's stylesheet keeps only its woff2 fonts:
// every browser that runs WebAssembly reads woff2, and the page requests nothing from another origin.
const KATEX = 'node_modules/katex';
const COPIES = [
  { out: 'katex/katex.min.css', from: `${KATEX}/dist/katex.min.css`, transform: woff2Only },
  { out: 'katex/fonts/', from: `${KATEX}/dist/fonts/`, only: '.woff2' },
  { out: 'katex/LICENSE', from: `${KATEX}/LICENSE` },
  // Emscripten's bnlab.js is CommonJS; Node must not read web/dist as ES modules (the repository's
  // package.json says "type": "module").
  { out: 'package.json', text: '{"type": "commonjs"}\n' },
];

function woff2Only(css) {
  return css
    .replace(/,url\(fonts\/[^)]+\.woff\) format\("woff"\)/g, '')
    .replace(/,url\(fonts\/[^)]+\.ttf\) format\("truetype"\)/g, '');
}

const at = (path) => join(ROOT, path);

/** Every input the tables name that does not exist, as "what: path" lines; and a wrong esbuild. */
function missingInputs() {
  const missing = [];
  const pinned = JSON.parse(readFileSync(at('package.json'), 'utf8')).devDependencies.esbuild;
  if (esbuild.version !== pinned) missing.push(`esbuild ${pinned} (package.json), found ${esbuild.version} (npm ci)`);
  for (const b of BUNDLES) {
    if (!existsSync(at(b.entry))) missing.push(`entry of ${b.out}: ${b.entry}`);
    if (!(b.engine in ENGINE_FILES)) missing.push(`engine mode of ${b.out}: '${b.engine}' (${Object.keys(ENGINE_FILES).join(', ')})`);
    if (!['all', 'lab'].includes(b.texts)) missing.push(`texts of ${b.out}: '${b.texts}' (all, lab)`);
    if (!['full', 'embed'].includes(b.facade)) missing.push(`facade of ${b.out}: '${b.facade}' (full, embed)`);
    for (const file of ENGINE_FILES[b.engine] ?? []) {
      if (!existsSync(at(file))) missing.push(`engine for ${b.out}: ${file} (the WebAssembly build, ./build.sh build)`);
    }
  }
  for (const c of COPIES) {
    if (c.from && !existsSync(at(c.from))) missing.push(`asset ${c.out}: ${c.from} (npm ci)`);
  }
  return missing;
}

// A bundle whose `texts` is 'lab' reads the claims' sentences from web/claims/texts-embed.js
// wherever its modules import web/claims/texts.js.
const LAB_TEXTS = {
  name: 'lab-texts',
  setup(build) {
    build.onResolve({ filter: /\/claims\/texts\.js$/ }, () => ({ path: at('web/claims/texts-embed.js') }));
  },
};
const TEXTS_PLUGINS = { all: [], lab: [LAB_TEXTS] };

// A bundle whose `facade` is 'embed' reads web/embed/engine-reference-absent.js wherever its
// modules import web/engine-reference.js (except that file itself, which takes engineError from it),
// web/embed/engine-siblings-absent.js for web/engine-siblings.js, web/embed/lab-presets-absent.js for
// web/lab/presets.js, and web/embed/frame-plan-absent.js for web/lab/frame-plan.js.
const EMBED_FACADE = {
  name: 'embed-facade',
  setup(build) {
    const absent = at('web/embed/engine-reference-absent.js');
    build.onResolve({ filter: /\/engine-reference\.js$/ }, (args) => (args.importer === absent ? undefined : { path: absent }));
    build.onResolve({ filter: /\/engine-siblings\.js$/ }, () => ({ path: at('web/embed/engine-siblings-absent.js') }));
    // web/lab/lab.js's './presets.js' (the lab's presets); web/embed/presets.js stays.
    build.onResolve({ filter: /\/presets\.js$/ }, (args) => (join(args.resolveDir, args.path) === at('web/lab/presets.js')
      ? { path: at('web/embed/lab-presets-absent.js') } : undefined));
    build.onResolve({ filter: /\/frame-plan\.js$/ }, () => ({ path: at('web/embed/frame-plan-absent.js') }));
  },
};

// ... and 'd3-scale' is web/embed/scale.js.
const EMBED_SCALES = {
  name: 'embed-scales',
  setup(build) {
    build.onResolve({ filter: /^d3-scale$/ }, () => ({ path: at('web/embed/scale.js') }));
  },
};

// Stylesheets a bundle imports as text (the embed's: constructed stylesheets in a shadow root) are
// minified like its code when its `minify` column says so: esbuild's own CSS minifier, no lowering
// (no CSS target), so the rules are the same; comments and spacing go (lab.css 15.9 → 12.2 kB raw).
const MINIFIED_CSS = {
  name: 'minified-css',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      const { code } = await esbuild.transform(text, { loader: 'css', minify: true, sourcefile: args.path });
      return { contents: code, loader: 'text' };
    });
  },
};

/**
 * esbuild's options for the bundle written to web/dist/`out` (web/tools/size-report.mjs builds bn-lab.js
 * with them, in memory, to say what it holds).
 */
export function bundleOptions(out) {
  const b = BUNDLES.find((row) => row.out === out);
  if (!b) throw new Error(`web/build.mjs: no bundle ${out}`);
  return {
    ...SHARED,
    plugins: [...TEXTS_PLUGINS[b.texts], ...(b.facade === 'embed' ? [EMBED_FACADE, EMBED_SCALES] : []),
      ...(b.minify ? [MINIFIED_CSS] : [])],
    entryPoints: [at(b.entry)],
    outfile: at(`${DIST}/${b.out}`),
    format: b.format,
    target: [b.target],
    minify: b.minify,
    sourcemap: b.sourcemap ? 'linked' : false,
    legalComments: b.legalComments,
  };
}

async function buildBundle(b) {
  await esbuild.build(bundleOptions(b.out));
  return b.sourcemap ? [b.out, `${b.out}.map`] : [b.out];
}

/** Copies or writes one asset; returns the files written, relative to web/dist. */
function copyAsset(c) {
  const dest = at(`${DIST}/${c.out}`);
  if (c.text !== undefined) {
    writeFileSync(dest, c.text);
    return [c.out];
  }
  if (c.only) {
    mkdirSync(dest, { recursive: true });
    const files = readdirSync(at(c.from)).filter((f) => f.endsWith(c.only)).sort();
    if (files.length === 0) throw new Error(`no ${c.only} files in ${c.from}`);
    for (const f of files) copyFileSync(at(`${c.from}${f}`), join(dest, f));
    return files.map((f) => `${c.out}${f}`);
  }
  mkdirSync(join(dest, '..'), { recursive: true });
  if (c.transform) writeFileSync(dest, c.transform(readFileSync(at(c.from), 'utf8')));
  else copyFileSync(at(c.from), dest);
  return [c.out];
}

const size = (n) => (n < 1000 ? `${n} B` : `${(n / 1000).toFixed(1)} kB`).padStart(9);

function sizeLine(file, bytes) {
  return `  ${file.padEnd(24)} ${size(bytes.length)} ${size(gzipSync(bytes, { level: 9 }).length)} gzipped`;
}

async function main() {
  const missing = missingInputs();
  if (missing.length > 0) {
    console.error(`error: web/build.mjs cannot build web/dist/, missing:\n  ${missing.join('\n  ')}`);
    process.exit(1);
  }
  mkdirSync(at(DIST), { recursive: true });
  // The assets first: esbuild reads web/dist/package.json to know that bnlab.js is CommonJS.
  const copied = COPIES.flatMap(copyAsset);
  const built = await Promise.allSettled(BUNDLES.map(buildBundle));
  if (built.some((r) => r.status === 'rejected')) {
    console.error('error: web/build.mjs: esbuild failed (its messages are above)');
    process.exit(1);
  }
  const written = [...built.flatMap((r) => r.value), ...copied];

  console.log(`${DIST}/ (esbuild ${esbuild.version}):`);
  const fonts = written.filter((f) => f.startsWith('katex/fonts/'));
  for (const file of written.filter((f) => !fonts.includes(f))) {
    console.log(sizeLine(file, readFileSync(at(`${DIST}/${file}`))));
  }
  const fontBytes = fonts.reduce((sum, f) => sum + readFileSync(at(`${DIST}/${f}`)).length, 0);
  console.log(`  ${`katex/fonts/ (${fonts.length} woff2)`.padEnd(24)} ${size(fontBytes)}  (compressed already)`);
}

// Run as a script (not when size-report.mjs imports bundleOptions).
if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
