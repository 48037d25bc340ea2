#!/usr/bin/env node
/* ConsentGate performance benchmark.
 *
 * Serves one demo page (site/page.html) in five variants that differ only in the consent manager:
 * a plain-HTML "floor" banner, ConsentGate (the release build in --dist), vanilla-cookieconsent,
 * Klaro and tarteaucitron (from bench/node_modules). Debian's Chromium, driven by the repository's
 * playwright-core, loads each variant in a fresh browser context, N runs per variant, variants
 * interleaved run by run, under each requested condition (default, 4x CPU slowdown, mobile
 * network), and prints the medians. Every request to Google is answered by a stub; everything
 * else comes from a local HTTP server, brotli-compressed like a CDN (--no-compression: as is).
 *
 *   node bench/run.mjs [--runs N] [--dist DIR] [--conditions default,cpu4x,mobile] [--out FILE]
 *                      [--variants floor,consent-gate,...] [--verbose]
 *   node bench/run.mjs --serve      only serves the variant pages (to look at them), until Ctrl-C
 *
 * All times are read inside the page (performance.now(), Resource/Event/Long Task Timing), so
 * they share one clock whose zero is the navigation start. See README.md for the metrics. */

import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH, '..');
// playwright-core is a dev dependency of the repository itself, not of the benchmark.
const { chromium } = createRequire(path.join(REPO, 'package.json'))('playwright-core');

const GA_ID = 'G-BENCH12345';
const GTAG_URL = `https://www.googletagmanager.com/gtag/js?id=${GA_ID}`;
const GOOGLE = /^https:\/\/([a-z0-9-]+\.)*(googletagmanager|google-analytics)\.com\//;
/** Long tasks and blocking time are counted in the first WINDOW ms after navigation start. */
const WINDOW = 3000;
/** The accept click comes SETTLE ms after the banner showed at the earliest, as a visitor reads
 *  first. (tarteaucitron, for one, wires its buttons up 500 ms after it shows its banner.) */
const SETTLE = 1000;
/** Upper bound for any single wait (banner, gtag.js, stored consent). */
const TIMEOUT = 30000;
/** Send brotli when the browser accepts it (set from --no-compression in main). */
let COMPRESS = true;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'];

/* ------------------------------------------------------------------------------------------ */
/* The variants: what each adds to the page, where its banner is, and how to accept.          */
/* ------------------------------------------------------------------------------------------ */

/** The Google tag as Google gives it, for the peers that gate page markup. */
const GTAG_INLINE = `window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', '${GA_ID}');`;

const VARIANTS = [
  {
    id: 'floor',
    label: 'floor',
    // The least a banner can be: markup in the page, a few lines of inline script.
    head: `<style>
  .floor-banner { position: fixed; left: 1rem; right: 1rem; bottom: 1rem; z-index: 1000; display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; padding: 1rem 1.25rem; background: #fff; border: 1px solid #d8d4cc; border-radius: .75rem; box-shadow: 0 .5rem 2rem rgba(0,0,0,.15); }
  .floor-banner[hidden] { display: none; }
  .floor-banner p { flex: 1 1 20rem; margin: 0; }
  .floor-banner button { padding: .6rem 1.2rem; border-radius: .5rem; border: 1px solid #1f6f5c; background: #1f6f5c; color: #fff; font: inherit; cursor: pointer; }
  .floor-banner button + button { background: #fff; color: #1f6f5c; }
</style>`,
    body: `<div id="floor-banner" class="floor-banner" role="dialog" aria-label="Cookie consent" hidden>
  <p>We use cookies to see how the site is used. Is that all right?</p>
  <button type="button" id="floor-accept">Accept all</button>
  <button type="button" id="floor-reject">Reject all</button>
</div>
<script>
(function () {
  var KEY = 'floor-consent';
  var banner = document.getElementById('floor-banner');
  function loadGtag() {
    var s = document.createElement('script');
    s.async = true;
    s.src = '${GTAG_URL}';
    document.head.appendChild(s);
    ${GTAG_INLINE.replace(/\n/g, '\n    ')}
  }
  function choose(value) {
    localStorage.setItem(KEY, value);
    banner.hidden = true;
    if (value === 'granted') loadGtag();
  }
  var stored = localStorage.getItem(KEY);
  if (stored === 'granted') { loadGtag(); return; }
  if (stored === 'denied') return;
  document.getElementById('floor-accept').onclick = function () { choose('granted'); };
  document.getElementById('floor-reject').onclick = function () { choose('denied'); };
  banner.hidden = false;
})();
</script>`,
    banner: { selector: '#floor-banner' },
    accept: (page) => page.locator('#floor-banner').getByRole('button', { name: 'Accept all', exact: true }),
    stored: () => localStorage.getItem('floor-consent') === 'granted',
  },
  {
    id: 'consent-gate',
    label: 'ConsentGate',
    // The tags of ConsentGate's README (dist/embed.html): the config's preload, then the script;
    // the config's google.measurementId makes it load gtag.js.
    head: '<link rel="preload" href="/cg-config.json" as="fetch" crossorigin>\n<script src="/cg/consent-gate.js" data-config="/cg-config.json" async></script>',
    body: '',
    banner: { host: 'consent-gate', selector: '.cg-banner', painted: '.cg-painted' },
    // CSS locators pierce open shadow roots.
    accept: (page) => page.locator('.cg-banner').getByRole('button', { name: 'Accept all', exact: true }),
    stored: () => localStorage.getItem('consent-gate') !== null,
  },
  {
    id: 'vanilla-cookieconsent',
    label: 'vanilla-cookieconsent',
    pkg: 'vanilla-cookieconsent',
    // Its docs: the stylesheet in <head>, the UMD bundle and a config file that calls
    // CookieConsent.run() at the end of <body>, third-party scripts marked with data-category.
    head: `<link rel="stylesheet" href="/vendor/vanilla-cookieconsent/cookieconsent.css">
<script type="text/plain" data-category="analytics" async src="${GTAG_URL}"></script>
<script type="text/plain" data-category="analytics">
${GTAG_INLINE}
</script>`,
    body: `<script defer src="/vendor/vanilla-cookieconsent/cookieconsent.umd.js"></script>
<script defer src="/site/vanilla-cookieconsent-config.js"></script>`,
    banner: { selector: '#cc-main .cm' },
    accept: (page) => page.locator('#cc-main .cm').getByRole('button', { name: 'Accept all', exact: true }),
    stored: () => /(^|;\s*)cc_cookie=/.test(document.cookie),
  },
  {
    id: 'klaro',
    label: 'klaro',
    pkg: 'klaro',
    // Its README: config.js then klaro.js, both deferred; services marked with data-name.
    head: `<script defer src="/site/klaro-config.js"></script>
<script defer src="/vendor/klaro/klaro.js"></script>
<script type="text/plain" data-type="text/javascript" data-name="googleAnalytics" async data-src="${GTAG_URL}"></script>
<script type="text/plain" data-type="text/javascript" data-name="googleAnalytics">
${GTAG_INLINE}
</script>`,
    body: '',
    banner: { selector: '#klaro .cookie-notice' },
    // The notice's accept button is "That's ok" (it accepts every service); "Accept all" is in the modal.
    accept: (page) => page.locator('#klaro .cookie-notice').getByRole('button', { name: "That's ok", exact: true }),
    stored: () => /(^|;\s*)klaro=/.test(document.cookie),
  },
  {
    id: 'tarteaucitron',
    label: 'tarteaucitron',
    pkg: 'tarteaucitronjs',
    // Its README: tarteaucitron.js and init() in <head> (it loads its language, services and CSS
    // files from its own folder), the gtag service declared before </body>. softConsentMode keeps
    // gtag.js unloaded until consent: by default its Consent Mode support loads gtag.js at once
    // with denied defaults, which is not the "load after consent" setup measured here.
    head: `<script src="/vendor/tarteaucitron/tarteaucitron.js"></script>
<script>
tarteaucitron.init({
  privacyUrl: '', bodyPosition: 'bottom', hashtag: '#tarteaucitron', cookieName: 'tarteaucitron',
  orientation: 'middle', groupServices: false, showDetailsOnClick: true, serviceDefaultState: 'wait',
  showAlertSmall: false, cookieslist: false, showIcon: true, iconPosition: 'BottomRight',
  adblocker: false, DenyAllCta: true, AcceptAllCta: true, highPrivacy: true, alwaysNeedConsent: false,
  handleBrowserDNTRequest: false, removeCredit: false, moreInfoLink: true, useExternalCss: false,
  useExternalJs: false, mandatory: true, mandatoryCta: true,
  googleConsentMode: true, softConsentMode: true
});
</script>`,
    body: `<script>
tarteaucitron.user.gtagUa = '${GA_ID}';
(tarteaucitron.job = tarteaucitron.job || []).push('gtag');
</script>`,
    banner: { selector: '#tarteaucitronAlertBig' },
    accept: (page) => page.locator('#tarteaucitronPersonalize2'),
    stored: () => /(^|;\s*)tarteaucitron=[^;]*gtag=true/.test(decodeURIComponent(document.cookie)),
  },
];

/* ------------------------------------------------------------------------------------------ */
/* Conditions: applied through CDP to every page before it navigates.                         */
/* ------------------------------------------------------------------------------------------ */

const CONDITIONS = {
  default: { label: 'default (no throttling)' },
  cpu4x: { label: '4x CPU slowdown', cpu: 4 },
  // Lighthouse's mobile profile: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up.
  mobile: {
    label: 'mobile network (150 ms, 1.6 Mbit/s down, 750 kbit/s up)',
    network: { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8, connectionType: 'cellular4g' },
  },
};

/* ------------------------------------------------------------------------------------------ */
/* The HTTP server: static files, no compression, no caching, correct content types.          */
/* ------------------------------------------------------------------------------------------ */

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.gif': 'image/gif', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

/** Starts the server on 127.0.0.1 at a random port. Files are read once and kept in memory, so
 *  a rebuild of --dist during the benchmark cannot change what is measured half-way. */
function startServer(distDir) {
  // The benchmark's page at /<variant>.html, and a short page where the banner is the largest
  // thing on screen (for Lighthouse's LCP) at /short/<variant>.html.
  const pages = new Map();
  for (const [prefix, file] of [['/', 'page.html'], ['/short/', 'short.html']]) {
    const template = fs.readFileSync(path.join(BENCH, 'site', file), 'utf8');
    for (const v of VARIANTS) {
      pages.set(`${prefix}${v.id}.html`, Buffer.from(template.replace('<!--CMP-HEAD-->', v.head).replace('<!--CMP-BODY-->', v.body)));
    }
  }
  const mounts = [
    ['/cg/', distDir],
    ['/vendor/vanilla-cookieconsent/', path.join(BENCH, 'node_modules/vanilla-cookieconsent/dist')],
    ['/vendor/klaro/', path.join(BENCH, 'node_modules/klaro/dist')],
    ['/vendor/tarteaucitron/', path.join(BENCH, 'node_modules/tarteaucitronjs')],
    ['/site/', path.join(BENCH, 'site')],
  ];
  const files = new Map();
  const brotli = new Map();
  const load = (pathname) => {
    if (pathname === '/cg-config.json') pathname = '/site/cg-config.json';
    for (const [prefix, dir] of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      const file = path.resolve(dir, '.' + pathname.slice(prefix.length - 1));
      if (!file.startsWith(path.resolve(dir) + path.sep)) return null; // no ../ escapes
      try { return fs.readFileSync(file); } catch { return null; }
    }
    return null;
  };
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    let body = pages.get(pathname) ?? files.get(pathname);
    if (body === undefined) {
      body = load(decodeURIComponent(pathname));
      if (body) files.set(pathname, body);
    }
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = pages.has(pathname) ? TYPES['.html'] : TYPES[path.extname(pathname)] ?? 'application/octet-stream';
    // Like a CDN, send brotli to browsers that take it (every variant alike); the byte rows
    // still count decoded bodies and compress them here.
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
    if (COMPRESS && /\bbr\b/.test(req.headers['accept-encoding'] ?? '') && !/^image\//.test(type)) {
      let br = brotli.get(pathname);
      if (!br) {
        br = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
        brotli.set(pathname, br);
      }
      headers['Content-Encoding'] = 'br';
      body = br;
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

/* ------------------------------------------------------------------------------------------ */
/* The in-page probe: an init script that runs before any script of the page.                 */
/* ------------------------------------------------------------------------------------------ */

/** Runs in the page (serialised by Playwright; it may use nothing from this module). Records,
 *  in window.__bench, on the page's own clock (ms since navigation start):
 *  bannerAt (first animation frame with the banner laid out and not hidden) and the JS heap then,
 *  long tasks, layout shifts, Event Timing entries, the accept click and the first gtag.js
 *  resource entry. */
function probe({ host, selector, painted }) {
  if (window !== window.top) return;
  let bannerShown;
  let gtagRequested;
  let bannerInteractive;
  const b = (window.__bench = {
    bannerAt: null, interactiveAt: null, heap: null, wasm: null, gtagAt: null, clickAt: null, pointerDownStamp: null,
    longTasks: [], shifts: [], events: [],
    banner: new Promise((r) => (bannerShown = r)),
    interactive: new Promise((r) => (bannerInteractive = r)),
    gtag: new Promise((r) => (gtagRequested = r)),
  });

  const find = () => {
    const root = host ? document.querySelector(host)?.shadowRoot : document;
    return root ? root.querySelector(selector) : null;
  };
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width * box.height <= 0) return false;
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden';
  };
  const poll = () => {
    const el = find();
    if (el && shown(el)) {
      b.bannerAt = performance.now();
      b.heap = performance.memory ? performance.memory.usedJSHeapSize : null;
      bannerShown(b.bannerAt);
      requestAnimationFrame(pollInteractive);
    } else if (performance.now() < 60000) {
      requestAnimationFrame(poll);
    }
  };
  requestAnimationFrame(poll);
  // Interactive: the banner shown is the one that answers clicks at once. ConsentGate paints
  // its banner before its interface arrives (clicks wait for it): interactive once the
  // painted one (`painted`) has given way to the interface's.
  const pollInteractive = () => {
    const root = host ? document.querySelector(host)?.shadowRoot : document;
    const el = find();
    if (el && shown(el) && !(painted && root && root.querySelector(painted))) {
      b.interactiveAt = performance.now();
      // ConsentGate's diagnostic: the wasm memory of the builds it has loaded, in bytes.
      const wasmMemory = window[Symbol.for('consent-gate-memory')];
      if (typeof wasmMemory === 'function') b.wasm = wasmMemory();
      bannerInteractive(b.interactiveAt);
    } else if (performance.now() < 60000) {
      requestAnimationFrame(pollInteractive);
    }
  };

  const observe = (type, onEntry, options) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true, ...options });
    } catch { /* entry type not supported: the metric stays empty */ }
  };
  observe('longtask', (e) => b.longTasks.push([e.startTime, e.duration]));
  observe('layout-shift', (e) => { if (!e.hadRecentInput) b.shifts.push([e.startTime, e.value]); });
  observe('event', (e) => b.events.push([e.name, e.startTime, e.duration]), { durationThreshold: 16 });
  observe('resource', (e) => {
    if (b.gtagAt === null && e.name.includes('/gtag/js')) {
      b.gtagAt = e.startTime;
      gtagRequested(e.startTime);
    }
  });
  // Capture phase on window: runs before any handler of the page, shadow DOM included.
  addEventListener('pointerdown', (e) => { if (b.pointerDownStamp === null) b.pointerDownStamp = e.timeStamp; }, true);
  addEventListener('click', () => { if (b.clickAt === null) b.clickAt = performance.now(); }, true);
}

/** In-page helper: resolves after n animation frames (and a task), so Event Timing entries of
 *  the frames just presented have been delivered. */
const afterFrames = (n) => new Promise((resolve) => {
  const step = () => (n-- > 0 ? requestAnimationFrame(step) : setTimeout(resolve, 0));
  step();
});

/* ------------------------------------------------------------------------------------------ */
/* One run: first visit, accept, returning visit.                                             */
/* ------------------------------------------------------------------------------------------ */

/** Rejects if `promise` has not settled within ms. */
function within(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  })]).finally(() => clearTimeout(timer));
}

/** A new page with the condition applied before it navigates. */
async function openPage(context, condition) {
  const page = await context.newPage();
  if (condition.cpu || condition.network) {
    const cdp = await context.newCDPSession(page);
    if (condition.cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.cpu });
    if (condition.network) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', condition.network);
    }
  }
  return page;
}

async function runOnce(browser, origin, variant, condition) {
  const url = `${origin}/${variant.id}.html`;
  const run = { errors: [], checks: {} };
  const context = await browser.newContext();
  const googleRequests = [];
  await context.route(GOOGLE, (route) => {
    googleRequests.push({ url: route.request().url(), at: Date.now() });
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: '/* gtag.js stub */' });
  });
  await context.addInitScript(probe, variant.banner);
  let earlyBodies = null;
  let interactiveBodies = null;
  try {
    /* First visit. */
    const page = await openPage(context, condition);
    const bodies = new Map();
    const pendingBodies = [];
    page.on('response', (response) => pendingBodies.push(
      response.body().then((body) => bodies.set(response.url(), body), () => {})));
    page.on('pageerror', (error) => run.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') run.errors.push(`console: ${message.text()}`); });
    await page.goto(url, { waitUntil: 'commit' });
    run.bannerAt = await within(page.evaluate(() => window.__bench.banner), TIMEOUT, 'the banner');
    run.interactiveAt = await within(page.evaluate(() => window.__bench.interactive), TIMEOUT, 'the banner to answer clicks');
    run.checks.banner = true;
    // Nothing else happens until the long-task window is over (so the click cannot add to it)
    // and the banner has been on screen for SETTLE ms.
    const clickFrom = Math.max(WINDOW, run.interactiveAt + SETTLE);
    await page.evaluate((ms) => new Promise((r) => setTimeout(r, Math.max(0, ms - performance.now()))), clickFrom);
    const first = await page.evaluate(() => {
      const b = window.__bench;
      const wasm = performance.getEntriesByName('consent-gate:wasm', 'mark')[0];
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        heap: b.heap, wasmBytes: wasm?.detail?.memoryBytes ?? b.wasm, gtagAt: b.gtagAt,
        longTasks: b.longTasks, shifts: b.shifts,
        loaded: [[nav.name, nav.responseEnd], ...performance.getEntriesByType('resource').map((e) => [e.name, e.responseEnd])],
      };
    });
    run.checks.noGtagBeforeConsent = googleRequests.length === 0 && first.gtagAt === null;
    run.heap = first.heap;
    run.wasmBytes = first.wasmBytes;
    const tasks = first.longTasks.filter(([start]) => start < WINDOW);
    run.longTasks = tasks.length;
    run.tbt = tasks.reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
    run.cls = first.shifts.reduce((sum, [, value]) => sum + value, 0);
    // The bodies of the responses complete before the banner showed (Resource Timing
    // responseEnd); their sizes are computed once the context is closed.
    await Promise.all(pendingBodies);
    const early = first.loaded.filter(([name, end]) => end <= run.bannerAt && bodies.has(name)).map(([name]) => name);
    earlyBodies = early.map((name) => bodies.get(name));
    interactiveBodies = first.loaded.filter(([name, end]) => end <= run.interactiveAt && bodies.has(name)).map(([name]) => bodies.get(name));
    run.earlyFiles = early.map((name) => `${new URL(name).pathname} ${(bodies.get(name).length / 1024).toFixed(1)} KB`);

    /* Accept, and wait for gtag.js to be requested. */
    await variant.accept(page).click({ timeout: TIMEOUT });
    const gtagAt = await within(page.evaluate(() => window.__bench.gtag), TIMEOUT, 'gtag.js after accept');
    await page.evaluate(afterFrames, 3);
    const click = await page.evaluate(() => {
      const b = window.__bench;
      return { clickAt: b.clickAt, pointerDownStamp: b.pointerDownStamp, events: b.events };
    });
    run.checks.acceptLoadsGtag = true;
    run.acceptToGtag = gtagAt - click.clickAt;
    const delays = click.events
      .filter(([name, start]) => (name === 'click' || name === 'pointerup') && start >= click.pointerDownStamp - 1)
      .map(([, , duration]) => duration);
    run.clickPaint = delays.length ? Math.max(...delays) : null; // null: every entry under 16 ms
    await page.waitForFunction(variant.stored, null, { timeout: TIMEOUT });
    await page.close();

    /* Returning visit: same context (consent stored), new page. */
    const again = await openPage(context, condition);
    again.on('pageerror', (error) => run.errors.push(`pageerror (returning): ${error.message}`));
    // What the returning visit downloads besides the page itself and Google's stubs.
    const returningBodies = [];
    again.on('response', (response) => {
      if (GOOGLE.test(response.url()) || response.request().resourceType() === 'document') return;
      const at = new URL(response.url()).pathname;
      returningBodies.push(response.body().then((body) => [at, compressedSizes(body).brotli], () => null));
    });
    await again.goto(url, { waitUntil: 'commit' });
    run.returnToGtag = await within(again.evaluate(() => window.__bench.gtag), TIMEOUT, 'gtag.js on the returning visit');
    // By the time gtag.js is requested the consent manager has read the stored choice; a banner
    // it still meant to show would be on screen by the load event and two more frames.
    await again.waitForLoadState('load', { timeout: TIMEOUT });
    await again.evaluate(afterFrames, 2);
    run.checks.returningNoBanner = (await again.evaluate(() => window.__bench.bannerAt)) === null;
    const returned = (await Promise.all(returningBodies)).filter(Boolean);
    run.returning = { files: returned.length, paths: returned.map(([at]) => at), brotli: returned.reduce((sum, [, size]) => sum + size, 0) };
    run.checks.returningLoadsGtag = true;
  } catch (error) {
    run.failure = error.message.split('\n')[0];
  } finally {
    await context.close();
  }
  const total = (list) => {
    const sum = { raw: 0, gzip: 0, brotli: 0, files: list.length };
    for (const body of list) {
      const size = compressedSizes(body);
      sum.raw += size.raw;
      sum.gzip += size.gzip;
      sum.brotli += size.brotli;
    }
    return sum;
  };
  if (earlyBodies) run.bytes = total(earlyBodies);
  if (interactiveBodies) run.interactiveBytes = total(interactiveBodies);
  return run;
}

/** Raw, gzip -9 and brotli q11 sizes of one body (cached: the same files come back every run). */
const sizeCache = new Map();
function compressedSizes(body) {
  const key = crypto.createHash('sha1').update(body).digest('hex');
  let sizes = sizeCache.get(key);
  if (!sizes) {
    sizes = {
      raw: body.length,
      gzip: zlib.gzipSync(body, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(body, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).length,
    };
    sizeCache.set(key, sizes);
  }
  return sizes;
}

/* ------------------------------------------------------------------------------------------ */
/* Statistics and tables.                                                                     */
/* ------------------------------------------------------------------------------------------ */

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const fixed = (digits) => (x) => x.toFixed(digits);
const KB = (x) => (x / 1024).toFixed(1);
const MB = (x) => (x / (1024 * 1024)).toFixed(1);

/** Rows of the table. `time` rows get ConsentGate's ratios to the floor and the fastest peer
 *  (none when a value is at or under `below`, the metric's resolution). */
const METRICS = [
  { label: 'Banner visible (ms)', get: (r) => r.bannerAt, fmt: fixed(0), time: true },
  { label: 'Bytes before banner, raw (KB)', get: (r) => r.bytes?.raw, fmt: KB },
  { label: 'Bytes before banner, gzip -9 (KB)', get: (r) => r.bytes?.gzip, fmt: KB },
  { label: 'Bytes before banner, brotli 11 (KB)', get: (r) => r.bytes?.brotli, fmt: KB },
  { label: 'Banner answers clicks at once (ms)', get: (r) => r.interactiveAt, fmt: fixed(0), time: true },
  { label: 'Bytes before that, brotli 11 (KB)', get: (r) => r.interactiveBytes?.brotli, fmt: KB },
  { label: `Long tasks, first ${WINDOW / 1000} s`, get: (r) => r.longTasks, fmt: fixed(0) },
  { label: `Total blocking time, first ${WINDOW / 1000} s (ms)`, get: (r) => r.tbt, fmt: fixed(0), time: true },
  { label: 'Cumulative layout shift', get: (r) => r.cls, fmt: fixed(3) },
  { label: 'Accept click -> gtag.js requested (ms)', get: (r) => r.acceptToGtag, fmt: fixed(1), time: true },
  // Event Timing reports only entries of 16 ms or more (durations are rounded to 8 ms); a run
  // without one counts as 0 here, and a median of 16 ms or less is shown as "<=16".
  { label: 'Accept click -> next paint (ms)', get: (r) => (r.acceptToGtag === undefined ? undefined : r.clickPaint ?? 0),
    fmt: (x) => (x <= 16 ? '<=16' : x.toFixed(0)), time: true, below: 16 },
  { label: 'Returning visit: nav -> gtag.js (ms)', get: (r) => r.returnToGtag, fmt: fixed(0), time: true },
  { label: 'Returning visit: files (besides the page and Google)', get: (r) => r.returning?.files, fmt: fixed(0) },
  { label: 'Returning visit: bytes, brotli 11 (KB)', get: (r) => r.returning?.brotli, fmt: KB },
  { label: 'JS heap at banner (MB)', get: (r) => r.heap, fmt: MB },
  { label: 'Wasm memory at banner (MB)', get: (r) => r.wasmBytes, fmt: MB, only: 'consent-gate' },
];

const CHECKS = [
  ['banner', 'banner shown'],
  ['noGtagBeforeConsent', 'no gtag.js before consent'],
  ['acceptLoadsGtag', 'accept -> gtag.js'],
  ['returningLoadsGtag', 'returning -> gtag.js'],
  ['returningNoBanner', 'returning: no banner'],
];

/** Builds the table for one condition: header row and rows of strings. */
function buildTable(runsByVariant, variants, runs) {
  const cg = variants.find((v) => v.id === 'consent-gate');
  const floor = variants.find((v) => v.id === 'floor');
  const peers = variants.filter((v) => v.pkg);
  const ratios = cg && (floor || peers.length);
  const header = ['Metric (median)', ...variants.map((v) => v.label)];
  if (ratios) header.push('CG / floor', 'CG / best peer');
  const rows = METRICS.map((m) => {
    const ratio = (a, b) => (a === null || b === null || (m.below !== undefined && Math.min(a, b) <= m.below) ? '–'
      : b === 0 ? (a === 0 ? '1.0x' : '–') : `${(a / b).toFixed(1)}x`);
    const med = new Map(variants.map((v) => [v.id, median(runsByVariant[v.id].map(m.get))]));
    const cells = variants.map((v) => {
      if (m.only && v.id !== m.only) return '–';
      const x = med.get(v.id);
      return x === null ? 'n/a' : m.fmt(x);
    });
    const row = [m.label, ...cells];
    if (ratios) {
      if (m.time) {
        const peerMedians = peers.map((p) => med.get(p.id)).filter((x) => x !== null);
        const best = peerMedians.length ? Math.min(...peerMedians) : null;
        row.push(floor ? ratio(med.get('consent-gate'), med.get('floor')) : '–', ratio(med.get('consent-gate'), best));
      } else row.push('', '');
    }
    return row;
  });
  // How many runs passed every functional check; which checks failed is listed under the table.
  rows.push(['Runs passing all checks', ...variants.map((v) => {
    const list = runsByVariant[v.id];
    return `${list.filter((r) => CHECKS.every(([key]) => r.checks[key])).length}/${runs}`;
  }), ...(ratios ? ['', ''] : [])]);
  const notes = variants.flatMap((v) => {
    const list = runsByVariant[v.id];
    const failed = CHECKS.filter(([key]) => list.some((r) => !r.checks[key]));
    if (!failed.length) return [];
    const reasons = [...new Set(list.filter((r) => r.failure).map((r) => r.failure))];
    return [`${v.label} checks: ${failed.map(([key, text]) => `${text} ${list.filter((r) => r.checks[key]).length}/${runs}`).join(', ')}`
      + (reasons.length ? ` (${reasons.join('; ')})` : '')];
  });
  return { header, rows, notes };
}

/* ------------------------------------------------------------------------------------------ */
/* Lighthouse: each variant's first visit in a fresh Chromium, PageSpeed's mobile settings.   */
/* ------------------------------------------------------------------------------------------ */

let LIGHTHOUSE_VERSION = '';
/** The pages Lighthouse measures: the benchmark's page (its heading is the largest contentful
 *  paint with every variant), and a short page where the banner is. */
const LIGHTHOUSE_PAGES = [['the benchmark page', '/'], ['a short page (the banner is the largest paint)', '/short/']];
async function lighthouseOnce(url) {
  // From bench/node_modules (bench/package.json), imported only when Lighthouse runs.
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  LIGHTHOUSE_VERSION ||= JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules/lighthouse/package.json'), 'utf8')).version;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-lh-'));
  const chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: CHROMIUM_ARGS.filter((f) => f !== '--headless').concat('--headless=new'),
    userDataDir,
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    const a = result.lhr.audits;
    if (result.lhr.runtimeError) return { failure: result.lhr.runtimeError.code };
    const element = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
    return {
      lcp: a['largest-contentful-paint'].numericValue,
      fcp: a['first-contentful-paint'].numericValue,
      tbt: a['total-blocking-time'].numericValue,
      cls: a['cumulative-layout-shift'].numericValue,
      score: result.lhr.categories.performance.score * 100,
      lcpElement: element ? element.nodeLabel || element.snippet : null,
    };
  } catch (error) {
    return { failure: error.message.split('\n')[0] };
  } finally {
    await chrome.kill();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

function lighthouseTable(runsByVariant, variants, runs) {
  const rows = [
    ['Largest contentful paint (ms)', (r) => r.lcp, fixed(0)],
    ['First contentful paint (ms)', (r) => r.fcp, fixed(0)],
    ['Total blocking time (ms)', (r) => r.tbt, fixed(0)],
    ['Cumulative layout shift', (r) => r.cls, fixed(3)],
    ['Performance score', (r) => r.score, fixed(0)],
  ].map(([label, get, fmt]) => {
    const med = variants.map((v) => median((runsByVariant[v.id] || []).filter((r) => !r.failure).map(get)));
    const vanilla = med[variants.findIndex((v) => v.id === 'vanilla-cookieconsent')];
    const cg = med[variants.findIndex((v) => v.id === 'consent-gate')];
    return [label, ...med.map((x) => (x === null ? 'n/a' : fmt(x))), cg && vanilla ? `${(cg / vanilla).toFixed(2)}x` : '–'];
  });
  rows.push(['Runs', ...variants.map((v) => `${(runsByVariant[v.id] || []).filter((r) => !r.failure).length}/${runs}`), '']);
  const notes = variants.map((v) => {
    const elements = [...new Set((runsByVariant[v.id] || []).map((r) => r.lcpElement).filter(Boolean))];
    return `${v.label}: the LCP element was ${elements.map((e) => `\`${e.replace(/\s+/g, ' ').slice(0, 60)}\``).join(', ') || 'not reported'}`;
  });
  return { header: ['Metric (median)', ...variants.map((v) => v.label), 'CG / vanilla'], rows, notes };
}

/** Issue 17's targets, measured in this run, with the value each is compared against. */
function targetTable(results, lighthouse, variants) {
  const ids = new Set(variants.map((v) => v.id));
  if (!ids.has('consent-gate') || !ids.has('vanilla-cookieconsent')) return null;
  const med = (c, id, get) => (results[c] ? median(results[c][id].map(get)) : null);
  const rows = [];
  const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'yes' : 'no');
  const ms = (x) => (x === null ? 'n/a' : `${x.toFixed(0)} ms`);
  const c0 = results.default ? 'default' : Object.keys(results)[0];
  if (c0) {
    const bytes = med(c0, 'consent-gate', (r) => r.returning?.brotli);
    const own = results[c0]['consent-gate'].map((r) => r.returning?.paths.filter((p) => p.startsWith('/cg/')).length);
    rows.push(['returning visit: at most 20 KB brotli, one ConsentGate file',
      `${KB(bytes ?? 0)} KB with the config; ConsentGate files: ${[...new Set(own)].join('/')} (${[...new Set(results[c0]['consent-gate'].flatMap((r) => r.returning?.paths ?? []))].join(', ')})`,
      verdict(bytes !== null && bytes <= 20 * 1024 && own.every((n) => n === 1))]);
    const first = med(c0, 'consent-gate', (r) => r.bytes?.brotli);
    rows.push(['first visit: at most 90 KB brotli before the banner', `${KB(first ?? 0)} KB (vanilla ${KB(med(c0, 'vanilla-cookieconsent', (r) => r.bytes?.brotli) ?? 0)})`, verdict(first !== null && first <= 90 * 1024)]);
  }
  for (const c of Object.keys(results)) {
    const cg = med(c, 'consent-gate', (r) => r.returnToGtag);
    const vanilla = med(c, 'vanilla-cookieconsent', (r) => r.returnToGtag);
    rows.push([`returning visit, ${c}: gtag.js no later than with vanilla`, `${ms(cg)} vs ${ms(vanilla)} (${cg && vanilla ? (cg / vanilla).toFixed(2) : '–'}x)`, verdict(cg !== null && vanilla !== null ? cg <= vanilla : null)]);
    const banner = Object.fromEntries(variants.map((v) => [v.id, med(c, v.id, (r) => r.bannerAt)]));
    const others = ['klaro', 'tarteaucitron'].filter((id) => banner[id] !== undefined && banner[id] !== null);
    rows.push([`first visit, ${c}: banner before klaro and tarteaucitron`, `${ms(banner['consent-gate'])} vs ${others.map((id) => `${id} ${ms(banner[id])}`).join(', ')}`, verdict(others.length ? others.every((id) => banner['consent-gate'] < banner[id]) : null)]);
    if (c === 'mobile') {
      const ratio = banner['consent-gate'] / banner['vanilla-cookieconsent'];
      rows.push(['first visit, mobile: banner within 1.3x of vanilla', `${ms(banner['consent-gate'])} vs ${ms(banner['vanilla-cookieconsent'])} (${ratio.toFixed(2)}x)`, verdict(ratio <= 1.3)]);
    }
    const answers = med(c, 'consent-gate', (r) => r.interactiveAt);
    rows.push([`first visit, ${c}: (for the record) the banner answers clicks at once`, `${ms(answers)}, ${KB(med(c, 'consent-gate', (r) => r.interactiveBytes?.brotli) ?? 0)} KB (vanilla ${ms(banner['vanilla-cookieconsent'])}); clicks before then wait and are applied`, '–']);
    const cls = med(c, 'consent-gate', (r) => r.cls);
    rows.push([`nothing worse, ${c}: CLS 0, accept -> gtag.js`, `CLS ${cls === null ? 'n/a' : cls.toFixed(3)}; ${med(c, 'consent-gate', (r) => r.acceptToGtag)?.toFixed(1)} ms`, verdict(cls === 0)]);
    if (c === 'default') {
      const tasks = med(c, 'consent-gate', (r) => r.longTasks);
      rows.push(['nothing worse, no throttling: no long task', `${tasks} long tasks`, verdict(tasks === 0)]);
    }
  }
  for (const [page] of LIGHTHOUSE_PAGES) {
    const lcp = (id) => median(((lighthouse[page] || {})[id] || []).filter((r) => !r.failure).map((r) => r.lcp));
    const [cgLcp, vanillaLcp] = [lcp('consent-gate'), lcp('vanilla-cookieconsent')];
    rows.push([`Lighthouse mobile LCP within 1.25x of vanilla (median), ${page}`, cgLcp && vanillaLcp ? `${ms(cgLcp)} vs ${ms(vanillaLcp)} (${(cgLcp / vanillaLcp).toFixed(2)}x)` : 'n/a', verdict(cgLcp && vanillaLcp ? cgLcp <= 1.25 * vanillaLcp : null)]);
  }
  return { header: ['target', 'measured (ConsentGate vs peers)', 'met?'], rows, notes: [] };
}

function formatText({ header, rows }) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function formatMarkdown({ header, rows }) {
  const esc = (c) => String(c).replace(/\|/g, '\\|');
  return [`| ${header.map(esc).join(' | ')} |`, `|${header.map((_, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/* ------------------------------------------------------------------------------------------ */
/* Environment, for the report.                                                               */
/* ------------------------------------------------------------------------------------------ */

function machine() {
  let nproc = String(os.availableParallelism());
  try { nproc = execFileSync('nproc', { encoding: 'utf8' }).trim(); } catch { /* keep Node's count */ }
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try { cpu = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu; } catch { /* not Linux */ }
  return { nproc, cpu, ram: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB` };
}

function peerVersions() {
  return VARIANTS.filter((v) => v.pkg).map((v) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', v.pkg, 'package.json'), 'utf8'));
    return `${pkg.name}@${pkg.version}`;
  });
}

/* ------------------------------------------------------------------------------------------ */
/* Main.                                                                                      */
/* ------------------------------------------------------------------------------------------ */

async function main() {
  const { values: opts } = parseArgs({
    options: {
      // 7 runs x 5 variants x 3 conditions take about 9 minutes on the 2-core machine.
      runs: { type: 'string', default: '7' },
      dist: { type: 'string', default: path.join(REPO, 'dist', 'consent-gate') },
      conditions: { type: 'string', default: Object.keys(CONDITIONS).join(',') },
      variants: { type: 'string', default: VARIANTS.map((v) => v.id).join(',') },
      out: { type: 'string', default: path.join(BENCH, 'results.md') },
      verbose: { type: 'boolean', default: false },
      serve: { type: 'boolean', default: false },
      // Serve files uncompressed instead of brotli (as a server without compression would).
      'no-compression': { type: 'boolean', default: false },
      // Lighthouse runs per variant (mobile, PageSpeed's settings); 0 skips them.
      lighthouse: { type: 'string', default: '3' },
    },
  });
  COMPRESS = !opts['no-compression'];
  const runs = Number(opts.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${opts.runs}`);
  const conditions = opts.conditions.split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of conditions) if (!CONDITIONS[c]) throw new Error(`unknown condition ${c} (known: ${Object.keys(CONDITIONS).join(', ')})`);
  const wanted = opts.variants.split(',').map((v) => v.trim());
  const variants = VARIANTS.filter((v) => wanted.includes(v.id));
  if (variants.length !== wanted.length) throw new Error(`unknown variant in ${opts.variants}`);
  const dist = path.resolve(opts.dist);
  for (const file of ['consent-gate.js', 'consent-gate-ui_bg.wasm']) {
    if (!fs.existsSync(path.join(dist, file))) throw new Error(`${file} not found in --dist ${dist}`);
  }
  for (const v of variants) {
    if (v.pkg && !fs.existsSync(path.join(BENCH, 'node_modules', v.pkg))) {
      throw new Error(`bench/node_modules/${v.pkg} is missing: run npm ci --prefix bench`);
    }
  }

  const { server, origin } = await startServer(dist);
  if (opts.serve) {
    // Only serve the variants, to look at them in a browser; stops with Ctrl-C.
    console.log(variants.map((v) => `${origin}/${v.id}.html`).join('\n'));
    return;
  }
  const lighthouseRuns = Number(opts.lighthouse);
  if (!Number.isInteger(lighthouseRuns) || lighthouseRuns < 0) throw new Error(`--lighthouse must be a whole number, got ${opts.lighthouse}`);
  const lighthouse = {};
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  const results = {};
  try {
    // One discarded visit of each variant first: the browser's first contexts are slower.
    for (const v of variants) await runOnce(browser, origin, v, CONDITIONS.default);
    for (const c of conditions) {
      results[c] = Object.fromEntries(variants.map((v) => [v.id, []]));
      for (let i = 0; i < runs; i++) {
        // Interleave: every run visits each variant once, starting one further along each time.
        const order = variants.map((_, k) => variants[(i + k) % variants.length]);
        const line = [];
        for (const v of order) {
          const run = await runOnce(browser, origin, v, CONDITIONS[c]);
          results[c][v.id].push(run);
          line.push(run.failure ? `${v.id} FAILED` : `${v.id} ${run.bannerAt.toFixed(0)}ms`);
          if (opts.verbose) {
            if (run.failure) console.error(`  ${v.id}: ${run.failure}`);
            if (run.earlyFiles) console.error(`  ${v.id}: before the banner: ${run.earlyFiles.join(', ')}`);
            for (const e of new Set(run.errors)) console.error(`  ${v.id}: ${e}`);
          }
        }
        process.stderr.write(`[${c}] run ${i + 1}/${runs}: ${line.join(', ')}\n`);
      }
    }
    await browser.close().catch(() => {});
    for (const [page, prefix] of LIGHTHOUSE_PAGES) {
      lighthouse[page] = {};
      for (let i = 0; i < lighthouseRuns; i++) {
        const order = variants.map((_, k) => variants[(i + k) % variants.length]);
        const line = [];
        for (const v of order) {
          const run = await lighthouseOnce(`${origin}${prefix}${v.id}.html`);
          (lighthouse[page][v.id] ||= []).push(run);
          line.push(run.failure ? `${v.id} FAILED (${run.failure})` : `${v.id} LCP ${run.lcp.toFixed(0)}ms`);
        }
        process.stderr.write(`[lighthouse, ${page}] run ${i + 1}/${lighthouseRuns}: ${line.join(', ')}\n`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
  const elapsed = (Date.now() - started) / 1000;

  /* Tables and report. */
  const env = machine();
  const chromiumVersion = browser.version();
  const peers = peerVersions();
  // The build's files (the full build may be split into a gate and a UI part, loaded on demand).
  const distFiles = fs.readdirSync(dist).filter((f) => /^consent-gate.*\.(js|wasm)$/.test(f)).sort().map((f) => {
    const body = fs.readFileSync(path.join(dist, f));
    const s = compressedSizes(body);
    return `${f} ${KB(s.raw)} KB (gzip ${KB(s.gzip)}, brotli ${KB(s.brotli)})`;
  });
  const md = [
    '# ConsentGate benchmark results', '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${env.nproc} CPUs (nproc), ${env.cpu}, ${env.ram} RAM; load average ${loadBefore.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end`,
    `- Chromium ${chromiumVersion} (headless, /usr/bin/chromium), Node ${process.version}`,
    `- Peers: ${peers.join(', ')}`,
    `- ConsentGate build: ${dist}: ${distFiles.join('; ')} (all of them, whether or not a page loads them)`,
    `- ${runs} runs per variant and condition, medians; variants interleaved run by run; ${elapsed.toFixed(0)} s in all`,
    `- Files served ${COMPRESS ? 'brotli-compressed (Content-Encoding: br), as a CDN would' : 'uncompressed (--no-compression)'}; the byte rows count decoded bodies`,
    `- Command: \`node bench/run.mjs ${process.argv.slice(2).join(' ')}\``.replace(/ `$/, '`'),
    '',
  ];
  for (const c of conditions) {
    const table = buildTable(results[c], variants, runs);
    console.log(`\n== ${CONDITIONS[c].label}: ${runs} runs, medians ==\n${formatText(table)}`);
    md.push(`## ${CONDITIONS[c].label}`, '', formatMarkdown(table), '');
    // The long-task window is fixed; say so where a banner only arrives near or after its end.
    for (const v of variants) {
      const at = median(results[c][v.id].map((r) => r.bannerAt));
      if (at !== null && at > WINDOW - 500) {
        const note = `${v.label}'s banner shows at ${at.toFixed(0)} ms: its start-up work falls partly or wholly after the ${WINDOW / 1000} s long-task window.`;
        console.log(`  note: ${note}`);
        md.push(`- Note: ${note}`);
      }
    }
    for (const note of table.notes) {
      console.log(`  ${note}`);
      md.push(`- ${note}`);
    }
    if (md[md.length - 1] !== '') md.push('');
  }
  if (lighthouseRuns) {
    for (const [page] of LIGHTHOUSE_PAGES) {
      const table = lighthouseTable(lighthouse[page], variants, lighthouseRuns);
      console.log(`\n== Lighthouse ${LIGHTHOUSE_VERSION}, mobile (simulated slow 4G, 4x CPU), ${page}: ${lighthouseRuns} runs, medians ==\n${formatText(table)}`);
      md.push(`## Lighthouse ${LIGHTHOUSE_VERSION}, mobile (PageSpeed's settings: simulated slow 4G, 4x CPU), first visit, ${page}`, '',
        formatMarkdown(table), '');
      for (const note of table.notes) md.push(`- ${note}`);
      if (table.notes.length) md.push('');
    }
  }
  const targets = targetTable(results, lighthouse, variants);
  if (targets) {
    console.log(`\n== The targets of issue 17 ==\n${formatText(targets)}`);
    md.splice(md.indexOf('') + 1, 0, '## The targets of issue 17, in this run', '', formatMarkdown(targets), '');
  }
  md.push('See bench/README.md for what each row measures.', '');
  fs.writeFileSync(opts.out, md.join('\n'));
  console.log(`\n${elapsed.toFixed(0)} s. Report written to ${path.relative(process.cwd(), opts.out) || opts.out}`);
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exit(1);
});
