/* ConsentGate bootstrap: the only hand-written JavaScript in the product.
 *
 * The post-build step (embed/wrap.mjs) puts wasm-bindgen's no-modules glue where the marker
 * below is and wraps everything in one function scope, so the glue's top-level `let` cannot
 * clash when a page includes the script twice. The bootstrap:
 *   - captures document.currentScript synchronously (it is null once anything async runs);
 *   - does nothing, but warn, if ConsentGate already runs on the page;
 *   - starts fetching data-config (relative to the page) while the wasm compiles;
 *   - finds the wasm relative to its own src, so the folder can live on any path or CDN;
 *   - defines the real gtag function, so dataLayer receives Arguments objects;
 *   - on any failure logs once and leaves the page alone (marked elements stay inert). */
(function () {
  "use strict";
  var key = typeof Symbol === "function" ? Symbol.for("consent-gate") : "__consentGate";
  if (window[key]) {
    console.warn("ConsentGate: consent-gate.js is included more than once; the extra copy does nothing.");
    return;
  }
  window[key] = true;
  var script = document.currentScript;
  var base = script && script.src ? script.src : document.baseURI;
  var configUrl = script && script.getAttribute("data-config");
  var config;
  if (configUrl) {
    config = fetch(new URL(configUrl, document.baseURI).href, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " " + r.statusText);
      return r.text();
    });
    config.catch(function () {}); /* reported by the wasm once it awaits it */
  }
  function gtag() {
    (window.dataLayer = window.dataLayer || []).push(arguments);
  }
  try {
    /*GLUE*/
    wasm_bindgen({ module_or_path: new URL("consent-gate_bg.wasm", base).href })
      .then(function () {
        wasm_bindgen.boot(script, gtag, config);
      })
      .catch(fail);
  } catch (e) {
    fail(e);
  }
  function fail(e) {
    console.error("ConsentGate: could not start (" + ((e && e.message) || e) + "); nothing that needs consent will load.");
  }
})();
