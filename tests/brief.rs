//! The brief the full build leaves for the gate (`core::brief`): written from a validated
//! config, read back only for the same text and version, and deciding exactly as the config
//! it came from.

#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use std::path::PathBuf;

use common::*;
use consent_gate::core::brief::{self, decode, encode, fingerprint};
use consent_gate::core::config::Config;
use consent_gate::core::consent::{Action, Origin};
use consent_gate::core::effects::Effect;
use consent_gate::core::json::Json;
use consent_gate::core::time::{DAY_MS, Timestamp};
use consent_gate::core::visit::returning;

/// Every valid config the tests know, with its text.
fn configs() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/configs/valid");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out.push((
        "www/config.json".into(),
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/config.json"))
            .unwrap(),
    ));
    out
}

/// The parts of a config a returning visit decides on.
fn decisive(c: &Config) -> String {
    let categories: Vec<String> = c
        .categories
        .iter()
        .map(|k| {
            format!(
                "{} {} {} {:?} {:?}",
                k.id,
                k.required,
                k.gpc,
                k.consent_types,
                k.services.iter().map(|s| &s.id).collect::<Vec<_>>()
            )
        })
        .collect();
    format!(
        "{} {} {:?} {:?} {} {} {:?} {:?} {:?}",
        c.revision,
        c.expiry_days,
        categories,
        c.google,
        c.reopen_button,
        c.look.reopen_position,
        c.look.theme.scheme,
        c.language,
        c.languages
    )
}

#[test]
fn every_valid_config_reads_back_from_its_brief() {
    for (name, text) in configs() {
        let config = Config::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = encode(&config, &text);
        let read = decode(&Json::parse(&written).unwrap(), &text)
            .unwrap_or_else(|| panic!("{name}: the brief does not read back:\n{written}"));
        assert_eq!(decisive(&read.config), decisive(&config), "{name}");
        assert_eq!(read.theme_css, config.look.theme.css(), "{name}");
    }
}

#[test]
fn the_gate_decides_on_the_brief_as_the_full_build_on_the_config() {
    let text = SAMPLE;
    let config = sample();
    let brief = decode(&Json::parse(&encode(&config, text)).unwrap(), text).unwrap();
    let later = Timestamp(NOW.0 + 3 * DAY_MS);
    for action in [
        Action::AcceptAll(Origin::Visitor),
        Action::RejectAll(Origin::Visitor),
    ] {
        let (mut first, _) = first_visit();
        let record = first
            .dispatch(action, env(NOW, 5))
            .into_iter()
            .find_map(|e| match e {
                Effect::Store(r) => Some(r),
                _ => None,
            })
            .unwrap();
        for gpc in [false, true] {
            assert_eq!(
                returning(&brief.config, &parsed(&record), later, gpc),
                returning(&config, &parsed(&record), later, gpc),
                "gpc {gpc}"
            );
        }
    }
}

#[test]
fn a_brief_holds_only_for_the_same_text_and_version() {
    let text = SAMPLE;
    let written = encode(&sample(), text);
    let json = Json::parse(&written).unwrap();
    assert!(decode(&json, text).is_some());
    assert!(
        decode(&json, &text.replace("\"revision\": 1", "\"revision\": 1 ")).is_none(),
        "any change to the text"
    );
    let other_version =
        written.replace(&format!("\"v\":\"{}\"", brief::VERSION), "\"v\":\"0.0.1\"");
    assert!(
        decode(&Json::parse(&other_version).unwrap(), text).is_none(),
        "another version's"
    );
    for broken in [
        written.replace("\"required\":true", "\"required\":\"yes\""),
        written.replace("\"G-TEST123\"", "\"G-TEST123&l=x\""),
        written.replace("\"analytics_storage\"", "\"analytics_storag\""),
        written.replace(
            "\"reopenPosition\":\"bottom-start\"",
            "\"reopenPosition\":\"middle\"",
        ),
        "[]".into(),
        "{}".into(),
    ] {
        assert!(
            decode(&Json::parse(&broken).unwrap(), text).is_none(),
            "{broken}"
        );
    }
    golden("brief.json", &written);
}

#[test]
fn fingerprints_tell_texts_apart() {
    assert_eq!(fingerprint(""), "cbf29ce484222325");
    assert_eq!(fingerprint("a"), "af63dc4c8601ec8c");
    assert_ne!(fingerprint(SAMPLE), fingerprint(&format!("{SAMPLE} ")));
}
