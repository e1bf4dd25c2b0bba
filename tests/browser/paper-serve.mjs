// Shared by the Figure 1 page's browser tests (paper.test.mjs, paper-data.test.mjs):
// the page served under the strict CSP with the digit file's URL answered by a
// test's own handler, and handlers that send a payload whole or slowly.
import { ROOT, openPage } from './browser.mjs';
import { STRICT_CSP, startStaticServer } from './static_server.mjs';

/**
 * Serves the repository with `data` answering `dataPath`, opens the paper page
 * at `hash` and runs body(page, errors); closes both after.
 */
export async function withPaperPage(context, dataPath, data, hash, body) {
  const server = await startStaticServer({
    root: ROOT, headers: { 'Content-Security-Policy': STRICT_CSP }, routes: { [dataPath]: data },
  });
  const { page, errors } = await openPage(context, `${server.url}web/paper/index.html${hash}`);
  try {
    return await body(page, errors);
  } finally {
    await page.close();
    await server.close();
  }
}

/** A handler that sends `payload` at once. */
export const sendWhole = (payload, type) => (req, res) => {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': payload.length });
  res.end(payload);
};

/** A handler that sends `payload` in `pieces` pieces, `ms` apart, so that the download takes long enough to watch. */
export const sendSlowly = (payload, type, pieces, ms) => (req, res) => {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': payload.length, 'Cache-Control': 'no-store' });
  const piece = Math.ceil(payload.length / pieces);
  let offset = 0;
  const next = () => {
    if (res.destroyed) return;
    if (offset >= payload.length) return res.end();
    res.write(payload.subarray(offset, offset + piece));
    offset += piece;
    setTimeout(next, ms);
  };
  next();
};
