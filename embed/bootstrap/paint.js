/* Part 8 of the bootstrap: a first visit's banner, painted before the full build. */
  /* ---- A first visit's banner, painted before the full build arrives ----
     With no choice in storage the core always shows the banner (Session::start). So once the
     config's text and the language file are here, the bootstrap paints that banner itself,
     with the markup of the Yew component (src/full/ui/app.rs, banner.rs: the end-to-end
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
  /* Whether the banner is sure under region rules (core::regions): the first rule that
     covers the region given is opt-in; with no region given, a rule is (the strictest then
     applies). Wherever this says so the core's rule is opt-in too (a region that is not a
     code gets the strictest rule, opt-in when any is); elsewhere the full build decides. */
  /* core::regions::EU, the 27 member states (tests/regions.rs holds the two the same). */
  var EU = "ATBEBGHRCYCZDKEEFIFRDEGRHUIEITLVLTLUMTNLPLPTROSKSIESSE";
  function optIn(rules) {
    var code = region && region.trim().toUpperCase();
    var country = code && code.split("-")[0];
    var covers = function (p) {
      var group = p === "EU" ? EU : p === "EEA" ? EU + "ISLINO" : "";
      return p === "*" || p === code || p === country || (group.match(/../g) || []).indexOf(country) >= 0;
    };
    for (var i = 0; Array.isArray(rules) && i < rules.length; i++) {
      var r = rules[i] || {};
      if (!code ? r.model === "opt-in" : Array.isArray(r.regions) && r.regions.some(covers)) return r.model === "opt-in";
    }
    return false;
  }
  /* What the core's banner would show for this config on this page (the language chosen as
     Config::choose_language, texts as i18n::Locale, the paragraph as Config::banner_text),
     once the language file is here; rejects when anything is unusual. */
  function firstPaint(text) {
    var c = JSON.parse(text);
    if (!c || typeof c !== "object" || !c.categories || typeof c.categories !== "object") unusual("config");
    if (c.regions !== undefined && !optIn(c.regions.rules)) unusual("regions");
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
  /* Draws the banner as src/full/ui/app.rs and banner.rs do, in a <consent-gate> host of its own. */
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
    painted = boot.painted = { host: host, root: root, section: section, top: k.position.indexOf("top") === 0, lang: k.lang, shown: section.textContent, clicks: [] };
    /* The site's own preferences links, until the full build listens to them itself. */
    document.addEventListener("click", onSiteLink);
    document.addEventListener("focusin", onPageFocus);
  }
  /* WCAG 2.4.11, for both banners: the painted one here, the interface's through
     boot.unobscure (src/full/ui/hooks/obscured.rs). A page element `el` that got keyboard
     focus (the control inside it, for a placeholder's shadow root; a click's focus is on what
     the visitor sees, and a scroll would lose the click) is kept clear of the banner's
     `section`, at the top edge now if `now`: a scroll with the banner where it is, else the
     banner at the other edge (with a scroll if need be), else, when neither clears it (a
     banner taller than half a short page), the edge where it covers least. Returns the edge
     the banner belongs at (true: the top), or null when it is clear already. */
  function unobscure(el, s, now) {
    while (el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    try {
      if (!el.matches(":focus-visible")) return null;
    } catch (x) {}
    var e = el.getBoundingClientRect();
    var b = s.getBoundingClientRect();
    if (!(e.left < b.right && b.left < e.right && e.top < b.bottom && b.top < e.bottom)) return null;
    var y = window.scrollY;
    var vh = window.innerHeight;
    var below = Math.max(0, (document.scrollingElement || document.documentElement).scrollHeight - vh - y);
    var gap = now ? b.top : vh - b.bottom;
    /* The part of the viewport the banner leaves free at each edge. */
    var band = function (top) {
      return top ? [b.height + gap, vh] : [0, vh - b.height - gap];
    };
    var scrollFor = function (top) {
      var least = e.bottom + 8 - band(top)[1];
      var most = e.top - 8 - band(top)[0];
      if (least > most) return null;
      var d = least > 0 ? least : most < 0 ? most : 0;
      return (d > 0 ? d <= below : -d <= y) ? d : null;
    };
    var covered = function (top) {
      var clamp = function (v) {
        return Math.min(Math.max(v, 0), e.height);
      };
      return clamp(band(top)[0] - e.top) + clamp(e.bottom - band(top)[1]);
    };
    var top = now;
    var d = scrollFor(now);
    if (d === null) {
      top = !now;
      d = scrollFor(top);
    }
    if (d === null) {
      top = covered(true) < covered(false);
      d = 0;
    }
    if (d) window.scrollBy(0, d);
    return top;
  }
  function onPageFocus(event) {
    var el = event.target;
    if (!painted || painted.root.hidden || el === painted.host || !el.getBoundingClientRect) return;
    var s = painted.section;
    var top = unobscure(el, s, painted.top !== s.classList.contains("cg-flipped"));
    if (top !== null) s.classList.toggle("cg-flipped", top !== painted.top);
  }
  function onSiteLink(event) {
    var t = event.target;
    if (painted && t && t.closest && t.closest(LINKS)) {
      event.preventDefault();
      keepClick("manage");
    }
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
    document.removeEventListener("click", onSiteLink);
    document.removeEventListener("focusin", onPageFocus);
    if (painted) {
      painted.root.remove();
      if (!painted.host.shadowRoot.firstChild) painted.host.remove();
    }
    painted = boot.painted = null;
  }
