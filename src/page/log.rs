//! Console messages, always prefixed "ConsentGate: " so a site owner can filter for them.

use crate::core::effects::Level;

/// Writes one console message.
pub fn log(level: Level, message: &str) {
    let text = wasm_bindgen::JsValue::from_str(&["ConsentGate: ", message].concat());
    match level {
        Level::Info => web_sys::console::info_1(&text),
        Level::Warn => web_sys::console::warn_1(&text),
        Level::Error => web_sys::console::error_1(&text),
    }
}
