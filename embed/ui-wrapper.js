/* ConsentGate's full build (gate + interface), loaded by consent-gate.js when the banner or
 * the preferences must show. The post-build step puts wasm-bindgen's glue where the marker
 * is; this file only registers how to start it. */
(function () {
  "use strict";
  /*GLUE*/
  /* `wasm`: a URL or a fetch() of the wasm already under way. */
  window[Symbol.for("consent-gate-ui")] = function (wasm) {
    return wasm_bindgen({ module_or_path: wasm }).then(function (exports) {
      wasm_bindgen.memory = exports.memory;
      return wasm_bindgen;
    });
  };
})();
