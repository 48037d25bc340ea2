//! The policy build's one export.

use wasm_bindgen::prelude::*;

use crate::core::policy::{self, Format};

/// Parses a policy document (`format`: `"markdown"` or `"text"`) into the safe node tree's
/// JSON transfer form (see [`crate::core::policy::Document::to_json`]).
#[wasm_bindgen]
pub fn parse_policy(text: &str, format: &str) -> String {
    let format = if format == "text" {
        Format::Text
    } else {
        Format::Markdown
    };
    policy::parse(text, format).to_json()
}
