//! What a cookie, `localStorage` key or request is: the site's own declaration (its
//! ConsentGate config) first, then the Open Cookie Database; whether it needs consent; how
//! long a cookie lives, in words; which Google tag a request loads or reports to.

use consent_gate::core::config::Config;

use super::model::{Classification, Source};
use crate::ocd::{Category, Database};

/// Which config names a cookie or key: the config's service and category.
pub(super) struct Declared<'a> {
    pub(super) config: Option<&'a Config>,
}

pub(super) struct Declaration {
    pub(super) label: String,
    required: bool,
    category: String,
    description: Option<String>,
    lifetime: Option<String>,
    provider: Option<String>,
}

impl Declared<'_> {
    pub(super) fn cookie(&self, name: &str) -> Option<Declaration> {
        self.find(
            |s| s.cookies.iter().any(|c| c.name.matches(name)),
            |s| {
                s.cookies.iter().find(|c| c.name.matches(name)).map(|c| {
                    (
                        c.description.as_ref().map(first_text),
                        c.lifetime.as_ref().map(first_text),
                    )
                })
            },
        )
    }

    pub(super) fn storage(&self, key: &str) -> Option<Declaration> {
        self.find(|s| s.local_storage.iter().any(|p| p.matches(key)), |_| None)
    }

    fn find(
        &self,
        covers: impl Fn(&consent_gate::core::config::Service) -> bool,
        details: impl Fn(
            &consent_gate::core::config::Service,
        ) -> Option<(Option<String>, Option<String>)>,
    ) -> Option<Declaration> {
        let config = self.config?;
        config.categories.iter().find_map(|c| {
            c.services.iter().find(|s| covers(s)).map(|s| {
                let (description, lifetime) = details(s).unwrap_or_default();
                Declaration {
                    label: format!("{} ({})", s.id, c.id),
                    required: c.required,
                    category: c.id.clone(),
                    description,
                    lifetime,
                    provider: s.provider.clone(),
                }
            })
        })
    }
}

fn first_text(l: &consent_gate::core::i18n::Localized) -> String {
    l.entries()
        .next()
        .map(|(_, t)| t.to_owned())
        .unwrap_or_default()
}

/// The category a config's category id stands for, by ConsentGate's own defaults.
fn category_of_id(id: &str) -> Option<Category> {
    match id {
        "necessary" | "essential" | "required" | "strictly-necessary" => Some(Category::Necessary),
        "security" => Some(Category::Security),
        "functional" | "functionality" | "preferences" => Some(Category::Functional),
        "personalization" | "personalisation" => Some(Category::Personalization),
        "analytics" | "statistics" | "performance" | "measurement" => Some(Category::Analytics),
        "marketing" | "advertising" | "ads" | "targeting" => Some(Category::Marketing),
        _ => None,
    }
}

pub(super) fn classify(
    db: &Database,
    declared: Option<&Declaration>,
    name: &str,
    domain: &str,
) -> Classification {
    let found = db.classify(name, Some(domain));
    if let Some(d) = declared {
        // The site's own word decides whether it needs consent; the database adds detail.
        let category = if d.required {
            Some(Category::Necessary)
        } else {
            category_of_id(&d.category)
                .filter(|c| !c.strictly_necessary())
                .or(found
                    .map(|m| m.entry.category)
                    .filter(|c| !c.strictly_necessary()))
                .or(Some(Category::Functional))
        };
        return Classification {
            category,
            platform: found.map(|m| m.entry.platform.clone()),
            controller: d
                .provider
                .clone()
                .or(found.map(|m| m.entry.controller.clone())),
            description: d
                .description
                .clone()
                .or(found.map(|m| m.entry.description.clone())),
            retention: d
                .lifetime
                .clone()
                .or(found.map(|m| m.entry.retention.clone())),
            matched: found.map(|m| m.entry.name.clone()),
            prefix: found.is_some_and(|m| m.by_prefix),
            source: Source::Config,
        };
    }
    match found {
        Some(m) => Classification {
            category: Some(m.entry.category),
            platform: Some(m.entry.platform.clone()).filter(|p| !p.is_empty()),
            controller: Some(m.entry.controller.clone()).filter(|p| !p.is_empty()),
            description: Some(m.entry.description.clone()).filter(|p| !p.is_empty()),
            retention: Some(m.entry.retention.clone()).filter(|p| !p.is_empty()),
            matched: Some(m.entry.name.clone()),
            prefix: m.by_prefix,
            source: Source::OpenCookieDatabase,
        },
        None => Classification {
            category: None,
            platform: None,
            controller: None,
            description: None,
            retention: None,
            matched: None,
            prefix: false,
            source: Source::Unknown,
        },
    }
}

pub(super) fn needs_consent(c: &Classification) -> bool {
    c.category.is_some_and(|c| !c.strictly_necessary())
}

/// How long until `expires` (Unix seconds) from `now`, in words.
#[must_use]
pub fn lifetime(expires: Option<f64>, now: f64) -> String {
    let Some(expires) = expires else {
        return "session".into();
    };
    let secs = (expires - now).max(0.0);
    let plural = |n: f64, unit: &str| {
        let n = n.round().max(1.0);
        if (n - 1.0).abs() < f64::EPSILON {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    let days = secs / 86_400.0;
    if secs < 3_600.0 {
        plural(secs / 60.0, "minute")
    } else if days < 2.0 {
        plural(secs / 3_600.0, "hour")
    } else if days < 60.0 {
        plural(days, "day")
    } else if days < 720.0 {
        plural(days / 30.44, "month")
    } else {
        plural(days / 365.25, "year")
    }
}

/// The GA4 measurement ID or Tag Manager container a request loads or reports to:
/// `googletagmanager.com/gtag/js?id=G-...`, `/gtm.js?id=GTM-...`, or a GA4 hit
/// (`google-analytics.com/g/collect?tid=G-...`).
#[must_use]
pub fn google_tag(url: &str) -> Option<String> {
    use consent_gate::core::google::TagId;
    let url = url::Url::parse(url).ok()?;
    let host = url.host_str()?;
    let under = |d: &str| host == d || host.ends_with(&format!(".{d}"));
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let id = if under("googletagmanager.com") {
        param("id")?
    } else if under("google-analytics.com") || host == "analytics.google.com" {
        if !url.path().ends_with("/collect") {
            return None;
        }
        param("tid")?
    } else {
        return None;
    };
    let ok = TagId::measurement(&id).is_ok() || TagId::container(&id).is_ok();
    ok.then_some(id)
}
