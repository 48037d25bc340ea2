/* Part 3 of the bootstrap: gtag, Microsoft's queues, loading the wasm builds (each with its SHA-384),
 * window.ConsentGate, and the one object every build receives (src/page/boot.rs). */
  function gtag() {
    (window.dataLayer = window.dataLayer || []).push(arguments);
  }
  /* One Microsoft command (core::microsoft::Command::step), from the plan or the full build:
     UET's queue and tag, Clarity's queue and tag, as Microsoft's own snippets do them. */
  function microsoft(s) {
    var w = window, c = w.clarity, q;
    if (s[0] === "uet") return (q = w.uetq = w.uetq || []).push.apply(q, s[1]);
    if (s[0] === "uet-tag")
      return inject(s[1], function () {
        if (typeof UET === "function") (w.uetq = new UET({ ti: s[2], enableAutoSpaTracking: true, q: w.uetq })).push("pageLoad");
      });
    if (typeof c !== "function") c = w.clarity = function () { (c.q = c.q || []).push(arguments); };
    if (s[0] === "clarity") c.apply(w, s[1]);
    else inject(s[1]);
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
    microsoft: microsoft,
    configText: null,
    configError: null,
    configUrl: configUrl || null,
    region: region,
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
    /* The reopen control and the site's preferences links, for the full build (reopen.js). */
    reopen: function (look, into, open) {
      reopen(look, into, open);
    },
    /* The embed placeholders (placeholders.js): drawn for the full build, removed before an
       iframe loads, and its "allow"/"prefs" clicks answered by `f(name, service)`. */
    place: function (el, look) {
      place(el, look, Object.keys(look.services)[0]);
    },
    unplace: function (el) {
      unplace(el);
    },
    placeholderAnswer: function (f) {
      phAnswer = f;
    },
    focusReopen: function () {
      focusReopen();
    },
    /* WCAG 2.4.11 for the interface's banner (paint.js): the edge it belongs at, or null. */
    unobscure: function (el, section, top) {
      return unobscure(el, section, top);
    },
    watchLinks: function () {
      watchLinks();
    },
    /* A first visit's banner, painted before the full build arrived (src/full/browser/painted.rs):
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
