/* ConsentGate bootstrap: the only hand-written JavaScript in the product.
 *
 * The post-build step (embed/wrap.mjs) puts wasm-bindgen's no-modules glue of the *gate*
 * where the marker below is, inside one function scope (so a second copy of the script
 * cannot clash). ConsentGate ships two builds of the same Rust crate:
 *   - the gate (consent-gate_bg.wasm, no interface code) for visitors who have decided;
 *   - the full build (consent-gate-ui.js + consent-gate-ui_bg.wasm, with the interface);
 *   - the policy build (consent-gate-policy.js + _bg.wasm, the Markdown parser), loaded only
 *     when a privacy policy is shown.
 * A stored choice is only a hint for which to load: the Rust core decides everything, and
 * the gate hands over to the full build when the banner or preferences must show.
 *
 * The bootstrap:
 *   - captures document.currentScript synchronously (it is null once anything async runs);
 *   - does nothing, but warn, if ConsentGate already runs on the page;
 *   - starts fetching data-config (relative to the page) while the wasm compiles;
 *   - finds the builds relative to its own src, so the folder can live on any path or CDN;
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
  function fail(e) {
    console.error("ConsentGate: could not start (" + ((e && e.message) || e) + "); nothing that needs consent will load.");
  }
  /* Diagnostics for benchmarks: the wasm memory of the builds loaded so far, in bytes. */
  var memories = [];
  window[Symbol.for("consent-gate-memory")] = function () {
    return memories.reduce(function (sum, m) {
      return sum + m.buffer.byteLength;
    }, 0);
  };
  function loaded(build) {
    if (build.memory) memories.push(build.memory);
    return build;
  }
  /* Loads a build once: its glue registers an initialiser under Symbol.for(name), and its
     wasm is fetched while the glue loads. */
  function load(name) {
    return new Promise(function (resolve, reject) {
      var wasm = fetch(new URL(name + "_bg.wasm", base).href);
      wasm.catch(function () {}); /* reported by init below */
      var s = document.createElement("script");
      s.src = new URL(name + ".js", base).href;
      if (script && script.nonce) s.nonce = script.nonce;
      s.onload = function () {
        var init = window[Symbol.for(name)];
        if (!init) return reject(new Error(name + ".js did not register"));
        init(wasm).then(loaded).then(resolve, reject);
      };
      s.onerror = function () {
        reject(new Error("could not load " + s.src));
      };
      (document.head || document.documentElement).appendChild(s);
    });
  }
  var ui;
  /* Loads the full build (the interface) once. */
  function loadUi() {
    ui = ui || load("consent-gate-ui");
    return ui;
  }
  var policy;
  /* Loads the policy build (the Markdown parser) once, when a policy is first shown. */
  function loadPolicy() {
    policy = policy || load("consent-gate-policy");
    return policy;
  }
  var decided = false;
  try {
    decided = localStorage.getItem("consent-gate") !== null;
  } catch (e) {
    /* storage blocked: no stored choice, so the full build is needed */
  }
  try {
    /*GLUE*/
    var start = decided
      ? wasm_bindgen({ module_or_path: new URL("consent-gate_bg.wasm", base).href }).then(function (exports) {
          return loaded({ boot: wasm_bindgen.boot, memory: exports.memory });
        })
      : loadUi();
    start
      .then(function (build) {
        build.boot(script, gtag, config, loadUi, loadPolicy);
      })
      .catch(fail);
  } catch (e) {
    fail(e);
  }
})();
