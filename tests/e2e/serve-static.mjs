// A tiny static file server for the release build (and for a host page in another origin).
// Usage: node serve-static.mjs <dir> <port>, or `await serveStatic(dir, port)` from a test or benchmark, which
// resolves once the server listens (a fixed wait raced a busy machine) and gives back a `stop()`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
};

// `fallback`: answer a missing file with the root's index.html, as `trunk serve` and many static hosts do.
// `transform(path, body)`: what to serve instead of a file's contents (a host that rewrites pages).
// `files`: contents served at these paths besides the directory's (a deployment's `config.json`), which keeps
// Playwright's routing, and with it the end of the browser's HTTP cache, out of tests that need that cache.
// `gzip`: compress what a browser accepts compressed, as the CDN in front of a Space does (benchmarks).
export function serveStatic(dir, port, { fallback = false, transform = (_, body) => body, files = {}, gzip = false } = {}) {
  const root = resolve(dir);
  const compressed = new Map();
  const send = (req, res, type, body, path) => {
    const headers = { 'content-type': type, 'cache-control': 'no-store' };
    if (gzip && /gzip/.test(req.headers['accept-encoding'] ?? '')) {
      if (!compressed.has(path)) compressed.set(path, gzipSync(body, { level: 9 }));
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' });
      res.end(compressed.get(path));
      return;
    }
    res.writeHead(200, headers);
    res.end(body);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (Object.hasOwn(files, url.pathname)) {
      send(req, res, types[extname(url.pathname)] ?? 'text/plain', files[url.pathname], url.pathname);
      return;
    }
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      send(req, res, types[extname(path)] ?? 'application/octet-stream', transform(url.pathname, await readFile(path)), path);
    } catch {
      if (fallback) {
        res.writeHead(200, { 'content-type': types['.html'] }).end(await readFile(join(root, 'index.html')));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () =>
      done({ stop: () => new Promise((closed) => { server.closeAllConnections(); server.close(closed); }) }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, port] = [process.argv[2] ?? 'dist', Number(process.argv[3] ?? 8090)];
  await serveStatic(dir, port);
  console.log(`serving ${resolve(dir)} on http://127.0.0.1:${port}`);
}
