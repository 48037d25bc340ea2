// Prints the release build's sizes: raw, gzip -9 and brotli (max quality).
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const files = ["dist/consent-gate_bg.wasm", "dist/consent-gate.js"];
let total = { raw: 0, gzip: 0, brotli: 0 };
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";
console.log("file".padEnd(32), "raw".padStart(10), "gzip".padStart(10), "brotli".padStart(10));
for (const f of files) {
  const b = readFileSync(f);
  const s = {
    raw: b.length,
    gzip: gzipSync(b, { level: 9 }).length,
    brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  for (const k in total) total[k] += s[k];
  console.log(f.padEnd(32), kb(s.raw), kb(s.gzip), kb(s.brotli));
}
console.log("total".padEnd(32), kb(total.raw), kb(total.gzip), kb(total.brotli));
