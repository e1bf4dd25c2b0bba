// A real Hugo 0.111 site (Debian's hugo, offline, no theme) with baseURL path /blog/, made as the README
// says: dist/bn-lab/ copied to static/bn-lab/, its shortcode to layouts/shortcodes/, the README's Hugo
// snippet in a post. Served on loopback, the post's elements and iframe draw and train in Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { BASE, requireTool, serveSite } from './blog-sites.mjs';
import { checkPost } from './blog-post.mjs';
import { useBrowser } from './browser.mjs';

const env = useBrowser({ serve: false });
let site;

before(async () => {
  requireTool('hugo');
  site = await serveSite('hugo');
});
after(() => site?.close());

test('the shortcode writes the folder\'s URLs under the baseURL\'s path, and honours iframe="true"', () => {
  const html = readFileSync(join(site.dir, `www${BASE}posts/batch-norm/index.html`), 'utf8');
  const srcs = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(srcs, [`${BASE}bn-lab/bn-lab.js`,
    `${BASE}bn-lab/embed.html#preset=worked-example&amp;seed=5`, `${BASE}bn-lab/iframe-resize.js`]);
  assert.match(html, /<bn-lab preset="twin" seed="7">/);
  assert.match(html, /<bn-lab preset="histograms" controls="none" seed="3">/);
  assert.equal((html.match(/<iframe /g) ?? []).length, 1);
});

test('the Hugo post: both elements and the iframe draw and train, the iframe fits its figure, no errors', async () => {
  const count = await checkPost(env.browser.context, site.url, site.url.slice(0, site.url.indexOf(BASE)));
  assert.deepEqual(count, { elements: 2, iframes: 1 });
});
