//! Handing the page view over from the gate to the full build.
//!
//! The gate (no Yew) runs for returning visitors. When the core asks for the banner or the
//! preferences, the gate snapshots its session (a pure core function), stops listening,
//! removes its element, loads the full build through the bootstrap, and calls its
//! `takeover` with everything the full build needs: the script element, the `gtag` function,
//! the config text, the snapshot, the site's `ConsentGate.on` listeners and any actions that
//! arrived in between. The full build resumes the same page view without repeating effects.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::effects::Level;

use super::log::log;

/// What the gate kept from boot for the handover.
pub struct Boot {
    /// ConsentGate's script element (or `null`).
    pub script: JsValue,
    /// The bootstrap's `gtag`.
    pub gtag: Function,
    /// The config text.
    pub config: String,
    /// The bootstrap's `loadUi()`: a promise of the full build's exports.
    pub load_ui: Function,
    /// The bootstrap's `loadPolicy()`, passed on to the full build.
    pub load_policy: JsValue,
}

thread_local! {
    static BOOT: RefCell<Option<Boot>> = const { RefCell::new(None) };
    static FAILED: Cell<bool> = const { Cell::new(false) };
}

/// Keeps what the handover will need.
pub fn prepare(boot: Boot) {
    BOOT.with(|b| *b.borrow_mut() = Some(boot));
}

/// Starts the handover (once). Until the full build has taken over, actions are queued.
pub fn begin() {
    if FAILED.with(Cell::get) || !super::retire() {
        return;
    }
    let Some(boot) = BOOT.with(|b| b.borrow_mut().take()) else {
        return;
    };
    let snapshot = super::with_shell(|s| s.session.snapshot()).unwrap_or_default();
    let listeners = super::export_listeners();
    super::scripts::stop_watching();
    super::mount::unmount();
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = match boot.load_ui.call0(&JsValue::NULL) {
            Ok(promise) => JsFuture::from(js_sys::Promise::resolve(&promise)).await,
            Err(e) => Err(e),
        };
        let takeover = loaded.and_then(|ui| {
            Reflect::get(&ui, &"takeover".into()).and_then(|f| f.dyn_into::<Function>())
        });
        match takeover {
            Ok(takeover) => {
                let args = Array::of4(
                    &boot.script,
                    &boot.gtag,
                    &boot.config.into(),
                    &snapshot.into(),
                );
                args.push(&listeners);
                args.push(&super::take_queued());
                args.push(&boot.load_policy);
                if let Err(e) = takeover.apply(&JsValue::NULL, &args) {
                    log(
                        Level::Error,
                        &format!("the interface failed to start: {e:?}"),
                    );
                }
            }
            Err(e) => {
                log(
                    Level::Error,
                    &format!(
                        "could not load the interface ({e:?}); choices cannot be changed on this page"
                    ),
                );
                FAILED.with(|f| f.set(true));
                super::unretire();
            }
        }
    });
}
