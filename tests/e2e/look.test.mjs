// Themes and layouts: box, bar and modal in every position, light, dark and auto, the site's
// colours from the config and from its own CSS custom properties, Accept all and Reject all
// of equal weight in every one of them, and bad looks refused as config errors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, Visitor, embedPage, button, banner, DEMO_CONFIG } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(() => env.close());

async function open(v, look, { head = "", lang = "en" } = {}) {
  await v.serve("/t/look.html", embedPage({ config: { ...DEMO_CONFIG, ...look }, inline: true, head, lang }));
  await v.goto("/t/look.html");
  // The interface's banner (the one the bootstrap paints first is held to it in paint.test.mjs).
  await v.ready();
  const b = banner(v.page);
  await b.waitFor();
  return b;
}

/** What makes a button look the way it does. */
function facts(locator) {
  return locator.evaluate((el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      width: r.width,
      height: r.height,
      font: `${s.fontSize} ${s.fontWeight} ${s.fontFamily}`,
      colour: s.color,
      background: s.backgroundColor,
      border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`,
      padding: s.padding,
      radius: s.borderTopLeftRadius,
    };
  });
}

const LAYOUTS = [
  { layout: "box" },
  { layout: "box", position: "bottom-start" },
  { layout: "box", position: "top-end" },
  { layout: "bar" },
  { layout: "bar", position: "top" },
  { layout: "modal" },
  { layout: "modal", blocking: true },
];
const SCHEMES = [
  ["light", "light"],
  ["dark", "light"],
  ["auto", "dark"],
];

for (const [scheme, colorScheme] of SCHEMES) {
  test(`Accept all and Reject all weigh the same in every layout: ${scheme} scheme`, async () => {
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 375, height: 667 },
    ]) {
      for (const look of LAYOUTS) {
        const v = await Visitor.create(env, { viewport, colorScheme });
        const b = await open(v, { ...look, theme: { scheme } });
        const accept = await facts(button(b, "Accept all"));
        const reject = await facts(button(b, "Reject all"));
        const where = `${JSON.stringify(look)} at ${viewport.width}px`;
        assert.ok(Math.abs(accept.width - reject.width) <= 2, `${where}: widths ${accept.width} ${reject.width}`);
        assert.ok(Math.abs(accept.height - reject.height) <= 2, `${where}: heights`);
        for (const key of ["font", "colour", "background", "border", "padding", "radius"]) {
          assert.equal(reject[key], accept[key], `${where}: ${key}`);
        }
        const spilling = await b.evaluate((el) =>
          [...el.querySelectorAll("button")]
            .filter((x) => x.scrollHeight > x.clientHeight + 1 || x.scrollWidth > x.clientWidth + 1)
            .map((x) => x.textContent),
        );
        assert.deepEqual(spilling, [], `${where}: every label fits its button`);
        const box = await b.boundingBox();
        assert.ok(box.y >= 0 && box.y + box.height <= viewport.height + 1, `${where}: the banner fits the viewport`);
        await v.close();
      }
    }
  });
}

test("where each layout puts the banner", async () => {
  const viewport = { width: 1280, height: 720 };
  const cases = [
    [{ layout: "box" }, (r) => r.bottom > 680 && Math.abs(r.left + r.width / 2 - 640) < 2 && r.width < 1000],
    [{ layout: "box", position: "bottom-start" }, (r) => r.bottom > 680 && r.left < 40 && r.width <= 460],
    [{ layout: "box", position: "top-end" }, (r) => r.top < 40 && r.right > 1240 && r.width <= 460],
    [{ layout: "bar" }, (r) => r.bottom === 720 && r.left === 0 && r.width === 1280],
    [{ layout: "bar", position: "top" }, (r) => r.top === 0 && r.left === 0 && r.width === 1280],
    [{ layout: "modal" }, (r) => Math.abs(r.top + r.height / 2 - 360) < 2 && Math.abs(r.left + r.width / 2 - 640) < 2],
  ];
  for (const [look, where] of cases) {
    const v = await Visitor.create(env, { viewport });
    const b = await open(v, look);
    const r = await b.boundingBox();
    const rect = { top: r.y, left: r.x, width: r.width, height: r.height, bottom: r.y + r.height, right: r.x + r.width };
    assert.ok(where(rect), `${JSON.stringify(look)}: ${JSON.stringify(rect)}`);
    await v.close();
  }
  // Right to left, "start" is the right.
  const v = await Visitor.create(env, { viewport });
  await v.serve("/t/look-ar.html", embedPage({ config: { ...DEMO_CONFIG, position: "bottom-start" }, inline: true, lang: "ar" }));
  await v.goto("/t/look-ar.html");
  await v.ready();
  const b = v.page.locator("consent-gate .cg-banner");
  await b.waitFor();
  const r = await b.boundingBox();
  assert.ok(r.x + r.width > 1240, "bottom-start is bottom right in Arabic");
  await v.close();
});

test("a modal blocks the page only when the site asks for it", async () => {
  for (const blocking of [false, true]) {
    const v = await Visitor.create(env);
    const b = await open(v, { layout: "modal", blocking });
    assert.equal(await b.getAttribute("aria-modal"), String(blocking));
    const hit = await v.page.evaluate(() => {
      const r = document.getElementById("host-button").getBoundingClientRect();
      return document.elementFromPoint(r.left + 4, r.top + 4).id || document.elementFromPoint(r.left + 4, r.top + 4).tagName;
    });
    assert.equal(hit, blocking ? "CONSENT-GATE" : "host-button", `blocking: ${blocking}`);
    if (blocking) {
      // Keyboard focus cannot leave it either.
      for (let i = 0; i < 6; i++) await v.page.keyboard.press("Tab");
      assert.equal(await v.page.evaluate(() => document.activeElement.tagName), "CONSENT-GATE");
    }
    await button(b, "Reject all").click();
    await v.changes(1);
    assert.equal(
      await v.page.evaluate(() => {
        const r = document.getElementById("host-button").getBoundingClientRect();
        return document.elementFromPoint(r.left + 4, r.top + 4).id;
      }),
      "host-button",
      "the page is free once the visitor decided",
    );
    await v.close();
  }
});

test("dark, and auto following the browser", async () => {
  const background = (v) => v.page.locator("consent-gate .cg-banner").evaluate((el) => getComputedStyle(el).backgroundColor);
  for (const [scheme, colorScheme, expected] of [
    ["light", "dark", "rgb(255, 255, 255)"],
    ["dark", "light", "rgb(27, 29, 35)"],
    ["auto", "light", "rgb(255, 255, 255)"],
    ["auto", "dark", "rgb(27, 29, 35)"],
  ]) {
    const v = await Visitor.create(env, { colorScheme });
    await open(v, { theme: { scheme } });
    assert.equal(await background(v), expected, `${scheme} in a ${colorScheme} browser`);
    await v.close();
  }
});

test("the config's colours, font and radius, and the page's own --cg-* properties over them", async () => {
  const theme = { colors: { accent: "#0b5d1e", accentText: "#ffffff" }, font: "Georgia, serif", radius: 0 };
  {
    const v = await Visitor.create(env);
    const b = await open(v, { theme });
    const accept = await facts(button(b, "Accept all"));
    assert.equal(accept.background, "rgb(11, 93, 30)");
    assert.match(accept.font, /Georgia/);
    assert.equal(accept.radius, "0px");
    await v.close();
  }
  {
    // The host page's CSS custom properties reach into the shadow root and win.
    const v = await Visitor.create(env);
    const head = "<style>:root { --cg-accent: #5b1a8a; --cg-accent-text: #ffffff; --cg-font: 'Courier New', monospace; --cg-radius: 20px; }</style>";
    const b = await open(v, { theme }, { head });
    const accept = await facts(button(b, "Accept all"));
    assert.equal(accept.background, "rgb(91, 26, 138)");
    assert.match(accept.font, /Courier New/);
    const reject = await facts(button(b, "Reject all"));
    assert.equal(reject.background, accept.background, "Reject all follows too");
    await v.close();
  }
  {
    // The page's other styles do not.
    const v = await Visitor.create(env);
    const head = "<style>button { background: red !important; font: 40px serif !important; } * { color: lime !important; }</style>";
    const b = await open(v, {}, { head });
    const accept = await facts(button(b, "Accept all"));
    assert.notEqual(accept.background, "rgb(255, 0, 0)");
    assert.notEqual(accept.colour, "rgb(0, 255, 0)");
    assert.notEqual(accept.font.split(" ")[0], "40px");
    await v.close();
  }
});

test("the reopen control sits in the configured corner", async () => {
  for (const [corner, check] of [
    ["bottom-start", (r) => r.x < 100 && r.y > 600],
    ["bottom-end", (r) => r.x > 1100 && r.y > 600],
    ["top-start", (r) => r.x < 100 && r.y < 100],
    ["top-end", (r) => r.x > 1100 && r.y < 100],
  ]) {
    const v = await Visitor.create(env);
    const b = await open(v, { reopenPosition: corner });
    await button(b, "Reject all").click();
    await v.changes(1);
    const control = button(v.page.locator("consent-gate"), "Privacy preferences");
    await control.waitFor();
    const r = await control.boundingBox();
    assert.ok(check(r), `${corner}: ${JSON.stringify(r)}`);
    await v.close();
  }
});

for (const [name, look, expected] of [
  ["an unknown layout", { layout: "sidebar" }, /config field `layout`: "sidebar" is not a layout \(known: box, bar, modal\)/],
  ["a colour that is not a colour", { theme: { colors: { accent: "greenish" } } }, /config field `theme\.colors\.accent`: "greenish" is not a colour/],
  [
    "text below 4.5:1",
    { theme: { colors: { text: "#8a8a8a" } } },
    /config field `theme\.colors\.text`: `theme\.colors\.text` on the built-in background #ffffff has a contrast of 3\.\d\d:1, below the 4\.5:1 WCAG 2\.2 AA requires/,
  ],
  [
    "button text below 4.5:1 on its button",
    { theme: { colors: { accent: "#1f3a5f", accentText: "#3a5a80" } } },
    /config field `theme\.colors\.accentText`: `theme\.colors\.accentText` on `theme\.colors\.accent` has a contrast of 1\.\d\d:1/,
  ],
]) {
  test(`${name} is a config error naming the field, and ConsentGate stays inert`, async () => {
    const v = await Visitor.create(env);
    await v.serve("/t/bad-look.html", embedPage({ config: { ...DEMO_CONFIG, ...look }, inline: true }));
    const error = v.page.waitForEvent("console", { predicate: (m) => m.type() === "error" });
    await v.goto("/t/bad-look.html");
    assert.match((await error).text(), expected);
    assert.match((await error).text(), /nothing that needs consent will load/);
    assert.equal(await v.page.locator("consent-gate").count(), 0, "nothing drawn");
    assert.equal(v.google.length, 0);
    await v.close();
  });
}
