/* Part 5 of the bootstrap: the built-in placeholder of a marked iframe that may not load yet
 * (contextual consent). The one drawing of it: the bootstrap's own on a returning visit (the
 * plan's `placeholders`), the full build's through boot.place (src/page/marked.rs). Which
 * iframes get one and every text are the core's (src/core/placeholder.rs); this only draws. */
  var placed = new Map(); /* iframe -> its placeholder's host */
  var phAnswer = null; /* (name, service): "allow" or "prefs", answered by the build in charge */

  /* Draws (or redraws, in another language) the placeholder of `el` for service `id` with
     `look` ({lang, dir, scheme, css, once, prefs, services: {id: {n, t, a}}}). */
  function place(el, look, id) {
    var t = look && look.services && look.services[id];
    if (!t || !(el instanceof HTMLIFrameElement)) return;
    var host = placed.get(el);
    if (host && host.getAttribute("lang") === look.lang) return;
    try {
      if (!host) {
        host = document.createElement("div");
        host.setAttribute("data-cg-placeholder", id);
        host.attachShadow({ mode: "open" });
        host.shadowRoot.adoptedStyleSheets = [new CSSStyleSheet()];
        host.size = sizeOf(el);
        el.parentNode.insertBefore(host, el);
        host.display = [el.style.getPropertyValue("display"), el.style.getPropertyPriority("display")];
        el.style.setProperty("display", "none", "important");
        placed.set(el, host);
      }
      host.setAttribute("lang", look.lang);
      host.shadowRoot.adoptedStyleSheets[0].replaceSync(BUILD.css + look.css + host.size[3]);
      host.shadowRoot.replaceChildren(drawPlaceholder(el, look, t, id, host.size));
    } catch (e) {
      log("warn", "could not show the placeholder of " + describe(el) + ": " + why(e));
    }
  }
  /* The placeholder's [width, height, aspect-ratio, its host's CSS], as the iframe's box: its
     width and height attributes; else, as laid out now, a width that follows its container's
     when it fills it, and a height that follows the width when the iframe's CSS gives an
     aspect ratio. An iframe laid over its container (position absolute, the padding ratio
     technique) gives its place to the placeholder, which fills the same container. (The host's
     own CSS is in its shadow root: the page's styles cannot reach it, nor it theirs.) */
  function sizeOf(el) {
    var w = parseFloat(el.getAttribute("width")), h = parseFloat(el.getAttribute("height"));
    if (w > 0 && h > 0) return [w + "px", "auto", w + " / " + h, ""];
    var box = el.getBoundingClientRect(), css = getComputedStyle(el), up = el.parentElement;
    var fills = function (a, b) {
      return b > 0 && Math.abs(a - b) < 1;
    };
    var host = ":host([data-cg-placeholder]){width:100%!important;";
    if (up && css.position === "absolute" && fills(box.width, up.clientWidth) && fills(box.height, up.clientHeight))
      return ["100%", "100%", "auto", host + "height:100%!important;position:absolute!important;top:" + css.top + "!important;left:" + css.left + "!important}"];
    var pad = up ? getComputedStyle(up) : null;
    var fluid = up && fills(box.width, up.clientWidth - parseFloat(pad.paddingLeft) - parseFloat(pad.paddingRight));
    var ratio = css.aspectRatio && css.aspectRatio !== "auto";
    return [fluid ? "100%" : box.width + "px", ratio ? "auto" : box.height + "px", ratio ? box.width + " / " + box.height : "auto", fluid ? host + "}" : ""];
  }
  function drawPlaceholder(el, look, t, id, size) {
    var make = function (name, cls, text) {
      var e = document.createElement(name);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    };
    var wrapper = make("div", "cg");
    wrapper.lang = look.lang;
    wrapper.dir = look.dir;
    wrapper.setAttribute("data-scheme", look.scheme);
    var box = make("div", "cg-ph");
    box.setAttribute("role", "group");
    box.style.setProperty("width", size[0]);
    box.style.setProperty("height", size[1]);
    box.style.setProperty("aspect-ratio", size[2]);
    if (size[1] === "100%") wrapper.style.setProperty("height", "100%");
    var thumb = el.getAttribute("data-thumbnail");
    if (thumb) {
      var url = new URL(thumb, document.baseURI);
      /* Only the site's own images: nothing from the provider's host before consent. */
      if (url.origin === location.origin) box.style.setProperty("background-image", 'url("' + url.href + '")');
      else log("warn", describe(el) + ": data-thumbnail must be on this site's own host; it is not shown");
    }
    var panel = make("div", "cg-ph-panel");
    var title = make("p", "cg-ph-title", t.n);
    title.id = "cg-ph-title";
    box.setAttribute("aria-labelledby", title.id);
    var actions = make("div", "cg-ph-actions");
    var once = make("button", "cg-ph-once", look.once);
    var allow = make("button", "cg-ph-allow", t.a);
    var prefs = make("button", "cg-ph-prefs", look.prefs);
    [once, allow, prefs].forEach(function (b) {
      b.type = "button";
      actions.appendChild(b);
    });
    once.addEventListener("click", function () {
      unplace(el);
      el.setAttribute(STATE, "once");
      el.setAttribute("src", el.getAttribute("data-src"));
      el.focus();
    });
    allow.addEventListener("click", function () {
      if (phAnswer) phAnswer("allow", id);
    });
    prefs.addEventListener("click", function () {
      if (phAnswer) phAnswer("prefs", id);
    });
    panel.appendChild(title);
    panel.appendChild(make("p", "cg-ph-text", t.t));
    panel.appendChild(actions);
    box.appendChild(panel);
    wrapper.appendChild(box);
    return wrapper;
  }
  /* Removes the placeholder of `el` (about to load, or loaded once) and shows it again; focus
     that was on the placeholder moves into the iframe. */
  function unplace(el) {
    var host = placed.get(el);
    if (!host) return;
    var focused = document.activeElement === host;
    placed.delete(el);
    host.remove();
    el.style.removeProperty("display");
    if (host.display[0]) el.style.setProperty("display", host.display[0], host.display[1]);
    if (focused) el.focus();
  }
