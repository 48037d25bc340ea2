//! `config.schema.json` against the core and the README: every test config gets the same verdict
//! from `Config::parse` and from a JSON Schema validator (but for the rules only the core can
//! check, listed in `verdicts::CORE_ONLY`), the schema's lists and rules follow the core's own
//! constants, and the README's "Config reference" table names exactly the schema's keys.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

// Shared by the tests below.
mod support;

// The tests, by what the schema is checked against.
#[cfg(feature = "builder")]
mod builder;
mod keys;
mod patterns;
mod readme;
mod rules;
mod verdicts;
