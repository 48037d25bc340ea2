// Consent over time (issue 4, requirements A, B9, S1-S2, D): expiry with a moved clock, a
// revision bump, Global Privacy Control, other tabs, receipts sent to an endpoint, cookies
// really deleted on a multi-label host, and advanced Consent Mode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { launch, Visitor, banner, preferences, button, reopen, embedPage, SHORTHAND_CONFIG, GOOGLE } from "./harness.mjs";

let env;
before(async () => (env = await launch({ args: ["--host-resolver-rules=MAP *.example.test 127.0.0.1"] })));
after(() => env.close());

const DAY = 24 * 60 * 60 * 1000;
const GPC = () =>
  Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { configurable: true, get: () => true });

function consentCommands(dataLayer) {
  return dataLayer.filter((e) => e.kind === "[object Arguments]" && e.value[0] === "consent");
}

test("B9: a choice lasts 182 days, then the banner asks again", async () => {
  const v = await Visitor.create(env);
  const start = Date.now();
  await v.page.clock.install({ time: start });
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  await v.page.clock.setSystemTime(start + 181 * DAY);
  await v.page.reload();
  await v.ready();
  assert.equal(await banner(v.page).isVisible(), false, "day 181: still decided");
  await v.page.clock.setSystemTime(start + 182 * DAY + 60_000);
  await v.page.reload();
  await banner(v.page).waitFor();
  assert.ok(v.console.some((m) => /the choice has expired/.test(m.text)));
  await v.close();
});

test("B9: a revision bump asks again with the site's message; earlier choices are prefilled, not in force", async () => {
  const v = await Visitor.create(env);
  const page = (config) => embedPage({ config, inline: true });
  await v.serve("/t/rev.html", page(SHORTHAND_CONFIG));
  await v.goto("/t/rev.html");
  await button(banner(v.page), "Manage preferences").click();
  await preferences(v.page).getByRole("switch", { name: "Analytics" }).check();
  await button(preferences(v.page), "Save preferences").click();
  await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);

  const bumped = { ...SHORTHAND_CONFIG, revision: 2, revisionMessage: "We added a new video partner." };
  await v.context.unroute(env.base + "/t/rev.html");
  await v.serve("/t/rev.html", page(bumped));
  v.google.length = 0;
  await v.page.reload();
  const b = banner(v.page);
  await b.waitFor();
  assert.match(await b.innerText(), /We added a new video partner\./);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.google, [], "suspended until the visitor decides again");
  await button(b, "Manage preferences").click();
  const dialog = preferences(v.page);
  assert.equal(await dialog.getByRole("switch", { name: "Analytics" }).isChecked(), true, "prefilled");
  assert.equal(await dialog.getByRole("switch", { name: "Marketing" }).isChecked(), false);
  await button(dialog, "Save preferences").click();
  await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
  assert.equal((await v.stored()).revision, 2);
  await v.close();
});

test("S1: with Global Privacy Control, Accept all leaves marketing and ad types denied, and says so", async () => {
  const v = await Visitor.create(env, { initScripts: [GPC] });
  await v.goto("/");
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  await v.page.waitForLoadState("networkidle");
  const record = await v.stored();
  assert.deepEqual(record.categories, { necessary: true, analytics: true, marketing: false });
  assert.deepEqual(v.youtube, [], "the marketing embed stays blocked");
  const update = consentCommands(await v.dataLayer()).at(-1).value[2];
  assert.equal(update.analytics_storage, "granted");
  for (const t of ["ad_storage", "ad_user_data", "ad_personalization"]) assert.equal(update[t], "denied", t);
  await reopen(v.page).click();
  const dialog = preferences(v.page);
  const marketing = dialog.getByRole("switch", { name: "Marketing" });
  assert.equal(await marketing.isDisabled(), true);
  assert.match(await dialog.innerText(), /Global Privacy Control signal, so this stays off/);
  await v.close();
});

test("S1: a stored marketing grant is withdrawn when the browser starts sending GPC", async () => {
  const v = await Visitor.create(env);
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Accept all").click();
  await v.changes(1);
  const first = await v.stored();
  await v.context.addInitScript(GPC);
  const next = await v.newPage();
  await v.goto("/www/shorthand.html", next);
  await v.ready(next);
  const record = await v.stored(next);
  assert.equal(record.method, "gpc");
  assert.equal(record.categories.marketing, false);
  assert.equal(record.categories.analytics, true);
  assert.notEqual(record.id, first.id);
  await v.close();
});

test("S2: neither GPC off nor Do Not Track grants anything", async () => {
  const v = await Visitor.create(env, {
    initScripts: [
      () => {
        Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { configurable: true, get: () => false });
        Object.defineProperty(Navigator.prototype, "doNotTrack", { configurable: true, get: () => "0" });
      },
    ],
  });
  await v.goto("/www/shorthand.html");
  await banner(v.page).waitFor();
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.google, []);
  assert.equal(await v.stored(), null);
  await v.close();
});

test("a choice made in one tab applies in the other without a reload", async () => {
  const v = await Visitor.create(env);
  const a = v.page;
  const b = await v.newPage();
  await v.goto("/www/shorthand.html", a);
  await v.goto("/www/shorthand.html", b);
  await banner(b).waitFor();
  await b.evaluate(() => (window.__sameDocument = true));
  await button(banner(a), "Accept all").click();
  await b.waitForFunction(() => (window.__stubs || []).length >= 2);
  await banner(b).waitFor({ state: "hidden" });
  assert.equal(await b.evaluate(() => window.__sameDocument), true, "no reload");
  assert.equal(await b.evaluate(() => window.ConsentGate.accepted("ga4")), true);

  // Withdrawal in A (which reloads A) reaches B as a denied update and deleted cookies.
  assert.ok((await v.cookieNames()).includes("_ga"));
  await button(a.locator("footer"), "Privacy preferences").click(); // the page's own link
  await button(preferences(a), "Reject all").click();
  await b.waitForFunction(() => window.ConsentGate.accepted("ga4") === false);
  const update = consentCommands(await v.dataLayer(b)).at(-1).value[2];
  assert.equal(update.analytics_storage, "denied");
  assert.equal(await b.evaluate(() => window.__sameDocument), true, "B is never reloaded");
  assert.deepEqual((await v.cookieNames()).filter((n) => n.startsWith("_ga")), []);
  await v.close();
});

test("P1/P2: every decision sends one receipt to the endpoint; the preferences show the consent id", async () => {
  const v = await Visitor.create(env);
  const receipts = [];
  let gotTwo;
  const two = new Promise((ok) => (gotTwo = ok));
  await v.context.route("**/consent-receipts", async (route) => {
    receipts.push({ method: route.request().method(), body: JSON.parse(route.request().postData()) });
    if (receipts.length === 2) gotTwo();
    await route.fulfill({ status: 204 });
  });
  const config = { ...SHORTHAND_CONFIG, proof: { endpoint: "/consent-receipts" } };
  await v.serve("/t/proof.html", embedPage({ config, inline: true }));
  await v.goto("/t/proof.html");
  await button(banner(v.page), "Manage preferences").click();
  await preferences(v.page).getByRole("switch", { name: "Analytics" }).check();
  await button(preferences(v.page), "Save preferences").click();
  await v.changes(1);
  await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
  const first = await v.stored();
  await reopen(v.page).click();
  const dialog = preferences(v.page);
  assert.match(await dialog.innerText(), new RegExp(`Your consent ID: ${first.id}`));
  const reloaded = v.page.waitForEvent("load");
  await button(dialog, "Reject all").click();
  await reloaded;
  await v.ready();
  await two;
  await v.page.waitForLoadState("networkidle");
  assert.equal(receipts.length, 2, "one receipt per decision");
  const [r1, r2] = receipts.map((r) => r.body);
  assert.equal(receipts[0].method, "POST");
  assert.equal(r1.consentId, first.id);
  assert.equal(r1.previousConsentId, null);
  assert.equal(r1.method, "custom");
  assert.equal(r1.time, first.updated);
  assert.equal(r1.revision, 1);
  assert.equal(r1.language, "en");
  assert.match(r1.textsHash, /^[0-9a-f]{64}$/);
  assert.deepEqual(r1.categories, { necessary: true, analytics: true, marketing: false });
  assert.equal(r1.consentMode.analytics_storage, "granted");
  assert.equal(r1.consentMode.ad_storage, "denied");
  assert.equal(r1.gpc, false);
  assert.equal(r1.schema, 1);
  const configText = await v.page.evaluate(() => document.getElementById("consent-gate-config").textContent);
  assert.equal(r1.configHash, createHash("sha256").update(configText).digest("hex"), "the receipt names the config text");
  assert.equal(r2.previousConsentId, r1.consentId);
  assert.equal(r2.method, "reject-all");
  assert.equal(r2.textsHash, r1.textsHash, "same texts, same hash");
  await v.close();
});

test("a receipt the endpoint refused is kept and sent again on a later page view, with the same id", async () => {
  const v = await Visitor.create(env);
  const arrived = [];
  let down = true;
  let next;
  await v.context.route("**/consent-receipts", async (route) => {
    arrived.push({ ok: !down, body: JSON.parse(route.request().postData()) });
    await route.fulfill({ status: down ? 503 : 204 });
    if (next) next();
  });
  const answered = () => new Promise((ok) => (next = ok));
  const config = { ...SHORTHAND_CONFIG, proof: { endpoint: "/consent-receipts" } };
  await v.serve("/t/outbox.html", embedPage({ config, inline: true }));
  await v.goto("/t/outbox.html");
  let answer = answered();
  const warning = v.page.waitForEvent("console", { predicate: (m) => m.type() === "warning" });
  await button(banner(v.page), "Reject all").click();
  await answer;
  assert.match((await warning).text(), /did not reach the proof endpoint \(HTTP 503\); it is kept/);
  const kept = await v.page.evaluate(() => JSON.parse(localStorage.getItem("consent-gate-outbox")));
  assert.equal(kept.length, 1);
  const id = (await v.stored()).id;
  assert.equal(kept[0].id, id);
  // Later, on another page view (the gate's), the endpoint is back.
  down = false;
  answer = answered();
  const later = await v.newPage();
  await v.goto("/t/outbox.html", later);
  await answer;
  await later.waitForFunction(() => localStorage.getItem("consent-gate-outbox") === null);
  assert.deepEqual(
    arrived.map((a) => [a.ok, a.body.consentId, a.body.method]),
    [
      [false, id, "reject-all"],
      [true, id, "reject-all"],
    ],
    "the same receipt, by its consentId, so the endpoint can drop a duplicate",
  );
  // Nothing is left to send: a third page view sends nothing.
  const third = await v.newPage();
  await v.goto("/t/outbox.html", third);
  await v.ready(third);
  await third.waitForLoadState("networkidle");
  assert.equal(arrived.length, 2);
  await v.close();
});

test("G8: withdrawal deletes _ga and _ga_<id> on the registrable domain, parents and host-only", async () => {
  const v = await Visitor.create(env);
  // Like gtag.js with cookie_domain 'auto', the stub writes on the registrable domain.
  await v.context.route(/gtag\/js/, (route) =>
    route.fulfill({
      contentType: "text/javascript",
      body: `window.__stubs = (window.__stubs || []).concat("gtag.js");
        document.cookie = "_ga=GA1.1.1.1; path=/; max-age=3600; domain=example.test";
        document.cookie = "_ga_TEST123=GS1.1.1; path=/; max-age=3600; domain=example.test";
        document.cookie = "_gat_UA1=1; path=/; max-age=3600; domain=shop.example.test";
        document.cookie = "_gid=GA1.1.2; path=/; max-age=3600";`,
    }),
  );
  await v.page.goto(`http://www.shop.example.test:${env.port}/www/shorthand.html`);
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  const before = (await v.context.cookies()).map((c) => `${c.name}@${c.domain}`).sort();
  assert.deepEqual(before, [
    "_ga@.example.test",
    "_ga_TEST123@.example.test",
    "_gat_UA1@.shop.example.test",
    "_gid@www.shop.example.test",
  ]);
  const reloaded = v.page.waitForEvent("load");
  await button(v.page.locator("footer"), "Privacy preferences").click(); // the page's own link
  await button(preferences(v.page), "Reject all").click();
  await reloaded;
  await v.ready();
  assert.deepEqual(await v.context.cookies(), [], "every Google cookie is gone, and no probe is left");
  await v.close();
});

test("withdrawal removes the localStorage keys a service declares, never ConsentGate's own", async () => {
  const v = await Visitor.create(env);
  const config = structuredClone(SHORTHAND_CONFIG);
  config.categories.marketing.services = { chat: { title: "Chat", localStorage: ["^chat:"] } };
  await v.serve(
    "/t/storage.html",
    embedPage({
      config,
      inline: true,
      body: `<script type="text/plain" data-consent="chat">localStorage.setItem("chat:history", "hi")</script>`,
    }),
  );
  await v.goto("/t/storage.html");
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => localStorage.getItem("chat:history") === "hi");
  const reloaded = v.page.waitForEvent("load");
  await v.page.evaluate(() => window.ConsentGate.rejectAll());
  await reloaded;
  await v.ready();
  assert.equal(await v.page.evaluate(() => localStorage.getItem("chat:history")), null);
  assert.equal((await v.stored()).method, "api");
  await v.close();
});

test("G10: advanced mode loads the tags before consent with denied defaults, wait_for_update and redaction", async () => {
  const v = await Visitor.create(env);
  const config = {
    ...SHORTHAND_CONFIG,
    google: { measurementId: "G-DEMO12345", mode: "advanced", regions: { "US-CA": [] } },
  };
  await v.serve("/t/advanced.html", embedPage({ config, inline: true }));
  await v.goto("/t/advanced.html");
  await banner(v.page).waitFor();
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  const [request] = v.google.filter((r) => GOOGLE.test(r.url) && r.type === "script");
  const dl = request.dataLayer;
  assert.deepEqual(dl[0].value.slice(0, 2), ["consent", "default"]);
  assert.equal(dl[0].value[2].wait_for_update, 500);
  assert.equal(dl[0].value[2].analytics_storage, "denied");
  assert.deepEqual(dl[1].value[2].region, ["US-CA"]);
  assert.deepEqual(dl[2].value, ["set", "ads_data_redaction", true]);
  await v.close();
});
