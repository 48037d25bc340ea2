//! Handing the page view over from the gate to the full build.
//!
//! The gate (no Yew) runs for returning visitors. When the core asks for the banner or the
//! preferences, the gate snapshots its session (a pure core function), stops listening,
//! removes its element, loads the full build through the bootstrap, and calls its
//! `takeover` with the same [`super::boot::Boot`] object, now carrying the snapshot, the
//! config text and any actions that arrived in between. The full build resumes the same page
//! view without repeating effects, and answers `window.ConsentGate` from then on (the object
//! itself does not change). If the full build cannot load, the gate takes the page back.

use std::cell::Cell;

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::effects::Level;

use super::log::log;

thread_local! {
    static FAILED: Cell<bool> = const { Cell::new(false) };
}

/// Starts the handover (once). Until the full build has taken over, actions are queued.
pub fn begin() {
    if FAILED.with(Cell::get) || !super::retire() {
        return;
    }
    let Some((boot, snapshot, config_text)) =
        super::with_shell(|s| (s.boot.clone(), s.session.snapshot(), s.config_text.clone()))
    else {
        return;
    };
    super::lifetime::release();
    super::site_links::release();
    super::mount::unmount();
    wasm_bindgen_futures::spawn_local(async move {
        let takeover = JsFuture::from(boot.load_ui()).await.and_then(|ui| {
            Reflect::get(&ui, &"takeover".into()).and_then(|f| f.dyn_into::<Function>())
        });
        match takeover {
            Ok(takeover) => {
                boot.set_snapshot(&snapshot);
                boot.set_config_text(&config_text);
                let queued: js_sys::Array = super::take_queued()
                    .into_iter()
                    .map(JsValue::from)
                    .collect();
                boot.set_queued(&queued);
                if let Err(e) = takeover.call1(&JsValue::NULL, &boot) {
                    log(
                        Level::Error,
                        &format!("the interface failed to start: {}", super::describe(&e)),
                    );
                }
            }
            Err(e) => {
                log(
                    Level::Error,
                    &format!(
                        "could not load the interface ({}); choices cannot be changed on this page",
                        super::describe(&e)
                    ),
                );
                FAILED.with(|f| f.set(true));
                super::listen();
                super::api::install();
                super::unretire();
            }
        }
    });
}
