// docs/recipes.md, end to end: recipes together on one page. With Global Privacy Control,
// "Accept all" loads the video and map embeds but not the marketing one; all ten recipes
// merged run every vendor and "Reject all" clears every cookie; with JavaScript off, no
// markup of the doc reaches a vendor. The pages and stubs: recipes-harness.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { banner, preferences, button, reopen, embedPage } from "./harness.mjs";
import {
  RECIPES,
  SECTIONS,
  close,
  consentGateErrors,
  ran,
  recipe,
  recorded,
  serve,
  siteConfig,
  useSite,
  vendorRequests,
  visitor,
} from "./recipes-harness.mjs";

useSite();

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
