//! A ConsentGate config drafted from a scan, and merged into a config a person wrote.
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
use serde_json::{Map, Value, json};

use crate::ocd::Category;
use crate::report::{Classification, CookieFinding, Report, StorageFinding};

/// A drafted config.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The config document.
    pub config: Value,
    /// Names found but not drafted (unknown to the database), for the person to declare.
    pub left_out: Vec<String>,
}

/// The title and description a drafted category gets.
fn category_texts(c: Category) -> (&'static str, &'static str) {
    match c {
        Category::Necessary => (
            "Strictly necessary",
            "Needed for the site to work, such as remembering your privacy choice. They cannot be switched off.",
        ),
        Category::Security => (
            "Security",
            "Protects the site and its visitors, for example against forged requests and bots. They cannot be switched off.",
        ),
        Category::Functional => (
            "Functional",
            "Remembers your settings and the features you use.",
        ),
        Category::Personalization => ("Personalization", "Adapts the content to you."),
        Category::Analytics => (
            "Analytics",
            "Counts visits and shows how the site is used, so it can be improved.",
        ),
        Category::Marketing => (
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
        s.chars()
            .flat_map(|c| {
                let special = !(c.is_alphanumeric() || c == '_' || c == '-');
                special
                    .then_some('\\')
                    .into_iter()
                    .chain(std::iter::once(c))
            })
            .collect::<String>()
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
    category: Category,
    platform: String,
    controller: Option<String>,
    declaration: String,
    lifetime: Option<String>,
    description: Option<String>,
    path: Option<String>,
    storage: bool,
}

fn item(c: &Classification, name: &str, storage: bool) -> Option<Item> {
    let category = c.category?;
    let prefix = c.prefix && c.matched.is_some();
    let declared = if prefix {
        c.matched.as_deref().unwrap_or(name)
    } else {
        name
    };
    Some(Item {
        category,
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

/// Drafts a config from a report. Names `existing` already declares are skipped (so a merge
/// does not declare them twice).
#[must_use]
pub fn draft(report: &Report, existing: Option<&Config>) -> Draft {
    let phases: Vec<_> = std::iter::once(&report.before_consent)
        .chain(report.after_accept.as_ref())
        .collect();
    let cookies: Vec<&CookieFinding> = phases.iter().flat_map(|p| &p.cookies).collect();
    let storage: Vec<&StorageFinding> = phases.iter().flat_map(|p| &p.storage).collect();
    let mut items = Vec::new();
    let mut left_out = Vec::new();
    for c in cookies {
        if c.classification.platform.as_deref() == Some("ConsentGate")
            || covered(existing, &c.name, false)
        {
            continue;
        }
        match item(&c.classification, &c.name, false) {
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
    for s in storage {
        if s.classification.platform.as_deref() == Some("ConsentGate")
            || s.key.starts_with(consent_gate::core::STORAGE_KEY)
            || covered(existing, &s.key, true)
        {
            continue;
        }
        match item(&s.classification, &s.key, true) {
            Some(i) => items.push(i),
            None => left_out.push(format!("localStorage key {}", s.key)),
        }
    }
    left_out.dedup();

    let google = google(report, existing);
    let mut categories = Map::new();
    let mut used_ids: Vec<String> = Category::ALL.iter().map(|c| c.id().to_owned()).collect();
    if let Some(config) = existing {
        used_ids.extend(config.categories.iter().map(|c| c.id.clone()));
    }
    for category in Category::ALL {
        let mine: Vec<&Item> = items.iter().filter(|i| i.category == category).collect();
        let needed = category == Category::Necessary
            || !mine.is_empty()
            || (category == Category::Analytics && google.is_some());
        if !needed {
            continue;
        }
        let (title, description) = category_texts(category);
        let mut cat = Map::new();
        cat.insert("title".into(), json!(title));
        cat.insert("description".into(), json!(description));
        if category.strictly_necessary() {
            cat.insert("required".into(), json!(true));
        }
        let services = services(&mine, category, &mut used_ids, existing);
        if !services.is_empty() {
            cat.insert("services".into(), Value::Object(services));
        }
        categories.insert(category.id().into(), Value::Object(cat));
    }
    let mut config = Map::new();
    config.insert("categories".into(), Value::Object(categories));
    if let Some(google) = google {
        config.insert("google".into(), google);
    }
    Draft {
        config: Value::Object(config),
        left_out,
    }
}

/// The services of one category, a platform each, with their cookies and keys.
fn services(
    items: &[&Item],
    category: Category,
    used_ids: &mut Vec<String>,
    existing: Option<&Config>,
) -> Map<String, Value> {
    let mut platforms: Vec<&str> = Vec::new();
    for i in items {
        if !platforms.contains(&i.platform.as_str()) {
            platforms.push(&i.platform);
        }
    }
    let mut services = Map::new();
    for platform in platforms {
        let mine: Vec<&&Item> = items.iter().filter(|i| i.platform == platform).collect();
        let base = service_id(platform);
        // The service the existing config already has under that id keeps it (a merge adds
        // to it); otherwise an id no category or service uses yet.
        let reuse = existing.is_some_and(|c| c.service(&base).is_some());
        let id = if reuse {
            base
        } else {
            unique_id(&base, category, used_ids, existing)
        };
        used_ids.push(id.clone());
        let mut service = Map::new();
        service.insert("title".into(), json!(platform));
        if let Some(controller) = mine.iter().find_map(|i| i.controller.as_deref()) {
            service.insert("provider".into(), json!(controller));
        }
        let mut cookies: Vec<Value> = Vec::new();
        let mut keys: Vec<Value> = Vec::new();
        for i in mine {
            if i.storage {
                if !keys.contains(&json!(i.declaration)) {
                    keys.push(json!(i.declaration));
                }
                continue;
            }
            if cookies.iter().any(|c| c["name"] == json!(i.declaration)) {
                continue;
            }
            let mut cookie = Map::new();
            cookie.insert("name".into(), json!(i.declaration));
            if let Some(l) = i.lifetime.as_deref().filter(|l| !l.is_empty()) {
                cookie.insert("lifetime".into(), json!(l));
            }
            if let Some(d) = i.description.as_deref().filter(|d| !d.is_empty()) {
                cookie.insert("description".into(), json!(d));
            }
            if let Some(p) = &i.path {
                cookie.insert("path".into(), json!(p));
            }
            cookies.push(Value::Object(cookie));
        }
        if !cookies.is_empty() {
            service.insert("cookies".into(), Value::Array(cookies));
        }
        if !keys.is_empty() {
            service.insert("localStorage".into(), Value::Array(keys));
        }
        services.insert(id, Value::Object(service));
    }
    services
}

fn unique_id(base: &str, category: Category, used: &[String], existing: Option<&Config>) -> String {
    let taken = |id: &str| {
        used.iter().any(|u| u == id)
            || existing.is_some_and(|c| c.category(id).is_some() || c.service(id).is_some())
    };
    if !taken(base) {
        return base.to_owned();
    }
    let with_category = format!("{base}-{}", category.id());
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
fn google(report: &Report, existing: Option<&Config>) -> Option<Value> {
    let tags = &report.before_consent.google_tags;
    let measurement = tags.iter().find(|t| t.starts_with("G-"));
    let container = tags.iter().find(|t| t.starts_with("GTM-"));
    let had = existing.map(|c| &c.google);
    let mut google = Map::new();
    if let Some(id) = measurement
        && had.is_none_or(|g| g.measurement_id.is_none())
    {
        google.insert("measurementId".into(), json!(id));
    }
    if let Some(id) = container
        && had.is_none_or(|g| g.container_id.is_none())
    {
        google.insert("containerId".into(), json!(id));
    }
    (!google.is_empty()).then_some(Value::Object(google))
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
