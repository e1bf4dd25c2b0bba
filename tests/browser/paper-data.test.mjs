// The Figure 1 page on the paper's split (its default): it downloads the
// gzip-compressed 70,000 digits with progress, unpacks them in the Worker
// with progress, and trains on all 60,000 training digits, testing on all
// 10,000. A missing, truncated or corrupt file, and a page opened from disk,
// each give a clear message.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { before, test } from 'node:test';

import { ROOT, openPage, useBrowser } from './browser.mjs';
import { sendSlowly, sendWhole, withPaperPage } from './paper-serve.mjs';

const DATA_PATH = '/web/data/mnist-70k.bin.gz';

let gz;   // the file the page downloads
let raw;  // what it unpacks to

before(() => {
  for (const f of ['web/dist/paper.js', 'web/dist/paper-worker.js', 'web/dist/bnlab.js', DATA_PATH.slice(1)])
    assert.ok(existsSync(ROOT + f), `${f} is missing: run ./build.sh build`);
  gz = readFileSync(ROOT + DATA_PATH.slice(1));
  raw = readFileSync(`${ROOT}web/data/mnist-70k.bin`);
});
const env = useBrowser({ serve: false });

const withPage = (data, hash, body) => withPaperPage(env.browser.context, DATA_PATH, data, hash, body);
const GZIP = 'application/gzip';
const slowly = (payload) => sendSlowly(payload, GZIP, 40, 25);
const serve = (payload) => sendWhole(payload, GZIP);

test('by default the page downloads the gzip file with progress, unpacks it with progress, and trains on 60,000 digits', async (t) => {
  await withPage(slowly(gz), '#steps=500&every=250', async (page, errors) => {
    // Every text the progress line shows, in order (recorded in the page, so none is missed between polls).
    await page.evaluate(() => {
      window.loadTexts = [];
      const el = document.querySelector('[data-testid="paper-load-text"]');
      const note = () => {
        if (window.loadTexts.at(-1) !== el.textContent) window.loadTexts.push(el.textContent);
      };
      note();
      new MutationObserver(note).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.waitForFunction(() => window.bnlabPaper.state().phase === 'ready', null, { timeout: 120_000 });
    const texts = await page.evaluate(() => window.loadTexts);
    t.diagnostic(`progress texts: ${texts.length}, e.g. ${texts.slice(0, 3).join(' | ')} … ${texts.slice(-3).join(' | ')}`);
    const mb = (n) => (n / 1e6).toFixed(1);
    const loading = texts.filter((x) => x.startsWith('Loading the digits: '));
    const unpacking = texts.filter((x) => x.startsWith('Unpacking the digits: '));
    assert.ok(loading.some((x) => x.endsWith(` / ${mb(gz.length)} MB`) && !x.startsWith(`Loading the digits: ${mb(gz.length)}`)),
      `a partial download of the ${mb(gz.length)} MB file: ${loading.join(' | ')}`);
    assert.ok(unpacking.length >= 1 && unpacking.every((x) => x.endsWith(` / ${mb(raw.length)} MB`)),
      `unpacking toward ${mb(raw.length)} MB: ${unpacking.join(' | ')}`);
    assert.ok(texts.lastIndexOf(loading.at(-1)) < texts.indexOf(unpacking[0]), 'download, then unpacking');
    assert.equal(await page.locator('[data-testid="paper-load"]').isHidden(), true);
    assert.match(await page.locator('[data-testid="paper-ours"]').textContent(),
      /Data as in the paper: the 60,000 MNIST training digits, and test accuracy over all 10,000 test digits\./);

    await page.click('[data-testid="paper-run"]');
    await page.waitForFunction(() => window.bnlabPaper.state().phase === 'done', null, { timeout: 120_000 });
    const series = await page.evaluate(() => window.bnlabPaper.series());
    assert.deepEqual(series.withBn.steps, [0, 250, 500]);
    // Accuracies over the 10,000 test digits are multiples of 1/10,000.
    for (const a of [...series.withBn.testAccuracy, ...series.withoutBn.testAccuracy])
      assert.ok(Math.abs(a * 10000 - Math.round(a * 10000)) < 1e-6, `test accuracy ${a}`);
    assert.ok(series.withBn.testAccuracy[2] > series.withoutBn.testAccuracy[2] + 0.3,
      `at 500 steps: ${series.withBn.testAccuracy[2]} with BN, ${series.withoutBn.testAccuracy[2]} without`);
    assert.deepEqual(errors, []);
  });
});

async function assertMessage(data, pattern) {
  await withPage(data, '#steps=500', async (page, errors) => {
    await page.waitForFunction(() => window.bnlabPaper.state().phase === 'error', null, { timeout: 120_000 });
    const message = await page.locator('[data-testid="paper-error"]').textContent();
    assert.match(message, /^The MNIST digits could not be loaded: /);
    assert.match(message, pattern);
    assert.match(message, /The file web\/data\/mnist-70k\.bin\.gz is made by the build \(\.\/build\.sh build/);
    assert.equal(await page.locator('[data-testid="paper-run"]').isDisabled(), true);
    assert.ok(errors.every((e) => e.includes('mnist-70k.bin.gz') || e.endsWith('net::ERR_ABORTED')), errors.join('\n'));
  });
}

test('a missing gzip file says so and how to make it', async () => {
  await assertMessage((req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }, /mnist-70k\.bin\.gz: HTTP 404/);
});

test('a truncated or corrupt gzip file, and a gzip of a corrupt digit file, are named as such', async () => {
  await assertMessage(serve(gz.subarray(0, 1_000_000)),
    /mnist-70k\.bin\.gz is truncated or corrupt: it does not decompress as gzip/);
  const flipped = Buffer.from(gz);
  flipped[gz.length >> 1] ^= 0xff;
  await assertMessage(serve(flipped), /mnist-70k\.bin\.gz is truncated or corrupt: it does not decompress as gzip/);
  // A well-formed gzip whose content fails the engine's own checks.
  const bad = Buffer.from(raw);
  bad[40_000_000] ^= 0xff;
  await assertMessage(serve(gzipSync(bad, { level: 1 })), /MNIST data: .*checksum/);
  await assertMessage(serve(gzipSync(raw.subarray(0, 2_000_000), { level: 1 })), /MNIST data: truncated: expected 54950032 bytes/);
});

test('opened from disk (file://), the page says it must be served, and how', async () => {
  const { page } = await openPage(env.browser.context, `${pathToFileURL(`${ROOT}web/paper/index.html`).href}#steps=500`);
  try {
    await page.waitForFunction(() => window.bnlabPaper?.state().phase === 'error', null, { timeout: 300_000 });
    const message = await page.locator('[data-testid="paper-error"]').textContent();
    assert.match(message, /^The MNIST digits could not be loaded: this page was opened from disk \(file:\/\/\)/);
    assert.match(message, /\.\/build\.sh serve, then open http:\/\/127\.0\.0\.1:8000\/web\/paper\//);
  } finally {
    await page.close();
  }
});
