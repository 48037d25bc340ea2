//! What the builder's checkboxes, number fields, lists and Consent Mode boxes show and write:
//! the built-in default of each yes/no key (a box left at it writes nothing), numbers and
//! comma-separated lists as the config reader reads them (what does not read is written as
//! typed, so the reader names the problem at its field), a category's Consent Mode types, and
//! the extra defaults of advanced Consent Mode by region (`google.regions`).

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Step, get, path};
use crate::core::google::{ADVANCED_ONLY, ConsentType};
use crate::core::json::Json;
use crate::core::theme::CORNERS;

fn key(step: Option<&Step>) -> &str {
    match step {
        Some(Step::Key(k)) => k,
        _ => "",
    }
}

/// The built-in default of the yes/no key at `at`, and the value that says "yes" there
/// (`true`, or `"binding"` for a region rule's `gpc`).
fn flag_meaning(doc: &Json, at: &[Step]) -> (bool, Json) {
    let keys: Vec<&str> = at.iter().map(|s| key(Some(s))).collect();
    match keys.as_slice() {
        ["reloadOnWithdraw" | "reopenButton" | "placeholders"]
        | ["google", "consentMode" | "adsDataRedaction"] => (true, Json::Bool(true)),
        ["categories", id, "gpc"] => {
            let required = get(doc, &path(&format!("categories.{id}.required")))
                .and_then(Json::as_bool)
                == Some(true);
            let ads = consent_types(doc, id)
                .iter()
                .any(|name| ConsentType::from_name(name).is_some_and(ConsentType::is_ad));
            (ads && !required, Json::Bool(true))
        }
        ["categories", _, "services", _, "thirdParty"] => {
            let mut provider = at.to_vec();
            provider.pop();
            provider.push(Step::Key("provider".into()));
            (get(doc, &provider).is_some(), Json::Bool(true))
        }
        ["regions", "rules", "", "gpc"] => (false, Json::String("binding".into())),
        _ => (false, Json::Bool(true)),
    }
}

/// Whether category `id` gets the "Global Privacy Control refuses it" box: not when it is
/// strictly necessary (GPC cannot refuse it), unless the draft sets `gpc` there anyway (the
/// box then shows, with the reader's error, to be unticked).
#[must_use]
pub fn offers_gpc(doc: &Json, id: &str) -> bool {
    let at = |key: &str| get(doc, &path(&format!("categories.{id}.{key}"))).cloned();
    at("required") != Some(Json::Bool(true)) || at("gpc").is_some()
}

/// Whether the builder shows advanced Consent Mode's options: in advanced mode, or while
/// the draft sets one of them anyway (they then show, with the reader's error at
/// `google.mode`, to be cleared).
#[must_use]
pub fn offers_advanced(doc: &Json) -> bool {
    let google = doc.field("google");
    google.and_then(|g| g.field("mode")).and_then(Json::as_str) == Some("advanced")
        || ADVANCED_ONLY
            .iter()
            .any(|k| google.and_then(|g| g.field(k)).is_some())
}

/// Whether the yes/no key at `at` is on: as given, else its built-in default.
#[must_use]
pub fn flag(doc: &Json, at: &[Step]) -> bool {
    let (default, yes) = flag_meaning(doc, at);
    match get(doc, at) {
        None => default,
        Some(v) => *v == yes,
    }
}

/// What to write at `at` for a box ticked (`on`) or not: nothing when that is the default.
#[must_use]
pub fn flag_value(doc: &Json, at: &[Step], on: bool) -> Option<Json> {
    let (default, yes) = flag_meaning(doc, at);
    if on == default {
        None
    } else if on {
        Some(yes)
    } else {
        Some(Json::Bool(false))
    }
}

/// A number field's text: the number, or what was typed that is not one.
#[must_use]
pub fn number_text(doc: &Json, at: &[Step]) -> String {
    match get(doc, at) {
        Some(Json::Number(n)) => format!("{n}"),
        Some(Json::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// What a number field writes: nothing when empty, a number, else the text as typed (the
/// reader names it at the field).
#[must_use]
pub fn number_value(text: &str) -> Option<Json> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Json::Number(n),
        _ => Json::String(text.to_owned()),
    })
}

/// A list of strings as one line, comma-separated (`EU, GB`).
#[must_use]
pub fn list_text(doc: &Json, at: &[Step]) -> String {
    match get(doc, at) {
        Some(Json::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.pretty(), ToOwned::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Json::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// What a comma-separated field writes: its entries, trimmed (none: nothing).
#[must_use]
pub fn list_value(text: &str) -> Option<Json> {
    let items: Vec<Json> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Json::String(s.to_owned()))
        .collect();
    (!items.is_empty()).then_some(Json::Array(items))
}

/// The Consent Mode types a category grants: its `consentMode`, else the defaults of its id
/// (as the reader takes them).
#[must_use]
pub fn consent_types(doc: &Json, category: &str) -> Vec<String> {
    match get(doc, &path(&format!("categories.{category}.consentMode"))) {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(ToOwned::to_owned))
            .collect(),
        _ => ConsentType::defaults_for_category(category)
            .iter()
            .map(|t| t.name().to_owned())
            .collect(),
    }
}

/// The category's `consentMode` with the type `name` granted (`on`) or not, in the order of
/// Consent Mode's types; nothing when that is what its id grants anyway.
#[must_use]
pub fn with_consent_type(doc: &Json, category: &str, name: &str, on: bool) -> Option<Json> {
    let names = toggled(&consent_types(doc, category), name, on);
    let defaults: Vec<&str> = ConsentType::defaults_for_category(category)
        .iter()
        .map(|t| t.name())
        .collect();
    if names == defaults {
        return None;
    }
    Some(Json::Array(names.into_iter().map(Json::String).collect()))
}

/// The Consent Mode types `now` with `name` ticked (`on`) or not: the known ones in Consent
/// Mode's order, then the names the reader does not know (kept, for it to name).
fn toggled(now: &[String], name: &str, on: bool) -> Vec<String> {
    let has = |t: &str| {
        if t == name {
            on
        } else {
            now.iter().any(|n| n == t)
        }
    };
    let mut names: Vec<String> = ConsentType::ALL
        .iter()
        .map(|t| t.name())
        .filter(|t| has(t))
        .map(ToOwned::to_owned)
        .collect();
    names.extend(
        now.iter()
            .filter(|n| ConsentType::from_name(n).is_none())
            .cloned(),
    );
    names
}

/// The Consent Mode type names, in Consent Mode's order (one box each).
#[must_use]
pub fn consent_type_names() -> Vec<&'static str> {
    ConsentType::ALL.iter().map(|t| t.name()).collect()
}

/// The regions with an extra default of advanced Consent Mode (`google.regions`), in order.
#[must_use]
pub fn google_regions(doc: &Json) -> Vec<String> {
    match doc.field("google").and_then(|g| g.field("regions")) {
        Some(Json::Object(entries)) => entries.iter().map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    }
}

/// The key a typed region code is written under (`us-ca` -> `US-CA`); `None` when nothing
/// is typed, or a character that cannot be part of a key of the draft's paths (`.`, spaces
/// inside, a number). Whether it is an ISO 3166-2 code is the config reader's to say, at its field.
#[must_use]
pub fn google_region_key(typed: &str) -> Option<String> {
    let code = typed.trim().to_ascii_uppercase();
    let fits = !code.is_empty()
        && !code.contains(|c: char| c == '.' || c.is_whitespace())
        && code.parse::<usize>().is_err(); // a number would be read as an array's index
    fits.then_some(code)
}

/// The Consent Mode types a region's extra default grants (as written).
#[must_use]
pub fn region_types(doc: &Json, code: &str) -> Vec<String> {
    match get(doc, &[step("google"), step("regions"), step(code)]) {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(ToOwned::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// A region's list after ticking (`on`) or unticking the type `name`: an empty list grants
/// nothing more than the default, and stays until the region is removed.
#[must_use]
pub fn with_region_type(doc: &Json, code: &str, name: &str, on: bool) -> Json {
    let names = toggled(&region_types(doc, code), name, on);
    Json::Array(names.into_iter().map(Json::String).collect())
}

fn step(key: &str) -> Step {
    Step::Key(key.to_owned())
}

/// The corners the reopen control may sit in (the first is the default).
pub const REOPEN_CORNERS: &[&str] = CORNERS;

/// The region rule a new one starts as: opt-in, its regions yet to be written (the reader
/// asks for them at the field).
#[must_use]
pub fn new_rule() -> Json {
    Json::Object(vec![
        ("regions".into(), Json::Array(Vec::new())),
        ("model".into(), Json::String("opt-in".into())),
    ])
}

/// The models a region rule may take.
pub const MODELS: &[&str] = &["opt-in", "opt-out"];
