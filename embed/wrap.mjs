// trunk post_build hook: turns trunk's no-modules glue into the one-script-tag embed.
//   consent-gate.js    = embed/bootstrap.js around the gate's glue (trunk's main build)
//   consent-gate-ui.js = embed/ui-wrapper.js around the full build's glue (a worker build)
//   consent-gate-policy.js = the same wrapper around the policy build's glue (a worker build)
// All are minified with terser (CG_NO_MINIFY=1 keeps them readable, for profiling).
// Run by trunk with TRUNK_STAGING_DIR set.
import { readFileSync, writeFileSync } from "node:fs";
import { minify } from "terser";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("embed/wrap.mjs: TRUNK_STAGING_DIR is not set (run it from trunk)");
  process.exit(1);
}
const here = dirname(fileURLToPath(import.meta.url));

async function wrap(output, template, name) {
  const path = join(staging, output);
  const glue = readFileSync(path, "utf8");
  if (!/\blet wasm_bindgen\b/.test(glue) || glue.includes("/* ConsentGate")) {
    console.error(`embed/wrap.mjs: ${output} is not fresh no-modules glue; was data-bindgen-target changed?`);
    process.exit(1);
  }
  const text = readFileSync(join(here, template), "utf8");
  const [before, after, extra] = text.replaceAll("__NAME__", name ?? "").split("/*GLUE*/");
  if (after === undefined || extra !== undefined) {
    console.error(`embed/wrap.mjs: ${template} needs exactly one /*GLUE*/ marker`);
    process.exit(1);
  }
  const source = before + glue + after;
  if (process.env.CG_NO_MINIFY) {
    // For profiling and debugging: keep wasm-bindgen's function names.
    writeFileSync(path, source);
    console.log(`embed/wrap.mjs: wrapped ${path} (not minified: CG_NO_MINIFY)`);
    return;
  }
  const result = await minify(source, {
    ecma: 2017,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  writeFileSync(path, result.code);
  console.log(`embed/wrap.mjs: wrapped and minified ${path} (${source.length} -> ${result.code.length} bytes)`);
}

await wrap("consent-gate.js", "bootstrap.js");
await wrap("consent-gate-ui.js", "ui-wrapper.js", "consent-gate-ui");
await wrap("consent-gate-policy.js", "ui-wrapper.js", "consent-gate-policy");
