//! A ConsentGate config drafted from a scan, and merged into a config a person wrote. The
//! draft itself is the core's (`consent_gate::core::draft`, shared with the config builder);
//! this module hands it the report's findings.
//!
//! [`draft`] declares every cookie and `localStorage` key the scan classified: one category
//! per purpose (`necessary` and `security` strictly necessary), one service per platform
//! (its provider the database's data controller), each cookie with its lifetime and
//! description from the database (a wildcard row becomes a prefix pattern, `^_ga_`). Google
//! tags the pages loaded themselves before any choice become the config's Google shorthand
//! (`google.measurementId`, `google.containerId`), so ConsentGate loads them after consent
//! instead; tags that appeared only after "Accept all" are already the site's managed ones.
//! Names the database does not know are left out and listed ([`Draft::left_out`]).
//!
//! [`merge`] adds a draft to an existing config without changing anything a person wrote:
//! existing keys win, and only missing categories, services, cookies, keys and Google ids
//! are added. Names the existing config already covers (by any service, patterns included)
//! are not drafted again ([`draft`]'s `existing`).

use consent_gate::core::config::Config;
use consent_gate::core::cookies::NamePattern;
use consent_gate::core::draft as core_draft;
use consent_gate::core::draft::{Classified, Findings, FoundCookie, FoundKey, Purpose, Scan};
use serde_json::{Map, Value};

pub use consent_gate::core::draft::{declaration, service_id};

use crate::ocd::Category;
use crate::report::{Classification, PhaseFindings, Report};

/// A drafted config.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The config document.
    pub config: Value,
    /// Names found but not drafted (unknown to the database), for the person to declare.
    pub left_out: Vec<String>,
}

/// The database's category as the core names it.
#[must_use]
pub fn purpose(c: Category) -> Purpose {
    match c {
        Category::Necessary => Purpose::Necessary,
        Category::Security => Purpose::Security,
        Category::Functional => Purpose::Functional,
        Category::Personalization => Purpose::Personalization,
        Category::Analytics => Purpose::Analytics,
        Category::Marketing => Purpose::Marketing,
    }
}

fn classified(c: &Classification) -> Classified {
    Classified {
        purpose: c.category.map(purpose),
        platform: c.platform.clone(),
        controller: c.controller.clone(),
        description: c.description.clone(),
        retention: c.retention.clone(),
        matched: c.matched.clone(),
        prefix: c.prefix,
    }
}

fn findings(p: &PhaseFindings) -> Findings {
    Findings {
        cookies: p
            .cookies
            .iter()
            .map(|c| FoundCookie {
                name: c.name.clone(),
                path: c.path.clone(),
                lifetime: c.lifetime.clone(),
                class: classified(&c.classification),
            })
            .collect(),
        storage: p
            .storage
            .iter()
            .map(|s| FoundKey {
                key: s.key.clone(),
                class: classified(&s.classification),
            })
            .collect(),
        google_tags: p.google_tags.clone(),
    }
}

/// The part of a report a draft is made from, as the core reads it (the config builder reads
/// the same from the report's JSON: `Scan::from_json`).
#[must_use]
pub fn scan(report: &Report) -> Scan {
    Scan {
        before_consent: findings(&report.before_consent),
        after_accept: report.after_accept.as_ref().map(findings),
    }
}

/// Drafts a config from a report (the core's [`core_draft::draft`]). Names `existing`
/// already declares are skipped (so a merge does not declare them twice).
#[must_use]
pub fn draft(report: &Report, existing: Option<&Config>) -> Draft {
    let drafted = core_draft::draft(&scan(report), existing);
    Draft {
        config: serde_json::from_str(&drafted.config.pretty()).unwrap_or(Value::Null),
        left_out: drafted.left_out,
    }
}

/// Adds what `draft` has and `existing` lacks; nothing in `existing` changes.
///
/// # Errors
/// When `existing` is not a JSON object.
pub fn merge(existing: &Value, draft: &Value) -> Result<Value, String> {
    let Value::Object(base) = existing else {
        return Err("the existing config is not a JSON object".into());
    };
    let mut out = base.clone();
    if let Some(Value::Object(categories)) = draft.get("categories") {
        for (cat_id, cat) in categories {
            merge_category(&mut out, cat_id, cat);
        }
    }
    if let Some(Value::Object(google)) = draft.get("google") {
        let target = out
            .entry("google")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(target) = target {
            for (k, v) in google {
                target.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    Ok(Value::Object(out))
}

fn merge_category(out: &mut Map<String, Value>, cat_id: &str, cat: &Value) {
    let Some(Value::Object(draft_services)) = cat.get("services") else {
        // A category without services: add it only if missing.
        if let Some(Value::Object(categories)) = out.get_mut("categories") {
            categories
                .entry(cat_id.to_owned())
                .or_insert_with(|| cat.clone());
        }
        return;
    };
    let mut remaining = Map::new();
    for (service_id, service) in draft_services {
        if let Some(target) = find_service(out, service_id) {
            merge_service(target, service);
        } else {
            remaining.insert(service_id.clone(), service.clone());
        }
    }
    let Some(Value::Object(categories)) = out.get_mut("categories") else {
        return;
    };
    match categories.get_mut(cat_id) {
        Some(Value::Object(existing)) => {
            if remaining.is_empty() {
                return;
            }
            let services = existing
                .entry("services")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(services) = services {
                for (id, s) in remaining {
                    services.entry(id).or_insert(s);
                }
            }
        }
        Some(_) => {}
        None => {
            let mut new = cat.clone();
            if let Value::Object(new) = &mut new {
                if remaining.is_empty() {
                    new.remove("services");
                } else {
                    new.insert("services".into(), Value::Object(remaining));
                }
            }
            categories.insert(cat_id.to_owned(), new);
        }
    }
}

fn find_service<'a>(
    out: &'a mut Map<String, Value>,
    id: &str,
) -> Option<&'a mut Map<String, Value>> {
    let Some(Value::Object(categories)) = out.get_mut("categories") else {
        return None;
    };
    categories
        .values_mut()
        .find_map(|c| match c.get_mut("services") {
            Some(Value::Object(services)) => match services.get_mut(id) {
                Some(Value::Object(s)) => Some(s),
                _ => None,
            },
            _ => None,
        })
}

/// Adds the draft service's cookies and keys the existing service lacks; its own keys win.
fn merge_service(target: &mut Map<String, Value>, service: &Value) {
    let Value::Object(service) = service else {
        return;
    };
    for (k, v) in service {
        match (k.as_str(), target.get_mut(k)) {
            ("cookies", Some(Value::Array(have))) => {
                for cookie in v.as_array().into_iter().flatten() {
                    let name = cookie.get("name").and_then(Value::as_str).unwrap_or("");
                    let known = have.iter().any(|c| {
                        c.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|n| n == name || pattern_covers(n, name))
                    });
                    if !known {
                        have.push(cookie.clone());
                    }
                }
            }
            ("localStorage", Some(Value::Array(have))) => {
                for key in v.as_array().into_iter().flatten() {
                    let name = key.as_str().unwrap_or("");
                    let known = have.iter().any(|h| {
                        h.as_str()
                            .is_some_and(|n| n == name || pattern_covers(n, name))
                    });
                    if !known {
                        have.push(key.clone());
                    }
                }
            }
            (_, Some(_)) => {}
            (_, None) => {
                target.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Whether the declared `pattern` covers the drafted `name` (an exact name only).
fn pattern_covers(pattern: &str, name: &str) -> bool {
    let exact = !name.starts_with('^') && !name.ends_with('$');
    exact && NamePattern::parse(pattern).is_ok_and(|p| p.matches(name))
}

/// The config as written to a file: pretty JSON and a final newline.
#[must_use]
pub fn to_text(config: &Value) -> String {
    let mut text = serde_json::to_string_pretty(config).unwrap_or_default();
    text.push('\n');
    text
}
