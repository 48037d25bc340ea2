// Requirements C (banner rules, B1 to B6) and E (accessibility, A1 to A3), as a visitor meets
// them on the demo site.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, banner, preferences, button, reopen, axe } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

/** The element that has focus, looking through shadow roots: "TAG name". */
function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return "none";
    const name =
      a.getAttribute("aria-label") ||
      (a.labels && a.labels[0] && a.labels[0].textContent.trim()) ||
      (a.getAttribute("role") === "dialog" && a.querySelector("h2").textContent) ||
      a.textContent.trim().slice(0, 40);
    return `${a.tagName} ${name}`;
  });
}

function luminance([r, g, b]) {
  const c = [r, g, b].map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

function contrast(fg, bg) {
  const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

async function buttonFacts(locator) {
  const box = await locator.boundingBox();
  const style = await locator.evaluate((el) => {
    const s = getComputedStyle(el);
    const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    return {
      tag: el.tagName,
      fontSize: s.fontSize,
      fontWeight: s.fontWeight,
      fontFamily: s.fontFamily,
      textTransform: s.textTransform,
      padding: s.padding,
      color: rgb(s.color),
      background: rgb(s.backgroundColor),
    };
  });
  return { box, ...style };
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 320, height: 640 },
]) {
  test(`B1: Reject all sits beside Accept all, both visible without scrolling at ${viewport.width}x${viewport.height}`, async () => {
    const v = await Visitor.create(env, { viewport });
    await v.goto("/");
    await v.ready();
    const b = banner(v.page);
    await b.waitFor();
    for (const name of ["Accept all", "Reject all", "Manage preferences"]) {
      const box = await button(b, name).boundingBox();
      assert.ok(box, name);
      assert.ok(box.x >= 0 && box.y >= 0, `${name} starts inside the viewport`);
      assert.ok(box.x + box.width <= viewport.width && box.y + box.height <= viewport.height, `${name} ends inside`);
    }
    assert.equal(await v.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, "no horizontal scroll");
    await v.close();
  });
}

test("B2: Reject is a real button with the same size, font, weight and padding as Accept, contrast >= 4.5", async () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 320, height: 640 },
  ]) {
    const v = await Visitor.create(env, { viewport });
    await v.goto("/");
    await v.ready();
    const accept = await buttonFacts(button(banner(v.page), "Accept all"));
    const reject = await buttonFacts(button(banner(v.page), "Reject all"));
    assert.equal(reject.tag, "BUTTON");
    assert.ok(Math.abs(accept.box.width - reject.box.width) <= 2, `widths ${accept.box.width} ${reject.box.width}`);
    assert.ok(Math.abs(accept.box.height - reject.box.height) <= 2, "heights");
    for (const key of ["fontSize", "fontWeight", "fontFamily", "padding", "textTransform"]) {
      assert.equal(reject[key], accept[key], key);
    }
    assert.ok(contrast(reject.color, reject.background) >= 4.5, "reject contrast");
    assert.ok(contrast(accept.color, accept.background) >= 4.5, "accept contrast");
    assert.doesNotMatch(accept.fontFamily, /Georgia/, "the host page's fonts do not reach the banner");
    assert.equal(accept.textTransform, "none", "nor its uppercase buttons");
    await v.close();
  }
});

test("B3: one click rejects, as one click accepts", async () => {
  for (const [name, granted] of [
    ["Reject all", false],
    ["Accept all", true],
  ]) {
    const v = await Visitor.create(env);
    await v.goto("/");
    await button(banner(v.page), name).click();
    await v.changes(1);
    const record = await v.stored();
    assert.deepEqual(record.categories, { necessary: true, analytics: granted, marketing: granted });
    assert.equal(record.method, granted ? "accept-all" : "reject-all");
    assert.equal(await banner(v.page).isVisible(), false);
    await v.close();
  }
});

test("B4: nothing is pre-ticked; necessary is on, disabled and explained", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await button(banner(v.page), "Manage preferences").click();
  const dialog = preferences(v.page);
  await dialog.waitFor();
  for (const summary of await dialog.locator("summary").all()) await summary.click();
  const boxes = dialog.getByRole("switch");
  assert.equal(await boxes.count(), 8, "3 categories and 5 services");
  const necessary = dialog.getByRole("switch", { name: "Strictly necessary" });
  assert.equal(await necessary.isChecked(), true);
  assert.equal(await necessary.isDisabled(), true);
  const description = await necessary.evaluate((el) =>
    el
      .getAttribute("aria-describedby")
      .split(" ")
      .map((id) => el.getRootNode().getElementById(id).textContent)
      .join(" "),
  );
  assert.match(description, /^Always on Needed for the site to work/);
  const service = dialog.getByRole("switch", { name: "ConsentGate" });
  assert.equal(await service.isChecked(), true);
  assert.equal(await service.isDisabled(), true);
  for (const name of ["Analytics", "Marketing", "Google Analytics 4", "Google Tag Manager", "YouTube"]) {
    const box = dialog.getByRole("switch", { name, exact: true });
    assert.equal(await box.isChecked(), false, name);
    assert.equal(await box.isEnabled(), true, name);
  }
  await v.close();
});

test("B5: scrolling, Escape, the close button and clicking outside grant nothing", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await banner(v.page).waitFor();
  await v.page.mouse.wheel(0, 1500);
  await v.page.keyboard.press("Escape");
  assert.equal(await banner(v.page).isVisible(), false, "Escape hides the banner for this page view");
  // Scrolled to the footer, the site's own link reopens the preferences.
  const footerLink = v.page.locator("footer").getByRole("link", { name: "Privacy preferences" });
  await footerLink.click();
  const dialog = preferences(v.page);
  await dialog.getByRole("switch", { name: "Analytics" }).check();
  await button(dialog, "Close").click();
  await dialog.waitFor({ state: "detached" });
  await footerLink.click();
  assert.equal(await dialog.getByRole("switch", { name: "Analytics" }).isChecked(), false, "an unsaved tick is gone");
  await v.page.mouse.click(5, 5);
  await dialog.waitFor({ state: "detached" });
  await v.page.waitForLoadState("networkidle");
  assert.equal(await v.stored(), null);
  assert.deepEqual(v.google, []);
  assert.deepEqual(v.youtube, []);
  assert.equal(await v.page.evaluate(() => window.ConsentGate.accepted("analytics")), false);
  assert.deepEqual(await v.page.evaluate(() => window.__cg.change.length), 0);
  await v.page.reload();
  await banner(v.page).waitFor();
  await v.close();
});

test("B6: the preferences name each category's services, cookies, lifetimes and third parties", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await button(banner(v.page), "Manage preferences").click();
  const dialog = preferences(v.page);
  await dialog.getByText("Services (2)").first().click();
  const table = dialog.getByRole("region", { name: "Cookie declaration: Analytics" });
  const rows = await table.getByRole("row").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const ga = ["Google Analytics 4", "Google Ireland Ltd."];
  assert.deepEqual(rows, [
    ["Service", "Provider", "Cookie", "Purpose", "Lifetime", "Shares data with a third party"],
    [...ga, "_ga", "Distinguishes visitors.", "2 years", "Yes"],
    [...ga, "_ga_*", "Keeps the session state.", "2 years", "Yes"],
    ["Google Tag Manager", "Google Ireland Ltd.", "No cookies", "Loads our measurement tags.", "\u2014", "Yes"],
  ]);
  await v.close();
});

test("A1: banner and preferences are named dialogs; axe-core finds no WCAG 2.2 AA violation", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  const b = banner(v.page);
  await b.waitFor();
  assert.equal(await b.getAttribute("aria-modal"), "false", "the banner leaves the page usable");
  assert.deepEqual(await axe(v.page), []);
  await button(b, "Manage preferences").click();
  const dialog = preferences(v.page);
  assert.equal(await dialog.getAttribute("aria-modal"), "true");
  for (const summary of await dialog.locator("summary").all()) await summary.click();
  assert.deepEqual(await axe(v.page), []);
  await button(dialog, "Reject all").click();
  await reopen(v.page).waitFor();
  assert.deepEqual(await axe(v.page), [], "with the reopen control");
  await v.close();
});

test("A2: focus moves in, Tab and Shift+Tab wrap, Escape closes without granting, focus returns", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await banner(v.page).waitFor();
  await v.page.waitForFunction(() => document.activeElement && document.activeElement.tagName === "CONSENT-GATE");
  assert.equal(await focused(v.page), "SECTION Cookies on this site");
  const kb = v.page.keyboard;
  await kb.press("Tab");
  assert.equal(await focused(v.page), "A Privacy policy");
  await kb.press("Shift+Tab");
  assert.equal(await focused(v.page), "BUTTON Manage preferences", "Shift+Tab wraps to the last control");
  await kb.press("Tab");
  assert.equal(await focused(v.page), "A Privacy policy", "Tab wraps to the first");
  await kb.press("Shift+Tab");
  await kb.press("Enter");
  const dialog = preferences(v.page);
  await dialog.waitFor();
  assert.equal(await focused(v.page), "DIV Privacy preferences", "focus moves into the dialog");
  await kb.press("Shift+Tab");
  assert.equal(await focused(v.page), "BUTTON Save preferences");
  await kb.press("Tab");
  assert.equal(await focused(v.page), "BUTTON Close");
  await kb.press("Tab");
  assert.equal(await focused(v.page), "A Privacy policy");
  await kb.press("Tab");
  assert.equal(await focused(v.page), "SUMMARY Services (1)", "the disabled necessary box is skipped");
  await kb.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await focused(v.page), "BUTTON Manage preferences", "focus returns to the opener");
  assert.equal(await banner(v.page).isVisible(), true, "back to the banner, nothing decided");
  assert.equal(await v.stored(), null);
  await v.close();
});

test("A2: a site link reopens the preferences and gets focus back when they close", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  const link = v.page.getByRole("link", { name: "Privacy preferences" });
  await link.scrollIntoViewIfNeeded();
  const scrolled = await v.page.evaluate(() => window.scrollY);
  await link.focus();
  await v.page.keyboard.press("Enter");
  const dialog = preferences(v.page);
  await dialog.waitFor();
  assert.equal(await v.page.evaluate(() => location.hash), "", 'the link\'s href="#" is not followed');
  assert.equal(await v.page.evaluate(() => window.scrollY), scrolled, "the page does not jump");
  await v.page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await focused(v.page), "A Privacy preferences");
  await v.close();
});

test("A3: keyboard alone rejects from the banner", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await banner(v.page).waitFor();
  await v.page.waitForFunction(() => document.activeElement && document.activeElement.tagName === "CONSENT-GATE");
  for (let i = 0; i < 3; i++) await v.page.keyboard.press("Tab");
  assert.equal(await focused(v.page), "BUTTON Reject all");
  await v.page.keyboard.press("Enter");
  await v.changes(1);
  assert.equal((await v.stored()).method, "reject-all");
  await v.close();
});

test("A3: keyboard alone chooses analytics only in the preferences", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await banner(v.page).waitFor();
  await v.page.waitForFunction(() => document.activeElement && document.activeElement.tagName === "CONSENT-GATE");
  const kb = v.page.keyboard;
  await kb.press("Shift+Tab");
  assert.equal(await focused(v.page), "BUTTON Manage preferences");
  await kb.press("Enter");
  await preferences(v.page).waitFor();
  let guard = 0;
  while ((await focused(v.page)) !== "INPUT Analytics" && guard++ < 20) await kb.press("Tab");
  await kb.press("Space");
  while ((await focused(v.page)) !== "BUTTON Save preferences" && guard++ < 40) await kb.press("Tab");
  await kb.press("Enter");
  await v.changes(1);
  const record = await v.stored();
  assert.equal(record.method, "custom");
  assert.deepEqual(record.categories, { necessary: true, analytics: true, marketing: false });
  assert.deepEqual(record.services, { consent: true, ga4: true, gtm: true, youtube: false, maps: false });
  await v.close();
});
