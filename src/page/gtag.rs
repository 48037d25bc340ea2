//! Calls into Google's tag through a real `gtag` function.
//!
//! gtag.js ignores arrays pushed to `dataLayer`; it only reads `Arguments` objects. The
//! bootstrap (the only hand-written JS) defines `function gtag(){dataLayer.push(arguments)}`
//! and hands it to the wasm, so every command below reaches `dataLayer` as `Arguments`.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::effects::{Gtag as Command, Level};
use crate::core::google::ConsentState;

use super::describe;
use super::log::log;
use crate::prelude::*;

/// The page's `gtag` function.
pub struct Gtag(pub Function);

impl Gtag {
    /// Performs one command.
    pub fn call(&self, command: &Command) {
        let args = Array::new();
        match command {
            Command::ConsentDefault(state) => {
                args.push(&"consent".into());
                args.push(&"default".into());
                args.push(&state_object(state));
            }
            Command::ConsentDefaultAdvanced {
                state,
                wait_for_update,
                region,
            } => {
                let payload = state_object(state);
                let _ = Reflect::set(
                    &payload,
                    &"wait_for_update".into(),
                    &f64::from(*wait_for_update).into(),
                );
                if let Some(region) = region {
                    let _ = Reflect::set(&payload, &"region".into(), &Array::of1(&region.into()));
                }
                args.push(&"consent".into());
                args.push(&"default".into());
                args.push(&payload);
            }
            Command::Set(name, value) => {
                args.push(&"set".into());
                args.push(&(*name).into());
                args.push(&(*value).into());
            }
            Command::ConsentUpdate(state) => {
                args.push(&"consent".into());
                args.push(&"update".into());
                args.push(&state_object(state));
            }
            Command::Js => {
                args.push(&"js".into());
                args.push(&js_sys::Date::new_0().into());
            }
            Command::Config(id) => {
                args.push(&"config".into());
                args.push(&id.as_str().into());
            }
        }
        if let Err(e) = self.0.apply(&JsValue::NULL, &args) {
            log(
                Level::Error,
                &["gtag call failed: ", &describe(&e)].concat(),
            );
        }
    }
}

fn state_object(state: &ConsentState) -> JsValue {
    let object = Object::new();
    for (name, value) in state.entries() {
        let _ = Reflect::set(&object, &name.into(), &value.into());
    }
    object.into()
}

/// Pushes `{'gtm.start': <now>, event: 'gtm.js'}`, as Google's GTM snippet does.
pub fn gtm_start() {
    let event = Object::new();
    let _ = Reflect::set(&event, &"gtm.start".into(), &js_sys::Date::now().into());
    let _ = Reflect::set(&event, &"event".into(), &"gtm.js".into());
    push(&event);
}

/// Pushes `{event: "consent_gate_update", consent_gate: {...}}` for Tag Manager triggers.
pub fn consent_event(granted: &[(String, bool)]) {
    let state = Object::new();
    for (id, on) in granted {
        let _ = Reflect::set(&state, &id.as_str().into(), &(*on).into());
    }
    let event = Object::new();
    let _ = Reflect::set(&event, &"event".into(), &"consent_gate_update".into());
    let _ = Reflect::set(&event, &"consent_gate".into(), &state);
    push(&event);
}

/// `dataLayer.push(entry)`, creating `dataLayer` if the page has none.
fn push(entry: &Object) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let layer = Reflect::get(&window, &"dataLayer".into())
        .ok()
        .filter(Array::is_array)
        .map(|v| v.unchecked_into::<Array>())
        .unwrap_or_else(|| {
            let layer = Array::new();
            let _ = Reflect::set(&window, &"dataLayer".into(), &layer);
            layer
        });
    // Call the array's own `push`: once gtm.js has loaded it replaces it with its own.
    if let Ok(push) = Reflect::get(&layer, &"push".into())
        && let Ok(push) = push.dyn_into::<Function>()
    {
        let _ = push.call1(&layer, entry);
    }
}
