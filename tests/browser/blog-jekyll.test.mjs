// A real Jekyll 4.3 site (Debian's jekyll, offline, no theme) with baseurl /blog, made as the README
// says: dist/bn-lab/ copied to assets/bn-lab/, its include to _includes/, the README's Jekyll snippet
// in a post. Served on loopback, the post's elements and iframe draw and train in Chromium.
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
  requireTool('jekyll');
  site = await serveSite('jekyll');
});
after(() => site?.close());

test('the include writes the folder\'s URLs with the baseurl once, and honours iframe=true and iframe="false"', () => {
  const html = readFileSync(join(site.dir, `www${BASE}2024/03/02/batch-norm.html`), 'utf8');
  const srcs = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(srcs, [`${BASE}assets/bn-lab/bn-lab.js`,
    `${BASE}assets/bn-lab/embed.html#preset=worked-example&amp;seed=5`, `${BASE}assets/bn-lab/iframe-resize.js`]);
  assert.equal((html.match(/<bn-lab /g) ?? []).length, 2);
  assert.equal((html.match(/<iframe /g) ?? []).length, 1);
});

test('the Jekyll post: both elements and the iframe draw and train, the iframe fits its figure, no errors', async () => {
  const count = await checkPost(env.browser.context, site.url, site.url.slice(0, site.url.indexOf(BASE)));
  assert.deepEqual(count, { elements: 2, iframes: 1 });
});

test('when bn-lab.js cannot load, the element\'s place and the iframe both say so (no blank gap)', async () => {
  const page = await env.browser.context.newPage();
  page.setDefaultTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 4000 });
  await page.route('**/bn-lab.js', (route) => route.abort());
  await page.route('**/bn-lab.inline.js', (route) => route.abort());
  await page.goto(site.url);
  const place = page.locator('bn-lab').first();
  const text = await place.innerText();
  assert.match(text, /did not load/);
  assert.ok(text.includes(`(${BASE}assets/bn-lab/bn-lab.js)`), text);
  assert.ok((await place.boundingBox()).height > 300, 'the text stands in the figure\'s reserved height');
  const frame = await (await page.locator('iframe[data-bn-lab]').elementHandle()).contentFrame();
  const status = frame.locator('[data-testid="embed-status"].failed');
  await status.waitFor();
  assert.match(await status.innerText(), /could not load its script .*bn-lab\.js/);
  await page.close();
});

test('opened from disk, the built post says where its figures would be (its URLs are site-absolute), as the README says', async () => {
  const page = await env.browser.context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`file://${join(site.dir, `www${BASE}2024/03/02/batch-norm.html`)}`);
  const places = page.locator('bn-lab');
  assert.equal(await places.count(), 2);
  for (let i = 0; i < 2; ++i) assert.match(await places.nth(i).innerText(), /did not load/);
  assert.equal(await page.evaluate(() => customElements.get('bn-lab')), undefined);
  await page.close();
});
