// Prints the release build's sizes (raw, gzip -9, brotli q11) per file and per visitor path:
// what a first-time visitor downloads before the banner shows, and what a returning visitor
// (whose choice is valid) downloads. Usage: node scripts/sizes.mjs [--json]
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const FILES = {
  gateJs: "dist/consent-gate.js",
  gateWasm: "dist/consent-gate_bg.wasm",
  uiJs: "dist/consent-gate-ui.js",
  uiWasm: "dist/consent-gate-ui_bg.wasm",
};
const PATHS = {
  "first visit (banner)": ["gateJs", "uiJs", "uiWasm"],
  "returning visitor": ["gateJs", "gateWasm"],
};

export function measure() {
  const files = {};
  for (const [key, path] of Object.entries(FILES)) {
    const b = readFileSync(path);
    files[key] = {
      path,
      raw: b.length,
      gzip: gzipSync(b, { level: 9 }).length,
      brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  }
  const paths = {};
  for (const [name, keys] of Object.entries(PATHS)) {
    paths[name] = { raw: 0, gzip: 0, brotli: 0 };
    for (const k of keys) for (const m of ["raw", "gzip", "brotli"]) paths[name][m] += files[k][m];
  }
  return { files, paths };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const { files, paths } = measure();
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ files, paths }, null, 2));
  } else {
    const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";
    console.log("".padEnd(34), "raw".padStart(10), "gzip".padStart(10), "brotli".padStart(10));
    for (const f of Object.values(files)) console.log(f.path.padEnd(34), kb(f.raw), kb(f.gzip), kb(f.brotli));
    for (const [name, p] of Object.entries(paths)) console.log(name.padEnd(34), kb(p.raw), kb(p.gzip), kb(p.brotli));
  }
}
