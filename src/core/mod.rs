//! The pure core: parse, validate, decide. No `web-sys`, `js-sys`, `wasm-bindgen` or `yew`
//! here; everything is tested natively.

pub mod config;
pub mod consent;
pub mod cookies;
pub mod effects;
pub mod gating;
pub mod google;
pub mod i18n;
pub mod json;
pub mod policy;
pub mod receipt;
pub mod record;
pub mod time;
pub mod view;
