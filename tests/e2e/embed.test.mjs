// The embed contract (one script tag, any path, async/defer/plain, twice), bad configs that
// fail closed, markup gating (late elements, vanilla-cookieconsent attributes, iframes), and
// the window.ConsentGate API with its events.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, Visitor, banner, preferences, button, reopen, embedPage, DEMO_CONFIG, SHORTHAND_CONFIG } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

/** Awaits ConsentGate's first console error (it logs once, then stays inert). */
function firstError(v) {
  return v.page
    .waitForEvent("console", { predicate: (m) => m.type() === "error" && m.text().startsWith("ConsentGate:") })
    .then((m) => m.text());
}

/** The host page still works: its own button and script respond. */
async function hostPageWorks(page) {
  await page.evaluate(() => {
    document.getElementById("host-button").addEventListener("click", () => (window.__hostClicked = true));
  });
  await page.getByRole("button", { name: "Host page button" }).click();
  return page.evaluate(() => window.__hostClicked === true);
}

for (const attrs of ["async", "defer", ""]) {
  test(`the embed works with ${attrs || "neither async nor defer"}`, async () => {
    const v = await Visitor.create(env);
    await v.serve("/t/embed.html", embedPage({ config: SHORTHAND_CONFIG, inline: true, attrs }));
    await v.goto("/t/embed.html");
    await button(banner(v.page), "Accept all").click();
    await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
    await v.close();
  });
}

test("the embed finds its wasm relative to its own URL, from a nested path", async () => {
  const v = await Visitor.create(env);
  const wasm = [];
  v.page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(new URL(r.url()).pathname));
  await v.serve(
    "/t/cdn.html",
    embedPage({ config: "{}", src: "/cdn/v1/consent-gate.js", attrs: 'async data-config="/www/config.json"' }),
  );
  await v.goto("/t/cdn.html");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  assert.deepEqual(wasm, ["/cdn/v1/consent-gate-ui_bg.wasm"], "a first visit loads the full build");
  await v.page.reload();
  await v.ready();
  assert.deepEqual(wasm.slice(1), [], "a returning visitor loads no wasm");
  await v.page.evaluate(() => window.ConsentGate.showPreferences());
  await v.page.getByRole("dialog").first().waitFor();
  assert.deepEqual(wasm.slice(1), ["/cdn/v1/consent-gate-ui_bg.wasm"], "and the full build from beside the script when asked");
  await v.close();
});

test("the preloads dist/embed.html prints are used, not fetched twice", async () => {
  const v = await Visitor.create(env);
  const asked = [];
  v.page.on("request", (r) => asked.push(new URL(r.url()).pathname));
  const printed = readFileSync(new URL("../../dist/embed.html", import.meta.url), "utf8");
  const sri = (file) => new RegExp(`${file.replace(".", "\\.")}" as="[a-z]+" crossorigin integrity="([^"]+)"`).exec(printed)[1];
  const head = `<link rel="preload" href="/www/config.json" as="fetch" crossorigin>
<link rel="preload" href="/consent-gate/consent-gate-ui_bg.wasm" as="fetch" crossorigin integrity="${sri("consent-gate-ui_bg.wasm")}">
<link rel="preload" href="/consent-gate/consent-gate-ui.js" as="script" crossorigin integrity="${sri("consent-gate-ui.js")}">`;
  await v.serve("/t/preload.html", embedPage({ config: "{}", head, attrs: 'async crossorigin="anonymous" data-config="/www/config.json"' }));
  await v.goto("/t/preload.html");
  await banner(v.page).waitFor();
  await v.page.waitForLoadState("networkidle");
  for (const file of ["/www/config.json", "/consent-gate/consent-gate-ui_bg.wasm", "/consent-gate/consent-gate-ui.js"]) {
    assert.equal(asked.filter((p) => p === file).length, 1, `${file} requested once`);
  }
  assert.deepEqual(v.consoleErrors().filter((e) => /preload/i.test(e)), []);
  await v.close();
});

test("included twice, it runs once and says so", async () => {
  const v = await Visitor.create(env);
  await v.serve(
    "/t/twice.html",
    embedPage({
      config: SHORTHAND_CONFIG,
      inline: true,
      head: '<script src="/consent-gate/consent-gate.js" async></script>',
    }),
  );
  await v.goto("/t/twice.html");
  await v.ready();
  await banner(v.page).waitFor();
  assert.equal(await v.page.locator("consent-gate").count(), 1);
  assert.ok(v.console.some((m) => m.type === "warning" && /included more than once/.test(m.text)));
  assert.deepEqual(v.errors, []);
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
  assert.equal(v.google.filter((r) => r.type === "script").length, 2, "each tag loads once");
  await v.close();
});

const BAD_CONFIGS = [
  [
    "invalid JSON",
    '{"categories": {',
    /^ConsentGate: config: the JSON is malformed: .*JSON/, // the browser's JSON.parse message
  ],
  [
    "a missing text",
    JSON.stringify({ categories: { analytics: { description: "How the site is used." } } }),
    /^ConsentGate: config field `categories\.analytics\.title`: missing \(expected a string\)/,
  ],
  [
    "Google Analytics declared strictly necessary",
    JSON.stringify({
      categories: {
        necessary: { required: true, title: "N", description: "D", services: { ga: { title: "GA", cookies: [{ name: "_ga" }] } } },
      },
    }),
    /^ConsentGate: config field `categories\.necessary\.services\.ga\.cookies\[0\]\.name`: "_ga" is a Google Analytics\/Ads cookie/,
  ],
];

for (const [what, config, message] of BAD_CONFIGS) {
  test(`a config with ${what} is refused with an error naming the field; nothing loads; the page works`, async () => {
    const v = await Visitor.create(env);
    await v.serve(
      "/t/bad.html",
      embedPage({
        config,
        inline: true,
        body: `<script type="text/plain" data-consent="analytics">window.__ran = true</script>
               <script type="text/plain" data-consent="necessary">window.__necessary = true</script>`,
      }),
    );
    const error = firstError(v);
    await v.goto("/t/bad.html");
    assert.match(await error, message);
    assert.match(await error, /ConsentGate is inactive: nothing that needs consent will load\.$/);
    assert.equal(await v.page.locator("consent-gate").count(), 0);
    assert.equal(await v.page.evaluate(() => window.__ran || window.__necessary || false), false);
    assert.equal(await v.page.evaluate(() => typeof window.ConsentGate), "undefined");
    assert.ok(await hostPageWorks(v.page));
    assert.deepEqual(v.errors, []);
    await v.close();
  });
}

test("a config URL that fails is reported with its status; the page works", async () => {
  const v = await Visitor.create(env);
  await v.serve("/t/404.html", embedPage({ config: "{}", attrs: 'async data-config="/nope.json"' }));
  const error = firstError(v);
  await v.goto("/t/404.html");
  assert.match(await error, /^ConsentGate: could not load the config from data-config="\/nope\.json": HTTP 404/);
  assert.ok(await hostPageWorks(v.page));
  await v.close();
});

test("no config at all says how to give one", async () => {
  const v = await Visitor.create(env);
  await v.serve("/t/none.html", embedPage({ config: "{}" }));
  const error = firstError(v);
  await v.goto("/t/none.html");
  assert.match(await error, /^ConsentGate: no config: give the script tag data-config=/);
  await v.close();
});

test("X2: when the wasm cannot load, ConsentGate fails closed and the page works", async () => {
  const v = await Visitor.create(env);
  await v.context.route("**/*.wasm", (r) => r.fulfill({ status: 404, body: "" }));
  await v.serve(
    "/t/nowasm.html",
    embedPage({
      config: SHORTHAND_CONFIG,
      inline: true,
      body: '<script type="text/plain" data-consent="analytics">window.__ran = true</script>',
    }),
  );
  const error = firstError(v);
  await v.goto("/t/nowasm.html");
  assert.match(await error, /^ConsentGate: could not start \(.*\); nothing that needs consent will load\.$/);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.google, []);
  assert.equal(await v.page.evaluate(() => window.__ran || false), false);
  assert.ok(await hostPageWorks(v.page));
  await v.close();
});

test("markup naming an unknown category is reported and never runs; the rest runs after consent", async () => {
  const v = await Visitor.create(env);
  await v.serve(
    "/t/markup.html",
    embedPage({
      config: DEMO_CONFIG,
      inline: true,
      body: `<script type="text/plain" data-consent="analytic">window.__typo = true</script>
             <script type="text/plain" data-consent="analytics" data-service="hotjar">window.__typo2 = true</script>
             <script type="text/plain" data-category="analytics" data-service="ga4">window.__vanilla = true</script>
             <script type="text/plain" data-consent="!marketing">window.__fallback = true</script>
             <iframe data-consent="marketing" data-src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>`,
    }),
  );
  const errors = [];
  const both = new Promise((ok) =>
    v.page.on("console", (m) => m.type() === "error" && errors.push(m.text()) === 2 && ok()),
  );
  await v.goto("/t/markup.html");
  await both;
  // Every "unknown" names what exists.
  assert.deepEqual(errors, [
    'ConsentGate: <script data-consent="analytic">: data-consent="analytic" names no category or service in the config (categories: necessary, analytics, marketing; services: consent, ga4, gtm, youtube, maps); it will not run',
    'ConsentGate: <script data-consent="analytics" data-service="hotjar">: data-service="hotjar" names no service in the config (category `analytics` has: ga4, gtm); it will not run',
  ]);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.youtube, [], "the iframe waits");
  await button(banner(v.page), "Manage preferences").click();
  await preferences(v.page).getByRole("switch", { name: "Analytics" }).check();
  await button(preferences(v.page), "Save preferences").click();
  await v.page.waitForFunction(() => window.__vanilla && window.__fallback);
  assert.equal(await v.page.evaluate(() => window.__typo || window.__typo2 || false), false);
  assert.deepEqual(v.youtube, [], "marketing was not granted");
  await reopen(v.page).click();
  await preferences(v.page).getByRole("switch", { name: "Marketing" }).check();
  await button(preferences(v.page), "Save preferences").click();
  await v.page.waitForFunction(() => document.querySelector("iframe").src !== "");
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.youtube, ["https://www.youtube-nocookie.com/embed/x"]);
  await v.close();
});

test("marked elements added after start-up are gated too", async () => {
  const v = await Visitor.create(env);
  await v.serve("/t/late.html", embedPage({ config: DEMO_CONFIG, inline: true }));
  await v.goto("/t/late.html");
  await v.ready();
  const add = (marker) =>
    v.page.evaluate((marker) => {
      const s = document.createElement("script");
      s.type = "text/plain";
      s.dataset.consent = "analytics";
      s.textContent = `window.__late = (window.__late || []).concat(${JSON.stringify(marker)})`;
      document.body.append(s);
    }, marker);
  await add("before consent");
  await v.page.waitForFunction(() => document.querySelector("body > script[data-consent-state]"));
  assert.equal(await v.page.evaluate(() => window.__late || null), null);
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => (window.__late || []).length === 1);
  await add("after consent");
  await v.page.waitForFunction(() => (window.__late || []).length === 2);
  assert.deepEqual(await v.page.evaluate(() => window.__late), ["before consent", "after consent"]);
  await v.close();
});

test("the API decides, answers, notifies and resets", async () => {
  const v = await Visitor.create(env);
  // Nothing marked runs on this page, so withdrawing does not need a reload.
  await v.serve("/t/api.html", embedPage({ config: DEMO_CONFIG, inline: true }));
  await v.goto("/t/api.html");
  await v.ready();
  const api = (f, ...args) => v.page.evaluate(f, ...args);
  assert.equal(await api(() => window.ConsentGate.getConsent()), null);
  assert.equal(await api(() => window.ConsentGate.accepted("analytics")), false);
  assert.equal(await api(() => window.ConsentGate.accepted("necessary")), true);
  await api(() => {
    window.__heard = [];
    window.__off = window.ConsentGate.on("change", (c) => window.__heard.push(c && c.method));
  });
  await api(() => window.ConsentGate.acceptAll());
  await v.changes(1);
  const consent = await api(() => window.ConsentGate.getConsent());
  assert.equal(consent.method, "api");
  assert.match(consent.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(consent.categories, { necessary: true, analytics: true, marketing: true });
  assert.deepEqual(await v.stored(), consent, "the API shows the stored record");
  assert.deepEqual(await api(() => window.__cg.change[0]), consent, "the DOM event carries it too");
  assert.equal(await api(() => window.ConsentGate.accepted("ga4")), true);
  assert.equal(await banner(v.page).isVisible(), false);

  await api(() => window.ConsentGate.showPreferences());
  await preferences(v.page).waitFor();
  assert.match(await preferences(v.page).innerText(), new RegExp(`Your consent ID: ${consent.id}`));
  await v.page.keyboard.press("Escape");
  await api(() => window.ConsentGate.show());
  await banner(v.page).waitFor();

  await api(() => {
    window.__off();
    window.ConsentGate.rejectAll();
  });
  await v.changes(2);
  assert.deepEqual(await api(() => window.__heard), ["api"], "off() removed the listener");
  assert.equal(await api(() => window.ConsentGate.accepted("ga4")), false);

  await api(() => window.ConsentGate.reset());
  await v.changes(3);
  await banner(v.page).waitFor();
  assert.equal(await v.stored(), null);
  assert.equal(await api(() => window.ConsentGate.getConsent()), null);
  const cargo = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8");
  assert.equal(await api(() => window.ConsentGate.version), cargo.match(/^version = "(.+)"$/m)[1]);
  await v.close();
});

test("ConsentGate.on('ready') answers at once with the current consent", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await v.ready();
  const got = await v.page.evaluate(() => new Promise((ok) => window.ConsentGate.on("ready", ok)));
  assert.equal(got, null);
  await v.close();
});

test("window.ConsentGate exists when consent-gate:ready fires, on a first visit and a returning one", async () => {
  const v = await Visitor.create(env, {
    initScripts: [
      () =>
        document.addEventListener("consent-gate:ready", () => {
          window.__atReady = typeof window.ConsentGate === "object" ? window.ConsentGate.getConsent() : "missing";
        }),
    ],
  });
  await v.goto("/");
  await v.ready();
  assert.equal(await v.page.evaluate(() => window.__atReady), null, "first visit (full build)");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  await v.page.reload();
  await v.ready();
  assert.equal((await v.page.evaluate(() => window.__atReady)).method, "reject-all", "returning visitor (gate)");
  await v.close();
});

test("the floating control reopens the preferences after a choice, and shows the decision", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  assert.equal(await reopen(v.page).count(), 0, "no reopen control before a choice");
  await button(banner(v.page), "Reject all").click();
  await reopen(v.page).click();
  const dialog = preferences(v.page);
  await dialog.waitFor();
  assert.equal(await dialog.getByRole("switch", { name: "Analytics" }).isChecked(), false);
  assert.match(await dialog.innerText(), /Last decided: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  await dialog.getByRole("switch", { name: "Analytics" }).check();
  await button(dialog, "Save preferences").click();
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  assert.equal((await v.stored()).categories.analytics, true);
  await v.close();
});

const STRICT_CSP =
  "script-src 'nonce-R4nd0m' 'strict-dynamic' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; style-src 'self'";

async function cspVisitor(csp) {
  const v = await Visitor.create(env, {
    initScripts: [
      () => {
        window.__violations = [];
        document.addEventListener("securitypolicyviolation", (e) =>
          window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      },
    ],
  });
  const html = embedPage({
    config: SHORTHAND_CONFIG,
    inline: true,
    attrs: 'async nonce="R4nd0m"',
    body: '<script type="text/plain" data-consent="analytics">window.__inline = true</script>',
  });
  await v.serve("/t/csp.html", html, { "content-security-policy": csp });
  return v;
}

test("X1: works under a strict CSP with no violation; inserted scripts carry the nonce", async () => {
  const v = await cspVisitor(STRICT_CSP);
  await v.goto("/t/csp.html");
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => (window.__stubs || []).length >= 2 && window.__inline);
  const nonces = await v.page.evaluate(() =>
    [...document.querySelectorAll("script[src*=googletagmanager]")].map((s) => s.nonce),
  );
  assert.deepEqual(nonces, ["R4nd0m", "R4nd0m"]);
  assert.deepEqual(await v.page.evaluate(() => window.__violations), []);
  const style = await reopen(v.page).evaluate((el) => getComputedStyle(el).position);
  assert.equal(style, "fixed", "styles apply under style-src 'self'");
  await v.close();
});

test("X2: without 'wasm-unsafe-eval' it fails closed and the page stays usable", async () => {
  const v = await cspVisitor(STRICT_CSP.replace(" 'wasm-unsafe-eval'", ""));
  const error = firstError(v);
  await v.goto("/t/csp.html");
  assert.match(await error, /^ConsentGate: could not start .*'unsafe-eval' is not an allowed source/);
  // The refused wasm response is never read to its end, so the network never goes idle.
  await v.page.waitForLoadState("load");
  assert.deepEqual(v.google, []);
  assert.equal(await v.page.evaluate(() => window.__inline || false), false);
  assert.ok(await hostPageWorks(v.page));
  await v.close();
});
