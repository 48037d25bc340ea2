// docs/recipes.md, end to end. Each vendor recipe's page is composed from the recipe's own
// markup and config (the first `html` and `json` block of its section in the doc, so the test
// checks what a site owner copies). The vendor's hosts are answered by stubs that record that
// they ran and what they were told, and set the vendor's first-party cookies on the
// registrable domain, as the real scripts do. The site runs at www.shop.example.test, so
// deleting those cookies means deleting them on a parent domain.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, Visitor, banner, preferences, button, reopen, embedPage } from "./harness.mjs";

const HOST = "www.shop.example.test";
const COOKIE_DOMAIN = "example.test";
/** The Open Cookie Database, as the repository ships it for `consent-gate scan`. */
const OCD = new URL("../../cli/data/open-cookie-database.csv", import.meta.url);

let env;
let site;
before(async () => {
  env = await launch({ args: [`--host-resolver-rules=MAP *.${COOKIE_DOMAIN} 127.0.0.1`] });
  site = { ...env, base: `http://${HOST}:${env.port}` };
});
after(() => env.close());

// ---------------------------------------------------------------------------------------------
// The doc: "## Title" sections and their fenced blocks.

const DOC = readFileSync(new URL("../../docs/recipes.md", import.meta.url), "utf8");

function sections(markdown) {
  const out = new Map();
  let current = null;
  let fence = null;
  for (const line of markdown.split("\n")) {
    if (fence) {
      if (line.startsWith("```")) {
        current?.blocks.push(fence);
        fence = null;
      } else fence.text += line + "\n";
    } else if (line.startsWith("```")) {
      fence = { lang: line.slice(3).trim(), text: "" };
    } else if (line.startsWith("## ")) {
      current = { blocks: [] };
      out.set(line.slice(3).trim(), current);
    }
  }
  return out;
}

const SECTIONS = sections(DOC);

/** A recipe as the doc gives it: its html blocks (the first is the markup) and its config. */
function recipe(title) {
  const section = SECTIONS.get(title);
  assert.ok(section, `docs/recipes.md has no section "## ${title}"`);
  const html = section.blocks.filter((b) => b.lang === "html").map((b) => b.text);
  const json = section.blocks.find((b) => b.lang === "json");
  assert.ok(html.length > 0, `"## ${title}" has no html block`);
  assert.ok(json, `"## ${title}" has no json block`);
  let config;
  try {
    config = JSON.parse(json.text);
  } catch (e) {
    assert.fail(`"## ${title}": the json block is not JSON: ${e.message}`);
  }
  return { html, config };
}

const NECESSARY = {
  required: true,
  title: "Strictly necessary",
  description: "Needed for the site to work, including remembering this choice.",
};

/** The site's config: its necessary category plus the recipes' fragments, merged by category. */
function siteConfig(...fragments) {
  const categories = { necessary: NECESSARY };
  for (const f of fragments) {
    for (const [id, c] of Object.entries(f.categories)) {
      categories[id] = categories[id]
        ? { ...categories[id], services: { ...categories[id].services, ...c.services } }
        : structuredClone(c);
    }
  }
  return { categories };
}

/** The title of the category that holds `service` (the name of its switch). */
function categoryOf(config, service) {
  for (const c of Object.values(config.categories)) if (c.services && service in c.services) return c.title;
  assert.fail(`no category of the recipe's config has the service "${service}"`);
}

// ---------------------------------------------------------------------------------------------
// Stubs: what the vendors' hosts answer.

/** A stub script: notes itself in window.__stubs, sets cookies and storage, runs `run`. */
function script(name, { cookies = [], storage = {}, run = "" } = {}) {
  const set = (c) => `document.cookie = ${JSON.stringify(`${c}; path=/; max-age=3600; domain=${COOKIE_DOMAIN}`)};`;
  return `(function () {
  var record = function (who, args) {
    (window.__calls = window.__calls || []).push([who].concat(JSON.parse(JSON.stringify([].slice.call(args)))));
  };
  var setCookie = function (c) { document.cookie = c + "; path=/; max-age=3600; domain=${COOKIE_DOMAIN}"; };
  window.__stubs = (window.__stubs || []).concat(${JSON.stringify(name)});
  ${cookies.map(set).join("\n  ")}
  ${Object.entries(storage)
    .map(([k, v]) => `localStorage.setItem(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
    .join("\n  ")}
  ${run}
})();`;
}

const html = (what) => ({ type: "text/html", body: `<!doctype html><title>${what}</title><p>${what}</p>` });
const js = (body) => ({ type: "text/javascript", body });

/** URL pattern -> answer (a function of the match). Every other outside request gets a 404. */
const STUBS = [
  [
    /^https:\/\/widget\.intercom\.io\/widget\/([^/?#]+)$/,
    ([, app]) =>
      js(
        script("intercom", {
          cookies: [`intercom-id-${app}=9f3c`, `intercom-session-${app}=s1`, `intercom-device-id-${app}=d1`],
          run: `record("intercomSettings", [window.intercomSettings && window.intercomSettings.app_id]);
  var queued = (window.Intercom && window.Intercom.q) || [];
  window.Intercom = function () { record("Intercom", arguments); };
  queued.forEach(function (a) { record("Intercom", a); });`,
        }),
      ),
  ],
  [
    /^https?:\/\/js(-[a-z0-9]+)?\.hs-scripts\.com\/(\w+)\.js$/,
    () =>
      js(
        script("hubspot", {
          cookies: ["__hstc=1.2.3", "hubspotutk=abc", "__hssc=1.1.1", "__hssrc=1"],
          run: `record("disableHubSpotCookieBanner", [window.disableHubSpotCookieBanner]);
  var queued = window._hsp || [];
  window._hsp = { push: function (a) { record("_hsp", a); } };
  queued.forEach(function (a) { record("_hsp", a); });`,
        }),
      ),
  ],
  [
    /^https:\/\/connect\.facebook\.net\/[A-Za-z_]+\/fbevents\.js$/,
    () =>
      js(
        script("meta-pixel", {
          cookies: ["_fbp=fb.1.1700000000000.123456789"],
          run: `var click = /[?&]fbclid=([^&]+)/.exec(location.search);
  if (click) setCookie("_fbc=fb.1.1700000000000." + click[1]);
  var queued = window.fbq.queue.slice();
  window.fbq.callMethod = function () { record("fbq", arguments); };
  queued.forEach(function (a) { record("fbq", a); });`,
        }),
      ),
  ],
  [
    /^https:\/\/static\.hotjar\.com\/c\/hotjar-(\d+)\.js\?sv=(\d+)$/,
    ([, site]) =>
      js(
        script("hotjar", {
          cookies: [`_hjSessionUser_${site}=eyJpZCI6IjEifQ==`, `_hjSession_${site}=eyJpZCI6IjIifQ==`, "_hjAbsoluteSessionInProgress=0"],
          storage: { _hjUserAttributes: "e30=", hjActiveViewportIds: '{"v1":1}' },
          run: `sessionStorage.setItem("hjViewportId", "v1");
  record("hj", [window._hjSettings.hjid, window._hjSettings.hjsv]);`,
        }),
      ),
  ],
  [
    /^https:\/\/snap\.licdn\.com\/li\.lms-analytics\/insight\.min\.js$/,
    () =>
      js(
        script("linkedin-insight", {
          cookies: ["ln_or=eyIxIjoiZCJ9"],
          run: `var click = /[?&]li_fat_id=([^&]+)/.exec(location.search);
  if (click) { setCookie("li_fat_id=" + click[1]); setCookie("li_giant=" + click[1]); }
  record("partners", window._linkedin_data_partner_ids || []);`,
        }),
      ),
  ],
  [
    /^https:\/\/www\.clarity\.ms\/tag\/([^/?#]+)$/,
    // Like a project that requires consent: cookies only once analytics_Storage is granted.
    () =>
      js(
        script("clarity", {
          run: `var queued = (window.clarity && window.clarity.q) || [];
  window.clarity = function (command, consent) {
    record("clarity", arguments);
    if (command !== "consentv2") return;
    if (consent.analytics_Storage === "granted") { setCookie("_clck=1abc"); setCookie("_clsk=2def"); }
    else { ["_clck", "_clsk"].forEach(function (n) { document.cookie = n + "=; path=/; max-age=0; domain=${COOKIE_DOMAIN}"; }); }
  };
  queued.forEach(function (a) { window.clarity.apply(null, a); });`,
        }),
      ),
  ],
  [
    /^https:\/\/analytics\.tiktok\.com\/i18n\/pixel\/events\.js\?sdkid=([^&]+)&lib=ttq$/,
    ([, pixel]) =>
      js(
        script("tiktok-pixel", {
          cookies: ["_ttp=2abcDEF", "_tt_enable_cookie=1", "ttcsid=1700000000000.1", `ttcsid_${pixel}=1700000000000.1`],
          run: `var ttq = window.ttq, queued = ttq.slice();
  ttq.methods.forEach(function (m) { ttq[m] = function () { record("ttq", [m].concat([].slice.call(arguments))); }; });
  queued.forEach(function (a) { record("ttq", a); });`,
        }),
      ),
  ],
  [/^https:\/\/www\.youtube-nocookie\.com\/embed\/[^/?#]+/, () => html("YouTube player")],
  [/^https:\/\/player\.vimeo\.com\/video\/[^/?#]+\?dnt=1&/, () => html("Vimeo player")],
  [/^https:\/\/player\.vimeo\.com\/api\/player\.js$/, () => js(script("vimeo-player-api"))],
  [/^https:\/\/www\.google\.com\/maps\/embed\?pb=/, () => html("Google map")],
  [/^https:\/\/maps\.googleapis\.com\/maps\/api\/js\?/, () => js(script("google-maps-api"))],
];

/**
 * A visitor on the example.test site. Every request that leaves the site is recorded in
 * `external` and answered by its stub (or a 404), so nothing reaches the internet.
 */
async function visitor(options) {
  const v = await Visitor.create(site, options);
  const external = [];
  await v.context.route(
    (u) => u.hostname !== HOST,
    (route) => {
      const request = route.request();
      const url = request.url();
      external.push({ url, type: request.resourceType() });
      for (const [pattern, answer] of STUBS) {
        const match = pattern.exec(url);
        if (match) {
          const { type, body } = answer(match);
          return route.fulfill({ status: 200, contentType: type, body });
        }
      }
      return route.fulfill({ status: 404, contentType: "text/plain", body: "not stubbed" });
    },
  );
  // The site is the local server; fetched through the route because Chromium refuses
  // loopback subresources to a page it did not see come from loopback.
  await v.context.route(
    (u) => u.host === `${HOST}:${env.port}`,
    async (route) =>
      route.fulfill({ response: await route.fetch({ url: route.request().url().replace(site.base, env.base) }) }),
  );
  return { v, external };
}

/** Serves `html` at `path` whatever the query (v.serve matches the exact URL). */
async function serve(v, path, html) {
  await v.context.route(
    (u) => u.host === `${HOST}:${env.port}` && u.pathname === path,
    (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
  );
}

/** Closes the visitor, letting requests still in flight through the routes fail quietly. */
async function close(v) {
  await v.context.unrouteAll({ behavior: "ignoreErrors" });
  await v.close();
}

// ---------------------------------------------------------------------------------------------
// What each recipe must do. `hosts`: every host of the vendor (nothing may go there before
// consent). `stub`: the name its stub script notes (or `frame`: the embed URL it loads).
// `cookies`: the first-party cookies its stub sets, which withdrawal must delete. `calls`: what
// the snippet tells the vendor. `revoked`: the call the recipe's listener makes when consent
// ends in another tab; `regranted`: the one it makes there when consent is given again.

const RECIPES = [
  {
    title: "Intercom",
    service: "intercom",
    hosts: /^https?:\/\/([a-z0-9-]+\.)*(intercom\.io|intercomcdn\.com|intercomassets\.com)\//,
    stub: "intercom",
    cookies: ["intercom-device-id-YOUR_APP_ID", "intercom-id-YOUR_APP_ID", "intercom-session-YOUR_APP_ID"],
    calls: [["intercomSettings", "YOUR_APP_ID"]],
    revoked: ["Intercom", "shutdown"],
  },
  {
    title: "HubSpot",
    service: "hubspot",
    hosts: /^https?:\/\/([a-z0-9-]+\.)*(hs-scripts\.com|hs-analytics\.net|hs-banner\.com|hscollectedforms\.net|usemessages\.com|hubspot\.com|hsforms\.(com|net)|hsadspixel\.net|hubapi\.com)\//,
    stub: "hubspot",
    cookies: ["__hssc", "__hssrc", "__hstc", "hubspotutk"],
    calls: [
      ["disableHubSpotCookieBanner", true],
      ["_hsp", "setHubSpotConsent", { analytics: true, advertisement: true, functionality: true }],
    ],
    revoked: ["_hsp", "setHubSpotConsent", { analytics: false, advertisement: false, functionality: false }],
    regranted: ["_hsp", "setHubSpotConsent", { analytics: true, advertisement: true, functionality: true }],
  },
  {
    title: "Meta Pixel",
    service: "meta-pixel",
    query: "?fbclid=IwAR0test", // arriving from an ad, so the pixel sets _fbc too
    hosts: /^https?:\/\/([a-z0-9-]+\.)*(facebook\.net|facebook\.com)\//,
    stub: "meta-pixel",
    cookies: ["_fbc", "_fbp"],
    calls: [
      ["fbq", "init", "YOUR_PIXEL_ID"],
      ["fbq", "track", "PageView"],
    ],
    revoked: ["fbq", "consent", "revoke"],
    regranted: ["fbq", "consent", "grant"],
  },
  {
    title: "Hotjar",
    service: "hotjar",
    hosts: /^https?:\/\/([a-z0-9-]+\.)*(hotjar\.com|hotjar\.io)\//,
    stub: "hotjar",
    cookies: ["_hjAbsoluteSessionInProgress", "_hjSessionUser_1234567", "_hjSession_1234567"],
    storage: ["_hjUserAttributes", "hjActiveViewportIds"],
    calls: [["hj", 1234567, 6]],
    reloadsOtherTabs: true, // the recipe's optional second block
  },
  {
    title: "LinkedIn Insight Tag",
    service: "linkedin-insight",
    query: "?li_fat_id=0a1b2c3d", // arriving from an ad
    hosts: /^https?:\/\/([a-z0-9-]+\.)*(licdn\.com|linkedin\.com)\//,
    stub: "linkedin-insight",
    cookies: ["li_fat_id", "li_giant", "ln_or"],
    calls: [["partners", "YOUR_PARTNER_ID"]],
  },
  {
    title: "Microsoft Clarity",
    service: "clarity",
    hosts: /^https?:\/\/([a-z0-9-]+\.)*(clarity\.ms|bing\.com)\//,
    stub: "clarity",
    cookies: ["_clck", "_clsk"],
    calls: [["clarity", "consentv2", { ad_Storage: "denied", analytics_Storage: "granted" }]],
    revoked: ["clarity", "consentv2", { ad_Storage: "denied", analytics_Storage: "denied" }],
    regranted: ["clarity", "consentv2", { ad_Storage: "denied", analytics_Storage: "granted" }],
  },
  {
    title: "TikTok Pixel",
    service: "tiktok-pixel",
    hosts: /^https?:\/\/([a-z0-9-]+\.)*(tiktok\.com|tiktokw\.us|byteoversea\.com)\//,
    stub: "tiktok-pixel",
    cookies: ["_tt_enable_cookie", "_ttp", "ttcsid", "ttcsid_YOUR_PIXEL_ID"],
    calls: [["ttq", "page"]],
    revoked: ["ttq", "revokeConsent"],
    regranted: ["ttq", "grantConsent"],
  },
  {
    title: "YouTube",
    service: "youtube",
    hosts: /^https?:\/\/([a-z0-9-]+\.)*(youtube\.com|youtube-nocookie\.com|ytimg\.com|googlevideo\.com)\//,
    frame: "https://www.youtube-nocookie.com/embed/YOUR_VIDEO_ID",
    placeholder: ".consent-placeholder",
  },
  {
    title: "Vimeo",
    service: "vimeo",
    hosts: /^https?:\/\/([a-z0-9-]+\.)*(vimeo\.com|vimeocdn\.com)\//,
    frame: "https://player.vimeo.com/video/YOUR_VIDEO_ID?dnt=1&badge=0&autopause=0&player_id=0&app_id=58479",
    stub: "vimeo-player-api",
  },
  {
    title: "Google Maps",
    service: "google-maps",
    hosts: /^https?:\/\/(www\.google\.com\/maps|maps\.googleapis\.com\/|maps\.gstatic\.com\/)/,
    frame: "https://www.google.com/maps/embed?pb=YOUR_EMBED_PARAMETERS",
  },
];

const slug = (title) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** Serves a page with the recipe's markup (all html blocks up to `blocks`) and its config. */
async function serveRecipe(v, r, { blocks = 1 } = {}) {
  const { html, config } = recipe(r.title);
  const path = `/t/recipe-${slug(r.title)}.html`;
  await serve(v, path, embedPage({ config: siteConfig(config), inline: true, body: html.slice(0, blocks).join("\n") }));
  return { path: path + (r.query ?? ""), config };
}

const vendorRequests = (external, r) => external.filter((e) => r.hosts.test(e.url)).map((e) => e.url);

async function vendorCookies(v, r) {
  const names = new Set(r.cookies ?? []);
  return (await v.context.cookies()).filter((c) => names.has(c.name)).map((c) => `${c.name}@${c.domain}`).sort();
}

/** data-consent-state of every marked element of the page. */
const states = (page) =>
  page.evaluate(() => [...document.querySelectorAll("[data-consent], [data-category]")].map((e) => e.getAttribute("data-consent-state")));

const calls = (page) => page.evaluate(() => window.__calls || []);

/** Sorts object keys so calls compare whatever order the recipe writes them in. */
const canon = (x) =>
  JSON.stringify(x, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

/** Resolves once `page` recorded `call` (at index `from` or later); fails naming what it did record. */
async function recorded(page, call, what, from = 0) {
  try {
    await page.waitForFunction(
      ([expected, from]) => {
        const canon = (x) =>
          JSON.stringify(x, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
        return (window.__calls || []).slice(from).some((c) => canon(c) === expected);
      },
      [canon(call), from],
      { timeout: 5_000 },
    );
  } catch {
    assert.fail(`${what}: expected the call ${JSON.stringify(call)}; recorded ${JSON.stringify((await calls(page)).slice(from))}`);
  }
}

/** Resolves once the recipe's vendor code ran on `page` (its stub noted itself, its frame loaded). */
async function ran(page, r) {
  if (r.stub) await page.waitForFunction((name) => (window.__stubs || []).includes(name), r.stub);
  if (r.frame) await page.waitForFunction((src) => [...document.querySelectorAll("iframe")].some((f) => f.src === src), r.frame);
}

const consentGateErrors = (v) => v.consoleErrors().filter((t) => t.startsWith("ConsentGate"));

// ---------------------------------------------------------------------------------------------

RECIPES.forEach((r, i) => {
  test(`${r.title}: nothing reaches the vendor before a choice, the snippet runs after Accept all, withdrawal deletes its cookies`, async () => {
    const { v, external } = await visitor();
    const { path, config } = await serveRecipe(v, r);
    await v.goto(path);
    await v.ready();
    await banner(v.page).waitFor();

    // (1) Before any choice: every marked element waits, nothing went to the vendor.
    const before = await states(v.page);
    assert.ok(before.length > 0, "the recipe's markup has marked elements");
    assert.deepEqual(
      before,
      before.map(() => "waiting"),
      'every marked element waits ("invalid": it names an unknown category or service; null: ConsentGate does not see it, e.g. no type="text/plain", or src instead of data-src)',
    );
    assert.deepEqual(vendorRequests(external, r), [], "no request to the vendor before a choice");
    assert.deepEqual(await vendorCookies(v, r), [], "no vendor cookie before a choice");
    if (r.placeholder) assert.equal(await v.page.locator(r.placeholder).isVisible(), true, "the placeholder shows");
    assert.deepEqual(consentGateErrors(v), [], "ConsentGate accepts the recipe's config and markup");

    // (2) Accept all: the snippet runs, is told what the recipe says, sets its cookies.
    await button(banner(v.page), "Accept all").click();
    await ran(v.page, r);
    assert.ok(vendorRequests(external, r).length > 0, "the vendor was requested");
    if (r.frame) assert.ok(vendorRequests(external, r).includes(r.frame), `the embed ${r.frame} loaded`);
    for (const call of r.calls ?? []) await recorded(v.page, call, "after Accept all");
    if (r.cookies) {
      const expected = r.cookies.map((n) => `${n}@.${COOKIE_DOMAIN}`).sort();
      assert.deepEqual(await vendorCookies(v, r), expected, "the stub set the vendor's cookies");
    }
    for (const key of r.storage ?? []) {
      assert.notEqual(await v.page.evaluate((k) => localStorage.getItem(k), key), null, `localStorage ${key} was set`);
    }
    if (r.placeholder) assert.equal(await v.page.locator(r.placeholder).isVisible(), false, "the placeholder hides");

    // A returning visitor: the snippet runs at once, without a banner and without errors.
    await v.page.reload();
    await v.ready();
    await ran(v.page, r);
    assert.equal(await banner(v.page).isVisible(), false);

    // (3) Withdraw: reopen the preferences (the API or the floating control, in turn), switch
    // the recipe's category off, save. The page reloads, since the snippet ran.
    if (i % 2 === 0) await v.page.evaluate(() => window.ConsentGate.showPreferences());
    else await reopen(v.page).click();
    const dialog = preferences(v.page);
    await dialog.getByRole("switch", { name: categoryOf(config, r.service), exact: true }).uncheck();
    const reloaded = v.page.waitForEvent("load");
    await button(dialog, "Save preferences").click();
    await reloaded;
    await v.ready();
    assert.deepEqual(await vendorCookies(v, r), [], "withdrawal deleted the vendor's cookies on the parent domain");
    for (const key of r.storage ?? []) {
      assert.equal(await v.page.evaluate((k) => localStorage.getItem(k), key), null, `withdrawal removed localStorage ${key}`);
    }
    const after = await states(v.page);
    assert.deepEqual(after, after.map(() => "waiting"), "after withdrawal every marked element waits again");
    assert.equal(await v.page.evaluate(() => window.__stubs || null), null, "the vendor's code did not run again");
    if (r.frame) assert.equal(await v.page.evaluate(() => document.querySelector("iframe").getAttribute("src")), null);
    assert.deepEqual(v.errors, [], "no script error on any page view");
    assert.deepEqual(consentGateErrors(v), []);
    await close(v);
  });
});

for (const r of RECIPES.filter((r) => r.revoked || r.reloadsOtherTabs)) {
  const how = r.revoked
    ? `the recipe's listener calls ${JSON.stringify(r.revoked.slice(1))} there` +
      (r.regranted ? `, and ${JSON.stringify(r.regranted.slice(1))} when consent returns` : "")
    : "the recipe's optional listener reloads it";
  test(`${r.title}: when consent ends in another tab, ${how}`, async () => {
    const { v } = await visitor();
    const { path } = await serveRecipe(v, r, { blocks: r.reloadsOtherTabs ? 2 : 1 });
    const a = v.page;
    const b = await v.newPage();
    await v.goto(path, a);
    await v.goto(path, b);
    await v.ready(a);
    await v.ready(b);
    await b.evaluate(() => (window.__sameDocument = true));
    await button(banner(a), "Accept all").click();
    await ran(a, r); // before the withdrawal: a vendor script still loading would set its cookies after it
    await ran(b, r); // the decision reached B without a reload, and started the snippet there

    const aReloaded = a.waitForEvent("load");
    const bReloaded = r.reloadsOtherTabs && b.waitForEvent("load");
    await a.evaluate(() => window.ConsentGate.rejectAll());
    await aReloaded;
    if (r.revoked) {
      await recorded(b, r.revoked, "in the other tab, after the withdrawal");
      assert.equal(await b.evaluate(() => window.__sameDocument), true, "ConsentGate itself never reloads another tab");
      assert.deepEqual(await vendorCookies(v, r), [], "the cookies are gone");
      if (r.regranted) {
        const from = (await calls(b)).length;
        await v.ready(a);
        await a.evaluate(() => window.ConsentGate.acceptAll());
        await recorded(b, r.regranted, "in the other tab, after consent was given again", from);
      }
    } else {
      await bReloaded;
      await v.ready(b);
      assert.equal(await b.evaluate(() => window.__stubs || null), null, "after its reload the vendor's code is gone");
      assert.deepEqual(await vendorCookies(v, r), [], "the cookies are gone");
    }
    assert.deepEqual(v.errors, []);
    await close(v);
  });
}

test('Meta Pixel with "reloadOnWithdraw": false: withdrawing keeps the page, the listener revokes, the cookies go', async () => {
  const r = RECIPES.find((r) => r.title === "Meta Pixel");
  const { v } = await visitor();
  const path = "/t/recipe-noreload.html";
  const { html, config } = recipe(r.title);
  await serve(v, path, embedPage({ config: { ...siteConfig(config), reloadOnWithdraw: false }, inline: true, body: html[0] }));
  await v.goto(path + r.query);
  await button(banner(v.page), "Accept all").click();
  await ran(v.page, r);
  await v.page.evaluate(() => (window.__sameDocument = true));
  await reopen(v.page).click();
  await preferences(v.page).getByRole("switch", { name: "Marketing", exact: true }).uncheck();
  await button(preferences(v.page), "Save preferences").click();
  await v.changes(2);
  await recorded(v.page, r.revoked, "after the withdrawal");
  assert.equal(await v.page.evaluate(() => window.__sameDocument), true, "no reload");
  assert.deepEqual(await vendorCookies(v, r), []);
  assert.deepEqual(v.errors, []);
  await close(v);
});

test("with Global Privacy Control, Accept all loads the videos and maps embeds but not the marketing YouTube embed", async () => {
  const gpc = () =>
    Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { configurable: true, get: () => true });
  // Tall, so the lazy map is in view.
  const { v, external } = await visitor({ initScripts: [gpc], viewport: { width: 1280, height: 2400 } });
  const [youtube, vimeo, maps] = ["YouTube", "Vimeo", "Google Maps"].map(recipe);
  const config = siteConfig(youtube.config, vimeo.config, maps.config);
  await serve(v, "/t/recipe-gpc.html", embedPage({ config, inline: true, body: [youtube, vimeo, maps].map((x) => x.html[0]).join("\n") }));
  await v.goto("/t/recipe-gpc.html");
  await button(banner(v.page), "Accept all").click();
  for (const r of RECIPES.filter((r) => r.title === "Vimeo" || r.title === "Google Maps")) await ran(v.page, r);
  const record = await v.stored();
  assert.equal(record.categories.marketing, false, "GPC keeps marketing denied");
  assert.equal(record.categories.videos, true);
  assert.equal(record.categories.maps, true);
  const yt = RECIPES.find((r) => r.title === "YouTube");
  assert.deepEqual(vendorRequests(external, yt), [], "the marketing embed stays blocked");
  assert.equal(await v.page.locator(yt.placeholder).isVisible(), true, "and its placeholder shows");
  await close(v);
});

test("all ten recipes merged on one page: Accept all runs every vendor, Reject all clears every cookie", async () => {
  const { v } = await visitor({ viewport: { width: 1280, height: 4000 } }); // the lazy map in view
  const all = RECIPES.map((r) => recipe(r.title));
  const config = siteConfig(...all.map((x) => x.config));
  await serve(v, "/t/recipe-all.html", embedPage({ config, inline: true, body: all.map((x) => x.html[0]).join("\n") }));
  await v.goto("/t/recipe-all.html?fbclid=IwAR0test&li_fat_id=0a1b2c3d");
  await v.ready();
  assert.deepEqual(consentGateErrors(v), [], "the merged config and markup are valid");
  await button(banner(v.page), "Accept all").click();
  for (const r of RECIPES) await ran(v.page, r);
  // With a granted marketing category on the page, Clarity's ad_Storage follows it.
  const clarityHere = ["clarity", "consentv2", { ad_Storage: "granted", analytics_Storage: "granted" }];
  for (const r of RECIPES) {
    for (const call of r.title === "Microsoft Clarity" ? [clarityHere] : (r.calls ?? [])) await recorded(v.page, call, r.title);
  }
  const names = RECIPES.flatMap((r) => r.cookies ?? []);
  const set = (await v.context.cookies()).map((c) => c.name);
  assert.deepEqual(names.filter((n) => !set.includes(n)), [], "every vendor set its cookies");
  await reopen(v.page).click();
  const reloaded = v.page.waitForEvent("load");
  await button(preferences(v.page), "Reject all").click();
  await reloaded;
  await v.ready();
  const left = (await v.context.cookies()).map((c) => c.name);
  assert.deepEqual(names.filter((n) => left.includes(n)), [], "Reject all deleted every declared cookie");
  const storage = RECIPES.flatMap((r) => r.storage ?? []);
  assert.deepEqual(await v.page.evaluate((keys) => keys.filter((k) => localStorage.getItem(k) !== null), storage), []);
  assert.deepEqual(v.errors, [], "no script error with every recipe on one page");
  await close(v);
});

test("with JavaScript off, no markup in docs/recipes.md reaches any vendor", async () => {
  const { v, external } = await visitor({ javaScriptEnabled: false });
  const markup = [...SECTIONS.values()].flatMap((s) => s.blocks.filter((b) => b.lang === "html").map((b) => b.text));
  assert.ok(markup.length >= RECIPES.length);
  await serve(v, "/t/recipe-nojs.html", embedPage({ config: siteConfig(...RECIPES.map((r) => recipe(r.title).config)), inline: true, body: markup.join("\n") }));
  await v.goto("/t/recipe-nojs.html");
  assert.deepEqual(external, []);
  await close(v);
});

test("the recipes' configs merge: a category recurs with the same title and description", () => {
  const seen = new Map();
  for (const r of RECIPES) {
    for (const [id, c] of Object.entries(recipe(r.title).config.categories)) {
      const text = { title: c.title, description: c.description, gpc: c.gpc };
      if (seen.has(id)) assert.deepEqual(text, seen.get(id), `category "${id}" in "## ${r.title}"`);
      else seen.set(id, text);
      assert.ok(c.services && r.service in c.services, `"## ${r.title}" declares the service "${r.service}" in its config`);
    }
  }
});

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines). */
function csv(text) {
  const rows = [[]];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") rows.at(-1).push(field), (field = "");
    else if (ch === "\n") rows.at(-1).push(field.replace(/\r$/, "")), (field = ""), rows.push([]);
    else field += ch;
  }
  if (field) rows.at(-1).push(field);
  return rows;
}

test("every cookie the recipes declare is in the Open Cookie Database", () => {
  const [header, ...rows] = csv(readFileSync(OCD, "utf8"));
  const [name, wildcard] = ["Cookie / Data Key name", "Wildcard match"].map((h) => header.indexOf(h));
  const entries = rows.filter((row) => row.length > wildcard).map((row) => ({ name: row[name], prefix: row[wildcard] === "1" }));
  const known = (declared) => {
    if (declared.startsWith("^")) {
      const prefix = declared.slice(1);
      return entries.some((e) => e.name.startsWith(prefix) || (e.prefix && prefix.startsWith(e.name)));
    }
    return entries.some((e) => e.name === declared || (e.prefix && declared.startsWith(e.name)));
  };
  for (const r of RECIPES) {
    for (const c of Object.values(recipe(r.title).config.categories)) {
      for (const s of Object.values(c.services)) {
        for (const cookie of s.cookies ?? []) {
          assert.ok(known(cookie.name), `"## ${r.title}": ${cookie.name} is not in the Open Cookie Database`);
          assert.ok(cookie.lifetime && cookie.description, `"## ${r.title}": ${cookie.name} has a lifetime and a description`);
        }
      }
    }
  }
});
