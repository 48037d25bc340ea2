// The config builder's preview page (builder-preview.html, in a frame of builder.html):
// the embed exactly as a site has it, with the builder's draft as its inline config.
(function () {
  "use strict";
  // Storage of its own, in memory: the preview shares the builder's origin, and a choice
  // made in it must not be kept there (nor be read from there: every preview is a first
  // visit). document.cookie too, for the shared cookie of consentDomain.
  function memory() {
    const items = new Map();
    return {
      getItem: (k) => (items.has(String(k)) ? items.get(String(k)) : null),
      setItem: (k, v) => void items.set(String(k), String(v)),
      removeItem: (k) => void items.delete(String(k)),
      clear: () => items.clear(),
      key: (i) => [...items.keys()][i] ?? null,
      get length() {
        return items.size;
      },
    };
  }
  Object.defineProperty(window, "localStorage", { value: memory(), configurable: true });
  Object.defineProperty(window, "sessionStorage", { value: memory(), configurable: true });
  const jar = new Map();
  Object.defineProperty(document, "cookie", {
    configurable: true,
    get: () => [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
    set: (text) => {
      const [pair, ...attrs] = String(text).split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const gone = attrs.some((a) => /^\s*max-age\s*=\s*(0|-)/i.test(a) || (/^\s*expires\s*=/i.test(a) && Date.parse(a.split("=")[1]) < Date.now()));
      if (gone) jar.delete(name);
      else jar.set(name, pair.slice(at + 1).trim());
    },
  });

  // A preview loaded again does not take focus from the builder: the embed's banner focuses
  // itself when it shows, which from a frame would pull focus out of the field being edited or
  // the control just reached by Tab, at each edit. It may once the preview has focus (the
  // visitor is in it) or when the builder asked it to open a dialog (shell::call_preview sets
  // consentGatePreviewFocus).
  const focus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function (options) {
    if (document.hasFocus() || window.consentGatePreviewFocus === true) focus.call(this, options);
  };

  const params = new URLSearchParams(location.search);
  const lang = params.get("lang");
  if (lang) document.documentElement.lang = lang;
  let draft = null;
  try {
    draft = window.parent !== window ? window.parent.consentGateBuilderDraft : null;
  } catch {
    draft = null;
  }
  if (typeof draft !== "string") return;
  const config = document.createElement("script");
  config.type = "application/json";
  config.id = "consent-gate-config";
  config.textContent = draft;
  document.head.append(config);
  const embed = document.createElement("script");
  embed.src = "../consent-gate/consent-gate.js";
  embed.async = true;
  document.head.append(embed);
})();
