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
 * @param {{width?: number, height?: number, colorScheme?: 'light'|'dark'}} [opts] viewport and colour
 *   scheme, set before the page loads
 */
export async function openPage(context, url, { width, height, colorScheme } = {}) {
  const page = await context.newPage();
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
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await page.goto(url);
  return { page, errors, requests };
}

/** Waits until the page has defined window[name].ready (its automation hook: bnlab, bnArticle) and it resolved. */
export async function hookReady(page, name) {
  await page.waitForFunction((n) => window[n]?.ready !== undefined, name);
  await page.evaluate((n) => window[n].ready, name);
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
