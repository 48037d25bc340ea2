// trunk post_build hook: turns trunk's no-modules glue into the one-script-tag embed by
// placing it inside embed/bootstrap.js. Run by trunk with TRUNK_STAGING_DIR set.
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("embed/wrap.mjs: TRUNK_STAGING_DIR is not set (run it from trunk)");
  process.exit(1);
}
const gluePath = join(staging, "consent-gate.js");
const glue = readFileSync(gluePath, "utf8");
if (!/\blet wasm_bindgen\b/.test(glue) || glue.includes("Symbol.for(\"consent-gate\")")) {
  console.error("embed/wrap.mjs: consent-gate.js is not fresh no-modules glue; was data-bindgen-target changed?");
  process.exit(1);
}
const here = dirname(fileURLToPath(import.meta.url));
const bootstrap = readFileSync(join(here, "bootstrap.js"), "utf8");
const marker = "/*GLUE*/";
if (!bootstrap.includes(marker)) {
  console.error("embed/wrap.mjs: bootstrap.js lost its /*GLUE*/ marker");
  process.exit(1);
}
const [before, after] = bootstrap.split(marker);
writeFileSync(gluePath, before + glue + after);
console.log(`embed/wrap.mjs: wrapped ${gluePath}`);
