//! Every key of the schema has a form in the config builder (`core::builder::form_paths`): a
//! marketer never has to write JSON for a key ConsentGate knows.

use consent_gate::core::builder::form_paths;

use crate::keys::keys;
use crate::support::*;

#[test]
fn every_key_of_the_schema_has_a_form_in_the_builder() {
    let schema = schema();
    let forms = form_paths();
    let missing: Vec<String> = keys(&schema)
        .iter()
        .filter(|k| k.leaf)
        .map(|k| k.dotted())
        .filter(|key| {
            let segments: Vec<&str> = key.split('.').map(|s| s.trim_end_matches("[]")).collect();
            !forms.iter().any(|p| {
                let form: Vec<&str> = p.split('.').collect();
                segments.starts_with(&form)
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "keys without a form in the builder: {missing:?}"
    );
}
