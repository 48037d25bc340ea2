//! The config builder's decisions (`core::builder`): edits land where the config reader looks,
//! its errors reach the field they name, texts per language, the contrast shown live, export.
#![cfg(all(not(target_arch = "wasm32"), feature = "builder"))] // native tests of the pure core

use consent_gate::core::builder::{
    belongs, contrasts, export, field_name, get_str, head_tags, move_entry, other_keys, path,
    problems, set, text_field, text_in, with_other_keys, with_text,
};
use consent_gate::core::config::Config;
use consent_gate::core::json::Json;

fn doc(text: &str) -> Json {
    Json::parse(text).expect("json")
}

const SHOP: &str = r#"{"categories": {
    "necessary": {"title": "Necessary", "description": "Needed.", "required": true},
    "analytics": {"title": "Analytics", "description": "Counting."}}}"#;

#[test]
fn an_edit_writes_where_the_reader_reads_and_a_cleared_field_goes() {
    let mut d = doc(SHOP);
    set(
        &mut d,
        &path("categories.analytics.services.ga4.title"),
        Some(Json::String("GA4".into())),
    );
    set(
        &mut d,
        &path("categories.analytics.services.ga4.cookies"),
        Some(Json::Array(vec![])),
    );
    set(
        &mut d,
        &path("categories.analytics.services.ga4.cookies.0"),
        Some(doc(r#"{"name": "_ga"}"#)),
    );
    let config = Config::from_json(&d).expect("valid");
    assert_eq!(config.service("ga4").expect("added").1.cookies.len(), 1);
    set(
        &mut d,
        &path("categories.analytics.services.ga4.cookies.0"),
        None,
    );
    assert_eq!(
        get_str(&d, &path("categories.analytics.services.ga4.title")),
        "GA4"
    );
    assert!(
        d.pretty().find("cookies").is_none(),
        "an emptied list is removed"
    );
    set(
        &mut d,
        &path("google.measurementId"),
        Some(Json::String("G-ABC123".into())),
    );
    set(&mut d, &path("google.measurementId"), None);
    assert!(d.field("google").is_none(), "an emptied object is removed");
}

#[test]
fn categories_move_in_the_order_the_banner_shows() {
    let mut d = doc(SHOP);
    move_entry(&mut d, &path("categories"), "analytics", true);
    let config = Config::from_json(&d).expect("valid");
    assert_eq!(config.categories[0].id, "analytics");
    move_entry(&mut d, &path("categories"), "analytics", true);
    assert_eq!(
        Config::from_json(&d).expect("valid").categories[0].id,
        "analytics"
    );
}

#[test]
fn the_readers_errors_reach_the_field_they_name() {
    let mut d = doc(SHOP);
    set(
        &mut d,
        &path("categories.analytics.services.ga4.title"),
        Some(Json::String("GA4".into())),
    );
    set(
        &mut d,
        &path("categories.analytics.services.ga4.cookies"),
        Some(doc(r#"[{"name": ""}]"#)),
    );
    let found = problems(&d);
    assert_eq!(found.len(), 1, "{found:?}");
    let name = field_name(&path("categories.analytics.services.ga4.cookies.0.name"));
    assert_eq!(name, "categories.analytics.services.ga4.cookies[0].name");
    assert!(belongs(&found[0], &name));
    assert!(!belongs(&found[0], "categories.analytics.services.ga"));
    // In the words `consent-gate check` prints.
    assert!(
        found[0]
            .to_string()
            .starts_with(&format!("config field `{name}`: "))
    );
}

#[test]
fn texts_become_per_language_once_the_site_has_two() {
    let en = vec!["en".to_owned()];
    let both = vec!["en".to_owned(), "de".to_owned()];
    let plain = with_text(None, "en", "Analytics", &en).expect("text");
    assert_eq!(plain, Json::String("Analytics".into()));
    let german = with_text(Some(&plain), "de", "Analyse", &both).expect("text");
    assert_eq!(german, doc(r#"{"en": "Analytics", "de": "Analyse"}"#));
    assert_eq!(text_in(Some(&german), "de"), "Analyse");
    assert_eq!(text_in(Some(&plain), "de"), "Analytics");
    assert_eq!(
        with_text(Some(&doc(r#"{"de": "x"}"#)), "de", "", &both),
        None
    );
    // The German field of a plain (English) text is empty, the English one its placeholder.
    let field = |value: &Json, lang: &str| text_field(Some(value), lang, &both);
    assert_eq!(field(&plain, "de"), (String::new(), "Analytics".to_owned()));
    assert_eq!(field(&plain, "en"), ("Analytics".to_owned(), String::new()));
    assert_eq!(field(&german, "de"), ("Analyse".to_owned(), String::new()));
}

#[test]
fn contrast_is_shown_as_the_reader_judges_it() {
    let mut d = doc(SHOP);
    set(
        &mut d,
        &path("theme.colors.text"),
        Some(Json::String("#999999".into())),
    );
    let text = &contrasts(&d, false)[0];
    assert_eq!(
        (text.ratio.as_str(), text.minimum, text.passes),
        ("2.85", "4.5", false)
    );
    let found = problems(&d);
    assert!(
        found.iter().any(|p| belongs(p, "theme.colors.text")),
        "{found:?}"
    );
    set(
        &mut d,
        &path("theme.colors.text"),
        Some(Json::String("#222222".into())),
    );
    assert!(contrasts(&d, false).iter().all(|c| c.passes));
    assert!(problems(&d).is_empty());
}

#[test]
fn the_export_names_the_schema_and_the_tags_carry_the_integrity() {
    let text = export(&doc(SHOP));
    assert!(
        text.starts_with(
            "{\n  \"$schema\": \"/consent-gate/config.schema.json\",\n  \"categories\""
        )
    );
    assert!(text.ends_with("}\n"));
    assert!(Config::parse(&text).is_ok());
    let tags = head_tags("sha384-abc");
    assert!(tags.contains(r#"integrity="sha384-abc" crossorigin="anonymous""#));
    assert!(tags.starts_with(r#"<link rel="preload" href="/consent-gate/config.json""#));
}

#[test]
fn keys_without_a_form_are_edited_as_json_and_kept() {
    let d = doc(r#"{"revision": 2, "layout": "bar", "categories": {}}"#);
    assert_eq!(other_keys(&d), doc(r#"{"revision": 2}"#));
    let changed = with_other_keys(&d, &doc(r#"{"revision": 3, "expiryDays": 30}"#)).expect("ok");
    assert_eq!(
        changed,
        doc(r#"{"layout": "bar", "categories": {}, "revision": 3, "expiryDays": 30}"#)
    );
    let refused = with_other_keys(&d, &doc(r#"{"layout": "box"}"#)).expect_err("has a form");
    assert_eq!(refused.path, "layout");
}
