// The npm package of the deployable folder, written at build time so it always holds exactly
// the built files: <dist>/npm/ = every file of <dist>/consent-gate/ (copied byte for byte),
// plus consent-gate.d.ts (www/consent-gate.d.ts, the API's and the config's types),
// README.md (embed/npm/README.md with this build's version and the `integrity` of
// consent-gate.js) and package.json (name "consent-gate", the version from Cargo.toml,
// `exports` for every file).
// `npm pack dist/npm` makes the tarball; tests/e2e/package.test.mjs installs it and embeds it.
// Called by embed/wrap.mjs (trunk's post_build hook) on the staging folder; by hand:
//   node embed/package.mjs dist
import { readFileSync, writeFileSync, readdirSync, rmSync, mkdirSync, cpSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

/** Writes <dist>/npm/ from <dist>/consent-gate/; returns the package.json it wrote. */
export function writePackage(dist) {
  const folder = join(dist, "consent-gate");
  const out = join(dist, "npm");
  const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
  const field = (name) => new RegExp(`^${name} = "([^"]+)"`, "m").exec(cargo)[1];
  const version = field("version");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(folder, out, { recursive: true });
  writeFileSync(join(out, "consent-gate.d.ts"), readFileSync(join(root, "www", "consent-gate.d.ts")));

  const integrity = "sha384-" + createHash("sha384").update(readFileSync(join(out, "consent-gate.js"))).digest("base64");
  const readme = readFileSync(join(here, "npm", "README.md"), "utf8")
    .replaceAll("__VERSION__", version)
    .replaceAll("__INTEGRITY__", integrity);
  writeFileSync(join(out, "README.md"), readme);

  // Every entry of the folder, in the package's `files` and `exports`: a file as itself, a
  // folder (i18n/) as its files.
  const entries = [...readdirSync(folder), "consent-gate.d.ts"].sort();
  const files = entries.map((name) => (statSync(join(out, name)).isDirectory() ? `${name}/` : name));
  const exports = {
    ".": { types: "./consent-gate.d.ts", default: "./consent-gate.js" },
    "./package.json": "./package.json",
  };
  for (const name of files) {
    if (name.endsWith("/")) exports[`./${name}*`] = `./${name}*`;
    else exports[`./${name}`] = name === "consent-gate.js" ? exports["."] : `./${name}`;
  }
  const pkg = {
    name: "consent-gate",
    version,
    description: field("description"),
    keywords: ["cookie consent", "consent management", "gdpr", "consent mode", "webassembly"],
    license: field("license"),
    // A classic script for a <script> tag (it finds its other files beside its own URL), not
    // a module to bundle; CDNs serve the package's files under the same names.
    main: "consent-gate.js",
    types: "consent-gate.d.ts",
    exports,
    files,
    // Loading consent-gate.js starts ConsentGate: it is nothing but side effects.
    sideEffects: true,
  };
  writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  console.log(`embed/package.mjs: ${out} (consent-gate ${version}, ${files.length} entries)`);
  return pkg;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv[2]) {
    console.error("usage: node embed/package.mjs <dist folder>");
    process.exit(1);
  }
  writePackage(process.argv[2]);
}
