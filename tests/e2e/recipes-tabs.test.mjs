// docs/recipes.md, end to end: when consent ends in another tab. A recipe's listener tells
// the vendor there (and again when consent returns), or its optional block reloads that tab;
// and Meta Pixel with "reloadOnWithdraw": false keeps the page while its listener revokes.
// The pages and stubs: recipes-harness.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { banner, preferences, button, reopen, embedPage } from "./harness.mjs";
import {
  RECIPES,
  calls,
  close,
  ran,
  recipe,
  recorded,
  serve,
  serveRecipe,
  siteConfig,
  useSite,
  vendorCookies,
  visitor,
} from "./recipes-harness.mjs";

useSite();

for (const r of RECIPES.filter((r) => r.revoked || r.reloadsOtherTabs)) {
  const how = r.revoked
    ? `the recipe's listener calls ${JSON.stringify(r.revoked.slice(1))} there` +
      (r.regranted ? `, and ${JSON.stringify(r.regranted.slice(1))} when consent returns` : "")
    : "the recipe's optional listener reloads it";
  test(`${r.title}: when consent ends in another tab, ${how}`, async () => {
    const { v } = await visitor();
    const { path } = await serveRecipe(v, r, { blocks: r.reloadsOtherTabs ? 2 : 1 });
    const a = v.page;
    const b = await v.newPage();
    await v.goto(path, a);
    await v.goto(path, b);
    await v.ready(a);
    await v.ready(b);
    await b.evaluate(() => (window.__sameDocument = true));
    await button(banner(a), "Accept all").click();
    await ran(a, r); // before the withdrawal: a vendor script still loading would set its cookies after it
    await ran(b, r); // the decision reached B without a reload, and started the snippet there

    const aReloaded = a.waitForEvent("load");
    const bReloaded = r.reloadsOtherTabs && b.waitForEvent("load");
    await a.evaluate(() => window.ConsentGate.rejectAll());
    await aReloaded;
    if (r.revoked) {
      await recorded(b, r.revoked, "in the other tab, after the withdrawal");
      assert.equal(await b.evaluate(() => window.__sameDocument), true, "ConsentGate itself never reloads another tab");
      assert.deepEqual(await vendorCookies(v, r), [], "the cookies are gone");
      if (r.regranted) {
        const from = (await calls(b)).length;
        await v.ready(a);
        await a.evaluate(() => window.ConsentGate.acceptAll());
        await recorded(b, r.regranted, "in the other tab, after consent was given again", from);
      }
    } else {
      await bReloaded;
      await v.ready(b);
      assert.equal(await b.evaluate(() => window.__stubs || null), null, "after its reload the vendor's code is gone");
      assert.deepEqual(await vendorCookies(v, r), [], "the cookies are gone");
    }
    assert.deepEqual(v.errors, []);
    await close(v);
  });
}

test('Meta Pixel with "reloadOnWithdraw": false: withdrawing keeps the page, the listener revokes, the cookies go', async () => {
  const r = RECIPES.find((r) => r.title === "Meta Pixel");
  const { v } = await visitor();
  const path = "/t/recipe-noreload.html";
  const { html, config } = recipe(r.title);
  await serve(v, path, embedPage({ config: { ...siteConfig(config), reloadOnWithdraw: false }, inline: true, body: html[0] }));
  await v.goto(path + r.query);
  await button(banner(v.page), "Accept all").click();
  await ran(v.page, r);
  await v.page.evaluate(() => (window.__sameDocument = true));
  await reopen(v.page).click();
  await preferences(v.page).getByRole("switch", { name: "Marketing", exact: true }).uncheck();
  await button(preferences(v.page), "Save preferences").click();
  await v.changes(2);
  await recorded(v.page, r.revoked, "after the withdrawal");
  assert.equal(await v.page.evaluate(() => window.__sameDocument), true, "no reload");
  assert.deepEqual(await vendorCookies(v, r), []);
  assert.deepEqual(v.errors, []);
  await close(v);
});
