// The looks page (demo only): reads the form's choices from the address, composes the config
// (the demo config plus the look), gives it to ConsentGate inline and adds the ConsentGate
// tag. Each visit shows the banner, even after a choice, so every look can be seen.
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var placement = (params.get("placement") || "box:bottom").split(":");
  var look = {};
  if (placement[0] !== "box") look.layout = placement[0];
  if (placement[1] === "blocking") {
    look.blocking = true;
  } else if (placement[1] && placement[1] !== "bottom" && placement[1] !== "center") {
    look.position = placement[1];
  }
  var theme = {};
  if (params.get("scheme") && params.get("scheme") !== "light") theme.scheme = params.get("scheme");
  if (params.get("accent")) theme.colors = { accent: params.get("accent"), accentText: "#ffffff" };
  if (params.get("radius")) theme.radius = Number(params.get("radius"));
  if (Object.keys(theme).length) look.theme = theme;
  var lang = params.get("lang");
  if (lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) document.documentElement.lang = lang;

  fetch("config.json")
    .then(function (r) { return r.json(); })
    .then(function (config) {
      delete config.$schema;
      for (var key in look) config[key] = look[key];
      var inline = document.createElement("script");
      inline.type = "application/json";
      inline.id = "consent-gate-config";
      inline.textContent = JSON.stringify(config);
      document.head.appendChild(inline);
      var template = document.getElementById("consent-gate-tag");
      document.head.appendChild(document.importNode(template.content.querySelector("script"), true));
    });

  document.addEventListener("consent-gate:ready", function () {
    if (window.ConsentGate.getConsent()) window.ConsentGate.show();
  });
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("look");
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (el.name && params.has(el.name)) el.value = params.get(el.name);
    }
    document.getElementById("snippet").textContent = Object.keys(look).length
      ? JSON.stringify(look, null, 2).replace(/^\{\n|\n\}$/g, "")
      : "(none: this is the default look)";
  });
})();
