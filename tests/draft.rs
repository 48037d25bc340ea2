//! The config drafted from a scan report (`core::draft`), as the config builder makes it from
//! the report's JSON: the report in `tests/fixtures/scan-report.json` was written by the real
//! `consent-gate scan --json` of `tests/fixtures/scan-site/` (docs/builder.md).
#![cfg(all(not(target_arch = "wasm32"), feature = "builder"))] // native tests of the pure core

use consent_gate::core::config::Config;
use consent_gate::core::draft::{Purpose, Scan, declaration, draft, service_id};
use consent_gate::core::json::Json;

fn report() -> Json {
    Json::parse(include_str!("fixtures/scan-report.json")).expect("the fixture is JSON")
}

#[test]
fn a_scan_report_becomes_a_valid_config_with_what_was_found() {
    let doc = report();
    assert!(Scan::is_report(&doc));
    let scan = Scan::from_json(&doc).expect("the report reads");
    let drafted = draft(&scan, None);
    let config = Config::from_json(&drafted.config).expect("the draft is a valid config");
    let ids: Vec<&str> = config.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["necessary", "functional", "analytics", "marketing"]);
    assert!(config.category("necessary").is_some_and(|c| c.required));
    assert!(config.category("analytics").is_some_and(|c| !c.required));
    let (_, ga) = config.service("google-analytics").expect("GA is a service");
    let names: Vec<String> = ga
        .cookies
        .iter()
        .map(|c| c.name.as_str().to_owned())
        .collect();
    assert_eq!(names, ["_ga", "^_ga_"]);
    assert_eq!(
        config.google.measurement_id.as_ref().map(|t| t.as_str()),
        Some("G-KISSA2026")
    );
    // Names the database does not know (the site's own): left for the person.
    assert_eq!(
        drafted.left_out,
        ["cookie csrftoken", "cookie teapot_basket"]
    );
}

#[test]
fn the_draft_is_written_as_the_command_writes_it() {
    let scan = Scan::from_json(&report()).expect("the report reads");
    let text = draft(&scan, None).config.pretty();
    assert!(text.starts_with("{\n  \"categories\": {\n    \"necessary\": {\n"));
    assert_eq!(Json::parse(&text), Ok(draft(&scan, None).config));
}

#[test]
fn names_an_existing_config_declares_are_not_drafted_again() {
    let scan = Scan::from_json(&report()).expect("the report reads");
    let existing = Config::parse(
        r#"{"categories": {"stats": {"title": "Stats", "description": "Counting.",
            "services": {"ga": {"title": "GA", "cookies": [{"name": "^_ga"}]}}}}}"#,
    )
    .expect("valid");
    let drafted = draft(&scan, Some(&existing));
    assert!(!drafted.config.pretty().contains("\"_ga\""));
    assert!(drafted.config.pretty().contains("_fbp"));
}

#[test]
fn a_file_that_is_not_a_report_is_refused_naming_the_field() {
    let config = Json::parse(r#"{"categories": {}}"#).expect("json");
    assert!(!Scan::is_report(&config));
    let err = Scan::from_json(&config).expect_err("not a report");
    assert_eq!(err.path, "before_consent");
    let bad = Json::parse(
        r#"{"before_consent": {"cookies": [{"name": "_ga", "classification": {"category": "Tracking"}}]}}"#,
    )
    .expect("json");
    let err = Scan::from_json(&bad).expect_err("unknown category");
    assert_eq!(
        err.path,
        "before_consent.cookies[0].classification.category"
    );
    assert!(err.message.contains("\"Tracking\""), "{}", err.message);
}

#[test]
fn names_and_ids_are_written_as_a_config_needs_them() {
    assert_eq!(declaration("_ga_", true), "^_ga_");
    assert_eq!(declaration("a.b", true), "^a\\.b");
    assert_eq!(declaration("^odd$", false), "^\\^odd\\$$");
    assert_eq!(service_id("Google Analytics"), "google-analytics");
    assert_eq!(service_id("1Password"), "s-1password");
    assert_eq!(Purpose::from_name(" analytics "), Some(Purpose::Analytics));
}
