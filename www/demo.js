// The demo site's own controls (not part of ConsentGate): the language switcher calls
// ConsentGate.setLanguage, as a single-page app's own switcher would, and "Start over"
// forgets the choice so the banner shows again.
(function () {
  "use strict";
  function whenReady(f) {
    if (window.ConsentGate) f(window.ConsentGate);
    else document.addEventListener("consent-gate:ready", function () { f(window.ConsentGate); }, { once: true });
  }
  var language = document.getElementById("demo-language");
  if (language) {
    language.addEventListener("change", function () {
      var tag = language.value || document.documentElement.lang;
      whenReady(function (cg) { cg.setLanguage(tag); });
    });
  }
  var reset = document.getElementById("demo-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      whenReady(function (cg) { cg.reset(); });
    });
  }
})();
