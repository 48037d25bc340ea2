/* Part 6 of the bootstrap: the reopen control and the site's own preferences links. The one
 * drawing of the control: the bootstrap's own on a returning visit (showReopen), the full
 * build's beside its interface (boot.reopen, src/full/ui/reopen.rs). */
  var LINKS = "[data-consent-gate=preferences]";
  var REOPEN_ICON = "M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5Zm-4.5 9a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm4 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm5-1a1 1 0 1 1 0 2 1 1 0 0 1 0-2ZM9 6.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z";

  /* The control as `look` says ({lang, dir, label, scheme, corner}; null: none), drawn into
     `into` (a .cg-root in a shadow root ConsentGate styled); `open` runs on a click. While
     one of the site's preferences links is on screen the control steps aside (its host gets
     data-site-link-visible, which the stylesheet hides it by). */
  var reopenShown = null;
  function reopen(look, into, open) {
    if (reopenShown) reopenShown.remove();
    reopenShown = null;
    if (!look) return;
    var el = function (name, attributes, ns) {
      var e = ns ? document.createElementNS(ns, name) : document.createElement(name);
      for (var k in attributes) e.setAttribute(k, attributes[k]);
      return e;
    };
    var SVG = "http://www.w3.org/2000/svg";
    var wrapper = el("div", { class: "cg", lang: look.lang, dir: look.dir, "data-scheme": look.scheme });
    var button = el("button", { type: "button", class: "cg-reopen cg-at-" + look.corner, "aria-label": look.label, title: look.label });
    var svg = el("svg", { viewBox: "0 0 24 24", width: "24", height: "24", "aria-hidden": "true", focusable: "false" }, SVG);
    svg.appendChild(el("path", { d: REOPEN_ICON }, SVG));
    button.appendChild(svg);
    wrapper.appendChild(button);
    button.addEventListener("click", function () {
      open();
    });
    into.appendChild(wrapper);
    reopenShown = wrapper;
    siteLinkVisible();
  }
  function focusReopen() {
    if (reopenShown) reopenShown.firstChild.focus();
  }
  /* A returning visit's control, in a <consent-gate> host of the bootstrap's own. */
  var host = null;
  function showReopen(look) {
    try {
      var h = document.createElement("consent-gate");
      var shadow = h.attachShadow({ mode: "open" });
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(BUILD.css + look.css);
      shadow.adoptedStyleSheets = [sheet];
      var root = document.createElement("div");
      root.className = "cg-root";
      shadow.appendChild(root);
      document.body.appendChild(h);
      host = h;
      reopen(look, root, function () {
        hand("showPreferences");
      });
    } catch (e) {
      log("warn", "could not show the reopen control: " + why(e));
    }
  }

  /* The site's own preferences links on screen now, by their position in the document. */
  var links = null;
  var visible = {};
  function siteLinkVisible() {
    var h = document.querySelector("consent-gate");
    if (!h) return;
    if (Object.keys(visible).length) h.setAttribute("data-site-link-visible", "");
    else h.removeAttribute("data-site-link-visible");
  }
  /* Watches every site link on the page now (again when links are added). */
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
