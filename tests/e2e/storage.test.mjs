// Requirements X4 (a corrupted or hand-edited record is no consent) and X5 (blocked or full
// storage: the banner still works, the choice holds in memory, nothing panics).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, button } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const DAY = 24 * 60 * 60 * 1000;
const iso = (ms) => new Date(ms).toISOString();

/** A record the shorthand page accepts: everything granted, decided an hour ago. */
function validRecord(now = Date.now()) {
  return {
    schema: 1,
    id: "3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b",
    created: iso(now - 3600_000),
    updated: iso(now - 3600_000),
    expires: iso(now - 3600_000 + 182 * DAY),
    revision: 1,
    method: "accept-all",
    categories: { necessary: true, analytics: true, marketing: true },
    services: { ga4: true },
  };
}

async function visitWithStored(stored) {
  const v = await Visitor.create(env, {
    initScripts: [
      {
        content: `if (!sessionStorage.getItem("seeded")) {
          sessionStorage.setItem("seeded", "1");
          localStorage.setItem("consent-gate", ${JSON.stringify(stored)});
        }`,
      },
    ],
  });
  await v.goto("/www/shorthand.html");
  await v.ready();
  await v.page.waitForLoadState("networkidle");
  return v;
}

test("X4: a valid stored record is honoured (the control case for the tests below)", async () => {
  const v = await visitWithStored(JSON.stringify(validRecord()));
  assert.equal(await banner(v.page).isVisible(), false);
  assert.equal(v.google.filter((r) => r.type === "script").length, 2);
  await v.close();
});

const CORRUPTED = [
  ["not JSON", () => "{granted"],
  ["a bare string", () => JSON.stringify("accept-all")],
  ["a boolean as a string", () => JSON.stringify({ ...validRecord(), categories: { necessary: true, analytics: "true", marketing: true } })],
  ["an unknown schema", () => JSON.stringify({ ...validRecord(), schema: 2 })],
  ["an extra field", () => JSON.stringify({ ...validRecord(), admin: true })],
  ["a consent id that is not a UUID", () => JSON.stringify({ ...validRecord(), id: "x" })],
  ["a decision in the future", () => JSON.stringify({ ...validRecord(Date.now() + 2 * DAY) })],
  ["an expiry pushed beyond 13 months", () => JSON.stringify({ ...validRecord(), expires: iso(Date.now() + 800 * DAY) })],
  ["an expired choice", () => JSON.stringify(validRecord(Date.now() - 200 * DAY))],
  ["another config revision", () => JSON.stringify({ ...validRecord(), revision: 0 })],
  ["a purpose set to null", () => JSON.stringify({ ...validRecord(), services: { ga4: null } })],
  ["a time in another format", () => JSON.stringify({ ...validRecord(), updated: new Date().toString() })],
];

for (const [what, make] of CORRUPTED) {
  test(`X4: ${what} in storage counts as no consent`, async () => {
    const v = await visitWithStored(make());
    await banner(v.page).waitFor();
    assert.deepEqual(v.google, []);
    assert.equal(await v.page.evaluate(() => window.ConsentGate.accepted("analytics")), false);
    assert.ok(
      v.console.some((m) => /^ConsentGate: .*; asking again$/.test(m.text)),
      v.console.map((m) => m.text).join("\n"),
    );
    assert.deepEqual(v.errors, []);
    await v.close();
  });
}

const BLOCKED = `Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});`;
const FULL = `Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};`;

for (const [what, script, warning] of [
  ["blocked", BLOCKED, /localStorage is not available/],
  ["full", FULL, /localStorage is not available|could not save the choice/],
]) {
  test(`X5: with storage ${what} the banner works and the choice holds for the page view`, async () => {
    const v = await Visitor.create(env, { initScripts: [{ content: script }] });
    await v.goto("/www/shorthand.html");
    await button(banner(v.page), "Accept all").click();
    await v.changes(1);
    await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
    assert.equal(await v.page.evaluate(() => window.ConsentGate.accepted("analytics")), true);
    assert.equal(await banner(v.page).isVisible(), false);
    assert.ok(v.console.some((m) => warning.test(m.text)), v.console.map((m) => m.text).join("\n"));
    assert.deepEqual(v.errors, [], "nothing threw");
    await v.page.reload();
    await banner(v.page).waitFor();
    await v.close();
  });
}
