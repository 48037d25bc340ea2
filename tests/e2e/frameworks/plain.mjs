// The plain single-page app of docs/frameworks.md (tests/e2e/frameworks.test.mjs bundles it
// with esbuild): no framework, history.pushState for routes.

/** Calls `f(ConsentGate)` once ConsentGate has started (at once if it already has). */
function whenConsentGate(f) {
  if (window.ConsentGate) f(window.ConsentGate);
  else document.addEventListener("consent-gate:ready", () => f(window.ConsentGate), { once: true });
}

const status = document.createElement("p");
status.setAttribute("role", "status");
const show = () => {
  status.textContent = `Analytics cookies: ${window.ConsentGate?.accepted("analytics") ? "allowed" : "not allowed"}`;
};
show();
whenConsentGate((cg) => {
  show();
  cg.on("change", show);
});

const settings = document.createElement("button");
settings.type = "button";
settings.textContent = "Privacy settings";
settings.addEventListener("click", () => window.ConsentGate?.showPreferences());

const base = "/t/fw/plain/";
const main = document.createElement("main");
function render() {
  if (location.pathname === base + "video") {
    // ConsentGate sets `src` from `data-src` once "marketing" is granted.
    const video = document.createElement("iframe");
    video.title = "Video";
    video.dataset.consent = "marketing";
    video.dataset.src = "/t/fw/video.html";
    main.replaceChildren(video);
  } else {
    const heading = document.createElement("h1");
    heading.textContent = "Home";
    main.replaceChildren(heading);
  }
}

const nav = document.createElement("nav");
for (const [to, label] of [["", "Home"], ["video", "Video"]]) {
  const a = document.createElement("a");
  a.href = base + to;
  a.textContent = label;
  a.addEventListener("click", (e) => {
    e.preventDefault();
    history.pushState(null, "", a.href);
    render();
  });
  nav.append(a, " ");
}
window.addEventListener("popstate", render);
document.getElementById("app").append(nav, status, settings, main);
render();
