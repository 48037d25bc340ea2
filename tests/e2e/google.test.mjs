// Requirements A (gating and Google Consent Mode v2), G1 to G9, on the demo site: the
// marketing page with Google's own snippets marked, and the page using the config shorthand.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, preferences, button, reopen, embedPage, SHORTHAND_CONFIG } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const PAGES = [
  ["marked snippets", "/"],
  ["config shorthand", "/www/shorthand.html"],
];

const SEVEN = [
  "ad_storage",
  "ad_user_data",
  "ad_personalization",
  "analytics_storage",
  "functionality_storage",
  "personalization_storage",
  "security_storage",
];

function consentCommands(dataLayer) {
  return dataLayer.filter((e) => e.kind === "[object Arguments]" && e.value[0] === "consent");
}

async function settle(page) {
  await page.waitForLoadState("networkidle");
}

for (const [name, path] of PAGES) {
  test(`G1 (${name}): before any choice nothing reaches Google, no Google cookie, no Google script`, async () => {
    const v = await Visitor.create(env);
    await v.goto(path);
    await v.ready();
    await banner(v.page).waitFor();
    await settle(v.page);
    assert.deepEqual(v.google, []);
    assert.deepEqual(
      (await v.cookieNames()).filter((n) => /^(_ga|_gid|_gcl)/.test(n)),
      [],
    );
    assert.equal(await v.page.locator("script[src*=googletagmanager]").count(), 0);
    assert.equal(await v.page.locator("iframe[src*=googletagmanager]").count(), 0);
    await v.close();
  });
}

test("G1: with JavaScript disabled the GTM <noscript> iframe cannot load", async () => {
  const v = await Visitor.create(env, { javaScriptEnabled: false });
  await v.goto("/");
  await settle(v.page);
  assert.deepEqual(v.google, []);
  assert.equal(await v.page.locator("iframe[src*=googletagmanager]").count(), 0);
  await v.close();
});

test("G2: after Reject all nothing goes to Google on reload, another page or another tab", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  await v.page.reload();
  await v.ready();
  await v.goto("/www/shorthand.html");
  await v.ready();
  const tab = await v.newPage();
  await v.goto("/www/shorthand.html", tab);
  await v.ready(tab);
  await settle(v.page);
  await settle(tab);
  assert.deepEqual(v.google, []);
  assert.equal(await banner(tab).isVisible(), false, "the refusal is remembered: no banner");
  await v.close();
});

for (const [name, path] of PAGES) {
  test(`G3 (${name}): the consent default is in dataLayer before any command and before Google's scripts are requested`, async () => {
    const v = await Visitor.create(env);
    await v.goto(path);
    await button(banner(v.page), "Accept all").click();
    await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
    const scripts = v.google.filter((r) => r.type === "script");
    assert.deepEqual(
      scripts.map((r) => new URL(r.url).pathname).sort(),
      ["/gtag/js", "/gtm.js"],
    );
    for (const request of scripts) {
      const dl = request.dataLayer;
      assert.ok(Array.isArray(dl) && dl.length > 0, `dataLayer readable when ${request.url} was requested`);
      assert.deepEqual(dl[0].value.slice(0, 2), ["consent", "default"], "the default comes first");
      const firstCommand = dl.findIndex(
        (e) => e.kind === "[object Arguments]" && ["config", "event", "js"].includes(e.value[0]),
      );
      assert.ok(firstCommand === -1 || firstCommand > 0);
    }
    await v.close();
  });
}

test("G4: the default sets all seven types, denied but security_storage", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await v.ready();
  const [first] = await v.dataLayer();
  assert.equal(first.kind, "[object Arguments]");
  assert.deepEqual(first.value.slice(0, 2), ["consent", "default"]);
  assert.deepEqual(Object.keys(first.value[2]), SEVEN);
  for (const type of SEVEN) {
    assert.equal(first.value[2][type], type === "security_storage" ? "granted" : "denied", type);
  }
  await v.close();
});

test("G4: a site that marks functionality strictly necessary gets it granted by default", async () => {
  const v = await Visitor.create(env);
  const config = structuredClone(SHORTHAND_CONFIG);
  config.categories.necessary.consentMode = ["functionality_storage", "security_storage"];
  await v.serve("/t/functional.html", embedPage({ config, inline: true }));
  await v.goto("/t/functional.html");
  await v.ready();
  const [first] = await v.dataLayer();
  assert.equal(first.value[2].functionality_storage, "granted");
  assert.equal(first.value[2].personalization_storage, "denied");
  await v.close();
});

for (const [name, path] of PAGES) {
  test(`G5 (${name}): every gtag command reaches dataLayer as an Arguments object, never an array`, async () => {
    const v = await Visitor.create(env);
    await v.goto(path);
    await button(banner(v.page), "Accept all").click();
    await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
    const dl = await v.dataLayer();
    const commands = dl.filter((e) => e.kind !== "[object Object]");
    assert.ok(commands.length >= 4, JSON.stringify(dl));
    for (const e of commands) assert.equal(e.kind, "[object Arguments]", JSON.stringify(e));
    assert.ok(!dl.some((e) => e.kind === "[object Array]"));
    await v.close();
  });
}

test("G6: on accept the order is default, update, then the Google request; the update states all seven types", async () => {
  const v = await Visitor.create(env);
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
  for (const request of v.google.filter((r) => r.type === "script")) {
    const consent = consentCommands(request.dataLayer);
    assert.deepEqual(consent.map((c) => c.value[1]), ["default", "update"]);
    assert.deepEqual(Object.keys(consent[1].value[2]), SEVEN);
    for (const type of SEVEN.slice(0, 4)) assert.equal(consent[1].value[2][type], "granted", type);
  }
  await v.close();
});

test("G6: analytics only keeps every ad type denied in the update", async () => {
  const v = await Visitor.create(env);
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Manage preferences").click();
  const dialog = preferences(v.page);
  await dialog.getByRole("switch", { name: "Analytics" }).check();
  await button(dialog, "Save preferences").click();
  await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
  const [request] = v.google.filter((r) => r.type === "script");
  const update = consentCommands(request.dataLayer)[1].value[2];
  assert.deepEqual(update, {
    ad_storage: "denied",
    ad_user_data: "denied",
    ad_personalization: "denied",
    analytics_storage: "granted",
    functionality_storage: "denied",
    personalization_storage: "denied",
    security_storage: "granted",
  });
  await v.close();
});

for (const [name, path] of PAGES) {
  test(`G7 (${name}): a returning visitor's choice is applied before Google loads, without a banner`, async () => {
    const v = await Visitor.create(env);
    await v.goto(path);
    await button(banner(v.page), "Accept all").click();
    await v.page.waitForFunction(() => (window.__stubs || []).length >= 2);
    v.google.length = 0;
    const next = await v.newPage();
    await v.goto(path, next);
    await next.waitForFunction(() => (window.__stubs || []).length >= 2);
    for (const request of v.google.filter((r) => r.type === "script")) {
      assert.deepEqual(consentCommands(request.dataLayer).map((c) => c.value[1]), ["default", "update"]);
    }
    assert.equal(await banner(next).isVisible(), false);
    await v.close();
  });
}

test("G7: a stored rejection never loads Google", async () => {
  const v = await Visitor.create(env);
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  const next = await v.newPage();
  await v.goto("/www/shorthand.html", next);
  await v.ready(next);
  await settle(next);
  assert.deepEqual(v.google, []);
  const consent = consentCommands(await v.dataLayer(next));
  assert.deepEqual(consent.map((c) => c.value[1]), ["default", "update"]);
  assert.equal(consent[1].value[2].analytics_storage, "denied");
  await v.close();
});

test("G8: withdrawing analytics pushes an all-denied update, deletes the Google cookies and reloads", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  assert.ok((await v.cookieNames()).includes("_ga_DEMO12345"), "the stub set GA cookies");
  // Keep a copy of dataLayer as it is when the change event fires, across the reload.
  await v.page.evaluate(() =>
    document.addEventListener("consent-gate:change", () =>
      sessionStorage.setItem("dl", JSON.stringify(window.dataLayer.map((e) => Array.from(e)))),
    ),
  );
  await reopen(v.page).click();
  const dialog = preferences(v.page);
  await dialog.getByRole("switch", { name: "Analytics" }).uncheck();
  await dialog.getByRole("switch", { name: "Marketing" }).uncheck();
  const reloaded = v.page.waitForEvent("load");
  await button(dialog, "Save preferences").click();
  await reloaded;
  await v.ready();
  const before = JSON.parse(await v.page.evaluate(() => sessionStorage.getItem("dl")));
  const last = before.filter((e) => e[0] === "consent").at(-1);
  assert.equal(last[1], "update");
  for (const type of SEVEN.slice(0, 6)) assert.equal(last[2][type], "denied", type);
  assert.deepEqual((await v.cookieNames()).filter((n) => n.startsWith("_ga")), []);
  assert.equal(await v.page.evaluate(() => (window.__stubs || []).length), 0, "no tag after the reload");
  await v.close();
});

test("G9: a malformed Google ID is refused with a clear console error and no request", async () => {
  const v = await Visitor.create(env);
  const config = { ...SHORTHAND_CONFIG, google: { containerId: 'GTM-AB12"&l=x' } };
  await v.serve("/t/bad-id.html", embedPage({ config, inline: true }));
  const logged = v.page.waitForEvent("console", {
    predicate: (m) => m.type() === "error" && m.text().startsWith("ConsentGate:"),
  });
  await v.goto("/t/bad-id.html");
  const message = (await logged).text();
  assert.match(message, /config field `google\.containerId`: "GTM-AB12\\"&l=x" is not a Tag Manager container ID/);
  assert.match(message, /ConsentGate is inactive: nothing that needs consent will load\./);
  await settle(v.page);
  assert.deepEqual(v.google, []);
  assert.equal(await banner(v.page).count(), 0, "inert: no banner");
  assert.equal(await v.page.evaluate(() => window.dataLayer), undefined);
  await v.close();
});
