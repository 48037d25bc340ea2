//! The config builder's decisions (`core::builder`): edits land where the config reader looks,
//! its errors reach the field they name, texts per language, the contrast shown live, export.
#![cfg(all(not(target_arch = "wasm32"), feature = "builder"))] // native tests of the pure core

use consent_gate::core::builder::{
    belongs, consent_types, contrasts, export, field_name, fixed_language_choices, flag,
    flag_value, get, get_str, google_region_key, google_regions, head_tags, list_text, list_value,
    move_entry, new_rule, number_text, number_value, offers_advanced, offers_gpc, other_keys,
    other_texts, path, problems, region_types, set, text_field, text_in, unknown_key,
    with_consent_type, with_other_keys, with_region_type, with_text,
};
use consent_gate::core::config::Config;
use consent_gate::core::i18n::Text;
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
fn keys_the_reader_does_not_know_are_edited_as_json_and_kept() {
    let d = doc(r#"{"revision": 2, "langauge": "de", "layout": "bar", "categories": {}}"#);
    assert_eq!(other_keys(&d), doc(r#"{"langauge": "de"}"#));
    // The raw field replaces them: the typo fixed by removing it, another key added.
    let changed = with_other_keys(&d, &doc(r#"{"bannerColour": "red"}"#)).expect("ok");
    assert_eq!(
        changed,
        doc(r#"{"revision": 2, "layout": "bar", "categories": {}, "bannerColour": "red"}"#)
    );
    assert_eq!(problems(&changed)[0].path, "bannerColour");
    // A key the reader knows has a form, even one that was raw JSON before (`language`);
    // raw JSON cannot put something else where keys with forms are either.
    for (json, field) in [
        (r#"{"layout": "box"}"#, "layout"),
        (r#"{"language": "fr"}"#, "language"),
        (r#"{"policy": {"url": "p.md"}}"#, "policy.url"),
        (r#"{"texts": {"acceptAll": "OK"}}"#, "texts.acceptAll"),
        (r#"{"google": null}"#, "google"),
        (r#"{"theme": {"colors": "red"}}"#, "theme.colors"),
        (r#"{"texts": "Hello"}"#, "texts"),
    ] {
        let refused = with_other_keys(&d, &doc(json)).expect_err("has a form");
        assert_eq!(refused.path, field);
    }
}

#[test]
fn a_key_with_a_form_is_not_in_the_raw_json_even_inside_an_object() {
    let d = doc(
        r##"{"google": {"measurementId": "G-A1", "waitForUpdate": 800, "regions": {"US": ["analytics_storage"]}, "tagg": 1},
            "theme": {"darkColors": {"text": "#ffffff"}, "radius": 4}, "microsoft": {"uetId": "1"},
            "texts": {"bannerTitle": "Hi", "acceptAll": "Yes"}, "regions": {"rules": []},
            "language": "de", "policy": {"url": "p.md", "link": "/p"}, "texts2": {},
            "expiryDays": 30, "reloadOnWithdraw": false, "consentDomain": "example.com", "typo": 1}"##,
    );
    let mut d = d;
    set(
        &mut d,
        &path("texts.acceptAl"),
        Some(Json::String("Yes".into())),
    );
    // What the reader does not know, even among the texts and the policy, is raw JSON to be
    // fixed or removed.
    assert_eq!(
        other_keys(&d),
        doc(
            r#"{"google": {"tagg": 1}, "texts": {"acceptAl": "Yes"}, "policy": {"link": "/p"}, "texts2": {}, "typo": 1}"#
        )
    );
    // Writing the raw keys back keeps every form's keys, merged into their objects.
    let back = with_other_keys(&d, &doc(r#"{"google": {"tag": 2}}"#)).expect("ok");
    assert_eq!(get_str(&back, &path("google.measurementId")), "G-A1");
    assert_eq!(
        list_text(&back, &path("google.regions.US")),
        "analytics_storage"
    );
    assert_eq!(number_text(&back, &path("google.waitForUpdate")), "800");
    assert_eq!(get_str(&back, &path("texts.acceptAll")), "Yes");
    assert_eq!(number_text(&back, &path("google.tag")), "2");
    assert!(get(&back, &path("google.tagg")).is_none());
    assert!(get(&back, &path("typo")).is_none());
    let refused = with_other_keys(&d, &doc(r#"{"theme": {"radius": 2}}"#)).expect_err("form");
    assert_eq!(refused.path, "theme.radius");
    let refused = with_other_keys(&d, &doc(r#"{"google": {"regions": {}}}"#)).expect_err("form");
    assert_eq!(refused.path, "google.regions");
}

#[test]
fn every_interface_text_but_the_banners_own_two_has_a_field_with_its_english_text() {
    let texts = other_texts();
    assert_eq!(texts.len(), Text::ALL.len() - 2);
    assert!(
        !texts
            .iter()
            .any(|(k, _)| *k == "bannerTitle" || *k == "bannerText")
    );
    assert!(texts.contains(&("acceptAll", "Accept all")));
    // A text written in one field is the override the reader takes; a wrong placeholder is
    // named at that text's field.
    let mut d = doc(SHOP);
    set(
        &mut d,
        &path("texts.acceptAll"),
        Some(Json::String("Sure".into())),
    );
    assert!(problems(&d).is_empty(), "{:?}", problems(&d));
    set(
        &mut d,
        &path("texts.placeholderText"),
        Some(Json::String("{nonsense}".into())),
    );
    assert!(
        problems(&d)
            .iter()
            .any(|p| belongs(p, "texts.placeholderText")),
        "{:?}",
        problems(&d)
    );
}

#[test]
fn the_fixed_language_is_one_of_the_sites_and_a_written_one_stays_in_view() {
    let all = fixed_language_choices(&doc(SHOP));
    assert!(all.len() > 40 && all.iter().any(|l| l == "de") && all.iter().any(|l| l == "sr-Latn"));
    let two = doc(r#"{"languages": ["fr", "de"]}"#);
    assert_eq!(fixed_language_choices(&two), ["fr", "de"]);
    // A value written outside them (an imported config's) stays a choice, so the field shows
    // it; the reader names what is wrong with it.
    let mut d = doc(SHOP);
    set(&mut d, &path("languages"), Some(doc(r#"["fr", "de"]"#)));
    set(
        &mut d,
        &path("language"),
        Some(Json::String("de_DE".into())),
    );
    assert_eq!(fixed_language_choices(&d), ["de_DE", "fr", "de"]);
    assert!(
        problems(&d).iter().any(|p| p.path == "language"),
        "{:?}",
        problems(&d)
    );
}

#[test]
fn a_region_of_advanced_consent_mode_is_added_ticked_and_removed_where_the_reader_reads() {
    assert_eq!(google_region_key(" us-ca "), Some("US-CA".into()));
    for wrong in ["", "  ", "U.S", "US CA", "12"] {
        assert_eq!(google_region_key(wrong), None, "{wrong:?}");
    }
    let mut d = doc(SHOP);
    set(
        &mut d,
        &path("google.mode"),
        Some(Json::String("advanced".into())),
    );
    set(
        &mut d,
        &path("google.regions.ES"),
        Some(Json::Array(Vec::new())),
    );
    assert!(
        problems(&d).is_empty(),
        "a region granting nothing more: {:?}",
        problems(&d)
    );
    let ticked = with_region_type(&d, "ES", "ad_user_data", true);
    set(&mut d, &path("google.regions.ES"), Some(ticked));
    let ticked = with_region_type(&d, "ES", "analytics_storage", true);
    set(&mut d, &path("google.regions.ES"), Some(ticked));
    // In Consent Mode's order, whatever the order of the ticks.
    assert_eq!(
        region_types(&d, "ES"),
        ["ad_user_data", "analytics_storage"]
    );
    set(
        &mut d,
        &path("google.regions.US-CA"),
        Some(doc(r#"["nonsense"]"#)),
    );
    assert_eq!(google_regions(&d), ["ES", "US-CA"]);
    let found = problems(&d);
    assert!(
        found.iter().any(|p| belongs(p, "google.regions.US-CA")),
        "{found:?}"
    );
    // Unticking keeps the name the reader does not know, for it to name.
    let unticked = with_region_type(&d, "US-CA", "ad_storage", false);
    assert_eq!(unticked, doc(r#"["nonsense"]"#));
    set(&mut d, &path("google.regions.US-CA"), None);
    set(&mut d, &path("google.regions.ES"), None);
    assert!(
        get(&d, &path("google.regions")).is_none(),
        "the emptied object goes too"
    );
    // A region in basic mode: the reader says it is advanced only.
    set(&mut d, &path("google.mode"), None);
    set(
        &mut d,
        &path("google.regions.ES"),
        Some(Json::Array(Vec::new())),
    );
    assert!(problems(&d).iter().any(|p| p.path == "google.mode"));
}

#[test]
fn a_box_shows_the_default_and_writes_only_what_differs_from_it() {
    let mut d = doc(SHOP);
    // reloadOnWithdraw is on by default: unticking writes false, ticking again removes it.
    let reload = path("reloadOnWithdraw");
    assert!(flag(&d, &reload));
    assert_eq!(flag_value(&d, &reload, false), Some(Json::Bool(false)));
    assert_eq!(flag_value(&d, &reload, true), None);
    // A category's GPC: off for analytics, on by default once it grants an ad type.
    let gpc = path("categories.analytics.gpc");
    assert!(!flag(&d, &gpc));
    let on = flag_value(&d, &gpc, true);
    set(&mut d, &gpc, on);
    assert_eq!(get(&d, &gpc), Some(&Json::Bool(true)));
    assert!(Config::from_json(&d).expect("valid").categories[1].gpc);
    set(&mut d, &gpc, None);
    let ads = with_consent_type(&d, "analytics", "ad_storage", true);
    assert_eq!(ads, Some(doc(r#"["ad_storage", "analytics_storage"]"#)));
    set(&mut d, &path("categories.analytics.consentMode"), ads);
    assert!(flag(&d, &gpc), "an ad type makes GPC refuse it by default");
    assert!(Config::from_json(&d).expect("valid").categories[1].gpc);
    // Back to what the id grants anyway: the key goes.
    assert_eq!(
        with_consent_type(&d, "analytics", "ad_storage", false),
        None
    );
    assert_eq!(consent_types(&d, "necessary"), Vec::<String>::new());
    // A service is third-party by default once it names a provider.
    let third = path("categories.analytics.services.ga4.thirdParty");
    set(
        &mut d,
        &path("categories.analytics.services.ga4.title"),
        Some(Json::String("GA4".into())),
    );
    assert!(!flag(&d, &third));
    set(
        &mut d,
        &path("categories.analytics.services.ga4.provider"),
        Some(Json::String("Google".into())),
    );
    assert!(flag(&d, &third));
    // A region rule's GPC binding is the string "binding".
    set(&mut d, &path("regions.rules.0"), Some(new_rule()));
    let binding = path("regions.rules.0.gpc");
    assert_eq!(
        flag_value(&d, &binding, true),
        Some(Json::String("binding".into()))
    );
    assert_eq!(flag_value(&d, &binding, false), None);
}

#[test]
fn numbers_and_lists_write_what_the_reader_reads_and_name_what_it_does_not() {
    let mut d = doc(SHOP);
    set(&mut d, &path("expiryDays"), number_value(" 30 "));
    assert_eq!(Config::from_json(&d).expect("valid").expiry_days, 30);
    assert_eq!(number_text(&d, &path("expiryDays")), "30");
    set(&mut d, &path("expiryDays"), number_value("400"));
    assert!(problems(&d).iter().any(|p| belongs(p, "expiryDays")));
    set(&mut d, &path("expiryDays"), number_value("a month"));
    assert_eq!(number_text(&d, &path("expiryDays")), "a month");
    assert!(problems(&d).iter().any(|p| belongs(p, "expiryDays")));
    set(&mut d, &path("expiryDays"), number_value(""));
    assert!(problems(&d).is_empty());
    // Region rules: the first made as a list; codes comma-separated; moved; removed.
    set(&mut d, &path("regions.rules.0"), Some(new_rule()));
    let found = problems(&d);
    assert!(
        found.iter().any(|p| belongs(p, "regions.rules[0].regions")),
        "{found:?}"
    );
    set(
        &mut d,
        &path("regions.rules.0.regions"),
        list_value("EU, GB,"),
    );
    assert_eq!(list_text(&d, &path("regions.rules.0.regions")), "EU, GB");
    set(&mut d, &path("regions.rules.1"), Some(new_rule()));
    set(
        &mut d,
        &path("regions.rules.1.regions"),
        list_value("US-CA"),
    );
    set(
        &mut d,
        &path("regions.rules.1.model"),
        Some(Json::String("opt-out".into())),
    );
    assert!(problems(&d).is_empty(), "{:?}", problems(&d));
    move_entry(&mut d, &path("regions.rules"), "1", true);
    assert_eq!(list_text(&d, &path("regions.rules.0.regions")), "US-CA");
    set(&mut d, &path("regions.rules.1.regions"), list_value("UK"));
    let found = problems(&d);
    assert!(
        found.iter().any(|p| belongs(p, "regions.rules[1].regions")),
        "{found:?}"
    );
    set(&mut d, &path("regions.rules.1"), None);
    set(&mut d, &path("regions.rules.0"), None);
    assert!(
        get(&d, &path("regions")).is_none(),
        "the last rule takes `regions` with it"
    );
}

#[test]
fn microsofts_ids_are_refused_at_their_fields() {
    let mut d = doc(SHOP);
    set(
        &mut d,
        &path("microsoft.uetId"),
        Some(Json::String("abc".into())),
    );
    let found = problems(&d);
    let at = field_name(&path("microsoft.uetId"));
    assert!(found.iter().any(|p| belongs(p, &at)), "{found:?}");
    assert!(!found.iter().any(|p| belongs(p, "microsoft.clarityId")));
    // A valid id still needs a category granting ad_storage: said at the same field.
    set(
        &mut d,
        &path("microsoft.uetId"),
        Some(Json::String("343012345".into())),
    );
    assert!(problems(&d).iter().any(|p| belongs(p, &at)));
    let ads = with_consent_type(&d, "analytics", "ad_storage", true);
    set(&mut d, &path("categories.analytics.consentMode"), ads);
    assert!(problems(&d).is_empty(), "{:?}", problems(&d));
}

#[test]
fn every_box_left_alone_shows_what_the_config_reader_decides() {
    // The boxes' built-in defaults (core::builder::fields) are the reader's: a box that showed
    // another state than the config in force would mislead.
    let text = r#"{"google": {"measurementId": "G-TEST1", "mode": "advanced"},
        "categories": {
        "necessary": {"title": "Necessary", "description": "Needed.", "required": true},
        "analytics": {"title": "Analytics", "description": "Counting.",
            "services": {"ga4": {"title": "GA4", "provider": "Google"},
                         "own": {"title": "Our counter"}}},
        "marketing": {"title": "Marketing", "description": "Ads."}}}"#;
    let d = doc(text);
    let config = Config::from_json(&d).expect("valid");
    let shown = |at: &str| flag(&d, &path(at));
    assert_eq!(shown("reloadOnWithdraw"), config.reload_on_withdraw);
    assert_eq!(shown("reopenButton"), config.reopen_button);
    assert_eq!(shown("placeholders"), config.placeholders);
    assert_eq!(shown("blocking"), config.look.blocking);
    assert_eq!(shown("google.consentMode"), config.google.consent_mode);
    let advanced = config.google.advanced.as_ref().expect("advanced mode");
    assert_eq!(
        shown("google.adsDataRedaction"),
        advanced.ads_data_redaction
    );
    assert_eq!(shown("google.urlPassthrough"), advanced.url_passthrough);
    for c in &config.categories {
        if !c.required {
            assert_eq!(
                shown(&format!("categories.{}.gpc", c.id)),
                c.gpc,
                "{}",
                c.id
            );
        }
        for s in &c.services {
            let at = format!("categories.{}.services.{}.thirdParty", c.id, s.id);
            assert_eq!(shown(&at), s.third_party, "{}", s.id);
        }
    }
}

#[test]
fn a_strictly_necessary_category_has_no_gpc_box_unless_the_draft_sets_one() {
    let mut d = doc(SHOP);
    assert!(offers_gpc(&d, "analytics"));
    assert!(!offers_gpc(&d, "necessary"), "GPC cannot refuse it");
    set(
        &mut d,
        &path("categories.necessary.gpc"),
        Some(Json::Bool(true)),
    );
    assert!(
        offers_gpc(&d, "necessary"),
        "shown with the reader's error, to be unticked"
    );
    assert!(Config::from_json(&d).is_err());
}

#[test]
fn advanced_options_show_in_advanced_mode_or_while_one_is_set_for_the_reader_to_refuse() {
    let mut d = doc(SHOP);
    assert!(!offers_advanced(&d));
    set(
        &mut d,
        &path("google.mode"),
        Some(Json::String("advanced".into())),
    );
    assert!(offers_advanced(&d));
    set(
        &mut d,
        &path("google.waitForUpdate"),
        Some(Json::Number(800.0)),
    );
    set(&mut d, &path("google.mode"), None);
    // Back in basic mode with an advanced option set: shown (to be cleared), and refused.
    assert!(offers_advanced(&d));
    assert!(problems(&d).iter().any(|p| p.path == "google.mode"));
    set(&mut d, &path("google.waitForUpdate"), None);
    assert!(!offers_advanced(&d));
    assert!(problems(&d).is_empty());
}

#[test]
fn a_key_the_reader_does_not_know_is_offered_for_removal_wherever_it_is() {
    let mut d = doc(
        r##"{"categories": {"analytics": {"title": "A", "descripton": "typo", "description": "B",
            "services": {"ga4": {"title": "GA4", "cookies": [{"name": "_ga", "lifetim": "2y"}]}}}},
            "theme": {"colors": {"txt": "#000000"}}}"##,
    );
    let found = problems(&d);
    let removable: Vec<String> = found.iter().filter_map(|p| unknown_key(&d, p)).collect();
    assert_eq!(
        removable,
        [
            "categories.analytics.descripton",
            "categories.analytics.services.ga4.cookies.0.lifetim",
            "theme.colors.txt"
        ],
        "{found:?}"
    );
    for at in &removable {
        set(&mut d, &path(at), None);
    }
    assert!(problems(&d).is_empty(), "{:?}", problems(&d));
    // Other problems are for their fields.
    set(&mut d, &path("expiryDays"), Some(Json::Number(999.0)));
    assert!(problems(&d).iter().all(|p| unknown_key(&d, p).is_none()));
}
