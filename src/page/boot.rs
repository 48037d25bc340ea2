//! The one object the bootstrap (`embed/bootstrap/builds.js`) hands every build: what the page gave
//! ConsentGate, and the bootstrap's loaders. Typed here, so no call between JavaScript and
//! the wasm passes positional, untyped arguments.
//!
//! The bootstrap, when it hands a returning visit (carried out from the plan, `core::plan`) to
//! the full build, leaves on the same object what the full build needs to go on: that the
//! stored choice was applied, the record it applied, and the API calls and page events that
//! came in meanwhile.

use wasm_bindgen::prelude::*;

use crate::prelude::*;

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

    /// Performs one Microsoft command, given as the step `core::microsoft::Command::step`
    /// writes (the same function carries out a plan's): UET's queue and tag, Clarity's queue
    /// and tag.
    #[wasm_bindgen(method)]
    pub fn microsoft(this: &Boot, step: &JsValue);

    /// The text of the config at `data-config`, once fetched (`null` for an inline config).
    #[wasm_bindgen(method, getter, js_name = configText)]
    pub fn config_text(this: &Boot) -> Option<String>;

    /// Why the config at `data-config` could not be fetched (`null` when it was, or when the
    /// config is inline).
    #[wasm_bindgen(method, getter, js_name = configError)]
    pub fn config_error(this: &Boot) -> Option<String>;

    /// The visitor's region as the page gives it (`data-region` on the script tag, else
    /// `<meta name="consent-region">`), untrusted; `null` when it gives none.
    #[wasm_bindgen(method, getter)]
    pub fn region(this: &Boot) -> Option<String>;

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

    /// The stylesheet of every shadow root ConsentGate draws (`src/page/base.css`,
    /// `reopen.css` and `src/full/ui/style/`, minified; the bootstrap carries it).
    #[wasm_bindgen(method, getter)]
    pub fn css(this: &Boot) -> String;

    /// Draws the reopen control as `look` says (`null`: removes it) into `into`; `open` runs on a
    /// click (`embed/bootstrap/reopen.js`).
    #[wasm_bindgen(method)]
    pub fn reopen(this: &Boot, look: &JsValue, into: &web_sys::Element, open: &JsValue);

    /// Draws the placeholder of a marked iframe as `look` says (`core::placeholder::look`,
    /// parsed), in front of it (`embed/bootstrap/placeholders.js`); again only in another
    /// language.
    #[wasm_bindgen(method)]
    pub fn place(this: &Boot, el: &web_sys::Element, look: &JsValue);

    /// Removes an iframe's placeholder before it loads (focus on it moves into the iframe).
    #[wasm_bindgen(method)]
    pub fn unplace(this: &Boot, el: &web_sys::Element);

    /// Makes `f(name, service)` answer the placeholders' "allow" and "prefs" clicks.
    #[wasm_bindgen(method, js_name = placeholderAnswer)]
    pub fn placeholder_answer(this: &Boot, f: &js_sys::Function);

    /// WCAG 2.4.11: keeps the page element `el` that got keyboard focus clear of the banner
    /// `section` (at the top edge now if `top`), scrolling if that does it; the edge the banner
    /// belongs at (`true`: the top), or `null` when it is clear (`embed/bootstrap/paint.js`).
    #[wasm_bindgen(method)]
    pub fn unobscure(
        this: &Boot,
        el: &web_sys::Element,
        section: &web_sys::Element,
        top: bool,
    ) -> JsValue;

    /// Moves focus to the reopen control, if it is shown.
    #[wasm_bindgen(method, js_name = focusReopen)]
    pub fn focus_reopen(this: &Boot);

    /// Watches the site's own preferences links on the page now (again when links are added):
    /// while one is on screen the reopen control steps aside.
    #[wasm_bindgen(method, js_name = watchLinks)]
    pub fn watch_links(this: &Boot);

    /// A first visit's banner, painted by the bootstrap before the full build arrived, until
    /// the full build takes it over (`browser::painted`).
    #[wasm_bindgen(method, getter)]
    pub fn painted(this: &Boot) -> Option<Painted>;

    /// Removes the painted banner (and its host).
    #[wasm_bindgen(method)]
    pub fn unpaint(this: &Boot);

    /// The bootstrap's painted banner (`paint` in `embed/bootstrap/paint.js`).
    pub type Painted;

    /// Its `<consent-gate>` host.
    #[wasm_bindgen(method, getter)]
    pub fn host(this: &Painted) -> web_sys::Element;

    /// The element it drew into (the host's shadow root's `.cg-root`).
    #[wasm_bindgen(method, getter)]
    pub fn root(this: &Painted) -> web_sys::Element;

    /// The language it is in (its `lang`).
    #[wasm_bindgen(method, getter)]
    pub fn lang(this: &Painted) -> String;

    /// Every text it shows, as the banner's `textContent`.
    #[wasm_bindgen(method, getter)]
    pub fn shown(this: &Painted) -> String;

    /// The visitor's clicks on it so far, in order: `accept`, `reject`, `manage`, `policy`,
    /// `dismiss` (Escape).
    #[wasm_bindgen(method, getter)]
    pub fn clicks(this: &Painted) -> js_sys::Array;

    /// Makes `f(name, argument)` answer `window.ConsentGate` (and defines it, once).
    #[wasm_bindgen(method)]
    pub fn answer(this: &Boot, f: &js_sys::Function);

    /// For the full build taking over: whether the bootstrap already applied the stored choice
    /// (pushed the Consent Mode commands, loaded the Google tags, ran the marked elements).
    #[wasm_bindgen(method, getter, js_name = gateRan)]
    pub fn gate_ran(this: &Boot) -> bool;

    /// Set by the bootstrap before it hands over.
    #[wasm_bindgen(method, setter, js_name = gateRan)]
    pub fn set_gate_ran(this: &Boot, ran: bool);

    /// For the full build taking over: the stored record the bootstrap applied.
    #[wasm_bindgen(method, getter)]
    pub fn applied(this: &Boot) -> Option<String>;

    /// Set by the bootstrap before it hands over.
    #[wasm_bindgen(method, setter)]
    pub fn set_applied(this: &Boot, record: &str);

    /// For the full build taking over: the calls that came in while the bootstrap handed over,
    /// each `[name, argument]` (an API method's name, or `"storage"` with another tab's new
    /// record).
    #[wasm_bindgen(method, getter)]
    pub fn queued(this: &Boot) -> Option<js_sys::Array>;

    /// Set by the bootstrap before it hands over.
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

    /// The config's text: fetched from `data-config`, or the inline
    /// `<script type="application/json" id="consent-gate-config">` (read when asked, so after
    /// the page is parsed); or why there is none.
    ///
    /// # Errors
    /// What a site owner needs to read to fix it.
    pub fn config(&self) -> Result<String, String> {
        if let Some(text) = self.config_text() {
            return Ok(text);
        }
        if let Some(why) = self.config_error() {
            return Err(why);
        }
        super::document()
            .and_then(|d| d.get_element_by_id("consent-gate-config"))
            .and_then(|el| el.text_content())
            .ok_or_else(|| {
                "no config: give the script tag data-config=\"/path/to/config.json\", or add <script type=\"application/json\" id=\"consent-gate-config\">{...}</script> to the page".into()
            })
    }
}
