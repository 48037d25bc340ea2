// Nothing gets in: ConsentGate under the strictest policy a site can set (Trusted Types with
// only ConsentGate's own policy, a nonce and 'strict-dynamic'), and every file it loads
// checked against the SHA-384 recorded at build time, failing closed when one differs by a
// single byte.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, Visitor, embedPage, banner, preferences, button, reopen, SHORTHAND_CONFIG } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

/** The policy the README gives a site, with the nonce of the test page. */
const TRUSTED_TYPES_CSP =
  "script-src 'nonce-R4nd0m' 'strict-dynamic' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; " +
  "require-trusted-types-for 'script'; trusted-types consent-gate";

const BODY = `
  <script type="text/plain" data-consent="analytics">window.__inline = true</script>
  <script type="text/plain" data-consent="analytics" data-src="/t/external.js"></script>
  <iframe data-consent="marketing" data-src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>
  <footer><a href="#" data-consent-gate="preferences">Privacy preferences</a></footer>`;

async function strictVisitor(path = "/t/tt.html") {
  const v = await Visitor.create(env, {
    initScripts: [
      () => {
        window.__violations = [];
        document.addEventListener("securitypolicyviolation", (e) =>
          window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
        );
      },
    ],
  });
  const config = { ...SHORTHAND_CONFIG, policy: { url: "/www/takara-privacy-policy.md" } };
  await v.serve(path, embedPage({ config, inline: true, attrs: 'async nonce="R4nd0m"', body: BODY }), {
    "content-security-policy": TRUSTED_TYPES_CSP,
  });
  await v.context.route(env.base + "/t/external.js", (route) =>
    route.fulfill({ contentType: "text/javascript", body: "window.__external = true;" }),
  );
  return v;
}

test("under Trusted Types (only the consent-gate policy) and a nonce: everything works, 0 violations", async () => {
  const v = await strictVisitor();
  await v.goto("/t/tt.html");
  const b = banner(v.page);
  await b.waitFor();
  // The policy viewer.
  await b.getByRole("link", { name: "Privacy policy" }).click();
  const viewer = v.page.getByRole("dialog", { name: "Data Privacy Policy" });
  await viewer.getByRole("heading", { name: "Cookie declaration" }).waitFor();
  await button(viewer, "Close").click();
  // Marked inline and external scripts, the iframe, the Google shorthand.
  await button(b, "Accept all").click();
  await v.page.waitForFunction(() => window.__inline && window.__external && (window.__stubs || []).length >= 2);
  await v.page.waitForFunction(() => document.querySelector("iframe").src !== "");
  assert.deepEqual(await v.page.evaluate(() => window.__violations), []);
  assert.deepEqual(v.errors, []);
  assert.deepEqual(
    v.consoleErrors().filter((e) => !/favicon/.test(e)),
    [],
  );
  await v.close();
});

test("under Trusted Types a returning visitor's plan runs the marked scripts and Google's tags with 0 violations", async () => {
  const v = await strictVisitor();
  await v.goto("/t/tt.html");
  await button(banner(v.page), "Accept all").click();
  await v.changes(1);
  const next = await v.newPage();
  const wasm = [];
  next.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  await v.goto("/t/tt.html", next);
  await v.ready(next);
  await next.waitForFunction(() => window.__inline && window.__external);
  assert.deepEqual(wasm, [], "carried out by the bootstrap");
  assert.deepEqual(await next.evaluate(() => window.__violations), []);
  assert.deepEqual(v.consoleErrors().filter((e) => !/favicon/.test(e)), []);
  await v.close();
});

test("under Trusted Types a returning visitor's page view hands over to the interface with 0 violations", async () => {
  const v = await strictVisitor();
  await v.goto("/t/tt.html");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  const next = await v.newPage();
  await v.goto("/t/tt.html", next);
  await v.ready(next);
  await next.getByRole("link", { name: "Privacy preferences" }).click();
  const dialog = preferences(next);
  await dialog.getByRole("switch", { name: "Analytics", exact: true }).check();
  await button(dialog, "Save preferences").click();
  await next.waitForFunction(() => window.__inline && window.__external);
  assert.deepEqual(await next.evaluate(() => window.__violations), []);
  await v.close();
});

test("the page cannot set a script URL without a policy, and nobody else can create ConsentGate's policy", async () => {
  const v = await strictVisitor();
  await v.goto("/t/tt.html");
  await banner(v.page).waitFor();
  // The page's own attempt to use a script URL without a policy is refused by the browser;
  // ConsentGate created exactly one policy, and a second one under its name is refused.
  const facts = await v.page.evaluate(() => {
    const out = {};
    try {
      const s = document.createElement("script");
      s.src = "https://evil.example/x.js";
      out.plain = "accepted";
    } catch (e) {
      out.plain = e.name;
    }
    try {
      trustedTypes.createPolicy("consent-gate", { createScriptURL: (u) => u });
      out.second = "created";
    } catch (e) {
      out.second = e.name;
    }
    return out;
  });
  assert.deepEqual(facts, { plain: "TypeError", second: "TypeError" });
  await v.close();
});

// ---- integrity -----------------------------------------------------------------------------

const dist = (file) => readFileSync(new URL(`../../dist/consent-gate/${file}`, import.meta.url));

/** Serves `file` with one byte changed (near the end, where wasm keeps its data: the module
 *  stays valid, only its hash differs). */
async function tamper(v, file) {
  const bytes = Buffer.from(dist(file));
  const at = bytes.length - 20;
  bytes[at] = bytes[at] ^ 0x01;
  await v.context.route(`**/consent-gate/${file}`, (route) =>
    route.fulfill({ status: 200, contentType: file.endsWith(".wasm") ? "application/wasm" : file.endsWith(".json") ? "application/json" : "text/javascript", body: bytes }),
  );
}

/** The host page still works: its own button responds. */
async function pageWorks(page) {
  return page.evaluate(() => {
    const b = document.getElementById("host-button");
    let clicked = false;
    b.addEventListener("click", () => (clicked = true));
    b.click();
    return clicked;
  });
}

for (const [file, lang, returning] of [
  ["consent-gate-ui_bg.wasm", "en", false],
  ["consent-gate-ui.js", "en", false],
  ["consent-gate-ui_bg.wasm", "en", true],
  ["i18n/de.json", "de", false],
]) {
  test(`a ${file} that differs in one byte is refused: fail closed, one error naming it, the page works`, async () => {
    const v = await Visitor.create(env);
    const page = embedPage({ config: SHORTHAND_CONFIG, inline: true, lang, body: BODY });
    await v.serve("/t/sri.html", page);
    if (returning) {
      // A returning visitor whose plan does not hold (here: none), so the full build is needed.
      await v.goto("/t/sri.html");
      await button(banner(v.page), "Accept all").click();
      await v.changes(1);
      await v.page.evaluate(() => localStorage.removeItem("consent-gate-plan"));
      await v.page.evaluate(() => document.cookie.split(";").forEach((c) => (document.cookie = `${c.split("=")[0].trim()}=; max-age=0; path=/`)));
      v.google.length = 0;
      await v.page.close();
      v.page = await v.newPage();
      v.console.length = 0;
    }
    await tamper(v, file);
    // ConsentGate's own error (the browser logs the refused digest too, a moment earlier).
    const error = v.page.waitForEvent("console", { predicate: (m) => m.type() === "error" && m.text().startsWith("ConsentGate") });
    await v.goto("/t/sri.html");
    const text = (await error).text();
    assert.match(text, new RegExp(file.replace(/[.]/g, "\\.")), "the message names the file");
    assert.match(text, /nothing that needs consent will load|SHA-384/);
    await v.page.waitForLoadState("load");
    assert.equal(await v.page.evaluate(() => window.__inline || window.__external || false), false, "no marked script ran");
    assert.deepEqual(v.google, [], "nothing went to Google");
    assert.equal(await banner(v.page).count(), 0, "no banner from an altered file");
    assert.ok(await pageWorks(v.page));
    const ours = v.consoleErrors().filter((e) => e.startsWith("ConsentGate"));
    assert.equal(ours.length, 1, `one error: ${ours.join(" | ")}`);
    await v.close();
  });
}

test("the build prints the script tag with its integrity, and that tag works", async () => {
  const snippet = readFileSync(new URL("../../dist/embed.html", import.meta.url), "utf8").trim();
  const integrity = /<script [^>]*integrity="(sha384-[A-Za-z0-9+/=]+)"/.exec(snippet)[1];
  const { createHash } = await import("node:crypto");
  const sha384 = (file) => "sha384-" + createHash("sha384").update(dist(file)).digest("base64");
  assert.equal(integrity, sha384("consent-gate.js"));
  // The preloads it prints: the config, and the full build with the SHA-384 the bootstrap
  // fetches it with (a preload whose integrity differs would be fetched twice).
  assert.match(snippet, /<link rel="preload" href="\/consent-gate\/config.json" as="fetch" crossorigin>/);
  for (const [file, as] of [["consent-gate-ui_bg.wasm", "fetch"], ["consent-gate-ui.js", "script"]]) {
    assert.ok(snippet.includes(`href="/consent-gate/${file}" as="${as}" crossorigin integrity="${sha384(file)}"`), file);
  }
  const v = await Visitor.create(env);
  await v.serve(
    "/t/tag.html",
    embedPage({ config: SHORTHAND_CONFIG, inline: true, attrs: `async integrity="${integrity}" crossorigin="anonymous"` }),
  );
  await v.goto("/t/tag.html");
  await banner(v.page).waitFor();
  await v.close();
});
