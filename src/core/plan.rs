//! The plan: a returning visitor's next page view, decided in advance by the full build.
//!
//! Whenever the full build has validated a config and a choice is in force (or, under an
//! opt-out region rule, the visitor has not decided: [`super::visit::undecided_visit`], the
//! plan's `record` then `null`), it leaves `localStorage["consent-gate-plan"]`: everything the
//! next page view does with that choice, already decided by this core
//! ([`super::visit::returning`]): the Consent Mode commands and
//! `dataLayer` event in order, the Google tags, which purposes marked elements may run for,
//! `accepted()`'s answers and the reopen control's look. With it, a returning visit needs no
//! wasm at all: the bootstrap (`embed/bootstrap/plan.js`) checks that the plan is for this very
//! config text ([`fingerprint`]), this build's version, the record in storage (its exact
//! text), the browser's Global Privacy Control signal and the time (the window in which the
//! record is in force), and carries it out. Anything else (no plan, any mismatch, receipts
//! waiting, a policy on the page) loads the full build, which decides again and writes a new
//! plan.
//!
//! A plan is never a reason to apply a choice the full build would not: it is the full
//! build's own conclusion about that config text, that record and that signal. A visitor who
//! edits their own storage changes only what their own browser does.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::string::String;

use super::config::Config;
use super::effects::{Effect, Gtag};
use super::google::ConsentState;
use super::i18n::{self, ENGLISH_TAG, Locale, Text};
use super::json::{ObjectWriter, write_string};
use super::lang;
use super::placeholder;
use super::record::{CLOCK_SKEW_MS, Stored};
use super::time::Timestamp;
use super::visit;

/// The `localStorage` key of the plan.
pub const PLAN_KEY: &str = "consent-gate-plan";

/// Where 0.5 kept the brief of its wasm gate (removed when a plan is written).
pub const OLD_BRIEF_KEY: &str = "consent-gate-brief";

/// The version of the build that writes plans (the bootstrap carries the same).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// 64-bit FNV-1a of the config's text, in hex: tells whether the text is the one the full
/// build validated. Not a defence against the visitor's own edits (see the module docs). The
/// bootstrap computes the same (`fingerprint` in `embed/bootstrap/plan.js`).
#[must_use]
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut out = String::with_capacity(16);
    for shift in (0..16).rev() {
        // ok: a nibble is 0..16.
        let nibble = ((hash >> (shift * 4)) & 0xf) as u8;
        out.push(char::from(if nibble < 10 {
            b'0' + nibble
        } else {
            b'a' + nibble - 10
        }));
    }
    out
}

/// What the page view is like, as the full build sees it when it writes the plan.
#[derive(Clone, Copy, Debug)]
pub struct Page<'a> {
    /// The config's exact text.
    pub config_text: &'a str,
    /// The record in storage, `None` when there is none (a visitor who never decided, who
    /// gets a plan only under an opt-out region rule).
    pub record: Option<Kept<'a>>,
    /// Now.
    pub now: Timestamp,
    /// `navigator.globalPrivacyControl`.
    pub gpc: bool,
    /// The visitor's region as the site gave it (`boot.region`), `None` when it gave none.
    pub region: Option<&'a str>,
    /// `<html lang>`, then the browser's languages (`page::languages`).
    pub languages: &'a [String],
    /// The language the interface shows now, once its texts are here: the embed
    /// placeholders' texts ([`super::placeholder`]).
    pub locale: Option<&'a Locale>,
}

/// The record in storage: its exact text and its reading.
#[derive(Clone, Copy, Debug)]
pub struct Kept<'a> {
    /// Its exact text.
    pub text: &'a str,
    /// Read.
    pub stored: &'a Stored,
}

/// The reopen control's language, direction and label for `languages`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReopenLook {
    /// The label's language.
    pub lang: String,
    /// Written right to left.
    pub rtl: bool,
    /// Its accessible name.
    pub label: String,
}

/// The reopen control's language and label: the config's own `reopenButton` text in the
/// negotiated language, else the built-in one, else English.
#[must_use]
pub fn reopen_look(config: &Config, languages: &[String]) -> ReopenLook {
    let language = config.choose_language(languages);
    let file = i18n::file_for(&language);
    let lookup = [language.as_str(), ENGLISH_TAG];
    let label = config
        .texts
        .iter()
        .find(|(t, _)| *t == Text::ReopenButton)
        .map(|(_, l)| l.get(&lookup).to_owned())
        .or_else(|| file.and_then(i18n::reopen_label).map(str::to_owned))
        .unwrap_or_else(|| {
            i18n::reopen_label(ENGLISH_TAG)
                .unwrap_or_default()
                .to_owned()
        });
    let rtl = file
        .and_then(i18n::built_in_rtl)
        .unwrap_or_else(|| lang::is_rtl(&language));
    ReopenLook {
        lang: language,
        rtl,
        label,
    }
}

/// The key the bootstrap finds the reopen control's look under: the page's languages as
/// `page::languages` lists them, joined by commas.
#[must_use]
pub fn languages_key(languages: &[String]) -> String {
    languages.join(",")
}

/// The plan for the next page view, or `None` when it needs the full build: the stored
/// choice is not in force as it is, or there is none and the banner asks first (anywhere but
/// under an opt-out region rule).
#[must_use]
pub fn encode(config: &Config, page: &Page<'_>) -> Option<String> {
    // What is applied ([`visit::returning`], [`visit::undecided_visit`]) and the time in which
    // it holds: while the record is in force; without one, `expiryDays` (the plan is written
    // again whenever the full build runs).
    let (choices, effects, from, until) = match page.record {
        Some(kept) => {
            let returning = visit::returning(config, kept.stored, page.now, page.gpc).ok()?;
            let record = &returning.record;
            let until = record
                .expires
                .0
                .min(record.updated.plus_days(config.expiry_days).0);
            (record.choices(), returning.effects, record.updated.0, until)
        }
        None => {
            let applied = visit::applied(config, page.region);
            let (choices, effects) = visit::undecided_visit(config, page.gpc, applied.as_ref())?;
            let until = page.now.plus_days(config.expiry_days).0;
            (choices, effects, page.now.0, until)
        }
    };
    let mut steps = String::from("[");
    for (i, effect) in effects.iter().enumerate() {
        if i > 0 {
            steps.push(',');
        }
        step(&mut steps, effect)?;
    }
    steps.push(']');
    let mut categories = String::new();
    let mut w = ObjectWriter::new(&mut categories);
    for c in &config.categories {
        w.bool(&c.id, choices.allows(config, &c.id));
    }
    w.close();
    let mut services = String::new();
    let mut w = ObjectWriter::new(&mut services);
    for c in &config.categories {
        for s in &c.services {
            let mut pair = String::from("[");
            write_string(&mut pair, &c.id);
            pair.push_str(if choices.allows(config, &s.id) {
                ",true]"
            } else {
                ",false]"
            });
            w.raw(&s.id, &pair);
        }
    }
    w.close();
    let from = from.saturating_sub(CLOCK_SKEW_MS);
    let mut out = String::new();
    let mut w = ObjectWriter::new(&mut out);
    w.string("v", VERSION)
        .string("fp", &fingerprint(page.config_text))
        .opt_string("record", page.record.map(|k| k.text))
        .number("from", from)
        .number("until", until)
        .bool("gpc", page.gpc)
        .opt_string("region", page.region)
        .bool("shared", config.consent_domain.is_some())
        .raw("run", &steps)
        .raw("categories", &categories)
        .raw("services", &services)
        .string_array(
            "required",
            config
                .categories
                .iter()
                .filter(|c| c.required)
                .map(|c| c.id.as_str()),
        );
    if config.reopen_button {
        let look = reopen_look(config, page.languages);
        let mut reopen = String::new();
        let mut rw = ObjectWriter::new(&mut reopen);
        rw.string("key", &languages_key(page.languages))
            .string("lang", &look.lang)
            .string("dir", if look.rtl { "rtl" } else { "ltr" })
            .string("label", &look.label)
            .string("scheme", config.look.theme.scheme.name())
            .string("corner", config.look.reopen_position)
            .string("css", &config.look.theme.css());
        rw.close();
        w.raw("reopen", &reopen);
    }
    // The embed placeholders' texts, for the page's languages (`placeholders.js` draws them).
    if let Some(locale) = page.locale.filter(|_| config.placeholders) {
        let mut p = String::new();
        ObjectWriter::new(&mut p)
            .string("key", &languages_key(page.languages))
            .raw("look", &placeholder::look(config, locale, None))
            .close();
        w.raw("placeholders", &p);
    }
    w.close();
    Some(out)
}

/// One effect of the returning visit as the bootstrap performs it; `None` for an effect it
/// cannot (the plan is then not written).
fn step(out: &mut String, effect: &Effect) -> Option<()> {
    match effect {
        Effect::Gtag(command) => {
            out.push_str("[\"gtag\",");
            gtag_args(out, command);
            out.push(']');
        }
        Effect::DataLayerEvent(granted) => {
            out.push_str("[\"event\",");
            let mut w = ObjectWriter::new(out);
            for (id, on) in granted {
                w.bool(id, *on);
            }
            w.close();
            out.push(']');
        }
        Effect::Microsoft(command) => out.push_str(&command.step()),
        Effect::GtmStart => out.push_str("[\"gtm\"]"),
        Effect::InjectScript(url) => {
            out.push_str("[\"script\",");
            write_string(out, url);
            out.push(']');
        }
        Effect::Activate => out.push_str("[\"activate\"]"),
        _ => return None,
    }
    Some(())
}

/// A `gtag(...)` call's arguments as a JSON array; `["js"]` stands for
/// `gtag('js', new Date())`, whose date the bootstrap adds.
fn gtag_args(out: &mut String, command: &Gtag) {
    match command {
        Gtag::ConsentDefault(state) => {
            out.push_str("[\"consent\",\"default\",");
            state_object(out, state, None);
            out.push(']');
        }
        Gtag::ConsentDefaultAdvanced {
            state,
            wait_for_update,
            region,
        } => {
            out.push_str("[\"consent\",\"default\",");
            state_object(out, state, Some((*wait_for_update, region.as_deref())));
            out.push(']');
        }
        Gtag::Set(name, value) => {
            out.push_str("[\"set\",");
            write_string(out, name);
            out.push_str(if *value { ",true]" } else { ",false]" });
        }
        Gtag::ConsentUpdate(state) => {
            out.push_str("[\"consent\",\"update\",");
            state_object(out, state, None);
            out.push(']');
        }
        Gtag::Js => out.push_str("[\"js\"]"),
        Gtag::Config(id) => {
            out.push_str("[\"config\",");
            write_string(out, id.as_str());
            out.push(']');
        }
    }
}

/// `{ad_storage: "denied", ...}`, with the advanced mode's `wait_for_update` and `region`.
fn state_object(out: &mut String, state: &ConsentState, advanced: Option<(u32, Option<&str>)>) {
    let mut w = ObjectWriter::new(out);
    for (name, value) in state.entries() {
        w.string(name, value);
    }
    if let Some((wait, region)) = advanced {
        w.number("wait_for_update", u64::from(wait));
        if let Some(region) = region {
            w.string_array("region", [region]);
        }
    }
    w.close();
}
