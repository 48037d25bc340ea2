//! The builder's own texts: every language file has exactly English's keys, non-empty, with
//! the same `{placeholders}`, and every key the interface asks for exists.

use std::collections::BTreeSet;

use consent_gate_builder::LANGUAGES;
use serde_json::{Map, Value};

fn file(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => map,
        other => panic!("not a JSON object: {other:?}"),
    }
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

#[test]
fn every_language_has_every_text_with_the_same_placeholders() {
    let english = file(LANGUAGES[0].1);
    assert_eq!(LANGUAGES[0].0, "en");
    assert!(LANGUAGES.iter().any(|(tag, _)| *tag == "de"));
    for (tag, text) in LANGUAGES {
        let texts = file(text);
        let keys: BTreeSet<&String> = texts.keys().collect();
        let expected: BTreeSet<&String> = english.keys().collect();
        assert_eq!(
            keys, expected,
            "builder/i18n/{tag}.json has other keys than en.json"
        );
        for (key, value) in &texts {
            let value = value.as_str().unwrap_or_default();
            assert!(!value.trim().is_empty(), "{tag}: {key} is empty");
            let english = english[key].as_str().unwrap_or_default();
            assert_eq!(placeholders(value), placeholders(english), "{tag}: {key}");
        }
    }
}

#[test]
fn every_text_the_interface_asks_for_is_written() {
    let english = file(LANGUAGES[0].1);
    let mut asked = BTreeSet::new();
    for file in sources(concat!(env!("CARGO_MANIFEST_DIR"), "/src").as_ref()) {
        let source = std::fs::read_to_string(file).expect("source");
        for call in [".t(\"", ".fill(\""] {
            for part in source.split(call).skip(1) {
                if let Some((key, _)) = part.split_once('"') {
                    asked.insert(key.to_owned());
                }
            }
        }
    }
    assert!(asked.len() > 50, "found only {asked:?}");
    let missing: Vec<&String> = asked.iter().filter(|k| !english.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "not in builder/i18n/en.json: {missing:?}"
    );
    for role in [
        "background",
        "text",
        "accent",
        "accentText",
        "link",
        "border",
    ] {
        assert!(english.contains_key(&format!("role-{role}")), "role-{role}");
    }
    // Keys made with format!: a Consent Mode type's, a corner's, a region rule's model.
    let made = [
        "ct-ad_storage",
        "ct-ad_user_data",
        "ct-ad_personalization",
        "ct-analytics_storage",
        "ct-functionality_storage",
        "ct-personalization_storage",
        "ct-security_storage",
        "corner-bottom-start",
        "corner-bottom-end",
        "corner-top-start",
        "corner-top-end",
        "model-opt-in",
        "model-opt-out",
    ];
    for key in made {
        assert!(english.contains_key(key), "{key}");
    }
}

/// The Rust files under `dir`, in its folders too (`sections/`).
fn sources(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("builder/src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}
