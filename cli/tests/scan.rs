//! `consent-gate scan` end to end: real headless Chromium on sites served by this test
//! process on 127.0.0.1. Skipped, with the reason printed, only when /usr/bin/chromium is
//! absent.
//!
//! No request leaves the machine: Chromium's resolver maps the one "third party" the leaky
//! site uses (www.googletagmanager.com) to the local server and every other name to nothing.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const LEAKY_HOME: &str = r#"<!doctype html><html lang="en"><head><title>Leaky shop</title>
<script>document.cookie = "_ga=GA1.1.123456.789; path=/; max-age=63072000";</script>
<script>document.cookie = "_fbp=fb.1.123456.789; path=/; max-age=7776000";</script>
<script src="http://www.googletagmanager.com/gtag/js?id=G-TEST1234"></script>
</head><body><h1>Leaky shop</h1>
<a href="/about.html">About</a> <a href="/gone.html">Gone</a> <a href="/menu.pdf">Menu (PDF)</a> <a href="https://elsewhere.test/">Elsewhere</a>
</body></html>"#;

const LEAKY_ABOUT: &str = r#"<!doctype html><html lang="en"><head><title>About</title>
<script>localStorage.setItem("_hjSessionUser_42", "{}");</script>
</head><body><a href="/">Home</a></body></html>"#;

fn leaky_site() -> Site {
    Site::serve(
        vec![
            ("/", html(LEAKY_HOME)),
            ("/about.html", html(LEAKY_ABOUT)),
            ("/gtag/js", js("/* a stand-in for gtag.js */")),
            ("/data.json", json("{\"not\": \"a page\"}")),
            ("/hang", Reply::Hang),
        ],
        None,
    )
}

/// Chromium resolves the tag host to the local site and nothing else at all.
fn resolver(site: &Site) -> String {
    format!(
        "--chromium-arg=--host-resolver-rules=MAP www.googletagmanager.com 127.0.0.1:{},MAP * ~NOTFOUND,EXCLUDE 127.0.0.1",
        site.port
    )
}

const CG_HOME: &str = r#"<!doctype html><html lang="en"><head><title>Good shop</title>
<script src="/consent-gate/consent-gate.js" data-config="/config.json" async></script>
</head><body><h1>Good shop</h1><a href="/about.html">About</a>
<script type="text/plain" data-consent="analytics">document.cookie="_ga=GA1.1.1.1; path=/"</script>
</body></html>"#;

const CG_ABOUT: &str = r#"<!doctype html><html lang="en"><head><title>About</title>
<script src="/consent-gate/consent-gate.js" data-config="/config.json" async></script>
</head><body><a href="/">Home</a></body></html>"#;

const CG_CONFIG: &str = r#"{
  "categories": {
    "necessary": { "required": true, "title": "Strictly necessary", "description": "Needed for the site to work." },
    "analytics": { "title": "Analytics", "description": "How the site is used.",
      "services": { "ga4": { "title": "Google Analytics", "provider": "Google",
        "cookies": [ { "name": "_ga", "lifetime": "2 years", "description": "Distinguishes visitors." } ] } } }
  }
}"#;

fn dist() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist/consent-gate");
    assert!(
        dir.join("consent-gate.js").is_file(),
        "{} is missing: build ConsentGate first (trunk build --release)",
        dir.display()
    );
    dir
}

fn consent_gate_site() -> Site {
    Site::serve(
        vec![
            ("/", html(CG_HOME)),
            ("/about.html", html(CG_ABOUT)),
            ("/config.json", json(CG_CONFIG)),
        ],
        Some(("/consent-gate/", dist())),
    )
}

fn parse(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(out), stderr(out)))
}

fn find<'a>(list: &'a Value, key: &str, value: &str) -> Option<&'a Value> {
    list.as_array()?.iter().find(|v| v[key] == value)
}

#[track_caller]
fn only_files(dir: &Path, expected: &[&str]) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, expected);
}

#[test]
fn a_leaky_site_is_named_classified_and_exits_2() {
    if !chromium_or_skip("a_leaky_site_is_named_classified_and_exits_2") {
        return;
    }
    let _one = browser_lock();
    let site = leaky_site();
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "scan",
            &site.url("/"),
            "--json",
            "--write-config",
            "draft.json",
            &resolver(&site),
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let report = parse(&out);
    let before = &report["before_consent"];

    let ga = find(&before["cookies"], "name", "_ga").expect("_ga found");
    assert_eq!(ga["classification"]["category"], "Analytics");
    assert_eq!(ga["classification"]["platform"], "Google Analytics");
    assert_eq!(ga["party"], "first");
    assert_eq!(ga["problem"], true);
    let fbp = find(&before["cookies"], "name", "_fbp").expect("_fbp found");
    assert_eq!(fbp["classification"]["category"], "Marketing");
    assert_eq!(fbp["classification"]["platform"], "Facebook");
    assert_eq!(fbp["problem"], true);

    let key = find(&before["storage"], "key", "_hjSessionUser_42").expect("storage key found");
    assert_eq!(key["classification"]["platform"], "Hotjar");
    assert_eq!(key["first_seen"], site.url("/about.html"));

    let gtm = find(&before["requests"], "host", "www.googletagmanager.com").expect("request");
    assert_eq!(gtm["tracker"], "Google Tag Manager");
    assert_eq!(gtm["problem"], true);
    assert_eq!(before["google_tags"], serde_json::json!(["G-TEST1234"]));

    let pages: Vec<&str> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        pages,
        [site.url("/"), site.url("/about.html")],
        "same-site HTML pages only"
    );
    assert!(
        report["after_accept"].is_null(),
        "no ConsentGate, no second phase"
    );
    let problems = report["verdict"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 4, "{problems:?}");

    // The draft: the only file written, and `check` accepts it.
    only_files(dir.path(), &["draft.json"]);
    assert!(
        stderr(&out).contains("consent-gate: wrote draft.json"),
        "{}",
        stderr(&out)
    );
    let check = run_in(dir.path(), &["check", "draft.json"]);
    assert_eq!(stdout(&check), "ok: 4 categories, 3 services\n");
    assert_eq!(code(&check), 0);
    let draft: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("draft.json")).unwrap())
            .unwrap();
    assert_eq!(draft["google"]["measurementId"], "G-TEST1234");
    assert_eq!(
        draft["categories"]["marketing"]["services"]["facebook"]["cookies"][0]["name"],
        "_fbp"
    );
    assert_eq!(
        draft["categories"]["analytics"]["services"]["google-analytics"]["cookies"][0]["lifetime"],
        "2 years"
    );
}

#[test]
fn the_terminal_report_is_a_table_and_markdown_on_request() {
    if !chromium_or_skip("the_terminal_report_is_a_table_and_markdown_on_request") {
        return;
    }
    let _one = browser_lock();
    let site = leaky_site();
    let out = run(&["scan", &site.url("/"), "--pages", "1", &resolver(&site)]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    let ga = text
        .lines()
        .find(|l| l.contains(" _ga "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(ga.contains("Analytics") && ga.contains("Google Analytics") && ga.starts_with("  !"));
    let fbp = text.lines().find(|l| l.contains(" _fbp ")).unwrap();
    assert!(fbp.contains("Marketing") && fbp.contains("Facebook"));
    assert!(text.contains("(exit status 2)"));
    assert_eq!(
        stderr(&out),
        "",
        "no progress bar when stderr is not a terminal"
    );

    let out = run(&[
        "scan",
        &site.url("/"),
        "--pages",
        "1",
        "--markdown",
        &resolver(&site),
    ]);
    let md = stdout(&out);
    assert!(md.starts_with(&format!("# ConsentGate scan of {}\n", site.url("/"))));
    assert!(
        md.contains("| ! | _ga | Analytics | Google Analytics | first |"),
        "{md}"
    );
}

#[test]
fn a_scan_merges_into_an_existing_config_without_losing_it() {
    if !chromium_or_skip("a_scan_merges_into_an_existing_config_without_losing_it") {
        return;
    }
    let _one = browser_lock();
    let site = leaky_site();
    let dir = tempfile::tempdir().unwrap();
    let written = r#"{
  "revision": 4,
  "categories": {
    "necessary": { "required": true, "title": "Nötig", "description": "Für die Seite." },
    "analytics": { "title": "Statistik", "description": "Nutzung.",
      "services": { "ga4": { "title": "Google Analytics", "cookies": [ { "name": "^_ga", "lifetime": "2 Jahre" } ] } } }
  }
}"#;
    std::fs::write(dir.path().join("config.json"), written).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "scan",
            &site.url("/"),
            "--config",
            "config.json",
            "--write-config",
            "config.json",
            &resolver(&site),
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    only_files(dir.path(), &["config.json"]);
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("config.json")).unwrap())
            .unwrap();
    let before: Value = serde_json::from_str(written).unwrap();
    assert_eq!(merged["revision"], 4);
    assert_eq!(
        merged["categories"]["necessary"],
        before["categories"]["necessary"]
    );
    assert_eq!(
        merged["categories"]["analytics"]["services"],
        before["categories"]["analytics"]["services"]
    );
    assert_eq!(
        merged["categories"]["marketing"]["services"]["facebook"]["cookies"][0]["name"],
        "_fbp"
    );
    assert_eq!(merged["google"]["measurementId"], "G-TEST1234");
    let check = run_in(dir.path(), &["check", "config.json"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
    // The table says which service of the config declares _ga.
    assert!(stdout(&out).contains("ga4 (analytics)"), "{}", stdout(&out));
}

#[test]
fn a_site_with_consent_gate_is_clean_and_accepting_sets_what_it_declares() {
    if !chromium_or_skip("a_site_with_consent_gate_is_clean_and_accepting_sets_what_it_declares") {
        return;
    }
    let _one = browser_lock();
    let site = consent_gate_site();
    let out = run(&["scan", &site.url("/"), "--json"]);
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    let report = parse(&out);
    let cg = &report["consent_gate"];
    assert_eq!(cg["found"], true);
    assert_eq!(cg["started"], true);
    assert_eq!(cg["accepted"], true, "{cg}");
    assert_eq!(cg["config_url"], site.url("/config.json"));
    assert!(cg["config_errors"].is_null());

    let before = &report["before_consent"];
    assert_eq!(
        before["cookies"],
        serde_json::json!([]),
        "nothing before consent"
    );
    assert_eq!(report["verdict"]["problems"], serde_json::json!([]));

    let after = &report["after_accept"];
    let ga = find(&after["cookies"], "name", "_ga").expect("_ga after accept");
    assert_eq!(ga["declared"], "ga4 (analytics)");
    assert_eq!(ga["classification"]["category"], "Analytics");
    assert_eq!(ga["classification"]["source"], "config");
    let record = find(&after["storage"], "key", "consent-gate").expect("the choice is stored");
    assert_eq!(record["classification"]["category"], "Necessary");
    let phases: Vec<&str> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phase"].as_str().unwrap())
        .collect();
    assert_eq!(
        phases,
        [
            "before-consent",
            "before-consent",
            "after-accept",
            "after-accept"
        ]
    );
    assert_eq!(
        report["verdict"]["notes"],
        serde_json::json!([]),
        "every cookie is declared"
    );
}

#[track_caller]
fn one_line(out: &std::process::Output, expected: &str) {
    assert_eq!(code(out), 1, "{}", stdout(out));
    assert_eq!(stderr(out), format!("consent-gate: {expected}\n"));
    assert_eq!(stdout(out), "");
}

#[test]
fn bad_input_is_one_clear_line_and_exit_1() {
    // These need no browser.
    let dir = tempfile::tempdir().unwrap();
    one_line(
        &run(&[
            "scan",
            "http://127.0.0.1:9/",
            "--chromium",
            "/nonexistent/chromium",
        ]),
        "Chromium was not found at /nonexistent/chromium (install Debian's `chromium`, or pass --chromium PATH)",
    );
    one_line(
        &run(&["scan", "ftp://example.com/"]),
        "\"ftp://example.com/\" is not an http(s) URL (scan a site by its address, e.g. https://example.com/)",
    );
    one_line(
        &run_in(
            dir.path(),
            &[
                "scan",
                "http://127.0.0.1:9/",
                "--write-config",
                "no/such/draft.json",
            ],
        ),
        "cannot write no/such/draft.json: the folder no/such does not exist",
    );
    std::fs::write(dir.path().join("bad.json"), "{\"categories\": {}}").unwrap();
    let out = run_in(
        dir.path(),
        &["scan", "http://127.0.0.1:9/", "--config", "bad.json"],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "consent-gate: --config bad.json is not a valid config; the browser logs:\n\
         ConsentGate: config field `categories`: must name at least one category\n\
         ConsentGate is inactive: nothing that needs consent will load.\n"
    );

    if !chromium_or_skip("bad_input_is_one_clear_line_and_exit_1 (browser part)") {
        return;
    }
    let _one = browser_lock();
    let site = leaky_site();
    let refused = format!("http://127.0.0.1:{}/", closed_port());
    let out = run_in(
        dir.path(),
        &["scan", &refused, "--write-config", "draft.json"],
    );
    one_line(
        &out,
        &format!("could not reach {refused}: net::ERR_CONNECTION_REFUSED"),
    );
    only_files(dir.path(), &["bad.json"]);

    one_line(
        &run(&["scan", &site.url("/hang"), "--timeout", "2"]),
        &format!(
            "{} did not finish loading within 2 s (raise --timeout to wait longer)",
            site.url("/hang")
        ),
    );
    one_line(
        &run(&["scan", &site.url("/data.json")]),
        &format!(
            "{} is not an HTML page (it is application/json); scan a page of the site",
            site.url("/data.json")
        ),
    );
    one_line(
        &run(&["scan", &site.url("/missing.html")]),
        &format!(
            "{} answered HTTP 404; scan a page that exists",
            site.url("/missing.html")
        ),
    );
}
