// The README's plain-HTML snippets (an element, and an iframe for editors without scripts) in a plain
// page, with dist/bn-lab/ copied to assets/bn-lab/ as the README says; and the folder as an npm
// package: `npm pack`, installed into an app whose bundle (esbuild) has `import 'bn-lab'`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import * as esbuild from 'esbuild';

import { HTML_SNIPPET, IFRAME_SNIPPET } from '../../web/embed/snippets.js';
import { writeDist } from '../../web/tools/dist.mjs';
import { serveSite } from './blog-sites.mjs';
import { checkPost, trains } from './blog-post.mjs';
import { ROOT, inks, openPage, useBrowser } from './browser.mjs';
import { embedFrame } from './embed-frames.mjs';
import { startStaticServer } from './static_server.mjs';

const env = useBrowser({ serve: false });
let site;

before(async () => {
  site = await serveSite('html');
});
after(() => site?.close());

test('the plain page: the elements and the iframe draw and train, the iframe fits its figure, no errors', async () => {
  const count = await checkPost(env.browser.context, site.url, site.url.slice(0, site.url.indexOf('/post.html')));
  assert.deepEqual(count, { elements: 2, iframes: 1 });
});

test('opened from disk, a page that loads the copied folder by relative paths trains its element and its iframe', async () => {
  // The README's snippets with the folder's path made relative, in a page beside assets/.
  const page = HTML_SNIPPET.replaceAll('/assets/', 'assets/') + IFRAME_SNIPPET.replaceAll('/assets/', 'assets/');
  const file = join(site.dir, 'www/disk.html');
  writeFileSync(file, `<!doctype html><meta charset="utf-8"><title>from disk</title>\n${page}\n`);
  const { page: tab, requests } = await openPage(env.browser.context, `file://${file}`, { width: 900, height: 4000 });
  await trains(tab, 0, 3);
  assert.ok(requests.some((u) => u.endsWith('/assets/bn-lab/bn-lab.inline.js')), 'from disk it loads the inlined engine');
  const frame = await embedFrame(tab);
  await frame.waitForFunction(() => document.querySelector('bn-lab').steps >= 1, null, { timeout: 120_000 });
  assert.ok(requests.every((u) => u.startsWith('file://') || u.startsWith('data:')), 'nothing but the files beside it');
  await tab.close();
});

test('the folder is an npm package: npm pack, install, `import \'bn-lab\'` in a bundle defines a working <bn-lab>', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bnlab-npm-'));
  try {
    writeDist(join(dir, 'dist'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir, join(dir, 'dist/bn-lab')], { encoding: 'utf8' });
    const tgz = readdirSync(dir).find((f) => /^bn-lab-.*\.tgz$/.test(f));
    assert.ok(tgz, 'npm pack wrote bn-lab-<version>.tgz');
    // What `npm install ./bn-lab-<version>.tgz` puts in node_modules (the tarball's package/ folder), without the network.
    const app = join(dir, 'app');
    mkdirSync(join(app, 'node_modules/bn-lab'), { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tgz), '-C', join(app, 'node_modules/bn-lab'), '--strip-components=1']);
    writeFileSync(join(app, 'main.js'), "import 'bn-lab';\n");
    writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">'
      + '<script src="app.js" defer></script><bn-lab preset="twin" seed="7"></bn-lab>\n');
    await esbuild.build({ entryPoints: [join(app, 'main.js')], bundle: true, outfile: join(app, 'app.js'),
      platform: 'browser', format: 'iife', logLevel: 'error', absWorkingDir: ROOT });
    const server = await startStaticServer({ root: app });
    try {
      const { page, errors } = await openPage(env.browser.context, `${server.url}index.html`, { width: 900, height: 1200 });
      await trains(page, 0, 3);
      const inked = (await inks(page.locator('bn-lab'), 'canvas.fig-canvas')).map((c) => c.inked);
      assert.ok(inked.length >= 2 && inked.every((v) => v > 0.01), `canvases ${inked}`);
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
