/* One of ConsentGate's lazily loaded builds (consent-gate-ui: the interface;
 * consent-gate-policy: the policy parser), loaded by consent-gate.js when needed. The
 * post-build step puts the build's wasm-bindgen glue where the marker is and its name where
 * __NAME__ is; this file only registers how to start it. */
(function () {
  "use strict";
  /*GLUE*/
  /* `wasm`: a URL or a fetch() of the wasm already under way. */
  window[Symbol.for("__NAME__")] = function (wasm) {
    return wasm_bindgen({ module_or_path: wasm }).then(function (exports) {
      wasm_bindgen.memory = exports.memory;
      return wasm_bindgen;
    });
  };
})();
