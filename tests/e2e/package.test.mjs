// The npm package (dist/npm/, written by the release build: embed/package.mjs) as a web
// developer gets it: `npm pack`, `npm install` of the tarball into a project of its own
// (offline, from the file), that project's node_modules/consent-gate served by a page with
// the script tag its README prints; the packed file list, the package's `exports` and its
// types (tsc on a file importing them from "consent-gate").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync, statSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, Visitor, banner, button, embedPage } from "./harness.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const release = join(root, "dist/consent-gate");
const npm = (args, cwd) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });

/** Every file under `dir`, as paths relative to it. */
const walk = (dir, prefix = "") =>
  readdirSync(join(dir, prefix))
    .flatMap((name) => (statSync(join(dir, prefix, name)).isDirectory() ? walk(dir, join(prefix, name)) : [join(prefix, name)]))
    .sort();

let env, tmp, project, installed, packed;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "consent-gate-package-"));
  [packed] = JSON.parse(npm(["pack", join(root, "dist/npm"), "--json", "--pack-destination", tmp], tmp));
  project = join(tmp, "site");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "site", private: true, version: "1.0.0" }));
  npm(["install", "--offline", join(tmp, packed.filename)], project);
  installed = join(project, "node_modules/consent-gate");
  env = await launch();
});
after(async () => {
  await env?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("the packed package holds the release folder, its types, README and package.json, and nothing else", () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [...walk(release), "README.md", "consent-gate.d.ts", "package.json"].sort());
  assert.deepEqual(files.filter((f) => /\.map$|test|\.rs$|(?<!\.d)\.ts$/.test(f)), [], "no source maps, tests or sources");
  // Installed, each file is the release build's, byte for byte (so its SHA-384 holds).
  for (const file of walk(release)) {
    assert.ok(readFileSync(join(installed, file)).equals(readFileSync(join(release, file))), `${file} as built`);
  }
  assert.ok(readFileSync(join(installed, "consent-gate.d.ts")).equals(readFileSync(join(root, "www/consent-gate.d.ts"))));
  const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  const cargoVersion = /^version = "([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
  assert.equal(pkg.name, "consent-gate");
  assert.equal(pkg.version, cargoVersion, "the version of Cargo.toml");
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  assert.equal(pkg.types, "consent-gate.d.ts");
  assert.equal(pkg.sideEffects, true);
  // consent-gate.js at the package's root, the rest beside it, as CDN URLs of the package
  // (…/consent-gate@<version>/consent-gate.js) and the script's own loading expect.
  assert.ok(files.includes("consent-gate.js") && files.includes("consent-gate-ui_bg.wasm") && files.includes("i18n/de.json"));
  const readme = readFileSync(join(installed, "README.md"), "utf8");
  assert.ok(readme.includes(`consent-gate@${cargoVersion}/consent-gate.js`), "the README's CDN URL names this version");
});

test("every file of the package resolves as consent-gate/<file>, and the package itself as consent-gate.js", () => {
  const require = createRequire(join(project, "index.js"));
  assert.equal(require.resolve("consent-gate"), join(installed, "consent-gate.js"));
  for (const file of packed.files.map((f) => f.path).filter((f) => f !== "README.md")) {
    assert.equal(require.resolve(`consent-gate/${file}`), join(installed, file), file);
  }
});

test("the package's types resolve from an import of \"consent-gate\" (tsc, bundler and node16 resolution)", () => {
  writeFileSync(
    join(project, "usage.ts"),
    `import type { ConsentGateApi, ConsentGateConfig, ConsentRecord } from "consent-gate";
export const config: ConsentGateConfig = { categories: { analytics: { title: "Analytics", description: "Visits." } } };
const api: ConsentGateApi | undefined = window.ConsentGate;
export const analytics: boolean = api?.accepted("analytics") ?? false;
document.addEventListener("consent-gate:change", (e) => {
  const record: ConsentRecord | null = e.detail;
  void record?.categories;
});
// @ts-expect-error accepted() takes an id (were the types \`any\`, this line would fail)
api?.accepted(1);
`,
  );
  const tsc = join(root, "node_modules/.bin/tsc");
  for (const [module, moduleResolution] of [["ESNext", "bundler"], ["Node16", "Node16"]]) {
    const config = { compilerOptions: { strict: true, noEmit: true, target: "ES2020", module, moduleResolution, lib: ["ES2020", "DOM"], types: [] }, files: ["usage.ts"] };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(config));
    try {
      execFileSync(tsc, ["-p", project], { encoding: "utf8" });
    } catch (e) {
      assert.fail(`tsc (${moduleResolution}):\n${e.stdout}${e.stderr}`);
    }
  }
});

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

test("installed from the tarball and served from the site's own folder, the README's tag shows the banner and Accept all works", async () => {
  const readme = readFileSync(join(installed, "README.md"), "utf8");
  const integrity = /integrity="(sha384-[A-Za-z0-9+/=]+)"/.exec(readme)[1];
  const v = await Visitor.create(env);
  // The site copied node_modules/consent-gate/ to /static/consent-gate/.
  const asked = [];
  await v.context.route(new RegExp(`^${env.base}/static/consent-gate/`), (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.slice("/static/consent-gate/".length));
    asked.push(rel);
    const file = join(installed, rel);
    if (rel.includes("..") || !existsSync(file)) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? "application/octet-stream", body: readFileSync(file) });
  });
  const fromRelease = [];
  v.page.on("request", (r) => new URL(r.url()).pathname.startsWith("/consent-gate/") && fromRelease.push(r.url()));
  const config = {
    categories: {
      necessary: { required: true, title: "Strictly necessary", description: "Needed for the site to work." },
      marketing: { title: "Marketing", description: "Videos and ads." },
    },
  };
  await v.serve("/t/video.html", "<p>the video</p>");
  await v.serve(
    "/t/package.html",
    embedPage({
      config,
      inline: true,
      src: "/static/consent-gate/consent-gate.js",
      attrs: `integrity="${integrity}" crossorigin="anonymous" async`,
      body: `<iframe title="Video" data-consent="marketing" data-src="/t/video.html"></iframe>`,
    }),
  );
  await v.goto("/t/package.html");
  await v.ready();
  assert.equal(await v.page.locator("iframe[title=Video]").getAttribute("src"), null, "nothing marked loads before consent");
  const video = v.page.waitForRequest(`${env.base}/t/video.html`);
  await button(banner(v.page), "Accept all").click();
  await v.changes(1);
  await video;
  const stored = await v.stored();
  assert.equal(stored.method, "accept-all");
  assert.equal(stored.categories.marketing, true);
  assert.ok(asked.includes("consent-gate.js") && asked.includes("consent-gate-ui_bg.wasm"), "the package's files ran");
  assert.deepEqual(fromRelease, [], "nothing from the release folder the test server also serves");
  assert.deepEqual(v.consoleErrors(), []);
  await v.close();
});
