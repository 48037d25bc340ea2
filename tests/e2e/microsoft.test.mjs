// Microsoft's consent signals (issue 19): with `microsoft.uetId` and `microsoft.clarityId`,
// UET's consent mode (window.uetq) and Clarity's consentv2 (window.clarity), and their tags,
// loaded only once consent grants them. bat.bing.com and www.clarity.ms are stubbed: each
// request is recorded with what the page's queues held when it was made, and the stub tags
// record what they were handed when they ran.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, preferences, button, reopen, embedPage, DEMO_CONFIG, consentGateFiles } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const MICROSOFT = /^https?:\/\/([a-z0-9-]+\.)*(bing\.com|clarity\.ms)\//;
const CONFIG = { ...DEMO_CONFIG, microsoft: { uetId: "343012345", clarityId: "abcde12345" } };
const PAGE = "/t/microsoft.html";
const GPC = () =>
  Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { configurable: true, get: () => true });

// bat.js: UET's constructor takes the queue (o.q) the page built before it, as the real one.
const BAT = `window.UET = function (o) {
  window.__uet = { ti: o.ti, spa: o.enableAutoSpaTracking, queue: JSON.parse(JSON.stringify(o.q)), pushed: [] };
  this.push = function () { window.__uet.pushed.push(JSON.parse(JSON.stringify([].slice.call(arguments)))); };
};`;
// Clarity's tag: takes over window.clarity and replays the queue its snippet kept.
const CLARITY = `(function () {
  var queued = (window.clarity && window.clarity.q) || [];
  window.__clarity = { queued: queued.map(function (a) { return JSON.parse(JSON.stringify([].slice.call(a))); }), calls: [] };
  window.clarity = function () { window.__clarity.calls.push(JSON.parse(JSON.stringify([].slice.call(arguments)))); };
})();`;

// Runs in the page: what the queues hold now.
function queues() {
  const q = window.uetq;
  const clarity = window.clarity && window.clarity.q;
  return {
    uetq: Array.isArray(q) ? JSON.parse(JSON.stringify(q)) : null,
    clarity: clarity ? clarity.map((a) => JSON.parse(JSON.stringify([].slice.call(a)))) : null,
  };
}

/** A visitor on the page with Microsoft's tags; `v.microsoft` records the requests. */
async function visitor(options = {}) {
  const v = await Visitor.create(env, options);
  v.microsoft = [];
  await v.context.route(
    (url) => MICROSOFT.test(url.href),
    async (route) => {
      const request = route.request();
      const entry = { url: request.url(), queues: null };
      v.microsoft.push(entry);
      try {
        entry.queues = await request.frame().evaluate(queues);
      } catch {
        entry.queues = "unreadable";
      }
      const body = /bat\.bing\.com\/bat\.js$/.test(entry.url) ? BAT : /www\.clarity\.ms\/tag\//.test(entry.url) ? CLARITY : "";
      return route.fulfill({ status: 200, contentType: "text/javascript", body });
    },
  );
  await v.serve(PAGE, embedPage({ config: CONFIG, inline: true }));
  return v;
}

const uet = (kind, ad) => ["consent", kind, { ad_storage: ad }];
const clarity = (ad, analytics) => ["consentv2", { ad_Storage: ad, analytics_Storage: analytics }];

/** Resolves once both stub tags have run on `page`. */
const tagsRan = (page) => page.waitForFunction(() => window.__uet && window.__clarity);

test("MS1: before any choice nothing is requested from Microsoft; UET's queue holds the denied default", async () => {
  const v = await visitor();
  await v.goto(PAGE);
  await v.ready();
  await banner(v.page).waitFor();
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.microsoft, []);
  assert.deepEqual(await v.page.evaluate(queues), { uetq: uet("default", "denied"), clarity: null });
  assert.equal(await v.page.locator("script[src*='bing.com'], script[src*='clarity.ms']").count(), 0);
  await v.close();
});

test("MS2: Accept all: the default, then the granted update, are queued before UET's tag runs; Clarity hears consentv2 before its tag", async () => {
  const v = await visitor();
  await v.goto(PAGE);
  await button(banner(v.page), "Accept all").click();
  await tagsRan(v.page);
  const bat = v.microsoft.find((r) => r.url === "https://bat.bing.com/bat.js");
  assert.deepEqual(bat.queues.uetq, [...uet("default", "denied"), ...uet("update", "granted")], "queued when bat.js was requested");
  const tag = v.microsoft.find((r) => r.url === "https://www.clarity.ms/tag/abcde12345");
  assert.deepEqual(tag.queues.clarity, [clarity("granted", "granted")], "queued when Clarity's tag was requested");
  assert.equal(v.microsoft.length, 2);
  const ran = await v.page.evaluate(() => ({ uet: window.__uet, clarity: window.__clarity }));
  assert.deepEqual(ran.uet, {
    ti: "343012345",
    spa: true,
    queue: [...uet("default", "denied"), ...uet("update", "granted")],
    pushed: [["pageLoad"]],
  });
  assert.deepEqual(ran.clarity.queued, [clarity("granted", "granted")]);
  await v.close();
});

test("MS3: Reject all: the denied update reaches UET's queue and Clarity's, and neither tag is requested", async () => {
  const v = await visitor();
  await v.goto(PAGE);
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.microsoft, []);
  assert.deepEqual(await v.page.evaluate(queues), {
    uetq: [...uet("default", "denied"), ...uet("update", "denied")],
    clarity: [clarity("denied", "denied")],
  });
  await v.close();
});

test("MS4: analytics only loads Clarity with ad_Storage denied, and not UET", async () => {
  const v = await visitor();
  await v.goto(PAGE);
  await button(banner(v.page), "Manage preferences").click();
  const dialog = preferences(v.page);
  await dialog.getByRole("switch", { name: "Analytics" }).check();
  await button(dialog, "Save preferences").click();
  await v.page.waitForFunction(() => window.__clarity);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.microsoft.map((r) => r.url), ["https://www.clarity.ms/tag/abcde12345"]);
  assert.deepEqual(await v.page.evaluate(() => window.__clarity.queued), [clarity("denied", "granted")]);
  assert.deepEqual(await v.page.evaluate(() => window.uetq), [...uet("default", "denied"), ...uet("update", "denied")]);
  await v.close();
});

test("MS5: a returning visitor's plan (no wasm) queues UET's default and update before its tag, and Clarity's consentv2 before its", async () => {
  const v = await visitor();
  await v.goto(PAGE);
  await button(banner(v.page), "Accept all").click();
  await tagsRan(v.page);
  v.microsoft.length = 0;
  const next = await v.newPage();
  const files = consentGateFiles(next);
  await v.goto(PAGE, next);
  await v.ready(next);
  await tagsRan(next);
  assert.deepEqual(files, ["consent-gate.js"], "the bootstrap alone carried the plan out");
  const bat = v.microsoft.find((r) => r.url === "https://bat.bing.com/bat.js");
  assert.deepEqual(bat.queues.uetq, [...uet("default", "denied"), ...uet("update", "granted")]);
  assert.deepEqual(await next.evaluate(() => window.__uet.queue), [...uet("default", "denied"), ...uet("update", "granted")]);
  assert.deepEqual(await next.evaluate(() => window.__clarity.queued), [clarity("granted", "granted")]);
  assert.equal(v.microsoft.length, 2);
  await v.close();
});

test("MS6: with Global Privacy Control, Accept all keeps ad_storage denied: no UET tag, Clarity with ad_Storage denied", async () => {
  const v = await visitor({ initScripts: [GPC] });
  await v.goto(PAGE);
  await button(banner(v.page), "Accept all").click();
  await v.page.waitForFunction(() => window.__clarity);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.microsoft.map((r) => r.url), ["https://www.clarity.ms/tag/abcde12345"]);
  assert.deepEqual(await v.page.evaluate(() => window.uetq), [...uet("default", "denied"), ...uet("update", "denied")]);
  assert.deepEqual(await v.page.evaluate(() => window.__clarity.queued), [clarity("denied", "granted")]);
  // The returning visit (the plan, made with the signal) says the same.
  const next = await v.newPage();
  await v.goto(PAGE, next);
  await v.ready(next);
  await next.waitForFunction(() => window.__clarity);
  assert.deepEqual(await next.evaluate(() => window.uetq), [...uet("default", "denied"), ...uet("update", "denied")]);
  assert.ok(!v.microsoft.some((r) => r.url.includes("bat.bing.com")));
  await v.close();
});

test("MS7: withdrawing in one tab sends the denied update to UET and Clarity in another open tab", async () => {
  const v = await visitor();
  await v.goto(PAGE);
  await button(banner(v.page), "Accept all").click();
  await tagsRan(v.page);
  const other = await v.newPage();
  await v.goto(PAGE, other);
  await v.ready(other);
  await tagsRan(other);
  await reopen(v.page).click();
  const dialog = preferences(v.page);
  await dialog.getByRole("switch", { name: "Analytics" }).uncheck();
  await dialog.getByRole("switch", { name: "Marketing" }).uncheck();
  await button(dialog, "Save preferences").click();
  await v.changes(1, other);
  await other.waitForFunction(() => window.__uet.pushed.length > 1 && window.__clarity.calls.length > 0);
  assert.deepEqual(await other.evaluate(() => window.__uet.pushed), [["pageLoad"], uet("update", "denied")]);
  assert.deepEqual(await other.evaluate(() => window.__clarity.calls), [clarity("denied", "denied")]);
  await v.close();
});

test("MS8: a malformed UET tag ID is refused naming microsoft.uetId, and nothing loads", async () => {
  const v = await visitor();
  const config = { ...CONFIG, microsoft: { uetId: "343-012" } };
  await v.serve("/t/bad-uet.html", embedPage({ config, inline: true }));
  const logged = v.page.waitForEvent("console", {
    predicate: (m) => m.type() === "error" && m.text().startsWith("ConsentGate:"),
  });
  await v.goto("/t/bad-uet.html");
  assert.match((await logged).text(), /config field `microsoft\.uetId`: "343-012" is not a UET tag ID/);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.microsoft, []);
  assert.equal(await v.page.evaluate(() => window.uetq), undefined);
  await v.close();
});
