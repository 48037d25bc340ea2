// Languages: which one a visitor gets (the page, then the browser, with BCP 47 fallback, then
// the config's default, then English), switching at run time, site texts per language, only
// the visitor's language downloaded, and right-to-left layout, as a visitor meets them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launch, Visitor, embedPage, button, DEMO_CONFIG, texts } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const SCREENSHOTS = new URL("../../target/screenshots/", import.meta.url);
mkdirSync(SCREENSHOTS, { recursive: true });

/** The banner in language `tag`, found by its name in that language. */
const bannerIn = (page, tag) => page.getByRole("dialog", { name: texts(tag).bannerTitle });
const preferencesIn = (page, tag) => page.getByRole("dialog", { name: texts(tag).preferencesTitle });

/** The widget root's lang and dir. */
function root(page) {
  return page.locator("consent-gate .cg").evaluate((el) => ({ lang: el.lang, dir: el.dir }));
}

/** Records the language files a page downloads. */
function languageFiles(page) {
  const seen = [];
  page.on("request", (r) => {
    const m = /\/i18n\/([^/]+)\.json$/.exec(new URL(r.url()).pathname);
    if (m) seen.push(m[1]);
  });
  return seen;
}

/** Opens `config` on a page with `<html lang>` = `lang` (null: none) for a browser in `locale`. */
async function visit({ lang = null, locale = "en-US", config = DEMO_CONFIG, path = "/t/lang.html", viewport } = {}) {
  const v = await Visitor.create(env, { locale, viewport });
  await v.serve(path, embedPage({ config, lang, inline: true }));
  const files = languageFiles(v.page);
  await v.goto(path);
  await v.ready();
  return { v, files };
}

test("<html lang> decides; only that language's file is downloaded; the root carries lang and dir", async () => {
  const { v, files } = await visit({ lang: "de", locale: "fr-FR" });
  const de = texts("de");
  const b = bannerIn(v.page, "de");
  await b.waitFor();
  for (const name of [de.acceptAll, de.rejectAll, de.managePreferences]) await button(b, name).waitFor();
  assert.deepEqual(await root(v.page), { lang: "de", dir: "ltr" });
  assert.deepEqual(files, ["de"], "one language file, the visitor's");
  assert.deepEqual(v.consoleErrors(), []);
  await v.close();
});

test("without <html lang>, the browser's languages decide, in order", async () => {
  const { v, files } = await visit({ lang: null, locale: "fr-CA" });
  await bannerIn(v.page, "fr").waitFor();
  assert.deepEqual(await root(v.page), { lang: "fr", dir: "ltr" });
  assert.deepEqual(files, ["fr"]);
  await v.close();
});

for (const [lang, expected] of [
  ["de-AT", "de"],
  ["pt-BR", "pt-BR"],
  ["pt-PT", "pt"],
  ["zh-TW", "zh-Hant"],
  ["zh-CN", "zh-Hans"],
  ["sr-Latn", "sr-Latn"],
  ["sr-Cyrl-RS", "sr"],
  ["nn", "nb"],
]) {
  test(`BCP 47 fallback: ${lang} shows ${expected}`, async () => {
    const { v, files } = await visit({ lang });
    await bannerIn(v.page, expected).waitFor();
    assert.equal((await root(v.page)).lang, expected);
    assert.deepEqual(files, [expected]);
    await v.close();
  });
}

test("an unknown language falls back quietly: to the browser's, then to English", async () => {
  {
    const { v } = await visit({ lang: "tlh", locale: "es-ES" });
    await bannerIn(v.page, "es").waitFor();
    assert.deepEqual(v.consoleErrors(), []);
    await v.close();
  }
  {
    const { v, files } = await visit({ lang: "tlh", locale: "en-US" });
    await bannerIn(v.page, "en").waitFor();
    assert.deepEqual(files, [], "English is built in");
    assert.deepEqual(v.consoleErrors(), [], "no error for a language nobody offers");
    assert.equal(v.console.filter((m) => m.type === "warning").length, 0, "nor a warning");
    await v.close();
  }
});

test("the config's languages limit the choice; its first is the default; `language` forces one", async () => {
  const localized = (en, fr, de) => ({ en, fr, de });
  const config = {
    languages: ["fr", "en", "de"],
    categories: {
      necessary: { required: true, title: localized("Necessary", "Nécessaires", "Notwendig"), description: localized("Needed.", "Indispensables.", "Nötig.") },
      analytics: { title: localized("Analytics", "Mesure d'audience", "Statistik"), description: localized("Visits.", "Visites.", "Besuche.") },
    },
  };
  {
    const { v } = await visit({ lang: "ja", locale: "ja-JP", config });
    await bannerIn(v.page, "fr").waitFor();
    assert.match(await bannerIn(v.page, "fr").textContent(), /Mesure d'audience/, "the site's own texts follow");
    await v.close();
  }
  {
    const { v } = await visit({ lang: "de", config });
    await button(bannerIn(v.page, "de"), texts("de").managePreferences).click();
    const dialog = preferencesIn(v.page, "de");
    await dialog.getByRole("switch", { name: "Statistik" }).waitFor();
    await v.close();
  }
  {
    const { v } = await visit({ lang: "de", config: { ...config, language: "en" } });
    await bannerIn(v.page, "en").waitFor();
    assert.equal((await root(v.page)).lang, "en");
    await v.close();
  }
});

test("a config that lists a language but lacks it for a text is refused, naming the field and the language", async () => {
  const config = {
    languages: ["en", "de"],
    categories: {
      analytics: { title: { en: "Analytics" }, description: { en: "Visits.", de: "Besuche." } },
    },
  };
  const v = await Visitor.create(env);
  await v.serve("/t/lang.html", embedPage({ config, lang: "de", inline: true }));
  const error = v.page.waitForEvent("console", { predicate: (m) => m.type() === "error" });
  await v.goto("/t/lang.html");
  await error;
  const errors = v.consoleErrors().join("\n");
  assert.match(errors, /categories\.analytics\.title/);
  assert.match(errors, /"de"/);
  assert.equal(await v.page.locator("consent-gate").count(), 0, "inert: nothing drawn");
  await v.close();
});

test("ConsentGate.setLanguage switches at run time without a reload; a language not offered is refused", async () => {
  const { v, files } = await visit({ lang: "en" });
  await bannerIn(v.page, "en").waitFor();
  await v.page.evaluate(() => (window.__sameDocument = true));
  await v.page.evaluate(() => ConsentGate.setLanguage("ar"));
  await bannerIn(v.page, "ar").waitFor();
  assert.deepEqual(await root(v.page), { lang: "ar", dir: "rtl" });
  assert.equal(await v.page.evaluate(() => window.__sameDocument), true, "no reload");
  await v.page.evaluate(() => ConsentGate.setLanguage("pt-BR"));
  await bannerIn(v.page, "pt-BR").waitFor();
  assert.deepEqual(files, ["ar", "pt-BR"]);
  await v.close();

  const config = { ...DEMO_CONFIG, languages: ["en", "de"] };
  const r = await visit({ lang: "en", config });
  await bannerIn(r.v.page, "en").waitFor();
  const warning = r.v.page.waitForEvent("console", { predicate: (m) => m.type() === "warning" });
  await r.v.page.evaluate(() => ConsentGate.setLanguage("ja"));
  assert.match((await warning).text(), /setLanguage\("ja"\)/, "a warning names the refused language");
  assert.equal((await root(r.v.page)).lang, "en");
  await r.v.close();
});

test("a single-page app changing <html lang> changes the language", async () => {
  const { v } = await visit({ lang: "en" });
  await bannerIn(v.page, "en").waitFor();
  await v.page.evaluate(() => (document.documentElement.lang = "it"));
  await bannerIn(v.page, "it").waitFor();
  await v.close();
});

test("a returning visitor's reopen control speaks their language", async () => {
  const { v } = await visit({ lang: "de" });
  await button(bannerIn(v.page, "de"), texts("de").rejectAll).click();
  await v.changes(1);
  const page = await v.newPage();
  await v.serve("/t/lang2.html", embedPage({ config: DEMO_CONFIG, lang: "de", inline: true }));
  await page.goto(env.base + "/t/lang2.html");
  await v.ready(page);
  const control = button(page.locator("consent-gate"), texts("de").reopenButton);
  await control.waitFor();
  await control.click();
  await preferencesIn(page, "de").waitFor();
  await v.close();
});

/** The horizontal centre of an element, as a fraction of the viewport width. */
async function centre(locator, page) {
  const box = await locator.boundingBox();
  const width = await page.evaluate(() => innerWidth);
  return (box.x + box.width / 2) / width;
}

for (const tag of ["ar", "he", "fa"]) {
  test(`right to left: ${tag} mirrors the banner, the preferences and the reopen control`, async () => {
    const t = texts(tag);
    const { v } = await visit({ lang: tag });
    const b = bannerIn(v.page, tag);
    await b.waitFor();
    assert.deepEqual(await root(v.page), { lang: tag, dir: "rtl" });
    const accept = await button(b, t.acceptAll).boundingBox();
    const reject = await button(b, t.rejectAll).boundingBox();
    assert.ok(accept.x > reject.x, "the first button (Accept all) is on the right");
    assert.equal(await b.evaluate((el) => getComputedStyle(el).direction), "rtl");
    const title = b.getByRole("heading", { name: t.bannerTitle });
    const titleBox = await title.boundingBox();
    const bannerBox = await b.boundingBox();
    assert.ok(
      bannerBox.x + bannerBox.width - (titleBox.x + titleBox.width) < 60,
      "the title starts at the right edge",
    );

    await button(b, t.managePreferences).click();
    const dialog = preferencesIn(v.page, tag);
    await dialog.waitFor();
    const close = await button(dialog, t.close).boundingBox();
    const heading = await dialog.getByRole("heading", { name: t.preferencesTitle }).boundingBox();
    assert.ok(close.x < heading.x, "the close button sits on the left, at the end of the line");
    const toggle = await dialog.getByRole("switch", { name: "Analytics" }).boundingBox();
    const label = await dialog.getByText("Analytics", { exact: true }).boundingBox();
    assert.ok(toggle.x < label.x, "switches sit at the end of their row (the left)");
    const english = dialog.locator("p", { hasText: DEMO_CONFIG.categories.analytics.description });
    assert.equal(
      await english.evaluate((el) => getComputedStyle(el).direction),
      "ltr",
      "the site's English text keeps its own direction inside the mirrored dialog",
    );
    await button(dialog, t.rejectAll).click();
    await v.changes(1);
    const control = button(v.page.locator("consent-gate"), t.reopenButton);
    await control.waitFor();
    assert.ok((await centre(control, v.page)) > 0.5, "the reopen control sits at the start corner (the right)");
    await v.close();
  });
}

test("an English page keeps the reopen control on the left (the start corner)", async () => {
  const { v } = await visit({ lang: "en" });
  await button(bannerIn(v.page, "en"), "Reject all").click();
  await v.changes(1);
  const control = button(v.page.locator("consent-gate"), "Privacy preferences");
  await control.waitFor();
  assert.ok((await centre(control, v.page)) < 0.5);
  await v.close();
});

for (const tag of ["ar", "he"]) {
  for (const width of [1280, 375]) {
    test(`screenshots: ${tag} at ${width} px (banner, preferences, policy)`, async () => {
      const t = texts(tag);
      const viewport = { width, height: width === 375 ? 812 : 800 };
      const v = await Visitor.create(env, { viewport, locale: tag });
      await v.serve("/t/rtl.html", embedPage({ config: DEMO_CONFIG, lang: tag, inline: true }));
      await v.goto("/t/rtl.html");
      const b = bannerIn(v.page, tag);
      await b.waitFor();
      const shot = (name) => v.page.screenshot({ path: new URL(`${tag}-${width}-${name}.png`, SCREENSHOTS).pathname });
      await shot("banner");
      assert.equal(await v.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, "no sideways scroll");
      await button(b, t.managePreferences).click();
      const dialog = preferencesIn(v.page, tag);
      await dialog.waitFor();
      for (const summary of await dialog.locator("summary").all()) await summary.click();
      await shot("preferences");
      await dialog.getByRole("link", { name: t.policyLink }).first().click();
      const viewer = v.page.getByRole("dialog", { name: "Data Privacy Policy" });
      await viewer.getByRole("heading", { name: t.cookieDeclaration }).waitFor();
      assert.equal(await viewer.evaluate((el) => getComputedStyle(el).direction), "rtl");
      const paragraph = viewer.locator("p", { hasText: "This Data Privacy Policy outlines" });
      assert.equal(await paragraph.evaluate((el) => getComputedStyle(el).direction), "ltr", "the English policy reads left to right");
      const cookie = viewer.locator("code", { hasText: "_ga_*" }).first();
      assert.equal(await cookie.evaluate((el) => getComputedStyle(el).direction), "ltr");
      await shot("policy");
      await v.close();
    });
  }
}

// Issue 19: the text between a label and its value belongs to each language: French puts a
// no-break space before its colon, Chinese and Japanese use a full-width colon and no space.
for (const [tag, separator] of [
  ["fr", "\u00a0: "],
  ["ja", "："],
]) {
  test(`${tag}: the preferences separate a label from its value as ${tag} writes it`, async () => {
    const t = texts(tag);
    assert.equal(t.fieldSeparator, separator);
    const { v } = await visit({ lang: tag });
    await button(bannerIn(v.page, tag), t.acceptAll).click();
    await v.changes(1);
    const { id } = await v.stored();
    await v.page.evaluate(() => ConsentGate.showPreferences());
    const text = await preferencesIn(v.page, tag).locator(".cg-meta").textContent();
    assert.ok(text.includes(`${t.consentId}${separator}${id}`), `${JSON.stringify(text)} has "${t.consentId}${separator}${id}"`);
    assert.ok(text.includes(`${t.decidedAt}${separator}`), text);
    await v.close();
  });
}
