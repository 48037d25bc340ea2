// WCAG 2.2 AA, as a visitor with a keyboard, a screen reader, a zoomed or narrow screen,
// Windows high contrast or reduced motion meets it: the axe-core matrix (English, German and
// Arabic, light and dark, banner, preferences, policy and after a choice), focus that never
// lands on <body> or hides behind the banner, 24 px targets, reflow at 320 px and at 400 %
// zoom, text spacing, forced colours, reduced motion, and the accessibility tree.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, embedPage, button, axe, DEMO_CONFIG, texts } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const bannerIn = (page, tag) => page.getByRole("dialog", { name: texts(tag).bannerTitle });
const preferencesIn = (page, tag) => page.getByRole("dialog", { name: texts(tag).preferencesTitle });
const policyIn = (page) => page.getByRole("dialog", { name: "Data Privacy Policy" });
const widget = (page) => page.locator("consent-gate");

/** A page in `lang` with the demo config and the given look, plus enough page to scroll. */
async function open(v, { lang = "en", look = {}, config = DEMO_CONFIG, path = "/t/a11y.html", body = "" } = {}) {
  const filler = Array.from({ length: 12 }, (_, i) => `<p><a href="#p${i}" id="p${i}">Page link ${i + 1}</a> Lorem ipsum dolor sit amet.</p>`).join("");
  await v.serve(path, embedPage({ config: { ...config, ...look }, lang, inline: true, body: body + filler }));
  await v.goto(path);
  // The interface's banner (the one the bootstrap paints first is held to it in paint.test.mjs).
  await v.ready();
  await bannerIn(v.page, lang).waitFor();
}

/** The element that has focus, through shadow roots. */
function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a ? a.tagName : "none";
  });
}

for (const lang of ["en", "de", "ar"]) {
  for (const scheme of ["light", "dark"]) {
    test(`axe-core, WCAG 2.2 AA: ${lang}, ${scheme}: banner, preferences, policy, after a choice`, async () => {
      const t = texts(lang);
      const v = await Visitor.create(env);
      await open(v, { lang, look: { theme: { scheme } } });
      assert.deepEqual(await axe(v.page), [], "banner");
      await button(bannerIn(v.page, lang), t.managePreferences).click();
      const prefs = preferencesIn(v.page, lang);
      await prefs.waitFor();
      for (const summary of await prefs.locator("summary").all()) await summary.click();
      assert.deepEqual(await axe(v.page), [], "preferences, every service shown");
      await prefs.getByRole("link", { name: t.policyLink }).click();
      const viewer = policyIn(v.page);
      await viewer.getByRole("heading", { name: t.cookieDeclaration }).waitFor();
      assert.deepEqual(await axe(v.page), [], "policy over the preferences");
      await button(viewer, t.close).click();
      await viewer.waitFor({ state: "detached" });
      await button(prefs, t.rejectAll).click();
      await v.changes(1);
      await button(widget(v.page), t.reopenButton).waitFor();
      assert.deepEqual(await axe(v.page), [], "after a choice: the reopen control");
      await v.close();
    });
  }
}

test("axe-core: the bar and the blocking modal layouts, and the auto scheme in a dark browser", async () => {
  for (const [look, colorScheme] of [
    [{ layout: "bar", position: "top" }, "light"],
    [{ layout: "modal", blocking: true }, "light"],
    [{ theme: { scheme: "auto" } }, "dark"],
  ]) {
    const v = await Visitor.create(env, { colorScheme });
    await open(v, { look });
    assert.deepEqual(await axe(v.page), [], JSON.stringify(look));
    await v.close();
  }
});

test("focus returns to what opened a dialog, or into ConsentGate, never to <body>", async () => {
  const v = await Visitor.create(env);
  await open(v);
  // Opened by the site's code, with nothing of ConsentGate's focused.
  await v.page.evaluate(() => document.activeElement.blur());
  await v.page.evaluate(() => ConsentGate.showPreferences());
  const prefs = preferencesIn(v.page, "en");
  await prefs.waitFor();
  await v.page.keyboard.press("Escape");
  await prefs.waitFor({ state: "detached" });
  assert.notEqual(await focused(v.page), "BODY", "not to <body>");
  assert.equal(await focused(v.page), "SECTION", "back to the banner, which is still open");
  // After a decision in the preferences, to the reopen control.
  await button(bannerIn(v.page, "en"), "Manage preferences").click();
  await button(preferencesIn(v.page, "en"), "Reject all").click();
  await v.changes(1);
  assert.equal(await focused(v.page), "BUTTON");
  assert.equal(
    await v.page.evaluate(() => document.querySelector("consent-gate").shadowRoot.activeElement.getAttribute("aria-label")),
    "Privacy preferences",
  );
  await v.close();
});

test("2.4.11: a page element that gets focus is never hidden behind the banner", async () => {
  // How much of the focused page element the banner covers (0: none, 1: all of it).
  const covered = (page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el.tagName === "CONSENT-GATE") return null;
      const r = el.getBoundingClientRect();
      const s = document.querySelector("consent-gate").shadowRoot.querySelector(".cg-banner").getBoundingClientRect();
      const w = Math.max(0, Math.min(r.right, s.right) - Math.max(r.left, s.left));
      const h = Math.max(0, Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top));
      return { name: el.textContent, part: (w * h) / (r.width * r.height), fits: s.height + r.height + 8 <= innerHeight / 2 };
    });
  for (const [look, viewport, links] of [
    [{}, { width: 1280, height: 720 }, 30],
    [{ layout: "bar" }, { width: 375, height: 667 }, 30],
    [{ layout: "bar", position: "top" }, { width: 1280, height: 720 }, 30],
    // A page too short to scroll: the banner moves to the other edge instead.
    [{}, { width: 1280, height: 720 }, 12],
    [{ layout: "bar" }, { width: 375, height: 667 }, 8],
  ]) {
    const v = await Visitor.create(env, { viewport });
    const body = Array.from({ length: links }, (_, i) => `<p><a href="#q${i}">Link ${i + 1}</a> Lorem ipsum dolor sit amet.</p>`).join("");
    await v.serve("/t/focus.html", embedPage({ config: { ...DEMO_CONFIG, ...look }, inline: true, body }));
    await v.goto("/t/focus.html");
    const b = bannerIn(v.page, "en");
    await b.waitFor();
    await v.page.locator("#host-button").focus();
    for (let i = 0; i < links; i++) {
      await v.page.keyboard.press("Tab");
      const c = await covered(v.page);
      if (c === null) continue;
      const where = `${JSON.stringify(look)} ${viewport.width}px, ${links} links: ${c.name}`;
      // WCAG 2.4.11 (AA) forbids hiding it entirely; we keep it fully clear whenever the
      // banner leaves room for it (a bar taller than half a phone's screen may not).
      assert.ok(c.part < 1, `${where} is entirely hidden`);
      if (links > 12 || c.fits) assert.equal(c.part, 0, `${where} is partly hidden (${(c.part * 100).toFixed(0)} %)`);
    }
    assert.equal(await b.isVisible(), true);
    await v.close();
  }
});

test("2.4.11 keeps keyboard focus clear, inside a placeholder too, and leaves a click where it is", async () => {
  const config = { ...structuredClone(DEMO_CONFIG), layout: "bar" };
  // A tall embed whose placeholder reaches under the banner at the bottom of the viewport.
  const body = `<p id="intro" style="height: 380px">Intro</p>
    <iframe id="video" data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/x" title="Video" style="display: block; width: 600px; height: 320px; border: 0"></iframe>
    <p style="height: 1200px">More</p>`;
  for (const by of ["keyboard", "mouse"]) {
    const v = await Visitor.create(env, { viewport: { width: 1280, height: 720 } });
    await v.serve("/t/ph-focus.html", embedPage({ config, inline: true, body }));
    await v.goto("/t/ph-focus.html");
    await v.ready();
    const b = bannerIn(v.page, "en");
    await b.waitFor();
    const once = v.page.getByRole("group", { name: "YouTube, not loaded" }).getByRole("button", { name: "Load once" });
    // The button's top 30 px above the banner's: its lower part hidden behind it.
    const bar = await b.boundingBox();
    const shift = bar.y - 30 - (await once.boundingBox()).y;
    await v.page.evaluate((shift) => (document.getElementById("intro").style.height = `${380 + shift}px`), shift);
    const box = await once.boundingBox();
    assert.ok(box.y < bar.y && box.y + box.height > bar.y - 8, `the button (${box.y}) reaches the banner (${bar.y}): the case under test`);
    if (by === "keyboard") {
      await once.focus();
      await v.page.keyboard.press("Shift+Tab");
      await v.page.keyboard.press("Tab");
      // The focused button, not the whole placeholder, is scrolled clear of the banner.
      const [after, banner] = [await once.boundingBox(), await b.boundingBox()];
      assert.ok(after.y + after.height + 8 <= banner.y + 1, `${after.y + after.height} above ${banner.y}`);
    } else {
      const scrolled = await v.page.evaluate(() => scrollY);
      await once.click();
      // The click did what it says: the video loads, and nothing scrolled away under it.
      await v.page.waitForFunction(() => document.getElementById("video").getAttribute("src") !== null);
      assert.equal(await v.page.evaluate(() => scrollY), scrolled);
    }
    await v.close();
  }
});

test("2.4.7: the focus indicator is visible on every control", async () => {
  const v = await Visitor.create(env);
  await open(v);
  await button(bannerIn(v.page, "en"), "Manage preferences").click();
  await preferencesIn(v.page, "en").waitFor();
  const seen = new Set();
  for (let i = 0; i < 16; i++) {
    await v.page.keyboard.press("Tab");
    const facts = await v.page.evaluate(() => {
      let a = document.activeElement;
      while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
      const s = getComputedStyle(a);
      return { name: a.tagName + " " + (a.id || a.textContent.trim().slice(0, 20)), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    seen.add(facts.name);
    assert.notEqual(facts.outline, "none", facts.name);
    assert.ok(facts.width >= 2, `${facts.name}: outline ${facts.width}px`);
  }
  assert.ok(seen.size >= 8, `Tab visited ${seen.size} controls`);
  await v.close();
});

/** Every control in ConsentGate's shadow roots smaller than 24 x 24 CSS px (links inside a
 *  sentence are exempt, as WCAG 2.5.8 allows). */
function smallTargets(page) {
  return page.evaluate(() => {
    const roots = [...document.querySelectorAll("consent-gate, [data-consent-gate]")].map((h) => h.shadowRoot).filter(Boolean);
    const out = [];
    for (const root of roots) {
      for (const el of root.querySelectorAll("button, input, summary, a, [tabindex='0']")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // not shown
        const inline = el.tagName === "A" && getComputedStyle(el).display === "inline" && el.parentElement.closest("p, li, td, dd");
        if (inline) continue;
        if (r.width < 24 || r.height < 24) out.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
      }
    }
    return out;
  });
}

test("2.5.8: every control is at least 24 x 24 px, in every surface, at 1280 and 320 px", async () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 320, height: 640 },
  ]) {
    const v = await Visitor.create(env, { viewport });
    await open(v);
    assert.deepEqual(await smallTargets(v.page), [], "banner");
    await button(bannerIn(v.page, "en"), "Manage preferences").click();
    const prefs = preferencesIn(v.page, "en");
    for (const summary of await prefs.locator("summary").all()) await summary.click();
    assert.deepEqual(await smallTargets(v.page), [], "preferences");
    await prefs.getByRole("link", { name: "Privacy policy" }).click();
    await policyIn(v.page).getByRole("heading", { name: "Cookie declaration" }).waitFor();
    assert.deepEqual(await smallTargets(v.page), [], "policy");
    await button(policyIn(v.page), "Close").click();
    await button(prefs, "Reject all").click();
    await v.changes(1);
    assert.deepEqual(await smallTargets(v.page), [], "reopen control");
    await v.close();
  }
});

/** Horizontal overflow anywhere: the page, or a ConsentGate element wider than its box. */
function overflow(page) {
  return page.evaluate(() => {
    const out = [];
    if (document.documentElement.scrollWidth > innerWidth) out.push(`page ${document.documentElement.scrollWidth} > ${innerWidth}`);
    const root = document.querySelector("consent-gate").shadowRoot;
    for (const el of root.querySelectorAll(".cg-banner, .cg-dialog, .cg-dialog-body, .cg-actions, .cg-category, .cg-service")) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") {
        out.push(`${el.className} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      }
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.left < -1 || r.right > innerWidth + 1)) out.push(`${el.className} outside the viewport`);
    }
    return out;
  });
}

for (const [name, viewport, lang] of [
  ["320 CSS px", { width: 320, height: 640 }, "en"],
  ["320 CSS px in German", { width: 320, height: 640 }, "de"],
  ["400 % zoom of a 1280 x 720 window (320 x 180 CSS px)", { width: 320, height: 180 }, "en"],
]) {
  test(`1.4.10 reflow at ${name}: no sideways scrolling, every choice reachable`, async () => {
    const t = texts(lang);
    const v = await Visitor.create(env, { viewport });
    await open(v, { lang });
    const b = bannerIn(v.page, lang);
    assert.deepEqual(await overflow(v.page), [], "banner");
    for (const label of [t.acceptAll, t.rejectAll, t.managePreferences]) {
      const control = button(b, label);
      await control.scrollIntoViewIfNeeded();
      assert.ok(await control.isVisible(), label);
      const box = await control.boundingBox();
      assert.ok(box.y >= 0 && box.y + box.height <= viewport.height + 1, `${label} can be scrolled into view`);
    }
    await button(b, t.managePreferences).click();
    const prefs = preferencesIn(v.page, lang);
    await prefs.waitFor();
    for (const summary of await prefs.locator("summary").all()) await summary.click();
    assert.deepEqual(await overflow(v.page), [], "preferences");
    const save = button(prefs, t.savePreferences);
    await save.scrollIntoViewIfNeeded();
    await prefs.getByRole("switch", { name: "Analytics", exact: true }).check();
    await save.click();
    await v.changes(1);
    assert.equal((await v.stored()).categories.analytics, true, "the choice could be made");
    await v.close();
  });
}

test("1.4.12: with WCAG's text-spacing overrides no text is cut off or overlaps", async () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 320, height: 640 },
  ]) {
    const v = await Visitor.create(env, { viewport });
    await open(v, { lang: "de" });
    await v.page.evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(
        "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }",
      );
      const root = document.querySelector("consent-gate").shadowRoot;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    });
    const clipped = () =>
      v.page.evaluate(() => {
        const root = document.querySelector("consent-gate").shadowRoot;
        const out = [];
        for (const el of root.querySelectorAll("button, summary, label, h2, h3, p, .cg-always")) {
          const s = getComputedStyle(el);
          if (el.getClientRects().length === 0) continue;
          const cuts = s.overflow !== "visible" || s.textOverflow === "ellipsis";
          if (cuts && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
            out.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}"`);
          }
        }
        // Buttons in a row must not overlap one another.
        const boxes = [...root.querySelectorAll(".cg-actions .cg-button")].map((b) => b.getBoundingClientRect()).filter((r) => r.width);
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            if (a.left < b.right - 1 && a.right > b.left + 1 && a.top < b.bottom - 1 && a.bottom > b.top + 1) out.push(`buttons ${i} and ${j} overlap`);
          }
        return out;
      });
    assert.deepEqual(await clipped(), [], `banner at ${viewport.width}`);
    await button(bannerIn(v.page, "de"), texts("de").managePreferences).click();
    const prefs = preferencesIn(v.page, "de");
    for (const summary of await prefs.locator("summary").all()) await summary.click();
    assert.deepEqual(await clipped(), [], `preferences at ${viewport.width}`);
    await v.close();
  }
});

test("forced colours (Windows high contrast): switch states, buttons and focus stay visible", async () => {
  const v = await Visitor.create(env, { forcedColors: "active" });
  await open(v);
  assert.equal(await v.page.evaluate(() => matchMedia("(forced-colors: active)").matches), true);
  const accept = button(bannerIn(v.page, "en"), "Accept all");
  const edge = await accept.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.borderTopStyle, width: parseFloat(s.borderTopWidth) };
  });
  assert.ok(edge.style !== "none" && edge.width >= 1, "buttons keep a visible edge when backgrounds are gone");
  await button(bannerIn(v.page, "en"), "Manage preferences").click();
  const prefs = preferencesIn(v.page, "en");
  const toggle = prefs.getByRole("switch", { name: "Analytics", exact: true });
  const off = await toggle.screenshot();
  const look = () =>
    toggle.evaluate((el) => {
      const s = getComputedStyle(el);
      const knob = getComputedStyle(el, "::before");
      return { background: s.backgroundColor, border: s.borderTopColor, knob: knob.backgroundColor, at: knob.insetInlineStart };
    });
  const offLook = await look();
  await toggle.check();
  const on = await toggle.screenshot();
  const onLook = await look();
  assert.notDeepEqual(on, off, "the two states look different");
  assert.notEqual(onLook.background, offLook.background, "on and off differ in colour, not only in position");
  assert.notEqual(onLook.border, "rgba(0, 0, 0, 0)", "the switch has a visible edge");
  // Focus: the indicator is drawn in a system colour, which forced colours keep.
  await toggle.focus();
  await v.page.keyboard.press("Shift+Tab");
  await v.page.keyboard.press("Tab");
  const outline = await toggle.evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(outline, "none");
  await v.close();
});

test("prefers-reduced-motion: nothing moves", async () => {
  const v = await Visitor.create(env, { reducedMotion: "reduce" });
  await open(v);
  await button(bannerIn(v.page, "en"), "Manage preferences").click();
  const prefs = preferencesIn(v.page, "en");
  await prefs.getByRole("switch", { name: "Analytics", exact: true }).check();
  const moving = await v.page.evaluate(() => {
    const root = document.querySelector("consent-gate").shadowRoot;
    const out = root.getAnimations().map((a) => a.constructor.name);
    for (const el of root.querySelectorAll("*")) {
      for (const pseudo of [null, "::before", "::after"]) {
        const s = getComputedStyle(el, pseudo);
        const longest = (list) => Math.max(...list.split(",").map((d) => parseFloat(d) || 0));
        if (longest(s.transitionDuration) > 0 || (s.animationName !== "none" && longest(s.animationDuration) > 0)) {
          out.push(`${el.tagName}.${el.className}${pseudo ?? ""}`);
        }
      }
    }
    return out;
  });
  assert.deepEqual(moving, []);
  await v.close();
});

test("the accessibility tree: named dialogs, switches with their state, the saved choice announced", async () => {
  const v = await Visitor.create(env);
  await open(v, { lang: "de" });
  const de = texts("de");
  const b = bannerIn(v.page, "de");
  const tree = await b.ariaSnapshot();
  assert.match(tree, new RegExp(`heading "${de.bannerTitle}"`));
  for (const name of [de.acceptAll, de.rejectAll, de.managePreferences]) assert.match(tree, new RegExp(`button "${name}"`));
  await button(b, de.managePreferences).click();
  const prefs = preferencesIn(v.page, "de");
  await prefs.waitFor();
  const before = await prefs.ariaSnapshot();
  assert.match(before, /switch "Strictly necessary" \[checked\] \[disabled\]/);
  assert.match(before, /switch "Analytics"(?! \[checked\])/);
  await prefs.getByRole("switch", { name: "Analytics", exact: true }).check();
  assert.match(await prefs.ariaSnapshot(), /switch "Analytics" \[checked\]/);
  await button(prefs, de.savePreferences).click();
  await v.changes(1);
  const status = widget(v.page).getByRole("status");
  await status.getByText(de.choicesSaved).waitFor();
  assert.equal(await status.getAttribute("role"), "status", "a polite live region announces it");
  await v.close();
});
