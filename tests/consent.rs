//! The consent state machine: what each visitor action leads to, in order.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use common::*;
use consent_gate::core::consent::{Action, Origin};
use consent_gate::core::effects::{Effect, Gtag};
use consent_gate::core::google::ConsentType;
use consent_gate::core::record::{ConsentRecord, Method};
use consent_gate::core::time::{DAY_MS, Timestamp};
use consent_gate::core::view::Surface;

fn index_of(lines: &[String], prefix: &str) -> usize {
    lines
        .iter()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no effect starting with {prefix:?} in {lines:#?}"))
}

#[test]
fn first_visit_pushes_the_default_shows_the_banner_and_loads_nothing() {
    let (session, effects) = first_visit();
    golden("first-visit.effects", &describe(&effects).join("\n"));
    assert_eq!(session.view().surface, Surface::Banner);
    assert!(!session.view().reopen);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::InjectScript(_) | Effect::Store(_)))
    );
}

#[test]
fn the_default_denies_all_but_security_storage() {
    let (_, effects) = first_visit();
    let Effect::Gtag(Gtag::ConsentDefault(state)) = &effects[0] else {
        panic!("the default must come first: {effects:?}");
    };
    for t in ConsentType::ALL {
        assert_eq!(
            state.is_granted(t),
            t == ConsentType::SecurityStorage,
            "{}",
            t.name()
        );
    }
}

#[test]
fn a_strictly_necessary_functionality_category_is_granted_in_the_default() {
    let config = config(
        r#"{"categories": {
            "necessary": {"required": true, "title": "N", "description": "D",
                          "consentMode": ["functionality_storage"]},
            "analytics": {"title": "A", "description": "D"}}}"#,
    );
    let (session, _) = start(config, None, NOW);
    let state = session.consent_state(None);
    assert!(state.is_granted(ConsentType::FunctionalityStorage));
    assert!(!state.is_granted(ConsentType::PersonalizationStorage));
    assert!(!state.is_granted(ConsentType::AnalyticsStorage));
}

#[test]
fn accept_all_stores_then_updates_then_loads_google() {
    let (mut session, _) = first_visit();
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 7));
    let lines = describe(&effects);
    golden("accept-all.effects", &lines.join("\n"));
    let update = index_of(&lines, "gtag consent update");
    let js = index_of(&lines, "gtag js");
    let config = index_of(&lines, "gtag config G-TEST123");
    let gtag = index_of(
        &lines,
        "inject https://www.googletagmanager.com/gtag/js?id=G-TEST123",
    );
    let gtm = index_of(
        &lines,
        "inject https://www.googletagmanager.com/gtm.js?id=GTM-TEST123",
    );
    assert!(update < js && js < config && config < gtag && update < gtm);
    assert!(session.allows("analytics") && session.allows("ga4") && session.allows("marketing"));
    assert_eq!(session.view().surface, Surface::Hidden);
    assert!(session.view().reopen);
}

#[test]
fn reject_all_loads_nothing_and_clears_google_cookies() {
    let (mut session, _) = first_visit();
    let effects = session.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 7));
    let lines = describe(&effects);
    golden("reject-all.effects", &lines.join("\n"));
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("inject") || l == "gtag js")
    );
    assert!(!session.allows("analytics") && !session.allows("marketing"));
    assert!(session.allows("necessary"));
    let record = ConsentRecord::decode(&stored(&effects)).unwrap();
    assert_eq!(record.method, Method::RejectAll);
    assert!(!record.categories["analytics"]);
}

#[test]
fn analytics_only_keeps_every_ad_type_denied() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    session.dispatch(Action::SetCategory("analytics".into(), true), env(NOW, 1));
    let effects = session.dispatch(Action::SavePreferences, env(NOW, 1));
    let update = effects
        .iter()
        .find_map(|e| match e {
            Effect::Gtag(Gtag::ConsentUpdate(s)) => Some(*s),
            _ => None,
        })
        .expect("an update");
    golden("analytics-only.update.json", &update.to_json());
    assert!(update.is_granted(ConsentType::AnalyticsStorage));
    for t in [
        ConsentType::AdStorage,
        ConsentType::AdUserData,
        ConsentType::AdPersonalization,
    ] {
        assert!(!update.is_granted(t), "{}", t.name());
    }
    let record = ConsentRecord::decode(&stored(&effects)).unwrap();
    assert_eq!(record.method, Method::Custom);
    assert!(
        describe(&effects)
            .contains(&"inject https://www.googletagmanager.com/gtag/js?id=G-TEST123".to_string())
    );
}

#[test]
fn nothing_is_pre_ticked_and_necessary_is_on() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    let view = session.view();
    assert_eq!(view.surface, Surface::Preferences);
    assert!(view.over_banner);
    assert!(view.draft.categories["necessary"]);
    for id in ["analytics", "marketing"] {
        assert!(!view.draft.categories[id], "{id}");
    }
    assert!(view.draft.services.values().filter(|v| **v).count() == 0);
}

#[test]
fn closing_or_escaping_grants_nothing() {
    let (mut session, _) = first_visit();
    let mut all = Vec::new();
    all.extend(session.dispatch(Action::ShowPreferences, env(NOW, 1)));
    all.extend(session.dispatch(Action::SetCategory("analytics".into(), true), env(NOW, 1)));
    all.extend(session.dispatch(Action::ClosePreferences, env(NOW, 1)));
    assert_eq!(
        session.view().surface,
        Surface::Banner,
        "closing returns to the banner"
    );
    all.extend(session.dispatch(Action::DismissBanner, env(NOW, 1)));
    assert!(
        all.iter().all(|e| matches!(e, Effect::Render(_))),
        "only re-renders: {:?}",
        describe(&all)
    );
    assert!(session.consent().is_none());
    assert!(!session.allows("analytics"));
    assert_eq!(session.view().surface, Surface::Hidden);
    assert!(
        session.view().reopen,
        "a dismissed banner leaves the reopen control"
    );
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    assert!(
        !session.view().draft.categories["analytics"],
        "an unsaved tick is not remembered"
    );
}

#[test]
fn a_service_toggle_drives_its_category() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    session.dispatch(Action::SetService("youtube".into(), true), env(NOW, 1));
    let draft = session.view().draft;
    assert!(draft.categories["marketing"]);
    assert!(draft.services["youtube"]);
    assert!(!draft.services["ads"]);
    session.dispatch(Action::SavePreferences, env(NOW, 1));
    assert!(session.allows("youtube"));
    assert!(!session.allows("ads"), "a service left off stays denied");
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    session.dispatch(Action::SetService("youtube".into(), false), env(NOW, 1));
    assert!(!session.view().draft.categories["marketing"]);
}

#[test]
fn strictly_necessary_purposes_are_allowed_before_any_choice() {
    let (session, _) = first_visit();
    assert!(session.allows("necessary"));
    assert!(!session.allows("analytics"));
    assert!(!session.allows("ga4"));
    assert!(!session.allows("no-such-purpose"));
}

#[test]
fn the_necessary_category_cannot_be_switched_off() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    session.dispatch(Action::SetCategory("necessary".into(), false), env(NOW, 1));
    assert!(session.view().draft.categories["necessary"]);
}

#[test]
fn a_returning_visitor_gets_default_then_update_then_google_without_banner() {
    let (mut first, _) = first_visit();
    let record = stored(&first.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 3)));
    let later = Timestamp(NOW.0 + 10 * DAY_MS);
    let (session, effects) = start(sample(), Some(&record), later);
    let lines = describe(&effects);
    golden("returning-accepted.effects", &lines.join("\n"));
    assert!(index_of(&lines, "gtag consent default") < index_of(&lines, "gtag consent update"));
    assert!(index_of(&lines, "gtag consent update") < index_of(&lines, "inject"));
    assert_eq!(session.view().surface, Surface::Hidden);
    assert!(session.view().reopen);
}

#[test]
fn a_stored_rejection_never_loads_google() {
    let (mut first, _) = first_visit();
    let record = stored(&first.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 3)));
    let (session, effects) = start(sample(), Some(&record), Timestamp(NOW.0 + DAY_MS));
    let lines = describe(&effects);
    assert!(!lines.iter().any(|l| l.starts_with("inject")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("gtag consent update")));
    assert_eq!(session.view().surface, Surface::Hidden);
}

#[test]
fn a_corrupted_record_counts_as_no_consent() {
    for stored in [
        "{",
        "null",
        r#"{"schema":1}"#,
        r#"{"schema":2,"id":"x"}"#,
        "granted",
    ] {
        let (session, effects) = start(sample(), Some(stored), NOW);
        assert_eq!(session.view().surface, Surface::Banner, "{stored}");
        assert!(session.consent().is_none());
        assert!(!describe(&effects).iter().any(|l| l.starts_with("inject")));
        assert!(
            describe(&effects)[0].starts_with("log Warn: the stored choice does not count"),
            "{stored}: {:?}",
            describe(&effects)
        );
    }
}

#[test]
fn an_expired_choice_asks_again() {
    let (mut first, _) = first_visit();
    let record = stored(&first.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 3)));
    let just_before = Timestamp(NOW.0 + 182 * DAY_MS - 1);
    let (session, _) = start(sample(), Some(&record), just_before);
    assert_eq!(session.view().surface, Surface::Hidden);
    let at_expiry = Timestamp(NOW.0 + 182 * DAY_MS);
    let (session, effects) = start(sample(), Some(&record), at_expiry);
    assert_eq!(session.view().surface, Surface::Banner);
    assert_eq!(
        describe(&effects)[0],
        "log Info: the stored choice does not count (the choice has expired); asking again"
    );
}

#[test]
fn a_new_revision_asks_again() {
    let (mut first, _) = first_visit();
    let record = stored(&first.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 3)));
    let bumped = config(&SAMPLE.replace("\"revision\": 1", "\"revision\": 2"));
    let (session, _) = start(bumped, Some(&record), NOW);
    assert_eq!(session.view().surface, Surface::Banner);
}

#[test]
fn every_decision_gets_a_new_id_and_keeps_the_first_time() {
    let (mut session, _) = first_visit();
    let first = ConsentRecord::decode(&stored(
        &session.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 1)),
    ))
    .unwrap();
    let later = Timestamp(NOW.0 + 3 * DAY_MS);
    let second = ConsentRecord::decode(&stored(
        &session.dispatch(Action::AcceptAll(Origin::Api), env(later, 2)),
    ))
    .unwrap();
    assert_ne!(first.id, second.id);
    assert_eq!(second.created, NOW);
    assert_eq!(second.updated, later);
    assert_eq!(second.expires, later.plus_days(182));
    assert_eq!(second.method, Method::Api);
    assert_eq!(session.view().decided, Some((second.id.clone(), later)));
}

#[test]
fn withdrawing_after_google_ran_denies_clears_and_reloads() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    session.dispatch(Action::SetCategory("analytics".into(), false), env(NOW, 1));
    let effects = session.dispatch(Action::SavePreferences, env(NOW, 2));
    let lines = describe(&effects);
    golden("withdraw-analytics.effects", &lines.join("\n"));
    assert_eq!(lines.last().map(String::as_str), Some("reload"));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("delete cookies ^_ga _ga ^_ga_ _gid ^_gat"))
    );
}

#[test]
fn withdrawing_nothing_that_ran_does_not_reload() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    let effects = session.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 2));
    assert_eq!(
        describe(&effects).last().map(String::as_str),
        Some("reload"),
        "google ran"
    );

    let config = config(
        r#"{"categories": {"analytics": {"title": "A", "description": "D"}},
            "reloadOnWithdraw": true}"#,
    );
    let (mut session, _) = start(config, None, NOW);
    session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    let effects = session.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 2));
    assert!(
        !describe(&effects).contains(&"reload".to_string()),
        "nothing ran"
    );
}

#[test]
fn google_tags_can_follow_one_service_rather_than_its_category() {
    let json = SAMPLE.replace(
        r#""containerId": "GTM-TEST123" }"#,
        r#""containerId": "GTM-TEST123", "category": "youtube" }"#,
    );
    let (mut session, _) = start(config(&json), None, NOW);
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    session.dispatch(Action::SetService("ads".into(), true), env(NOW, 1));
    let effects = session.dispatch(Action::SavePreferences, env(NOW, 1));
    assert!(session.allows("marketing"));
    assert!(
        !describe(&effects).iter().any(|l| l.starts_with("inject")),
        "the category is on but the Google service is off"
    );
    session.dispatch(Action::ShowPreferences, env(NOW, 2));
    session.dispatch(Action::SetService("youtube".into(), true), env(NOW, 2));
    let effects = session.dispatch(Action::SavePreferences, env(NOW, 2));
    assert!(describe(&effects).iter().any(|l| l.starts_with("inject")));
}

#[test]
fn google_loads_once_per_page_view() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 2));
    assert!(!describe(&effects).iter().any(|l| l.starts_with("inject")));
}

#[test]
fn reset_forgets_and_asks_again() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    let effects = session.dispatch(Action::Reset, env(NOW, 2));
    let lines = describe(&effects);
    assert_eq!(lines[0], "forget stored");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("gtag consent update {\"ad_storage\":\"denied\""))
    );
    assert_eq!(lines.last().map(String::as_str), Some("reload"));
    assert!(session.consent().is_none());
    assert_eq!(session.view().surface, Surface::Banner);
}

#[test]
fn consent_mode_can_be_turned_off() {
    let config = config(
        r#"{"categories": {"analytics": {"title": "A", "description": "D"}},
            "google": {"consentMode": false}}"#,
    );
    let (mut session, effects) = start(config, None, NOW);
    let mut all = effects;
    all.extend(session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1)));
    assert!(
        !all.iter()
            .any(|e| matches!(e, Effect::Gtag(_) | Effect::GtmStart))
    );
}

#[test]
fn the_api_can_reopen_banner_and_preferences_after_a_choice() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 1));
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    let view = session.view();
    assert_eq!(view.surface, Surface::Preferences);
    assert!(!view.over_banner);
    session.dispatch(Action::ClosePreferences, env(NOW, 1));
    assert_eq!(session.view().surface, Surface::Hidden);
    session.dispatch(Action::ShowBanner, env(NOW, 1));
    assert_eq!(session.view().surface, Surface::Banner);
}
