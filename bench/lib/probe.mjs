/* The in-page probe: an init script that runs before any script of the page, and a helper
 * run in the page to wait a few frames. */

/** Runs in the page (serialised by Playwright; it may use nothing from this module). Records,
 *  in window.__bench, on the page's own clock (ms since navigation start):
 *  bannerAt (first animation frame with the banner laid out and not hidden) and the JS heap then,
 *  long tasks, layout shifts, Event Timing entries, the accept click and the first gtag.js
 *  resource entry. */
export function probe({ host, selector, painted }) {
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
export const afterFrames = (n) => new Promise((resolve) => {
  const step = () => (n-- > 0 ? requestAnimationFrame(step) : setTimeout(resolve, 0));
  step();
});
