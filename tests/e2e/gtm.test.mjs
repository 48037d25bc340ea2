// Google Tag Manager: ConsentGate pushes a `consent_gate_update` dataLayer event after the
// Consent Mode update, on every decision and at start-up for a returning visitor, so GTM
// triggers can fire tags per category. A stub gtm.js records the dataLayer as GTM sees it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, embedPage, banner, preferences, button, DEMO_CONFIG } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

// Tag Manager alone, loaded once analytics is granted (basic mode).
const CONFIG = { ...DEMO_CONFIG, google: { containerId: "GTM-DEMO123", category: "analytics" } };

/** Like gtm.js: reads what is in dataLayer, then takes over its push to see what follows. */
const GTM_STUB = `(function () {
  var layer = window.dataLayer;
  var seen = (window.__gtmSeen = []);
  function note(e) {
    var kind = Object.prototype.toString.call(e) === "[object Arguments]" ? "gtag:" + e[0] + ":" + e[1] : e.event;
    seen.push({ kind: kind, state: e.consent_gate ? JSON.parse(JSON.stringify(e.consent_gate)) : null });
  }
  layer.forEach(note);
  var push = layer.push.bind(layer);
  layer.push = function (e) { note(e); return push(e); };
})();`;

async function visitor() {
  const v = await Visitor.create(env);
  await v.context.route(/googletagmanager\.com\/gtm\.js/, (route) =>
    route.fulfill({ contentType: "text/javascript", body: GTM_STUB }),
  );
  await v.serve("/t/gtm.html", embedPage({ config: CONFIG, inline: true }));
  return v;
}

const events = (page) =>
  page.evaluate(() => (window.dataLayer || []).filter((e) => e.event === "consent_gate_update").map((e) => e.consent_gate));

test("no event before a choice; after Accept all, the event follows the update and GTM sees it", async () => {
  const v = await visitor();
  await v.goto("/t/gtm.html");
  await banner(v.page).waitFor();
  assert.deepEqual(await events(v.page), [], "nothing is granted yet: no event");
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => window.__gtmSeen);
  const seen = await v.page.evaluate(() => window.__gtmSeen.map((e) => e.kind));
  assert.deepEqual(seen.slice(0, 3), ["gtag:consent:default", "gtag:consent:update", "consent_gate_update"]);
  assert.ok(seen.includes("gtm.js"));
  assert.deepEqual((await events(v.page))[0], {
    necessary: true,
    consent: true,
    analytics: true,
    ga4: true,
    gtm: true,
    marketing: true,
    youtube: true,
    maps: true,
  });
  await v.close();
});

test("a returning visitor gets the event at start-up, before gtm.js", async () => {
  const v = await visitor();
  await v.goto("/t/gtm.html");
  await button(banner(v.page), "Manage preferences").click();
  await preferences(v.page).getByRole("switch", { name: "Analytics", exact: true }).check();
  await button(preferences(v.page), "Save preferences").click();
  await v.changes(1);
  const next = await v.newPage();
  await v.goto("/t/gtm.html", next);
  await next.waitForFunction(() => window.__gtmSeen);
  const seen = await next.evaluate(() => window.__gtmSeen);
  assert.deepEqual(
    seen.map((e) => e.kind).slice(0, 3),
    ["gtag:consent:default", "gtag:consent:update", "consent_gate_update"],
  );
  assert.equal(seen[2].state.analytics, true);
  assert.equal(seen[2].state.marketing, false, "as chosen: analytics only");
  await v.close();
});

test("a withdrawal pushes the event with everything optional off, which GTM sees", async () => {
  const v = await visitor();
  await v.context.addInitScript(() => {
    // Keep what GTM saw across the reload that follows the withdrawal.
    addEventListener("pagehide", () => sessionStorage.setItem("gtmSeen", JSON.stringify(window.__gtmSeen || [])));
  });
  await v.goto("/t/gtm.html");
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => window.__gtmSeen);
  const reloaded = v.page.waitForEvent("load");
  await v.page.evaluate(() => ConsentGate.rejectAll());
  await reloaded;
  const before = JSON.parse(await v.page.evaluate(() => sessionStorage.getItem("gtmSeen")));
  const last = before.filter((e) => e.kind === "consent_gate_update").pop();
  assert.equal(last.state.analytics, false);
  assert.equal(last.state.marketing, false);
  assert.equal(last.state.necessary, true);
  await v.close();
});
