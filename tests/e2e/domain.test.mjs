// One choice across a site's subdomains (`consentDomain`, issue 19): the record is also kept in
// a first-party cookie on the site's domain, which a page on another subdomain reads, in the
// full build and in the bootstrap's returning visit. Chromium resolves the test hosts to the
// test server (which serves by path, whatever the host), and its own Public Suffix List
// decides which domain takes a cookie, as on a real site: co.uk and net.uk are suffixes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, preferences, button, reopen, embedPage, DEMO_CONFIG, consentGateFiles as files } from "./harness.mjs";

let env;
before(
  async () =>
    (env = await launch({
      args: ["--host-resolver-rules=MAP *.example.co.uk 127.0.0.1, MAP *.example.net.uk 127.0.0.1"],
    })),
);
after(() => env.close());

const SHARED = { ...DEMO_CONFIG, reloadOnWithdraw: false, consentDomain: "example.co.uk" };
const BODY = `<script type="text/plain" data-consent="analytics">window.__ran = true</script>`;
const url = (host) => `http://${host}:${env.port}/page.html`;
const WWW = "www.example.co.uk";
const SHOP = "shop.example.co.uk";
const HOSTS = /^http:\/\/[a-z]+\.example\.(co|net)\.uk:\d+\//;

/** Notes in `window.__painted` whether the bootstrap painted a first visit's banner. */
const PAINTED = `window.__painted = false;
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (options) {
  const root = attach.call(this, options);
  new MutationObserver(() => {
    if (root.querySelector(".cg-painted")) window.__painted = true;
  }).observe(root, { childList: true, subtree: true });
  return root;
};`;

/** A visitor for whom every test host serves `/page.html` with `config` (inline) and a marked
 *  script for analytics, and the test server's files by path. Every response is answered
 *  here, so the page and its scripts are in the same address space for Chromium (a page
 *  answered here and a script from the loopback server would be refused as a request to a
 *  more private network). */
async function visitor(config = SHARED) {
  const v = await Visitor.create(env, { initScripts: [{ content: PAINTED }] });
  const html = embedPage({ config, inline: true, body: BODY });
  await v.context.route(HOSTS, async (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === "/page.html") {
      return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
    }
    try {
      return await route.fulfill({ response: await route.fetch({ url: env.base + pathname }) });
    } catch (e) {
      // A file still on its way when the test closes the visitor (the full build's wasm,
      // fetched after the page's checks are done): nothing to answer any more.
      if (!closed) throw e;
    }
  });
  let closed = false;
  const close = v.close.bind(v);
  v.close = async () => {
    closed = true;
    await v.context.unrouteAll({ behavior: "ignoreErrors" });
    await close();
  };
  return v;
}

async function view(v, host, page) {
  page = page ?? (await v.newPage());
  await page.goto(url(host));
  return page;
}

const ran = (page) => page.evaluate(() => window.__ran === true);
const local = (page) => page.evaluate(() => localStorage.getItem("consent-gate"));
async function sharedCookie(v) {
  return (await v.context.cookies()).find((c) => c.name === "consent-gate");
}

test("accepted on www, the shop is a returning visit with the same choice; withdrawn on the shop, www honours it", async () => {
  const v = await visitor();
  const www = await view(v, WWW, v.page);
  await button(banner(www), "Accept all").click();
  await v.changes(1, www);
  assert.equal(await www.evaluate(() => window.__painted), true, "a first visit: painted");
  const record = await local(www);
  const cookie = await sharedCookie(v);
  assert.ok(cookie, "the choice is shared in a cookie");
  assert.equal(cookie.domain, ".example.co.uk");
  assert.equal(cookie.path, "/");
  assert.equal(cookie.sameSite, "Lax");
  assert.equal(cookie.secure, false, "http: no Secure");
  assert.equal(cookie.httpOnly, false);
  assert.equal(Math.round(cookie.expires), Math.floor(Date.parse(JSON.parse(record).expires) / 1000));
  assert.equal(decodeURIComponent(cookie.value.slice(cookie.value.indexOf(".") + 1)), record);
  // The demo config's record, as a cookie: far below the browser's 4096 bytes.
  assert.ok(cookie.name.length + 1 + cookie.value.length < 1024, `${cookie.value.length} bytes`);

  // The shop: no banner, the marked script runs, the same choice.
  const shop = await view(v, SHOP);
  await v.ready(shop);
  await shop.waitForFunction(() => window.__ran === true);
  assert.equal(await banner(shop).isVisible(), false);
  assert.equal(await shop.evaluate(() => window.__painted), false, "not a first visit: no banner painted");
  assert.equal(await local(shop), record);
  assert.equal(await shop.evaluate(() => window.ConsentGate.accepted("analytics")), true);

  // Withdrawn on the shop: the cookie carries the withdrawal.
  await reopen(shop).click();
  await button(preferences(shop), "Reject all").click();
  await v.changes(1, shop);
  const withdrawn = await local(shop);
  assert.equal(JSON.parse(withdrawn).method, "reject-all");
  const after = await sharedCookie(v);
  assert.equal(decodeURIComponent(after.value.slice(after.value.indexOf(".") + 1)), withdrawn);

  // www's next page view: its plan is for the old record, so the full build decides, and the
  // newer decision (the withdrawal) holds; the marked script does not run.
  const next = await v.newPage();
  const seen = files(next);
  await view(v, WWW, next);
  await v.ready(next);
  assert.ok(seen.includes("consent-gate-ui_bg.wasm"), "not the stale plan: the full build");
  assert.equal(await banner(next).isVisible(), false);
  assert.equal(await ran(next), false);
  assert.equal(await next.evaluate(() => window.ConsentGate.accepted("analytics")), false);
  assert.equal(await local(next), withdrawn);

  // And the view after: the bootstrap's plan, for the withdrawal, without wasm.
  const again = await v.newPage();
  const bootstrapOnly = files(again);
  await view(v, WWW, again);
  await v.ready(again);
  assert.deepEqual(bootstrapOnly, ["consent-gate.js"]);
  assert.equal(await ran(again), false);
  assert.deepEqual(v.errors, []);
  await v.close();
});

test("ConsentGate.reset() on www makes the shop, which kept a copy of the choice, ask again", async () => {
  const v = await visitor();
  const www = await view(v, WWW, v.page);
  await button(banner(www), "Accept all").click();
  await v.changes(1, www);
  // The shop takes the choice over: a copy of the record in its own storage, and its plan.
  const shop = await view(v, SHOP);
  await v.ready(shop);
  await shop.waitForFunction(() => window.__ran === true);
  assert.ok(await local(shop), "the shop keeps a copy");

  // Reset on www: the cookie becomes a reset mark (for this config text), not a record.
  await www.evaluate(() => window.ConsentGate.reset());
  await banner(www).waitFor();
  const mark = await sharedCookie(v);
  assert.match(mark.value, /^[^.]+\.!\d+$/);
  assert.equal(mark.domain, ".example.co.uk");
  assert.ok(mark.expires > Date.now() / 1000 + 86_400, "kept as long as a record could be");

  // The shop's next page view: its copy is older than the reset, so it is forgotten; the
  // banner asks, the marked script does not run, nothing is granted.
  const next = await v.newPage();
  await view(v, SHOP, next);
  await v.ready(next);
  await banner(next).waitFor();
  assert.equal(await ran(next), false);
  assert.equal(await next.evaluate(() => window.ConsentGate.accepted("analytics")), false);
  assert.equal(await local(next), null, "the shop's copy is gone");

  // A new choice on the shop is shared over the mark, and www takes it.
  await button(banner(next), "Reject all").click();
  await v.changes(1, next);
  const rejected = await local(next);
  const shared = await sharedCookie(v);
  assert.equal(decodeURIComponent(shared.value.slice(shared.value.indexOf(".") + 1)), rejected);
  const back = await v.newPage();
  await view(v, WWW, back);
  await v.ready(back);
  assert.equal(await banner(back).isVisible(), false);
  assert.equal(await local(back), rejected);

  // A first visit to a third host after a reset mark is a plain first visit: painted early.
  const fresh = await visitor();
  await fresh.context.addCookies([{ name: "consent-gate", value: mark.value, domain: ".example.co.uk", path: "/" }]);
  const blog = await view(fresh, "blog.example.co.uk", fresh.page);
  await banner(blog).waitFor();
  await blog.waitForFunction(() => window.__painted === true);
  assert.deepEqual(v.errors, []);
  await fresh.close();
  await v.close();
});

test("a returning visit on www applies the plan only while the cookie carries the same record", async () => {
  const v = await visitor();
  const www = await view(v, WWW, v.page);
  await button(banner(www), "Reject all").click();
  await v.changes(1, www);
  // Accepted on the shop in the meantime: www's plan (a rejection) must not be carried out.
  const shop = await view(v, SHOP);
  await v.ready(shop);
  await reopen(shop).click();
  await button(preferences(shop), "Accept all").click();
  await v.changes(1, shop);
  const next = await v.newPage();
  await view(v, WWW, next);
  await v.ready(next);
  await next.waitForFunction(() => window.__ran === true);
  assert.equal(JSON.parse(await local(next)).method, "accept-all");
  await v.close();
});

test("a forged or broken cookie grants nothing, with or without a choice in storage", async () => {
  // A real cookie to forge from (its config fingerprint is right).
  const a = await visitor();
  const www = await view(a, WWW, a.page);
  await button(banner(www), "Accept all").click();
  await a.changes(1, www);
  const real = await sharedCookie(a);
  await a.close();
  const fp = real.value.slice(0, real.value.indexOf("."));
  const record = JSON.parse(decodeURIComponent(real.value.slice(fp.length + 1)));
  const later = new Date(Date.now() + 60_000).toISOString();
  const forgeries = [
    ["an extra field", JSON.stringify({ ...record, updated: later, admin: true })],
    ["a consent id that is not a UUID", JSON.stringify({ ...record, updated: later, id: "x" })],
    ["another revision", JSON.stringify({ ...record, updated: later, revision: 2 })],
    ["a decision in the future", JSON.stringify({ ...record, updated: new Date(Date.now() + 86_400_000).toISOString() })],
    ["not JSON", "{granted"],
  ];
  for (const [what, text] of forgeries) {
    for (const withChoice of [false, true]) {
      const v = await visitor();
      const page = v.page;
      if (withChoice) {
        // A rejection on the shop first; then the forged grant appears, newer.
        await view(v, SHOP, page);
        await button(banner(page), "Reject all").click();
        await v.changes(1, page);
      }
      await v.context.addCookies([
        { name: "consent-gate", value: `${fp}.${encodeURIComponent(text)}`, domain: ".example.co.uk", path: "/" },
      ]);
      const shop = await view(v, SHOP);
      await v.ready(shop);
      await shop.waitForLoadState("networkidle");
      assert.equal(await ran(shop), false, `${what}${withChoice ? " over a rejection" : ""}`);
      assert.equal(await shop.evaluate(() => window.ConsentGate.accepted("analytics")), false, what);
      assert.equal(await banner(shop).isVisible(), !withChoice, what);
      assert.deepEqual(v.google.filter((r) => r.type === "script"), [], what);
      await v.close();
    }
  }
  // Broken encoding.
  const v = await visitor();
  await v.context.addCookies([{ name: "consent-gate", value: `${fp}.%zz%7B`, domain: ".example.co.uk", path: "/" }]);
  const shop = await view(v, SHOP, v.page);
  await banner(shop).waitFor();
  assert.equal(await ran(shop), false);
  await v.close();
});

test("without consentDomain nothing is shared; nor for another config text", async () => {
  const { consentDomain, ...unshared } = SHARED;
  const v = await visitor(unshared);
  const www = await view(v, WWW, v.page);
  await button(banner(www), "Accept all").click();
  await v.changes(1, www);
  assert.equal(await sharedCookie(v), undefined);
  const shop = await view(v, SHOP);
  await banner(shop).waitFor();
  assert.equal(await ran(shop), false);
  await v.close();

  // Shared by www, but the shop's config text differs: the shop asks.
  const w = await visitor();
  await w.context.route(`http://${SHOP}:${env.port}/page.html`, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html; charset=utf-8",
      body: embedPage({ config: { ...SHARED, expiryDays: 100 }, inline: true, body: BODY }),
    }),
  );
  const page = await view(w, WWW, w.page);
  await button(banner(page), "Accept all").click();
  await w.changes(1, page);
  assert.ok(await sharedCookie(w));
  const other = await view(w, SHOP);
  await banner(other).waitFor();
  assert.equal(await ran(other), false);
  await w.close();
});

test("a consentDomain that is not a parent of the host, or a public suffix, is an error naming the field and shares nothing", async () => {
  for (const [host, consentDomain, why] of [
    [WWW, "example.com", /`consentDomain`: "example.com" is not this page's host \(www\.example\.co\.uk\) or a parent of it/],
    ["www.example.net.uk", "net.uk", /`consentDomain`: "net.uk" is a public suffix/],
  ]) {
    const v = await visitor({ ...SHARED, consentDomain });
    const page = await view(v, host, v.page);
    await button(banner(page), "Accept all").click();
    await v.changes(1, page);
    assert.ok(v.consoleErrors().some((e) => why.test(e)), v.consoleErrors().join("\n"));
    assert.equal(await sharedCookie(v), undefined, consentDomain);
    assert.equal(await ran(page), true, "the choice holds on this host");
    await v.close();
  }
});
