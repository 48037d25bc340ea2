//! What the wasm builds do to the page outside the core: the bootstrap's object, console
//! messages, `JSON.parse`, the `gtag` function and `dataLayer`, the marked elements and the
//! shadow root. The shared floor of the wasm builds: `crate::full` and `crate::policy` may
//! import it; it imports only `crate::core`.
//!
//! The bootstrap (`embed/bootstrap/marked.js`) does the same to marked elements on a
//! returning visit, from the plan (`core::plan`): the same markup, states and order, so a page
//! behaves the same whichever runs it. These pieces use no `format!` (`crate::prelude`), a habit from the
//! no_std gate of 0.5 that keeps them small.

// The policy build needs only the console and JSON.parse.
#[cfg(feature = "full")]
pub mod boot;
#[cfg(feature = "full")]
pub mod cell;
#[cfg(feature = "full")]
pub mod gtag;
pub use crate::js_json as json;
pub mod log;
#[cfg(feature = "full")]
pub mod marked;
#[cfg(feature = "full")]
pub mod mount;

#[cfg(feature = "full")]
use wasm_bindgen::{JsCast, JsValue};

#[cfg(feature = "full")]
/// The document, if there is one.
#[must_use]
pub fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

#[cfg(feature = "full")]
/// Runs `f` once `<body>` exists and, for an `inline` config that is not in the page yet, once
/// the page is parsed (an async script can run while the head is parsed); at once if it can.
pub fn when_ready(inline: bool, f: impl FnOnce() + 'static) {
    let Some(document) = document() else {
        return f();
    };
    let missing = inline && document.get_element_by_id("consent-gate-config").is_none();
    if document.ready_state() != "loading" || (document.body().is_some() && !missing) {
        return f();
    }
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = document.add_event_listener_with_callback("DOMContentLoaded", callback.unchecked_ref());
}

#[cfg(feature = "full")]
/// A JavaScript error's message (or a word for what was thrown), without formatting.
#[must_use]
pub fn describe(e: &JsValue) -> alloc::string::String {
    if let Some(e) = e.dyn_ref::<js_sys::Error>() {
        return e.message().into();
    }
    e.as_string().unwrap_or_else(|| "an unknown error".into())
}

#[cfg(feature = "full")]
/// `navigator.globalPrivacyControl === true` (absent, false or anything else: no signal).
#[must_use]
pub fn global_privacy_control() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"globalPrivacyControl".into()).ok())
        .is_some_and(|v| v == JsValue::TRUE)
}

#[cfg(feature = "full")]
/// The languages the page asks for: `<html lang>`, then `navigator.languages`.
#[must_use]
pub fn languages() -> alloc::vec::Vec<alloc::string::String> {
    let html = document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    let browser: alloc::vec::Vec<alloc::string::String> = web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default();
    html.into_iter().chain(browser).collect()
}

#[cfg(feature = "full")]
/// Milliseconds since the epoch, from the browser clock.
#[must_use]
pub fn now() -> crate::core::time::Timestamp {
    let ms = js_sys::Date::now();
    // Dates before 1970 or beyond u64 cannot come from a working clock; clamp them.
    crate::core::time::Timestamp(if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    })
}

#[cfg(feature = "full")]
/// Fires `consent-gate:<name>` on `document` with `detail`.
pub fn notify(name: &str, detail: &JsValue) {
    let Some(document) = document() else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(detail);
    let kind = [("consent-gate:"), name].concat();
    if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(&kind, &init) {
        let _ = document.dispatch_event(&e);
    }
}

#[cfg(feature = "full")]
/// `localStorage`, when the browser lets the page use it.
#[must_use]
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}
