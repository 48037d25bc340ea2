//! The returning visitor's page view as the gate decides it (`core::visit::returning`), held
//! against the full build's `Session::start` on the same config, record, time and signal: the
//! two must do exactly the same, or hand the page view over.

#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use common::*;
use consent_gate::core::consent::{Action, Origin};
use consent_gate::core::effects::Effect;
use consent_gate::core::record::ConsentRecord;
use consent_gate::core::time::{DAY_MS, Timestamp};
use consent_gate::core::visit::{Unusual, after_gate, returning};

/// The stored record a first visit's decision writes.
fn decided(action: Action) -> String {
    let (mut first, _) = first_visit();
    first
        .dispatch(action, env(NOW, 3))
        .into_iter()
        .find_map(|e| match e {
            Effect::Store(record) => Some(record),
            _ => None,
        })
        .expect("a decision stores a record")
}

#[test]
fn the_gate_does_what_the_full_build_does_for_a_returning_visitor() {
    let later = Timestamp(NOW.0 + 10 * DAY_MS);
    for action in [
        Action::AcceptAll(Origin::Visitor),
        Action::RejectAll(Origin::Visitor),
        Action::AcceptAll(Origin::Api),
    ] {
        let record = decided(action.clone());
        for config in [
            sample(),
            config(&SAMPLE.replace(
                "\"measurementId\"",
                "\"mode\": \"advanced\", \"measurementId\"",
            )),
        ] {
            let (_, full) = start(config.clone(), Some(&record), later);
            let gate = returning(&config, &parsed(&record), later, false).expect("in force");
            assert_eq!(gate.effects, carried_out(&full), "{action:?}");
            let stored = ConsentRecord::from_json(&parsed(&record).unwrap()).unwrap();
            assert_eq!(gate.record, stored);
        }
    }
}

#[test]
fn anything_unusual_goes_to_the_full_build() {
    let record = decided(Action::AcceptAll(Origin::Visitor));
    let config = sample();
    let at = |days: u64| Timestamp(NOW.0 + days * DAY_MS);
    assert_eq!(
        returning(&config, &parsed("{}"), at(1), false),
        Err(Unusual::NoChoiceInForce)
    );
    assert_eq!(
        returning(&config, &Err("not JSON".into()), at(1), false),
        Err(Unusual::NoChoiceInForce)
    );
    assert_eq!(
        returning(&config, &parsed(&record), at(400), false),
        Err(Unusual::NoChoiceInForce),
        "expired"
    );
    let new_revision = common::config(&SAMPLE.replace("\"revision\": 1", "\"revision\": 2"));
    assert_eq!(
        returning(&new_revision, &parsed(&record), at(1), false),
        Err(Unusual::NoChoiceInForce),
        "another revision"
    );
    assert_eq!(
        returning(&config, &parsed(&record), at(1), true),
        Err(Unusual::GpcWithdraws),
        "GPC refuses the stored marketing grant"
    );
    let rejected = decided(Action::RejectAll(Origin::Visitor));
    assert!(
        returning(&config, &parsed(&rejected), at(1), true).is_ok(),
        "GPC and a rejection agree: nothing to withdraw"
    );
}

#[test]
fn the_full_build_taking_over_from_the_gate_repeats_nothing_it_did() {
    let later = Timestamp(NOW.0 + 10 * DAY_MS);
    let record = decided(Action::AcceptAll(Origin::Visitor));
    let config = sample();
    let (_, full) = start(config.clone(), Some(&record), later);
    let gate = returning(&config, &parsed(&record), later, false)
        .unwrap()
        .effects;
    let rest = after_gate(full.clone());
    for effect in &gate {
        assert!(
            *effect == Effect::Activate || !rest.contains(effect),
            "done twice: {effect:?}"
        );
    }
    for effect in &full {
        assert!(
            gate.contains(effect)
                || rest.contains(effect)
                || matches!(effect, Effect::Notify(_) | Effect::ResendReceipts),
            "lost: {effect:?}"
        );
    }
    assert!(
        rest.iter().any(|e| matches!(e, Effect::Render(_))),
        "the interface draws"
    );
}
