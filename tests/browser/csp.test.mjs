// Every page of the project, served with the strictest policy it is meant to
// run under (STRICT_CSP: everything from its own origin, no data: URLs, no
// inline scripts, styles or style attributes, WebAssembly allowed), does its
// work with no Content-Security-Policy violation: none reported to the page or
// to any of its frames, none in the console.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { frames, hookReady, openPage, useBrowser, withStrictServer } from './browser.mjs';
import { STRICT_CSP } from './static_server.mjs';

const env = useBrowser({ serve: false });

/** Runs in the page and each frame before their scripts: records every violation. */
function recordViolations() {
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
}

/** Opens a page of the strict server, lets `work` drive it, then collects violations from every frame. */
async function violations(path, work, { width = 1280, height = 900 } = {}) {
  return withStrictServer(async (server) => {
    const { page, errors } = await openPage(env.browser.context, `${server.url}${path}`, { width, height, init: recordViolations });
    try {
      await work(page);
      const found = [];
      for (const frame of page.frames()) found.push(...await frame.evaluate(() => window.cspViolations ?? []).catch(() => []));
      const console = errors.filter((e) => /Content Security Policy|Refused to/i.test(e));
      return { found, console, errors };
    } finally {
      await page.close();
    }
  });
}

function assertClean({ found, console, errors }) {
  assert.deepEqual(found, [], 'violations reported to the page');
  assert.deepEqual(console, [], 'violations in the console');
  assert.deepEqual(errors, []);
}

test(`index.html, every figure and the lab: no violation of ${STRICT_CSP}`, async () => {
  assertClean(await violations('index.html', async (page) => {
    await hookReady(page, 'bnArticle');
    await hookReady(page, 'bnlab');
    for (const slot of await page.locator('figure[data-figure]').all()) {
      await slot.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => el.dataset.mounted === 'true', await slot.elementHandle());
      await frames(page, 2);
    }
    await page.evaluate(() => window.bnlab.step(20));
  }));
});

test('the Figure 1 page, loading its digits into its Workers: no violation', async () => {
  assertClean(await violations('web/paper/index.html#steps=200&every=100', async (page) => {
    await page.waitForFunction(() => ['ready', 'error'].includes(window.bnlabPaper?.state().phase), null, { timeout: 120_000 });
    assert.equal(await page.evaluate(() => window.bnlabPaper.state().phase), 'ready');
  }));
});

test('the iframe page, opened by itself: no violation', async () => {
  assertClean(await violations('web/embed/embed.html#preset=histograms&seed=2', async (page) => {
    await page.waitForFunction(() => document.querySelector('bn-lab')?.steps > 2);
  }, { width: 900, height: 800 }));
});

test('the sample post with its three elements and its sandboxed iframe: no violation', async () => {
  assertClean(await violations('web/embed/sample-post.html', async (page) => {
    await page.waitForFunction(() => [...document.querySelectorAll('bn-lab')].every((e) => e.steps > 2));
    const iframe = page.locator('iframe[data-bn-lab]');
    await iframe.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('iframe[data-bn-lab]').style.height !== '');
  }, { width: 1280, height: 6000 }));
});

test('the engine check page and the figure harness: no violation', async () => {
  assertClean(await violations('web/engine-demo.html?steps=50', async (page) => {
    await page.waitForFunction(() => document.getElementById('status').dataset.state === 'done');
  }));
  assertClean(await violations('web/lab/harness.html', async (page) => {
    await page.waitForFunction(() => window.harness?.figures.length === 6);
  }));
});
