/* The HTTP server: the variant pages and the files they load, no caching, correct content
 * types, brotli-compressed when the browser accepts it (unless --no-compression). */

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

import { BENCH } from './constants.mjs';
import { VARIANTS } from './variants.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.gif': 'image/gif', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

/** Starts the server on 127.0.0.1 at a random port. Files are read once and kept in memory, so
 *  a rebuild of --dist during the benchmark cannot change what is measured half-way. */
export function startServer(distDir, { compress = true } = {}) {
  // The benchmark's page at /<variant>.html, and a short page where the banner is the largest
  // thing on screen (for Lighthouse's LCP) at /short/<variant>.html.
  const pages = new Map();
  for (const [prefix, file] of [['/', 'page.html'], ['/short/', 'short.html']]) {
    const template = fs.readFileSync(path.join(BENCH, 'site', file), 'utf8');
    for (const v of VARIANTS) {
      pages.set(`${prefix}${v.id}.html`, Buffer.from(template.replace('<!--CMP-HEAD-->', v.head).replace('<!--CMP-BODY-->', v.body)));
    }
  }
  const mounts = [
    ['/cg/', distDir],
    ['/vendor/vanilla-cookieconsent/', path.join(BENCH, 'node_modules/vanilla-cookieconsent/dist')],
    ['/vendor/klaro/', path.join(BENCH, 'node_modules/klaro/dist')],
    ['/vendor/tarteaucitron/', path.join(BENCH, 'node_modules/tarteaucitronjs')],
    ['/site/', path.join(BENCH, 'site')],
  ];
  const files = new Map();
  const brotli = new Map();
  const load = (pathname) => {
    if (pathname === '/cg-config.json') pathname = '/site/cg-config.json';
    for (const [prefix, dir] of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      const file = path.resolve(dir, '.' + pathname.slice(prefix.length - 1));
      if (!file.startsWith(path.resolve(dir) + path.sep)) return null; // no ../ escapes
      try { return fs.readFileSync(file); } catch { return null; }
    }
    return null;
  };
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    let body = pages.get(pathname) ?? files.get(pathname);
    if (body === undefined) {
      body = load(decodeURIComponent(pathname));
      if (body) files.set(pathname, body);
    }
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = pages.has(pathname) ? TYPES['.html'] : TYPES[path.extname(pathname)] ?? 'application/octet-stream';
    // Like a CDN, send brotli to browsers that take it (every variant alike); the byte rows
    // still count decoded bodies and compress them here.
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
    if (compress && /\bbr\b/.test(req.headers['accept-encoding'] ?? '') && !/^image\//.test(type)) {
      let br = brotli.get(pathname);
      if (!br) {
        br = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
        brotli.set(pathname, br);
      }
      headers['Content-Encoding'] = 'br';
      body = br;
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}
