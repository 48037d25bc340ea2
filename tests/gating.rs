//! Which marked elements run, for which markup and which choices.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use common::*;
use consent_gate::core::consent::{Action, Origin};
use consent_gate::core::gating::{Decision, Marker, MarkerAttrs};

fn consent(v: &str) -> MarkerAttrs<'_> {
    MarkerAttrs {
        consent: Some(v),
        ..MarkerAttrs::default()
    }
}

#[track_caller]
fn marker(attrs: MarkerAttrs<'_>) -> Marker {
    Marker::parse(attrs, &sample()).unwrap()
}

#[track_caller]
fn markup_error(attrs: MarkerAttrs<'_>) -> String {
    Marker::parse(attrs, &sample()).unwrap_err().to_string()
}

#[test]
fn reads_all_the_markup_forms() {
    assert_eq!(marker(consent("analytics")).purpose, "analytics");
    let ga = marker(consent("ga4"));
    assert_eq!(
        (ga.purpose.as_str(), ga.category.as_str()),
        ("ga4", "analytics")
    );
    let vanilla = marker(MarkerAttrs {
        category: Some("marketing"),
        service: Some("youtube"),
        ..MarkerAttrs::default()
    });
    assert_eq!(
        (vanilla.purpose.as_str(), vanilla.category.as_str()),
        ("youtube", "marketing")
    );
    assert!(marker(consent("!marketing")).negated);
}

#[test]
fn unknown_names_are_errors_that_say_what_exists() {
    assert_eq!(
        markup_error(consent("analytic")),
        "data-consent=\"analytic\" names no category or service in the config (categories: necessary, analytics, marketing; services: ga4, youtube, ads)"
    );
    assert_eq!(
        markup_error(MarkerAttrs {
            category: Some("marketing"),
            service: Some("ga4"),
            ..MarkerAttrs::default()
        }),
        "data-service=\"ga4\" belongs to category `analytics`, not `marketing`"
    );
    assert_eq!(
        markup_error(MarkerAttrs {
            category: Some("analytics"),
            service: Some("hotjar"),
            ..MarkerAttrs::default()
        }),
        "data-service=\"hotjar\" names no service in the config (category `analytics` has: ga4)"
    );
    assert_eq!(
        markup_error(MarkerAttrs {
            category: Some("ga4"),
            ..MarkerAttrs::default()
        }),
        "data-category=\"ga4\" names no category in the config (it has: necessary, analytics, marketing)",
        "vanilla's data-category names categories only"
    );
}

#[test]
fn before_a_choice_only_necessary_runs() {
    let (session, _) = first_visit();
    assert_eq!(
        session.decide_marker(&marker(consent("necessary"))),
        Decision::Run
    );
    for m in ["analytics", "ga4", "marketing", "!analytics", "!marketing"] {
        assert_eq!(
            session.decide_marker(&marker(consent(m))),
            Decision::Wait,
            "{m}"
        );
    }
}

#[test]
fn after_a_choice_granted_purposes_and_denied_fallbacks_run() {
    let (mut session, _) = first_visit();
    session.dispatch(Action::ShowPreferences, env(NOW, 1));
    session.dispatch(Action::SetService("youtube".into(), true), env(NOW, 1));
    session.dispatch(Action::SavePreferences, env(NOW, 1));
    let run = |m: &str| session.decide_marker(&marker(consent(m)));
    assert_eq!(run("marketing"), Decision::Run);
    assert_eq!(run("youtube"), Decision::Run);
    assert_eq!(run("ads"), Decision::Wait);
    assert_eq!(run("analytics"), Decision::Wait);
    assert_eq!(run("ga4"), Decision::Wait);
    assert_eq!(run("!analytics"), Decision::Run);
    assert_eq!(run("!marketing"), Decision::Wait);
    assert_eq!(run("!necessary"), Decision::Wait);

    session.dispatch(Action::AcceptAll(Origin::Api), env(NOW, 2));
    assert_eq!(
        session.decide_marker(&marker(consent("ga4"))),
        Decision::Run
    );
}
