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
        var w = parseFloat(el.getAttribute("width")), h = parseFloat(el.getAttribute("height"));
        var box = el.getBoundingClientRect();
        var size = w > 0 && h > 0 ? [w + "px", "auto", w + " / " + h] : [box.width + "px", box.height + "px", "auto"];
        host.size = size;
        el.parentNode.insertBefore(host, el);
        host.display = [el.style.getPropertyValue("display"), el.style.getPropertyPriority("display")];
        el.style.setProperty("display", "none", "important");
        placed.set(el, host);
      }
      host.setAttribute("lang", look.lang);
      host.shadowRoot.adoptedStyleSheets[0].replaceSync(BUILD.css + look.css);
      host.shadowRoot.replaceChildren(drawPlaceholder(el, look, t, id, host.size));
    } catch (e) {
      log("warn", "could not show the placeholder of " + describe(el) + ": " + why(e));
    }
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
