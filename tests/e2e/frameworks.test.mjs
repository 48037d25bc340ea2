// docs/frameworks.md, end to end: a tiny React, Vue and plain single-page app (tests/e2e/
// frameworks/, bundled here with esbuild from the registry's packages, nothing fetched), each
// with ConsentGate's tag in its page's <head>. The app renders; a component reads the consent
// state through window.ConsentGate (and opens the preferences with it); a route change inserts a marked iframe, which stays
// unloaded until Accept all, loads right after it, and loads at once when a later route change
// inserts it again, on that page view and on a returning visitor's next one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { launch, Visitor, banner, preferences, button } from "./harness.mjs";

const CONFIG = {
  categories: {
    necessary: { required: true, title: "Strictly necessary", description: "Needed for the site to work." },
    analytics: { title: "Analytics", description: "How the site is used." },
    marketing: { title: "Marketing", description: "Videos and ads." },
  },
};

const APPS = {
  React: "react.jsx",
  Vue: "vue.mjs",
  plain: "plain.mjs",
};

/** The app's page: the config and ConsentGate's tag in <head>, before the app's bundle. */
const page = (name) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name} app</title>
<script type="application/json" id="consent-gate-config">${JSON.stringify(CONFIG)}</script>
<script src="/consent-gate/consent-gate.js" async></script>
<script src="/t/fw/${name}.js" defer></script>
</head><body><div id="app"></div></body></html>`;

let env;
const bundles = {};
before(async () => {
  env = await launch();
  for (const [name, file] of Object.entries(APPS)) {
    const result = await build({
      entryPoints: [new URL(`frameworks/${file}`, import.meta.url).pathname],
      bundle: true,
      write: false,
      format: "iife",
      minify: true,
      jsx: "automatic",
      // Vue's build with the template compiler (templates as strings, no SFC step here).
      alias: { vue: "vue/dist/vue.esm-bundler.js" },
      define: {
        "process.env.NODE_ENV": '"production"',
        __VUE_OPTIONS_API__: "true",
        __VUE_PROD_DEVTOOLS__: "false",
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
      },
      logLevel: "error",
    });
    bundles[name] = result.outputFiles[0].text;
  }
});
after(() => env.close());

for (const name of Object.keys(APPS)) {
  test(`${name}: the app reads consent through the API, and a route's marked iframe loads only after Accept all`, async () => {
    const v = await Visitor.create(env);
    const base = `/t/fw/${name.toLowerCase()}/`;
    await v.context.route(`${env.base}/t/fw/${name}.js`, (route) =>
      route.fulfill({ status: 200, contentType: "text/javascript", body: bundles[name] }),
    );
    // Every URL under the app's base is the app (a reload of /video too).
    await v.context.route(new RegExp(`^${env.base}${base}`), (route) =>
      route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: page(name) }),
    );
    const loaded = [];
    await v.context.route(`${env.base}/t/fw/video.html`, (route) => {
      loaded.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/html", body: "<p>the video</p>" });
    });
    await v.goto(base);
    const { page: p } = v;
    await p.getByRole("heading", { name: "Home" }).waitFor();
    await v.ready();
    await p.getByRole("status").filter({ hasText: "Analytics cookies: not allowed" }).waitFor();
    await p.evaluate(() => (window.__samePageView = true));

    // A route change inserts the marked iframe: ConsentGate considers it and keeps it waiting.
    await p.getByRole("link", { name: "Video", exact: true }).click();
    await p.waitForFunction(() => document.querySelector("iframe[title=Video]")?.dataset.consentState === "waiting");
    assert.equal(new URL(p.url()).pathname, `${base}video`, "the route changed");
    assert.equal(await p.locator("iframe[title=Video]").getAttribute("src"), null, "no src before consent");
    assert.deepEqual(loaded, [], "the embed stays unloaded before consent");

    const request = p.waitForRequest(`${env.base}/t/fw/video.html`);
    await button(banner(p), "Accept all").click();
    await request;
    await p.waitForFunction(() => document.querySelector("iframe[title=Video]")?.dataset.consentState === "activated");
    assert.equal(await p.locator("iframe[title=Video]").getAttribute("src"), "/t/fw/video.html");
    await p.getByRole("status").filter({ hasText: "Analytics cookies: allowed" }).waitFor();

    // Away and back: the route inserts a new iframe, which loads at once now.
    await p.getByRole("link", { name: "Home", exact: true }).click();
    await p.getByRole("heading", { name: "Home" }).waitFor();
    const again = p.waitForRequest(`${env.base}/t/fw/video.html`);
    await p.getByRole("link", { name: "Video", exact: true }).click();
    await again;
    await p.waitForFunction(() => document.querySelector("iframe[title=Video]")?.dataset.consentState === "activated");
    assert.equal(loaded.length, 2, "each inserted iframe loaded once");
    // A component's button opens the preferences through the API.
    await button(p, "Privacy settings").click();
    await preferences(p).waitFor();
    assert.ok(await p.evaluate(() => window.__samePageView), "all in one page view (no reload)");

    // A returning visitor (consent-gate.js carries out the plan, no wasm): the iframe of the
    // route the page opens on, and one a route change inserts, load.
    const wasm = [];
    p.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
    const onOpen = p.waitForRequest(`${env.base}/t/fw/video.html`);
    await p.reload();
    await onOpen;
    await p.getByRole("link", { name: "Home", exact: true }).click();
    const onInsert = p.waitForRequest(`${env.base}/t/fw/video.html`);
    await p.getByRole("link", { name: "Video", exact: true }).click();
    await onInsert;
    await p.waitForFunction(() => document.querySelector("iframe[title=Video]")?.dataset.consentState === "activated");
    assert.equal(loaded.length, 4);
    assert.deepEqual(wasm, [], "the returning visit ran without the full build");
    assert.deepEqual(v.errors, []);
    assert.deepEqual(v.consoleErrors(), []);
    await v.close();
  });
}
