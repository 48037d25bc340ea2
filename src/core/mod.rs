//! The pure core: parse, validate, decide. No `web-sys`, `js-sys`, `wasm-bindgen` or `yew`
//! here; everything is tested natively.
//!
//! Modules depend downwards only: `json`, `time`, `lang`, `cookies`, `google`, `theme` and
//! `i18n` know nothing of the others above them; `config` reads the site's document with
//! them; `record`, `gating`, `receipt`, `declaration` and `view` read a `Config`; `consent`
//! ties them together.

#[allow(unused_imports)]
use crate::prelude::*;
#[cfg(feature = "builder")]
pub mod builder;
pub mod config;
pub mod consent;
pub mod cookies;
pub mod declaration;
pub mod domain;
#[cfg(feature = "builder")]
pub mod draft;
pub mod effects;
pub mod gating;
pub mod google;
pub mod hash;
pub mod i18n;
pub mod json;
pub mod lang;
pub mod microsoft;
pub mod outbox;
pub mod placeholder;
pub mod plan;
pub mod policy;
#[cfg(feature = "builder")]
pub mod pretty;
pub mod receipt;
pub mod record;
pub mod regions;
pub mod shared;
pub mod theme;
pub mod time;
pub mod view;
pub mod visit;

/// The `localStorage` key of the stored record (and the prefix of every key ConsentGate
/// writes, which withdrawal never deletes).
pub const STORAGE_KEY: &str = "consent-gate";
