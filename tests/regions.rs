//! Region rules (`regions`): which rule a visitor's region gets, what an opt-out rule grants
//! before a choice, Global Privacy Control where it is binding, what receipts and the plan
//! record, and the config's messages.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use std::rc::Rc;

use common::*;
use consent_gate::core::config::Config;
use consent_gate::core::consent::{Action, Facts, Origin, Session};
use consent_gate::core::effects::{Effect, Gtag};
use consent_gate::core::google::ConsentType;
use consent_gate::core::plan::{Kept, Page, encode};
use consent_gate::core::regions::{Model, covers, visitor_region};
use consent_gate::core::view::Surface;
use consent_gate::core::visit;

/// The issue's example: the EU, EEA, UK and Switzerland opt-in; US states where GPC is binding
/// law opt-out with GPC binding; everywhere else opt-out.
const RULES: &str = r#""regions": {"rules": [
    {"regions": ["EU", "EEA", "GB", "CH"], "model": "opt-in"},
    {"regions": ["US-CA", "US-CO", "US-CT", "US-NJ", "US-OR", "US-TX"], "model": "opt-out", "gpc": "binding"},
    {"regions": ["*"], "model": "opt-out"}
]},"#;

fn text() -> String {
    SAMPLE.replacen(
        '{',
        &format!(r#"{{"proof": {{"endpoint": "/receipts"}}, {RULES}"#),
        1,
    )
}

fn regional() -> Rc<Config> {
    config(&text())
}

/// A first visit from `region` (as the site gave it), with or without GPC.
fn visit(region: Option<&str>, gpc: bool) -> (Session, Vec<Effect>) {
    visit_with(regional(), region, gpc, None)
}

fn visit_with(
    config: Rc<Config>,
    region: Option<&str>,
    gpc: bool,
    stored: Option<&str>,
) -> (Session, Vec<Effect>) {
    Session::start(
        config,
        Facts {
            env: env(NOW, 7),
            gpc,
            stored: stored.map(parsed),
            policy_inline: false,
            declaration_inline: false,
            languages: Vec::new(),
            region: region.map(str::to_owned),
        },
    )
}

fn default_state(effects: &[Effect]) -> String {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Gtag(Gtag::ConsentDefault(s)) => Some(s.to_json()),
            _ => None,
        })
        .expect("a Consent Mode default")
}

fn loads_google(effects: &[Effect]) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::InjectScript(u) if u.contains("gtag/js")))
}

#[test]
fn a_visitor_in_the_eu_gets_the_banner_and_nothing_runs() {
    for region in ["DE", "de", "FR-75", "NO", "GB", "CH"] {
        let (session, effects) = visit(Some(region), false);
        let applied = session.applied().expect("a rule");
        assert_eq!(applied.model, Model::OptIn, "{region}");
        assert_eq!(applied.rule, 0, "{region}");
        assert_eq!(session.view().surface, Surface::Banner, "{region}");
        assert!(
            !loads_google(&effects),
            "{region}: Google waits for consent"
        );
        assert!(!session.allows("analytics"));
        assert!(default_state(&effects).contains(r#""analytics_storage":"denied""#));
    }
}

#[test]
fn a_visitor_in_texas_gets_no_banner_and_the_opt_out_defaults() {
    let (session, effects) = visit(Some("US-TX"), false);
    let view = session.view();
    assert_eq!(view.surface, Surface::Hidden, "no banner under opt-out");
    assert!(view.reopen, "the reopen control is there to object");
    assert!(session.allows("analytics") && session.allows("marketing"));
    assert!(
        session.consent().is_none(),
        "nothing is stored: no one decided"
    );
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Store(_))),
        "no record, no receipt, for a choice no one made"
    );
    let default = default_state(&effects);
    assert!(
        default.contains(r#""analytics_storage":"granted""#),
        "{default}"
    );
    assert!(default.contains(r#""ad_storage":"granted""#), "{default}");
    assert!(
        loads_google(&effects),
        "Google runs until the visitor objects"
    );
    assert!(!view.gpc_honoured, "no GPC: no notice");
}

#[test]
fn another_country_gets_the_catch_all_rule() {
    let (session, _) = visit(Some("JP"), false);
    let applied = session.applied().unwrap();
    assert_eq!((applied.rule, applied.model), (2, Model::OptOut));
    assert_eq!(applied.region.as_deref(), Some("JP"));
    // A country's own code covers its subdivisions; a subdivision only itself.
    assert!(covers("US", "US-CA") && !covers("US-CA", "US") && !covers("US-CA", "US-NV"));
    assert!(covers("EU", "DE-BY") && !covers("EU", "NO") && covers("EEA", "NO"));
}

#[test]
fn no_region_or_a_region_that_is_not_a_code_gets_the_strictest_rule() {
    for given in [
        None,
        Some(""),
        Some("XX"),
        Some("UK"),
        Some("Germany"),
        Some("T1"),
        Some("US-"),
    ] {
        let (session, effects) = visit(given, false);
        let applied = session.applied().unwrap();
        assert_eq!(applied.model, Model::OptIn, "{given:?}");
        assert_eq!(applied.region, None, "{given:?}");
        assert_eq!(session.view().surface, Surface::Banner, "{given:?}");
        assert!(!loads_google(&effects));
    }
    assert_eq!(visitor_region(" us-ca "), Some("US-CA".into()));
    // With only opt-out rules, the strictest is the one where GPC is binding.
    let only_opt_out = config(&SAMPLE.replacen(
        '{',
        r#"{"regions": {"rules": [{"regions": ["US"], "model": "opt-out"},
            {"regions": ["US-CA"], "model": "opt-out", "gpc": "binding"}]},"#,
        1,
    ));
    let (session, _) = visit_with(only_opt_out, Some("??"), true, None);
    let applied = session.applied().unwrap();
    assert_eq!((applied.rule, applied.model), (1, Model::OptOut));
    assert!(session.view().gpc_honoured);
}

#[test]
fn with_gpc_in_california_marketing_is_off_and_the_preferences_say_the_request_was_honoured() {
    let (mut session, effects) = visit(Some("US-CA"), true);
    assert!(
        session.allows("analytics"),
        "opt-out still grants analytics"
    );
    assert!(
        !session.allows("marketing"),
        "GPC opts out of sale and sharing"
    );
    let default = default_state(&effects);
    for t in [
        ConsentType::AdStorage,
        ConsentType::AdUserData,
        ConsentType::AdPersonalization,
    ] {
        assert!(
            default.contains(&format!(r#""{}":"denied""#, t.name())),
            "{default}"
        );
    }
    session.dispatch(Action::ShowPreferences, env(NOW, 8));
    let view = session.view();
    assert!(view.gpc_honoured, "the notice California requires");
    assert_eq!(view.draft.categories.get("marketing"), Some(&false));
    assert_eq!(view.draft.categories.get("analytics"), Some(&true));
    // The receipt of the visitor's choice records the rule and the signal.
    let effects = session.dispatch(Action::SavePreferences, env(NOW, 9));
    let receipt = &receipts(&effects)[0];
    assert_eq!(receipt["region"], "US-CA");
    assert_eq!(receipt["model"], "opt-out");
    assert_eq!(receipt["gpcBinding"], true);
    assert_eq!(receipt["gpc"], true);
    assert_eq!(receipt["categories"]["marketing"], false);
}

#[test]
fn gpc_where_it_is_not_binding_law_is_honoured_without_the_notice() {
    let (session, _) = visit(Some("JP"), true);
    assert!(!session.allows("marketing"), "GPC is honoured everywhere");
    assert!(!session.view().gpc_honoured);
    let (session, _) = visit(Some("DE"), true);
    assert!(!session.view().gpc_honoured);
}

#[test]
fn the_visitors_explicit_choice_wins_over_the_rule() {
    // Reject in Texas: a record, a receipt saying where, everything optional off.
    let (mut session, _) = visit(Some("US-TX"), false);
    session.dispatch(Action::ShowPreferences, env(NOW, 8));
    let effects = session.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 9));
    assert!(!session.allows("analytics") && !session.allows("marketing"));
    let update = effects
        .iter()
        .find_map(|e| match e {
            Effect::Gtag(Gtag::ConsentUpdate(s)) => Some(s.to_json()),
            _ => None,
        })
        .expect("a Consent Mode update");
    assert!(
        update.contains(r#""analytics_storage":"denied""#),
        "{update}"
    );
    assert!(
        effects.contains(&Effect::Reload),
        "Google ran: withdrawing reloads"
    );
    let receipt = &receipts(&effects)[0];
    assert_eq!(
        (&receipt["method"], &receipt["model"], &receipt["region"]),
        (
            &serde_json::json!("reject-all"),
            &serde_json::json!("opt-out"),
            &serde_json::json!("US-TX")
        )
    );
    // The next page view keeps the rejection, with no banner.
    let record = stored(&effects);
    let (session, effects) = visit_with(regional(), Some("US-TX"), false, Some(&record));
    assert!(!session.allows("analytics"));
    assert!(!loads_google(&effects));
    assert_eq!(session.view().surface, Surface::Hidden);
    // An acceptance in Germany holds there too.
    let (mut session, _) = visit(Some("DE"), false);
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 9));
    let record = stored(&effects);
    let (session, _) = visit_with(regional(), Some("DE"), false, Some(&record));
    assert!(session.allows("marketing"));
    assert_eq!(session.view().surface, Surface::Hidden);
}

#[test]
fn after_a_withdrawal_or_a_new_revision_the_banner_asks_even_under_opt_out() {
    // A reset is the visitor's own act: nothing optional runs until they decide again.
    let (mut session, _) = visit(Some("US-TX"), false);
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 9));
    let record = stored(&effects);
    session.dispatch(Action::Reset, env(NOW, 10));
    assert_eq!(session.view().surface, Surface::Banner);
    assert!(!session.allows("analytics"));
    // A new revision asks every visitor again; an earlier objection is never turned into a
    // grant by the rule.
    let revised = config(&text().replacen(r#""revision": 1"#, r#""revision": 2"#, 1));
    let (session, effects) = visit_with(revised, Some("US-TX"), false, Some(&record));
    assert_eq!(session.view().surface, Surface::Banner);
    assert!(!session.allows("analytics"));
    assert!(!loads_google(&effects));
}

#[test]
fn a_withdrawal_holds_on_the_next_page_views_under_opt_out_with_no_plan_and_no_grant() {
    let config = regional();
    let (mut session, effects) = visit(Some("US-TX"), false);
    let id = session_id(&stored(
        &session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 9)),
    ));
    drop(effects);
    let effects = session.dispatch(Action::Reset, env(NOW, 10));
    // The record goes; its withdrawal stays in its place.
    let kept = effects
        .iter()
        .find_map(|e| match e {
            Effect::ForgetStored(kept) => Some(kept.clone()),
            _ => None,
        })
        .expect("forgotten")
        .expect("under region rules, the withdrawal is kept");
    assert_eq!(kept, format!(r#"{{"withdrawn":"{id}"}}"#));
    // The next page view, in Texas: the banner asks, nothing optional runs or loads.
    let (mut next, effects) = visit_with(config.clone(), Some("US-TX"), false, Some(&kept));
    assert_eq!(next.view().surface, Surface::Banner);
    assert!(!next.allows("analytics"));
    assert!(!loads_google(&effects));
    assert!(default_state(&effects).contains(r#""analytics_storage":"denied""#));
    // No plan either: the bootstrap would otherwise carry out the rule's grant.
    let page = Page {
        config_text: &text(),
        record: Some(Kept {
            text: &kept,
            stored: &parsed(&kept),
        }),
        now: NOW,
        gpc: false,
        region: Some("US-TX"),
        languages: &[],
        locale: None,
    };
    assert_eq!(encode(&config, &page), None);
    // The next decision replaces it, and its receipt names the withdrawn record.
    let effects = next.dispatch(Action::RejectAll(Origin::Visitor), env(NOW, 11));
    assert!(stored(&effects).contains(r#""method":"reject-all""#));
    assert_eq!(receipts(&effects)[0]["previousConsentId"], id.as_str());
    // Without region rules a reset leaves nothing, as before.
    let (mut plain, _) = visit_with(sample(), Some("US-TX"), false, None);
    plain.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 9));
    let effects = plain.dispatch(Action::Reset, env(NOW, 10));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::ForgetStored(None)))
    );
    // A withdrawal that does not read (not a UUID) counts as nothing stored.
    let (_, effects) = visit_with(
        regional(),
        Some("US-TX"),
        false,
        Some(r#"{"withdrawn":"x"}"#),
    );
    assert!(
        loads_google(&effects),
        "an opt-out visitor with nothing valid stored"
    );
}

fn session_id(record: &str) -> String {
    serde_json::from_str::<serde_json::Value>(record).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn without_regions_everything_is_as_before() {
    let (session, effects) = visit_with(sample(), Some("US-TX"), false, None);
    assert!(session.applied().is_none());
    assert_eq!(session.view().surface, Surface::Banner);
    assert!(!loads_google(&effects));
    let (_, effects) = first_visit();
    assert!(!receipts(&effects).iter().any(|r| r.get("model").is_some()));
}

#[test]
fn the_plan_holds_for_its_region_and_carries_its_defaults() {
    let config = regional();
    let (mut session, _) = visit(Some("US-TX"), false);
    let effects = session.dispatch(Action::AcceptAll(Origin::Visitor), env(NOW, 9));
    let record = stored(&effects);
    let stored = parsed(&record);
    let plan = |region: Option<&str>| {
        let page = Page {
            config_text: &text(),
            record: Some(Kept {
                text: &record,
                stored: &stored,
            }),
            now: NOW,
            gpc: false,
            region,
            languages: &[],
            locale: None,
        };
        serde_json::from_str::<serde_json::Value>(&encode(&config, &page).unwrap()).unwrap()
    };
    assert_eq!(plan(Some("US-TX"))["region"], "US-TX");
    assert_eq!(plan(None)["region"], serde_json::Value::Null);
    // A choice in force: the default is the one before any choice, whatever the region, then
    // the update says the choice (as the full build does).
    let texas = visit::returning(&config, &stored, NOW, false).unwrap();
    assert!(default_state(&texas.effects).contains(r#""analytics_storage":"denied""#));
    let (session, effects) = visit_with(regional(), Some("US-TX"), false, Some(&record));
    assert!(default_state(&effects).contains(r#""analytics_storage":"denied""#));
    assert!(session.allows("analytics"));
}

/// Asserts that `regions` (the section's JSON) is refused with exactly these messages.
#[track_caller]
fn refused(regions: &str, expected: &[&str]) {
    let json = SAMPLE.replacen('{', &format!(r#"{{"regions": {regions},"#), 1);
    match Config::parse(&json) {
        Ok(_) => panic!("config should be refused: {regions}"),
        Err(errors) => {
            let actual: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
            let expected: Vec<String> = expected.iter().map(|e| message(e)).collect();
            assert_eq!(actual, expected);
        }
    }
}

/// `path: problem` as the config's errors print it.
fn message(e: &str) -> String {
    let (path, problem) = e.split_once(": ").expect("path: problem");
    format!("config field `{path}`: {problem}")
}

#[test]
fn config_errors_name_the_field_and_the_valid_names() {
    refused(
        r#"{"rules": [{"regions": ["DE"], "model": "opt-in"}, {"regions": ["*"], "model": "optout"}]}"#,
        &[r#"regions.rules[1].model: "optout" is not one of opt-in, opt-out"#],
    );
    refused(
        r#"{"rules": [{"regions": ["UK", "Europe", "US-CA"], "model": "opt-in"}]}"#,
        &[
            r#"regions.rules[0].regions[0]: "UK" is not a region: an ISO 3166-1 country such as "DE" or "GB", an ISO 3166-2 subdivision such as "US-CA", a group (EU, EEA) or "*" (the United Kingdom is "GB")"#,
            r#"regions.rules[0].regions[1]: "Europe" is not a region: an ISO 3166-1 country such as "DE" or "GB", an ISO 3166-2 subdivision such as "US-CA", a group (EU, EEA) or "*""#,
        ],
    );
    refused(
        r#"{"rules": [{"regions": ["US-CA"], "model": "opt-out", "gpc": "yes"}]}"#,
        &[
            r#"regions.rules[0].gpc: "yes" is not one of binding (leave it out where the signal is not binding law)"#,
        ],
    );
    refused(
        r#"{"rules": [{"regions": ["*"], "model": "opt-out"}, {"regions": ["US-CA"], "model": "opt-out", "gpc": "binding"}]}"#,
        &[r#"regions.rules[1]: never applies: regions.rules[0] covers every region ("*")"#],
    );
    refused(
        r#"{"rules": []}"#,
        &["regions.rules: needs at least one rule"],
    );
    refused(
        r#"{"rules": [{"model": "opt-in"}]}"#,
        &["regions.rules[0].regions: required: the regions this rule covers"],
    );
    refused(
        r#"{"rules": [{"regions": ["DE"]}]}"#,
        &["regions.rules[0].model: missing (expected a string)"],
    );
    // Consent Mode's region defaults come from the rules: not both.
    let both = text().replacen(
        r#""google": {"#,
        r#""google": {"mode": "advanced", "regions": {"US": ["analytics_storage"]}, "#,
        1,
    );
    let errors = Config::parse(&both).unwrap_err();
    assert_eq!(
        errors.0[0].to_string(),
        message(
            "google.regions: not with `regions`: the region rules give Consent Mode's defaults (docs/regions.md)"
        )
    );
}

#[test]
fn the_bootstrap_knows_the_same_member_states() {
    // embed/bootstrap/paint.js decides whether a first visit's banner is sure under region
    // rules (the early banner), with its own copy of the list.
    let paint = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/embed/bootstrap/paint.js"
    ))
    .unwrap();
    let eu = consent_gate::core::regions::EU.concat();
    assert!(
        paint.contains(&format!("var EU = \"{eu}\";")),
        "paint.js's EU is {eu}"
    );
    let eea = consent_gate::core::regions::EEA_ONLY.concat();
    assert!(
        paint.contains(&format!("p === \"EEA\" ? EU + \"{eea}\"")),
        "paint.js's EEA is EU + {eea}"
    );
}
