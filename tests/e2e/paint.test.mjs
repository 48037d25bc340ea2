// A first visit's banner is painted by the bootstrap as soon as the config is here, before the
// full build arrives (embed/bootstrap/paint.js); the full build takes it
// over in the frame of its own first drawing (src/full/browser/painted.rs). These tests hold the
// full build's wasm back, look at the painted banner, let the wasm go, and check that the
// interface's banner is the same one (every element, attribute and text, and the stylesheet),
// that clicks made early are applied by the core, and only when the texts agree, and that the
// painted banner never outlives a full build that cannot start.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, preferences, button, embedPage, axe, texts, SHORTHAND_CONFIG, DEMO_CONFIG, GOOGLE } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

/** A visitor whose full build waits until `release()` is called. */
async function heldVisitor(options) {
  const v = await Visitor.create(env, options);
  let release;
  const held = new Promise((ok) => (release = ok));
  v.wasmRequested = false;
  v.bannerAtWasmRequest = null;
  await v.context.route("**/consent-gate-ui_bg.wasm", async (route) => {
    v.wasmRequested = true;
    v.bannerAtWasmRequest = await route
      .request()
      .frame()
      .evaluate(() => !!document.querySelector("consent-gate")?.shadowRoot?.querySelector(".cg-banner"))
      .catch(() => null);
    await held;
    await route.continue();
  });
  v.release = release;
  return v;
}

/** The banner's tree in ConsentGate's shadow root as data: tag, sorted attributes, children;
 *  and the stylesheet's text. `which`: "first" (the painted one) or "last" (the interface's). */
function snapshot(page, which) {
  return page.evaluate((which) => {
    const host = document.querySelector("consent-gate");
    const roots = [...host.shadowRoot.querySelectorAll(".cg-root")].filter((r) => r.querySelector(".cg-banner"));
    const root = which === "first" ? roots[0] : roots[roots.length - 1];
    const tree = (node) =>
      node.nodeType === 3
        ? node.data
        : [node.tagName.toLowerCase(), [...node.attributes].map((a) => `${a.name}=${a.value}`).sort(), [...node.childNodes].map(tree)];
    const sheet = [...host.shadowRoot.adoptedStyleSheets].map((s) => [...s.cssRules].map((r) => r.cssText).join("\n")).join("\n");
    return { tree: tree(root.firstElementChild), sheet };
  }, which);
}

/** The banner in ConsentGate's shadow root, whatever its language. */
const anyBanner = (page) => page.locator("consent-gate .cg-banner").first();

async function paintedThenLive(v, path) {
  await v.goto(path);
  await anyBanner(v.page).waitFor();
  const painted = await snapshot(v.page, "first");
  assert.equal(v.bannerAtWasmRequest ?? true, true, "the full build is requested only once the banner is painted");
  assert.equal(await v.page.evaluate(() => window.ConsentGate === undefined), true, "painted by the bootstrap alone");
  v.release();
  await v.ready();
  const live = await snapshot(v.page, "last");
  assert.equal(await v.page.evaluate(() => document.querySelector("consent-gate").shadowRoot.querySelectorAll(".cg-banner").length), 1, "the painted banner is gone");
  return { painted, live };
}

const LOOKS = [
  ["the demo's config, English", {}, "en"],
  ["a bar at the top, dark colours, font and radius", { layout: "bar", position: "top", theme: { scheme: "dark", darkColors: { background: "#101820", text: "rgb(240, 240, 240)", accent: "#7cc4ff", accentText: "#001020" }, font: "Georgia, 'Times New Roman', serif", radius: 4 } }, "en"],
  ["a blocking modal, automatic scheme with both palettes", { layout: "modal", blocking: true, theme: { scheme: "auto", colors: { accent: "#1f6f5c" }, darkColors: { accent: "#8fd3c1", accentText: "#000" } } }, "en"],
  ["German from <html lang>, the site's texts per language", { languages: ["en", "de"], texts: { bannerTitle: { en: "Cookies here", de: "Cookies hier" } }, categories: { ...DEMO_CONFIG.categories, analytics: { ...DEMO_CONFIG.categories.analytics, title: { en: "Statistics", de: "Statistik" } } } }, "de-AT"],
  ["Arabic, right to left", {}, "ar"],
  ["a language forced by the config, no policy", { language: "fr", policy: undefined }, "en"],
  ["only strictly necessary cookies", { categories: { necessary: DEMO_CONFIG.categories.necessary } }, "en"],
];

for (const [name, change, lang] of LOOKS) {
  test(`painted early, then taken over: the same banner (${name})`, async () => {
    const config = JSON.parse(JSON.stringify({ ...SHORTHAND_CONFIG, ...change }));
    if (change.categories && !change.categories.analytics) delete config.google;
    const v = await heldVisitor();
    await v.serve("/t/paint.html", embedPage({ config, inline: true, lang }));
    const { painted, live } = await paintedThenLive(v, "/t/paint.html");
    assert.deepEqual(painted.tree, live.tree, "every element, attribute and text");
    assert.equal(painted.sheet, live.sheet, "the same stylesheet, theme included");
    assert.deepEqual(v.consoleErrors(), []);
    await v.close();
  });
}

test("a click on the painted banner waits for the full build, which applies it as the visitor's", async () => {
  const v = await heldVisitor();
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Accept all").click();
  await banner(v.page).waitFor({ state: "hidden" });
  assert.equal(v.google.length, 0, "nothing goes to Google before the core decides");
  assert.equal(await v.stored(), null);
  v.release();
  await v.changes(1);
  const record = await v.stored();
  assert.equal(record.method, "accept-all", "a click, not an API call");
  await v.page.waitForFunction(() => (window.__stubs || []).includes("gtag.js"));
  assert.equal(await v.page.evaluate(() => document.querySelector("consent-gate").shadowRoot.querySelectorAll(".cg-banner").length), 0);
  await v.close();
});

test("Manage preferences clicked early opens the preferences when the full build is here, with focus in them", async () => {
  const v = await heldVisitor();
  await v.goto("/www/shorthand.html");
  await button(banner(v.page), "Manage preferences").click();
  await banner(v.page).waitFor();
  v.release();
  const dialog = preferences(v.page);
  await dialog.waitFor();
  assert.equal(await v.page.evaluate(() => !!document.querySelector("consent-gate").shadowRoot.activeElement?.closest("[role=dialog]")), true);
  assert.equal(await v.stored(), null, "opening the preferences decides nothing");
  await v.close();
});

test("Escape on the painted banner closes it without deciding; the core agrees", async () => {
  const v = await heldVisitor();
  await v.goto("/www/shorthand.html");
  await banner(v.page).waitFor();
  await v.page.keyboard.press("Escape");
  await banner(v.page).waitFor({ state: "hidden" });
  v.release();
  await v.ready();
  assert.equal(await banner(v.page).count(), 0, "still closed once the interface is here");
  assert.equal(await v.stored(), null, "closing is not consent");
  assert.equal(v.google.length, 0);
  await v.close();
});

test("the painted banner keeps focus and Tab inside it; focus the visitor moved to the page stays there", async () => {
  const v = await heldVisitor();
  await v.goto("/www/shorthand.html");
  await banner(v.page).waitFor();
  const focusedName = () => v.page.evaluate(() => document.querySelector("consent-gate").shadowRoot.activeElement?.textContent ?? document.activeElement?.id);
  assert.equal(await v.page.evaluate(() => document.querySelector("consent-gate").shadowRoot.activeElement?.tagName), "SECTION", "the banner takes focus");
  await v.page.keyboard.press("Tab");
  await v.page.keyboard.press("Shift+Tab");
  assert.equal(await focusedName(), "Manage preferences", "Shift+Tab from the first control wraps to the last");
  await v.page.keyboard.press("Tab");
  // The visitor moves on to the page before the interface arrives: it must not take focus back.
  await v.page.locator("body").evaluate(() => {
    const input = Object.assign(document.createElement("input"), { id: "search" });
    document.body.prepend(input);
    input.focus();
  });
  v.release();
  await v.ready();
  await banner(v.page).waitFor();
  assert.equal(await v.page.evaluate(() => document.activeElement.id), "search");
  await v.close();
});

test("2.4.11 before the full build: a page link under a top bar makes the painted banner move, and the interface's keeps it there", async () => {
  const v = await heldVisitor({ viewport: { width: 1280, height: 720 } });
  const body = Array.from({ length: 30 }, (_, i) => `<p><a href="#q${i}">Link ${i + 1}</a> Lorem ipsum.</p>`).join("");
  await v.serve("/t/focus.html", embedPage({ config: { ...DEMO_CONFIG, layout: "bar", position: "top" }, inline: true, body }));
  await v.goto("/t/focus.html");
  await banner(v.page).waitFor();
  // How much of the focused link the (last drawn, visible) banner covers.
  const covered = () =>
    v.page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      const banners = [...document.querySelector("consent-gate").shadowRoot.querySelectorAll(".cg-banner")].filter((b) => b.checkVisibility());
      const s = banners[banners.length - 1].getBoundingClientRect();
      const w = Math.max(0, Math.min(r.right, s.right) - Math.max(r.left, s.left));
      const h = Math.max(0, Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top));
      return (w * h) / (r.width * r.height);
    });
  await v.page.getByRole("link", { name: "Link 1", exact: true }).focus();
  assert.equal(await v.page.evaluate(() => window.__cg.ready.length), 0, "the full build is still held");
  assert.equal(await covered(), 0, "the painted banner leaves Link 1 in sight");
  v.release();
  await v.ready();
  assert.equal(await covered(), 0, "the interface's banner, once shown, leaves it in sight too");
  await v.page.keyboard.press("Tab");
  assert.equal(await covered(), 0, "and the next link");
  await v.close();
});

test("focus on a painted control stays on the same control of the interface's banner", async () => {
  const v = await heldVisitor();
  await v.goto("/www/shorthand.html");
  await banner(v.page).waitFor();
  const focused = () => v.page.evaluate(() => document.querySelector("consent-gate").shadowRoot.activeElement?.textContent);
  // The policy link, Accept all, then Reject all.
  for (let i = 0; i < 3; i++) await v.page.keyboard.press("Tab");
  assert.equal(await focused(), "Reject all");
  v.release();
  await v.ready();
  assert.equal(await focused(), "Reject all");
  assert.equal(await v.page.evaluate(() => document.querySelector("consent-gate").shadowRoot.activeElement.closest(".cg-painted")), null, "the interface's");
  await v.close();
});

test("texts that changed before the full build arrived: the early click is not applied, the visitor is asked again", async () => {
  const v = await heldVisitor({ locale: "de-DE" });
  await v.serve("/t/lang.html", embedPage({ config: SHORTHAND_CONFIG, inline: true, lang: "en" }));
  await v.goto("/t/lang.html");
  await button(banner(v.page), "Accept all").click();
  // A single-page app switches the page's language before ConsentGate's interface is here.
  await v.page.evaluate(() => (document.documentElement.lang = "de"));
  v.release();
  const german = v.page.getByRole("dialog", { name: texts("de").bannerTitle });
  await german.waitFor();
  assert.equal(await v.stored(), null, "no choice from a banner the core does not show");
  assert.equal(v.google.length, 0);
  assert.ok(v.console.some((m) => m.type === "warning" && /not applied/.test(m.text)), "one warning says why");
  await v.close();
});

test("a config the full build refuses: the painted banner goes, nothing is granted, the error names the field", async () => {
  const config = { ...SHORTHAND_CONFIG, theme: { colors: { text: "#fff", background: "#fff" } } };
  const v = await heldVisitor();
  await v.serve("/t/bad.html", embedPage({ config, inline: true }));
  await v.goto("/t/bad.html");
  await banner(v.page).waitFor();
  v.release();
  await v.page.waitForFunction(() => !document.querySelector("consent-gate"));
  assert.ok(v.consoleErrors().some((e) => /theme\.colors\.(text|background)/.test(e)), v.consoleErrors().join("\n"));
  assert.equal(v.google.length, 0);
  await v.close();
});

test("a full build that cannot load: the painted banner goes and the page is left as it was", async () => {
  const v = await Visitor.create(env);
  await v.context.route("**/consent-gate-ui_bg.wasm", (route) => route.fulfill({ status: 404, body: "" }));
  await v.goto("/www/shorthand.html");
  await v.page.waitForFunction(() => !document.querySelector("consent-gate"));
  assert.ok(v.consoleErrors().some((e) => /could not start/.test(e)));
  assert.equal(v.google.length, 0);
  await v.close();
});

test("the painted banner passes axe (WCAG 2.2 AA) and is named as the interface's is", async () => {
  const v = await heldVisitor();
  await v.goto("/www/shorthand.html");
  await banner(v.page).waitFor();
  assert.deepEqual(await axe(v.page), []);
  v.release();
  await v.ready();
  await v.close();
});

test("without a config that can be painted early (a language file refused), the full build draws the banner itself", async () => {
  const v = await Visitor.create(env, { locale: "de-DE" });
  let german = 0;
  await v.context.route("**/i18n/de.json", (route) => {
    german += 1;
    return route.fulfill({ status: 200, contentType: "application/json", body: '{"bannerTitle":"Manipuliert"}' });
  });
  await v.serve("/t/de.html", embedPage({ config: SHORTHAND_CONFIG, inline: true, lang: "de" }));
  await v.goto("/t/de.html");
  await v.ready();
  assert.equal(await v.page.getByText("Manipuliert").count(), 0, "an altered language file never shows");
  assert.ok(german >= 1);
  assert.equal(v.google.filter((r) => GOOGLE.test(r.url)).length, 0);
  await v.close();
});
