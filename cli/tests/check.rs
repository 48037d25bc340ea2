//! `consent-gate check`: the browser's exact messages, the exit status, files and URLs.

mod common;

use common::*;
use consent_gate::core::config::Config;

const VALID: &str = r#"{
  "categories": {
    "necessary": { "required": true, "title": "Strictly necessary", "description": "Needed." },
    "analytics": { "title": "Analytics", "description": "Usage.",
      "services": { "ga4": { "title": "Google Analytics", "provider": "Google",
        "cookies": [ { "name": "^_ga", "lifetime": "2 years" } ] } } }
  }
}"#;

/// Two problems: an unknown key and a missing title.
const INVALID: &str = r#"{
  "categories": {
    "analytics": { "description": "Usage.", "colour": "red" }
  }
}"#;

fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    let shown = path.display().to_string();
    (dir, shown)
}

#[test]
fn a_valid_config_passes_with_a_summary() {
    let (_dir, path) = temp_file("config.json", VALID);
    let out = run(&["check", &path]);
    assert_eq!(stdout(&out), "ok: 2 categories, 1 service\n");
    assert_eq!(stderr(&out), "");
    assert_eq!(code(&out), 0);
}

#[test]
fn an_invalid_config_prints_exactly_what_the_browser_logs() {
    let (_dir, path) = temp_file("config.json", INVALID);
    let out = run(&["check", &path]);
    assert_eq!(code(&out), 1);
    // The browser's console.error (src/full/mod.rs `inactive`, prefix from src/page/log.rs).
    let errors = Config::parse(INVALID).expect_err("invalid");
    let expected = format!(
        "ConsentGate: {errors}\nConsentGate is inactive: nothing that needs consent will load.\n"
    );
    assert_eq!(stdout(&out), expected);
    // And pinned as text, so a change in either wording shows here.
    assert_eq!(
        stdout(&out),
        "ConsentGate: config field `categories.analytics.colour`: unknown field (known here: title, description, required, services, consentMode, gpc)\n\
         config field `categories.analytics.title`: missing (expected a string)\n\
         ConsentGate is inactive: nothing that needs consent will load.\n"
    );
}

#[test]
fn malformed_json_is_one_message() {
    let (_dir, path) = temp_file("config.json", "{\"categories\": ");
    let out = run(&["check", &path]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.starts_with("ConsentGate: config: the JSON is malformed: "),
        "{text}"
    );
    assert!(text.ends_with("\nConsentGate is inactive: nothing that needs consent will load.\n"));
}

#[test]
fn a_missing_file_is_one_line_naming_it() {
    let out = run(&["check", "/nonexistent/config.json"]);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "consent-gate: could not read /nonexistent/config.json: No such file or directory (os error 2)\n"
    );
}

#[test]
fn a_config_url_is_fetched_and_checked() {
    let site = Site::serve(
        vec![("/config.json", json(VALID)), ("/bad.json", json(INVALID))],
        None,
    );
    let out = run(&["check", &site.url("/config.json")]);
    assert_eq!(stdout(&out), "ok: 2 categories, 1 service\n");
    assert_eq!(code(&out), 0);

    let out = run(&["check", &site.url("/bad.json")]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("ConsentGate: config field `categories.analytics.colour`"));

    let out = run(&["check", &site.url("/missing.json")]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        format!(
            "consent-gate: could not load the config from {}: the server answered 404 Not Found\n",
            site.url("/missing.json")
        )
    );
}

#[test]
fn an_unreachable_config_url_is_one_line() {
    let url = format!("http://127.0.0.1:{}/config.json", closed_port());
    let out = run(&["check", &url]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "consent-gate: could not load the config from {url}: "
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn usage_errors_exit_1_not_2() {
    let out = run(&["check"]);
    assert_eq!(code(&out), 1, "2 is reserved for leaks");
    let out = run(&["scan", "http://127.0.0.1/", "--pages", "0"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn the_licence_notice_is_printed() {
    let out = run(&["licenses"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Open Cookie Database"));
    assert!(stdout(&out).contains("Apache License 2.0"));
    let full = run(&["licenses", "--full"]);
    assert!(stdout(&full).contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"));
    let help = run(&["--help"]);
    assert!(
        stdout(&help).contains("Open Cookie Database"),
        "{}",
        stdout(&help)
    );
}
