//! The one object the bootstrap (`embed/bootstrap.js`) hands every build: what the page gave
//! ConsentGate, and the bootstrap's loaders. Typed here so no call between JavaScript and the
//! wasm passes positional, untyped arguments.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The bootstrap's `boot` object.
    #[derive(Clone)]
    pub type Boot;

    /// ConsentGate's own `<script>` element (`document.currentScript`), or `null`.
    #[wasm_bindgen(method, getter)]
    pub fn script(this: &Boot) -> JsValue;

    /// `function gtag(){dataLayer.push(arguments)}`.
    #[wasm_bindgen(method, getter)]
    pub fn gtag(this: &Boot) -> js_sys::Function;

    /// A promise of the config text when the tag has `data-config`, else `undefined` (then the
    /// inline `<script type="application/json" id="consent-gate-config">` is read).
    #[wasm_bindgen(method, getter)]
    pub fn config(this: &Boot) -> JsValue;

    /// The config file's absolute URL (`null` for an inline config).
    #[wasm_bindgen(method, getter, js_name = configUrl)]
    pub fn config_url(this: &Boot) -> Option<String>;

    /// The text of `i18n/<tag>.json` (fetched once, possibly already under way).
    #[wasm_bindgen(method, js_name = loadLanguage)]
    pub fn load_language(this: &Boot, tag: &str) -> js_sys::Promise;

    /// The full build's exports (loaded once).
    #[wasm_bindgen(method, js_name = loadUi)]
    pub fn load_ui(this: &Boot) -> js_sys::Promise;

    /// The policy build's exports (loaded once).
    #[wasm_bindgen(method, js_name = loadPolicy)]
    pub fn load_policy(this: &Boot) -> js_sys::Promise;

    /// A script URL through ConsentGate's Trusted Types policy (a `TrustedScriptURL`, or the
    /// string where the browser has no Trusted Types). Throws for a URL the policy refuses.
    #[wasm_bindgen(method, catch, js_name = scriptUrl)]
    pub fn script_url(this: &Boot, url: &str) -> Result<JsValue, JsValue>;

    /// An inline script's text through the same policy (`TrustedScript`).
    #[wasm_bindgen(method, catch, js_name = scriptText)]
    pub fn script_text(this: &Boot, text: &str) -> Result<JsValue, JsValue>;

    /// Makes `f(name, argument)` answer `window.ConsentGate` (and defines it, once).
    #[wasm_bindgen(method)]
    pub fn answer(this: &Boot, f: &js_sys::Function);

    /// For the full build taking over: the gate's session ([`crate::core::consent::Session::snapshot`]).
    #[wasm_bindgen(method, getter)]
    pub fn snapshot(this: &Boot) -> Option<String>;

    /// Sets the snapshot before the handover.
    #[wasm_bindgen(method, setter)]
    pub fn set_snapshot(this: &Boot, snapshot: &str);

    /// For the full build taking over: the config text the gate read.
    #[wasm_bindgen(method, getter, js_name = configText)]
    pub fn config_text(this: &Boot) -> Option<String>;

    /// Sets the config text before the handover.
    #[wasm_bindgen(method, setter, js_name = configText)]
    pub fn set_config_text(this: &Boot, text: &str);

    /// For the full build taking over: actions that arrived during the handover, in their wire
    /// form ([`crate::core::consent::Action::to_wire`]).
    #[wasm_bindgen(method, getter)]
    pub fn queued(this: &Boot) -> Option<js_sys::Array>;

    /// Sets the queued actions before the handover.
    #[wasm_bindgen(method, setter)]
    pub fn set_queued(this: &Boot, queued: &js_sys::Array);
}

impl Boot {
    /// The nonce of ConsentGate's own script tag (given to every script it inserts).
    #[must_use]
    pub fn nonce(&self) -> String {
        use wasm_bindgen::JsCast;
        self.script()
            .dyn_ref::<web_sys::HtmlScriptElement>()
            .map(|s| s.nonce())
            .unwrap_or_default()
    }
}
