// Tiny static file server for the built site (dist/), no dependencies, and
// no special headers: the way a plain static host serves the site.
//
// As a module: `const srv = await serveDist({ root, port: 0 })` -> { url, close() }.
// As a program: `node e2e/serve-dist.mjs [dir] [port] [host]` (defaults: ../dist, 0 = any free port, 127.0.0.1);
// prints the URL it serves on.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_ROOT = resolve(fileURLToPath(new URL('../dist', import.meta.url)));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

async function fileFor(root, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  const abs = normalize(join(root, rel));
  if (abs !== root && !abs.startsWith(root + sep)) return null; // no escaping the root
  try {
    const st = await stat(abs);
    if (st.isDirectory()) {
      const index = join(abs, 'index.html');
      const ist = await stat(index);
      return { path: index, size: ist.size };
    }
    return { path: abs, size: st.size };
  } catch {
    return null;
  }
}

export function serveDist({ root = DEFAULT_ROOT, port = 0, host = '127.0.0.1' } = {}) {
  root = resolve(root);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await fileFor(root, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    // A plain static host: a type and a length, nothing else (no CORS, no
    // caching or security headers): the site must work as it is.
    res.writeHead(200, {
      'Content-Type': MIME[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': file.size,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file.path).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({
        url: `http://${host}:${actual}/`,
        server,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_ROOT;
  const port = Number(process.argv[3] ?? process.env.PORT ?? 0);
  const host = process.argv[4] ?? '127.0.0.1';
  const { url } = await serveDist({ root, port, host });
  console.log(`serving ${root} at ${url}`);
}
