//! The part of a scan report a draft is made from, read from the report's JSON
//! (`consent-gate scan --json`, `cli/src/report/model.rs`): per phase, the cookies and
//! `localStorage` keys with their classification, and the Google tags the pages loaded.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::json::{FieldError, Json};

/// A purpose, as the Open Cookie Database and ConsentGate both name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    /// Needed for the site to work (exempt from consent).
    Necessary,
    /// Protects the site and its visitors (exempt from consent).
    Security,
    /// Remembers settings and features the visitor uses.
    Functional,
    /// Adapts content to the visitor.
    Personalization,
    /// Measures how the site is used.
    Analytics,
    /// Advertising, its measurement and cross-site tracking.
    Marketing,
}

impl Purpose {
    /// Every purpose, strictly necessary ones first (the order of a drafted config).
    pub const ALL: [Purpose; 6] = [
        Purpose::Necessary,
        Purpose::Security,
        Purpose::Functional,
        Purpose::Personalization,
        Purpose::Analytics,
        Purpose::Marketing,
    ];

    /// The name as the database and the report write it (`Analytics`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Purpose::Necessary => "Necessary",
            Purpose::Security => "Security",
            Purpose::Functional => "Functional",
            Purpose::Personalization => "Personalization",
            Purpose::Analytics => "Analytics",
            Purpose::Marketing => "Marketing",
        }
    }

    /// The ConsentGate category id a drafted config uses (`analytics`).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Purpose::Necessary => "necessary",
            Purpose::Security => "security",
            Purpose::Functional => "functional",
            Purpose::Personalization => "personalization",
            Purpose::Analytics => "analytics",
            Purpose::Marketing => "marketing",
        }
    }

    /// Reads a name (case-insensitive, surrounding spaces ignored).
    #[must_use]
    pub fn from_name(text: &str) -> Option<Purpose> {
        Purpose::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(text.trim()))
    }

    /// Strictly necessary: may be set before consent. Security cookies (CSRF tokens, bot
    /// checks) count, as ePrivacy's exemption for a service the visitor asked for covers them.
    #[must_use]
    pub fn strictly_necessary(self) -> bool {
        matches!(self, Purpose::Necessary | Purpose::Security)
    }
}

/// What a cookie or key is, as the scan classified it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Classified {
    /// Its purpose; `None` when unknown.
    pub purpose: Option<Purpose>,
    /// Who sets it (`Google Analytics`).
    pub platform: Option<String>,
    /// Who controls the data (`Google`).
    pub controller: Option<String>,
    /// What it is for.
    pub description: Option<String>,
    /// How long it lives, as the database words it.
    pub retention: Option<String>,
    /// The database row's name; a prefix when it matched as one (`_ga_`).
    pub matched: Option<String>,
    /// It matched a wildcard (prefix) row.
    pub prefix: bool,
}

/// A cookie the scan found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoundCookie {
    /// Its name.
    pub name: String,
    /// Its path.
    pub path: String,
    /// How long from the scan until it expires (`2 years`, `session`).
    pub lifetime: String,
    /// What it is.
    pub class: Classified,
}

/// A `localStorage` key the scan found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoundKey {
    /// The key.
    pub key: String,
    /// What it is.
    pub class: Classified,
}

/// The findings of one phase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// Cookies.
    pub cookies: Vec<FoundCookie>,
    /// `localStorage` keys.
    pub storage: Vec<FoundKey>,
    /// GA4 measurement ids (`G-...`) and Tag Manager containers (`GTM-...`), first seen first.
    pub google_tags: Vec<String>,
}

/// What a draft is made from: the findings before any choice and after "Accept all".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Before any choice.
    pub before_consent: Findings,
    /// What appeared after "Accept all" (`None` when it was not given).
    pub after_accept: Option<Findings>,
}

fn text(value: &Json, key: &str, path: &str) -> Result<Option<String>, FieldError> {
    match value.field(key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(FieldError::new(
            format!("{path}.{key}"),
            format!("expected a string, found {}", other.describe()),
        )),
    }
}

fn required(value: &Json, key: &str, path: &str) -> Result<String, FieldError> {
    text(value, key, path)?
        .ok_or_else(|| FieldError::new(format!("{path}.{key}"), "missing (a string)"))
}

fn list<'a>(value: &'a Json, key: &str, path: &str) -> Result<&'a [Json], FieldError> {
    match value.field(key) {
        None => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(other) => Err(FieldError::new(
            format!("{path}.{key}"),
            format!("expected an array, found {}", other.describe()),
        )),
    }
}

fn classified(value: &Json, path: &str) -> Result<Classified, FieldError> {
    let path = format!("{path}.classification");
    let Some(c) = value.field("classification") else {
        return Ok(Classified::default());
    };
    let purpose = match text(c, "category", &path)? {
        None => None,
        Some(name) => Some(Purpose::from_name(&name).ok_or_else(|| {
            FieldError::new(
                format!("{path}.category"),
                format!("unknown category {name:?} (Necessary, Security, Functional, Personalization, Analytics or Marketing)"),
            )
        })?),
    };
    Ok(Classified {
        purpose,
        platform: text(c, "platform", &path)?,
        controller: text(c, "controller", &path)?,
        description: text(c, "description", &path)?,
        retention: text(c, "retention", &path)?,
        matched: text(c, "matched", &path)?,
        prefix: c.field("prefix").and_then(Json::as_bool).unwrap_or(false),
    })
}

fn findings(value: &Json, path: &str) -> Result<Findings, FieldError> {
    let mut out = Findings::default();
    for (i, c) in list(value, "cookies", path)?.iter().enumerate() {
        let at = format!("{path}.cookies[{i}]");
        out.cookies.push(FoundCookie {
            name: required(c, "name", &at)?,
            path: text(c, "path", &at)?.unwrap_or_else(|| "/".into()),
            lifetime: text(c, "lifetime", &at)?.unwrap_or_else(|| "session".into()),
            class: classified(c, &at)?,
        });
    }
    for (i, s) in list(value, "storage", path)?.iter().enumerate() {
        let at = format!("{path}.storage[{i}]");
        out.storage.push(FoundKey {
            key: required(s, "key", &at)?,
            class: classified(s, &at)?,
        });
    }
    for (i, t) in list(value, "google_tags", path)?.iter().enumerate() {
        match t {
            Json::String(s) => out.google_tags.push(s.clone()),
            other => {
                return Err(FieldError::new(
                    format!("{path}.google_tags[{i}]"),
                    format!("expected a string, found {}", other.describe()),
                ));
            }
        }
    }
    Ok(out)
}

impl Scan {
    /// Reads the JSON report of `consent-gate scan --json` (other keys are ignored).
    ///
    /// # Errors
    /// The first field that is not as the report writes it, by its path.
    pub fn from_json(doc: &Json) -> Result<Scan, FieldError> {
        if !matches!(doc, Json::Object(_)) {
            return Err(FieldError::new(
                "",
                format!(
                    "expected a scan report (an object), found {}",
                    doc.describe()
                ),
            ));
        }
        let before = doc.field("before_consent").ok_or_else(|| {
            FieldError::new(
                "before_consent",
                "missing: this is not a report of `consent-gate scan --json`",
            )
        })?;
        Ok(Scan {
            before_consent: findings(before, "before_consent")?,
            after_accept: doc
                .field("after_accept")
                .map(|a| findings(a, "after_accept"))
                .transpose()?,
        })
    }

    /// Whether a JSON document looks like a scan report rather than a config.
    #[must_use]
    pub fn is_report(doc: &Json) -> bool {
        doc.field("before_consent").is_some() && doc.field("categories").is_none()
    }
}
