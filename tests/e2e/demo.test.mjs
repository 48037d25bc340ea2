// The demo site's switchers, as a marketing person tries them: the language switcher on the
// shop's page (ConsentGate.setLanguage, no reload), "Start over", and the looks page, which
// shows the banner in the layout, scheme and colours chosen and the config keys for them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, button, texts } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

test("the shop's language switcher redraws the banner in that language without a reload", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await banner(v.page).waitFor();
  await v.page.evaluate(() => (window.__same = true));
  await v.page.getByLabel("Show the banner in").selectOption({ label: "Deutsch" });
  const de = texts("de");
  await v.page.getByRole("dialog", { name: de.bannerTitle }).waitFor();
  await v.page.getByLabel("Show the banner in").selectOption({ label: "العربية" });
  const ar = v.page.getByRole("dialog", { name: texts("ar").bannerTitle });
  await ar.waitFor();
  assert.equal(await v.page.locator("consent-gate .cg").getAttribute("dir"), "rtl");
  assert.equal(await v.page.evaluate(() => window.__same), true, "no reload");
  assert.equal(await v.page.getByLabel("Show the banner in").locator("option").count(), 47, "every built-in language");
  await v.close();
});

test("the demo's video and map wait behind placeholders; Always allow Google Maps loads the map only", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await banner(v.page).waitFor();
  const video = v.page.getByRole("group", { name: "YouTube, not loaded", exact: true });
  const map = v.page.getByRole("group", { name: "Google Maps, not loaded", exact: true });
  await video.waitFor();
  await map.waitFor();
  // The map is responsive: its placeholder takes the section's width at the map's 4:3.
  const [width, height, section] = await v.page.evaluate(() => {
    const r = document.querySelector("[data-cg-placeholder=maps]").getBoundingClientRect();
    return [r.width, r.height, document.getElementById("visit").clientWidth];
  });
  assert.equal(Math.round(width), section);
  assert.equal(Math.round(height), Math.round((section * 3) / 4));
  await v.page.waitForLoadState("networkidle");
  assert.deepEqual([v.youtube, v.googleMaps], [[], []], "nothing asked of Google before consent");
  await map.getByRole("button", { name: "Always allow Google Maps" }).click();
  await v.page.waitForFunction(() => document.querySelector("iframe.map").getAttribute("src")?.startsWith("https://www.google.com/maps/embed"));
  await v.page.waitForFunction(() => localStorage.getItem("consent-gate") !== null);
  assert.equal(v.googleMaps.length, 1);
  assert.deepEqual(v.youtube, [], "the video still waits");
  assert.equal(await video.isVisible(), true);
  const stored = await v.stored();
  assert.equal(stored.services.maps, true);
  assert.equal(stored.method, "contextual");
  await v.close();
});

test("Start over forgets the choice and shows the banner again", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  await v.page.getByRole("button", { name: "Start over (forget my choice)" }).click();
  await banner(v.page).waitFor();
  assert.equal(await v.stored(), null);
  await v.close();
});

test("the looks page draws the chosen layout, scheme and colour, and shows their config keys", async () => {
  const v = await Visitor.create(env);
  await v.goto("/www/looks.html");
  await banner(v.page).waitFor();
  await v.page.getByLabel("Layout").selectOption({ label: "Bar, full width at the top" });
  await v.page.getByLabel("Colour scheme").selectOption("auto");
  await v.page.getByLabel("Button colour").selectOption("#0b5d1e");
  await v.page.getByRole("button", { name: "Show it" }).click();
  await v.page.waitForURL(/placement=bar%3Atop/);
  await v.ready();
  const b = banner(v.page);
  await b.waitFor();
  const box = await b.boundingBox();
  assert.equal(box.y, 0, "at the top");
  assert.equal(box.width, 1280, "full width");
  const accept = await button(b, "Accept all").evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(accept, "rgb(11, 93, 30)");
  const snippet = JSON.parse(`{${await v.page.locator("#snippet").textContent()}}`);
  assert.deepEqual(snippet, { layout: "bar", position: "top", theme: { scheme: "auto", colors: { accent: "#0b5d1e", accentText: "#ffffff" } } });
  assert.equal(await v.page.getByLabel("Layout").inputValue(), "bar:top", "the form keeps the choice");
  // Even after a choice, the next look shows the banner again.
  await button(b, "Accept all").click();
  await v.changes(1);
  await v.goto("/www/looks.html?placement=modal%3Ablocking&scheme=dark&lang=he");
  const modal = v.page.getByRole("dialog", { name: texts("he").bannerTitle });
  await modal.waitFor();
  assert.equal(await modal.getAttribute("aria-modal"), "true");
  assert.deepEqual(v.consoleErrors(), []);
  await v.close();
});
