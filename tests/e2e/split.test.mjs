// A returning visitor whose choice holds runs no wasm: the bootstrap carries out the plan the
// full build left (src/core/plan.rs); anyone else gets the full build. These tests check that
// a returning visitor downloads one file, that a plan is only used for the very config text,
// record and version it was made for, and that handing over to the full build keeps the page
// view whole: the choice, the site's listeners, queued API calls.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, preferences, button, reopen, embedPage, SHORTHAND_CONFIG, consentGateFiles as files } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());


async function decidedVisitor(path = "/www/shorthand.html") {
  const v = await Visitor.create(env);
  await v.goto(path);
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  const next = await v.newPage();
  const seen = files(next);
  return { v, next, seen };
}

test("a first visit downloads the full build; a returning visitor only consent-gate.js", async () => {
  const v = await Visitor.create(env);
  const first = files(v.page);
  await v.goto("/www/shorthand.html");
  // The bootstrap paints the banner first and fetches the full build after that frame: the
  // files are counted once the full build has taken the banner over.
  await banner(v.page).waitFor();
  await v.ready();
  assert.deepEqual(first.sort(), ["consent-gate-ui.js", "consent-gate-ui_bg.wasm", "consent-gate.js"]);
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  const next = await v.newPage();
  const seen = files(next);
  await v.goto("/www/shorthand.html", next);
  await v.ready(next);
  // Drawn by the bootstrap (and stepping aside: the page's own link is on screen).
  await next.locator("consent-gate .cg-reopen").waitFor({ state: "attached" });
  assert.equal(await next.locator("consent-gate").getAttribute("data-site-link-visible"), "");
  await next.waitForLoadState("networkidle");
  assert.deepEqual(seen.sort(), ["consent-gate.js"], "one file, no wasm");
  assert.deepEqual(
    v.google.filter((r) => r.type === "script").map((r) => new URL(r.url).pathname),
    [],
    "rejected: nothing went to Google on either page view",
  );
  await v.close();
});

test("a plan applies the choice as the full build does: Consent Mode, dataLayer, tags, marked scripts", async () => {
  // Non-ASCII text in the config: the bootstrap's fingerprint hashes UTF-8 bytes, as the core.
  const config = { ...SHORTHAND_CONFIG, texts: { reopenButton: "Préférences ✓ 設定" } };
  const body = `<script type="text/plain" data-consent="analytics">window.__ran = (window.__ran || []).concat("analytics")</script>
<script type="text/plain" data-consent="!analytics">window.__ran = (window.__ran || []).concat("fallback")</script>
<script type="text/plain" data-category="marketing" data-service="youtube">window.__ran = (window.__ran || []).concat("youtube")</script>
<script type="text/plain" data-consent="nope">window.__ran = (window.__ran || []).concat("nope")</script>`;
  const v = await Visitor.create(env);
  await v.serve("/t/plan.html", embedPage({ config, inline: true, body }));
  await v.goto("/t/plan.html");
  const dialogButton = button(banner(v.page), "Accept all");
  await dialogButton.click();
  await v.changes(1);
  const full = await v.page.evaluate(() => ({
    layer: JSON.stringify(window.dataLayer.map((e) => (e.length !== undefined ? Array.from(e).filter((x) => !(x instanceof Date)) : e)).filter((e) => !("gtm.start" in e))),
    ran: window.__ran,
  }));
  const next = await v.newPage();
  const seen = files(next);
  await v.goto("/t/plan.html", next);
  await v.ready(next);
  await next.waitForFunction(() => (window.__stubs || []).length >= 2);
  const planned = await next.evaluate(() => ({
    layer: JSON.stringify(window.dataLayer.map((e) => (e.length !== undefined ? Array.from(e).filter((x) => !(x instanceof Date)) : e)).filter((e) => !("gtm.start" in e))),
    ran: window.__ran,
    states: [...document.querySelectorAll("[data-consent-state]")].map((e) => e.getAttribute("data-consent-state")),
    accepted: [window.ConsentGate.accepted("analytics"), window.ConsentGate.accepted("youtube"), window.ConsentGate.accepted("nope")],
    consent: window.ConsentGate.getConsent().method,
  }));
  assert.deepEqual(seen, ["consent-gate.js"], "the plan held: no wasm");
  const grant = JSON.parse(full.layer).filter((e) => e[0] === "consent" && e[1] === "update").pop();
  assert.deepEqual(JSON.parse(planned.layer).find((e) => e[0] === "consent" && e[1] === "update"), grant, "the same Consent Mode update");
  assert.ok(JSON.parse(planned.layer).some((e) => e.event === "consent_gate_update" && e.consent_gate.analytics === true));
  assert.deepEqual(planned.ran, ["analytics", "youtube"], "allowed marked scripts ran, in order; the fallback and the unknown name did not");
  assert.deepEqual(planned.states.sort(), ["activated", "activated", "invalid", "waiting"]);
  assert.deepEqual(planned.accepted, [true, true, false]);
  assert.equal(planned.consent, "accept-all");
  assert.equal(await next.locator("consent-gate .cg-reopen").getAttribute("aria-label"), "Préférences ✓ 設定");
  assert.deepEqual(
    v.google.filter((r) => r.type === "script").map((r) => new URL(r.url).pathname),
    ["/gtag/js", "/gtm.js", "/gtag/js", "/gtm.js"],
  );
  assert.ok(v.errors.length === 0 || v.errors.every((e) => /data-consent="nope"/.test(e)), v.errors.join("\n"));
  await v.close();
});

test("a plan is used only for its config text, its record and its version", async () => {
  const v = await Visitor.create(env);
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Accept all").click();
  await v.changes(1);
  const plan = await v.page.evaluate(() => JSON.parse(localStorage.getItem("consent-gate-plan")));
  assert.equal(plan.record, await v.page.evaluate(() => localStorage.getItem("consent-gate")));
  v.google.length = 0;
  for (const [what, change] of [
    ["another record (a decision the plan was not made for)", (p) => localStorage.setItem("consent-gate", p.record.replace('"analytics":true', '"analytics":false'))],
    ["another version", (p) => localStorage.setItem("consent-gate-plan", JSON.stringify({ ...p, v: "0.0.1" }))],
    ["another config text", (p) => localStorage.setItem("consent-gate-plan", JSON.stringify({ ...p, fp: "0000000000000000" }))],
    ["a plan that does not read", () => localStorage.setItem("consent-gate-plan", "{")],
  ]) {
    await v.page.evaluate(([p, f]) => (0, eval)(`(${f})`)(p), [plan, change.toString()]);
    const seen = files(v.page);
    await v.page.reload();
    await v.ready();
    assert.ok(seen.includes("consent-gate-ui_bg.wasm"), `${what}: the full build decides`);
    // The full build leaves a plan for what is in storage now.
    const left = await v.page.evaluate(() => [localStorage.getItem("consent-gate"), JSON.parse(localStorage.getItem("consent-gate-plan") || "null")]);
    assert.equal(left[1] && left[1].record, left[0], `${what}: a new plan for the stored record`);
    await v.page.evaluate((p) => { localStorage.setItem("consent-gate", p.record); localStorage.setItem("consent-gate-plan", JSON.stringify(p)); }, plan);
  }
  await v.page.waitForLoadState("networkidle");
  const tags = v.google.filter((r) => r.type === "script").length;
  assert.equal(tags, 6, "gtag.js and gtm.js on the three page views whose record grants them, none on the one that does not");
  await v.close();
});

test("receipts waiting or a policy on the page: the full build runs the page view", async () => {
  const v = await Visitor.create(env);
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  await v.page.evaluate(() => localStorage.setItem("consent-gate-outbox", "[]"));
  const seen = files(v.page);
  await v.page.reload();
  await v.ready();
  assert.ok(seen.includes("consent-gate-ui_bg.wasm"), "the outbox is the full build's");
  await v.close();
});

test("the bootstrap's reopen control hands over: the preferences show the stored choice and save it", async () => {
  // The shop's long page: its own footer link is out of sight, so the floating control shows.
  const { v, next, seen } = await decidedVisitor("/");
  await v.goto("/", next);
  await reopen(next).click();
  const dialog = preferences(next);
  await dialog.waitFor();
  assert.ok(seen.includes("consent-gate-ui_bg.wasm"), "the full build loads on demand");
  assert.equal(await next.locator("consent-gate").count(), 1, "one host element after the handover");
  assert.equal(await dialog.getByRole("switch", { name: "Analytics" }).isChecked(), false);
  await dialog.getByRole("switch", { name: "Analytics" }).check();
  await button(dialog, "Save preferences").click();
  await next.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  assert.equal((await v.stored(next)).categories.analytics, true);
  assert.deepEqual(v.errors, []);
  await v.close();
});

test("listeners added before the handover keep hearing, and API calls made during it run", async () => {
  const { v, next } = await decidedVisitor();
  await v.goto("/www/shorthand.html", next);
  await v.ready(next);
  await next.evaluate(() => {
    window.__heard = [];
    window.ConsentGate.on("change", (c) => window.__heard.push(c.method));
    const gate = window.ConsentGate;
    gate.showPreferences(); // starts the handover
    gate.acceptAll(); // arrives while the full build loads
  });
  await next.waitForFunction(() => window.__heard.length === 1);
  assert.deepEqual(await next.evaluate(() => window.__heard), ["api"]);
  await next.waitForFunction(() => (window.__stubs || []).length >= 2);
  assert.equal(await preferences(next).isVisible(), false, "accept closed the preferences");
  await v.close();
});

test("an expired choice loads the full build to show the banner", async () => {
  const v = await Visitor.create(env);
  const start = Date.now();
  await v.page.clock.install({ time: start });
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Accept all").click();
  await v.changes(1);
  await v.page.clock.setSystemTime(start + 200 * 24 * 60 * 60 * 1000);
  const seen = files(v.page);
  await v.page.reload();
  await banner(v.page).waitFor();
  assert.deepEqual(seen.sort(), ["consent-gate-ui.js", "consent-gate-ui_bg.wasm", "consent-gate.js"]);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(
    v.google.filter((r) => r.type === "script").map((r) => new URL(r.url).pathname),
    ["/gtag/js", "/gtm.js"],
    "only from the first page view: the expired choice loads nothing",
  );
  await v.close();
});
