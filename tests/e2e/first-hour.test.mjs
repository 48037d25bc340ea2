// What a marketing person tripped over in their first hour with ConsentGate (the "rough
// edges" of the issue list), each as they met it: relative URLs in a config file, what the
// release folder holds, a banner text that names only the site's own purposes, the floating
// control stepping aside for the site's own link, and the cookie declaration on a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, mkdirSync } from "node:fs";
import { launch, Visitor, embedPage, banner, button, DEMO_CONFIG } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const SCREENSHOTS = new URL("../../target/screenshots/", import.meta.url);
mkdirSync(SCREENSHOTS, { recursive: true });

/** Answers `path` with `body` (and records that it was asked for). */
async function serveFile(v, path, body, contentType, asked) {
  await v.context.route(env.base + path, (route) => {
    asked.push(path);
    return route.fulfill({ status: 200, contentType, body });
  });
}

test("relative URLs in a config file resolve against the file, in an inline config against the page", async () => {
  const v = await Visitor.create(env);
  const asked = [];
  const config = { ...DEMO_CONFIG, policy: { url: "legal/notice.txt" } };
  await serveFile(v, "/cfg/site.json", JSON.stringify(config), "application/json", asked);
  await serveFile(v, "/cfg/legal/notice.txt", "Our notice\n\nWe keep little.", "text/plain", asked);
  await serveFile(v, "/blog/notice.txt", "Inline notice\n\nNothing more.", "text/plain", asked);
  await v.serve("/blog/post.html", embedPage({ config: "{}", attrs: 'async data-config="/cfg/site.json"' }));
  await v.goto("/blog/post.html");
  const link = banner(v.page).getByRole("link", { name: "Privacy policy" });
  assert.equal(await link.getAttribute("href"), `${env.base}/cfg/legal/notice.txt`);
  await link.click();
  await v.page.getByRole("dialog", { name: "Privacy policy" }).getByRole("heading", { name: "Our notice" }).waitFor();
  assert.ok(asked.includes("/cfg/legal/notice.txt"), "fetched next to the config file");

  const w = await Visitor.create(env);
  const inline = { ...DEMO_CONFIG, policy: { url: "notice.txt" } };
  await serveFile(w, "/blog/notice.txt", "Inline notice\n\nNothing more.", "text/plain", asked);
  await w.serve("/blog/inline.html", embedPage({ config: inline, inline: true }));
  await w.goto("/blog/inline.html");
  await banner(w.page).getByRole("link", { name: "Privacy policy" }).click();
  await w.page.getByRole("dialog", { name: "Privacy policy" }).getByRole("heading", { name: "Inline notice" }).waitFor();
  assert.ok(asked.includes("/blog/notice.txt"), "an inline config's relative URL follows the page");
  await v.close();
  await w.close();
});

test("the release folder holds exactly what a site deploys, and the README says to copy it", () => {
  const root = new URL("../../dist/consent-gate/", import.meta.url);
  const files = readdirSync(root).sort();
  assert.deepEqual(files, [
    "config.schema.json",
    "consent-gate-policy.js",
    "consent-gate-policy_bg.wasm",
    "consent-gate-ui.js",
    "consent-gate-ui_bg.wasm",
    "consent-gate.js",
    "i18n",
  ]);
  const languages = readdirSync(new URL("i18n/", root));
  assert.ok(languages.length >= 40 && languages.every((f) => f.endsWith(".json")), "only language files in i18n/");
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  assert.match(readme, /dist\/consent-gate\//, "the README names the folder to copy");
  assert.ok(!/writes six files to `dist\/`/.test(readme), "and no longer says to copy dist/ itself");
});

test("the default banner text names the site's own purposes, and none when it has none", async () => {
  const chat = {
    categories: {
      necessary: { required: true, title: "Strictly necessary", description: "Needed." },
      functional: { title: "Live chat", description: "Talk to us.", services: { intercom: { title: "Intercom", provider: "Intercom" } } },
    },
  };
  const only = { categories: { necessary: { required: true, title: "Strictly necessary", description: "Needed." } } };
  for (const [config, present, absent] of [
    [chat, /optional cookies for these purposes: Live chat\./, /Analytics|Marketing|advertis/i],
    [only, /We only use cookies that the site needs to work/, /optional|Analytics|Marketing/],
  ]) {
    const v = await Visitor.create(env);
    await v.serve("/t/purposes.html", embedPage({ config, inline: true }));
    await v.goto("/t/purposes.html");
    const text = await banner(v.page).locator("#cg-banner-text").textContent();
    assert.match(text, present);
    assert.doesNotMatch(text, absent);
    await v.close();
  }
});

test("the floating control steps aside while the site's own preferences link is on screen", async () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 375, height: 667 },
  ]) {
    const v = await Visitor.create(env, { viewport });
    await v.goto("/");
    await button(banner(v.page), "Reject all").click();
    await v.changes(1);
    const control = button(v.page.locator("consent-gate"), "Privacy preferences");
    await control.waitFor();
    const footer = v.page.locator("footer").getByRole("link", { name: "Privacy preferences" });
    await footer.scrollIntoViewIfNeeded();
    await control.waitFor({ state: "hidden" });
    await v.page.evaluate(() => window.scrollTo(0, 0));
    await control.waitFor({ state: "visible" });
    // And for a returning visitor, whose control the gate draws.
    await v.page.reload();
    await v.ready();
    await control.waitFor({ state: "visible" });
    await footer.scrollIntoViewIfNeeded();
    await control.waitFor({ state: "hidden" });
    const footerBox = await footer.boundingBox();
    assert.ok(footerBox.y + footerBox.height <= viewport.height, "the footer link is on screen, uncovered");
    await v.close();
  }
});

for (const width of [320, 375, 1280]) {
  test(`the cookie declaration reads well at ${width} px: no sideways scroll, no word cut mid-word`, async () => {
    const v = await Visitor.create(env, { viewport: { width, height: 800 } });
    await v.goto("/www/privacy.html#cookie-declaration");
    const page = v.page.locator("[data-consent-gate=policy]");
    const table = page.locator(".cg-declaration-table").first();
    await table.waitFor();
    await page.getByRole("heading", { name: "Cookie declaration" }).scrollIntoViewIfNeeded();
    await v.page.screenshot({ path: new URL(`declaration-${width}.png`, SCREENSHOTS).pathname });
    const facts = await v.page.evaluate(() => {
      const root = document.querySelector("[data-consent-gate=policy]").shadowRoot;
      const out = { overflow: [], broken: [], tall: [] };
      if (document.documentElement.scrollWidth > innerWidth) out.overflow.push("page");
      for (const el of root.querySelectorAll(".cg-table-wrap, .cg-declaration, .cg-declaration-table")) {
        if (el.scrollWidth > el.clientWidth + 1) out.overflow.push(el.className);
      }
      for (const cell of root.querySelectorAll(".cg-declaration-table th, .cg-declaration-table td")) {
        if (cell.getClientRects().length === 0) continue;
        const s = getComputedStyle(cell);
        if (s.wordBreak === "break-all" || s.overflowWrap === "anywhere") out.broken.push(`${cell.tagName} breaks anywhere`);
        // A word wider than its cell would be cut: every word must fit.
        const range = document.createRange();
        for (const node of cell.childNodes) {
          if (node.nodeType !== Node.TEXT_NODE) continue;
          let at = 0;
          for (const word of node.textContent.split(/(\s+)/)) {
            if (word.trim()) {
              range.setStart(node, at);
              range.setEnd(node, at + word.length);
              if (range.getClientRects().length > 1) out.broken.push(`"${word}" split across lines`);
            }
            at += word.length;
          }
        }
      }
      for (const th of root.querySelectorAll(".cg-declaration-table thead th")) {
        if (th.getClientRects().length === 0) continue;
        const lines = th.getBoundingClientRect().height / parseFloat(getComputedStyle(th).lineHeight);
        if (lines > 2.5) out.tall.push(`${th.textContent} wraps into ${Math.round(lines)} lines`);
      }
      return out;
    });
    assert.deepEqual(facts, { overflow: [], broken: [], tall: [] });
    if (width < 600) {
      const cards = await table.locator("td").first().evaluate((td) => getComputedStyle(td).display);
      assert.equal(cards, "grid", "on a phone each cookie reads as a card");
    }
    await v.close();
  });
}
