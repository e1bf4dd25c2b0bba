// Bundles the page's JavaScript and copies what it loads into web/dist/:
//
//   node web/build-web.mjs     the article's bundle (minified, source map), KaTeX's CSS and fonts
//
// Bundles are classic scripts (esbuild format "iife"), so a page can load them
// with <script src> from any origin and later from file://. They expect
// web/dist/bnlab.js (the Emscripten module, built by ./build.sh build) to be
// loaded first. KaTeX's stylesheet and its woff2 fonts are copied from the npm
// package into web/dist/katex/: the page requests nothing from another origin.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'web/dist');

/**
 * entry → bundle. (The lab's bundles, lab.js and lab-harness.js, are built by
 * build.sh's esbuild line with the same options.)
 */
const BUNDLES = [
  { entry: 'web/article/article.js', out: 'article.js' }, // the article's figures and math (window.bnArticle)
];

const KATEX = join(ROOT, 'node_modules/katex/dist');

async function bundle({ entry, out }) {
  const result = await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    outfile: join(DIST, out),
    bundle: true,
    format: 'iife',
    target: ['es2022'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  console.log(`  ${out.padEnd(12)} ${String(bytes).padStart(8)} bytes  (${entry})`);
}

/** KaTeX's CSS with only the woff2 fonts (every browser that runs WebAssembly reads woff2). */
function copyKatex() {
  const dir = join(DIST, 'katex');
  mkdirSync(join(dir, 'fonts'), { recursive: true });
  const css = readFileSync(join(KATEX, 'katex.min.css'), 'utf8')
    .replace(/,url\(fonts\/[^)]+\.woff\) format\("woff"\)/g, '')
    .replace(/,url\(fonts\/[^)]+\.ttf\) format\("truetype"\)/g, '');
  writeFileSync(join(dir, 'katex.min.css'), css);
  let fonts = 0;
  for (const f of readdirSync(join(KATEX, 'fonts'))) {
    if (!f.endsWith('.woff2')) continue;
    copyFileSync(join(KATEX, 'fonts', f), join(dir, 'fonts', f));
    fonts += 1;
  }
  const licence = join(ROOT, 'node_modules/katex/LICENSE');
  if (existsSync(licence)) copyFileSync(licence, join(dir, 'LICENSE'));
  console.log(`  katex/       katex.min.css + ${fonts} woff2 fonts`);
}

const bundles = BUNDLES.filter((b) => existsSync(join(ROOT, b.entry)));

mkdirSync(DIST, { recursive: true });
console.log('web bundles -> web/dist/');
for (const b of bundles) await bundle(b);
copyKatex();
// Emscripten's bnlab.js is CommonJS next to these; Node must not read web/dist as ES modules.
if (!existsSync(join(DIST, 'package.json'))) writeFileSync(join(DIST, 'package.json'), '{"type": "commonjs"}\n');

