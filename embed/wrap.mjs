// trunk post_build hook: turns trunk's output into the one-script-tag embed, in a folder of its
// own (dist/consent-gate/, exactly what a site deploys; the demo stays outside it):
//   consent-gate.js        = the parts of embed/bootstrap/ in one function (it paints a first
//                            visit's banner and carries out a returning visit's plan), with
//                            the version, the SHA-384 of every file it loads, the languages,
//                            the stylesheet and English
//   consent-gate-ui.js     = embed/ui-wrapper.js around the full build's glue (a worker build)
//   consent-gate-ui_bg.wasm
//   consent-gate-policy.js = the same wrapper around the policy build's glue (a worker build)
//   consent-gate-policy_bg.wasm
//   i18n/<tag>.json        = the interface texts, one file per language, copied byte for byte
//   config.schema.json     = the config's JSON Schema (for editors; nothing loads it)
// The JavaScript is minified with terser (CG_NO_MINIFY=1 keeps it readable, for profiling).
// Prints the `integrity` of consent-gate.js for the site's script tag, writes it to
// dist/embed.html, and fills it into the demo pages. Last, the npm package of the folder
// (dist/npm/, embed/package.mjs). Run by trunk with TRUNK_STAGING_DIR set.
import { readFileSync, writeFileSync, mkdirSync, renameSync, readdirSync, existsSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { minify } from "terser";
import { writePackage } from "./package.mjs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("embed/wrap.mjs: TRUNK_STAGING_DIR is not set (run it from trunk)");
  process.exit(1);
}
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(staging, "consent-gate");
const version = /^version = "([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];

// `from`: the build's wasm-bindgen glue, put where the template's /*GLUE*/ is (none: the
// template alone).
async function wrap(from, to, template, replace = {}) {
  const glue = from ? readFileSync(from, "utf8") : "";
  if (from && (!/\blet wasm_bindgen\b/.test(glue) || glue.includes("/* ConsentGate"))) {
    console.error(`embed/wrap.mjs: ${from} is not fresh no-modules glue; was data-bindgen-target changed?`);
    process.exit(1);
  }
  let text = readFileSync(template.startsWith("/") ? template : join(here, template), "utf8");
  for (const [marker, value] of Object.entries(replace)) {
    if (!text.includes(marker)) {
      console.error(`embed/wrap.mjs: ${template} has no ${marker} marker`);
      process.exit(1);
    }
    text = text.replaceAll(marker, () => value);
  }
  const [before, after, extra] = text.split("/*GLUE*/");
  if ((from ? after === undefined : after !== undefined) || extra !== undefined) {
    console.error(`embed/wrap.mjs: ${template} needs ${from ? "exactly one" : "no"} /*GLUE*/ marker`);
    process.exit(1);
  }
  const source = before + glue + (after ?? "");
  let code = source;
  if (!process.env.CG_NO_MINIFY) {
    const result = await minify(source, {
      ecma: 2017,
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
    });
    code = result.code;
  }
  writeFileSync(to, code);
  if (from && from !== to) rmSync(from);
  console.log(`embed/wrap.mjs: ${to} (${source.length} -> ${code.length} bytes${process.env.CG_NO_MINIFY ? ", not minified" : ""})`);
}

/* The stylesheets without comments and without the spaces CSS does not need (around braces
   and semicolons, after commas and after a colon; never before a colon, which would join a
   descendant selector such as `.cg :focus-visible`). */
function minifyCss(text) {
  const bare = text.replace(/\/\*[\s\S]*?\*\//g, "").split(/\s+/).filter(Boolean).join(" ");
  let out = "";
  for (let i = 0; i < bare.length; i++) {
    const c = bare[i];
    if (c === " " && (/[{};,:>]/.test(bare[i - 1] ?? "") || /[{};>]/.test(bare[i + 1] ?? ""))) continue;
    out += c;
  }
  return out.replaceAll(";}", "}");
}

const sri = (path) => "sha384-" + createHash("sha384").update(readFileSync(path)).digest("base64");

mkdirSync(join(out, "i18n"), { recursive: true });
await wrap(join(staging, "consent-gate-ui.js"), join(out, "consent-gate-ui.js"), "ui-wrapper.js", {
  __NAME__: "consent-gate-ui",
});
await wrap(join(staging, "consent-gate-policy.js"), join(out, "consent-gate-policy.js"), "ui-wrapper.js", {
  __NAME__: "consent-gate-policy",
});
for (const wasm of ["consent-gate-ui_bg.wasm", "consent-gate-policy_bg.wasm"]) {
  renameSync(join(staging, wasm), join(out, wasm));
}
const languages = readdirSync(join(root, "i18n"))
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -5))
  .sort();
for (const tag of languages) {
  writeFileSync(join(out, "i18n", `${tag}.json`), readFileSync(join(root, "i18n", `${tag}.json`)));
}
// The config's JSON Schema, for editors: a site's config may start with
// "$schema": "/consent-gate/config.schema.json" (ConsentGate itself never loads it).
writeFileSync(join(out, "config.schema.json"), readFileSync(join(root, "config.schema.json")));
// Every file the bootstrap loads, with its SHA-384 (Subresource Integrity): the builds and
// the language files (the early banner shows a language file's texts, so the browser checks
// it before anything reads it).
const loaded = [
  "consent-gate-ui.js",
  "consent-gate-ui_bg.wasm",
  "consent-gate-policy.js",
  "consent-gate-policy_bg.wasm",
  ...languages.map((tag) => `i18n/${tag}.json`),
];
// The stylesheet of every shadow root ConsentGate draws (the bootstrap's early banner and
// reopen control, the full build's interface), minified; and the English texts, so a first
// visit in English paints its banner from this one file and the config.
const css = ["src/page/base.css", "src/page/reopen.css", "src/page/placeholder.css", ...["banner", "dialogs", "policy", "media"].map((f) => `src/full/ui/style/${f}.css`)]
  .map((f) => minifyCss(readFileSync(join(root, f), "utf8")))
  .join("");
// Every key (a site text under any other key is still a known one), but words only for the
// texts the painted banner shows (those paint.js reads as `t.<key>`): the rest would cost
// every page view bytes for nothing.
const painter = readFileSync(join(here, "bootstrap", "paint.js"), "utf8");
const PAINTED = new Set([...painter.matchAll(/\bt\.(\w+)/g)].map((m) => m[1]));
const english = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(root, "i18n", "en.json"), "utf8")))
    .filter(([k]) => !k.startsWith("$"))
    .map(([k, v]) => [k, PAINTED.has(k) ? v : ""]),
);
const build = { version, sri: Object.fromEntries(loaded.map((f) => [f, sri(join(out, f))])), languages, css, english };
// The bootstrap's parts, in order, in one function (embed/bootstrap/README.md).
const BOOTSTRAP = ["setup", "languages", "builds", "marked", "placeholders", "reopen", "plan", "paint", "start"];
writeFileSync(
  join(staging, "bootstrap.js"),
  ['(function () {\n  "use strict";', ...BOOTSTRAP.map((part) => readFileSync(join(here, "bootstrap", `${part}.js`), "utf8")), "})();\n"].join("\n"),
);
await wrap(null, join(out, "consent-gate.js"), join(staging, "bootstrap.js"), {
  '/*BUILD*/ { version: "dev", sri: {}, languages: ["en"], css: "", english: {} }': JSON.stringify(build),
});
rmSync(join(staging, "bootstrap.js"));

const integrity = sri(join(out, "consent-gate.js"));
const snippet = `<script src="/consent-gate/consent-gate.js" integrity="${integrity}" crossorigin="anonymous" data-config="/consent-gate/config.json" async></script>`;
// What a site adds to its <head> (docs/builds.md, "Starting the downloads early"): the config's
// preload (every page view needs it), the tag, and the full build's preloads for pages that
// mostly see first visits.
const embed = [
  `<link rel="preload" href="/consent-gate/config.json" as="fetch" crossorigin>`,
  snippet,
  `<!-- Only on pages that mostly see first visits (a returning visitor does not need them): -->`,
  `<link rel="preload" href="/consent-gate/consent-gate-ui_bg.wasm" as="fetch" crossorigin integrity="${build.sri["consent-gate-ui_bg.wasm"]}">`,
  `<link rel="preload" href="/consent-gate/consent-gate-ui.js" as="script" crossorigin integrity="${build.sri["consent-gate-ui.js"]}">`,
];
writeFileSync(join(staging, "embed.html"), embed.join("\n") + "\n");
console.log(`embed/wrap.mjs: the tags for this build (dist/embed.html):\n  ${embed.join("\n  ")}`);

// The demo pages embed ConsentGate exactly as a site would, integrity included; their
// language switchers offer every built-in language, by its own name.
const options = languages
  .filter((tag) => tag !== "en")
  .map((tag) => [tag, JSON.parse(readFileSync(join(root, "i18n", `${tag}.json`), "utf8")).$name])
  .sort((a, b) => a[1].localeCompare(b[1]))
  .map(([tag, name]) => `<option value="${tag}" lang="${tag}">${name}</option>`)
  .join("\n");
const pages = ["index.html", ...(existsSync(join(staging, "www")) ? readdirSync(join(staging, "www")).map((f) => join("www", f)) : [])];
for (const page of pages.filter((p) => p.endsWith(".html"))) {
  const path = join(staging, page);
  const html = readFileSync(path, "utf8");
  // (The builder's link is trunk's "main" build, so that trunk builds no default crate beside
  // the three; with inject_scripts off, trunk leaves that link in the page: it goes here.)
  const filled = html
    .replaceAll('integrity="sha384-BUILD"', `integrity="${integrity}"`)
    .replaceAll("<!--LANGUAGES-->", () => options)
    .replace(/\n? *<link data-trunk rel="rust"[^>]*>/g, "");
  if (filled !== html) writeFileSync(path, filled);
}

// The npm package of the folder just written (dist/npm/: the same files, types, README with
// this integrity, package.json).
writePackage(staging);
