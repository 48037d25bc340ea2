// Region rules (`regions`, docs/regions.md) in real Chromium: the region comes from the page
// (data-region on the script tag, or <meta name="consent-region">); Google's hosts are stubs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, preferences, button, reopen, embedPage, axe, texts, SHORTHAND_CONFIG, consentGateFiles as files } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const CONFIG = {
  ...SHORTHAND_CONFIG,
  regions: {
    rules: [
      { regions: ["EU", "EEA", "GB", "CH"], model: "opt-in" },
      { regions: ["US-CA", "US-CO", "US-CT", "US-NJ", "US-OR"], model: "opt-out", gpc: "binding" },
      { regions: ["*"], model: "opt-out" },
    ],
  },
};
const GPC = () => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { configurable: true, get: () => true });

/** A first visit to a page that gives `region` (`null`: none) the way `how` says. */
async function visit(region, { how = "attribute", initScripts = [], config = CONFIG } = {}) {
  const v = await Visitor.create(env, { initScripts });
  const path = `/t/regions-${how}-${region ?? "none"}.html`;
  const attrs = how === "attribute" && region !== null ? `async data-region="${region}"` : "async";
  const head = how === "meta" ? `<meta name="consent-region" content="${region}">` : "";
  await v.serve(path, embedPage({ config, inline: true, attrs, head }));
  await v.goto(path);
  await v.ready();
  return v;
}

function consent(dataLayer, kind) {
  return dataLayer.filter((e) => e.kind === "[object Arguments]" && e.value[0] === "consent" && e.value[1] === kind).map((e) => e.value[2]);
}

const gtagLoaded = (v) => v.google.some((r) => /gtag\/js/.test(r.url));

test("a visitor in Germany (data-region=\"DE\") gets the banner, and Google waits for consent", async () => {
  const v = await visit("DE");
  await banner(v.page).waitFor();
  await v.page.waitForLoadState("networkidle");
  assert.equal(gtagLoaded(v), false, "no gtag.js before consent");
  assert.equal(consent(await v.dataLayer(), "default")[0].analytics_storage, "denied");
  await button(banner(v.page), "Accept all").click();
  await v.changes(1);
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  assert.equal((await v.stored()).method, "accept-all");
  await v.close();
});

test("a visitor in Texas gets no banner, Google under opt-out, and objects from the reopen control", async () => {
  const v = await visit("US-TX");
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  assert.equal(await banner(v.page).count(), 0, "no banner under opt-out");
  const dataLayer = await v.dataLayer();
  assert.equal(consent(dataLayer, "default")[0].analytics_storage, "granted");
  assert.equal(consent(dataLayer, "default")[0].ad_storage, "granted");
  assert.equal(await v.stored(), null, "nothing is stored: the visitor has not decided");
  assert.equal(await v.page.evaluate(() => window.ConsentGate.accepted("analytics")), true);

  await reopen(v.page).click();
  const prefs = preferences(v.page);
  await prefs.waitFor();
  assert.equal(await prefs.getByRole("switch", { name: "Analytics", exact: true }).isChecked(), true);
  // Google ran, so withdrawing reloads the page (reloadOnWithdraw).
  const before = v.google.length;
  await Promise.all([v.page.waitForEvent("load"), button(prefs, "Reject all").click()]);
  await v.ready();
  await v.page.waitForLoadState("networkidle");
  const record = await v.stored();
  assert.equal(record.method, "reject-all");
  assert.equal(record.categories.analytics, false);
  const updates = consent(await v.dataLayer(), "update");
  assert.equal(updates.at(-1).analytics_storage, "denied", "Google hears the objection");
  assert.equal(updates.at(-1).ad_storage, "denied");
  assert.equal(v.google.slice(before).some((r) => /gtag\/js/.test(r.url)), false, "gtag.js is not loaded again");
  assert.deepEqual((await v.cookieNames()).filter((n) => n.startsWith("_ga")), [], "Google's cookies are gone");
  assert.equal(await banner(v.page).count(), 0, "the choice holds: no banner");
  await v.close();
});

test("a visitor in Texas who never decided gets, from the second page view, one file and no wasm; the reopen control hands over", async () => {
  const v = await visit("US-TX");
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  // The second page view: the plan the full build left, for no record, is carried out.
  const next = await v.newPage();
  const seen = files(next);
  await v.goto("/t/regions-attribute-US-TX.html", next);
  await v.ready(next);
  await next.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  await next.waitForLoadState("networkidle");
  assert.deepEqual(seen.sort(), ["consent-gate.js"], "one file, no wasm");
  assert.equal(await banner(next).count(), 0, "no banner under opt-out");
  const defaults = consent(await v.dataLayer(next), "default");
  assert.equal(defaults.length, 1);
  assert.equal(defaults[0].analytics_storage, "granted");
  assert.equal(await next.evaluate(() => window.ConsentGate.accepted("analytics")), true);
  assert.equal(await next.evaluate(() => window.ConsentGate.getConsent()), null, "no one decided");
  assert.equal(await v.stored(next), null);
  // The reopen control (drawn by the bootstrap) hands the page view to the full build, which
  // does not do again what the plan did.
  await reopen(next).click();
  const prefs = preferences(next);
  await prefs.waitFor();
  assert.ok(seen.includes("consent-gate-ui_bg.wasm"), "the full build for the preferences");
  assert.equal(await prefs.getByRole("switch", { name: "Analytics", exact: true }).isChecked(), true);
  assert.equal(consent(await v.dataLayer(next), "default").length, 1, "one Consent Mode default");
  assert.deepEqual((await next.evaluate(() => window.__stubs)).sort(), ["gtag.js", "gtm.js"], "Google's tags loaded once");
  await Promise.all([next.waitForEvent("load"), button(prefs, "Reject all").click()]);
  await v.ready(next);
  assert.equal((await v.stored(next)).method, "reject-all");
  assert.equal(await next.evaluate(() => window.ConsentGate.accepted("analytics")), false);
  await v.close();
});

test("a visitor in Texas who withdraws (reset) is asked with the banner on the next page views, and nothing optional runs meanwhile", async () => {
  const v = await visit("US-TX");
  await reopen(v.page).click();
  await button(preferences(v.page), "Accept all").click();
  await v.changes(1);
  const id = (await v.stored()).id;
  // The site's "withdraw consent" link: the record goes, its withdrawal stays in its place.
  await v.page.evaluate(() => window.ConsentGate.reset());
  await v.page.waitForFunction(() => (localStorage.getItem("consent-gate") || "").includes("withdrawn"));
  assert.deepEqual(await v.stored(), { withdrawn: id });
  // The next page view: no plan to carry out, the banner asks, Google hears "denied".
  const next = await v.newPage();
  await v.goto("/t/regions-attribute-US-TX.html", next);
  await v.ready(next);
  await banner(next).waitFor();
  await next.waitForLoadState("networkidle");
  assert.equal(consent(await v.dataLayer(next), "default")[0].analytics_storage, "denied");
  assert.equal(await next.evaluate(() => (window.__stubs || []).includes("gtag.js")), false, "no Google tag before a new choice");
  assert.equal(await next.evaluate(() => window.ConsentGate.accepted("analytics")), false);
  assert.equal(await next.evaluate(() => localStorage.getItem("consent-gate-plan")), null, "no plan");
  // A new choice takes its place.
  await button(banner(next), "Reject all").click();
  await v.changes(1, next);
  assert.equal((await v.stored(next)).method, "reject-all");
  await v.close();
});

test("in California with Global Privacy Control the preferences say the opt-out request was honoured, marketing is off", async () => {
  const v = await visit("US-CA", { how: "meta", initScripts: [GPC] });
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  assert.equal(await banner(v.page).count(), 0);
  assert.equal(consent(await v.dataLayer(), "default")[0].ad_storage, "denied", "GPC: no ad storage");
  await reopen(v.page).click();
  const prefs = preferences(v.page);
  await prefs.waitFor();
  await prefs.getByText(texts("en").gpcOptOut).waitFor();
  const marketing = prefs.getByRole("switch", { name: "Marketing", exact: true });
  assert.equal(await marketing.isChecked(), false);
  assert.equal(await marketing.isDisabled(), true);
  assert.equal(await prefs.getByRole("switch", { name: "Analytics", exact: true }).isChecked(), true);
  assert.deepEqual(await axe(v.page), [], "the preferences with the notice pass axe");
  await v.close();
});

test("the receipt of a choice made in California with Global Privacy Control records the rule and the signal", async () => {
  const v = await visit("US-CA", { initScripts: [GPC], config: { ...CONFIG, proof: { endpoint: "/t/receipts" } } });
  const sent = new Promise((ok) =>
    v.context.route("**/t/receipts", (route) => {
      ok(JSON.parse(route.request().postData()));
      return route.fulfill({ status: 204 });
    }),
  );
  await reopen(v.page).click();
  await button(preferences(v.page), "Save preferences").click();
  const r = await sent;
  assert.deepEqual([r.method, r.region, r.model, r.gpcBinding, r.gpc], ["custom", "US-CA", "opt-out", true, true]);
  assert.deepEqual([r.categories.analytics, r.categories.marketing], [true, false]);
  await v.close();
});

test("Global Privacy Control where it is not binding law is honoured without the notice", async () => {
  const v = await visit("JP", { initScripts: [GPC] });
  await reopen(v.page).click();
  const prefs = preferences(v.page);
  await prefs.waitFor();
  assert.equal(await prefs.getByRole("switch", { name: "Marketing", exact: true }).isChecked(), false);
  assert.equal(await prefs.getByText(texts("en").gpcOptOut).count(), 0);
  await v.close();
});

for (const region of [null, "XX", "Germany"]) {
  test(`with ${region === null ? "no region" : `a region that is not a code (${region})`} the strictest rule asks with the banner`, async () => {
    const v = await visit(region);
    await banner(v.page).waitFor();
    await v.page.waitForLoadState("networkidle");
    assert.equal(gtagLoaded(v), false);
    assert.equal(await v.page.evaluate(() => window.ConsentGate.accepted("analytics")), false);
    await v.close();
  });
}

test("the bootstrap paints the banner early wherever the rule is opt-in; under opt-out the full build decides", async () => {
  for (const [region, painted] of [[null, true], ["DE", true], ["de-by", true], ["NO", true], ["US-TX", false], ["JP", false]]) {
    const v = await Visitor.create(env);
    // Whether the bootstrap's own banner is on screen when it asks for the full build.
    const asked = new Promise((ok) =>
      v.context.route("**/consent-gate-ui_bg.wasm", async (route) => {
        ok(await route.request().frame().evaluate(() => !!document.querySelector("consent-gate")?.shadowRoot?.querySelector(".cg-painted")));
        await route.continue();
      }),
    );
    const path = `/t/regions-paint-${region ?? "none"}.html`;
    await v.serve(path, embedPage({ config: CONFIG, inline: true, attrs: region ? `async data-region="${region}"` : "async" }));
    await v.goto(path);
    assert.equal(await asked, painted, `region ${region}`);
    await v.ready();
    assert.equal(await banner(v.page).count(), painted ? 1 : 0, `region ${region}`);
    await v.close();
  }
});

test("a returning visitor's plan holds only for the region it was made in", async () => {
  const v = await Visitor.create(env);
  const page = (region) => embedPage({ config: CONFIG, inline: true, attrs: `async data-region="${region}"` });
  await v.serve("/t/regions-tx.html", page("US-TX"));
  await v.serve("/t/regions-de.html", page("DE"));
  await v.goto("/t/regions-tx.html");
  await v.ready();
  await reopen(v.page).click();
  await Promise.all([v.page.waitForEvent("load"), button(preferences(v.page), "Reject all").click()]);
  await v.ready();
  // The same region: the plan is carried out, no wasm.
  const same = await v.newPage();
  const seenSame = files(same);
  await v.goto("/t/regions-tx.html", same);
  await v.ready(same);
  await same.waitForLoadState("networkidle");
  assert.deepEqual(seenSame.sort(), ["consent-gate.js"], "the plan holds");
  // Another region: the full build decides (the choice still holds: no banner).
  const other = await v.newPage();
  const seenOther = files(other);
  await v.goto("/t/regions-de.html", other);
  await v.ready(other);
  assert.ok(seenOther.includes("consent-gate-ui_bg.wasm"), "the full build decides in another region");
  assert.equal(await banner(other).count(), 0, "the visitor's choice holds there too");
  assert.equal(await other.evaluate(() => window.ConsentGate.accepted("analytics")), false);
  await v.close();
});
