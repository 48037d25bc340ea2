//! Shared helpers for the native tests of the core.
#![allow(dead_code)]

use std::path::PathBuf;
use std::rc::Rc;

use consent_gate::core::config::Config;
use consent_gate::core::consent::{Env, Facts, Session, Stored};
use consent_gate::core::effects::Effect;
use consent_gate::core::json::Json;
use consent_gate::core::time::Timestamp;

/// The config shape the architecture page promises to support, plus Google IDs. Tests derive
/// variants of it by replacing text, so keep its layout (`tests/configs/valid/sample-*.json`
/// are those variants, for `tests/schema/`).
pub const SAMPLE: &str = include_str!("../configs/valid/sample.json");

/// 2026-11-25T09:00:00.000Z
pub const NOW: Timestamp = Timestamp(1_795_597_200_000);

/// The text of `tests/configs/<name>.json` (`valid/minimal`).
#[track_caller]
pub fn config_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/configs")
        .join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[track_caller]
pub fn config(json: &str) -> Rc<Config> {
    match Config::parse(json) {
        Ok(c) => Rc::new(c),
        Err(e) => panic!("config should parse:\n{e}"),
    }
}

pub fn sample() -> Rc<Config> {
    config(SAMPLE)
}

pub fn env(now: Timestamp, seed: u8) -> Env {
    Env {
        now,
        random: [seed; 16],
    }
}

/// Starts a page view without Global Privacy Control.
pub fn start(config: Rc<Config>, stored: Option<&str>, now: Timestamp) -> (Session, Vec<Effect>) {
    Session::start(
        config,
        Facts {
            env: env(now, 99),
            gpc: false,
            stored: stored.map(parsed),
            policy_inline: false,
            declaration_inline: false,
            languages: Vec::new(),
            region: None,
        },
    )
}

/// Stored text as the shell hands it to the core: parsed, or why it is not JSON.
pub fn parsed(text: &str) -> Stored {
    Json::parse(text)
}

/// Starts a page view with Global Privacy Control.
pub fn start_gpc(
    config: Rc<Config>,
    stored: Option<&str>,
    now: Timestamp,
) -> (Session, Vec<Effect>) {
    Session::start(
        config,
        Facts {
            env: env(now, 98),
            gpc: true,
            stored: stored.map(parsed),
            policy_inline: false,
            declaration_inline: false,
            languages: Vec::new(),
            region: None,
        },
    )
}

/// A first visit to the sample config.
pub fn first_visit() -> (Session, Vec<Effect>) {
    start(sample(), None, NOW)
}

/// Compares `actual` with `tests/golden/<name>`; `UPDATE_GOLDEN=1` rewrites it.
#[track_caller]
pub fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        // Write then rename, so a test reading the same file never sees it half-written.
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, actual).expect("write golden file");
        std::fs::rename(&tmp, &path).expect("replace golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert_eq!(actual, expected, "golden file {name} differs");
}

/// A compact, readable line per effect, for golden files and order assertions.
pub fn describe(effects: &[Effect]) -> Vec<String> {
    use consent_gate::core::effects::Gtag;
    effects
        .iter()
        .map(|e| match e {
            Effect::Log(level, m) => format!("log {level:?}: {m}"),
            Effect::Gtag(Gtag::ConsentDefault(s)) => {
                format!("gtag consent default {}", s.to_json())
            }
            Effect::Gtag(Gtag::ConsentDefaultAdvanced {
                state,
                wait_for_update,
                region,
            }) => format!(
                "gtag consent default {} wait_for_update={wait_for_update} region={region:?}",
                state.to_json()
            ),
            Effect::Gtag(Gtag::Set(name, value)) => format!("gtag set {name} {value}"),
            Effect::Gtag(Gtag::ConsentUpdate(s)) => format!("gtag consent update {}", s.to_json()),
            Effect::Gtag(Gtag::Js) => "gtag js".into(),
            Effect::Gtag(Gtag::Config(id)) => format!("gtag config {id}"),
            Effect::GtmStart => "dataLayer gtm.start".into(),
            Effect::Microsoft(command) => format!("microsoft {}", command.step()),
            Effect::InjectScript(url) => format!("inject {url}"),
            Effect::LoadLanguage(tag) => format!("load language {tag}"),
            Effect::Store(_) => "store".into(),
            Effect::ForgetStored(None) => "forget stored".into(),
            Effect::ForgetStored(Some(kept)) => format!("forget stored, keep {kept}"),
            Effect::Activate => "activate".into(),
            Effect::DeleteCookies(rules) => format!(
                "delete cookies {}",
                rules
                    .iter()
                    .map(|r| if r.path == "/" {
                        r.name.as_str().to_owned()
                    } else {
                        format!("{}@{}", r.name, r.path)
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Effect::DeleteStorage(rules) => format!(
                "delete storage {}",
                rules
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Effect::SendReceipt(p) => format!("send receipt to {}", p.endpoint),
            Effect::ResendReceipts => "resend receipts".into(),
            Effect::ReceiptDelivered(id) => format!("receipt {id} delivered"),
            Effect::Render(v) => format!("render {:?} reopen={}", v.surface, v.reopen),
            Effect::Notify(ev) => format!("notify {}", ev.name()),
            Effect::Reload => "reload".into(),
            Effect::LoadPolicy(url) => format!("load policy {url}"),
            Effect::LoadPolicyModule => "load the policy build".into(),
            Effect::DataLayerEvent(granted) => format!(
                "dataLayer consent_gate_update {}",
                granted
                    .iter()
                    .map(|(id, on)| format!("{id}={}", u8::from(*on)))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        })
        .collect()
}

/// The record a `Store` effect writes.
#[track_caller]
pub fn stored(effects: &[Effect]) -> String {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Store(s) => Some(s.clone()),
            _ => None,
        })
        .expect("a Store effect")
}

/// The receipts sent, parsed.
pub fn receipts(effects: &[Effect]) -> Vec<serde_json::Value> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::SendReceipt(p) => serde_json::from_str(&p.body).ok(),
            _ => None,
        })
        .collect()
}

/// What the full build does on a page view that the bootstrap must do too when it carries
/// out a plan (the interface, the ready event, the outbox and the log are the shells' own).
pub fn carried_out(effects: &[Effect]) -> Vec<Effect> {
    effects
        .iter()
        .filter(|e| {
            !matches!(
                e,
                Effect::Render(_)
                    | Effect::Notify(_)
                    | Effect::ResendReceipts
                    | Effect::LoadLanguage(_)
                    | Effect::Log(..)
            )
        })
        .cloned()
        .collect()
}
