// The page the engine's WebAssembly benchmark runs on in headless Chromium (not a test): an empty
// page of a static server over `root`, with build/wasm/bench_engine.js loaded into it
// (createBenchEngine). Used by engine-bench.mjs and bench-rounds.mjs.
import { launchChromium } from './browser.mjs';
import { startStaticServer } from './static_server.mjs';

const BLANK = '/bench.html';

/**
 * @param {string} root the checkout to serve (ends with '/')
 * @returns {Promise<{page: import('playwright-core').Page, url: string, close: () => Promise<void>}>}
 *   url: the server's base URL
 */
export async function openBenchPage(root) {
  const server = await startStaticServer({
    root,
    routes: { [BLANK]: (req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>bench</title>') },
  });
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}${BLANK.slice(1)}`);
    await page.addScriptTag({ url: `${server.url}build/wasm/bench_engine.js` });
    return { page, url: server.url, close };
  } catch (e) {
    await close();
    throw e;
  }
}
