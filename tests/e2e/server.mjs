// A static server for the end-to-end tests: the release build (dist/, the demo with the
// product in dist/consent-gate/) at /, the product folder again at /cdn/v1/ (to prove the
// embed finds its files relative to its own URL), and the test pages (tests/e2e/pages/) at /t/. Usage: node tests/e2e/server.mjs [port]  (0 = any free port).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const mounts = [
  ["/cdn/v1/", join(root, "dist/consent-gate")],
  ["/t/", join(root, "tests/e2e/pages")],
  ["/fixtures/", join(root, "tests/fixtures")],
  ["/", join(root, "dist")],
];
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
};

async function resolveFile(urlPath) {
  for (const [prefix, dir] of mounts) {
    if (!urlPath.startsWith(prefix)) continue;
    let rel = normalize(decodeURIComponent(urlPath.slice(prefix.length)));
    if (rel.startsWith("..")) return null;
    let file = join(dir, rel);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      await stat(file);
      return file;
    } catch {
      return null;
    }
  }
  return null;
}

export function start(port = 0) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    const file = await resolveFile(url.pathname);
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    res.end(body);
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await start(Number(process.argv[2] ?? 8081));
  console.log(`serving on http://127.0.0.1:${server.address().port}/`);
}
