// The shared harness of the recipe tests (recipes*.test.mjs; this file is not a test):
// docs/recipes.md read into recipes (the first `html` and `json` block of each "## Title"
// section, so the tests check what a site owner copies), the site's config merged from them,
// a visitor whose outside requests go to the vendors' stubs (recipes-stubs.mjs), pages served
// with a recipe's markup, what each recipe must do (RECIPES), and the checks on cookies,
// calls and marked elements. The site runs at www.shop.example.test, so deleting the vendors'
// cookies means deleting them on a parent domain.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, Visitor, embedPage } from "./harness.mjs";
import { COOKIE_DOMAIN, STUBS } from "./recipes-stubs.mjs";

export { COOKIE_DOMAIN };

export const HOST = "www.shop.example.test";

let env;
let site;

/** Registers the test file's hooks: one Chromium for the file, which resolves every host of
 *  COOKIE_DOMAIN to the local server. */
export function useSite() {
  before(async () => {
    env = await launch({ args: [`--host-resolver-rules=MAP *.${COOKIE_DOMAIN} 127.0.0.1`] });
    site = { ...env, base: `http://${HOST}:${env.port}` };
  });
  after(() => env.close());
}

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

export const SECTIONS = sections(DOC);

/** A recipe as the doc gives it: its html blocks (the first is the markup) and its config. */
export function recipe(title) {
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
export function siteConfig(...fragments) {
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
export function categoryOf(config, service) {
  for (const c of Object.values(config.categories)) if (c.services && service in c.services) return c.title;
  assert.fail(`no category of the recipe's config has the service "${service}"`);
}

// ---------------------------------------------------------------------------------------------
// The visitor and the pages.

/**
 * A visitor on the example.test site. Every request that leaves the site is recorded in
 * `external` and answered by its stub (or a 404), so nothing reaches the internet.
 */
export async function visitor(options) {
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
export async function serve(v, path, html) {
  await v.context.route(
    (u) => u.host === `${HOST}:${env.port}` && u.pathname === path,
    (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
  );
}

/** Closes the visitor, letting requests still in flight through the routes fail quietly. */
export async function close(v) {
  await v.context.unrouteAll({ behavior: "ignoreErrors" });
  await v.close();
}

// ---------------------------------------------------------------------------------------------
// What each recipe must do. `hosts`: every host of the vendor (nothing may go there before
// consent). `stub`: the name its stub script notes (or `frame`: the embed URL it loads).
// `cookies`: the first-party cookies its stub sets, which withdrawal must delete. `calls`: what
// the snippet tells the vendor. `revoked`: the call the recipe's listener makes when consent
// ends in another tab; `regranted`: the one it makes there when consent is given again.

export const RECIPES = [
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
export async function serveRecipe(v, r, { blocks = 1 } = {}) {
  const { html, config } = recipe(r.title);
  const path = `/t/recipe-${slug(r.title)}.html`;
  await serve(v, path, embedPage({ config: siteConfig(config), inline: true, body: html.slice(0, blocks).join("\n") }));
  return { path: path + (r.query ?? ""), config };
}

export const vendorRequests = (external, r) => external.filter((e) => r.hosts.test(e.url)).map((e) => e.url);

export async function vendorCookies(v, r) {
  const names = new Set(r.cookies ?? []);
  return (await v.context.cookies()).filter((c) => names.has(c.name)).map((c) => `${c.name}@${c.domain}`).sort();
}

/** data-consent-state of every marked element of the page. */
export const states = (page) =>
  page.evaluate(() => [...document.querySelectorAll("[data-consent], [data-category]")].map((e) => e.getAttribute("data-consent-state")));

export const calls = (page) => page.evaluate(() => window.__calls || []);

/** Sorts object keys so calls compare whatever order the recipe writes them in. */
const canon = (x) =>
  JSON.stringify(x, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

/** Resolves once `page` recorded `call` (at index `from` or later); fails naming what it did record. */
export async function recorded(page, call, what, from = 0) {
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
export async function ran(page, r) {
  if (r.stub) await page.waitForFunction((name) => (window.__stubs || []).includes(name), r.stub);
  if (r.frame) await page.waitForFunction((src) => [...document.querySelectorAll("iframe")].some((f) => f.src === src), r.frame);
}

export const consentGateErrors = (v) => v.consoleErrors().filter((t) => t.startsWith("ConsentGate"));
