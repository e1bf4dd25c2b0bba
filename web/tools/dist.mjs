// Writes dist/bn-lab/, the one folder a blogger copies (./build.sh dist runs this after a build):
// the element's bundles and engine, the iframe page, the resize snippet, the Jekyll include, the
// Hugo shortcode, a README with the snippets, LICENSE, VERSION and a package.json (the folder is an
// npm package: `npm pack dist/bn-lab`, then `import 'bn-lab'` defines <bn-lab>). Flat: every file
// finds the others by a relative path. Then dist/bn-lab-<version>.tar.gz and .zip of the folder.
//
//   node web/tools/dist.mjs
//
// Needs web/dist/ built (./build.sh build); names what is missing otherwise.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { LAZY_VIEWS } from '../embed/lazy-views.js';
import { README_SNIPPETS } from './settings-docs.mjs';
import { zipArchive } from './zip.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/**
 * The engine files bn-lab.js fetches from beside itself, as the built bundle names them (web/build.mjs and
 * CMakeLists.txt decide which modules the embed uses: one without layer and group norm, one with them;
 * the folder ships both).
 */
export function engineFiles() {
  const bundle = readFileSync(join(ROOT, 'web/dist/bn-lab.js'), 'utf8');
  const names = [...new Set([...bundle.matchAll(/["']([\w.-]+\.wasm)["']/g)].map((m) => m[1]))].sort();
  if (names.length < 1) throw new Error('web/dist/bn-lab.js names no .wasm file');
  return names;
}

// What the folder holds: out name → where it comes from (relative to the repository), and how
// its text changes on the way (the iframe page finds its bundle next to it in the folder).
const files = (wasms) => [
  { out: 'bn-lab.js', from: 'web/dist/bn-lab.js' },
  { out: 'bn-lab.inline.js', from: 'web/dist/bn-lab.inline.js' },
  ...wasms.map((wasm) => ({ out: wasm, from: `web/dist/${wasm}` })),
  // The views bn-lab.js loads from beside itself, only for the presets that draw them.
  ...LAZY_VIEWS.map((name) => ({ out: `bn-lab.view-${name}.js`, from: `web/dist/bn-lab.view-${name}.js` })),
  { out: 'embed.html', from: 'web/embed/embed.html', edit: flatEmbedPage },
  { out: 'embed-page.js', from: 'web/embed/embed-page.js' },
  { out: 'embed-page.css', from: 'web/embed/embed-page.css' },
  { out: 'iframe-resize.js', from: 'web/embed/iframe-resize.js' },
  { out: 'jekyll-include.html', from: 'web/embed/jekyll/_includes/bn-lab.html' },
  { out: 'hugo-shortcode.html', from: 'web/embed/hugo/layouts/shortcodes/bn-lab.html' },
  { out: 'LICENSE', from: 'web/embed/LICENSE' },
];

/** embed.html in the repository loads ../dist/bn-lab.js and ../favicon.svg; in the folder, bn-lab.js is beside it. */
function flatEmbedPage(html) {
  const script = '<script src="../dist/bn-lab.js" defer></script>';
  if (!html.includes(script)) throw new Error(`web/embed/embed.html no longer has ${script}: update web/tools/dist.mjs`);
  return html.replace(script, '<script src="bn-lab.js" defer></script>')
    .replace(/<link rel="icon"[^>]*>\n/, '');
}

/** The folder's package.json: a bundler imports the self-contained bundle (the engine inlined). */
function packageJson(list) {
  return `${JSON.stringify({
    name: 'bn-lab',
    version: VERSION,
    description: 'A live batch normalization figure for any web page: <bn-lab>, a C++ network compiled to WebAssembly.',
    license: 'MIT',
    browser: 'bn-lab.inline.js',
    main: 'bn-lab.inline.js',
    exports: {
      '.': './bn-lab.inline.js',
      './served': './bn-lab.js',
      ...Object.fromEntries(list.filter((f) => f.out.endsWith('.wasm')).map((f) => [`./${f.out}`, `./${f.out}`])),
      './iframe-resize.js': './iframe-resize.js',
      './package.json': './package.json',
    },
    sideEffects: true,
    files: [...list.map((f) => f.out), 'README.md', 'VERSION'],
  }, null, 2)}\n`;
}

/** The folder's README: the steps and snippets (web/embed/snippets.js, as README.md shows them), nothing else to read first. */
export function folderReadme(wasms) {
  return `# bn-lab ${VERSION}

A live figure of the BatchNorm Lab in your own page: two small networks, with and without batch
normalization, trained by a C++ engine compiled to WebAssembly in the reader's browser. Nothing is
requested from anywhere but your own site.

## Plain HTML

${README_SNIPPETS['snippet-html']}

For a post editor that allows no scripts (WordPress, Ghost, Substack-style), an iframe; \`iframe-resize.js\`
fits its height to the figure:

${README_SNIPPETS['snippet-iframe']}

## Jekyll

${README_SNIPPETS['snippet-jekyll']}

Set \`bn_lab_path: /elsewhere/\` in \`_config.yml\` if the folder is not \`assets/bn-lab/\`; the site's \`baseurl\` is
added for you.

## Hugo

${README_SNIPPETS['snippet-hugo']}

Set \`params.bnLabPath = "/elsewhere/"\` if the folder is not \`static/bn-lab/\`.

## A bundler

\`npm install ./bn-lab-${VERSION}.tgz\` (from \`npm pack\`), then \`import 'bn-lab';\` defines \`<bn-lab>\`
(the self-contained bundle, engine inlined).

## From disk

A page opened from disk (\`file://\`) works when it loads \`bn-lab.js\` by a relative path
(\`<script src="assets/bn-lab/bn-lab.js">\`): it then uses \`bn-lab.inline.js\`. The Jekyll and Hugo output
uses site-absolute paths (\`/assets/bn-lab/…\`), which from disk point at the root of your file system:
serve \`_site/\` or \`public/\` (\`jekyll serve\`, \`hugo server\`, or any static server) to look at it.

## Files

\`bn-lab.js\` the element (fetches the engine, ${wasms.map((w) => `\`${w}\``).join(' or ')}, beside it: the second only for figures with layer or group norm; loads \`bn-lab.inline.js\` where no .wasm can be
fetched: \`file://\`, sandboxed iframes) · \`bn-lab.view-*.js\` the figures only some presets draw, which
\`bn-lab.js\` loads from beside itself when a page shows one · \`bn-lab.inline.js\` the element with the engine and
every figure inlined, one file ·
\`embed.html\`, \`embed-page.js\`, \`embed-page.css\` the iframe page (attributes in the hash) · \`iframe-resize.js\`
the iframe snippet · \`jekyll-include.html\`, \`hugo-shortcode.html\` the templates · \`LICENSE\` (MIT) · \`VERSION\`.

Every attribute, the element's JavaScript API and how it was measured: the project's README.
`;
}

/**
 * Writes the folder and the archives; returns [{file, bytes, gzip}] of the folder's files.
 * @param {string} [dist] where (default: the repository's dist/; the blog tests write their own copy)
 */
export function writeDist(dist = DIST) {
  if (!existsSync(join(ROOT, 'web/dist/bn-lab.js'))) throw new Error('missing web/dist/bn-lab.js (run ./build.sh build first)');
  const wasms = engineFiles();
  const list = files(wasms);
  const missing = list.filter((f) => !existsSync(join(ROOT, f.from))).map((f) => f.from);
  if (missing.length) throw new Error(`missing ${missing.join(', ')} (run ./build.sh build first)`);
  const folder = join(dist, 'bn-lab');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const f of list) {
    const from = join(ROOT, f.from);
    if (f.edit) writeFileSync(join(folder, f.out), f.edit(readFileSync(from, 'utf8')));
    else copyFileSync(from, join(folder, f.out));
  }
  writeFileSync(join(folder, 'README.md'), folderReadme(wasms));
  writeFileSync(join(folder, 'VERSION'), `${VERSION}\n`);
  writeFileSync(join(folder, 'package.json'), packageJson(list));

  const names = readdirSync(folder).sort();
  const base = `bn-lab-${VERSION}`;
  // tar is in every Debian base system; the archive holds the folder bn-lab/ with owner-less entries.
  execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=1980-01-01',
    '-czf', join(dist, `${base}.tar.gz`), '-C', dist, 'bn-lab']);
  writeFileSync(join(dist, `${base}.zip`),
    zipArchive(names.map((n) => ({ name: `bn-lab/${n}`, bytes: readFileSync(join(folder, n)) }))));
  return names.map((file) => {
    const bytes = readFileSync(join(folder, file));
    return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let sizes;
  try {
    sizes = writeDist();
  } catch (e) {
    console.error(`error: web/tools/dist.mjs: ${e.message}`);
    process.exit(1);
  }
  const kb = (n) => `${(n / 1000).toFixed(1)} kB`.padStart(10);
  console.log(`dist/bn-lab/ (version ${VERSION}):`);
  for (const s of sizes) console.log(`  ${s.file.padEnd(22)} ${kb(s.bytes)} ${kb(s.gzip)} gzipped`);
  console.log(`dist/bn-lab-${VERSION}.tar.gz, dist/bn-lab-${VERSION}.zip`);
}
