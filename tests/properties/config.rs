//! The config reader (`Config::parse`): every valid test config still parses, any JSON value
//! and any mutation of a valid config is read or refused with errors that name its fields,
//! and the time taken is linear in the number of services.

use std::path::PathBuf;

use crate::generators::*;
use crate::runner::*;
use consent_gate::core::config::Config;
use consent_gate::core::json::Json;
use proptest::prelude::*;
use serde_json::Value;

pub(crate) fn valid_configs() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/configs/valid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/configs/valid")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("config file");
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                text,
            )
        })
        .collect()
}

/// Whether `path` (as the reader writes it: `a.b[2].c`) names a value of `doc`, or a key
/// missing from an object that is there (`categories.x.title` when `title` is missing). Keys
/// may hold `.` or `[`, so every way of reading the path is tried.
pub(crate) fn names(doc: &Value, path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    let after = |rest: &str, inner: &Value| match rest.as_bytes().first() {
        None => true,
        Some(b'.') => names(inner, &rest[1..]),
        Some(b'[') => names(inner, rest),
        _ => false,
    };
    match doc {
        Value::Object(map) => {
            let missing_key = !path.contains(['.', '[']);
            missing_key
                || map.iter().any(|(k, v)| {
                    path.strip_prefix(k.as_str())
                        .is_some_and(|rest| after(rest, v))
                })
        }
        Value::Array(items) => path
            .strip_prefix('[')
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(i, rest)| Some((items.get(i.parse::<usize>().ok()?)?, rest)))
            .is_some_and(|(item, rest)| after(rest, item)),
        _ => false,
    }
}

/// What must hold for any config text: no panic (the runner catches one), malformed JSON is
/// one error for the whole document, and every other error names a field of the input.
pub(crate) fn check_config_text(text: &str) -> Result<Option<Config>, TestCaseError> {
    let result = Config::parse(text);
    let doc = Json::parse(text);
    let errors = match result {
        Ok(config) => {
            prop_assert!(doc.is_ok());
            return Ok(Some(config));
        }
        Err(errors) => errors.0,
    };
    prop_assert!(!errors.is_empty());
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        prop_assert_eq!(errors.len(), 1);
        prop_assert_eq!(errors[0].path.as_str(), "");
        prop_assert!(errors[0].message.starts_with("the JSON is malformed"));
        return Ok(None);
    };
    if doc.is_err() {
        // Too deep for the core's bound, which the browser shares.
        prop_assert_eq!(errors[0].path.as_str(), "");
        return Ok(None);
    }
    for e in &errors {
        prop_assert!(!e.message.is_empty());
        // (Found here and fixed: without a `google` object, a strictly necessary category
        // called `analytics` was refused at `google.category`, a field the config lacked.)
        prop_assert!(
            names(&value, &e.path),
            "error names a field that is not in the input: {e}"
        );
    }
    Ok(None)
}

#[test]
fn every_valid_config_still_parses() {
    for (name, text) in valid_configs() {
        assert!(Config::parse(&text).is_ok(), "{name}");
    }
}

#[test]
fn config_from_any_json_value() {
    check("config_from_any_json_value", 512, json_value(), |value| {
        // Mostly an object with known keys at the top, so deeper readers run too.
        check_config_text(&value.to_string())?;
        Ok(())
    });
}

#[test]
fn config_mutations_of_the_valid_configs() {
    let configs = valid_configs();
    let count = configs.len();
    check(
        "config_mutations_of_the_valid_configs",
        384,
        (0..count, prop::collection::vec(mutation(), 1..4)),
        move |(which, mutations)| {
            let (_, original) = &configs[which];
            let text = mutate_json(original, &mutations);
            let parsed = check_config_text(&text)?;
            if mutations.iter().all(|m| matches!(m, Mutation::Reformat)) {
                // The same meaning; only the text's hash (which receipts carry) differs.
                let meaning = |c: Option<Config>| {
                    c.map(|mut c| {
                        c.text_hash.clear();
                        c
                    })
                };
                prop_assert_eq!(
                    meaning(parsed),
                    meaning(Config::parse(original).ok()),
                    "reformatting changed it"
                );
            }
            Ok(())
        },
    );
}

#[test]
fn config_reader_takes_time_linear_in_the_number_of_services() {
    // (Found here and fixed: `categories()` checked each service id against every one before
    // it; in a debug build 4 000 services took 0.09 s, 32 000 took 7.4 s.)
    let config = |n: usize| {
        let services: Vec<String> = (0..n)
            .map(|i| format!(r#""s{i}":{{"title":"t"}}"#))
            .collect();
        format!(
            r#"{{"categories":{{"analytics":{{"title":"a","description":"b","services":{{{}}}}}}}}}"#,
            services.join(",")
        )
    };
    let (small, large) = (config(4000), config(32_000));
    assert!(Config::parse(&large).is_ok());
    assert_linear_time(
        "4 000 and 32 000 services",
        || assert!(Config::parse(&small).is_ok()),
        || assert!(Config::parse(&large).is_ok()),
    );
}
