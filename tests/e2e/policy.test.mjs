// The privacy policy viewer (issue 5): the site's policy in a dialog and on a standalone
// page, its contents and deep links, the cookie declaration generated from the config, and
// safety (policy text is never markup) and size (the parser loads only when it is opened).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, Visitor, banner, preferences, button, reopen, axe, embedPage, DEMO_CONFIG, consentGateFiles as files } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

const policyDialog = (page, name = "Data Privacy Policy") => page.getByRole("dialog", { name });


/** The element that has focus, through shadow roots. */
function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a ? `${a.tagName} ${a.textContent.trim().slice(0, 60)}` : "none";
  });
}

/** Every cookie table under `root`: its region's name, column headers and rows of cell texts. */
function cookieTables(root) {
  return root.locator(".cg-table-wrap").evaluateAll((wraps) =>
    wraps.map((w) => ({
      region: w.getAttribute("aria-label"),
      head: [...w.querySelectorAll("thead th")].map((th) => th.textContent),
      rows: [...w.querySelectorAll("tbody tr")].map((tr) => [...tr.cells].map((c) => c.textContent)),
    })),
  );
}

async function openFromBanner(v) {
  await banner(v.page).getByRole("link", { name: "Privacy policy" }).click();
  const dialog = policyDialog(v.page);
  await dialog.getByRole("heading", { name: "7. Contact Us" }).waitFor();
  return dialog;
}

test("the banner's policy link opens the viewer; the parser downloads only then", async () => {
  const v = await Visitor.create(env);
  const seen = files(v.page);
  await v.goto("/");
  await banner(v.page).waitFor();
  await v.page.waitForLoadState("networkidle");
  assert.ok(!seen.some((f) => f.startsWith("consent-gate-policy")), "not on the banner's path");
  const dialog = await openFromBanner(v);
  assert.ok(seen.includes("consent-gate-policy_bg.wasm"));
  assert.equal(await dialog.getAttribute("aria-modal"), "true");
  const sections = await dialog.getByRole("heading", { level: 3 }).allInnerTexts();
  assert.deepEqual(
    sections.filter((s) => /^\d\. /.test(s)),
    [
      "1. Information Collection and Use",
      "2. Data Handling",
      "3. User Rights",
      "4. Client Data Processing",
      "5. Third-Party Services",
      "6. General Provisions",
      "7. Contact Us",
    ],
  );
  assert.match(await dialog.innerText(), /Last updated: 2024-10-15/);
  assert.equal(await dialog.getByRole("navigation", { name: "Contents" }).getByRole("link").count(), 16);
  const mail = dialog.getByRole("link", { name: "privacy@takara.ai" });
  assert.deepEqual(await mail.evaluateAll((a) => a.map((x) => x.getAttribute("href"))), [
    "mailto:privacy@takara.ai",
    "mailto:privacy@takara.ai",
  ]);
  assert.equal(await v.stored(), null, "reading the policy decides nothing");
  assert.deepEqual(v.errors, []);
  await v.close();
});

test("a contents link scrolls to its section inside the viewer; the page's address stays", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  const dialog = await openFromBanner(v);
  const heading = dialog.getByRole("heading", { name: "Cookies and Tracking Technologies" });
  const body = dialog.locator(".cg-dialog-body");
  const before = await body.evaluate((el) => el.scrollTop);
  await dialog.getByRole("link", { name: "Cookies and Tracking Technologies" }).click();
  await v.page.waitForFunction(
    (b) => document.querySelector("consent-gate").shadowRoot.querySelector(".cg-dialog-body").scrollTop > b,
    before,
  );
  const [box, view] = [await heading.boundingBox(), await body.boundingBox()];
  assert.ok(box.y >= view.y - 1 && box.y < view.y + view.height / 2, "the section is at the top");
  assert.equal(await focused(v.page), "H4 Cookies and Tracking Technologies", "an h3 under the dialog's h2");
  assert.equal(await v.page.evaluate(() => location.hash), "");
  await v.close();
});

test("keyboard alone: open from the banner, Tab stays inside, Escape closes, focus returns", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await banner(v.page).waitFor();
  await v.page.waitForFunction(() => document.activeElement && document.activeElement.tagName === "CONSENT-GATE");
  await v.page.keyboard.press("Tab");
  assert.equal(await focused(v.page), "A Privacy policy");
  await v.page.keyboard.press("Enter");
  const dialog = policyDialog(v.page);
  await dialog.getByRole("heading", { name: "7. Contact Us" }).waitFor();
  assert.match(await focused(v.page), /^DIV Data Privacy Policy/, "focus moved into the dialog");
  await v.page.keyboard.press("Shift+Tab");
  assert.equal(await focused(v.page), "BUTTON Change your choice", "Shift+Tab wraps to the last control");
  await v.page.keyboard.press("Tab");
  assert.equal(await focused(v.page), "BUTTON ×", "and Tab back to the first");
  await v.page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await focused(v.page), "A Privacy policy", "focus returns to the link");
  assert.equal(await banner(v.page).isVisible(), true);
  assert.equal(await v.stored(), null);
  await v.close();
});

test("the viewer passes axe-core (WCAG 2.2 AA)", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  await openFromBanner(v);
  assert.deepEqual(await axe(v.page), []);
  await v.close();
});

test("the cookie declaration matches the preferences, and its button opens them", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  const dialog = await openFromBanner(v);
  const declared = await cookieTables(dialog.locator(".cg-declaration"));
  await dialog.getByRole("button", { name: "Close" }).click();
  await button(banner(v.page), "Manage preferences").click();
  const prefs = preferences(v.page);
  for (const summary of await prefs.locator("summary").all()) await summary.click();
  const shown = await cookieTables(prefs);
  assert.deepEqual(shown, declared, "the same tables, cell for cell");
  const head = ["Service", "Provider", "Cookie", "Purpose", "Lifetime", "Shares data with a third party"];
  const ga = ["Google Analytics 4", "Google Ireland Ltd."];
  assert.deepEqual(declared, [
    {
      region: "Cookie declaration: Strictly necessary",
      head,
      rows: [["ConsentGate", "Takara Coffee", "No cookies", "Remembers your privacy choices in this browser's local storage (no cookie).", "\u2014", "No"]],
    },
    {
      region: "Cookie declaration: Analytics",
      head,
      rows: [
        [...ga, "_ga", "Distinguishes visitors.", "2 years", "Yes"],
        [...ga, "_ga_*", "Keeps the session state.", "2 years", "Yes"],
        ["Google Tag Manager", "Google Ireland Ltd.", "No cookies", "Loads our measurement tags.", "\u2014", "Yes"],
      ],
    },
    {
      region: "Cookie declaration: Marketing",
      head,
      rows: [
        ["YouTube", "Google Ireland Ltd.", "VISITOR_INFO1_LIVE", "Estimates bandwidth and remembers player settings.", "6 months", "Yes"],
        ["Google Maps", "Google Ireland Ltd.", "NID", "Remembers your preferences in Google's services.", "6 months", "Yes"],
      ],
    },
  ]);
  const rowLabels = await prefs.locator("tbody tr").first().locator("th, td").evaluateAll((cells) => cells.map((c) => c.dataset.label));
  assert.deepEqual(rowLabels, head, "each cell names its column (narrow screens read rows as cards)");
  const heads = shown.flatMap((t) => t.rows.map((r) => r[0])).filter((s, i, all) => all.indexOf(s) === i);
  assert.deepEqual(await prefs.locator(".cg-service-title").allInnerTexts(), heads, "a row for every service toggle");
  await prefs.getByRole("link", { name: "Privacy policy" }).click();
  const again = policyDialog(v.page);
  await again.getByRole("button", { name: "Change your choice" }).click();
  await again.waitFor({ state: "detached" });
  await prefs.waitFor();
  assert.equal(
    await focused(v.page),
    "A Privacy policy",
    "focus returns to the preferences' policy link that opened the viewer",
  );
  assert.equal(await prefs.getByRole("link", { name: "Privacy policy" }).evaluate((a) => a === a.getRootNode().activeElement), true);
  await v.close();
});

test("the standalone page shows the policy, follows a deep link, and works for a returning visitor", async () => {
  const v = await Visitor.create(env);
  await v.goto("/"); // the same config as the policy page
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  const page = await v.newPage();
  await page.setViewportSize({ width: 375, height: 700 });
  await v.goto("/www/privacy.html#cookies-and-tracking-technologies", page);
  const heading = page.getByRole("heading", { name: "Cookies and Tracking Technologies" });
  await page.getByRole("heading", { level: 1, name: "Data Privacy Policy" }).waitFor();
  await page.waitForFunction(() => window.scrollY > 0);
  const box = await heading.boundingBox();
  assert.ok(box.y >= 0 && box.y < 200, `the linked section is at the top (y=${box.y})`);
  assert.equal(await page.getByRole("heading", { name: "Cookie declaration" }).count(), 1);
  assert.equal(await banner(page).count(), 0, "decided: no banner");
  await page.getByRole("button", { name: "Change your choice" }).click();
  await preferences(page).waitFor();
  assert.deepEqual(await axe(page), []);
  await v.close();
});

test("a site's own policy page gets the cookie declaration in its element, for a returning visitor too", async () => {
  const v = await Visitor.create(env);
  const page = embedPage({
    config: DEMO_CONFIG,
    inline: true,
    body: '<h2>Our own words about cookies</h2><div data-consent-gate="cookie-declaration"></div><p id="after">After.</p>',
  });
  await v.serve("/t/own-policy.html", page);
  const seen = files(v.page);
  await v.goto("/t/own-policy.html");
  const host = v.page.locator("[data-consent-gate=cookie-declaration]");
  const heading = host.getByRole("heading", { name: "Cookie declaration" });
  await heading.waitFor();
  const names = (await host.locator("code").allInnerTexts()).sort();
  assert.deepEqual(names, ["NID", "VISITOR_INFO1_LIVE", "_ga", "_ga_*"]);
  assert.equal(await host.getByRole("heading", { name: "Data Privacy Policy" }).count(), 0, "the declaration alone, no policy");
  assert.ok(seen.includes("consent-gate-policy_bg.wasm"), "drawn by the policy build");
  assert.equal(
    v.google.length + (await v.page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.name.endsWith(".md")).length)),
    0,
    "no policy document fetched, nothing sent to Google",
  );
  await button(banner(v.page), "Reject all").click();
  await v.changes(1);
  // A returning visitor starts on the gate, which hands the page over to draw it.
  const again = await v.newPage();
  await v.goto("/t/own-policy.html", again);
  const declaration = again.locator("[data-consent-gate=cookie-declaration]");
  await declaration.getByRole("heading", { name: "Cookie declaration" }).waitFor();
  assert.equal(await banner(again).count(), 0, "decided: no banner");
  await declaration.getByRole("button", { name: "Change your choice" }).click();
  await preferences(again).waitFor();
  assert.deepEqual(await axe(again), []);
  await v.close();
});

test("a plain-text policy reads with headings, lists and links", async () => {
  const v = await Visitor.create(env);
  const config = { ...DEMO_CONFIG, policy: { url: "/www/kaiten-personal-data.txt" } };
  await v.serve("/t/text.html", embedPage({ config, inline: true }));
  await v.goto("/t/text.html");
  await banner(v.page).getByRole("link", { name: "Privacy policy" }).click();
  const dialog = policyDialog(v.page, "Privacy policy");
  await dialog.getByRole("heading", { name: "How you can manage your data" }).waitFor();
  assert.deepEqual(await dialog.getByRole("heading", { level: 3 }).allInnerTexts(), [
    "Where personal data stored",
    "How we protect your data",
    "How we access your data",
    "How you can manage your data",
    "Cookie declaration",
  ]);
  assert.equal(await dialog.locator(".cg-policy-content > ul").first().locator("li").count(), 5);
  const link = dialog.getByRole("link", { name: "https://aws.amazon.com" });
  assert.equal(await link.getAttribute("target"), "_blank");
  assert.equal(await link.getAttribute("rel"), "noopener noreferrer");
  await v.close();
});

test("X3: markup in a policy is shown as text, never run; unsafe links are dropped", async () => {
  const v = await Visitor.create(env);
  let dialogs = 0;
  v.page.on("dialog", (d) => {
    dialogs++;
    d.dismiss();
  });
  await v.context.route("**/hostile.md", (r) =>
    r.fulfill({
      contentType: "text/markdown",
      body: `# Hostile\n\n<script>alert(1)</script>\n\nClick <img src=x onerror=alert(2)> [here](javascript:alert(3)) or [there](data:text/html,x).\n\n<a href="javascript:alert(4)">raw</a>\n`,
    }),
  );
  const config = { ...DEMO_CONFIG, policy: { url: "/hostile.md" } };
  await v.serve("/t/hostile.html", embedPage({ config, inline: true }));
  await v.goto("/t/hostile.html");
  await banner(v.page).getByRole("link", { name: "Privacy policy" }).click();
  const dialog = policyDialog(v.page, "Hostile");
  await dialog.getByText("<script>alert(1)</script>").waitFor();
  assert.match(await dialog.innerText(), /Click <img src=x onerror=alert\(2\)> here or there\./);
  const shadow = v.page.locator("consent-gate");
  assert.equal(await shadow.locator("img, script, iframe").count(), 0);
  assert.deepEqual(
    await shadow.locator("a[href]").evaluateAll((links) =>
      links.map((a) => a.getAttribute("href")).filter((h) => /^(javascript|data):/i.test(h)),
    ),
    [],
  );
  assert.equal(dialogs, 0);
  await v.close();
});

test("a 1 MB policy opens and draws completely", async () => {
  const v = await Visitor.create(env);
  const section = (i) =>
    `## Section ${i}\n\n${"We process personal data lawfully, fairly and transparently. ".repeat(15)}\n\n- item one\n- item two\n\n`;
  let text = "# Big policy\n\n";
  for (let i = 1; text.length < 1024 * 1024; i++) text += section(i);
  const count = (text.match(/^## /gm) || []).length;
  await v.context.route("**/big.md", (r) => r.fulfill({ contentType: "text/markdown", body: text }));
  const config = { ...DEMO_CONFIG, policy: { url: "/big.md" } };
  await v.serve("/t/big.html", embedPage({ config, inline: true }));
  await v.goto("/t/big.html");
  await banner(v.page).getByRole("link", { name: "Privacy policy" }).click();
  const dialog = policyDialog(v.page, "Big policy");
  await dialog.getByRole("heading", { name: "Section 1", exact: true }).waitFor();
  await dialog.getByRole("heading", { name: `Section ${count}`, exact: true }).waitFor();
  assert.equal(await dialog.locator("h3.cg-policy-heading:not(#cookie-declaration)").count(), count);
  assert.equal(await dialog.getByRole("heading", { name: "Cookie declaration" }).count(), 1);
  await v.close();
});

test("printing keeps the policy and drops the controls", async () => {
  const v = await Visitor.create(env);
  await v.goto("/");
  const dialog = await openFromBanner(v);
  await v.page.emulateMedia({ media: "print" });
  assert.equal(await dialog.getByRole("button", { name: "Close" }).isVisible(), false);
  assert.equal(await banner(v.page).isVisible(), false);
  assert.equal(await dialog.locator(".cg-dialog-body").evaluate((el) => getComputedStyle(el).overflow), "visible");
  await v.close();
});
