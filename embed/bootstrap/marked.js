/* Part 4 of the bootstrap: the marked elements, run when the plan allows them (as
 * src/page/marked.rs does for the full build), and the scripts the plan inserts. */
  var STATE = "data-consent-state";
  var MARKED = ["script[type='text/plain'][data-consent]", "script[type='text/plain'][data-category]", "[data-consent][data-src]:not(script)", "[data-category][data-src]:not(script)"]
    .map(function (s) {
      return s + ":not([" + STATE + "=activated]):not([" + STATE + "=invalid]):not([" + STATE + "=queued]):not([" + STATE + "=once])";
    })
    .join(",");

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
      var r = judge(el);
      var verdict = r.v;
      el.setAttribute(STATE, verdict === "run" ? "queued" : verdict === "wait" ? "waiting" : "invalid");
      if (verdict === "run") queue.push(el);
      else if (verdict === "wait" && !r.n) placeFor(el, r.p);
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
        unplace(el);
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
  function inject(url, onload) {
    try {
      var s = document.createElement("script");
      s.async = true;
      if (onload) s.onload = onload;
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
