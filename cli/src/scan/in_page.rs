//! The scripts run in the page, and how they are run: ConsentGate found (and waited for),
//! "Accept all" given, the `localStorage` keys and the links read.

use chromiumoxide::page::Page;
use serde::Deserialize;

use super::browser_error;
use super::model::ScanError;

pub(super) async fn eval<T: serde::de::DeserializeOwned>(
    page: &Page,
    js: &str,
) -> Result<T, ScanError> {
    page.evaluate_function(js)
        .await
        .map_err(browser_error)?
        .into_value()
        .map_err(|e| ScanError::Browser(format!("unexpected answer from the page: {e}")))
}

#[derive(Deserialize)]
pub(super) struct AcceptAnswer {
    pub(super) ok: bool,
    pub(super) note: String,
}

/// Finds ConsentGate and waits (5 s at most) for it to start; reads the config it uses.
pub(super) const DETECT_JS: &str = r#"async () => {
  const script = document.querySelector('script[src*="consent-gate"]');
  const inline = document.getElementById('consent-gate-config');
  const marker = !!(script || inline || document.querySelector('consent-gate'));
  if (marker && !window.ConsentGate) {
    await new Promise((done) => {
      document.addEventListener('consent-gate:ready', done, { once: true });
      setTimeout(done, 5000);
    });
  }
  let configUrl = null, config = null;
  const attr = script && script.getAttribute('data-config');
  if (attr) {
    configUrl = new URL(attr, document.baseURI).href;
    try {
      const r = await fetch(configUrl, { cache: 'no-store', credentials: 'same-origin' });
      if (r.ok) config = await r.text();
    } catch (e) {}
  } else if (inline) {
    config = inline.textContent;
  }
  const api = window.ConsentGate;
  return {
    marker, started: !!api, version: api && api.version ? String(api.version) : null,
    configUrl, config,
  };
}"#;

/// Gives "Accept all" (the API, else the banner's button) and waits for the change event.
pub(super) const ACCEPT_JS: &str = r#"async () => {
  const changed = new Promise((done) => {
    document.addEventListener('consent-gate:change', () => done(true), { once: true });
    setTimeout(() => done(false), 5000);
  });
  let how;
  if (window.ConsentGate && typeof window.ConsentGate.acceptAll === 'function') {
    window.ConsentGate.acceptAll();
    how = 'ConsentGate.acceptAll()';
  } else {
    const root = document.querySelector('consent-gate')?.shadowRoot;
    const name = (b) => (b.getAttribute('aria-label') || b.textContent || '').trim();
    const button = root && [...root.querySelectorAll('button')].find((b) => name(b) === 'Accept all');
    if (!button) return { ok: false, note: 'neither ConsentGate.acceptAll() nor an "Accept all" button was found' };
    button.click();
    how = 'the "Accept all" button';
  }
  const ok = await changed;
  return { ok, note: ok ? how : how + ' gave no consent-gate:change event within 5 s' };
}"#;

pub(super) const STORAGE_JS: &str = r"() => {
  try { return Object.keys(window.localStorage); } catch (e) { return []; }
}";

pub(super) const LINKS_JS: &str =
    r"() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)";
