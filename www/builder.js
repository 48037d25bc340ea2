// Starts the config builder (builder/, the wasm beside this folder): its start function
// mounts the interface into #builder.
/* global wasm_bindgen */
wasm_bindgen({ module_or_path: "../consent-gate-builder_bg.wasm" }).catch((e) => {
  const p = document.createElement("p");
  p.setAttribute("role", "alert");
  p.textContent = `The config builder could not start: ${e && e.message ? e.message : e}`;
  document.getElementById("builder").append(p);
});

// The preview's frame is as wide as the width chosen (1280 or 375 px); where the column is
// narrower, it is shown scaled down to fit, whole (builder.css, --scale).
function fit() {
  const frame = document.querySelector(".frame");
  const iframe = frame && frame.querySelector("iframe");
  if (!iframe) return;
  const scale = String(Math.min(1, frame.clientWidth / (parseFloat(iframe.style.width) || 1280)).toFixed(3));
  if (frame.style.getPropertyValue("--scale") !== scale) frame.style.setProperty("--scale", scale);
}
new ResizeObserver(fit).observe(document.documentElement);
new MutationObserver(fit).observe(document.getElementById("builder"), { subtree: true, childList: true, attributes: true, attributeFilter: ["style"] });
