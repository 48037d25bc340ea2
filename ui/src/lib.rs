//! ConsentGate's full build: the same crate as the gate, with the Yew interface. Its
//! wasm-bindgen exports (`boot`, `takeover`) come from `consent-gate`; this crate only gives
//! the build its own name, so trunk can build it beside the gate.

pub use consent_gate::*;
