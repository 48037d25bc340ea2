// The built-in embed placeholders (contextual consent, issue 19): a marked iframe that may not
// load yet shows, in its own box of the iframe's size, the service's name, why, "Load once",
// "Always allow <service>" and the preferences. On a first visit (the full build draws them
// through the bootstrap) and a returning one (the bootstrap alone, from the plan).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, axe, banner, preferences, button, consentGateFiles, embedPage, texts, DEMO_CONFIG } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const MAP = /^https:\/\/map\.example\.net\//;
/** The demo config, with a map service beside YouTube. */
function config(extra = {}) {
  const c = structuredClone(DEMO_CONFIG);
  c.categories.marketing.services.maps = { title: "Street Map", description: "Shows where the shop is.", provider: "Map Example Ltd." };
  return { ...c, ...extra };
}
const BODY = `<style>.map { width: 400px; height: 300px; border: 0; display: block; }</style>
  <iframe id="v1" data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/one" width="560" height="315" title="Brewing video"></iframe>
  <iframe id="v2" data-category="marketing" data-service="youtube" data-src="https://www.youtube-nocookie.com/embed/two" width="560" height="315" title="Grinding video"></iframe>
  <iframe id="map" class="map" data-consent="maps" data-src="https://map.example.net/embed?shop" title="Map"></iframe>
  <p><a href="#after">after</a></p>`;

async function visitor(page = "/t/ph.html", options = {}) {
  const v = await Visitor.create(env, options.visitor);
  v.maps = [];
  await v.context.route(MAP, (r) => {
    v.maps.push(r.request().url());
    return r.fulfill({ status: 200, contentType: "text/html", body: "<p>map</p>" });
  });
  await v.serve(page, embedPage({ config: options.config ?? config(), inline: true, body: options.body ?? BODY, lang: options.lang ?? "en" }));
  v.files = consentGateFiles(v.page);
  await v.goto(page);
  await v.ready();
  return v;
}
const group = (page, name) => page.getByRole("group", { name, exact: true });
const boxOf = (page, sel) => page.evaluate((s) => {
  const r = document.querySelector(s).getBoundingClientRect();
  return [Math.round(r.width), Math.round(r.height)];
}, sel);
const loaded = (page, id) => page.waitForFunction((id) => {
  const el = document.getElementById(id);
  return el.getAttribute("src") === el.getAttribute("data-src") && el.offsetWidth > 0;
}, id);

test("first visit: placeholders at the iframe's size, nothing requested; Load once loads one and stores nothing; Always allow loads the service and stores the grant; withdrawal restores them without a reload", async () => {
  const v = await visitor();
  const videos = group(v.page, "YouTube, not loaded");
  await videos.first().waitFor();
  assert.equal(await videos.count(), 2);
  assert.equal(await group(v.page, "Street Map, not loaded").count(), 1);
  assert.match(await videos.first().textContent(), /This content comes from Google Ireland Ltd\. Loading it lets Google Ireland Ltd\. set cookies/);
  assert.deepEqual(await boxOf(v.page, "[data-cg-placeholder]"), [560, 315], "the width/height attributes' box");
  assert.deepEqual(await boxOf(v.page, "[data-cg-placeholder=maps]"), [400, 300], "the iframe's CSS box");
  assert.deepEqual(await axe(v.page), []);
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual([v.youtube, v.maps], [[], []], "nothing requested from the providers before consent");

  // Load once: only that embed, nothing stored; focus moves into it.
  const one = "https://www.youtube-nocookie.com/embed/one";
  const answered = v.page.waitForEvent("requestfinished", (r) => r.url() === one);
  await button(videos.first(), "Load once").click();
  await loaded(v.page, "v1");
  assert.equal(await v.page.evaluate(() => document.activeElement.id), "v1", "focus is in the loaded iframe");
  await answered;
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(v.youtube, [one]);
  assert.equal(await v.page.evaluate(() => localStorage.getItem("consent-gate")), null, "nothing stored");
  assert.equal(await videos.count(), 1);

  // Always allow: every YouTube embed loads, the grant is stored (method contextual).
  await v.page.evaluate(() => (window.__noReload = true));
  await button(videos.first(), "Always allow YouTube").click();
  await loaded(v.page, "v2");
  assert.equal(await v.page.evaluate(() => document.activeElement.id), "v2", "focus moved into the loaded iframe");
  const stored = await v.stored();
  assert.equal(stored.method, "contextual");
  assert.equal(stored.services.youtube, true);
  assert.equal(stored.categories.marketing, true);
  assert.equal(stored.services.maps, false, "the map was not allowed");
  assert.equal(await group(v.page, "Street Map, not loaded").count(), 1);
  assert.deepEqual(v.maps, []);

  // Withdrawal in the preferences: the placeholders come back, without a reload.
  await v.page.evaluate(() => window.ConsentGate.showPreferences());
  await preferences(v.page).getByRole("switch", { name: "Marketing", exact: true }).uncheck();
  await button(preferences(v.page), "Save preferences").click();
  await group(v.page, "YouTube, not loaded").first().waitFor();
  assert.equal(await v.page.evaluate(() => document.getElementById("v2").getAttribute("src")), "about:blank");
  assert.equal(await v.page.evaluate(() => window.__noReload), true, "the page did not reload");
  await v.close();
});

test("a returning visitor who rejected sees placeholders without wasm, and Always allow works there", async () => {
  const v = await visitor();
  await button(banner(v.page), "Reject all").click();
  await v.page.reload();
  await v.ready();
  v.files.length = 0;
  await group(v.page, "YouTube, not loaded").first().waitFor();
  assert.equal(await group(v.page, "YouTube, not loaded").count(), 2);
  assert.deepEqual(v.files.filter((f) => f.endsWith(".wasm")), [], "the plan path: no wasm");
  assert.deepEqual(await axe(v.page), []);
  await button(group(v.page, "YouTube, not loaded").first(), "Always allow YouTube").click();
  await loaded(v.page, "v1");
  await loaded(v.page, "v2");
  assert.equal((await v.stored()).method, "contextual");
  assert.equal((await v.stored()).services.youtube, true);
  assert.deepEqual(v.maps, []);
  await v.close();
});

test("German texts, and an iframe added later gets its placeholder too", async () => {
  const de = texts("de");
  const v = await visitor("/t/ph-de.html", { lang: "de" });
  const name = de.placeholderName.replace("{service}", "YouTube");
  await group(v.page, name).first().waitFor();
  const first = group(v.page, name).first();
  await button(first, de.placeholderLoadOnce).waitFor();
  await button(first, de.placeholderAlwaysAllow.replace("{service}", "YouTube")).waitFor();
  assert.match(await first.textContent(), new RegExp(de.placeholderText.split("{provider}")[0]));
  await v.page.evaluate(() => {
    const f = document.createElement("iframe");
    f.setAttribute("data-consent", "maps");
    f.setAttribute("data-src", "https://map.example.net/embed?late");
    f.title = "Late map";
    document.querySelector("main").appendChild(f);
  });
  await v.page.waitForFunction(() => document.querySelectorAll("[data-cg-placeholder=maps]").length === 2);
  assert.deepEqual(v.maps, []);
  await v.close();
});

test("responsive embeds: the placeholder follows its container as the iframe would, in flow and over a ratio box", async () => {
  const body = `<style>
    #col { width: 600px; padding: 0 10px; }
    .fluid { width: 100%; aspect-ratio: 16 / 9; border: 0; display: block; }
    .ratio { position: relative; padding-top: 75%; }
    .ratio iframe { position: absolute; top: 0; left: 0; width: 100%; height: 100%; border: 0; }
    .tall { width: 100%; height: 240px; border: 0; display: block; }
  </style>
  <div id="col">
    <iframe id="fluid" class="fluid" data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/one" title="Video"></iframe>
    <div class="ratio" id="ratio"><iframe id="boxed" data-consent="maps" data-src="https://map.example.net/embed?shop" title="Map"></iframe></div>
    <iframe id="tall" class="tall" data-consent="maps" data-src="https://map.example.net/embed?tall" title="Map 2"></iframe>
  </div>`;
  const v = await visitor("/t/fluid.html", { body });
  await group(v.page, "YouTube, not loaded").waitFor();
  const sizes = () => v.page.evaluate(() => {
    const size = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
    const [fluid, boxed, tall] = document.querySelectorAll("[data-cg-placeholder]");
    return { fluid: size(fluid), boxed: size(boxed), ratio: size(document.getElementById("ratio")), tall: size(tall) };
  });
  assert.deepEqual(await sizes(), { fluid: [600, 338], boxed: [600, 450], ratio: [600, 450], tall: [600, 240] });
  // The column narrows (a phone turned, a sidebar opened): the placeholders follow.
  await v.page.evaluate(() => (document.getElementById("col").style.width = "320px"));
  assert.deepEqual(await sizes(), { fluid: [320, 180], boxed: [320, 240], ratio: [320, 240], tall: [320, 240] });
  // Loaded once, the iframe takes the same box back: the page does not move.
  const before = await v.page.evaluate(() => document.getElementById("tall").previousElementSibling.getBoundingClientRect().top);
  await group(v.page, "Street Map, not loaded").nth(1).getByRole("button", { name: "Load once" }).click();
  await loaded(v.page, "tall");
  assert.deepEqual(await boxOf(v.page, "#tall"), [320, 240]);
  assert.equal(await v.page.evaluate(() => document.getElementById("tall").getBoundingClientRect().top), before);
  await v.close();
});

test("iframemanager's markup: <div data-service data-id> gets the service's iframe, gated, with its placeholder, on first and returning visits", async () => {
  const c = config();
  c.categories.marketing.services.maps.embedUrl = "https://map.example.net/embed?pb={data-id}";
  const body = `<div id="col" style="width: 640px">
    <div id="yt" data-service="youtube" data-id="abc 1" data-params="rel=0" data-title="Brew guide" data-autoscale></div>
    <div id="mp" data-service="maps" data-id="!1m2!3d35" data-ratio="4:3"></div>
    <div id="nope" data-service="vimeo" data-id="42"></div>
  </div>`;
  const v = await visitor("/t/im.html", { config: c, body });
  await group(v.page, "YouTube, not loaded").waitFor();
  await group(v.page, "Street Map, not loaded").waitFor();
  const frames = await v.page.evaluate(() =>
    ["yt", "mp"].map((id) => {
      const f = document.querySelector(`#${id} > iframe`);
      return [f.getAttribute("data-consent"), f.getAttribute("data-src"), f.title, f.getAttribute("data-consent-state")];
    }),
  );
  assert.deepEqual(frames, [
    ["youtube", "https://www.youtube-nocookie.com/embed/abc%201?rel=0", "Brew guide", "waiting"],
    ["maps", "https://map.example.net/embed?pb=!1m2!3d35", "Street Map", "waiting"],
  ]);
  // Their placeholders fill the div's width at the div's ratio.
  assert.deepEqual(await boxOf(v.page, "[data-cg-placeholder=youtube]"), [640, 360]);
  assert.deepEqual(await boxOf(v.page, "[data-cg-placeholder=maps]"), [640, 480]);
  // A service the config does not have: an error naming it, nothing embedded.
  assert.equal(await v.page.locator("#nope iframe").count(), 0);
  assert.ok(v.console.some((m) => m.type === "error" && m.text.includes('<div data-service=\"vimeo\" data-id>: the config has no service \"vimeo\"; nothing is embedded')), JSON.stringify(v.console));
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual([v.youtube, v.maps], [[], []], "nothing requested before consent");

  await button(group(v.page, "YouTube, not loaded"), "Always allow YouTube").click();
  await v.page.waitForFunction(() => document.querySelector("#yt > iframe").getAttribute("src") !== null);
  assert.deepEqual(v.youtube, ["https://www.youtube-nocookie.com/embed/abc%201?rel=0"]);

  // A returning visit: the allowed video loads, the map waits; a div added later gets its
  // iframe and placeholder too. (This markup is the full build's: the bootstrap hands over.)
  await v.page.waitForFunction(() => localStorage.getItem("consent-gate-plan") !== null);
  v.files.length = 0;
  await v.page.reload();
  await v.page.waitForFunction(() => document.querySelector("#yt > iframe")?.getAttribute("src") !== null);
  await group(v.page, "Street Map, not loaded").waitFor();
  await v.page.evaluate(() => {
    const d = document.createElement("div");
    d.id = "late";
    d.setAttribute("data-service", "maps");
    d.setAttribute("data-id", "late");
    document.getElementById("col").appendChild(d);
  });
  await v.page.waitForFunction(() => document.querySelectorAll("[data-cg-placeholder=maps]").length === 2);
  assert.ok(v.files.includes("consent-gate-ui_bg.wasm"), "the full build took over");
  assert.equal(await banner(v.page).isVisible(), false);
  assert.deepEqual(v.youtube.length, 2, "the video, once per page view");
  assert.deepEqual(v.maps, []);
  assert.deepEqual(v.errors, []);
  await v.close();
});

test("placeholders: false draws none", async () => {
  const v = await visitor("/t/ph-off.html", { config: config({ placeholders: false }) });
  await v.page.waitForFunction(() => document.getElementById("v1").getAttribute("data-consent-state") === "waiting");
  assert.equal(await v.page.locator("[data-cg-placeholder]").count(), 0);
  await v.close();
});

test("withdrawn in another tab: the placeholders come back here without a reload", async () => {
  const v = await visitor("/t/ph-tabs.html");
  await button(group(v.page, "YouTube, not loaded").first(), "Always allow YouTube").click();
  await loaded(v.page, "v1");
  await v.page.evaluate(() => (window.__noReload = true));
  const b = await v.newPage();
  await v.goto("/t/ph-tabs.html", b);
  await v.ready(b);
  await b.evaluate(() => window.ConsentGate.rejectAll());
  await group(v.page, "YouTube, not loaded").first().waitFor();
  assert.equal(await group(v.page, "YouTube, not loaded").count(), 2);
  assert.equal(await v.page.evaluate(() => window.__noReload), true, "the page did not reload");
  await v.close();
});

test("data-thumbnail: an image on the site's own host is shown behind the text, another host's never requested", async () => {
  const thumbs = [];
  const body = `<iframe id="v1" data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/one" data-thumbnail="/t/thumb.svg" width="560" height="315" title="Video"></iframe>
    <iframe id="v2" data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/two" data-thumbnail="https://i.ytimg.com/vi/two/hq.jpg" width="560" height="315" title="Video 2"></iframe>`;
  const v = await Visitor.create(env);
  await v.context.route(/thumb\.svg|ytimg/, (r) => {
    thumbs.push(r.request().url());
    return r.fulfill({ status: 200, contentType: "image/svg+xml", body: '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>' });
  });
  await v.serve("/t/ph-thumb.html", embedPage({ config: config(), inline: true, body }));
  await v.goto("/t/ph-thumb.html");
  await v.ready();
  await group(v.page, "YouTube, not loaded").first().waitFor();
  await v.page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith("/t/thumb.svg")));
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual(thumbs.map((u) => new URL(u).pathname), ["/t/thumb.svg"], "only the site's own image");
  assert.deepEqual(v.youtube, []);
  assert.ok(v.consoleErrors().length === 0);
  assert.ok(v.console.some((m) => m.type === "warning" && m.text.includes("data-thumbnail must be on this site's own host")));
  await v.close();
});

test("under Trusted Types and a strict CSP (no inline styles) the placeholder draws and loads once, without a violation", async () => {
  const csp =
    "script-src 'nonce-R4nd0m' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; " +
    "require-trusted-types-for 'script'; trusted-types consent-gate";
  const v = await Visitor.create(env, {
    initScripts: [
      () => {
        window.__violations = [];
        document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      },
    ],
  });
  const body = `<iframe id="v1" data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/one" width="560" height="315" title="Video"></iframe>`;
  await v.serve("/t/ph-csp.html", embedPage({ config: config(), inline: true, attrs: 'async nonce="R4nd0m"', body }), { "content-security-policy": csp });
  await v.goto("/t/ph-csp.html");
  await v.ready();
  const videos = group(v.page, "YouTube, not loaded");
  await videos.first().waitFor();
  assert.deepEqual(await boxOf(v.page, "[data-cg-placeholder]"), [560, 315]);
  await button(videos.first(), "Load once").click();
  await loaded(v.page, "v1");
  assert.deepEqual(await v.page.evaluate(() => window.__violations), []);
  await v.close();
});
