//! The life of a choice over time: revisions, new purposes, Global Privacy Control, other
//! tabs, receipts (proof of consent), deletions and advanced Consent Mode.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use std::rc::Rc;

use common::*;
use consent_gate::core::config::Config;
use consent_gate::core::consent::{Action, Origin};
use consent_gate::core::effects::{Effect, Gtag};
use consent_gate::core::google::ConsentType;
use consent_gate::core::i18n::Texts;
use consent_gate::core::receipt::texts_hash;
use consent_gate::core::record::{ConsentRecord, Method};
use consent_gate::core::time::{DAY_MS, Timestamp};
use consent_gate::core::view::{Fixed, Surface, Switch};

const LATER: Timestamp = Timestamp(NOW.0 + 10 * DAY_MS);

fn accepted_record() -> String {
    let (mut s, _) = first_visit();
    stored(&s.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1)))
}

fn with_proof(json: &str) -> Rc<Config> {
    config(&json.replacen('{', r#"{"proof": {"endpoint": "/consent-receipts"},"#, 1))
}

fn lines(effects: &[Effect]) -> Vec<String> {
    describe(effects)
}

fn has(effects: &[Effect], prefix: &str) -> bool {
    lines(effects).iter().any(|l| l.starts_with(prefix))
}

fn update_of(effects: &[Effect]) -> consent_gate::core::google::ConsentState {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Gtag(Gtag::ConsentUpdate(s)) => Some(*s),
            _ => None,
        })
        .expect("a consent update")
}

// ---- revisions and new purposes ----------------------------------------------------------

#[test]
fn a_revision_bump_suspends_earlier_choices_and_prefills_them() {
    let old = accepted_record();
    let old_id = ConsentRecord::decode(&old).unwrap().id;
    let bumped = with_proof(
        &SAMPLE
            .replace("\"revision\": 1", "\"revision\": 2")
            .replacen(
                '{',
                r#"{"revisionMessage": "We now use a new ad partner.","#,
                1,
            ),
    );
    let (mut session, effects) = start(bumped, Some(&old), LATER);
    assert_eq!(
        lines(&effects)[0],
        "log Info: the config changed from revision 1 to 2; asking again"
    );
    assert!(!has(&effects, "inject"), "suspended: nothing optional runs");
    assert!(!has(&effects, "gtag consent update"));
    assert!(!session.allows("analytics"));
    let view = session.view();
    assert_eq!(view.surface, Surface::Banner);
    assert!(view.notice);
    assert!(
        view.reopen,
        "the earlier decision makes the reopen control available"
    );
    session.dispatch(Action::ShowPreferences, env(LATER, 1));
    let draft = session.view().draft;
    assert!(
        draft.categories["analytics"] && draft.categories["marketing"],
        "prefilled"
    );
    let effects = session.dispatch(Action::SavePreferences, env(LATER, 2));
    let receipt = &receipts(&effects)[0];
    assert_eq!(receipt["previousConsentId"], old_id.as_str());
    assert_eq!(receipt["revision"], 2);
    assert!(has(&effects, "inject"));
    assert!(!session.view().notice);
}

#[test]
fn a_new_category_keeps_earlier_choices_in_force_and_starts_off() {
    let old = accepted_record();
    let added = config(&SAMPLE.replacen(
        r#""marketing": {"#,
        r#""functional": { "title": "Functional", "description": "Chat widget." },
            "marketing": {"#,
        1,
    ));
    let (mut session, effects) = start(added, Some(&old), LATER);
    assert_eq!(
        lines(&effects)[0],
        "log Info: the config has purposes the visitor never decided on; asking again"
    );
    assert!(
        session.allows("analytics"),
        "unchanged purposes keep their choice"
    );
    assert!(has(
        &effects,
        "inject https://www.googletagmanager.com/gtag/js"
    ));
    assert!(!session.allows("functional"), "the new purpose starts off");
    assert_eq!(session.view().surface, Surface::Banner);
    assert!(session.view().notice);
    session.dispatch(Action::ShowPreferences, env(LATER, 1));
    let draft = session.view().draft;
    assert!(draft.categories["analytics"]);
    assert!(!draft.categories["functional"]);
    let effects = session.dispatch(Action::SavePreferences, env(LATER, 2));
    let record = ConsentRecord::decode(&stored(&effects)).unwrap();
    assert!(!record.categories["functional"]);
    assert!(!has(&effects, "inject"), "google was already loaded");
}

#[test]
fn a_new_service_in_a_granted_category_starts_off() {
    let old = accepted_record();
    let added = config(&SAMPLE.replacen(
        r#""youtube": { "title": "YouTube", "provider": "Google" },"#,
        r#""youtube": { "title": "YouTube", "provider": "Google" },
           "vimeo": { "title": "Vimeo", "provider": "Vimeo" },"#,
        1,
    ));
    let (session, _) = start(added, Some(&old), LATER);
    assert!(session.allows("marketing") && session.allows("youtube"));
    assert!(!session.allows("vimeo"));
    assert_eq!(session.view().surface, Surface::Banner);
}

#[test]
fn expiry_follows_the_configured_days() {
    let short = config(&SAMPLE.replacen('{', r#"{"expiryDays": 30,"#, 1));
    let (mut s, _) = start(Rc::clone(&short), None, NOW);
    let record = stored(&s.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1)));
    assert_eq!(
        ConsentRecord::decode(&record).unwrap().expires,
        NOW.plus_days(30)
    );
    let (s, _) = start(
        Rc::clone(&short),
        Some(&record),
        Timestamp(NOW.0 + 30 * DAY_MS - 1),
    );
    assert_eq!(s.view().surface, Surface::Hidden);
    let (s, _) = start(short, Some(&record), NOW.plus_days(30));
    assert_eq!(s.view().surface, Surface::Banner);
    assert!(
        !s.view().notice,
        "an expired choice is asked afresh, without a change notice"
    );
}

// ---- Global Privacy Control ---------------------------------------------------------------

#[test]
fn gpc_keeps_marketing_and_ad_types_denied_even_on_accept_all() {
    let (mut session, _) = start_gpc(sample(), None, NOW);
    assert!(session.view().gpc);
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    let record = ConsentRecord::decode(&stored(&effects)).unwrap();
    assert_eq!(record.method, Method::AcceptAll);
    assert!(record.categories["analytics"]);
    assert!(!record.categories["marketing"]);
    assert!(!record.services["youtube"] && !record.services["ads"]);
    let update = update_of(&effects);
    assert!(update.is_granted(ConsentType::AnalyticsStorage));
    for t in ConsentType::ALL.into_iter().filter(|t| t.is_ad()) {
        assert!(!update.is_granted(t), "{}", t.name());
    }
}

#[test]
fn gpc_locks_the_marketing_toggles() {
    let (mut session, _) = start_gpc(sample(), None, NOW);
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    session.dispatch(Action::SetCategory("marketing".into(), true), env(NOW, 1));
    session.dispatch(Action::SetService("youtube".into(), true), env(NOW, 1));
    let draft = session.view().draft;
    assert!(!draft.categories["marketing"] && !draft.services["youtube"]);
    session.dispatch(Action::SetCategory("analytics".into(), true), env(NOW, 1));
    assert!(
        session.view().draft.categories["analytics"],
        "other purposes stay free"
    );
    // The switches the preferences draw: necessary on and fixed, marketing off and fixed by
    // the signal (its service too), analytics as drafted and free.
    let view = session.view();
    let config = sample();
    let category = |id: &str| config.categories.iter().find(|c| c.id == id).unwrap();
    let switch = |id: &str, service: Option<&str>| view.switch(category(id), service);
    assert_eq!(
        switch("necessary", None),
        Switch {
            on: true,
            fixed: Some(Fixed::Required)
        }
    );
    assert_eq!(
        switch("marketing", None),
        Switch {
            on: false,
            fixed: Some(Fixed::Gpc)
        }
    );
    assert_eq!(
        switch("marketing", Some("youtube")),
        Switch {
            on: false,
            fixed: Some(Fixed::Gpc)
        }
    );
    assert_eq!(
        switch("analytics", None),
        Switch {
            on: true,
            fixed: None
        }
    );
    assert_eq!(
        switch("analytics", Some("ga4")),
        Switch {
            on: true,
            fixed: None
        }
    );
}

#[test]
fn gpc_withdraws_a_stored_grant_as_a_decision_of_its_own() {
    let old = accepted_record();
    let old_id = ConsentRecord::decode(&old).unwrap().id;
    let (session, effects) = start_gpc(with_proof(SAMPLE), Some(&old), LATER);
    golden("gpc-applied.effects", &lines(&effects).join("\n"));
    let record = ConsentRecord::decode(&stored(&effects)).unwrap();
    assert_eq!(record.method, Method::Gpc);
    assert!(!record.categories["marketing"] && record.categories["analytics"]);
    let receipt = &receipts(&effects)[0];
    assert_eq!(receipt["method"], "gpc");
    assert_eq!(receipt["gpc"], true);
    assert_eq!(receipt["previousConsentId"], old_id.as_str());
    assert_eq!(session.view().surface, Surface::Hidden);
    // Once applied, the same page view with the same signal decides nothing more.
    let (_, again) = start_gpc(with_proof(SAMPLE), Some(&record.encode()), LATER);
    assert!(!has(&again, "store"));
}

#[test]
fn neither_gpc_nor_its_absence_grants_anything() {
    for (session, effects) in [first_visit(), start_gpc(sample(), None, NOW)] {
        assert_eq!(session.view().surface, Surface::Banner);
        assert!(!session.allows("analytics") && !session.allows("marketing"));
        assert!(!has(&effects, "store") && !has(&effects, "inject"));
    }
}

// ---- other tabs ---------------------------------------------------------------------------

#[test]
fn a_decision_in_another_tab_applies_here_without_storing_again() {
    let (mut here, _) = first_visit();
    let (mut there, _) = first_visit();
    let record = stored(&there.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1)));
    let effects = here.dispatch(Action::StorageChanged(Some(parsed(&record))), env(NOW, 2));
    golden("other-tab-accept.effects", &lines(&effects).join("\n"));
    assert!(!has(&effects, "store") && !has(&effects, "send receipt") && !has(&effects, "reload"));
    assert!(here.allows("analytics"));
    assert_eq!(here.view().surface, Surface::Hidden);
    assert!(
        here.dispatch(Action::StorageChanged(Some(parsed(&record))), env(NOW, 3))
            .is_empty(),
        "the same record twice changes nothing"
    );

    let withdrawn = stored(&there.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 4)));
    let effects = here.dispatch(
        Action::StorageChanged(Some(parsed(&withdrawn))),
        env(NOW, 5),
    );
    assert!(!update_of(&effects).is_granted(ConsentType::AnalyticsStorage));
    assert!(has(&effects, "delete cookies"));
    assert!(!has(&effects, "reload"), "another tab is never reloaded");
    assert!(!here.allows("analytics"));

    let effects = here.dispatch(Action::StorageChanged(None), env(NOW, 6));
    assert!(has(&effects, "gtag consent update"));
    assert_eq!(
        here.view().surface,
        Surface::Banner,
        "a reset elsewhere asks again here"
    );
    assert!(here.consent().is_none());
}

#[test]
fn gpc_holds_here_against_another_tabs_grant() {
    // Another tab (without the signal, or a build that ignored it) stored an accept-all.
    let (mut here, _) = start_gpc(sample(), None, NOW);
    let (mut there, _) = first_visit();
    let record = stored(&there.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1)));
    here.dispatch(Action::StorageChanged(Some(parsed(&record))), env(NOW, 2));
    assert!(here.allows("analytics"));
    assert!(
        !here.allows("marketing"),
        "GPC still refuses marketing here"
    );
    assert!(!here.allows("youtube"));
}

#[test]
fn an_invalid_record_from_another_tab_counts_as_none() {
    let (mut here, _) = start(sample(), Some(&accepted_record()), NOW);
    here.dispatch(Action::StorageChanged(Some(parsed("{broken"))), env(NOW, 2));
    assert!(here.consent().is_none());
    assert!(!here.allows("analytics"));
}

// ---- proof of consent ---------------------------------------------------------------------

#[test]
fn every_decision_sends_one_receipt_chained_to_the_previous() {
    let (mut session, start_effects) = start(with_proof(SAMPLE), None, NOW);
    assert!(
        receipts(&start_effects).is_empty(),
        "starting is not a decision"
    );
    let first = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 0x11));
    let r1 = receipts(&first);
    assert_eq!(r1.len(), 1);
    let body = first
        .iter()
        .find_map(|e| match e {
            Effect::SendReceipt(p) => Some(p.body.clone()),
            _ => None,
        })
        .unwrap();
    golden("receipt.json", &body);
    assert!(lines(&first).contains(&"send receipt to /consent-receipts".to_string()));
    assert_eq!(r1[0]["schema"], 1);
    let text = SAMPLE.replacen('{', r#"{"proof": {"endpoint": "/consent-receipts"},"#, 1);
    assert_eq!(
        r1[0]["configHash"],
        consent_gate::core::receipt::sha256_hex(text.as_bytes()).as_str(),
        "the receipt names the config text it was decided on"
    );

    let second = session.dispatch(Action::RejectAll(Origin::Visitor), env(LATER, 0x22));
    let r2 = &receipts(&second)[0];
    assert_eq!(r2["previousConsentId"], r1[0]["consentId"]);
    assert_eq!(r2["method"], "reject-all");
    assert_eq!(r2["consentMode"]["analytics_storage"], "denied");

    let reset = session.dispatch(Action::Reset, env(LATER, 0x33));
    let r3 = &receipts(&reset)[0];
    assert_eq!(r3["method"], "withdraw");
    assert_eq!(r3["previousConsentId"], r2["consentId"]);
    assert_eq!(r3["categories"]["analytics"], false);

    let after = session.dispatch(Action::AcceptAll(Origin::Api), env(LATER, 0x44));
    let r4 = &receipts(&after)[0];
    assert_eq!(r4["method"], "api");
    assert_eq!(
        r4["previousConsentId"], r2["consentId"],
        "chained across the reset"
    );
}

#[test]
fn a_receipt_leaves_the_outbox_only_when_the_endpoint_took_it() {
    let (mut session, start_effects) = start(with_proof(SAMPLE), None, NOW);
    assert!(
        lines(&start_effects).contains(&"resend receipts".to_string()),
        "every page view sends again what earlier ones could not deliver"
    );
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 0x11));
    let pending = effects
        .iter()
        .find_map(|e| match e {
            Effect::SendReceipt(p) => Some(p.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(pending.attempts, 1);
    assert_eq!(
        pending.id,
        session.consent().unwrap().id,
        "its id is the consent id"
    );
    let failed = session.dispatch(
        Action::ReceiptSent(pending.id.clone(), Err("HTTP 503".into())),
        env(NOW, 0x12),
    );
    assert_eq!(
        lines(&failed),
        [format!(
            "log Warn: the receipt {} did not reach the proof endpoint (HTTP 503); it is kept and sent again on a later page view",
            pending.id
        )]
    );
    let took = session.dispatch(
        Action::ReceiptSent(pending.id.clone(), Ok(())),
        env(NOW, 0x13),
    );
    assert_eq!(lines(&took), [format!("receipt {} delivered", pending.id)]);
}

#[test]
fn no_endpoint_no_receipt() {
    let (mut session, _) = first_visit();
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    assert!(receipts(&effects).is_empty());
}

#[test]
fn the_texts_hash_changes_with_any_text_shown() {
    let hash = |c: &Config, notice: bool| texts_hash(c, &c.locale("en", &Texts::english()), notice);
    let base = sample();
    let same = sample();
    assert_eq!(hash(&base, false), hash(&same, false));
    assert_eq!(hash(&base, false).len(), 64);
    let reworded = config(&SAMPLE.replace("How the site is used.", "How you use the site."));
    assert_ne!(hash(&base, false), hash(&reworded, false));
    let renamed = config(&SAMPLE.replacen('{', r#"{"texts": {"acceptAll": "OK"},"#, 1));
    assert_ne!(hash(&base, false), hash(&renamed, false));
    assert_ne!(
        hash(&base, false),
        hash(&base, true),
        "the notice counts when shown"
    );
}

// ---- deletion -----------------------------------------------------------------------------

#[test]
fn withdrawal_deletes_declared_storage_keys_and_cookie_paths() {
    let json = SAMPLE.replacen(
        r#""ads": { "title": "Ad pixel", "provider": "AdCo",
                                          "cookies": [ { "name": "adco_id" } ] }"#,
        r#""ads": { "title": "Ad pixel", "provider": "AdCo",
                    "cookies": [ { "name": "adco_id", "path": "/shop" } ],
                    "localStorage": ["adco_state", "^adco:"] }"#,
        1,
    );
    assert_ne!(json, SAMPLE, "the replacement applied");
    let (mut session, _) = start(config(&json), None, NOW);
    let effects = session.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 1));
    let l = lines(&effects);
    assert!(
        l.contains(&"delete cookies ^_ga adco_id@/shop _ga ^_ga_ _gid ^_gat ^_gcl_".to_string()),
        "{l:#?}"
    );
    assert!(
        l.contains(&"delete storage adco_state ^adco:".to_string()),
        "{l:#?}"
    );
}

// ---- advanced Consent Mode ----------------------------------------------------------------

const ADVANCED: &str = r#"{
  "categories": {
    "analytics": { "title": "Analytics", "description": "Usage." },
    "marketing": { "title": "Marketing", "description": "Ads." }
  },
  "google": { "measurementId": "G-TEST123", "mode": "advanced", "waitForUpdate": 800,
              "regions": { "US": ["analytics_storage", "ad_storage"], "US-CA": [] },
              "urlPassthrough": true }
}"#;

#[test]
fn advanced_mode_loads_tags_with_denied_defaults_before_consent() {
    let (mut session, effects) = start(config(ADVANCED), None, NOW);
    golden("advanced-first-visit.effects", &lines(&effects).join("\n"));
    assert_eq!(session.view().surface, Surface::Banner);
    let accept = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    assert!(has(&accept, "gtag consent update") && !has(&accept, "inject"));
    let reject = session.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 2));
    assert!(
        !has(&reject, "reload"),
        "denied tags keep running in advanced mode: no reload"
    );
}

#[test]
fn gpc_removes_ad_types_from_advanced_region_defaults() {
    let (_, effects) = start_gpc(config(ADVANCED), None, NOW);
    let us = lines(&effects)
        .into_iter()
        .find(|l| l.ends_with("region=Some(\"US\")"))
        .unwrap();
    assert!(us.contains("\"ad_storage\":\"denied\""), "{us}");
    assert!(us.contains("\"analytics_storage\":\"granted\""), "{us}");
}

#[test]
fn basic_mode_is_the_default() {
    let (_, effects) = first_visit();
    assert!(!has(&effects, "inject"));
    assert!(!lines(&effects)[0].contains("wait_for_update"));
}
