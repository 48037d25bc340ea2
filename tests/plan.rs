//! The plan the full build leaves for the next page view (`core::plan`): it is exactly the
//! returning visit the core decides (`core::visit::returning`), or under an opt-out region
//! rule the page view of a visitor who never decided (`core::visit::undecided_visit`), only
//! for the config text, the record, the region, the signal and the time it was decided for, and its tables answer every marked
//! element as `core::gating` does. The bootstrap's reading of it (`embed/bootstrap/plan.js`) is
//! modelled here by `judge` and checked end to end in `tests/e2e/split.test.mjs`.

#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use std::path::PathBuf;
use std::rc::Rc;

use common::*;
use consent_gate::core::config::Config;
use consent_gate::core::consent::{Action, Facts, Origin, Session};
use consent_gate::core::effects::{Effect, Gtag, MicrosoftCommand};
use consent_gate::core::gating::{Decision, Marker, MarkerAttrs};
use consent_gate::core::plan::{self, Kept, Page, encode, fingerprint};
use consent_gate::core::regions::Model;
use consent_gate::core::time::{DAY_MS, Timestamp};
use consent_gate::core::visit::{self, returning};
use serde_json::{Value, json};

/// Every valid config the tests know, with its text.
fn configs() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(String, String)> = std::fs::read_dir(root.join("tests/configs/valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    let demo = std::fs::read_to_string(root.join("www/config.json")).unwrap();
    out.push(("www/config.json".into(), demo));
    out
}

/// The record a visitor's decision stores.
fn decided(config: &Rc<Config>, action: Action) -> String {
    let (mut session, _) = start(Rc::clone(config), None, NOW);
    stored(&session.dispatch(action, env(NOW, 5)))
}

fn plan_for(
    config: &Config,
    text: &str,
    record: &str,
    now: Timestamp,
    gpc: bool,
    languages: &[String],
) -> Option<Value> {
    let stored = parsed(record);
    let page = Page {
        config_text: text,
        record: Some(Kept {
            text: record,
            stored: &stored,
        }),
        now,
        gpc,
        region: None,
        languages,
        locale: None,
    };
    encode(config, &page).map(|p| serde_json::from_str(&p).expect("a plan is JSON"))
}

/// What the bootstrap does with one effect, written independently of `core::plan`.
fn expected_step(effect: &Effect) -> Value {
    let state = |s: &consent_gate::core::google::ConsentState| {
        let mut m = serde_json::Map::new();
        for (k, v) in s.entries() {
            m.insert(k.into(), v.into());
        }
        m
    };
    match effect {
        Effect::Gtag(Gtag::ConsentDefault(s)) => json!(["gtag", ["consent", "default", state(s)]]),
        Effect::Gtag(Gtag::ConsentDefaultAdvanced {
            state: s,
            wait_for_update,
            region,
        }) => {
            let mut m = state(s);
            m.insert("wait_for_update".into(), json!(wait_for_update));
            if let Some(r) = region {
                m.insert("region".into(), json!([r]));
            }
            json!(["gtag", ["consent", "default", m]])
        }
        Effect::Gtag(Gtag::ConsentUpdate(s)) => json!(["gtag", ["consent", "update", state(s)]]),
        Effect::Gtag(Gtag::Set(name, value)) => json!(["gtag", ["set", name, value]]),
        Effect::Gtag(Gtag::Js) => json!(["gtag", ["js"]]),
        Effect::Gtag(Gtag::Config(id)) => json!(["gtag", ["config", id.as_str()]]),
        Effect::DataLayerEvent(granted) => {
            let m: serde_json::Map<String, Value> =
                granted.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            json!(["event", m])
        }
        Effect::GtmStart => json!(["gtm"]),
        Effect::Microsoft(command) => microsoft_step(command),
        Effect::InjectScript(url) => json!(["script", url]),
        Effect::Activate => json!(["activate"]),
        other => panic!("a returning visit does not {other:?}"),
    }
}

/// What the bootstrap's `microsoft(step)` is given for one command, written independently of
/// `core::microsoft`.
fn microsoft_step(command: &MicrosoftCommand) -> Value {
    let g = |on: bool| if on { "granted" } else { "denied" };
    match command {
        MicrosoftCommand::UetDefault(s) => {
            json!(["uet", ["consent", "default", {"ad_storage": g(s.ad_storage)}]])
        }
        MicrosoftCommand::UetUpdate(s) => {
            json!(["uet", ["consent", "update", {"ad_storage": g(s.ad_storage)}]])
        }
        MicrosoftCommand::UetTag(id) => {
            json!(["uet-tag", "https://bat.bing.com/bat.js", id.as_str()])
        }
        MicrosoftCommand::Clarity(s) => json!(["clarity", ["consentv2", {
            "ad_Storage": g(s.ad_storage),
            "analytics_Storage": g(s.analytics_storage),
        }]]),
        MicrosoftCommand::ClarityTag(id) => {
            json!([
                "clarity-tag",
                format!("https://www.clarity.ms/tag/{}", id.as_str())
            ])
        }
    }
}

/// The bootstrap's `judgeOf(plan)`, in Rust: `Some(true)` run, `Some(false)` wait, `None`
/// invalid.
fn judge(plan: &Value, attrs: MarkerAttrs<'_>) -> Option<bool> {
    let categories = plan["categories"].as_object().unwrap();
    let services = plan["services"].as_object().unwrap();
    let raw = attrs.consent.or(attrs.category)?.trim();
    let (negated, name) = match raw.strip_prefix('!') {
        Some(rest) => (true, rest.trim()),
        None => (false, raw),
    };
    let (category, mut purpose) = if categories.contains_key(name) {
        (name.to_owned(), name.to_owned())
    } else if attrs.consent.is_some() && services.contains_key(name) {
        (services[name][0].as_str()?.to_owned(), name.to_owned())
    } else {
        return None;
    };
    let service = attrs.service.unwrap_or("").trim();
    if !service.is_empty() {
        if services.get(service).and_then(|s| s[0].as_str()) != Some(category.as_str()) {
            return None;
        }
        purpose = service.to_owned();
    }
    let required = plan["required"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == category.as_str());
    if !negated && required {
        return Some(true);
    }
    Some(allows(plan, &purpose) != negated)
}

/// The bootstrap's `accepted(purpose)` from the plan.
fn allows(plan: &Value, purpose: &str) -> bool {
    plan["categories"]
        .get(purpose)
        .or_else(|| plan["services"].get(purpose).map(|s| &s[1]))
        .is_some_and(|v| v == true)
}

/// Markups a site may write for `config`: every category and service, negated, padded,
/// vanilla-cookieconsent's pair, and names the config does not have.
fn markups(config: &Config) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    let mut names: Vec<String> = vec!["nope".into(), String::new()];
    for c in &config.categories {
        names.push(c.id.clone());
        names.extend(c.services.iter().map(|s| s.id.clone()));
    }
    let mut out = Vec::new();
    for n in &names {
        for written in [n.clone(), format!("!{n}"), format!(" ! {n} ")] {
            out.push((Some(written.clone()), None, None));
            out.push((None, Some(written.clone()), None));
            for s in &names {
                out.push((None, Some(written.clone()), Some(s.clone())));
                out.push((Some(written.clone()), None, Some(format!(" {s}"))));
            }
        }
    }
    out
}

#[test]
fn every_valid_config_plans_exactly_the_returning_visit_the_core_decides() {
    let languages = vec!["en".to_owned()];
    let later = Timestamp(NOW.0 + 3 * DAY_MS);
    for (name, text) in configs() {
        let config = config(&text);
        for action in [
            Action::AcceptAll(Origin::Visitor),
            Action::RejectAll(Origin::Visitor),
        ] {
            let record = decided(&config, action);
            for gpc in [false, true] {
                let decided = returning(&config, &parsed(&record), later, gpc);
                let plan = plan_for(&config, &text, &record, later, gpc, &languages);
                let (Ok(visit), Some(plan)) = (&decided, &plan) else {
                    assert!(
                        decided.is_err() && plan.is_none(),
                        "{name} gpc {gpc}: a plan exactly when the choice holds"
                    );
                    continue;
                };
                let steps: Vec<Value> = visit.effects.iter().map(expected_step).collect();
                assert_eq!(plan["run"], Value::Array(steps), "{name} gpc {gpc}");
                assert_eq!(plan["fp"], fingerprint(&text), "{name}");
                assert_eq!(plan["record"], record.as_str(), "{name}");
                assert_eq!(plan["gpc"], gpc, "{name}");
                assert_eq!(plan["shared"], config.consent_domain.is_some(), "{name}");
                assert_eq!(plan["v"], plan::VERSION, "{name}");
                let choices = visit.record.choices();
                for c in &config.categories {
                    assert_eq!(
                        allows(plan, &c.id),
                        choices.allows(&config, &c.id),
                        "{name}"
                    );
                    for s in &c.services {
                        assert_eq!(allows(plan, &s.id), choices.allows(&config, &s.id));
                    }
                }
                assert!(!allows(plan, "nope") && !allows(plan, "__proto__"));
                for (consent, category, service) in markups(&config) {
                    let attrs = MarkerAttrs {
                        consent: consent.as_deref(),
                        category: category.as_deref(),
                        service: service.as_deref(),
                    };
                    let core = Marker::parse(attrs, &config)
                        .ok()
                        .map(|m| m.decide(&config, Some(&choices)) == Decision::Run);
                    assert_eq!(judge(plan, attrs), core, "{name}: {attrs:?}");
                }
            }
        }
    }
}

#[test]
fn a_plan_holds_exactly_while_the_record_is_in_force() {
    let config = sample();
    let record = decided(&config, Action::AcceptAll(Origin::Visitor));
    let plan = plan_for(&config, SAMPLE, &record, NOW, false, &[]).unwrap();
    let (from, until) = (
        plan["from"].as_u64().unwrap(),
        plan["until"].as_u64().unwrap(),
    );
    assert!(from < NOW.0 && NOW.0 < until);
    let ok = |t: u64| returning(&config, &parsed(&record), Timestamp(t), false).is_ok();
    assert!(
        ok(from) && ok(until - 1),
        "in force from `from` until just before `until`"
    );
    assert!(!ok(from - 1) && !ok(until), "and not a millisecond outside");
    assert_eq!(until, NOW.0 + u64::from(config.expiry_days) * DAY_MS);
}

#[test]
fn no_plan_when_the_next_page_view_needs_the_full_build() {
    let config = sample();
    let accepted = decided(&config, Action::AcceptAll(Origin::Visitor));
    let later = Timestamp(NOW.0 + DAY_MS);
    let none = |config: &Config, record: &str, now: Timestamp, gpc: bool| {
        plan_for(config, SAMPLE, record, now, gpc, &[]).is_none()
    };
    assert!(none(&config, "", later, false), "no record");
    assert!(
        none(&config, "{", later, false),
        "a record that does not read"
    );
    let expired = Timestamp(NOW.0 + 400 * DAY_MS);
    assert!(none(&config, &accepted, expired, false), "expired");
    let revised = self::config(&SAMPLE.replace("\"revision\": 1", "\"revision\": 2"));
    assert!(none(&revised, &accepted, later, false), "another revision");
    assert!(
        config.categories.iter().any(|c| c.gpc),
        "the sample has a category Global Privacy Control refuses"
    );
    assert!(
        none(&config, &accepted, later, true),
        "GPC withdraws a grant"
    );
    let rejected = decided(&config, Action::RejectAll(Origin::Visitor));
    assert!(
        !none(&config, &rejected, later, true),
        "GPC refuses nothing granted"
    );
}

#[test]
fn the_reopen_control_is_planned_in_the_page_language() {
    let config = sample();
    let record = decided(&config, Action::RejectAll(Origin::Visitor));
    let langs = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let plan = plan_for(
        &config,
        SAMPLE,
        &record,
        NOW,
        false,
        &langs(&["en-GB", "de"]),
    )
    .unwrap();
    assert_eq!(plan["reopen"]["key"], "en-GB,de");
    assert_eq!(
        plan["reopen"]["css"],
        config.look.theme.css(),
        "the theme; the bootstrap has the rest of the stylesheet"
    );
    let look = plan::reopen_look(&config, &langs(&["en-GB", "de"]));
    assert_eq!(plan["reopen"]["lang"], look.lang.as_str());
    assert_eq!(plan["reopen"]["label"], look.label.as_str());
    let off = self::config(&SAMPLE.replace(
        "\"revision\": 1,",
        "\"revision\": 1, \"reopenButton\": false,",
    ));
    assert!(
        plan_for(&off, SAMPLE, &record, NOW, false, &[]).unwrap()["reopen"].is_null(),
        "no control when the config turns it off"
    );
    golden(
        "plan.json",
        &serde_json::to_string_pretty(
            &plan_for(&config, SAMPLE, &record, NOW, false, &langs(&["en"])).unwrap(),
        )
        .unwrap(),
    );
}

#[test]
fn fingerprints_tell_texts_apart_as_the_bootstrap_computes_them() {
    assert_eq!(fingerprint(""), "cbf29ce484222325");
    assert_eq!(fingerprint("a"), "af63dc4c8601ec8c");
    // The same vector is checked against embed/bootstrap/plan.js's fingerprint in
    // tests/e2e/split.test.mjs (UTF-8 bytes, not UTF-16 units).
    assert_eq!(fingerprint("héllo wörld ✓ 日本"), "3b633055a39fae1b");
    assert_ne!(fingerprint(SAMPLE), fingerprint(&format!("{SAMPLE} ")));
}

#[test]
fn a_visitor_who_never_decided_has_a_plan_exactly_where_an_opt_out_rule_applies() {
    let later = Timestamp(NOW.0 + 3 * DAY_MS);
    // Every valid config, and each with the issue's rules added where it takes them (Google's
    // advanced mode, Tag Manager, Microsoft's tags, services and their markups).
    const RULES: &str = r#"{"regions": {"rules": [
        {"regions": ["EU", "EEA", "GB", "CH"], "model": "opt-in"},
        {"regions": ["US-CA", "US-TX"], "model": "opt-out", "gpc": "binding"},
        {"regions": ["*"], "model": "opt-out"}]},"#;
    let mut all = Vec::new();
    for (name, text) in configs() {
        all.push((name.clone(), text.clone()));
        let ruled = text.replacen('{', RULES, 1);
        if !text.contains("\"regions\"") && Config::parse(&ruled).is_ok() {
            all.push((format!("{name} with rules"), ruled));
        }
    }
    let mut planned = 0;
    for (name, text) in all {
        let config = config(&text);
        for region in [None, Some("DE"), Some("US-TX"), Some("US-CA"), Some("JP")] {
            for gpc in [false, true] {
                let page = Page {
                    config_text: &text,
                    record: None,
                    now: later,
                    gpc,
                    region,
                    languages: &[],
                    locale: None,
                };
                let plan = encode(&config, &page)
                    .map(|p| serde_json::from_str::<Value>(&p).expect("a plan is JSON"));
                let facts = Facts {
                    env: env(later, 4),
                    gpc,
                    stored: None,
                    policy_inline: false,
                    declaration_inline: false,
                    languages: Vec::new(),
                    region: region.map(str::to_owned),
                };
                let (session, full) = Session::start(Rc::clone(&config), facts);
                let applied = visit::applied(&config, region);
                let what = format!("{name} {region:?} gpc {gpc}");
                let Some((choices, effects)) =
                    visit::undecided_visit(&config, gpc, applied.as_ref())
                else {
                    assert!(plan.is_none(), "{what}: the banner asks first, no plan");
                    assert!(
                        applied.is_none_or(|a| a.model == Model::OptIn),
                        "{what}: only opt-in asks first"
                    );
                    continue;
                };
                planned += 1;
                assert_eq!(
                    effects,
                    carried_out(&full),
                    "{what}: what the full build does"
                );
                let plan = plan.expect("a plan under opt-out");
                let steps: Vec<Value> = effects.iter().map(expected_step).collect();
                assert_eq!(plan["run"], Value::Array(steps), "{what}");
                assert_eq!(plan["record"], Value::Null, "{what}: for no record");
                assert_eq!(plan["region"], json!(region), "{what}");
                assert_eq!(plan["gpc"], gpc, "{what}");
                assert!(plan["from"].as_u64().unwrap() < later.0, "{what}");
                for c in &config.categories {
                    assert_eq!(allows(&plan, &c.id), session.allows(&c.id), "{what}");
                    assert_eq!(allows(&plan, &c.id), choices.allows(&config, &c.id));
                    for s in &c.services {
                        assert_eq!(allows(&plan, &s.id), session.allows(&s.id), "{what}");
                    }
                }
            }
        }
    }
    assert!(planned >= 60, "the configs have opt-out rules ({planned})");
}
