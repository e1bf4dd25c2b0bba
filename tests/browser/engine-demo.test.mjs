// The engine check page (web/engine-demo.html) in headless Chromium: the
// module loads, a twin trains 500 steps, both losses fall, and the console
// stays clean, with and without a strict Content-Security-Policy.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ROOT, openPage, useBrowser } from './browser.mjs';
import { STRICT_CSP, startStaticServer } from './static_server.mjs';

const env = useBrowser({ serve: false });  // each test serves the page with its own headers

async function trainOnPage(headers) {
  const server = await startStaticServer({ root: ROOT, headers });
  try {
    const { page, errors } = await openPage(env.browser.context, `${server.url}web/engine-demo.html?steps=500`);
    const status = page.locator('#status');
    await page.waitForFunction(
      () => ['done', 'error'].includes(document.getElementById('status').dataset.state), null, { timeout: 300_000 });
    const data = await status.evaluate((el) => ({ ...el.dataset, text: el.textContent }));
    await page.close();
    return { data, errors };
  } finally {
    await server.close();
  }
}

function assertTrained({ data, errors }) {
  assert.equal(data.state, 'done', data.text);
  assert.match(data.text, /^step 500:/);
  for (const twin of ['withBn', 'withoutBn']) {
    const first = Number(data[`${twin}First`]);
    const last = Number(data[`${twin}Last`]);
    assert.ok(Number.isFinite(first) && Number.isFinite(last), `${twin}: ${first} → ${last}`);
    assert.ok(last < 0.9 * first, `${twin} loss should fall by 10% over 500 steps: ${first} → ${last}`);
  }
  assert.deepEqual(errors, []);
}

test('the engine page loads the module, trains 500 steps and both losses fall', async () => {
  assertTrained(await trainOnPage({}));
});

test(`the page works under Content-Security-Policy: ${STRICT_CSP}`, async () => {
  assertTrained(await trainOnPage({ 'Content-Security-Policy': STRICT_CSP }));
});

test('the static server sends .wasm as application/wasm', async () => {
  const server = await startStaticServer({ root: ROOT });
  try {
    const res = await fetch(`${server.url}web/dist/bnlab.wasm`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/wasm');
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);  // "\0asm"
    assert.equal((await fetch(`${server.url}../../etc/passwd`)).status, 404);
  } finally {
    await server.close();
  }
});

test("the CSP check bites: without 'wasm-unsafe-eval' the page reports that the engine failed", async () => {
  const { data, errors } = await trainOnPage({ 'Content-Security-Policy': "script-src 'self'" });
  assert.equal(data.state, 'error', data.text);
  assert.ok(errors.length > 0);
});
