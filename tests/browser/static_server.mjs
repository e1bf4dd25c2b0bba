// A small static file server for the demo and the browser tests.
//
//   node tests/browser/static_server.mjs [--root DIR] [--port 8000] [--host 127.0.0.1] [--csp]
//
// Serves files under root only (no directory listings; a directory serves its
// index.html), with the right Content-Type for .wasm (application/wasm, which
// WebAssembly.instantiateStreaming requires) and no caching. `headers` adds
// response headers, e.g. a Content-Security-Policy.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
};

/**
 * The CSP every page must work under: everything from this origin only (no data: or blob: URLs, no
 * inline scripts or styles, no style attributes), plus WebAssembly compilation.
 */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/**
 * Starts serving `root`. Resolves once listening.
 * @param {{root: string, port?: number, host?: string, headers?: Record<string, string>,
 *   routes?: Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void>}} opts
 *   port 0 (the default) picks a free port. routes: handlers that answer these
 *   URL paths (e.g. '/web/data/mnist-10k.bin') instead of the files, for tests
 *   of missing or damaged files; the object may change while the server runs.
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export async function startStaticServer({ root, port = 0, host = '127.0.0.1', headers = {}, routes = {} }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const send = (status, text) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (Object.hasOwn(routes, path)) return routes[path](req, res);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return send(403, 'forbidden');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-store',
        ...headers,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(404, 'not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}/`,
    port: actual,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

// Command line: serve until interrupted.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  const server = await startStaticServer({
    root: option('--root', process.cwd()),
    port: Number(option('--port', 8000)),
    host: option('--host', '127.0.0.1'),
    headers: args.includes('--csp') ? { 'Content-Security-Policy': STRICT_CSP } : {},
  });
  console.log(`serving ${resolve(option('--root', process.cwd()))} at ${server.url}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
