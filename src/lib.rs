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
//!   bootstrap (`embed/bootstrap.js`) carries out without any wasm (`docs/builds.md`).
//! * `page` (wasm32) is what the full build does to the page: the boot object, `gtag`,
//!   the marked elements, the mount point, the reopen control, site links.
//! * `browser` (wasm32, feature `full`) performs the effects the core returns: storage,
//!   cookies, receipts, the `window.ConsentGate` API.
//! * `ui` (wasm32, feature `full`) renders the banner, the preferences and the policy viewer
//!   with Yew inside a shadow root and dispatches actions back into the core.
//! * Two wasm builds ship: the full build (`full`, crate `ui/`), for first visits and whenever
//!   the plan does not hold, and the policy build (`policy`, crate `policy/`), loaded only when
//!   a policy is opened.
//!
//! # What it does not do
//!
//! It does not detect cookies by itself (the config declares them), it does not block scripts
//! that are not marked, and it keeps proof of consent on the site's own endpoint, not in a
//! hosted service.

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
mod browser;
#[cfg(all(test, target_arch = "wasm32", feature = "full"))]
mod browser_tests;
#[cfg(all(target_arch = "wasm32", feature = "full"))]
mod entry;
#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(all(target_arch = "wasm32", feature = "policy"))]
mod policy_entry;
#[cfg(all(target_arch = "wasm32", feature = "full"))]
mod ui;
