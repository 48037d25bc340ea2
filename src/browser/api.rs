//! The public JavaScript API, `window.ConsentGate`, and site links that reopen the
//! preferences. The written contract is `www/consent-gate.d.ts`.
//!
//! ```js
//! ConsentGate.show()                 // the banner
//! ConsentGate.showPreferences()      // the preferences dialog
//! ConsentGate.showPolicy()           // the privacy policy viewer
//! ConsentGate.acceptAll()            // decide through the API (method "api")
//! ConsentGate.rejectAll()
//! ConsentGate.accepted("analytics")  // a category or service id -> boolean
//! ConsentGate.getConsent()           // the current record, or null
//! ConsentGate.reset()                // forget the choice and ask again
//! const off = ConsentGate.on("change", consent => ...)  // "ready" | "change"; off() removes it
//! ```
//!
//! Every decision also fires `consent-gate:change` on `document` (`event.detail` is the
//! record); start-up fires `consent-gate:ready`.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::consent::{Action, Origin};

use super::{add_listener, consent_object, dispatch, remove_listener, with_shell};

/// The version the API reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Defines `window.ConsentGate`.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let api = Object::new();
    method0(&api, "show", || dispatch(Action::ShowBanner));
    method0(&api, "showPreferences", || {
        dispatch(Action::ShowPreferences)
    });
    method0(&api, "acceptAll", || {
        dispatch(Action::AcceptAll(Origin::Api))
    });
    method0(&api, "rejectAll", || {
        dispatch(Action::RejectAll(Origin::Api))
    });
    method0(&api, "reset", || dispatch(Action::Reset));
    set(
        &api,
        "accepted",
        Closure::<dyn Fn(JsValue) -> bool>::new(|purpose: JsValue| {
            purpose
                .as_string()
                .and_then(|p| with_shell(|s| s.session.allows(&p)))
                .unwrap_or(false)
        })
        .into_js_value(),
    );
    set(
        &api,
        "getConsent",
        Closure::<dyn Fn() -> JsValue>::new(consent_object).into_js_value(),
    );
    set(
        &api,
        "on",
        Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(on).into_js_value(),
    );
    set(&api, "version", VERSION.into());
    let _ = Object::freeze(&api);
    let _ = Reflect::set(&window, &"ConsentGate".into(), &api);
}

fn on(name: JsValue, listener: JsValue) -> JsValue {
    let (Some(name), Ok(listener)) = (name.as_string(), listener.dyn_into::<Function>()) else {
        super::log::log(
            crate::core::effects::Level::Error,
            "ConsentGate.on(name, fn) needs an event name (\"ready\" or \"change\") and a function",
        );
        return JsValue::UNDEFINED;
    };
    if name == "ready" {
        // ConsentGate is ready by the time the API exists: answer at once.
        let _ = listener.call1(&JsValue::NULL, &consent_object());
        return JsValue::UNDEFINED;
    }
    if name != "change" {
        super::log::log(
            crate::core::effects::Level::Warn,
            &format!("ConsentGate.on: unknown event {name:?} (known: \"ready\", \"change\")"),
        );
    }
    add_listener(name.clone(), listener.clone());
    Closure::<dyn Fn()>::new(move || remove_listener(&name, &listener)).into_js_value()
}

fn method0(api: &Object, name: &str, f: fn()) {
    set(api, name, Closure::<dyn Fn()>::new(f).into_js_value());
}

fn set(api: &Object, name: &str, value: JsValue) {
    let _ = Reflect::set(api, &name.into(), &value);
}

/// Opens the preferences when a site element marked `data-consent-gate="preferences"` is
/// clicked (a footer link, a button), also for elements added later.
pub fn listen_for_site_links() {
    let Some(document) = super::document() else {
        return;
    };
    let listener = gloo_events::EventListener::new_with_options(
        &document,
        "click",
        gloo_events::EventListenerOptions::enable_prevent_default(),
        |event| {
            let target = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let marked = target
                .and_then(|t| t.closest("[data-consent-gate=preferences]").ok().flatten())
                .is_some();
            if marked {
                event.prevent_default();
                dispatch(Action::ShowPreferences);
            }
        },
    );
    // One listener for the page's lifetime.
    listener.forget();
}
