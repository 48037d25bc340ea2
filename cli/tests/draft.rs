//! The verdict, the drafted config and the merge into a config a person wrote, from
//! observations made up here (no browser).

use consent_gate::core::config::Config;
use consent_gate_cli::draft::{declaration, draft, merge, service_id, to_text};
use consent_gate_cli::ocd::{Category, Database};
use consent_gate_cli::report::{Report, Source};
use consent_gate_cli::scan::{
    ConsentGateOnPage, Observations, Phase, SeenCookie, SeenRequest, Visit,
};
use serde_json::{Value, json};

const NOW: f64 = 1_800_000_000.0;
const START: &str = "https://www.shop.example/";

fn cookie(name: &str, domain: &str, days: f64) -> SeenCookie {
    SeenCookie {
        name: name.into(),
        domain: domain.into(),
        path: "/".into(),
        expires: Some(NOW + days * 86_400.0),
        http_only: false,
        secure: true,
    }
}

fn request(url: &str) -> SeenRequest {
    let host = url::Url::parse(url).unwrap().host_str().unwrap().to_owned();
    SeenRequest {
        url: url.into(),
        host,
        kind: "Script".into(),
    }
}

/// A shop that loads GA4, Tag Manager and the Facebook pixel itself, before any choice.
fn leaky() -> Observations {
    Observations {
        start: START.into(),
        site: "shop.example".into(),
        visits: vec![
            Visit {
                url: START.into(),
                phase: Phase::BeforeConsent,
                status: Some(200),
                cookies: vec![
                    cookie("_ga", ".shop.example", 400.0),
                    cookie("_ga_AB12CD34", ".shop.example", 400.0),
                    cookie("_fbp", ".shop.example", 90.0),
                    cookie("basket", "www.shop.example", 1.0),
                    cookie("IDE", ".doubleclick.net", 390.0),
                ],
                storage: vec!["_hjSessionUser_123".into()],
                requests: vec![
                    request("https://www.shop.example/app.js"),
                    request("https://www.googletagmanager.com/gtag/js?id=G-AB12CD34"),
                    request("https://www.googletagmanager.com/gtm.js?id=GTM-XY12Z"),
                    request("https://connect.facebook.net/en_US/fbevents.js"),
                    request("https://cdn.example-fonts.test/font.woff2"),
                ],
            },
            Visit {
                url: "https://www.shop.example/about".into(),
                phase: Phase::BeforeConsent,
                status: Some(200),
                cookies: vec![cookie("_ga", ".shop.example", 400.0)],
                storage: vec![],
                requests: vec![request("https://connect.facebook.net/en_US/fbevents.js")],
            },
        ],
        consent_gate: ConsentGateOnPage::default(),
        skipped: vec![],
    }
}

fn report(obs: &Observations, config: Option<&Config>) -> Report {
    Report::build(obs, Database::embedded(), config, NOW)
}

#[test]
fn the_verdict_names_what_needed_consent() {
    let r = report(&leaky(), None);
    assert_eq!(r.exit_code(), 2);
    let names: Vec<(&str, &str, Option<&str>)> = r
        .before_consent
        .cookies
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.classification.category_name(),
                c.classification.platform.as_deref(),
            )
        })
        .collect();
    assert!(names.contains(&("_ga", "Analytics", Some("Google Analytics"))));
    assert!(names.contains(&("_fbp", "Marketing", Some("Facebook"))));
    assert!(names.contains(&("basket", "Unknown", None)));
    let ida = r
        .before_consent
        .cookies
        .iter()
        .find(|c| c.name == "IDE")
        .unwrap();
    assert_eq!(ida.party.name(), "third");
    assert_eq!(ida.lifetime, "13 months");
    assert!(r.verdict.problems.contains(
        &"cookie _fbp on .shop.example (Marketing, Facebook) was set before consent".to_string()
    ));
    assert!(
        r.verdict.problems.contains(
            &"connect.facebook.net (Marketing, Facebook) was requested before consent, 2 times"
                .to_string()
        )
    );
    assert!(
        !r.verdict.problems.iter().any(|p| p.contains("basket")),
        "unknown names are notes, not problems"
    );
    assert!(
        r.verdict.notes[0].contains("basket"),
        "{:?}",
        r.verdict.notes
    );
    assert!(
        !r.before_consent
            .requests
            .iter()
            .any(|q| q.host == "www.shop.example"),
        "first-party requests are not listed"
    );
    let font = r
        .before_consent
        .requests
        .iter()
        .find(|q| q.host == "cdn.example-fonts.test")
        .unwrap();
    assert!(
        !font.problem,
        "an unknown third party is listed, not judged"
    );
    assert_eq!(r.before_consent.google_tags, ["G-AB12CD34", "GTM-XY12Z"]);
}

#[test]
fn only_strictly_necessary_things_are_clean() {
    let obs = Observations {
        visits: vec![Visit {
            url: START.into(),
            phase: Phase::BeforeConsent,
            status: Some(200),
            cookies: vec![cookie("XSRF-TOKEN", "www.shop.example", 1.0)],
            storage: vec!["consent-gate".into()],
            requests: vec![],
        }],
        ..leaky()
    };
    let r = report(&obs, None);
    assert_eq!(r.verdict.problems, Vec::<String>::new());
    assert_eq!(r.exit_code(), 0);
    assert_eq!(
        r.before_consent.cookies[0].classification.category,
        Some(Category::Security)
    );
}

#[test]
fn the_config_decides_for_the_names_it_declares() {
    let config = Config::parse(
        r#"{"categories": {
          "necessary": {"required": true, "title": "N", "description": "N.",
            "services": {"shop": {"title": "Shop", "cookies": [{"name": "basket"}]}}},
          "functional": {"title": "F", "description": "F.",
            "services": {"chat": {"title": "Chat", "localStorage": ["^_hjSession"]}}}
        }}"#,
    )
    .unwrap();
    let r = report(&leaky(), Some(&config));
    let basket = r
        .before_consent
        .cookies
        .iter()
        .find(|c| c.name == "basket")
        .unwrap();
    assert_eq!(basket.classification.source, Source::Config);
    assert_eq!(basket.declared.as_deref(), Some("shop (necessary)"));
    assert!(!basket.problem);
    let key = &r.before_consent.storage[0];
    assert_eq!(key.declared.as_deref(), Some("chat (functional)"));
    assert!(
        key.problem,
        "declared as needing consent, and written before it"
    );
}

#[test]
fn the_draft_is_a_valid_config_with_what_was_found() {
    let r = report(&leaky(), None);
    let d = draft(&r, None);
    let text = to_text(&d.config);
    let config = Config::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(
        config
            .categories
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["necessary", "functional", "analytics", "marketing"]
    );
    let c = &d.config["categories"];
    assert_eq!(c["necessary"]["required"], json!(true));
    let ga = &c["analytics"]["services"]["google-analytics"];
    assert_eq!(ga["title"], json!("Google Analytics"));
    assert_eq!(ga["provider"], json!("Google"));
    assert_eq!(
        ga["cookies"],
        json!([
            {"name": "_ga", "lifetime": "2 years", "description": "ID used to identify users"},
            {"name": "^_ga_", "lifetime": "2 years", "description": "ID used to identify users"}
        ])
    );
    let fb = &c["marketing"]["services"]["facebook"];
    assert_eq!(fb["cookies"][0]["name"], json!("_fbp"));
    assert_eq!(fb["cookies"][0]["lifetime"], json!("4 months"));
    assert!(c["marketing"]["services"]["doubleclick-google-marketing"].is_object());
    assert_eq!(
        c["functional"]["services"]["hotjar"]["localStorage"],
        json!(["^_hjSessionUser_"])
    );
    assert_eq!(
        d.config["google"],
        json!({"measurementId": "G-AB12CD34", "containerId": "GTM-XY12Z"})
    );
    assert_eq!(d.left_out, ["cookie basket"]);
}

#[test]
fn google_tags_seen_only_after_accept_are_already_managed() {
    let mut obs = leaky();
    for v in &mut obs.visits {
        v.requests.retain(|r| !r.host.contains("google"));
    }
    obs.visits.push(Visit {
        url: START.into(),
        phase: Phase::AfterAccept,
        status: Some(200),
        cookies: vec![],
        storage: vec![],
        requests: vec![request(
            "https://www.googletagmanager.com/gtag/js?id=G-AB12CD34",
        )],
    });
    let r = report(&obs, None);
    assert_eq!(r.after_accept.as_ref().unwrap().google_tags, ["G-AB12CD34"]);
    assert!(draft(&r, None).config.get("google").is_none());
}

const WRITTEN: &str = r#"{
  "revision": 3,
  "policy": { "url": "/privacy.md" },
  "categories": {
    "necessary": { "required": true, "title": "Unbedingt nötig", "description": "Damit die Seite läuft." },
    "analytics": { "title": "Statistik", "description": "Wie die Seite genutzt wird.",
      "services": { "ga4": { "title": "Google Analytics", "provider": "Google Ireland",
        "cookies": [ { "name": "^_ga", "lifetime": "2 Jahre", "description": "Unterscheidet Besucher." } ] } } }
  },
  "google": { "measurementId": "G-OLD1234" }
}"#;

#[test]
fn a_merge_adds_only_what_is_missing() {
    let existing_value: Value = serde_json::from_str(WRITTEN).unwrap();
    let existing = Config::parse(WRITTEN).unwrap();
    let r = report(&leaky(), Some(&existing));
    let d = draft(&r, Some(&existing));
    let merged = merge(&existing_value, &d.config).unwrap();
    let text = to_text(&merged);
    Config::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));

    // Everything the person wrote is there, unchanged and in its order.
    for key in ["revision", "policy"] {
        assert_eq!(merged[key], existing_value[key]);
    }
    let keys: Vec<&String> = merged["categories"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["necessary", "analytics", "functional", "marketing"]);
    assert_eq!(
        merged["categories"]["necessary"],
        existing_value["categories"]["necessary"]
    );
    assert_eq!(
        merged["categories"]["analytics"], existing_value["categories"]["analytics"],
        "`^_ga` already covers _ga and _ga_AB12CD34: nothing to add"
    );
    // Google: the written measurement ID stays, the missing container is added.
    assert_eq!(
        merged["google"],
        json!({"measurementId": "G-OLD1234", "containerId": "GTM-XY12Z"})
    );
    // New purposes arrive with their services.
    assert_eq!(
        merged["categories"]["marketing"]["services"]["facebook"]["cookies"][0]["name"],
        json!("_fbp")
    );
    // Merging again changes nothing.
    let again_config = Config::parse(&text).unwrap();
    let again = draft(&report(&leaky(), Some(&again_config)), Some(&again_config));
    assert_eq!(merge(&merged, &again.config).unwrap(), merged);
}

#[test]
fn a_merge_adds_cookies_to_a_service_of_the_same_id() {
    let written = r#"{"categories": {
      "ads": {"title": "Werbung", "description": "Anzeigen.",
        "services": {"facebook": {"title": "Meta Pixel", "cookies": [{"name": "fr", "lifetime": "90 Tage"}]}}}
    }}"#;
    let value: Value = serde_json::from_str(written).unwrap();
    let existing = Config::parse(written).unwrap();
    let d = draft(&report(&leaky(), Some(&existing)), Some(&existing));
    let merged = merge(&value, &d.config).unwrap();
    let fb = &merged["categories"]["ads"]["services"]["facebook"];
    assert_eq!(fb["title"], json!("Meta Pixel"), "the person's title wins");
    assert_eq!(
        fb["cookies"][0],
        json!({"name": "fr", "lifetime": "90 Tage"})
    );
    assert_eq!(fb["cookies"][1]["name"], json!("_fbp"));
    assert!(
        merged["categories"]["marketing"]["services"]
            .get("facebook")
            .is_none()
    );
    Config::parse(&to_text(&merged)).unwrap();
}

#[test]
fn merging_into_something_else_is_refused() {
    assert_eq!(
        merge(&json!([1, 2]), &json!({})).unwrap_err(),
        "the existing config is not a JSON object"
    );
}

#[test]
fn names_become_declarations() {
    assert_eq!(declaration("_ga", false), "_ga");
    assert_eq!(declaration("_ga_", true), "^_ga_");
    assert_eq!(
        declaration(".AspNetCore.Antiforgery.", true),
        "^\\.AspNetCore\\.Antiforgery\\."
    );
    assert_eq!(declaration("^odd$", false), "^\\^odd\\$$");
    for (name, prefix, sample) in [
        (
            ".AspNetCore.Antiforgery.",
            true,
            ".AspNetCore.Antiforgery.x1",
        ),
        ("^odd$", false, "^odd$"),
        ("a*b", true, "a*bc"),
    ] {
        let p =
            consent_gate::core::cookies::NamePattern::parse(&declaration(name, prefix)).unwrap();
        assert!(p.matches(sample), "{name}");
    }
    assert_eq!(service_id("Google Analytics"), "google-analytics");
    assert_eq!(
        service_id("DoubleClick/Google Marketing"),
        "doubleclick-google-marketing"
    );
    assert_eq!(service_id("1&1"), "s-1-1");
}
