// docs/recipes.md, end to end, one recipe at a time. Each vendor recipe's page is composed
// from the recipe's own markup and config (recipes-harness.mjs); the vendor's hosts are
// answered by stubs (recipes-stubs.mjs). Each recipe: nothing reaches the vendor before a
// choice, the snippet runs after "Accept all", withdrawal deletes its cookies. And the doc's
// configs themselves: they merge, and every cookie they declare is in the Open Cookie
// Database. Other tabs: recipes-tabs.test.mjs; recipes on one page: recipes-together.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { banner, preferences, button, reopen } from "./harness.mjs";
import {
  COOKIE_DOMAIN,
  RECIPES,
  categoryOf,
  consentGateErrors,
  close,
  recipe,
  recorded,
  ran,
  serveRecipe,
  states,
  useSite,
  vendorCookies,
  vendorRequests,
  visitor,
} from "./recipes-harness.mjs";

/** The Open Cookie Database, as the repository ships it for `consent-gate scan`. */
const OCD = new URL("../../cli/data/open-cookie-database.csv", import.meta.url);

useSite();

RECIPES.forEach((r, i) => {
  test(`${r.title}: nothing reaches the vendor before a choice, the snippet runs after Accept all, withdrawal deletes its cookies`, async () => {
    const { v, external } = await visitor();
    const { path, config } = await serveRecipe(v, r);
    await v.goto(path);
    await v.ready();
    await banner(v.page).waitFor();

    // (1) Before any choice: every marked element waits, nothing went to the vendor.
    const before = await states(v.page);
    assert.ok(before.length > 0, "the recipe's markup has marked elements");
    assert.deepEqual(
      before,
      before.map(() => "waiting"),
      'every marked element waits ("invalid": it names an unknown category or service; null: ConsentGate does not see it, e.g. no type="text/plain", or src instead of data-src)',
    );
    assert.deepEqual(vendorRequests(external, r), [], "no request to the vendor before a choice");
    assert.deepEqual(await vendorCookies(v, r), [], "no vendor cookie before a choice");
    if (r.placeholder) assert.equal(await v.page.locator(r.placeholder).isVisible(), true, "the placeholder shows");
    assert.deepEqual(consentGateErrors(v), [], "ConsentGate accepts the recipe's config and markup");

    // (2) Accept all: the snippet runs, is told what the recipe says, sets its cookies.
    await button(banner(v.page), "Accept all").click();
    await ran(v.page, r);
    assert.ok(vendorRequests(external, r).length > 0, "the vendor was requested");
    if (r.frame) assert.ok(vendorRequests(external, r).includes(r.frame), `the embed ${r.frame} loaded`);
    for (const call of r.calls ?? []) await recorded(v.page, call, "after Accept all");
    if (r.cookies) {
      const expected = r.cookies.map((n) => `${n}@.${COOKIE_DOMAIN}`).sort();
      assert.deepEqual(await vendorCookies(v, r), expected, "the stub set the vendor's cookies");
    }
    for (const key of r.storage ?? []) {
      assert.notEqual(await v.page.evaluate((k) => localStorage.getItem(k), key), null, `localStorage ${key} was set`);
    }
    if (r.placeholder) assert.equal(await v.page.locator(r.placeholder).isVisible(), false, "the placeholder hides");

    // A returning visitor: the snippet runs at once, without a banner and without errors.
    await v.page.reload();
    await v.ready();
    await ran(v.page, r);
    assert.equal(await banner(v.page).isVisible(), false);

    // (3) Withdraw: reopen the preferences (the API or the floating control, in turn), switch
    // the recipe's category off, save. The page reloads, since the snippet ran; an embed
    // alone (no script of its service ran) gets its placeholder back instead, without one.
    if (i % 2 === 0) await v.page.evaluate(() => window.ConsentGate.showPreferences());
    else await reopen(v.page).click();
    const dialog = preferences(v.page);
    await dialog.getByRole("switch", { name: categoryOf(config, r.service), exact: true }).uncheck();
    const frameOnly = r.frame && !r.stub;
    const reloaded = frameOnly ? null : v.page.waitForEvent("load");
    await button(dialog, "Save preferences").click();
    if (frameOnly) await v.page.getByRole("group", { name: `${r.title}, not loaded` }).waitFor();
    else await reloaded;
    await v.ready();
    assert.deepEqual(await vendorCookies(v, r), [], "withdrawal deleted the vendor's cookies on the parent domain");
    for (const key of r.storage ?? []) {
      assert.equal(await v.page.evaluate((k) => localStorage.getItem(k), key), null, `withdrawal removed localStorage ${key}`);
    }
    const after = await states(v.page);
    assert.deepEqual(after, after.map(() => "waiting"), "after withdrawal every marked element waits again");
    assert.equal(await v.page.evaluate(() => window.__stubs || null), null, "the vendor's code did not run again");
    if (r.frame) assert.equal(await v.page.evaluate(() => document.querySelector("iframe").getAttribute("src")), frameOnly ? "about:blank" : null);
    assert.deepEqual(v.errors, [], "no script error on any page view");
    assert.deepEqual(consentGateErrors(v), []);
    await close(v);
  });
});

test("the recipes' configs merge: a category recurs with the same title and description", () => {
  const seen = new Map();
  for (const r of RECIPES) {
    for (const [id, c] of Object.entries(recipe(r.title).config.categories)) {
      const text = { title: c.title, description: c.description, gpc: c.gpc };
      if (seen.has(id)) assert.deepEqual(text, seen.get(id), `category "${id}" in "## ${r.title}"`);
      else seen.set(id, text);
      assert.ok(c.services && r.service in c.services, `"## ${r.title}" declares the service "${r.service}" in its config`);
    }
  }
});

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines). */
function csv(text) {
  const rows = [[]];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") rows.at(-1).push(field), (field = "");
    else if (ch === "\n") rows.at(-1).push(field.replace(/\r$/, "")), (field = ""), rows.push([]);
    else field += ch;
  }
  if (field) rows.at(-1).push(field);
  return rows;
}

test("every cookie the recipes declare is in the Open Cookie Database", () => {
  const [header, ...rows] = csv(readFileSync(OCD, "utf8"));
  const [name, wildcard] = ["Cookie / Data Key name", "Wildcard match"].map((h) => header.indexOf(h));
  const entries = rows.filter((row) => row.length > wildcard).map((row) => ({ name: row[name], prefix: row[wildcard] === "1" }));
  const known = (declared) => {
    if (declared.startsWith("^")) {
      const prefix = declared.slice(1);
      return entries.some((e) => e.name.startsWith(prefix) || (e.prefix && prefix.startsWith(e.name)));
    }
    return entries.some((e) => e.name === declared || (e.prefix && declared.startsWith(e.name)));
  };
  for (const r of RECIPES) {
    for (const c of Object.values(recipe(r.title).config.categories)) {
      for (const s of Object.values(c.services)) {
        for (const cookie of s.cookies ?? []) {
          assert.ok(known(cookie.name), `"## ${r.title}": ${cookie.name} is not in the Open Cookie Database`);
          assert.ok(cookie.lifetime && cookie.description, `"## ${r.title}": ${cookie.name} has a lifetime and a description`);
        }
      }
    }
  }
});
