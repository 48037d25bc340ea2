/* ConsentGate bootstrap: the only hand-written JavaScript in the product, and all that a
 * returning visitor whose choice holds downloads.
 *
 * The post-build step (embed/wrap.mjs) puts the build's facts where BUILD is: the version,
 * the SHA-384 of every file this script loads, and the built-in languages. ConsentGate ships
 * two wasm builds of one Rust crate:
 *   - the full build (consent-gate-ui.js + _bg.wasm: the config reader, the core, the
 *     interface), for a first visit and whenever the plan below does not hold;
 *   - the policy build (consent-gate-policy.js + _bg.wasm, the Markdown parser), loaded only
 *     when a privacy policy is shown.
 * A returning visitor's page view runs no wasm: the full build left a plan
 * ("consent-gate-plan", src/core/plan.rs), the next page view decided in advance by the Rust
 * core, and this script carries it out when it is for this very config text, version, stored
 * record, Global Privacy Control signal and time; otherwise it loads the full build.
 *
 * The bootstrap:
 *   - captures document.currentScript synchronously (it is null once anything async runs);
 *   - does nothing, but warn, if ConsentGate already runs on the page;
 *   - creates the one Trusted Types policy, "consent-gate", which lets through only
 *     ConsentGate's own files, Google's tag URLs and the scripts the site marked;
 *   - fetches data-config (relative to the page) and the visitor's language file while the
 *     wasm loads, so neither costs a round trip of its own;
 *   - loads every build with the SHA-384 recorded at build time (Subresource Integrity): a
 *     file that differs in any byte is refused and ConsentGate stays inert (the full build
 *     checks the language files against the SHA-384 it was built with);
 *   - defines window.ConsentGate once, the same object for the whole page view whichever
 *     part answers, and the real gtag function, so dataLayer receives Arguments objects;
 *   - on any failure logs once and leaves the page alone (marked elements stay inert). */
(function () {
  "use strict";
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

  /* Language tags as core::lang reads them (src/core/lang.rs): BCP 47 lookup, with the
     mappings lookup alone gets wrong (Chinese by script, Norwegian, retired codes). */
  function fallbacks(tag) {
    tag = String(tag).trim();
    if (tag.length > 35 || !/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(tag)) return [];
    var sub = tag.toLowerCase().split("-");
    var has = function (s) {
      return sub.indexOf(s, 1) > 0;
    };
    var p = sub[0];
    var mapped = p === "zh" ? (has("hant") || has("tw") || has("hk") || has("mo") ? "zh-Hant" : "zh-Hans") : { no: "nb", nn: "nb", iw: "he", in: "id", ji: "yi" }[p];
    var beforeBare = p !== "nn";
    var out = [tag];
    for (var end = sub.length; end > 1; ) {
      end--;
      if (end > 1 && sub[end - 1].length === 1) end--;
      if (end === 1 && beforeBare && mapped) out.push(mapped);
      out.push(tag.split("-").slice(0, end).join("-"));
    }
    if ((sub.length === 1 || !beforeBare) && mapped) out.push(mapped);
    return out.filter(function (t, i) {
      return i === 0 || t.toLowerCase() !== out[i - 1].toLowerCase();
    });
  }
  /* The first of `offered` that answers one of `requested`, in order (core::lang::negotiate). */
  function negotiate(requested, offered) {
    for (var i = 0; i < requested.length; i++) {
      var tries = fallbacks(requested[i] || "");
      for (var j = 0; j < tries.length; j++) {
        for (var k = 0; k < offered.length; k++) {
          if (String(offered[k]).toLowerCase() === tries[j].toLowerCase()) return offered[k];
        }
      }
    }
    return null;
  }
  /* <html lang>, then the browser's languages (page::languages). */
  function pageLanguages() {
    var lang = document.documentElement.getAttribute("lang");
    return (lang === null ? [] : [lang]).concat(Array.prototype.slice.call(navigator.languages || []));
  }
  var texts = {};
  /* The text of i18n/<tag>.json, checked against its SHA-384. */
  function loadLanguage(tag) {
    texts[tag] =
      texts[tag] ||
      fetchOwn("i18n/" + tag + ".json").then(function (r) {
        return r.text();
      });
    return texts[tag];
  }
  /* The language file the core will most likely ask for, fetched while everything else loads
     (the core decides; this only starts the download early). */
  var first = negotiate(pageLanguages(), BUILD.languages) || "en";
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
    /* The stylesheet of every shadow root ConsentGate draws. */
    css: BUILD.css,
    /* A first visit's banner, painted before the full build arrived (src/browser/painted.rs):
       { host, root, lang, shown, clicks }, until the full build takes it over. */
    painted: null,
    unpaint: function () {
      unpaint();
    },
    /* Left by the bootstrap for the full build when it hands a returning visit over. */
    gateRan: false,
    applied: null,
    queued: null,
  };

  /* ---- The returning visit, carried out from the plan (src/core/plan.rs) ----
     The full build leaves localStorage["consent-gate-plan"]: what the next page view does
     with the visitor's choice, decided by the Rust core. It is used only if it is for this
     config's exact text (its FNV-1a fingerprint), this version, the record in storage (its
     exact text), this Global Privacy Control signal and the time in which the record is in
     force, with no receipts waiting and no policy on the page; anything else loads the full
     build, which decides again. The plan's steps are data: gtag calls, dataLayer pushes,
     Google tags, and the lookups that say which marked elements run. */
  var has = Object.prototype.hasOwnProperty;
  var STATE = "data-consent-state";
  var MARKED = ["script[type='text/plain'][data-consent]", "script[type='text/plain'][data-category]", "[data-consent][data-src]:not(script)", "[data-category][data-src]:not(script)"]
    .map(function (s) {
      return s + ":not([" + STATE + "=activated]):not([" + STATE + "=invalid]):not([" + STATE + "=queued])";
    })
    .join(",");
  var LINKS = "[data-consent-gate=preferences]";
  var POLICY = "[data-consent-gate=policy], [data-consent-gate=cookie-declaration]";
  function log(level, message) {
    console[level]("ConsentGate: " + message);
  }
  function why(e) {
    return (e && e.message) || String(e);
  }

  /* 64-bit FNV-1a of the text's UTF-8 bytes, in hex (core::plan::fingerprint). The prime is
     2^40 + 435, so h * prime = h * 435 + (h << 40), done in two 32-bit halves. */
  function fingerprint(text) {
    var bytes = new TextEncoder().encode(text);
    var hi = 0xcbf29ce4, lo = 0x84222325;
    for (var i = 0; i < bytes.length; i++) {
      lo = (lo ^ bytes[i]) >>> 0;
      var t = lo * 435;
      hi = (Math.imul(hi, 435) + Math.floor(t / 4294967296) + (lo << 8)) >>> 0;
      lo = t % 4294967296;
    }
    return (hi + 4294967296).toString(16).slice(1) + (lo + 4294967296).toString(16).slice(1);
  }

  /* The plan for the record in storage, if there is one and no receipts wait to be sent. */
  function storedPlan() {
    try {
      if (localStorage.getItem("consent-gate-outbox") !== null) return null;
      var record = localStorage.getItem("consent-gate");
      var text = localStorage.getItem("consent-gate-plan");
      if (record === null || text === null) return null;
      var plan = JSON.parse(text);
      return plan && plan.record === record ? plan : null;
    } catch (e) {
      return null; /* storage blocked or a plan that does not read: the full build decides */
    }
  }
  var STEPS = { gtag: 1, event: 1, gtm: 1, script: 1, activate: 1 };
  /* Whether the plan holds for this page view (the config's text in hand, the page parsed). */
  function holds(plan, text) {
    var now = Date.now();
    return (
      plan.v === BUILD.version &&
      plan.fp === fingerprint(text) &&
      now >= plan.from &&
      now < plan.until &&
      plan.gpc === (navigator.globalPrivacyControl === true) &&
      !!plan.categories &&
      !!plan.services &&
      Array.isArray(plan.required) &&
      Array.isArray(plan.run) &&
      plan.run.every(function (s) {
        return has.call(STEPS, s[0]);
      })
    );
  }

  /* Which marked elements run: core::gating's reading of the markup, over the plan's tables
     (every category's and service's answer, the services' categories, the required ones). */
  function judgeOf(plan) {
    return function (el) {
      var consent = el.getAttribute("data-consent");
      var raw = consent !== null ? consent : el.getAttribute("data-category");
      if (raw === null) return "invalid";
      raw = raw.trim();
      var negated = raw.charAt(0) === "!";
      var name = negated ? raw.slice(1).trim() : raw;
      var category, purpose;
      if (has.call(plan.categories, name)) category = purpose = name;
      else if (consent !== null && has.call(plan.services, name)) category = plan.services[(purpose = name)][0];
      else return "invalid";
      var service = (el.getAttribute("data-service") || "").trim();
      if (service) {
        if (!has.call(plan.services, service) || plan.services[service][0] !== category) return "invalid";
        purpose = service;
      }
      if (!negated && plan.required.indexOf(category) >= 0) return "run";
      return allows(plan, purpose) !== negated ? "run" : "wait";
    };
  }
  function allows(plan, purpose) {
    if (typeof purpose !== "string") return false;
    if (has.call(plan.categories, purpose)) return plan.categories[purpose] === true;
    return has.call(plan.services, purpose) && plan.services[purpose][1] === true;
  }

  /* The marked elements (as src/page/marked.rs does them for the full build): revived in
     document order, each external script waiting for the previous one's load or error. */
  var judge = null;
  var queue = [];
  var running = false;
  function describe(el) {
    var s = "<" + el.tagName.toLowerCase();
    ["data-consent", "data-category", "data-service", "src", "data-src"].forEach(function (a) {
      if (el.hasAttribute(a)) s += " " + a + '="' + el.getAttribute(a) + '"';
    });
    return s + ">";
  }
  function activate() {
    if (!judge) return;
    var list = document.querySelectorAll(MARKED);
    for (var i = 0; i < list.length; i++) {
      var el = list[i];
      var verdict = judge(el);
      el.setAttribute(STATE, verdict === "run" ? "queued" : verdict === "wait" ? "waiting" : "invalid");
      if (verdict === "run") queue.push(el);
      else if (verdict === "invalid") log("error", describe(el) + ": names no category or service of the config; it will not run");
    }
    runQueue();
  }
  function runQueue() {
    if (running) return;
    running = true;
    while (queue.length) {
      if (runOne(queue.shift())) return; /* resumed by the script's load or error */
    }
    running = false;
  }
  function runOne(el) {
    if (!(el instanceof HTMLScriptElement)) {
      var src = el.getAttribute("data-src");
      if (src !== null) {
        el.setAttribute("src", src);
        el.setAttribute(STATE, "activated");
      }
      return false;
    }
    var fresh = revive(el);
    if (!fresh) return false;
    var external = !!fresh.src;
    if (external) {
      fresh.onload = fresh.onerror = function () {
        running = false;
        runQueue();
      };
    }
    try {
      el.replaceWith(fresh);
    } catch (e) {
      log("error", "could not run " + describe(el) + ": " + why(e));
      return false;
    }
    return external;
  }
  function revive(old) {
    var fresh = document.createElement("script");
    old.getAttributeNames().forEach(function (name) {
      if (name !== "type" && name !== STATE && name !== "nonce" && name !== "src") fresh.setAttribute(name, old.getAttribute(name));
    });
    var src = old.hasAttribute("data-src") ? old.getAttribute("data-src") : old.getAttribute("src");
    try {
      if (src !== null) fresh.src = trusted.createScriptURL(src);
      if (old.hasAttribute("data-type")) fresh.setAttribute("type", old.getAttribute("data-type"));
      if (old.nonce || nonce) fresh.nonce = old.nonce || nonce;
      fresh.setAttribute(STATE, "activated");
      fresh.async = false; /* keep document order */
      if (!fresh.src) fresh.text = trusted.createScript(old.text);
    } catch (e) {
      log("error", "could not run " + (src || "an inline script") + ": " + why(e));
      return null;
    }
    return fresh;
  }
  function inject(url) {
    try {
      var s = document.createElement("script");
      s.async = true;
      s.src = trusted.createScriptURL(url);
      if (nonce) s.nonce = nonce;
      (document.head || document.documentElement).appendChild(s);
    } catch (e) {
      log("error", "could not load " + url + ": " + why(e));
    }
  }
  /* dataLayer.push(entry) with the array's own push (gtm.js replaces it with its own). */
  function push(entry) {
    if (!Array.isArray(window.dataLayer)) window.dataLayer = [];
    window.dataLayer.push(entry);
  }

  /* The reopen control (src/page/reopen.rs draws the same markup in the full build) and the
     site's own preferences links, while one is on screen the control steps aside. */
  var host = null;
  var links = null;
  var visible = {};
  function showReopen(look) {
    try {
      var el = function (name, attributes, ns) {
        var e = ns ? document.createElementNS(ns, name) : document.createElement(name);
        for (var k in attributes) e.setAttribute(k, attributes[k]);
        return e;
      };
      var SVG = "http://www.w3.org/2000/svg";
      var h = document.createElement("consent-gate");
      var shadow = h.attachShadow({ mode: "open" });
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(BUILD.css + look.css);
      shadow.adoptedStyleSheets = [sheet];
      var root = el("div", { class: "cg-root" });
      shadow.appendChild(root);
      var wrapper = el("div", { class: "cg", lang: look.lang, dir: look.dir, "data-scheme": look.scheme });
      var button = el("button", { type: "button", class: "cg-reopen cg-at-" + look.corner, "aria-label": look.label, title: look.label });
      var svg = el("svg", { viewBox: "0 0 24 24", width: "24", height: "24", "aria-hidden": "true", focusable: "false" }, SVG);
      svg.appendChild(el("path", { d: look.icon }, SVG));
      button.appendChild(svg);
      wrapper.appendChild(button);
      button.addEventListener("click", function () {
        hand("showPreferences");
      });
      document.body.appendChild(h);
      root.appendChild(wrapper);
      host = h;
      siteLinkVisible();
    } catch (e) {
      log("warn", "could not show the reopen control: " + why(e));
    }
  }
  function siteLinkVisible() {
    var h = document.querySelector("consent-gate");
    if (!h) return;
    if (Object.keys(visible).length) h.setAttribute("data-site-link-visible", "");
    else h.removeAttribute("data-site-link-visible");
  }
  function watchLinks() {
    if (links) links.disconnect();
    links = null;
    var list = document.querySelectorAll(LINKS);
    visible = {};
    if (list.length && window.IntersectionObserver) {
      links = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          var id = e.target.getAttribute("data-consent-gate-link");
          if (e.isIntersecting) visible[id] = true;
          else delete visible[id];
        });
        siteLinkVisible();
      });
      for (var i = 0; i < list.length; i++) {
        list[i].setAttribute("data-consent-gate-link", String(i));
        links.observe(list[i]);
      }
    }
    siteLinkVisible();
  }

  /* The page view's watchers and listeners: marked elements and site links added later,
     clicks on the site's preferences links, decisions in other tabs. */
  var watcher = null;
  function onClick(event) {
    var t = event.target;
    if (t && t.closest && t.closest(LINKS)) {
      event.preventDefault();
      hand("showPreferences");
    }
  }
  function onStorage(event) {
    if (event.key === "consent-gate") hand("storage", event.newValue);
  }
  function live(plan) {
    judge = judgeOf(plan);
    watcher = new MutationObserver(function (records) {
      var marked = false, link = false;
      records.forEach(function (r) {
        r.addedNodes.forEach(function (n) {
          if (n.nodeType !== 1) return;
          marked = marked || n.matches(MARKED) || !!n.querySelector(MARKED);
          link = link || n.matches(LINKS) || !!n.querySelector(LINKS);
        });
      });
      if (marked) activate();
      if (link) watchLinks();
    });
    watcher.observe(document.documentElement, { childList: true, subtree: true });
    watchLinks();
    document.addEventListener("click", onClick);
    window.addEventListener("storage", onStorage);
    var look = plan.reopen;
    /* A look for other page languages: the full build draws the control (and plans it). */
    if (look && look.key === languagesKey()) showReopen(look);
    else if (look && !stuck) hand();
  }
  /* The key the plan gives the reopen control's look under (plan::languages_key). */
  function languagesKey() {
    return pageLanguages().join(",");
  }

  /* Hands the page view to the full build (once): the calls that come in meanwhile wait for
     it, in order; it is told what was applied, so nothing is done twice. */
  var plan = null;
  var queued = null;
  var stuck = false;
  function hand(name, argument) {
    if (queued) return name && queued.push([name, argument]);
    queued = name ? [[name, argument]] : [];
    judge = null;
    if (watcher) watcher.disconnect();
    if (links) links.disconnect();
    document.removeEventListener("click", onClick);
    window.removeEventListener("storage", onStorage);
    if (host) host.remove();
    host = null;
    load("consent-gate-ui").then(
      function (ui) {
        if (typeof ui.takeover !== "function") return log("error", "the interface build has no takeover");
        boot.gateRan = true;
        boot.applied = plan.record;
        boot.queued = queued;
        try {
          ui.takeover(boot);
        } catch (e) {
          log("error", "the interface failed to start: " + why(e));
        }
      },
      function (e) {
        log("error", "could not load the interface (" + why(e) + "); choices cannot be changed on this page");
        queued = null; /* the page view goes on as before, without the full build */
        stuck = true;
        live(plan);
      }
    );
  }

  /* Carries the plan out, in the order the core gave: first what needs no page (the Consent
     Mode commands, the dataLayer event, Google's tags), as soon as the config's text is here;
     then, once <body> exists, the marked elements, the reopen control and the ready event. */
  function applySignals() {
    judge = judgeOf(plan);
    boot.answer(function (name, argument) {
      if (name === "accepted") return allows(plan, argument);
      if (name === "getConsent") return JSON.parse(plan.record);
      hand(name, argument);
    });
    plan.run.forEach(function (s) {
      if (s[0] === "gtag") gtag.apply(null, s[1][0] === "js" ? ["js", new Date()] : s[1]);
      else if (s[0] === "event") push({ event: "consent_gate_update", consent_gate: s[1] });
      else if (s[0] === "gtm") push({ "gtm.start": Date.now(), event: "gtm.js" });
      else if (s[0] === "script") inject(s[1]);
    });
  }
  function applyPage() {
    /* A policy or declaration to draw: the full build's, told that the signals went out. */
    if (document.querySelector(POLICY)) return hand();
    if (plan.run.some(function (s) { return s[0] === "activate"; })) activate();
    live(plan);
    document.dispatchEvent(new CustomEvent("consent-gate:ready", { detail: JSON.parse(plan.record) }));
  }

  /* Runs f once <body> exists and, for an inline config not in the page yet, once the page
     is parsed (page::when_ready). */
  function whenReady(f) {
    var inline = boot.configText === null && boot.configError === null;
    var missing = inline && !document.getElementById("consent-gate-config");
    if (document.readyState !== "loading" || (document.body && !missing)) return f();
    document.addEventListener("DOMContentLoaded", f);
  }
  function configText() {
    if (boot.configText !== null) return boot.configText;
    var inline = boot.configError === null && document.getElementById("consent-gate-config");
    return inline ? inline.textContent : null;
  }

  /* ---- A first visit's banner, painted before the full build arrives ----
     With no choice in storage the core always shows the banner (Session::start). So once the
     config's text and the language file are here, the bootstrap paints that banner itself,
     with the markup of the Yew component (src/ui/app.rs, src/ui/banner.rs: the end-to-end
     test tests/e2e/paint.test.mjs compares the two, element by element, and the stylesheets),
     in the language and the look the core would choose: core::lang's negotiation, the site's
     texts over the built-in ones, the names of the optional categories, the theme's colours.
     Only then does it load the full build, which takes the painted banner over in the frame
     of its own first drawing (src/page/painted.rs). Clicks on the painted banner wait for it,
     and it applies them only if its own banner says exactly what the painted one said.
     Nothing here decides anything about consent. A config this does not read exactly as the
     core would (any unknown form) is not painted: the full build draws the banner. */
  var POSITIONS = { box: ["bottom", "bottom-start", "bottom-end", "top", "top-start", "top-end"], bar: ["bottom", "top"], modal: ["center"] };
  var ROLES = [["background", "background"], ["text", "text"], ["accent", "accent"], ["accentText", "accent-text"], ["link", "link"], ["border", "border"]];
  var painted = null;
  function unusual(what) {
    throw new Error("not painted early: " + what);
  }
  function str(value, what) {
    return typeof value === "string" ? value : unusual(what);
  }
  /* A site text in the language shown (i18n::Localized::get): one text, or one per tag. */
  function pick(value, lookup, what) {
    if (typeof value === "string") return value;
    if (!value || typeof value !== "object" || Array.isArray(value)) unusual(what);
    var tags = Object.keys(value);
    var found = negotiate(lookup, tags);
    return str(value[found !== null ? found : tags[0]], what);
  }
  /* `#rrggbb` for the colour forms the core reads (theme::Rgb::parse). */
  function colour(text) {
    var s = str(text, "colour").trim();
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s);
    var rgb;
    if (m) {
      var h = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
      rgb = [0, 2, 4].map(function (i) {
        return parseInt(h.substr(i, 2), 16);
      });
    } else {
      m = /^rgb\((.*)\)$/.exec(s);
      rgb = m ? m[1].split(/[\s,]+/).filter(Boolean) : [];
      if (rgb.length !== 3 || !rgb.every(function (v) { return /^\+?\d+$/.test(v) && +v < 256; })) unusual("colour " + s);
    }
    return "#" + rgb.map(function (v) { return (+v + 256).toString(16).slice(1); }).join("");
  }
  /* The theme's stylesheet, as theme::Theme::css writes it. */
  function themeCss(theme) {
    var css = "";
    function block(selector, given, extra) {
      if (!given.length && !extra) return;
      css += selector + "{" + given.map(function (g) { return "--_" + g[0] + ":var(--cg-" + g[0] + "," + g[1] + ");"; }).join("") + extra + "}";
    }
    var font = theme.font, radius = theme.radius, extra = "";
    if (font !== undefined) {
      if (!/^[\p{Alphabetic}\p{N} ,\-_"']{1,200}$/u.test(str(font, "font")) || !font.trim() || font.split('"').length % 2 === 0 || font.split("'").length % 2 === 0) unusual("font");
      extra += "--_font:var(--cg-font," + font + ");";
    }
    if (radius !== undefined) {
      if (!(Number.isInteger(radius) && radius >= 0 && radius <= 32)) unusual("radius");
      extra += "--_radius:var(--cg-radius," + radius + "px);";
    }
    block(".cg", [], extra);
    [["colors", "light", "not (prefers-color-scheme: dark)"], ["darkColors", "dark", "(prefers-color-scheme: dark)"]].forEach(function (g) {
      var given = theme[g[0]] || {};
      var list = ROLES.filter(function (r) { return has.call(given, r[0]); }).map(function (r) { return [r[1], colour(given[r[0]])]; });
      if (Object.keys(given).length !== list.length) unusual("colour role");
      if (!list.length) return;
      block(".cg[data-scheme=" + g[1] + "]", list, "");
      css += "@media " + g[2] + "{";
      block(".cg[data-scheme=auto]", list, "");
      css += "}";
    });
    return css;
  }
  /* What the core's banner would show for this config on this page (the language chosen as
     Config::choose_language, texts as i18n::Locale, the paragraph as Config::banner_text),
     once the language file is here; rejects when anything is unusual. */
  function firstPaint(text) {
    var c = JSON.parse(text);
    if (!c || typeof c !== "object" || !c.categories || typeof c.categories !== "object") unusual("config");
    var own = c.languages === undefined ? [] : c.languages;
    if (!Array.isArray(own)) unusual("languages");
    var tag = c.language !== undefined ? str(c.language, "language") : negotiate(pageLanguages(), own.length ? own : BUILD.languages) || own[0] || "en";
    var file = negotiate([tag], BUILD.languages);
    var base = file && file !== "en" ? loadLanguage(file).then(JSON.parse) : Promise.resolve(BUILD.english);
    return base.then(function (base) {
      var lookup = [tag].concat(own.slice(0, 1), "en");
      var t = {};
      for (var k in BUILD.english) if (k.charAt(0) !== "$") t[k] = str(base[k], k);
      var site = c.texts || {};
      for (var key in site) t[has.call(t, key) ? key : unusual("text " + key)] = pick(site[key], lookup, key);
      var titles = [];
      for (var id in c.categories) {
        var cat = c.categories[id];
        if (cat.required !== true) titles.push(pick(cat.title, lookup, id));
      }
      var policy = c.policy && (c.policy.page !== undefined ? c.policy.page : c.policy.url);
      var href = null;
      if (policy !== undefined && policy !== null) {
        var url = new URL(pick(policy, lookup, "policy"), configUrl || document.baseURI);
        href = /^https?:$/.test(url.protocol) ? url.href : unusual("policy URL");
      }
      var layout = c.layout === undefined ? "box" : c.layout;
      var positions = has.call(POSITIONS, layout) ? POSITIONS[layout] : unusual("layout");
      var position = c.position === undefined ? positions[0] : c.position;
      if (positions.indexOf(position) < 0) unusual("position");
      var theme = c.theme || {};
      var scheme = theme.scheme === undefined ? "light" : theme.scheme;
      if (["light", "dark", "auto"].indexOf(scheme) < 0) unusual("scheme");
      var tags = tag.toLowerCase().split("-");
      return {
        lang: tag,
        dir: (file ? base.$dir === "rtl" : /^(ar|arc|ckb|dv|fa|he|iw|ks|ps|sd|ug|ur|yi)$/.test(tags[0]) || tags.indexOf("arab") > 0 || tags.indexOf("hebr") > 0) ? "rtl" : "ltr",
        scheme: scheme,
        css: themeCss(theme),
        layout: layout,
        position: position,
        blocking: c.blocking === true && layout === "modal",
        t: t,
        text: titles.length ? t.bannerText.split("{purposes}").join(titles.join(t.listSeparator)) : t.bannerTextNecessary,
        href: href,
      };
    });
  }
  /* Draws the banner as src/ui/app.rs and banner.rs do, in a <consent-gate> host of its own. */
  function paint(k) {
    var h = function (name, attributes, children) {
      var e = document.createElement(name);
      for (var a in attributes) e.setAttribute(a, attributes[a]);
      (children || []).forEach(function (child) {
        e.append(child);
      });
      return e;
    };
    var button = function (label, click) {
      var b = h("button", { type: "button", class: "cg-button" }, [label]);
      b.addEventListener("click", function () {
        keepClick(click);
      });
      return b;
    };
    var link = null;
    if (k.href !== null) {
      link = h("a", { class: "cg-link", href: k.href }, [k.t.policyLink]);
      link.addEventListener("click", function (e) {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        keepClick("policy");
      });
    }
    var section = h(
      "section",
      { class: "cg-banner cg-layout-" + k.layout + " cg-at-" + k.position, role: "dialog", "aria-modal": String(k.blocking), "aria-labelledby": "cg-banner-title", "aria-describedby": "cg-banner-text", tabindex: "-1" },
      [
        h("div", { class: "cg-banner-body" }, [
          h("h2", { id: "cg-banner-title", class: "cg-title" }, [k.t.bannerTitle]),
          h("p", { id: "cg-banner-text", class: "cg-text" }, link ? [k.text, " ", link] : [k.text]),
        ]),
        h("div", { class: "cg-actions" }, [button(k.t.acceptAll, "accept"), button(k.t.rejectAll, "reject"), button(k.t.managePreferences, "manage")]),
      ]
    );
    section.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        keepClick("dismiss");
      } else if (e.key === "Tab") {
        /* Tab and Shift+Tab stay inside, as ui::hooks::dialog does. */
        var all = section.querySelectorAll("a[href], button");
        var active = section.getRootNode().activeElement;
        var at = Array.prototype.indexOf.call(all, active);
        if (e.shiftKey ? at <= 0 : at < 0 || at === all.length - 1) {
          e.preventDefault();
          all[e.shiftKey ? all.length - 1 : 0].focus();
        }
      }
    });
    var host = document.createElement("consent-gate");
    var shadow = host.attachShadow({ mode: "open" });
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(BUILD.css + k.css);
    shadow.adoptedStyleSheets = [sheet];
    var root = h("div", { class: "cg-root cg-painted" }, [
      h("div", { class: "cg", lang: k.lang, dir: k.dir, "data-scheme": k.scheme }, [h("p", { class: "cg-sr", role: "status" }), k.blocking ? h("div", { class: "cg-backdrop cg-backdrop-banner" }, [section]) : section]),
    ]);
    shadow.appendChild(root);
    document.body.appendChild(host);
    section.focus();
    painted = boot.painted = { host: host, root: root, lang: k.lang, shown: section.textContent, clicks: [] };
  }
  /* A click on the painted banner, kept for the full build; a decision or Escape closes it. */
  function keepClick(click) {
    if (!painted) return;
    painted.clicks.push(click);
    if (click !== "manage" && click !== "policy") painted.root.hidden = true;
  }
  /* The painted banner goes (the full build could not start, or it has drawn its own beside
     it, in the same host, which then stays). */
  function unpaint() {
    if (painted) {
      painted.root.remove();
      if (!painted.host.shadowRoot.firstChild) painted.host.remove();
    }
    painted = boot.painted = null;
  }

  function startFull() {
    Promise.all([load("consent-gate-ui"), config])
      .then(function (ready) {
        ready[0].boot(boot);
      })
      .catch(function (e) {
        unpaint();
        fail(e);
      });
  }
  /* A first visit: the banner painted as soon as the config and the page allow, then the
     full build, after that frame; a config that cannot be painted early: the full build. */
  function paintThenStart() {
    var started = false;
    var start = function () {
      if (!started) startFull();
      started = true;
    };
    Promise.resolve(config).then(function () {
      whenReady(function () {
        Promise.resolve(configText())
          .then(function (text) {
            return text === null ? start() : firstPaint(text);
          })
          .then(function (k) {
            if (!k || started) return;
            paint(k);
            afterPainted(start);
          })
          .catch(start);
      });
    });
  }
  /* Runs `then` once the painted banner is on screen, so the full build takes neither
     bandwidth nor the main thread from it: when the banner becomes the page's largest
     contentful paint, once the browser has recorded it (a page speed tool then sees the
     banner depend on this file and the config alone); else a frame later. A page in a
     background tab gets no frames: at most 1 s. */
  function afterPainted(then) {
    var done = false;
    var go = function () {
      if (!done) setTimeout(then, 0);
      done = true;
    };
    var frame = function () {
      requestAnimationFrame(function () {
        requestAnimationFrame(go);
      });
    };
    var after = performance.now();
    var text = painted && painted.root.querySelector(".cg-text");
    var box = text && text.getBoundingClientRect();
    var area = box ? Math.max(0, Math.min(box.right, innerWidth) - Math.max(box.left, 0)) * Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0)) : 0;
    try {
      var watch = new PerformanceObserver(function (list) {
        var entries = list.getEntries();
        var largest = 0;
        for (var i = 0; i < entries.length; i++) {
          if (entries[i].startTime >= after) return watch.disconnect(), go();
          largest = Math.max(largest, entries[i].size);
        }
        /* Something larger was painted before: the banner will not be reported. */
        if (largest >= area) watch.disconnect(), frame();
      });
      watch.observe({ type: "largest-contentful-paint", buffered: true });
    } catch (e) {
      frame(); /* no Largest Contentful Paint in this browser */
    }
    setTimeout(go, 1000);
  }
  function stored() {
    try {
      return localStorage.getItem("consent-gate") !== null;
    } catch (e) {
      return false; /* storage blocked: every page view is a first visit */
    }
  }
  try {
    plan = storedPlan();
    if (!plan && !stored()) paintThenStart();
    else if (!plan) startFull();
    else
      Promise.resolve(config)
        .then(function () {
          /* A fetched config: the signals need not wait for the page. */
          var early = boot.configText !== null && holds(plan, boot.configText);
          if (early) applySignals();
          whenReady(function () {
            try {
              if (!early) {
                var text = configText();
                if (text === null || !holds(plan, text)) return startFull();
                applySignals();
              }
              applyPage();
            } catch (e) {
              fail(e);
            }
          });
        })
        .catch(fail);
  } catch (e) {
    fail(e);
  }
})();
