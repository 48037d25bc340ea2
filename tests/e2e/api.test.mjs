// The JavaScript API exactly as documented: the members of the real window.ConsentGate are
// those www/consent-gate.d.ts declares, tests/types/usage.ts calls and the README lists (no
// more, no fewer), each behaves as written, and the object is the same for the whole page
// view, whichever build answers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, Visitor, banner, preferences, button } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const read = (path) => readFileSync(new URL(path, import.meta.url), "utf8");
/** The members tests/types/usage.ts lists (tsc checks that list against the d.ts). */
const MEMBERS = [...read("../types/usage.ts").match(/MEMBERS = \[([^\]]*)\]/)[1].matchAll(/"(\w+)"/g)].map((m) => m[1]).sort();

test("the real object has exactly the documented members, of the documented kinds", async () => {
  const readme = read("../../README.md");
  const api = readme.slice(readme.indexOf("## JavaScript API"), readme.indexOf("## The stored record"));
  const documented = [...new Set([...api.matchAll(/ConsentGate\.(\w+)/g)].map((m) => m[1]))].sort();
  assert.deepEqual(documented, MEMBERS, "the README lists what usage.ts calls");
  for (const path of ["/", "/www/shorthand.html"]) {
    const v = await Visitor.create(env);
    await v.goto(path);
    await v.ready();
    const real = await v.page.evaluate(() =>
      Object.keys(window.ConsentGate)
        .sort()
        .map((k) => [k, typeof window.ConsentGate[k]]),
    );
    assert.deepEqual(real.map(([k]) => k), MEMBERS, `${path}: nothing missing, nothing extra`);
    for (const [name, kind] of real) assert.equal(kind, name === "version" ? "string" : "function", name);
    assert.match(await v.page.evaluate(() => ConsentGate.version), /^\d+\.\d+\.\d+/);
    await v.close();
  }
});

test("showPolicy() opens the privacy policy viewer", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await v.ready();
  await v.page.evaluate(() => window.ConsentGate.showPolicy());
  await v.page.getByRole("dialog", { name: "Data Privacy Policy" }).getByRole("heading", { name: "Cookie declaration" }).waitFor();
  await v.close();
});

test("on() always returns a remover: for change, for ready, and for arguments it refuses", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await v.ready();
  const errors = [];
  v.page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const kinds = await v.page.evaluate(() => {
    window.__calls = 0;
    const offChange = ConsentGate.on("change", () => window.__calls++);
    const offReady = ConsentGate.on("ready", () => {});
    const offBad = ConsentGate.on("nonsense", () => {});
    const offNoListener = ConsentGate.on("change");
    const kinds = [offChange, offReady, offBad, offNoListener].map((f) => typeof f);
    [offReady, offBad, offNoListener].forEach((f) => f());
    offChange();
    return kinds;
  });
  assert.deepEqual(kinds, ["function", "function", "function", "function"]);
  assert.equal(errors.length, 2, "both refused calls say why");
  assert.match(errors[0], /ConsentGate\.on\(event, listener\)/);
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  assert.equal(await v.page.evaluate(() => window.__calls), 0, "a removed listener hears nothing");
  await v.close();
});

test("a reference kept before the interface loads still works after: one object for the page view", async () => {
  const v = await Visitor.create(env);
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  // A returning visitor: the gate answers first, and hands over to the full build when the
  // preferences open.
  const next = await v.newPage();
  await v.goto("/www/shorthand.html", next);
  await v.ready(next);
  await next.evaluate(() => {
    window.__kept = window.ConsentGate;
    window.__heard = [];
    window.__offEarly = window.__kept.on("change", (c) => window.__heard.push(`early ${c.method}`));
    window.__kept.on("change", (c) => window.__heard.push(`kept ${c.method}`));
    window.__kept.showPreferences();
  });
  await preferences(next).waitFor();
  await next.evaluate(() => {
    window.__offEarly();
    window.__kept.acceptAll();
  });
  await next.waitForFunction(() => window.__heard.length > 0);
  assert.equal(await next.evaluate(() => window.__kept === window.ConsentGate), true, "the same object");
  assert.deepEqual(await next.evaluate(() => window.__heard), ["kept api"], "removed before: silent; kept: heard");
  const record = await v.stored(next);
  assert.equal(record.method, "api");
  assert.equal(record.categories.analytics, true, "the reference decided");
  assert.equal(await next.evaluate(() => window.__kept.accepted("analytics")), true);
  await next.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  await v.close();
});
