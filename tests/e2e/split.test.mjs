// Two builds of one crate: the gate (no interface code) for visitors who have decided, the
// full build for whoever needs the banner or the preferences. These tests check that a
// returning visitor downloads no interface code, and that handing over from the gate to the
// full build keeps the page view whole: the choice, the site's listeners, queued API calls.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, preferences, button, reopen, consentGateFiles as files } from "./harness.mjs";

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

test("a first visit downloads the full build; a returning visitor only the gate", async () => {
  const v = await Visitor.create(env);
  const first = files(v.page);
  await v.goto("/www/shorthand.html");
  await banner(v.page).waitFor();
  assert.deepEqual(first.sort(), ["consent-gate-ui.js", "consent-gate-ui_bg.wasm", "consent-gate.js"]);
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  const next = await v.newPage();
  const seen = files(next);
  await v.goto("/www/shorthand.html", next);
  await v.ready(next);
  // Drawn by the gate (and stepping aside: the page's own link is on screen).
  await next.locator("consent-gate .cg-reopen").waitFor({ state: "attached" });
  await next.waitForLoadState("networkidle");
  assert.deepEqual(seen.sort(), ["consent-gate.js", "consent-gate_bg.wasm"], "no interface code");
  await v.close();
});

test("the gate's reopen control hands over: the preferences show the stored choice and save it", async () => {
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

test("an expired choice on the gate hands over to show the banner", async () => {
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
  assert.deepEqual(seen.sort(), [
    "consent-gate-ui.js",
    "consent-gate-ui_bg.wasm",
    "consent-gate.js",
    "consent-gate_bg.wasm",
  ]);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(
    v.google.filter((r) => r.type === "script").map((r) => new URL(r.url).pathname),
    ["/gtag/js", "/gtm.js"],
    "only from the first page view: the expired choice loads nothing",
  );
  await v.close();
});
