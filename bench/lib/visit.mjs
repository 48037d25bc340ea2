/* One run: first visit, accept, returning visit, in a fresh browser context; what it measures
 * is returned as one record (see README.md for the metrics). */

import { GOOGLE, SETTLE, TIMEOUT, WINDOW } from './constants.mjs';
import { afterFrames, probe } from './probe.mjs';
import { compressedSizes } from './stats.mjs';

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

export async function runOnce(browser, origin, variant, condition) {
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
