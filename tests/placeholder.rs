//! The embed placeholders (`core::placeholder`): which marked elements get one, their texts in
//! the visitor's language, `placeholders: false`, "Always allow" (method `contextual`), and
//! what the plan carries for the bootstrap. Drawn end to end in `tests/e2e/placeholders.test.mjs`.

#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use std::rc::Rc;

use common::*;
use consent_gate::core::config::Config;
use consent_gate::core::consent::Action;
use consent_gate::core::effects::Effect;
use consent_gate::core::gating::{Marker, MarkerAttrs};
use consent_gate::core::i18n::{Locale, Texts};
use consent_gate::core::json::Json;
use consent_gate::core::placeholder::{self, service_of, texts};
use consent_gate::core::plan::{Kept, Page, encode};
use serde_json::Value;

fn marker(config: &Config, consent: &str) -> Marker {
    let attrs = MarkerAttrs {
        consent: Some(consent),
        ..MarkerAttrs::default()
    };
    Marker::parse(attrs, config).expect("known markup")
}

fn german(config: &Config) -> Locale {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/i18n/de.json")).unwrap();
    let texts = Texts::from_file(&Json::parse(&text).unwrap()).unwrap();
    config.locale("de", &texts)
}

#[test]
fn only_an_optional_service_that_waits_to_be_granted_gets_a_placeholder() {
    let config = sample();
    let service =
        |markup: &str| service_of(&config, &marker(&config, markup)).map(|s| s.id.clone());
    assert_eq!(service("youtube").as_deref(), Some("youtube"));
    let vanilla = Marker::parse(
        MarkerAttrs {
            category: Some("marketing"),
            service: Some("ads"),
            ..MarkerAttrs::default()
        },
        &config,
    )
    .unwrap();
    assert_eq!(
        service_of(&config, &vanilla).map(|s| s.id.as_str()),
        Some("ads")
    );
    assert_eq!(
        service("marketing"),
        None,
        "a category names no service to allow"
    );
    assert_eq!(
        service("!youtube"),
        None,
        "a fallback that runs when denied"
    );
}

#[test]
fn placeholders_false_turns_them_off_and_anything_else_is_an_error_naming_the_field() {
    let mut doc: Value = serde_json::from_str(SAMPLE).unwrap();
    doc["placeholders"] = Value::Bool(false);
    let off = config(&doc.to_string());
    assert!(!off.placeholders);
    assert_eq!(service_of(&off, &marker(&off, "youtube")), None);
    assert!(sample().placeholders, "on unless the config says otherwise");
    doc["placeholders"] = Value::String("no".into());
    let errors = Config::parse(&doc.to_string()).unwrap_err().to_string();
    assert!(errors.contains("placeholders"), "{errors}");
}

#[test]
fn the_texts_name_the_service_and_its_provider_in_the_visitors_language() {
    let config = sample();
    let (_, youtube) = config.service("youtube").unwrap();
    let en = texts(&Locale::english(), youtube);
    assert_eq!(en.name, "YouTube, not loaded");
    assert_eq!(
        en.text,
        "This content comes from Google. Loading it lets Google set cookies and see that you visited this page."
    );
    assert_eq!(en.allow, "Always allow YouTube");
    let de = texts(&german(&config), youtube);
    assert_eq!(de.name, "YouTube, nicht geladen");
    assert_eq!(de.allow, "YouTube immer erlauben");
    assert!(
        de.text.starts_with("Dieser Inhalt stammt von Google."),
        "{}",
        de.text
    );
    let look: Value =
        serde_json::from_str(&placeholder::look(&config, &german(&config), None)).unwrap();
    assert_eq!(look["lang"], "de");
    assert_eq!(look["once"], "Einmal laden");
    let services: Vec<&String> = look["services"].as_object().unwrap().keys().collect();
    assert_eq!(
        services,
        ["ga4", "youtube", "ads"],
        "every optional service, none required"
    );
}

#[test]
fn always_allow_grants_the_service_and_its_category_as_a_contextual_decision() {
    let config = sample();
    let (mut session, _) = start(Rc::clone(&config), None, NOW);
    let effects = session.dispatch(Action::AllowService("youtube".into()), env(NOW, 5));
    let record: Value = serde_json::from_str(&stored(&effects)).unwrap();
    assert_eq!(record["method"], "contextual");
    assert_eq!(record["services"]["youtube"], true);
    assert_eq!(record["services"]["ads"], false, "only that service");
    assert_eq!(record["categories"]["marketing"], true);
    assert_eq!(record["categories"]["analytics"], false);
    assert!(effects.contains(&Effect::Activate));
    assert!(session.allows("youtube"));
    assert!(!session.allows("ads"));
    // Withdrawing it later needs no reload for an iframe with a placeholder.
    let m = marker(&config, "youtube");
    session.note_ran(&m, true);
    let withdrawn = session.dispatch(
        Action::RejectAll(consent_gate::core::consent::Origin::Visitor),
        env(NOW, 6),
    );
    assert!(!withdrawn.contains(&Effect::Reload));
    assert!(
        withdrawn.contains(&Effect::Activate),
        "the placeholders come back"
    );
    session.note_ran(&m, false);
    let again = session.dispatch(Action::AllowService("youtube".into()), env(NOW, 7));
    assert!(!again.contains(&Effect::Reload));
    let script_withdrawn = session.dispatch(
        Action::RejectAll(consent_gate::core::consent::Origin::Visitor),
        env(NOW, 8),
    );
    assert!(
        script_withdrawn.contains(&Effect::Reload),
        "a script of that service still reloads"
    );
}

#[test]
fn the_plan_carries_the_placeholders_for_the_pages_languages() {
    let config = sample();
    let (mut session, _) = start(Rc::clone(&config), None, NOW);
    let record = stored(&session.dispatch(
        Action::RejectAll(consent_gate::core::consent::Origin::Visitor),
        env(NOW, 5),
    ));
    let stored = parsed(&record);
    let languages = vec!["de".to_owned()];
    let locale = german(&config);
    let plan = |locale| {
        let page = Page {
            config_text: SAMPLE,
            record: Some(Kept {
                text: &record,
                stored: &stored,
            }),
            now: NOW,
            gpc: false,
            region: None,
            languages: &languages,
            locale,
        };
        serde_json::from_str::<Value>(&encode(&config, &page).unwrap()).unwrap()
    };
    let with = plan(Some(&locale));
    assert_eq!(with["placeholders"]["key"], "de");
    assert_eq!(
        with["placeholders"]["look"]["services"]["youtube"]["a"],
        "YouTube immer erlauben"
    );
    assert!(
        plan(None).get("placeholders").is_none(),
        "no texts yet: none"
    );
}

#[test]
fn iframemanager_markup_becomes_the_services_iframe_from_its_embed_url_or_a_built_in_one() {
    let config = Config::parse(
        r#"{"categories": {"media": {"title": "Media", "description": "D", "services": {
            "youtube": {"title": "YouTube", "provider": "Google Ireland Ltd."},
            "maps": {"title": {"en": "Map", "de": "Karte"}, "embedUrl": "https://maps.example/embed?pb={data-id}"},
            "podcast": {"title": "Podcast"}}}}}"#,
    )
    .unwrap();
    let embed =
        |service, id, params, title| placeholder::embed(&config, service, id, params, title);
    // A built-in address; the id encoded as encodeURIComponent does; the params as the query.
    assert_eq!(
        embed(
            "youtube",
            "abc 1/é",
            Some("rel=0&start=5"),
            Some("Brew guide")
        ),
        Ok(placeholder::Embed {
            src: "https://www.youtube-nocookie.com/embed/abc%201%2F%C3%A9?rel=0&start=5".into(),
            title: "Brew guide".into(),
        })
    );
    // The service's own address (a query already there: the params join it); its title when
    // the div has none.
    assert_eq!(
        embed("maps", "!1m2!3d35", Some("z=3"), None),
        Ok(placeholder::Embed {
            src: "https://maps.example/embed?pb=!1m2!3d35&z=3".into(),
            title: "Map".into(),
        })
    );
    // A quote or a tag in the id cannot leave the address.
    assert_eq!(
        embed("maps", "\"><script>", None, Some("")).map(|e| e.src),
        Ok("https://maps.example/embed?pb=%22%3E%3Cscript%3E".into())
    );
    // Nothing to embed: the message names the service and what is missing.
    assert_eq!(
        embed("vimeo", "42", None, None),
        Err("the config has no service \"vimeo\"; nothing is embedded".into())
    );
    assert_eq!(
        embed("podcast", "42", None, None),
        Err("service \"podcast\" has no embedUrl in the config (its embed's address, with {data-id}); nothing is embedded".into())
    );
}
