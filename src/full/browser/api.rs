//! What answers `window.ConsentGate`, and site links that reopen the preferences.
//!
//! The bootstrap defines the object once for the whole page view (so a reference a site kept
//! keeps working after the bootstrap hands over to the full build) and forwards each call, by name,
//! to [`answer`] in the build that runs now. The written contract is `www/consent-gate.d.ts`:
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
//! ConsentGate.setLanguage("de")      // show the interface in another language
//! const off = ConsentGate.on("change", consent => ...)  // "ready" | "change"; off() removes it
//! ```

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::consent::{Action, Origin};
use crate::core::effects::Level;

use super::{consent_object, dispatch, with_shell};

/// Makes this build answer `window.ConsentGate` from now on.
pub fn install() {
    let f = Closure::<dyn Fn(String, JsValue) -> JsValue>::new(answer).into_js_value();
    with_shell(|s| s.boot.answer(f.unchecked_ref()));
}

/// One call on `window.ConsentGate` (also those the bootstrap queued while it handed over).
pub fn answer(name: String, argument: JsValue) -> JsValue {
    let action = match name.as_str() {
        "show" => Action::ShowBanner,
        "showPreferences" => Action::ShowPreferences,
        "showPolicy" => Action::ShowPolicy,
        "acceptAll" => Action::AcceptAll(Origin::Api),
        "rejectAll" => Action::RejectAll(Origin::Api),
        "reset" => Action::Reset,
        "setLanguage" => match argument.as_string() {
            Some(tag) => Action::SetLanguage(tag),
            None => {
                super::log::log(
                    Level::Error,
                    "ConsentGate.setLanguage(tag) needs a language tag such as \"de\" or \"pt-BR\"",
                );
                return JsValue::UNDEFINED;
            }
        },
        "accepted" => {
            return JsValue::from_bool(
                argument
                    .as_string()
                    .and_then(|p| with_shell(|s| s.session.allows(&p)))
                    .unwrap_or(false),
            );
        }
        "getConsent" => return consent_object(),
        // "Always allow" on a placeholder the bootstrap drew, clicked while it handed over.
        "allowService" => match argument.as_string() {
            Some(id) => Action::AllowService(id),
            None => return JsValue::UNDEFINED,
        },
        _ => return JsValue::UNDEFINED,
    };
    dispatch(action);
    JsValue::UNDEFINED
}

/// Answers the embed placeholders' clicks (`embed/bootstrap/placeholders.js`): "allow" grants
/// the service, "prefs" opens the preferences.
pub fn answer_placeholders() {
    let f = Closure::<dyn Fn(String, JsValue)>::new(|name: String, service: JsValue| {
        match (name.as_str(), service.as_string()) {
            ("allow", Some(id)) => dispatch(Action::AllowService(id)),
            ("prefs", _) => dispatch(Action::ShowPreferences),
            _ => {}
        }
    })
    .into_js_value();
    with_shell(|s| s.boot.placeholder_answer(f.unchecked_ref()));
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
    super::lifetime::keep(listener);
}
