// Shared end-to-end harness: a local server for the release build, Debian's Chromium driven
// by playwright-core, a fresh context per test, and every request to Google (and YouTube)
// intercepted, recorded and answered by a local stub, so "did it load, and when" is
// observable without internet.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { start } from "./server.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Every Google host the requirements name. */
export const GOOGLE =
  /^https?:\/\/([a-z0-9-]+\.)*(googletagmanager\.com|google-analytics\.com|analytics\.google\.com|doubleclick\.net|googleadservices\.com)\/|^https?:\/\/www\.google\.com\/g\/collect/;
const YOUTUBE = /^https?:\/\/([a-z0-9-]+\.)*(youtube-nocookie\.com|youtube\.com)\//;
/** Google Maps' embed (the demo's map). */
const GOOGLE_MAPS = /^https:\/\/www\.google\.com\/maps\/embed/;

/** What the stubs do when loaded: note themselves and, like GA4, set first-party cookies. */
const STUBS = {
  gtag: `window.__stubs = (window.__stubs || []).concat("gtag.js");
document.cookie = "_ga=GA1.1.111.222; path=/; max-age=3600";
document.cookie = "_ga_DEMO12345=GS1.1.333; path=/; max-age=3600";`,
  gtm: `window.__stubs = (window.__stubs || []).concat("gtm.js");`,
};

/** Starts the server and the browser for one test file (with extra Chromium flags). */
export async function launch({ args = [] } = {}) {
  const server = await start(0);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, ...args],
  });
  return {
    base,
    port: server.address().port,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

// Runs in the page: a JSON-able description of dataLayer, keeping what kind each entry is.
function describeDataLayer() {
  return (window.dataLayer || []).map((e) => {
    const kind = Object.prototype.toString.call(e);
    const value =
      kind === "[object Arguments]" ? Array.from(e).map((v) => (v instanceof Date ? "<Date>" : v)) : e;
    return { kind, value: JSON.parse(JSON.stringify(value)) };
  });
}

/** A visitor: one browser context (its own cookies and storage) with recorded traffic. */
export class Visitor {
  static async create(env, options = {}) {
    const v = new Visitor(env);
    v.context = await env.browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 720 },
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      reducedMotion: options.reducedMotion,
      // The browser's language (navigator.languages) and the visitor's display preferences.
      locale: options.locale,
      colorScheme: options.colorScheme,
      forcedColors: options.forcedColors,
    });
    // A visitor's action that cannot happen fails in 10 s, not playwright's 30.
    v.context.setDefaultTimeout(10_000);
    for (const script of options.initScripts ?? []) await v.context.addInitScript(script);
    // Records ConsentGate's events so tests can await them instead of sleeping.
    await v.context.addInitScript(() => {
      window.__cg = { ready: [], change: [] };
      for (const name of ["ready", "change"]) {
        document.addEventListener(`consent-gate:${name}`, (e) => window.__cg[name].push(e.detail));
      }
    });
    await v.context.route((url) => GOOGLE.test(url.href) || YOUTUBE.test(url.href), (route) => v.#stub(route));
    await v.context.route(GOOGLE_MAPS, (route) => {
      v.googleMaps.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/html", body: "<p>map</p>" });
    });
    // The demo config sends receipts to the receipt service `./scripts/demo` starts; here a
    // stub takes them (a test that wants the real service, records.test.mjs, gives its own).
    await v.context.route((url) => url.href === DEMO_PROOF_ENDPOINT, (route) => {
      v.demoReceipts.push(route.request().postData());
      return route.fulfill({ status: 201, headers: { "access-control-allow-origin": "*" }, body: "" });
    });
    v.page = await v.newPage();
    return v;
  }

  constructor(env) {
    this.env = env;
    /** Requests to Google hosts: { url, page, dataLayer (for scripts, read before answering) }. */
    this.google = [];
    this.youtube = [];
    /** Requests for Google Maps' embed. */
    this.googleMaps = [];
    /** Receipts the demo config sent to its endpoint (stubbed). */
    this.demoReceipts = [];
    this.console = [];
    this.errors = [];
  }

  async newPage() {
    const page = await this.context.newPage();
    page.on("console", (m) => this.console.push({ type: m.type(), text: m.text() }));
    page.on("pageerror", (e) => this.errors.push(e.message));
    return page;
  }

  async #stub(route) {
    const request = route.request();
    const url = request.url();
    if (YOUTUBE.test(url)) {
      this.youtube.push(url);
      return route.fulfill({ status: 200, contentType: "text/html", body: "<p>video</p>" });
    }
    const entry = { url, type: request.resourceType(), dataLayer: null };
    this.google.push(entry);
    if (request.resourceType() === "script") {
      try {
        entry.dataLayer = await request.frame().evaluate(describeDataLayer);
      } catch {
        entry.dataLayer = "unreadable";
      }
    }
    const body = /gtag\/js/.test(url) ? STUBS.gtag : /gtm\.js/.test(url) ? STUBS.gtm : "";
    return route.fulfill({ status: 200, contentType: "text/javascript", body });
  }

  /** Serves `html` at `path` on the test server (the rest of the site stays real). */
  async serve(path, html, headers = {}) {
    await this.context.route(this.env.base + path, (route) =>
      route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", headers, body: html }),
    );
  }

  async goto(path, page = this.page) {
    await page.goto(this.env.base + path);
    return page;
  }

  /** Resolves once ConsentGate has started on `page`: its ready event fired, and the full
   *  build has taken over the banner the bootstrap painted on a first visit (if it did). */
  async ready(page = this.page) {
    await page.waitForFunction(
      () => window.__cg && window.__cg.ready.length > 0 && !document.querySelector("consent-gate")?.shadowRoot?.querySelector(".cg-painted"),
    );
  }

  /** Resolves once `n` change events have fired on `page`. */
  async changes(n, page = this.page) {
    await page.waitForFunction((n) => window.__cg.change.length >= n, n);
  }

  dataLayer(page = this.page) {
    return page.evaluate(describeDataLayer);
  }

  stored(page = this.page) {
    return page.evaluate(() => JSON.parse(localStorage.getItem("consent-gate")));
  }

  async cookieNames() {
    return (await this.context.cookies()).map((c) => c.name).sort();
  }

  consoleErrors() {
    return this.console.filter((m) => m.type === "error").map((m) => m.text);
  }

  async close() {
    await this.context.close();
  }
}

export const banner = (page) => page.getByRole("dialog", { name: "Cookies on this site" });
export const preferences = (page) => page.getByRole("dialog", { name: "Privacy preferences" });
export const button = (scope, name) => scope.getByRole("button", { name, exact: true });
/** ConsentGate's floating reopen control (a site may have its own "Privacy preferences"). */
export const reopen = (page) => button(page.locator("consent-gate"), "Privacy preferences");

/** Records the names of the ConsentGate files `page` downloads, as they are requested. */
export function consentGateFiles(page) {
  const seen = [];
  page.on("request", (r) => {
    const name = new URL(r.url()).pathname.split("/").pop();
    if (name.startsWith("consent-gate")) seen.push(name);
  });
  return seen;
}

/** Runs axe-core (WCAG 2.0/2.1/2.2 A and AA) on the page, shadow roots included. */
export async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

/** A minimal page embedding ConsentGate from `src` with `config` (object or raw text). */
export function embedPage({ config, inline = false, src = "/consent-gate/consent-gate.js", attrs = "async", head = "", body = "", lang = "en" }) {
  const text = typeof config === "string" ? config : JSON.stringify(config);
  const configTag = inline
    ? `<script type="application/json" id="consent-gate-config">${text}</script>`
    : "";
  const langAttr = lang === null ? "" : ` lang="${lang}"`;
  return `<!doctype html><html${langAttr}><head><meta charset="utf-8"><title>Test page</title>
${configTag}${head}
<script src="${src}" ${attrs}></script></head>
<body><main><h1>Test page</h1><button id="host-button" type="button">Host page button</button>${body}</main></body></html>`;
}

/** The built-in interface texts of one language (i18n/<tag>.json). */
export function texts(tag) {
  return JSON.parse(readFileSync(new URL(`../../i18n/${tag}.json`, import.meta.url), "utf8"));
}

/** Where the demo config (www/config.json) sends receipts: the demo's receipt service. */
const DEMO_PROOF_ENDPOINT = "http://127.0.0.1:8081/";

/** The config of the demo site, for pages the tests compose (without its proof endpoint: a
 * test that wants receipts names its own). */
export const DEMO_CONFIG = (() => {
  const { proof, ...config } = JSON.parse(readFileSync(new URL("../../www/config.json", import.meta.url), "utf8"));
  if (proof?.endpoint !== DEMO_PROOF_ENDPOINT) throw new Error(`www/config.json: proof.endpoint is not ${DEMO_PROOF_ENDPOINT}`);
  return config;
})();

/** The demo config plus Google shorthand IDs. */
export const SHORTHAND_CONFIG = {
  ...DEMO_CONFIG,
  google: { measurementId: "G-DEMO12345", containerId: "GTM-DEMO123", category: "ga4" },
};
