// Prints the release build's sizes (raw, gzip -9, brotli q11) per file and per visitor path:
// what a first-time visitor downloads before the banner shows (the bootstrap paints it; on a
// page in another language than English, with that language's file), then for the interface
// that takes it over, and what a returning visitor (whose choice holds: the bootstrap carries
// out the plan) downloads. The site's config comes on top of each. Usage: node scripts/sizes.mjs [--json] [--check budget.json]
// With --check, exits 1 when a file or a path exceeds its limit in the budget file.
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const FILES = {
  bootstrap: "dist/consent-gate/consent-gate.js",
  uiJs: "dist/consent-gate/consent-gate-ui.js",
  uiWasm: "dist/consent-gate/consent-gate-ui_bg.wasm",
  policyJs: "dist/consent-gate/consent-gate-policy.js",
  policyWasm: "dist/consent-gate/consent-gate-policy_bg.wasm",
  german: "dist/consent-gate/i18n/de.json",
};
const PATHS = {
  "first visit: before the banner": ["bootstrap"],
  "first visit in German: before the banner": ["bootstrap", "german"],
  "first visit: the interface": ["bootstrap", "uiJs", "uiWasm"],
  "returning visitor": ["bootstrap"],
  "opening the policy (on demand)": ["policyJs", "policyWasm"],
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
    console.log("".padEnd(46), "raw".padStart(10), "gzip".padStart(10), "brotli".padStart(10));
    for (const f of Object.values(files)) console.log(f.path.padEnd(46), kb(f.raw), kb(f.gzip), kb(f.brotli));
    for (const [name, p] of Object.entries(paths)) console.log(name.padEnd(46), kb(p.raw), kb(p.gzip), kb(p.brotli));
  }
  const at = process.argv.indexOf("--check");
  if (at > 0) {
    const budget = JSON.parse(readFileSync(process.argv[at + 1], "utf8"));
    const over = [];
    const byPath = Object.fromEntries(Object.values(files).map((f) => [f.path, f]));
    for (const [path, limit] of Object.entries(budget.files)) {
      for (const m of ["raw", "gzip", "brotli"]) {
        if (limit[m] !== undefined && byPath[path][m] > limit[m]) over.push(`${path} ${m} ${byPath[path][m]} > ${limit[m]}`);
      }
    }
    for (const [name, limit] of Object.entries(budget.paths)) {
      for (const m of ["raw", "gzip", "brotli"]) {
        if (limit[m] !== undefined && paths[name][m] > limit[m]) over.push(`${name} ${m} ${paths[name][m]} > ${limit[m]}`);
      }
    }
    if (over.length) {
      console.error(`over the size budget (${process.argv[at + 1]}):\n  ` + over.join("\n  "));
      process.exit(1);
    }
    console.log(`within the size budget (${process.argv[at + 1]})`);
  }
}
