/* Part 1 of the bootstrap (embed/bootstrap/README.md): runs once per page, first. Captures
 * the script tag, refuses to run twice, creates the Trusted Types policy, and starts the
 * config's download. Also the small helpers every later part uses. */
  var key = Symbol.for("consent-gate");
  if (window[key]) {
    console.warn("ConsentGate: consent-gate.js is included more than once; the extra copy does nothing.");
    return;
  }
  window[key] = true;
  var BUILD = /*BUILD*/ { version: "dev", sri: {}, languages: ["en"], css: "", english: {} };
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
          /^https:\/\/(bat\.bing\.com\/bat\.js|www\.clarity\.ms\/tag\/[A-Za-z0-9]+)$/.test(url) ||
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
  /* The visitor's region as the site gives it (docs/regions.md): the script tag's
     data-region, else <meta name="consent-region">; the full build reads it, a plan holds
     for it alone. */
  var regionMeta = document.querySelector("meta[name=consent-region]");
  var region = (script && script.getAttribute("data-region")) || (regionMeta && regionMeta.content) || null;
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

  var has = Object.prototype.hasOwnProperty;
  function log(level, message) {
    console[level]("ConsentGate: " + message);
  }
  function why(e) {
    return (e && e.message) || String(e);
  }
