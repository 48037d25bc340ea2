//! ConsentGate's policy build: the same crate with only `parse_policy` exported, so the
//! Markdown parser downloads only when a visitor opens the privacy policy.

pub use consent_gate::*;
