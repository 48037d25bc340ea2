//! The built-in languages: every file complete, and the language a visitor gets.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use std::path::PathBuf;

use common::*;
use consent_gate::core::config::Config;
use consent_gate::core::consent::{Action, Facts, Session};
use consent_gate::core::effects::{Effect, Level};
use consent_gate::core::i18n::{self, Text, Texts, placeholders};
use consent_gate::core::json::Json;

fn i18n_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("i18n")
}

/// Every `i18n/<tag>.json`, parsed.
fn files() -> Vec<(String, Json)> {
    let mut out: Vec<(String, Json)> = std::fs::read_dir(i18n_dir())
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            let tag = path
                .file_name()?
                .to_str()?
                .strip_suffix(".json")?
                .to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let json = Json::parse(&text).unwrap_or_else(|e| panic!("i18n/{tag}.json: {e}"));
            Some((tag, json))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_language_has_every_text_with_the_same_placeholders() {
    let english = files()
        .into_iter()
        .find(|(t, _)| t == "en")
        .map(|(_, j)| j)
        .unwrap();
    let english_keys: Vec<&str> = english
        .entries("")
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    for (tag, json) in files() {
        let entries = json.entries("").unwrap();
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys, english_keys,
            "i18n/{tag}.json: the keys of en.json, in order"
        );
        for (key, value) in entries {
            let Json::String(text) = value else {
                panic!("i18n/{tag}.json: `{key}` is not a string");
            };
            assert!(
                !text.trim().is_empty() || key == "listSeparator",
                "i18n/{tag}.json: `{key}` is empty"
            );
            assert!(!text.is_empty(), "i18n/{tag}.json: `{key}` is empty");
            let english = english
                .entries("")
                .unwrap()
                .iter()
                .find(|(k, _)| k == key)
                .unwrap();
            let Json::String(english) = &english.1 else {
                unreachable!()
            };
            assert_eq!(
                placeholders(text),
                placeholders(english),
                "i18n/{tag}.json: `{key}` has other placeholders than English"
            );
            assert!(
                !text.contains("..."),
                "i18n/{tag}.json: `{key}`: use … not ..."
            );
        }
        let texts = Texts::from_file(&json).unwrap_or_else(|e| panic!("i18n/{tag}.json: {e:?}"));
        // Accept and reject are equally plain and equally short.
        let (accept, reject) = (texts.get(Text::AcceptAll), texts.get(Text::RejectAll));
        let (a, r) = (accept.chars().count(), reject.chars().count());
        assert!(
            a.abs_diff(r) <= 6 && a.max(r) <= 24,
            "i18n/{tag}.json: {accept:?} / {reject:?} differ too much in length"
        );
    }
}

#[test]
fn at_least_forty_languages_including_every_official_eu_language() {
    let tags = i18n::built_in_tags();
    assert!(tags.len() >= 40, "{} languages", tags.len());
    for tag in [
        "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt",
        "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "cy", "nb", "is", "ca", "eu", "gl",
        "sr", "uk", "tr", "sq", "ar", "he", "fa", "zh-Hans", "zh-Hant", "ja", "ko", "hi", "id",
        "vi", "th", "pt-BR",
    ] {
        assert!(tags.contains(&tag), "{tag} is missing");
    }
}

#[test]
fn arabic_hebrew_and_persian_are_right_to_left() {
    for (tag, json) in files() {
        let texts = Texts::from_file(&json).unwrap();
        let rtl = ["ar", "he", "fa"].contains(&tag.as_str());
        let locale = Config::parse(r#"{"categories": {"a": {"title": "A", "description": "D"}}}"#)
            .unwrap()
            .locale(&tag, &texts);
        assert_eq!(locale.rtl, rtl, "{tag}");
    }
}

#[test]
fn a_file_missing_a_key_or_a_placeholder_is_refused_with_each_problem() {
    let doc = Json::parse(
        r#"{"$name": "Test", "$dir": "sideways", "bannerTitle": "", "bannerText": "no list", "acceptAll": 5}"#,
    )
    .unwrap();
    let errors = Texts::from_file(&doc).unwrap_err();
    assert!(
        errors.contains(&"`bannerTitle` is empty".to_string()),
        "{errors:?}"
    );
    assert!(
        errors
            .contains(&"`bannerText` must contain exactly the placeholders {purposes}".to_string()),
        "{errors:?}"
    );
    assert!(errors.contains(&"`acceptAll`: expected a string, found the number 5".to_string()));
    assert!(errors.contains(&"`rejectAll` is missing".to_string()));
    assert!(errors.contains(&"`$dir` must be \"ltr\" or \"rtl\"".to_string()));
}

// ---- choosing the language ------------------------------------------------------------------

fn visit(config_json: &str, page: &[&str]) -> (Session, Vec<Effect>) {
    Session::start(
        config(config_json),
        Facts {
            env: env(NOW, 1),
            gpc: false,
            stored: None,
            policy_inline: false,
            declaration_inline: false,
            languages: page.iter().map(|s| (*s).to_owned()).collect(),
            region: None,
        },
    )
}

fn loads(effects: &[Effect]) -> Vec<&str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadLanguage(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

fn file(tag: &str) -> Json {
    Json::parse(&std::fs::read_to_string(i18n_dir().join(format!("{tag}.json"))).unwrap()).unwrap()
}

#[test]
fn the_page_decides_html_lang_first_then_the_browser() {
    let (s, effects) = visit(SAMPLE, &["de-AT", "fr"]);
    assert_eq!(loads(&effects), ["de"]);
    assert!(
        s.locale().is_none(),
        "nothing is drawn before the texts arrive"
    );
    let (s, effects) = visit(SAMPLE, &["", "pt-BR", "de"]);
    assert_eq!(loads(&effects), ["pt-BR"]);
    assert!(s.locale().is_none());
    let (_, effects) = visit(SAMPLE, &["zh-TW"]);
    assert_eq!(loads(&effects), ["zh-Hant"]);
    // Serbian: Cyrillic (the official script) unless the request names Latin.
    for (page, file) in [
        ("sr", "sr"),
        ("sr-RS", "sr"),
        ("sr-Cyrl", "sr"),
        ("sr-Latn", "sr-Latn"),
        ("sr-Latn-RS", "sr-Latn"),
    ] {
        let (_, effects) = visit(SAMPLE, &[page]);
        assert_eq!(loads(&effects), [file], "{page}");
    }
}

#[test]
fn english_needs_no_file_and_an_unknown_language_falls_back_quietly() {
    for page in [&["en-GB"][..], &["tlh"], &["tlh", "x-klingon", ""], &[]] {
        let (s, effects) = visit(SAMPLE, page);
        assert!(loads(&effects).is_empty(), "{page:?}");
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::Log(Level::Error | Level::Warn, _))),
            "{page:?}: no warning"
        );
        let tag = s.locale().unwrap().tag.clone();
        assert!(tag == "en" || tag == "en-GB", "{page:?} -> {tag}");
    }
}

#[test]
fn the_texts_arrive_and_the_widget_draws_in_that_language() {
    let (mut s, _) = visit(SAMPLE, &["de"]);
    let effects = s.dispatch(
        Action::LanguageLoaded("de".into(), Ok(file("de"))),
        env(NOW, 2),
    );
    let locale = s.locale().unwrap().clone();
    assert_eq!(locale.tag, "de");
    assert_eq!(locale.text(Text::AcceptAll), "Alle akzeptieren");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Render(v) if v.locale.is_some()))
    );
    let (mut s, _) = visit(SAMPLE, &["ar-EG"]);
    s.dispatch(
        Action::LanguageLoaded("ar".into(), Ok(file("ar"))),
        env(NOW, 2),
    );
    assert_eq!(s.locale().unwrap().tag, "ar");
    assert!(s.locale().unwrap().rtl);
}

#[test]
fn a_file_that_cannot_be_loaded_leaves_the_widget_undrawn_with_one_error() {
    let (mut s, _) = visit(SAMPLE, &["de"]);
    let effects = s.dispatch(
        Action::LanguageLoaded("de".into(), Err("i18n/de.json could not be loaded".into())),
        env(NOW, 2),
    );
    assert_eq!(
        describe(&effects),
        [
            "log Error: could not load the interface texts for \"de\" (i18n/de.json: i18n/de.json could not be loaded); the banner is not shown in a language the visitor may not read, so nothing that needs consent will load"
        ]
    );
    assert!(s.locale().is_none());
    let broken = Json::parse(r#"{"$dir": "ltr", "acceptAll": "Ja"}"#).unwrap();
    let (mut s, _) = visit(SAMPLE, &["de"]);
    let effects = s.dispatch(Action::LanguageLoaded("de".into(), Ok(broken)), env(NOW, 2));
    assert!(
        describe(&effects)[0].contains("`bannerTitle` is missing"),
        "{effects:?}"
    );
    assert!(s.locale().is_none());
}

#[test]
fn the_configs_languages_limit_the_choice_and_its_first_is_the_default() {
    let json = SAMPLE.replacen('{', r#"{"languages": ["de", "en"],"#, 1);
    let (_, effects) = visit(&json, &["fr", "ja"]);
    assert_eq!(loads(&effects), ["de"], "the config's default");
    let (s, effects) = visit(&json, &["fr", "en-US", "de"]);
    assert!(loads(&effects).is_empty());
    assert_eq!(s.locale().unwrap().tag, "en");
    let forced = SAMPLE.replacen('{', r#"{"language": "fi","#, 1);
    let (_, effects) = visit(&forced, &["de"]);
    assert_eq!(loads(&effects), ["fi"], "`language` wins over the page");
}

#[test]
fn set_language_switches_at_run_time_and_refuses_what_is_not_offered() {
    let (mut s, _) = visit(SAMPLE, &["en"]);
    let effects = s.dispatch(Action::SetLanguage("fr-CA".into()), env(NOW, 2));
    assert_eq!(loads(&effects), ["fr"]);
    assert_eq!(
        s.locale().unwrap().tag,
        "en",
        "English stays until French arrives"
    );
    s.dispatch(
        Action::LanguageLoaded("fr".into(), Ok(file("fr"))),
        env(NOW, 3),
    );
    assert_eq!(s.locale().unwrap().tag, "fr");
    // The page's language changing does not undo an explicit choice.
    let effects = s.dispatch(Action::PageLanguages(vec!["de".into()]), env(NOW, 4));
    assert!(effects.is_empty());
    // Back to a language already loaded: at once.
    let effects = s.dispatch(Action::SetLanguage("en".into()), env(NOW, 5));
    assert!(loads(&effects).is_empty());
    assert_eq!(s.locale().unwrap().tag, "en");

    let json = SAMPLE.replacen('{', r#"{"languages": ["en", "de"],"#, 1);
    let (mut s, _) = visit(&json, &["en"]);
    let effects = s.dispatch(Action::SetLanguage("ja".into()), env(NOW, 2));
    assert_eq!(
        describe(&effects),
        [
            "log Warn: setLanguage(\"ja\"): the config does not offer it (offered: en, de); the language stays \"en\""
        ]
    );
}

#[test]
fn a_single_page_app_changing_html_lang_changes_the_language() {
    let (mut s, _) = visit(SAMPLE, &["en"]);
    let effects = s.dispatch(Action::PageLanguages(vec!["nl".into()]), env(NOW, 2));
    assert_eq!(loads(&effects), ["nl"]);
}

#[test]
fn receipts_record_the_language_shown_and_hash_its_texts() {
    let json = SAMPLE.replacen('{', r#"{"proof": {"endpoint": "/r"},"#, 1);
    let receipt = |page: &str| {
        let (mut s, _) = visit(&json, &[page]);
        if page != "en" {
            s.dispatch(
                Action::LanguageLoaded(page.into(), Ok(file(page))),
                env(NOW, 2),
            );
        }
        let effects = s.dispatch(
            Action::AcceptAll(consent_gate::core::consent::Origin::Visitor),
            env(NOW, 3),
        );
        effects
            .iter()
            .find_map(|e| match e {
                Effect::SendReceipt(p) => Some(Json::parse(&p.body).unwrap()),
                _ => None,
            })
            .unwrap()
    };
    let field = |j: &Json, k: &str| match j.entries("").unwrap().iter().find(|(key, _)| key == k) {
        Some((_, Json::String(s))) => s.clone(),
        _ => panic!("{k}"),
    };
    let (en, de) = (receipt("en"), receipt("de"));
    assert_eq!(field(&en, "language"), "en");
    assert_eq!(field(&de, "language"), "de");
    assert_ne!(field(&en, "textsHash"), field(&de, "textsHash"));
}

/// The first layer's texts in reading order: what the banner shows, and what a banner painted
/// before the interface arrived must have said for a click on it to count.
#[test]
fn the_first_layer_says_what_the_banner_shows_in_reading_order() {
    use consent_gate::core::view::FirstLayer;
    let config = config(SAMPLE);
    let locale = config.locale("en", &Texts::english());
    let first = FirstLayer::new(&config, &locale, false);
    assert_eq!(first.title, "Cookies on this site");
    assert_eq!(first.text, config.banner_text(&locale));
    assert_eq!(
        first.text_content(),
        [
            "Cookies on this site",
            &config.banner_text(&locale),
            " Privacy policy",
            "Accept all",
            "Reject all",
            "Manage preferences",
        ]
        .concat()
    );
    let again = FirstLayer::new(&config, &locale, true);
    assert!(
        again
            .text_content()
            .starts_with(&["Cookies on this site", locale.text(Text::RevisionNotice)].concat()),
        "the revision notice follows the title"
    );
    let without = self::config(&SAMPLE.replace(r#""policy": { "url": "/privacy.md" },"#, ""));
    let first = FirstLayer::new(&without, &locale, false);
    assert_eq!(first.policy, None);
    assert!(
        !first.text_content().contains("Privacy policy"),
        "no link without a policy"
    );
}
