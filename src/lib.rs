//! ConsentGate: a cookie-consent manager in Rust and WebAssembly.
//!
//! A site adds one script tag and a JSON config; visitors get a banner and a preferences
//! dialog; Google Analytics 4, Google Tag Manager and every script or iframe the site marks
//! stay unloaded until the visitor consents to their category, and Google Consent Mode v2
//! receives correct default and update signals.
//!
//! ```html
//! <script src="/consent/consent-gate.js" data-config="/consent/config.json" async></script>
//! <script type="text/plain" data-consent="analytics" src="https://example.com/stats.js"></script>
//! ```
//!
//! # A tour
//!
//! * [`core`] decides everything and is plain Rust (`no_std` + `alloc`), tested natively:
//!   [`core::config`] parses and validates the site's config,
//!   [`core::consent`] is the state machine (`Session` x `Action` -> effects),
//!   [`core::record`] is the stored record, [`core::gating`] says which marked elements run,
//!   [`core::google`] builds Consent Mode payloads and tag URLs,
//!   [`core::cookies`] plans cookie deletion on withdrawal, [`core::visit`] decides a
//!   returning visit and [`core::plan`] writes it down for the next page view, which the
//!   bootstrap (`embed/bootstrap/`) carries out without any wasm (`docs/builds.md`).
//! * Three builds, each a folder: the bootstrap (`embed/bootstrap/`, JavaScript, every page
//!   view: paints a first visit's banner, carries out a returning visit's plan); `full`
//!   (wasm32, feature `full`, crate `ui/`): the shell in `full::browser` performs the effects
//!   the core returns (storage, cookies, receipts, the `window.ConsentGate` API) and
//!   `full::ui` renders the banner, the preferences and the policy viewer's frame with Yew
//!   inside a shadow root; `policy` (wasm32, feature `policy`, crate `policy/`) draws a
//!   privacy policy and the cookie declaration, loaded only when one is shown.
//! * `page` (wasm32) is the floor both wasm builds share: what they do to the page (the
//!   boot object, `gtag`, the marked elements, the mount point, console, `JSON.parse`).
//! * Imports run one way: the builds use `page` and `core`, `page` uses `core`, and `core`
//!   uses nothing of the others.
//!
//! It keeps proof of consent where the site says (`proof.endpoint`), for example the receipt
//! service of the `consent-gate` command (`consent-gate records serve`).
//!
//! # What it does not do
//!
//! It does not detect cookies by itself (the config declares them; the `consent-gate scan`
//! command finds them), it does not block scripts that are not marked, and it sends proof of
//! consent to the site's own endpoint, not to a hosted service.

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg_attr(not(feature = "std"), macro_use)]
extern crate alloc;

pub mod core;
mod prelude;

/// Every wasm build allocates with talc (measured in docs/size.md against dlmalloc, Rust's
/// default, and lol_alloc).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(all(target_arch = "wasm32", feature = "full"))]
mod full;
#[cfg(all(target_arch = "wasm32", feature = "std"))]
pub mod js_json;
#[cfg(all(target_arch = "wasm32", any(feature = "full", feature = "policy")))]
mod page;
#[cfg(all(target_arch = "wasm32", feature = "policy"))]
mod policy;
