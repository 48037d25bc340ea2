//! Hostile input, tested as properties: every reader of what a site or a visitor's browser
//! hands ConsentGate (the config, the stored record, the policy in Markdown and plain text,
//! cookie patterns, language tags, JSON itself) on generated and mutated input. Each property
//! says what must hold for *every* input: no panic, nesting bounded, time and output linear in
//! the input, nothing granted that the visitor did not grant.
//!
//! Why proptest rather than arbtest: its strategies compose (a recursive JSON value, a Markdown
//! tree, a list of mutations of a real config) and it shrinks a failure to a minimal input,
//! which is what a bug report needs; arbtest's seed-only minimisation would hand back a large
//! random input. The runs are reproducible: every property draws from a ChaCha RNG with a fixed
//! seed (mixed with the property's name) and runs a fixed number of cases, small enough that
//! these tests take seconds in a debug build. Nothing is persisted between runs.
//!
//! `scripts/fuzz 10m` runs the same properties much longer: it sets `CG_PROPTEST_SCALE` (cases
//! = the number below times it) and `CG_PROPTEST_SEED` (a new seed each round). Each property
//! prints `property NAME: N cases passed (seed S)` (seen with `--nocapture`); a failure panics
//! with the seed and proptest's minimal input.
//!
//! Time is checked two ways: deterministically where possible (the size of what a reader
//! builds is bounded by a constant times the size of its input, for every input), and by wall
//! clock only with wide margins (eight times the input may take at most 40 times as long, so
//! quadratic work shows while a busy machine does not).
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

#[path = "../common/mod.rs"]
mod common;

// Shared by the properties below.
mod generators;
mod runner;

// The properties, by the reader they test.
mod config;
mod cookie_patterns;
mod json_text;
mod language_tags;
mod policy;
mod policy_bounds;
mod policy_trees;
mod record;
