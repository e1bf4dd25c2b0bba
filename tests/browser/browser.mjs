// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven
// by playwright-core (which downloads no browser), in a fresh profile; and
// what every test file repeats: one browser and one server of the repository
// per file, pages that record their errors, the pages' ready hooks.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { STRICT_CSP, startStaticServer } from './static_server.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The repository, as the static server serves it (with a trailing slash). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where tests write screenshots and reports. */
export const ARTIFACTS = `${ROOT}tests/artifacts/`;

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches Chromium with a new temporary profile (--user-data-dir), removed on close.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, close: () => Promise<void>}>}
 */
export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'bnlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * For one test file: launches Chromium and serves the repository before its
 * first test, closes both after its last. Read `env.browser` and `env.server`
 * inside the tests (they are set by then).
 * @param {{serve?: boolean, artifacts?: boolean}} [opts] serve: start the server
 *   (default true); artifacts: create tests/artifacts/ first
 * @returns {{browser: {context: import('playwright-core').BrowserContext, close: () => Promise<void>},
 *   server: {url: string, close: () => Promise<void>}}}
 */
export function useBrowser({ serve = true, artifacts = false } = {}) {
  const env = { browser: null, server: null };
  before(async () => {
    if (artifacts) mkdirSync(ARTIFACTS, { recursive: true });
    env.browser = await launchChromium();
    if (serve) env.server = await startStaticServer({ root: ROOT });
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * Runs body(server) with a server of the repository that sends
 * Content-Security-Policy: STRICT_CSP, and closes it after.
 * @template T
 * @param {(server: {url: string}) => Promise<T>} body
 * @returns {Promise<T>}
 */
export async function withStrictServer(body) {
  const server = await startStaticServer({ root: ROOT, headers: { 'Content-Security-Policy': STRICT_CSP } });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

/**
 * Opens a page that records console errors, uncaught exceptions and failed
 * requests in `errors` (strings), for tests that expect a clean page, and
 * every URL it (and its frames) asks for in `requests`.
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} url
 * @param {{width?: number, height?: number, colorScheme?: 'light'|'dark', reducedMotion?: 'reduce'|'no-preference',
 *   init?: Function}} [opts] viewport, colour scheme and motion preference, set before the page loads; init: a
 *   function run in the page and each of its frames before their own scripts (page.addInitScript)
 */
export async function openPage(context, url, { width, height, colorScheme, reducedMotion, init } = {}) {
  const page = await context.newPage();
  // Waits are for conditions; their timeouts only turn a hang into a failure, so they are generous
  // enough for a loaded machine.
  page.setDefaultTimeout(60_000);
  const errors = [];
  const requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('request', (r) => requests.push(r.url()));
  if (width !== undefined || height !== undefined) await page.setViewportSize({ width: width ?? 1280, height: height ?? 900 });
  if (colorScheme || reducedMotion) await page.emulateMedia({ colorScheme, reducedMotion });
  if (init) await page.addInitScript(init);
  await page.goto(url);
  return { page, errors, requests };
}

/**
 * Waits until the page has defined window[name].ready (its automation hook: bnlab, bnArticle) and it
 * resolved; throws its error if it rejected, and a timeout error if it never settles.
 */
export async function hookReady(page, name) {
  const settled = await page.waitForFunction((n) => {
    const hook = window[n];
    if (hook?.ready === undefined) return false;
    if (!hook.testSettled) {
      hook.testSettled = 'pending';
      hook.ready.then(() => { hook.testSettled = 'ok'; }, (e) => { hook.testSettled = `error: ${e?.message ?? e}`; });
    }
    return hook.testSettled !== 'pending' && hook.testSettled;
  }, name).then((h) => h.jsonValue());
  if (settled !== 'ok') throw new Error(`window.${name}.ready: ${settled}`);
}

/**
 * The lab (index.html, with the article around it) in a fresh page of env's browser, with reduced motion so
 * it waits for the test, once its hook is ready. `scroll` brings the #lab section on screen, where its
 * keyboard shortcuts apply; `base` serves another root (a server from useBrowser or withStrictServer).
 */
export async function openLab(env, hash = '', { width = 1280, height = 900, colorScheme = 'light', base = env.server,
  scroll = false } = {}) {
  const { page, errors } = await openPage(env.browser.context, `${base.url}index.html${hash}`,
    { width, height, colorScheme, reducedMotion: 'reduce' });
  await hookReady(page, 'bnlab');
  if (scroll) await page.evaluate(() => document.getElementById('lab')?.scrollIntoView());
  return { page, errors };
}

/** The element with this data-testid. */
export const testid = (page, id) => page.locator(`[data-testid="${id}"]`);

/**
 * Runs in the page (hand it to locator.evaluate): the share of a canvas's
 * pixels that are drawn (alpha > 0), and how many distinct colours those use
 * (counted up to 64).
 * @param {HTMLCanvasElement} canvas
 * @returns {{inked: number, colours: number}}
 */
export function canvasInk(canvas) {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let inked = 0;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0) {
      inked += 1;
      if (colours.size < 64) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    }
  }
  return { inked: inked / (data.length / 4), colours: colours.size };
}

/** canvasInk of every canvas matching `selector` inside a locator (open shadow roots included), in order. */
export async function inks(locator, selector = 'canvas') {
  return Promise.all((await locator.locator(selector).all()).map((canvas) => canvas.evaluate(canvasInk)));
}

// Waiting on conditions, never on time: the helpers below wait for something
// the page does (animation frames, scroll positions, intersection reports), so
// a loaded machine makes a test slower, not red.

/** Resolves after the page has drawn `n` more animation frames (a clock that slows down with the page). */
export function frames(page, n = 2) {
  return page.evaluate((count) => new Promise((resolve) => {
    let left = count;
    const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

/**
 * Polls an async condition once per animation frame of `page` until it returns a truthy value, which it
 * returns; throws `message` (or a timeout error) after `timeout` ms. For conditions the page's own
 * waitForFunction cannot see (sandboxed frames, test-side state).
 * @template T
 * @param {import('playwright-core').Page} page
 * @param {() => Promise<T>|T} condition
 * @param {{timeout?: number, message?: string}} [opts]
 * @returns {Promise<T>}
 */
export async function until(page, condition, { timeout = 60_000, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await frames(page, 1);
  }
}

/** Waits until the page has stopped scrolling (smooth scrolls included): the same scroll position for 5 frames. */
export async function scrollSettled(page) {
  await page.waitForFunction(() => {
    const y = `${window.scrollX},${window.scrollY}`;
    if (window.__bnScroll?.y !== y) {
      window.__bnScroll = { y, frames: 0 };
      return false;
    }
    return ++window.__bnScroll.frames >= 5;
  }, null, { polling: 'raf', timeout: 60_000 });
}

/**
 * Waits until an IntersectionObserver of the test reports the element as on screen (true) or off it
 * (false), then one more frame: the page's own observers, created earlier, have been told by then.
 * @param {import('playwright-core').Locator} locator
 */
export async function visibility(locator, visible) {
  await locator.evaluate((el, want) => new Promise((resolve) => {
    const io = new IntersectionObserver((entries) => {
      if (entries[entries.length - 1].isIntersecting === want) {
        io.disconnect();
        requestAnimationFrame(() => resolve());
      }
    });
    io.observe(el);
  }), visible);
}
