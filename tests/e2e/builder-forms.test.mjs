// The config builder's forms for every key of the config reference (issue 20), driven by
// role and accessible name as a marketer would: a scan report dropped on the drop zone; the
// consent settings, a category's Global Privacy Control, a service's localStorage keys,
// Google's advanced options, Microsoft's UET id (refused at its field by the config reader,
// then accepted), the dark palette, font and radius, region rules added and moved; none of
// them left in the raw JSON; the config copied (clipboard) and downloaded, and accepted by
// `consent-gate check` (target/debug/consent-gate); the fixed language, any interface text
// per language, the policy's addresses and advanced mode's defaults by region, shown by the
// embed in the preview; the raw JSON keeping only what the config reader does not know.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { launch, Visitor, axe, button, texts } from "./harness.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const REPORT = join(ROOT, "tests/fixtures/scan-report.json");
const CLI = join(ROOT, "target/debug/consent-gate");

let env;
before(async () => (env = await launch()));
after(() => env.close());

async function openBuilder() {
  const v = await Visitor.create(env, { acceptDownloads: true });
  await v.goto("/www/builder.html");
  await v.page.getByRole("heading", { name: "ConsentGate config builder" }).waitFor();
  return v;
}

/** The element that says a field's problems (its aria-describedby). */
async function problemsOf(locator) {
  const ids = (await locator.getAttribute("aria-describedby")).split(" ");
  const page = locator.page();
  return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()))).join("\n").trim();
}

/** Drops a file holding `text` on the start section's drop zone, as a file manager would. */
async function dropFile(page, name, text) {
  const dataTransfer = await page.evaluateHandle(([name, text]) => {
    const data = new DataTransfer();
    data.items.add(new File([text], name, { type: "application/json" }));
    return data;
  }, [name, text]);
  const zone = page.getByLabel("Open a config or a scan report (JSON file)").locator("..");
  await zone.dispatchEvent("dragover", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
}

const valid = (page) => page.locator("#problem-count").filter({ hasText: "The config is valid." }).waitFor();

test("every key of the reference has its form, none is left in the raw JSON, and the command accepts the export", async () => {
  const v = await openBuilder();
  const page = v.page;

  // A scan report dropped on the drop zone is imported as one picked is.
  await dropFile(page, "scan-report.json", readFileSync(REPORT, "utf8"));
  await page.getByRole("status").filter({ hasText: "Scan report scan-report.json imported" }).waitFor();
  await valid(page);

  // Consent: how long a choice lasts, the revision, reload on withdrawal, the reopen corner.
  const consent = page.getByRole("region", { name: "Consent", exact: true });
  await consent.getByRole("spinbutton", { name: "Days a choice lasts" }).fill("400");
  const days = consent.getByRole("spinbutton", { name: "Days a choice lasts" });
  assert.equal(await days.getAttribute("aria-invalid"), "true");
  assert.match(await problemsOf(days), /config field `expiryDays`/);
  await days.fill("30");
  assert.equal(await days.getAttribute("aria-invalid"), "false");
  await consent.getByRole("spinbutton", { name: "Revision" }).fill("2");
  const reload = consent.getByRole("checkbox", { name: "Reload the page when consent ends for something that already ran" });
  assert.ok(await reload.isChecked(), "on by default");
  await reload.uncheck();
  await consent.getByRole("combobox", { name: "Corner of that control" }).selectOption("top-end");

  // A category refused by Global Privacy Control; a service's localStorage keys.
  const analytics = page.getByRole("group", { name: "Category analytics", exact: true });
  const gpc = analytics.getByRole("checkbox", { name: "Global Privacy Control refuses it" });
  assert.equal(await gpc.isChecked(), false);
  await gpc.check();
  assert.ok(await analytics.getByRole("checkbox", { name: /^analytics_storage/ }).isChecked(), "by the category's id");
  const marketing = page.getByRole("group", { name: "Category marketing", exact: true });
  assert.ok(await marketing.getByRole("checkbox", { name: "Global Privacy Control refuses it" }).isChecked(), "ad types: refused by default");
  const ga = page.getByRole("group", { name: "Service google-analytics" });
  await ga.getByRole("textbox", { name: "localStorage keys it writes (optional)" }).fill("^_ga_test, _ga_seen");

  // Google's advanced Consent Mode options.
  const google = page.getByRole("region", { name: "Google" });
  const wait = google.getByRole("spinbutton", { name: "Wait for an update (ms, wait_for_update)" });
  assert.equal(await wait.count(), 0, "basic mode: advanced options are not offered");
  await google.getByRole("combobox", { name: "Consent Mode" }).selectOption("advanced");
  await wait.fill("800");
  await google.getByRole("checkbox", { name: "Pass click ids through links (url_passthrough)" }).check();

  // Microsoft's UET id: refused at its field in the command's words, then accepted.
  const uet = page.getByRole("textbox", { name: "UET tag id (Microsoft Advertising)" });
  await uet.fill("UET-1");
  assert.equal(await uet.getAttribute("aria-invalid"), "true");
  assert.match(await problemsOf(uet), /config field `microsoft\.uetId`/);
  await uet.fill("343012345");
  assert.equal(await uet.getAttribute("aria-invalid"), "false");

  // The look: the dark palette (with the scheme that shows it), font and radius.
  const look = page.getByRole("region", { name: "Look" });
  await look.getByRole("combobox", { name: "Colour scheme" }).selectOption("auto");
  await look.getByLabel("Text (dark)", { exact: true }).fill("#777777");
  const darkRow = look.getByRole("row", { name: /^Text \(dark\) on Background \(dark\)/ });
  assert.match(await darkRow.innerText(), /fails: needs 4\.5:1/);
  assert.match(await problemsOf(look.getByLabel("Text (dark)", { exact: true })), /config field `theme\.darkColors\.text`/);
  await look.getByLabel("Text (dark)", { exact: true }).fill("#f5f5f5");
  assert.match(await darkRow.innerText(), /passes/);
  await look.getByRole("textbox", { name: "Font (CSS font-family, optional)" }).fill("Georgia, serif");
  await look.getByRole("spinbutton", { name: "Corner radius (px)" }).fill("4");

  // Region rules: added (a new one asks for its regions at the field), filled, moved.
  const regions = page.getByRole("region", { name: "Region rules" });
  await button(regions, "Add a region rule").click();
  const first = regions.getByRole("group", { name: "Rule 1" });
  const codes = first.getByRole("textbox", { name: "Regions (comma-separated)" });
  assert.equal(await codes.getAttribute("aria-invalid"), "true");
  assert.match(await problemsOf(codes), /config field `regions\.rules\[0\]\.regions`/);
  await codes.fill("EU, GB");
  await button(regions, "Add a region rule").click();
  const second = regions.getByRole("group", { name: "Rule 2" });
  await second.getByRole("textbox", { name: "Regions (comma-separated)" }).fill("US-CA");
  await second.getByRole("combobox", { name: "Model" }).selectOption("opt-out");
  await second.getByRole("checkbox", { name: "Global Privacy Control is binding law here" }).check();
  await button(regions, "Move Rule 2 up").click();
  assert.equal(await first.getByRole("textbox", { name: "Regions (comma-separated)" }).inputValue(), "US-CA");
  await valid(page);

  // No key with a form is in the raw JSON.
  const others = JSON.parse(await page.getByRole("textbox", { name: "Other keys, as a JSON object" }).inputValue());
  assert.deepEqual(others, {}, "the report's draft has only keys with forms");

  // Copy: the clipboard holds the export, and the status says so.
  await v.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.base });
  await button(page, "Copy config.json").click();
  await page.getByRole("status").filter({ hasText: "config.json copied." }).waitFor();
  const shown = await page.getByRole("textbox", { name: "config.json", exact: true }).inputValue();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);

  // Download: every value where the reader reads it, and the command accepts it.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download config.json", exact: true }).click()]);
  const file = join(mkdtempSync(join(tmpdir(), "builder-forms-")), "config.json");
  await download.saveAs(file);
  const config = JSON.parse(readFileSync(file, "utf8"));
  assert.equal(readFileSync(file, "utf8"), shown);
  assert.deepEqual(
    [config.expiryDays, config.revision, config.reloadOnWithdraw, config.reopenPosition],
    [30, 2, false, "top-end"],
  );
  assert.equal(config.categories.analytics.gpc, true);
  assert.equal(config.categories.marketing.gpc, undefined, "left at its default");
  assert.deepEqual(config.categories.analytics.services["google-analytics"].localStorage, ["^_ga_test", "_ga_seen"]);
  assert.deepEqual([config.google.mode, config.google.waitForUpdate, config.google.urlPassthrough], ["advanced", 800, true]);
  assert.deepEqual(config.microsoft, { uetId: "343012345" });
  assert.deepEqual([config.theme.scheme, config.theme.darkColors, config.theme.font, config.theme.radius], ["auto", { text: "#f5f5f5" }, "Georgia, serif", 4]);
  assert.deepEqual(config.regions.rules, [
    { regions: ["US-CA"], model: "opt-out", gpc: "binding" },
    { regions: ["EU", "GB"], model: "opt-in" },
  ]);
  assert.ok(existsSync(CLI), `${CLI} is built by cargo build -p consent-gate-cli`);
  assert.match(execFileSync(CLI, ["check", file], { encoding: "utf8" }), /ok: 4 categories, 3 services/);
  await v.close();
});

test("the fixed language, any interface text per language, the policy and Google's regions have forms, and the embed shows them", async () => {
  const v = await openBuilder();
  const page = v.page;
  await button(page, "An empty site").click();
  await page.getByRole("status").filter({ hasText: "Started from an empty site." }).waitFor();
  await page.getByLabel("Add a language").selectOption("de");
  await page.getByRole("combobox", { name: /^Fixed language/ }).selectOption("de");

  // Every interface text, side by side per language, with its built-in English text said.
  const ui = page.getByRole("region", { name: "Interface texts" });
  await ui.getByText(/^All \d+ texts$/).click();
  // A text written and cleared again: the texts stay open as the user left them.
  const rejectEn = ui.getByRole("textbox", { name: "rejectAll (English)" });
  await rejectEn.fill("No");
  await rejectEn.fill("");
  assert.ok(await rejectEn.isVisible(), "still open, the focus still in it");
  const acceptEn = ui.getByRole("textbox", { name: "acceptAll (English)" });
  assert.match(await problemsOf(acceptEn), /Built in \(English\): “Accept all”/);
  await acceptEn.fill("Accept everything");
  await ui.getByRole("textbox", { name: "acceptAll (German)" }).fill("Alles gern");
  // A placeholder the text does not have is refused at its field, in the command's words.
  const placeholder = ui.getByRole("textbox", { name: "placeholderText (German)" });
  await placeholder.fill("Lädt {nonsense}.");
  assert.equal(await placeholder.getAttribute("aria-invalid"), "true");
  assert.match(await problemsOf(placeholder), /config field `texts\.placeholderText/);
  await placeholder.fill("");
  assert.equal(await placeholder.getAttribute("aria-invalid"), "false");

  // The policy's addresses, per language.
  const policy = page.getByRole("region", { name: "Privacy policy" });
  await policy.getByRole("textbox", { name: "Address of the policy document (English)" }).fill("/privacy.md");
  await policy.getByRole("textbox", { name: "Address of the policy document (German)" }).fill("/datenschutz.md");

  // Advanced Consent Mode's defaults by region: added by code, a type ticked.
  const google = page.getByRole("region", { name: "Google" });
  await google.getByRole("combobox", { name: "Consent Mode" }).selectOption("advanced");
  await google.getByRole("textbox", { name: "Region code" }).fill("es");
  await button(google, "Add the region").click();
  await page.getByRole("status").filter({ hasText: "Region ES added" }).waitFor();
  await google.getByRole("group", { name: "Region ES" }).getByRole("checkbox", { name: /^analytics_storage/ }).check();
  await valid(page);
  assert.deepEqual(JSON.parse(await page.getByRole("textbox", { name: "Other keys, as a JSON object" }).inputValue()), {});

  // The export holds each where the reader reads it, and the command accepts it.
  const exported = page.getByRole("textbox", { name: "config.json", exact: true });
  await page.waitForFunction(() => document.getElementById("export-config").value.includes('"ES"'));
  const config = JSON.parse(await exported.inputValue());
  assert.equal(config.language, "de");
  assert.deepEqual(config.texts.acceptAll, { en: "Accept everything", de: "Alles gern" });
  assert.equal(config.texts.placeholderText, undefined, "an emptied text goes");
  assert.deepEqual(config.policy, { url: { en: "/privacy.md", de: "/datenschutz.md" } });
  assert.deepEqual(config.google.regions, { ES: ["analytics_storage"] });
  const file = join(mkdtempSync(join(tmpdir(), "builder-texts-")), "config.json");
  writeFileSync(file, await exported.inputValue());
  assert.match(execFileSync(CLI, ["check", file], { encoding: "utf8" }), /^ok: /);

  // The embed in the preview speaks the fixed language, with the site's own button text.
  const frame = page.frameLocator('iframe[title="Preview: the banner on a blank page"]');
  const german = frame.getByRole("dialog", { name: texts("de").bannerTitle });
  await button(german, "Alles gern").waitFor();
  // The new forms open (every text, a region's boxes) and axe finds nothing.
  assert.deepEqual(await axe(page), []);
  await v.close();
});

test("the raw JSON keeps the keys the config reader does not know, and refuses one that has a form; a typo without a field is removed from the problems", async () => {
  const v = await openBuilder();
  const page = v.page;
  const raw = page.getByRole("textbox", { name: "Other keys, as a JSON object" });
  await raw.fill('{"language": "de", "bannerColour": "red"}');
  await button(page, "Apply JSON").click();
  assert.equal(await raw.getAttribute("aria-invalid"), "true");
  assert.match(await problemsOf(raw), /language.*has its own form above/);
  // Nor may it replace an object whose keys have forms.
  await raw.fill('{"google": null}');
  await button(page, "Apply JSON").click();
  assert.match(await problemsOf(raw), /google.*holds keys with forms above/);
  await raw.fill('{"bannerColour": "red"}');
  await button(page, "Apply JSON").click();
  await page.waitForFunction(() => document.getElementById("export-config").value.includes('"bannerColour": "red"'));
  assert.equal(await raw.getAttribute("aria-invalid"), "false");
  // The reader names the key it does not know; emptying the field removes it.
  await page.locator("#problem-count").filter({ hasText: /has 1 problem/ }).waitFor();
  assert.match(await page.getByRole("region", { name: "Problems" }).innerText(), /bannerColour/);
  await raw.fill("{}");
  await button(page, "Apply JSON").click();
  await valid(page);
  // A text the reader does not know (a typo) is kept there too, named, and removable.
  await raw.fill('{"texts": {"acceptAl": "OK"}}');
  await button(page, "Apply JSON").click();
  await page.getByRole("region", { name: "Problems" }).getByText(/texts\.acceptAl.*unknown text/).waitFor();
  await raw.fill("{}");
  await button(page, "Apply JSON").click();
  await valid(page);
  // A typo inside a category of an imported config has no field: the problem offers to remove it.
  await dropFile(page, "typo.json", JSON.stringify({ categories: { analytics: { title: "Analytics", description: "Counting.", descripton: "typo" } } }));
  const problems = page.getByRole("region", { name: "Problems" });
  await problems.getByText(/categories\.analytics\.descripton.*unknown field/).waitFor();
  await button(problems, "Remove categories.analytics.descripton").click();
  await valid(page);
  assert.equal(await page.getByRole("group", { name: "Category analytics", exact: true }).getByRole("textbox", { name: "Title", exact: true }).inputValue(), "Analytics");
  await v.close();
});
