// The config builder (www/builder.html), driven as a marketer would with keyboard-reachable
// controls found by role and name: a scan report imported, a category and a service added, a
// colour with too little contrast refused at its field, German texts added, the config
// downloaded and accepted by `consent-gate check` (target/debug/consent-gate) and by the
// embed on a German page; the preview is the real banner and keeps nothing; axe finds nothing.
// Also writes target/builder-1280.png and target/builder-375.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { launch, Visitor, embedPage, axe, button, banner } from "./harness.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const REPORT = join(ROOT, "tests/fixtures/scan-report.json");
const CLI = join(ROOT, "target/debug/consent-gate");

let env;
before(async () => (env = await launch()));
after(() => env.close());

async function openBuilder(options = {}) {
  const v = await Visitor.create(env, { acceptDownloads: true, ...options });
  await v.goto("/www/builder.html");
  await v.page.getByRole("heading", { name: "ConsentGate config builder" }).waitFor();
  return v;
}

const field = (page, name) => page.getByRole("textbox", { name, exact: true });
/** The element that says a field's problems (its aria-describedby). */
async function problemsOf(locator) {
  const ids = (await locator.getAttribute("aria-describedby")).split(" ");
  const page = locator.page();
  return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()))).join("\n").trim();
}
/** The real banner inside the preview's frame. */
const previewBanner = (page) => banner(page.frameLocator('iframe[title="Preview: the banner on a blank page"]'));

test("a scan report becomes a config, edited, checked by the command and shown by the embed in German", async () => {
  const v = await openBuilder();
  const page = v.page;

  // Import the report of `consent-gate scan --json` through the file picker.
  await page.getByLabel("Open a config or a scan report (JSON file)").setInputFiles(REPORT);
  await page.getByRole("status").filter({ hasText: "Scan report scan-report.json imported" }).waitFor();
  assert.match(await page.getByRole("status").innerText(), /cookie csrftoken, cookie teapot_basket/);
  const analytics = page.getByRole("group", { name: "Category analytics", exact: true });
  assert.equal(await analytics.getByRole("textbox", { name: "Title", exact: true }).inputValue(), "Analytics");
  const ga = page.getByRole("group", { name: "Service google-analytics" });
  assert.equal(await ga.getByRole("textbox", { name: "Name or pattern" }).first().inputValue(), "_ga");
  assert.equal(await field(page, "GA4 measurement id (G-…)").inputValue(), "G-KISSA2026");
  await page.getByText("The config is valid.").waitFor();

  // The preview is the embed itself: its banner, in its own shadow root, in the frame.
  await previewBanner(page).waitFor();

  // Add a category, with a service.
  await field(page, "New category id").fill("videos");
  await button(page, "Add category").click();
  const videos = page.getByRole("group", { name: "Category videos", exact: true });
  const title = videos.getByRole("textbox", { name: "Title", exact: true });
  // Empty texts are refused by the config reader, at their field, in the command's words.
  assert.equal(await title.getAttribute("aria-invalid"), "true");
  assert.match(await problemsOf(title), /config field `categories\.videos\.title`/);
  await title.fill("Videos");
  await videos.getByRole("textbox", { name: "Description", exact: true }).fill("Embedded videos from YouTube.");
  await videos.getByRole("textbox", { name: "New service id in videos" }).fill("youtube");
  await button(videos, "Add service to videos").click();
  const youtube = page.getByRole("group", { name: "Service youtube" });
  await youtube.getByRole("textbox", { name: "Service name" }).fill("YouTube");
  await youtube.getByRole("textbox", { name: "Provider" }).fill("Google Ireland Ltd.");
  await youtube.getByRole("textbox", { name: "What it does (optional)" }).fill("Plays our brew guides.");
  // iframemanager's markup needs the embed's address: an http:// one is refused at its field.
  const embed = youtube.getByRole("textbox", { name: "Embed address for <div data-service data-id> (optional)" });
  await embed.fill("http://video.example/{data-id}");
  assert.equal(await embed.getAttribute("aria-invalid"), "true");
  assert.match(await problemsOf(embed), /`categories\.videos\.services\.youtube\.embedUrl`: "http:\/\/video\.example\/\{data-id\}" is not an https:\/\/ address/);
  await embed.fill("https://www.youtube-nocookie.com/embed/{data-id}");
  await page.getByText("The config is valid.").waitFor();

  // A text colour with too little contrast: refused at its field, shown live, export warned.
  const text = page.getByLabel("Text", { exact: true });
  await text.fill("#aaaaaa");
  assert.equal(await text.getAttribute("aria-invalid"), "true");
  assert.match(await problemsOf(text), /config field `theme\.colors\.text`: `theme\.colors\.text` on the built-in background #ffffff has a contrast of 2\.32:1, below the 4\.5:1/);
  const row = page.getByRole("row", { name: /^Text on Background/ });
  assert.match(await row.innerText(), /2\.32:1\s+fails: needs 4\.5:1/);
  assert.match(await page.locator("#export-warning").innerText(), /This config is invalid \(1 problem\(s\)\)/);
  await page.getByRole("button", { name: "Download config.json (invalid)" }).waitFor();
  await text.fill("#222222");
  assert.equal(await text.getAttribute("aria-invalid"), "false");
  assert.match(await row.innerText(), /15\.91:1\s+passes/);

  // German: a second language, and the texts side by side.
  await page.getByLabel("Add a language").selectOption("de");
  await videos.getByRole("textbox", { name: "Title (German)" }).fill("Videos (DE)");
  await videos.getByRole("textbox", { name: "Description (German)" }).fill("Eingebettete Videos von YouTube.");
  // The English text written before is the English entry now, side by side with the German.
  assert.equal(await videos.getByRole("textbox", { name: "Title (English)" }).inputValue(), "Videos");
  await page.getByText("The config is valid.").waitFor();

  // Download: the command accepts it.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download config.json", exact: true }).click()]);
  assert.equal(download.suggestedFilename(), "config.json");
  const file = join(mkdtempSync(join(tmpdir(), "builder-")), "config.json");
  await download.saveAs(file);
  const exported = readFileSync(file, "utf8");
  assert.equal(JSON.parse(exported).$schema, "/consent-gate/config.schema.json");
  const service = JSON.parse(exported).categories.videos.services.youtube;
  assert.deepEqual([service.description, service.embedUrl], ["Plays our brew guides.", "https://www.youtube-nocookie.com/embed/{data-id}"]);
  assert.ok(existsSync(CLI), `${CLI} is built by cargo test -p consent-gate-cli`);
  const out = execFileSync(CLI, ["check", file], { encoding: "utf8" });
  assert.match(out, /ok: 5 categories, 4 services/);

  // The embed on a German page shows the new category in German.
  const visitor = await Visitor.create(env, { locale: "de-DE" });
  await visitor.serve("/t/exported.html", embedPage({ config: exported, inline: true, lang: "de" }));
  await visitor.goto("/t/exported.html");
  await visitor.ready();
  const texts = JSON.parse(readFileSync(join(ROOT, "i18n/de.json"), "utf8"));
  await button(visitor.page.locator("consent-gate"), texts.managePreferences).click();
  await visitor.page.locator("consent-gate").getByText("Videos (DE)", { exact: true }).waitFor();
  await visitor.close();
  await v.close();
});

test("the preview is the real embed, opens its dialogs through the API, and keeps no choice", async () => {
  const v = await openBuilder();
  const page = v.page;
  await button(page, "The demo config").click();
  await page.getByRole("status").filter({ hasText: "Config www/config.json opened." }).waitFor();
  const frame = page.frameLocator('iframe[title="Preview: the banner on a blank page"]');
  // The demo's banner (the empty site's names no optional purpose).
  const demoBanner = previewBanner(page).filter({ hasText: "Analytics" });
  await demoBanner.waitFor();
  await button(demoBanner, "Accept all").click();
  await demoBanner.waitFor({ state: "hidden" });
  await button(page, "Open preferences").click();
  await frame.getByRole("dialog", { name: "Privacy preferences" }).waitFor();
  // The dialog asked for takes focus, as on a site (a preview loaded again does not).
  await page.waitForFunction(() => {
    const inner = document.activeElement?.contentDocument?.activeElement;
    return inner?.tagName === "CONSENT-GATE" && inner.shadowRoot.activeElement?.closest('[role="dialog"]');
  });
  // Nothing kept by the builder's origin.
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("consent-gate")));
  assert.deepEqual(kept, []);
  assert.ok(!(await page.evaluate(() => document.cookie)).includes("consent-gate"));
  // In German, at 375 px.
  await page.getByLabel("Width").selectOption("375");
  await page.getByLabel("Add a language").selectOption("de");
  await page.getByLabel("Page language").selectOption("de");
  const texts = JSON.parse(readFileSync(join(ROOT, "i18n/de.json"), "utf8"));
  await frame.getByRole("dialog", { name: texts.bannerTitle }).waitFor();
  assert.equal(await page.locator("iframe").evaluate((f) => f.getBoundingClientRect().width), 375);
  await v.close();
});

test("the builder speaks German, is usable by keyboard, and axe finds nothing", async () => {
  for (const [width, height] of [[1280, 900], [375, 800]]) {
    const v = await openBuilder({ viewport: { width, height } });
    const page = v.page;
    await page.getByLabel("Open a config or a scan report (JSON file)").setInputFiles(REPORT);
    await page.getByRole("status").filter({ hasText: "imported" }).waitFor();
    await previewBanner(page).waitFor();
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: join(ROOT, `target/builder-${width}.png`), fullPage: false });
    await v.close();
  }
  const v = await openBuilder();
  const page = v.page;
  await page.getByLabel("Language of this page").selectOption("de");
  await page.getByRole("heading", { name: "ConsentGate-Konfigurator" }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
  const empty = page.getByRole("button", { name: "Einer leeren Website" });
  await empty.focus();
  const shown = await page.locator("iframe").getAttribute("src");
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: "Mit einer leeren Website begonnen." }).waitFor();
  // The preview loads again with its banner, which focuses itself on a site; focus stays in
  // the builder.
  await page.waitForFunction((shown) => {
    const frame = document.querySelector("iframe");
    const w = frame.contentWindow;
    const root = w.document.querySelector("consent-gate")?.shadowRoot;
    return frame.getAttribute("src") !== shown && w.__cg?.ready.length > 0 && root && !root.querySelector(".cg-painted") && root.querySelector(".cg-banner");
  }, shown);
  assert.ok(await empty.evaluate((b) => b === document.activeElement));
  // A control reached by Tab shows its focus.
  await page.keyboard.press("Tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, "solid");
  assert.deepEqual(await axe(page), []);
  await v.close();
});
