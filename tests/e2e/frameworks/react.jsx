// The React app of docs/frameworks.md (tests/e2e/frameworks.test.mjs bundles it with esbuild):
// a component that reads the consent state through window.ConsentGate, and a route that
// inserts a marked embed.
import { useState, useEffect, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";

// Calls `onChange` when ConsentGate starts and on every decision.
function subscribe(onChange) {
  document.addEventListener("consent-gate:ready", onChange);
  document.addEventListener("consent-gate:change", onChange);
  return () => {
    document.removeEventListener("consent-gate:ready", onChange);
    document.removeEventListener("consent-gate:change", onChange);
  };
}

/** Whether a category or service is granted now (false until ConsentGate has started). */
export function useConsent(id) {
  return useSyncExternalStore(subscribe, () => window.ConsentGate?.accepted(id) ?? false);
}

function ConsentStatus() {
  const analytics = useConsent("analytics");
  return (
    <>
      <p role="status">Analytics cookies: {analytics ? "allowed" : "not allowed"}</p>
      <button type="button" onClick={() => window.ConsentGate?.showPreferences()}>
        Privacy settings
      </button>
    </>
  );
}

// ConsentGate sets `src` from `data-src` once "marketing" is granted.
function Video() {
  return <iframe title="Video" data-consent="marketing" data-src="/t/fw/video.html" />;
}

function App({ base }) {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const back = () => setPath(location.pathname);
    window.addEventListener("popstate", back);
    return () => window.removeEventListener("popstate", back);
  }, []);
  const link = (to, label) => (
    <a
      href={base + to}
      onClick={(e) => {
        e.preventDefault();
        history.pushState(null, "", base + to);
        setPath(base + to);
      }}
    >
      {label}
    </a>
  );
  return (
    <>
      <nav>
        {link("", "Home")} {link("video", "Video")}
      </nav>
      <ConsentStatus />
      {path === base + "video" ? <Video /> : <h1>Home</h1>}
    </>
  );
}

createRoot(document.getElementById("app")).render(<App base="/t/fw/react/" />);
