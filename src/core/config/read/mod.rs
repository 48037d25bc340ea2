//! Reading a config document into a [`Config`], section by section, collecting every problem.
//!
//! Here are the entry point and the `Reader` that collects the errors; each section is read in
//! a module of its own, with the checks and the messages that belong to it.

#[allow(unused_imports)]
use crate::prelude::*;

use super::super::json::{Fields, Json};
use super::{Config, ConfigError, ConfigErrors, DEFAULT_EXPIRY_DAYS, Google, MAX_EXPIRY_DAYS};

mod categories;
mod google;
mod languages;
mod links;
mod look;
mod microsoft;
mod regions;

const TOP_KEYS: &[&str] = &[
    "$schema",
    "revision",
    "expiryDays",
    "language",
    "languages",
    "policy",
    "texts",
    "categories",
    "google",
    "microsoft",
    "reopenButton",
    "reopenPosition",
    "reloadOnWithdraw",
    "placeholders",
    "revisionMessage",
    "proof",
    "theme",
    "layout",
    "position",
    "blocking",
    "consentDomain",
    "regions",
];

/// Reads and validates the whole document.
pub(super) fn read(doc: &Json) -> Result<Config, ConfigErrors> {
    let mut r = Reader::default();
    let Some(f) = r.fields(doc, "", TOP_KEYS) else {
        return Err(ConfigErrors(r.errors));
    };
    let expiry_days = f
        .u32("expiryDays", &mut r.errors)
        .unwrap_or(DEFAULT_EXPIRY_DAYS);
    if !(1..=MAX_EXPIRY_DAYS).contains(&expiry_days) {
        r.err(
            "expiryDays",
            format!("{expiry_days} is out of range (1 to {MAX_EXPIRY_DAYS} days)"),
        );
    }
    let language = r.language(&f);
    let languages = r.languages(&f);
    r.languages = languages.clone();
    let (policy_url, policy_page) = r.policy(&f);
    r.gpc_binding = f
        .get("regions")
        .and_then(|g| g.field("rules"))
        .and_then(Json::as_array)
        .is_some_and(|rules| {
            rules
                .iter()
                .any(|rule| rule.field("gpc").and_then(Json::as_str) == Some("binding"))
        });
    let texts = r.texts(&f, language.as_deref());
    let google_raw = f.object("google", &mut r.errors);
    let google_category = google_raw
        .and_then(|g| g.entries("google").ok())
        .and_then(|e| e.iter().rev().find(|(k, _)| k == "category"))
        .and_then(|(_, v)| match v {
            Json::String(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "analytics".into());
    let categories = r.categories(&f);
    let google = match google_raw {
        Some(g) => r.google(g, &categories),
        None => Google {
            consent_mode: true,
            measurement_id: None,
            container_id: None,
            category: google_category,
            advanced: None,
        },
    };
    let microsoft = r.microsoft(&f, &categories);
    let revision_message = r.localized(&f, "revisionMessage", false);
    let proof_endpoint = r.proof(&f);
    let look = r.look(&f);
    let consent_domain = f.string("consentDomain", &mut r.errors).and_then(|d| {
        match crate::core::domain::check_domain(&d) {
            Ok(domain) => Some(domain),
            Err(message) => {
                r.err("consentDomain", message);
                None
            }
        }
    });
    let regions = r.regions(&f);
    if regions.is_some() && google_raw.and_then(|g| g.field("regions")).is_some() {
        r.err(
            "google.regions",
            "not with `regions`: the region rules give Consent Mode's defaults (docs/regions.md)",
        );
    }
    let config = Config {
        revision: f.u32("revision", &mut r.errors).unwrap_or(1),
        expiry_days,
        language,
        languages,
        policy_url,
        policy_page,
        texts,
        categories,
        google,
        microsoft,
        reopen_button: f.bool("reopenButton", &mut r.errors).unwrap_or(true),
        reload_on_withdraw: f.bool("reloadOnWithdraw", &mut r.errors).unwrap_or(true),
        placeholders: f.bool("placeholders", &mut r.errors).unwrap_or(true),
        revision_message,
        proof_endpoint,
        consent_domain,
        regions,
        text_hash: String::new(),
        look,
    };
    if r.errors.is_empty() {
        Ok(config)
    } else {
        Err(ConfigErrors(r.errors))
    }
}

#[derive(Default)]
struct Reader {
    errors: Vec<ConfigError>,
    /// `languages` as read: a text written per language must be written in each.
    languages: Vec<String>,
    /// A region rule makes Global Privacy Control binding: its notice is a text the config
    /// must give in a language without built-in texts.
    gpc_binding: bool,
}

impl Reader {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(ConfigError::new(path, message));
    }

    /// Reads an object field by field; `None` when it is not an object (reported).
    fn fields<'a>(
        &mut self,
        value: &'a Json,
        path: &str,
        known: &'static [&'static str],
    ) -> Option<Fields<'a>> {
        match Fields::new(value, path, known) {
            Ok(f) => {
                f.check_unknown(&mut self.errors);
                Some(f)
            }
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Reads an object whose keys the site chooses (ids), keeping their order.
    fn map<T>(
        &mut self,
        value: &Json,
        path: &str,
        mut read: impl FnMut(&mut Self, &str, &Json, &str) -> Option<T>,
    ) -> Vec<(String, T)> {
        let entries = match value.entries(path) {
            Ok(entries) => entries,
            Err(e) => {
                self.errors.push(e);
                return Vec::new();
            }
        };
        entries
            .iter()
            .filter_map(|(key, v)| {
                read(self, key, v, &format!("{path}.{key}")).map(|t| (key.clone(), t))
            })
            .collect()
    }
}
