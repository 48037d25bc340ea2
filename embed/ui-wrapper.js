/* ConsentGate's full build (gate + interface), loaded by consent-gate.js when the banner or
 * the preferences must show. The post-build step puts wasm-bindgen's glue where the marker
 * is; this file only registers how to start it. */
(function () {
  "use strict";
  /*GLUE*/
  window[Symbol.for("consent-gate-ui")] = function (url) {
    return wasm_bindgen({ module_or_path: url }).then(function () {
      return wasm_bindgen;
    });
  };
})();
