//! Microsoft's consent signals (issue 19) for each decision: UET's consent mode default and
//! updates, Clarity's `consentv2`, and the two tags, loaded once the Consent Mode type that
//! Microsoft ties each to is granted (the categories that grant Google's), never with Global
//! Privacy Control for `ad_storage`.

#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use std::rc::Rc;

use common::*;
use consent_gate::core::config::Config;
use consent_gate::core::consent::{Action, Origin};
use consent_gate::core::effects::{Effect, MicrosoftCommand as Ms};
use consent_gate::core::microsoft::Signal;
use consent_gate::core::time::{DAY_MS, Timestamp};
use consent_gate::core::visit::returning;

fn microsoft() -> Rc<Config> {
    config(&config_file("valid/microsoft"))
}

/// The Microsoft commands among `effects`, in order.
fn commands(effects: &[Effect]) -> Vec<Ms> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Microsoft(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

const fn signal(ad_storage: bool, analytics_storage: bool) -> Signal {
    Signal {
        ad_storage,
        analytics_storage,
    }
}

fn uet_tag() -> Ms {
    Ms::UetTag(microsoft().microsoft.uet_id.clone().unwrap())
}

fn clarity_tag() -> Ms {
    Ms::ClarityTag(microsoft().microsoft.clarity_id.clone().unwrap())
}

fn position(effects: &[Effect], wanted: impl Fn(&Effect) -> bool) -> usize {
    effects
        .iter()
        .position(wanted)
        .expect("the effect is there")
}

#[test]
fn a_first_visit_queues_the_denied_default_and_loads_nothing() {
    let (_, effects) = start(microsoft(), None, NOW);
    assert_eq!(commands(&effects), [Ms::UetDefault(signal(false, false))]);
    // With Google's default, before anything the visitor could decide.
    let google = position(&effects, |e| matches!(e, Effect::Gtag(_)));
    let uet = position(&effects, |e| matches!(e, Effect::Microsoft(_)));
    assert!(google < uet);
}

#[test]
fn accept_all_grants_both_then_loads_both_tags_after_the_updates() {
    let (mut session, _) = start(microsoft(), None, NOW);
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    assert_eq!(
        commands(&effects),
        [
            Ms::UetUpdate(signal(true, true)),
            Ms::Clarity(signal(true, true)),
            uet_tag(),
            clarity_tag(),
        ]
    );
    // Loaded once: deciding again sends the updates, not the tags.
    let again = session.dispatch(Action::AcceptAll(Origin::Api), env(NOW, 2));
    assert_eq!(
        commands(&again),
        [
            Ms::UetUpdate(signal(true, true)),
            Ms::Clarity(signal(true, true))
        ]
    );
}

#[test]
fn reject_all_sends_the_denied_updates_and_loads_nothing() {
    let (mut session, _) = start(microsoft(), None, NOW);
    let effects = session.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 1));
    assert_eq!(
        commands(&effects),
        [
            Ms::UetUpdate(signal(false, false)),
            Ms::Clarity(signal(false, false))
        ]
    );
}

#[test]
fn analytics_only_loads_clarity_with_ad_storage_denied() {
    let (mut session, _) = start(microsoft(), None, NOW);
    session.dispatch(Action::SetCategory("analytics".into(), true), env(NOW, 1));
    let effects = session.dispatch(Action::SavePreferences, env(NOW, 2));
    assert_eq!(
        commands(&effects),
        [
            Ms::UetUpdate(signal(false, true)),
            Ms::Clarity(signal(false, true)),
            clarity_tag(),
        ]
    );
}

#[test]
fn withdrawal_denies_both_deletes_their_cookies_and_reloads() {
    let (mut session, _) = start(microsoft(), None, NOW);
    session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    let effects = session.dispatch(Action::Reset, env(NOW, 2));
    assert_eq!(
        commands(&effects),
        [
            Ms::UetUpdate(signal(false, false)),
            Ms::Clarity(signal(false, false))
        ]
    );
    let lines = describe(&effects);
    let deleted = lines
        .iter()
        .find(|l| l.starts_with("delete cookies"))
        .expect("cookies deleted");
    for name in ["_uetsid", "_uetvid", "_uetmsclkid", "_clck", "_clsk"] {
        assert!(deleted.split(' ').any(|n| n == name), "{name}: {deleted}");
    }
    assert!(effects.contains(&Effect::Reload), "the tags ran: {lines:?}");
}

#[test]
fn another_tabs_decision_and_withdrawal_reach_microsoft_here() {
    let config = microsoft();
    let (mut there, _) = start(Rc::clone(&config), None, NOW);
    let record = stored(&there.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1)));
    let (mut here, _) = start(config, None, NOW);
    let effects = here.dispatch(Action::StorageChanged(Some(parsed(&record))), env(NOW, 2));
    assert_eq!(
        commands(&effects),
        [
            Ms::UetUpdate(signal(true, true)),
            Ms::Clarity(signal(true, true)),
            uet_tag(),
            clarity_tag(),
        ]
    );
    let effects = here.dispatch(Action::StorageChanged(None), env(NOW, 3));
    assert_eq!(
        commands(&effects),
        [
            Ms::UetUpdate(signal(false, false)),
            Ms::Clarity(signal(false, false))
        ]
    );
}

#[test]
fn global_privacy_control_keeps_ad_storage_denied_and_uet_unloaded() {
    let (mut session, first) = start_gpc(microsoft(), None, NOW);
    assert_eq!(commands(&first), [Ms::UetDefault(signal(false, false))]);
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    assert_eq!(
        commands(&effects),
        [
            Ms::UetUpdate(signal(false, true)),
            Ms::Clarity(signal(false, true)),
            clarity_tag(),
        ]
    );
}

#[test]
fn a_returning_visit_sends_default_and_update_before_the_tags() {
    let config = microsoft();
    let (mut session, _) = start(Rc::clone(&config), None, NOW);
    let record = stored(&session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1)));
    let later = Timestamp(NOW.0 + DAY_MS);
    let visit = returning(&config, &parsed(&record), later, false).expect("the choice holds");
    assert_eq!(
        commands(&visit.effects),
        [
            Ms::UetDefault(signal(false, false)),
            Ms::UetUpdate(signal(true, true)),
            Ms::Clarity(signal(true, true)),
            uet_tag(),
            clarity_tag(),
        ]
    );
    // The full build's start on the same page view does the same (the plan is its conclusion).
    let (_, full) = start(config, Some(&record), later);
    assert_eq!(commands(&full), commands(&visit.effects));
}

#[test]
fn without_microsoft_ids_nothing_is_sent_to_microsoft() {
    let (mut session, first) = first_visit();
    assert!(commands(&first).is_empty());
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 1));
    assert!(commands(&effects).is_empty());
}
