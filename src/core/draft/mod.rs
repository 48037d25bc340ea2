//! A ConsentGate config drafted from a scan: the one implementation the `consent-gate scan
//! --write-config` command and the config builder (`builder/`) share.
//!
//! [`draft`] declares every cookie and `localStorage` key the scan classified: one category
//! per purpose (`necessary` and `security` strictly necessary), one service per platform
//! (its provider the database's data controller), each cookie with its lifetime and
//! description from the database (a wildcard row becomes a prefix pattern, `^_ga_`). Google
//! tags the pages loaded themselves before any choice become the config's Google shorthand
//! (`google.measurementId`, `google.containerId`), so ConsentGate loads them after consent
//! instead; tags that appeared only after "Accept all" are already the site's managed ones.
//! Names the database does not know are left out and listed ([`Draft::left_out`]). Names
//! an `existing` config already covers (by any service, patterns included) are not drafted
//! again.

#[allow(unused_imports)]
use crate::prelude::*;

mod scan;

pub use scan::{Classified, Findings, FoundCookie, FoundKey, Purpose, Scan};

use crate::core::config::Config;
use crate::core::json::Json;

/// A drafted config.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The config document.
    pub config: Json,
    /// Names found but not drafted (unknown to the database), for the person to declare.
    pub left_out: Vec<String>,
}

/// The title and description a drafted category gets.
#[must_use]
pub fn category_texts(p: Purpose) -> (&'static str, &'static str) {
    match p {
        Purpose::Necessary => (
            "Strictly necessary",
            "Needed for the site to work, such as remembering your privacy choice. They cannot be switched off.",
        ),
        Purpose::Security => (
            "Security",
            "Protects the site and its visitors, for example against forged requests and bots. They cannot be switched off.",
        ),
        Purpose::Functional => (
            "Functional",
            "Remembers your settings and the features you use.",
        ),
        Purpose::Personalization => ("Personalization", "Adapts the content to you."),
        Purpose::Analytics => (
            "Analytics",
            "Counts visits and shows how the site is used, so it can be improved.",
        ),
        Purpose::Marketing => (
            "Marketing",
            "Advertising and its measurement, also on other sites.",
        ),
    }
}

/// A cookie name or key as a ConsentGate declaration: exact names as they are (escaped into
/// an anchored pattern if they start with `^` or end with `$`), prefixes as `^prefix`.
#[must_use]
pub fn declaration(name: &str, prefix: bool) -> String {
    let escape = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if !(c.is_alphanumeric() || c == '_' || c == '-') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    };
    if prefix {
        format!("^{}", escape(name))
    } else if name.starts_with('^') || name.ends_with('$') {
        format!("^{}$", escape(name))
    } else {
        name.to_owned()
    }
}

/// A service id from a platform name: `Google Analytics` -> `google-analytics`.
#[must_use]
pub fn service_id(platform: &str) -> String {
    let mut id = String::new();
    for c in platform.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let mut id = id.trim_end_matches('-').to_owned();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert_str(0, "s-");
    }
    id.truncate(32);
    id.trim_end_matches('-').to_owned()
}

/// One name to declare.
struct Item {
    purpose: Purpose,
    platform: String,
    controller: Option<String>,
    declaration: String,
    lifetime: Option<String>,
    description: Option<String>,
    path: Option<String>,
    storage: bool,
}

fn item(c: &Classified, name: &str, storage: bool) -> Option<Item> {
    let purpose = c.purpose?;
    let prefix = c.prefix && c.matched.is_some();
    let declared = if prefix {
        c.matched.as_deref().unwrap_or(name)
    } else {
        name
    };
    Some(Item {
        purpose,
        platform: c.platform.clone().unwrap_or_else(|| "Site".into()),
        controller: c.controller.clone(),
        declaration: declaration(declared, prefix),
        lifetime: c.retention.clone(),
        description: c.description.clone(),
        path: None,
        storage,
    })
}

/// Whether `existing` declares a cookie (or, with `storage`, a key) called `name`.
fn covered(existing: Option<&Config>, name: &str, storage: bool) -> bool {
    existing.is_some_and(|config| {
        config.categories.iter().flat_map(|c| &c.services).any(|s| {
            if storage {
                s.local_storage.iter().any(|p| p.matches(name))
            } else {
                s.cookies.iter().any(|c| c.name.matches(name))
            }
        })
    })
}

fn string(s: &str) -> Json {
    Json::String(s.to_owned())
}

fn entry(key: &str, value: Json) -> (String, Json) {
    (key.to_owned(), value)
}

/// What the scan found that a draft declares, and the names it leaves out.
fn items(scan: &Scan, existing: Option<&Config>) -> (Vec<Item>, Vec<String>) {
    let phases: Vec<&Findings> = core::iter::once(&scan.before_consent)
        .chain(scan.after_accept.as_ref())
        .collect();
    let mut items = Vec::new();
    let mut left_out = Vec::new();
    for c in phases.iter().flat_map(|p| &p.cookies) {
        if c.class.platform.as_deref() == Some("ConsentGate") || covered(existing, &c.name, false) {
            continue;
        }
        match item(&c.class, &c.name, false) {
            Some(mut i) => {
                i.path = Some(c.path.clone()).filter(|p| p != "/" && !p.is_empty());
                if i.lifetime.is_none() && c.lifetime != "session" {
                    i.lifetime = Some(c.lifetime.clone());
                }
                items.push(i);
            }
            None => left_out.push(format!("cookie {}", c.name)),
        }
    }
    for s in phases.iter().flat_map(|p| &p.storage) {
        if s.class.platform.as_deref() == Some("ConsentGate")
            || s.key.starts_with(crate::core::STORAGE_KEY)
            || covered(existing, &s.key, true)
        {
            continue;
        }
        match item(&s.class, &s.key, true) {
            Some(i) => items.push(i),
            None => left_out.push(format!("localStorage key {}", s.key)),
        }
    }
    left_out.dedup();
    (items, left_out)
}

/// Drafts a config from a scan. Names `existing` already declares are skipped (so a merge
/// does not declare them twice).
#[must_use]
pub fn draft(scan: &Scan, existing: Option<&Config>) -> Draft {
    let (items, left_out) = items(scan, existing);
    let google = google(scan, existing);
    let mut categories = Vec::new();
    let mut used_ids: Vec<String> = Purpose::ALL.iter().map(|c| c.id().to_owned()).collect();
    if let Some(config) = existing {
        used_ids.extend(config.categories.iter().map(|c| c.id.clone()));
    }
    for purpose in Purpose::ALL {
        let mine: Vec<&Item> = items.iter().filter(|i| i.purpose == purpose).collect();
        let needed = purpose == Purpose::Necessary
            || !mine.is_empty()
            || (purpose == Purpose::Analytics && google.is_some());
        if !needed {
            continue;
        }
        let (title, description) = category_texts(purpose);
        let mut cat = vec![
            entry("title", string(title)),
            entry("description", string(description)),
        ];
        if purpose.strictly_necessary() {
            cat.push(entry("required", Json::Bool(true)));
        }
        let services = services(&mine, purpose, &mut used_ids, existing);
        if !services.is_empty() {
            cat.push(entry("services", Json::Object(services)));
        }
        categories.push(entry(purpose.id(), Json::Object(cat)));
    }
    let mut config = vec![entry("categories", Json::Object(categories))];
    if let Some(google) = google {
        config.push(entry("google", google));
    }
    Draft {
        config: Json::Object(config),
        left_out,
    }
}

/// A cookie declaration of one drafted name.
fn cookie(i: &Item) -> Json {
    let mut cookie = vec![entry("name", string(&i.declaration))];
    if let Some(l) = i.lifetime.as_deref().filter(|l| !l.is_empty()) {
        cookie.push(entry("lifetime", string(l)));
    }
    if let Some(d) = i.description.as_deref().filter(|d| !d.is_empty()) {
        cookie.push(entry("description", string(d)));
    }
    if let Some(p) = &i.path {
        cookie.push(entry("path", string(p)));
    }
    Json::Object(cookie)
}

/// The services of one category, a platform each, with their cookies and keys.
fn services(
    items: &[&Item],
    purpose: Purpose,
    used_ids: &mut Vec<String>,
    existing: Option<&Config>,
) -> Vec<(String, Json)> {
    let mut platforms: Vec<&str> = Vec::new();
    for i in items {
        if !platforms.contains(&i.platform.as_str()) {
            platforms.push(&i.platform);
        }
    }
    let mut services = Vec::new();
    for platform in platforms {
        let mine: Vec<&&Item> = items.iter().filter(|i| i.platform == platform).collect();
        let base = service_id(platform);
        // The service the existing config already has under that id keeps it (a merge adds
        // to it); otherwise an id no category or service uses yet.
        let reuse = existing.is_some_and(|c| c.service(&base).is_some());
        let id = if reuse {
            base
        } else {
            unique_id(&base, purpose, used_ids, existing)
        };
        used_ids.push(id.clone());
        let mut service = vec![entry("title", string(platform))];
        if let Some(controller) = mine.iter().find_map(|i| i.controller.as_deref()) {
            service.push(entry("provider", string(controller)));
        }
        let mut cookies: Vec<Json> = Vec::new();
        let mut keys: Vec<Json> = Vec::new();
        for i in mine {
            let declared = string(&i.declaration);
            if i.storage {
                if !keys.contains(&declared) {
                    keys.push(declared);
                }
            } else if !cookies.iter().any(|c| c.field("name") == Some(&declared)) {
                cookies.push(cookie(i));
            }
        }
        if !cookies.is_empty() {
            service.push(entry("cookies", Json::Array(cookies)));
        }
        if !keys.is_empty() {
            service.push(entry("localStorage", Json::Array(keys)));
        }
        services.push((id, Json::Object(service)));
    }
    services
}

fn unique_id(base: &str, purpose: Purpose, used: &[String], existing: Option<&Config>) -> String {
    let taken = |id: &str| {
        used.iter().any(|u| u == id)
            || existing.is_some_and(|c| c.category(id).is_some() || c.service(id).is_some())
    };
    if !taken(base) {
        return base.to_owned();
    }
    let with_category = format!("{base}-{}", purpose.id());
    if !taken(&with_category) {
        return with_category;
    }
    (2..1000)
        .map(|n| format!("{with_category}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(with_category)
}

/// The Google shorthand for tags the pages loaded before any choice (and the existing config
/// does not name yet).
fn google(scan: &Scan, existing: Option<&Config>) -> Option<Json> {
    let tags = &scan.before_consent.google_tags;
    let measurement = tags.iter().find(|t| t.starts_with("G-"));
    let container = tags.iter().find(|t| t.starts_with("GTM-"));
    let had = existing.map(|c| &c.google);
    let mut google = Vec::new();
    if let Some(id) = measurement
        && had.is_none_or(|g| g.measurement_id.is_none())
    {
        google.push(entry("measurementId", string(id)));
    }
    if let Some(id) = container
        && had.is_none_or(|g| g.container_id.is_none())
    {
        google.push(entry("containerId", string(id)));
    }
    (!google.is_empty()).then_some(Json::Object(google))
}
