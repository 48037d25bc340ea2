/* Part 7 of the bootstrap: a returning visit, carried out from the plan. */
  /* ---- The returning visit, carried out from the plan (src/core/plan.rs) ----
     The full build leaves localStorage["consent-gate-plan"]: what the next page view does
     with the visitor's choice, decided by the Rust core. It is used only if it is for this
     config's exact text (its FNV-1a fingerprint), this version, the record in storage (its
     exact text), this Global Privacy Control signal and the time in which the record is in
     force, with no receipts waiting and no policy on the page; anything else loads the full
     build, which decides again. The plan's steps are data: gtag calls, dataLayer pushes,
     Google tags, Microsoft's commands (UET, Clarity), and the lookups that say which marked
     elements run. */
  var POLICY = "[data-consent-gate=policy], [data-consent-gate=cookie-declaration]";
  /* iframemanager's markup, which the full build turns into marked iframes (page/marked.rs). */
  var EMBEDS = "div[data-service][data-id]:not([data-cg-embed])";

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

  /* The plan for the record in storage (for none: a visitor who never decided, under an
     opt-out region rule), if there is one and no receipts wait to be sent. */
  function storedPlan() {
    try {
      if (localStorage.getItem("consent-gate-outbox") !== null) return null;
      var record = localStorage.getItem("consent-gate");
      var text = localStorage.getItem("consent-gate-plan");
      if (text === null) return null;
      var plan = JSON.parse(text);
      /* A plan made with consentDomain: the cookie on it (for this config's text) may carry a
         decision made on another subdomain; the full build decides which is the newer. */
      var shared = plan && plan.shared && sharedCookie();
      if (shared && shared.fp === plan.fp && shared.record !== record) return null;
      return plan && plan.record === record ? plan : null;
    } catch (e) {
      return null; /* storage blocked or a plan that does not read: the full build decides */
    }
  }
  /* The cookie of consentDomain (core::shared): the config text's fingerprint and the record's
     text, or null. */
  function sharedCookie() {
    try {
      var m = /(?:^|;\s*)consent-gate=([^.;]*)\.([^;]*)/.exec(document.cookie);
      return m && { fp: m[1], record: decodeURIComponent(m[2]) };
    } catch (e) {
      return null; /* no cookies here, or one that does not decode: the full build ignores it */
    }
  }
  var STEPS = { gtag: 1, event: 1, gtm: 1, script: 1, activate: 1, uet: 1, "uet-tag": 1, clarity: 1, "clarity-tag": 1 };
  /* Whether the plan holds for this page view (the config's text in hand, the page parsed). */
  function holds(plan, text) {
    var now = Date.now();
    return (
      plan.v === BUILD.version &&
      plan.fp === fingerprint(text) &&
      now >= plan.from &&
      now < plan.until &&
      plan.gpc === (navigator.globalPrivacyControl === true) &&
      plan.region === region &&
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
      var invalid = { v: "invalid" };
      if (raw === null) return invalid;
      raw = raw.trim();
      var negated = raw.charAt(0) === "!";
      var name = negated ? raw.slice(1).trim() : raw;
      var category, purpose;
      if (has.call(plan.categories, name)) category = purpose = name;
      else if (consent !== null && has.call(plan.services, name)) category = plan.services[(purpose = name)][0];
      else return invalid;
      var service = (el.getAttribute("data-service") || "").trim();
      if (service) {
        if (!has.call(plan.services, service) || plan.services[service][0] !== category) return invalid;
        purpose = service;
      }
      var run = (!negated && plan.required.indexOf(category) >= 0) || allows(plan, purpose) !== negated;
      return { v: run ? "run" : "wait", p: purpose, n: negated };
    };
  }
  /* The placeholder of a marked iframe that waits, when the plan's table (the core's) has one
     for its service; for other page languages than the plan's, the full build draws it. */
  function placeFor(el, purpose) {
    var ph = plan.placeholders;
    if (!ph || !(el instanceof HTMLIFrameElement) || !has.call(ph.look.services, purpose)) return;
    if (ph.key !== languagesKey()) return hand();
    place(el, ph.look, purpose);
  }
  function allows(plan, purpose) {
    if (typeof purpose !== "string") return false;
    if (has.call(plan.categories, purpose)) return plan.categories[purpose] === true;
    return has.call(plan.services, purpose) && plan.services[purpose][1] === true;
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
      var marked = false, link = false, embeds = false;
      records.forEach(function (r) {
        r.addedNodes.forEach(function (n) {
          if (n.nodeType !== 1) return;
          embeds = embeds || n.matches(EMBEDS) || !!n.querySelector(EMBEDS);
          marked = marked || n.matches(MARKED) || !!n.querySelector(MARKED);
          link = link || n.matches(LINKS) || !!n.querySelector(LINKS);
        });
      });
      if (embeds) return hand();
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
    reopen(null);
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
     Mode commands, the dataLayer event, Google's tags, Microsoft's commands and tags), as
     soon as the config's text is here; then, once <body> exists, the marked elements, the reopen control and the ready event. */
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
      else if (s[0] !== "activate") microsoft(s);
    });
  }
  function applyPage() {
    /* A policy or declaration to draw, or iframemanager's markup: the full build's, told
       that the signals went out. */
    if (document.querySelector(POLICY + "," + EMBEDS)) return hand();
    phAnswer = function (name, id) {
      hand(name === "allow" ? "allowService" : "showPreferences", id);
    };
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
