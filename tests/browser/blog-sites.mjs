// Real blog sites for the blog tests (tests/browser/blog-*.test.mjs), made the way the README tells a
// blogger to: the folder dist/bn-lab/ (written fresh from web/dist/ by web/tools/dist.mjs) copied in
// as a whole, the template copied where the site generator looks for it, the README's snippets
// (web/embed/snippets.js) pasted into a post. Jekyll and Hugo are Debian's, run offline, without a
// theme; each site lives under the sub-path /blog/ of a loopback server.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HTML_SNIPPET, HUGO_SNIPPET, IFRAME_SNIPPET, INSTALL, JEKYLL_SNIPPET } from '../../web/embed/snippets.js';
import { writeDist } from '../../web/tools/dist.mjs';
import { ROOT } from './browser.mjs';
import { startStaticServer } from './static_server.mjs';

/** The sub-path every site is served under (Jekyll's baseurl, Hugo's baseURL path). */
export const BASE = '/blog/';

/**
 * Fails with what to do when a site generator is missing (CI runs ./build.sh deps as root, which installs
 * it): these tests never skip silently.
 */
export function requireTool(name) {
  try {
    return execFileSync(name, name === 'hugo' ? ['version'] : ['--version'], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error(`${name} is not installed (${e.code ?? e.message}): ./build.sh deps installs it (Debian package ${name})`);
  }
}

// Text around the figures: a post as a blogger writes it, long enough to scroll.
const PARAGRAPHS = [
  'Normalizing the inputs of a network, so every feature has mean 0 and variance 1, is one of the first tricks a '
    + 'deep learning course teaches. Batch normalization asks the next question: why not do the same for the inputs '
    + 'of every hidden layer, whose distribution keeps changing while the earlier layers learn?',
  'The figures below train two copies of the same small network on the same data, from the same weights; the only '
    + 'difference is that one normalizes the input of every hidden layer with the statistics of its mini-batch.',
];
const CLOSING = 'That is batch normalization in a nutshell: normalize each hidden unit over the mini-batch, let the '
  + 'network rescale it with γ and β, and remember running statistics for inference.';

/** A blog page around `body` (HTML), with the sample post's theme (web/embed/sample-post.css). */
function page(title, css, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${css}">
</head>
<body>
<header class="site-header"><div class="wrapper"><a class="site-title" href="${BASE}">Notes from a course</a></div></header>
<main class="page-content"><div class="wrapper"><article class="post">
<h1 class="post-title">${title}</h1>
<div class="post-content">
${body}
</div>
</article></div></main>
<footer class="site-footer"><div class="wrapper"><p>Figures: BatchNorm Lab.</p></div></footer>
</body>
</html>
`;
}

const markdown = (snippet) => `${PARAGRAPHS.join('\n\n')}\n\n${snippet}\n\n${CLOSING}\n`;

/** Copies the folder into `site` as the README says, and the kind's template where it belongs. */
function install(kind, dist, site) {
  const { folder, template } = INSTALL[kind];
  mkdirSync(join(site, folder, '..'), { recursive: true });
  cpSync(join(dist, 'bn-lab'), join(site, folder), { recursive: true });
  if (template) {
    mkdirSync(join(site, template.to, '..'), { recursive: true });
    cpSync(join(site, folder, template.from), join(site, template.to));
  }
}

const SITE_CSS = () => readFileSync(join(ROOT, 'web/embed/sample-post.css'), 'utf8');

/** Jekyll: _config.yml with baseurl /blog, a layout, one post with the README's Jekyll snippet. */
function buildJekyll(dir, dist, www) {
  const site = join(dir, 'jekyll');
  install('jekyll', dist, site);
  writeFileSync(join(site, '_config.yml'), `title: Notes from a course\nbaseurl: ${BASE.slice(0, -1)}\n`);
  mkdirSync(join(site, '_layouts'));
  writeFileSync(join(site, '_layouts/post.html'),
    page('{{ page.title }}', "{{ '/assets/site.css' | relative_url }}", '{{ content }}'));
  writeFileSync(join(site, 'assets/site.css'), SITE_CSS());
  mkdirSync(join(site, '_posts'));
  writeFileSync(join(site, '_posts/2024-03-02-batch-norm.md'),
    `---\nlayout: post\ntitle: Batch normalization, watched live\n---\n${markdown(JEKYLL_SNIPPET)}`);
  execFileSync('jekyll', ['build', '--quiet', '--source', site, '--destination', join(www, BASE)], { encoding: 'utf8' });
  return `${BASE}2024/03/02/batch-norm.html`;
}

/** Hugo: baseURL with the path /blog/, a single-page layout, one post with the README's Hugo snippet. */
function buildHugo(dir, dist, www) {
  const site = join(dir, 'hugo');
  install('hugo', dist, site);
  writeFileSync(join(site, 'config.toml'), `baseURL = "http://127.0.0.1${BASE}"\ntitle = "Notes from a course"\n`
    + 'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404"]\n');
  mkdirSync(join(site, 'layouts/_default'), { recursive: true });
  writeFileSync(join(site, 'layouts/_default/single.html'),
    page('{{ .Title }}', '{{ "site.css" | relURL }}', '{{ .Content }}'));
  writeFileSync(join(site, 'static/site.css'), SITE_CSS());
  mkdirSync(join(site, 'content/posts'), { recursive: true });
  writeFileSync(join(site, 'content/posts/batch-norm.md'),
    `---\ntitle: Batch normalization, watched live\n---\n${markdown(HUGO_SNIPPET)}`);
  execFileSync('hugo', ['--quiet', '--source', site, '--destination', join(www, BASE)], { encoding: 'utf8' });
  return `${BASE}posts/batch-norm/`;
}

/** A plain HTML page at the site's root with the README's element and iframe snippets. */
function buildHtml(dir, dist, www) {
  install('html', dist, www);
  writeFileSync(join(www, 'site.css'), SITE_CSS());
  const p = (text) => `<p>${text}</p>`;
  writeFileSync(join(www, 'post.html'), page('Batch normalization, watched live', '/site.css',
    [...PARAGRAPHS.map(p), HTML_SNIPPET, p(CLOSING), IFRAME_SNIPPET, p(CLOSING)].join('\n')));
  return '/post.html';
}

const BUILDERS = { jekyll: buildJekyll, hugo: buildHugo, html: buildHtml };

/**
 * Builds a site of this kind in a new temporary folder and serves it on loopback.
 * @param {'jekyll'|'hugo'|'html'} kind
 * @returns {Promise<{url: string, dir: string, close: () => Promise<void>}>} url: the post's
 */
export async function serveSite(kind) {
  const dir = mkdtempSync(join(tmpdir(), `bnlab-${kind}-`));
  const dist = join(dir, 'dist');
  writeDist(dist);
  const www = join(dir, 'www');
  mkdirSync(www);
  const path = BUILDERS[kind](dir, dist, www);
  const server = await startStaticServer({ root: www });
  return {
    url: `${server.url}${path.replace(/^\//, '')}`,
    dir,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
