/* ConsentGate bootstrap: the only hand-written JavaScript in the product.
 *
 * The post-build step (embed/wrap.mjs) puts wasm-bindgen's no-modules glue of the *gate*
 * where the GLUE marker is, inside one function scope (so a second copy of the script cannot
 * clash), and the build's facts where BUILD is: the SHA-384 of every build this script
 * loads, and the built-in languages. ConsentGate ships three builds of one Rust crate:
 *   - the gate (consent-gate_bg.wasm, no interface code) for visitors who have decided;
 *   - the full build (consent-gate-ui.js + _bg.wasm, with the interface);
 *   - the policy build (consent-gate-policy.js + _bg.wasm, the Markdown parser), loaded only
 *     when a privacy policy is shown.
 * A stored choice with the brief the full build left ("consent-gate-brief") is only a hint
 * for which to load: the Rust core decides everything, and the gate hands the page view over
 * to the full build for anything but applying a valid choice.
 *
 * The bootstrap:
 *   - captures document.currentScript synchronously (it is null once anything async runs);
 *   - does nothing, but warn, if ConsentGate already runs on the page;
 *   - creates the one Trusted Types policy, "consent-gate", which lets through only
 *     ConsentGate's own files, Google's tag URLs and the scripts the site marked;
 *   - fetches data-config (relative to the page) and the visitor's language file while the
 *     wasm compiles, so neither costs a round trip of its own;
 *   - loads every build with the SHA-384 recorded at build time (Subresource Integrity): a
 *     file that differs in any byte is refused and ConsentGate stays inert (the full build
 *     checks the language files against the SHA-384 it was built with);
 *   - defines window.ConsentGate once, the same object for the whole page view whichever
 *     build answers, and the real gtag function, so dataLayer receives Arguments objects;
 *   - on any failure logs once and leaves the page alone (marked elements stay inert). */
(function () {
  "use strict";
  var key = Symbol.for("consent-gate");
  if (window[key]) {
    console.warn("ConsentGate: consent-gate.js is included more than once; the extra copy does nothing.");
    return;
  }
  window[key] = true;
  var BUILD = /*BUILD*/ { version: "dev", sri: {}, languages: ["en"] };
  var script = document.currentScript;
  var base = script && script.src ? script.src : document.baseURI;
  var nonce = script && script.nonce;
  var here = new URL(".", base).href;
  function own(file) {
    return new URL(file, base).href;
  }
  function fail(e) {
    console.error("ConsentGate: could not start (" + ((e && e.message) || e) + "); nothing that needs consent will load.");
  }

  /* Trusted Types: the only policy ConsentGate creates. */
  function marked(attribute, value) {
    var list = document.querySelectorAll("script[type='text/plain']");
    for (var i = 0; i < list.length; i++) {
      var el = list[i];
      if (!el.hasAttribute("data-consent") && !el.hasAttribute("data-category")) continue;
      if (attribute ? el.getAttribute("data-src") === value || el.getAttribute("src") === value : el.text === value) return true;
    }
    return false;
  }
  var trusted = { createScriptURL: String, createScript: String };
  if (window.trustedTypes && trustedTypes.createPolicy) {
    trusted = trustedTypes.createPolicy("consent-gate", {
      createScriptURL: function (url) {
        var ok =
          (url.indexOf(here) === 0 && !/[?#]/.test(url.slice(here.length))) ||
          /^https:\/\/www\.googletagmanager\.com\/(gtag\/js|gtm\.js)\?id=[A-Z0-9-]+$/.test(url) ||
          marked(true, url);
        if (!ok) throw new TypeError("ConsentGate's Trusted Types policy refuses the script URL " + url);
        return url;
      },
      createScript: function (text) {
        if (!marked(false, text)) throw new TypeError("ConsentGate's Trusted Types policy refuses a script that no element marked");
        return text;
      },
    });
  }

  /* Fetches one of ConsentGate's files with its recorded SHA-384. */
  function fetchOwn(file) {
    return fetch(own(file), { integrity: BUILD.sri[file] || "", credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(file + ": HTTP " + r.status);
      return r;
    }, function () {
      throw new Error(file + " could not be loaded, or does not match the SHA-384 recorded at build time");
    });
  }

  /* The config at data-config (relative to the page), fetched while the wasm compiles; the
     build reads the text, or the reason it could not be fetched, from the boot object. */
  var configAttr = script && script.getAttribute("data-config");
  var configUrl = configAttr && new URL(configAttr, document.baseURI).href;
  var config =
    configUrl &&
    fetch(configUrl, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status + " " + r.statusText);
        return r.text();
      })
      .then(
        function (text) {
          boot.configText = text;
        },
        function (e) {
          boot.configError = 'could not load the config from data-config="' + configAttr + '": ' + ((e && e.message) || e);
        }
      );

  /* The language file the core will most likely ask for (it decides; this only starts the
     download early): <html lang>, then the browser's languages, by BCP 47 lookup. */
  function guess() {
    var wanted = [document.documentElement.lang].concat(navigator.languages || [navigator.language]);
    for (var i = 0; i < wanted.length; i++) {
      var tag = wanted[i] || "";
      var parts = tag.toLowerCase().split("-");
      var tries = [tag];
      var p = parts[0];
      if (p === "zh") tries.push(/-(hant|tw|hk|mo)(-|$)/i.test(tag) ? "zh-Hant" : "zh-Hans");
      if (p === "no" || p === "nn") tries.push("nb");
      if (p === "iw") tries.push("he");
      if (p === "in") tries.push("id");
      while (parts.length > 1) {
        parts.pop();
        if (parts.length > 1 && parts[parts.length - 1].length === 1) parts.pop();
        tries.push(parts.join("-"));
      }
      for (var j = 0; j < tries.length; j++) {
        for (var k = 0; k < BUILD.languages.length; k++) {
          if (BUILD.languages[k].toLowerCase() === tries[j].toLowerCase()) return BUILD.languages[k];
        }
      }
    }
    return "en";
  }
  var texts = {};
  /* The text of i18n/<tag>.json (the full build checks it against the SHA-384 it has). */
  function loadLanguage(tag) {
    texts[tag] =
      texts[tag] ||
      fetchOwn("i18n/" + tag + ".json").then(function (r) {
        return r.text();
      });
    return texts[tag];
  }
  var first = guess();
  if (first !== "en") loadLanguage(first).catch(function () {});

  function gtag() {
    (window.dataLayer = window.dataLayer || []).push(arguments);
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
     wasm is fetched (with its SHA-384) while the glue loads. */
  var builds = {};
  function load(name) {
    builds[name] =
      builds[name] ||
      new Promise(function (resolve, reject) {
        var wasm = fetchOwn(name + "_bg.wasm");
        wasm.catch(function () {}); /* reported by init below */
        var s = document.createElement("script");
        s.src = trusted.createScriptURL(own(name + ".js"));
        s.integrity = BUILD.sri[name + ".js"] || "";
        s.crossOrigin = "anonymous";
        if (nonce) s.nonce = nonce;
        s.onload = function () {
          var init = window[Symbol.for(name)];
          if (!init) return reject(new Error(name + ".js did not register"));
          init(wasm).then(loaded).then(resolve, reject);
        };
        s.onerror = function () {
          reject(new Error(name + ".js could not be loaded, or does not match the SHA-384 recorded at build time"));
        };
        (document.head || document.documentElement).appendChild(s);
      });
    return builds[name];
  }

  /* window.ConsentGate: one object for the page view; each call goes to the build that
     answers now (the gate, then the full build once it has taken over). */
  var answer;
  function call(name, argument) {
    return answer ? answer(name, argument) : undefined;
  }
  function method(name) {
    return function (argument) {
      call(name, argument);
    };
  }
  var api = Object.freeze({
    show: method("show"),
    showPreferences: method("showPreferences"),
    showPolicy: method("showPolicy"),
    acceptAll: method("acceptAll"),
    rejectAll: method("rejectAll"),
    reset: method("reset"),
    setLanguage: method("setLanguage"),
    accepted: function (purpose) {
      return call("accepted", purpose) === true;
    },
    getConsent: function () {
      return call("getConsent") || null;
    },
    on: function (event, listener) {
      if ((event !== "ready" && event !== "change") || typeof listener !== "function") {
        console.error('ConsentGate.on(event, listener): event is "ready" or "change", listener a function');
        return function () {};
      }
      if (event === "ready") {
        /* ConsentGate is ready by the time this object exists: answer at once. */
        listener(api.getConsent());
        return function () {};
      }
      var handler = function (e) {
        listener(e.detail);
      };
      document.addEventListener("consent-gate:change", handler);
      return function () {
        document.removeEventListener("consent-gate:change", handler);
      };
    },
    version: BUILD.version,
  });

  /* The one object every build receives (see src/page/boot.rs, `Boot`). */
  var boot = {
    script: script,
    gtag: gtag,
    configText: null,
    configError: null,
    configUrl: configUrl || null,
    loadLanguage: loadLanguage,
    loadUi: function () {
      return load("consent-gate-ui");
    },
    loadPolicy: function () {
      return load("consent-gate-policy");
    },
    scriptUrl: function (url) {
      return trusted.createScriptURL(url);
    },
    scriptText: function (text) {
      return trusted.createScript(text);
    },
    /* A build answers the API from now on. */
    answer: function (f) {
      answer = f;
      if (!window.ConsentGate) window.ConsentGate = api;
    },
    /* Left by the gate for the full build when it hands over (src/gate.rs). */
    gateRan: false,
    applied: null,
    queued: null,
  };

  /* The gate, for a returning visitor: a stored choice and the brief the full build left
     (src/core/brief.rs). Only a hint: the gate checks both and hands over if need be. */
  var decided = false;
  try {
    decided = localStorage.getItem("consent-gate") !== null && localStorage.getItem("consent-gate-brief") !== null;
  } catch (e) {
    /* storage blocked: no stored choice, so the full build is needed */
  }
  try {
    /*GLUE*/
    var start = decided
      ? wasm_bindgen({ module_or_path: fetchOwn("consent-gate_bg.wasm") }).then(function (exports) {
          return loaded({ boot: wasm_bindgen.boot, memory: exports.memory });
        })
      : load("consent-gate-ui");
    Promise.all([start, config])
      .then(function (ready) {
        ready[0].boot(boot);
      })
      .catch(fail);
  } catch (e) {
    fail(e);
  }
})();
