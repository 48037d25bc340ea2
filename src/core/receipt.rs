//! Proof of consent (GDPR Art. 7(1)): a receipt for every decision.
//!
//! A receipt says who decided what, when, on which texts, and what Google was told. When the
//! config names `proof.endpoint`, the shell sends each receipt there, through the outbox
//! ([`super::outbox`]) so none is lost.
//! Golden file: `tests/golden/receipt.json`.
//!
//! The texts hash is SHA-256 over every text the visitor could read (interface texts, the
//! revision message if shown, each category's and service's title, description, provider and
//! cookie declarations), each field ended by U+001F, so a site can prove which wording a
//! visitor agreed to.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::hash::hex;
pub use super::hash::sha256_hex;

use super::config::Config;
use super::google::ConsentState;
use super::i18n::{Locale, Text};
use super::json::ObjectWriter;
use super::time::Timestamp;

/// The receipt format's version (`schema`), raised when a field changes meaning or goes.
pub const SCHEMA: u64 = 1;

/// What a receipt records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The id of this decision (the stored record's `id`).
    pub consent_id: String,
    /// The decision it replaces, if any.
    pub previous_consent_id: Option<String>,
    /// When, as ISO-8601 UTC.
    pub time: String,
    /// The config revision decided on.
    pub revision: u32,
    /// SHA-256 (hex) of the texts shown.
    pub texts_hash: String,
    /// The language of those texts.
    pub language: String,
    /// `accept-all`, `reject-all`, `custom`, `api`, `gpc`, `contextual` or `withdraw`.
    pub method: String,
    /// Category id -> granted.
    pub categories: BTreeMap<String, bool>,
    /// Service id -> granted.
    pub services: BTreeMap<String, bool>,
    /// The Consent Mode state pushed with this decision.
    pub consent_mode: ConsentState,
    /// Whether the browser sent Global Privacy Control.
    pub gpc: bool,
    /// SHA-256 (hex) of the config's text ([`Config::text_hash`]).
    pub config_hash: String,
    /// The region rule the decision was made under (only with `regions` in the config).
    pub region: Option<RegionRule>,
}

/// The region rule a decision was made under, as a receipt records it (`region`, `model`,
/// `gpcBinding`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionRule {
    /// The visitor's region (`None`: none given, or not a code: the strictest rule applied).
    pub region: Option<String>,
    /// `opt-in` or `opt-out`.
    pub model: &'static str,
    /// Global Privacy Control is binding under the rule.
    pub gpc_binding: bool,
}

impl RegionRule {
    /// From the rule a page view goes by.
    #[must_use]
    pub fn new(applied: &super::regions::Applied) -> RegionRule {
        RegionRule {
            region: applied.region.clone(),
            model: applied.model.name(),
            gpc_binding: applied.gpc_binding,
        }
    }
}

impl Receipt {
    /// The JSON sent to the endpoint.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        w.number("schema", SCHEMA)
            .string("consentId", &self.consent_id)
            .opt_string("previousConsentId", self.previous_consent_id.as_deref())
            .string("time", &self.time)
            .number("revision", u64::from(self.revision))
            .string("textsHash", &self.texts_hash)
            .string("language", &self.language)
            .string("method", &self.method)
            .bools("categories", &self.categories)
            .bools("services", &self.services)
            .strings("consentMode", self.consent_mode.entries())
            .bool("gpc", self.gpc)
            .string("configHash", &self.config_hash);
        if let Some(rule) = &self.region {
            w.opt_string("region", rule.region.as_deref())
                .string("model", rule.model)
                .bool("gpcBinding", rule.gpc_binding);
        }
        w.close();
        out
    }

    /// Builds a receipt.
    #[must_use]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: &Config,
        locale: &Locale,
        consent_id: String,
        previous_consent_id: Option<String>,
        time: Timestamp,
        method: &str,
        categories: BTreeMap<String, bool>,
        services: BTreeMap<String, bool>,
        state: &ConsentState,
        gpc: bool,
        notice_shown: bool,
    ) -> Receipt {
        Receipt {
            consent_id,
            previous_consent_id,
            time: time.to_string(),
            revision: config.revision,
            texts_hash: texts_hash(config, locale, notice_shown),
            language: locale.tag.clone(),
            method: method.to_owned(),
            categories,
            services,
            consent_mode: *state,
            gpc,
            config_hash: config.text_hash.clone(),
            region: None,
        }
    }
}

/// SHA-256 (lowercase hex) of every text a visitor could read before deciding, in the
/// language shown.
#[must_use]
pub fn texts_hash(config: &Config, locale: &Locale, notice_shown: bool) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update(s.as_bytes());
        h.update([0x1f]);
    };
    field(&locale.tag);
    for &t in Text::ALL {
        field(t.key());
        field(locale.text(t));
    }
    field(&config.banner_text(locale));
    if notice_shown {
        field(super::view::notice(config, locale));
    }
    field(config.policy_url(locale).unwrap_or_default());
    for c in &config.categories {
        field(&c.id);
        field(locale.pick(&c.title));
        field(locale.pick(&c.description));
        for s in &c.services {
            field(&s.id);
            field(locale.pick(&s.title));
            field(locale.pick(&s.description));
            field(s.provider.as_deref().unwrap_or_default());
            field(if s.third_party {
                "third-party"
            } else {
                "first-party"
            });
            for k in &s.cookies {
                field(k.name.as_str());
                field(k.lifetime.as_ref().map_or("", |t| locale.pick(t)));
                field(k.description.as_ref().map_or("", |t| locale.pick(t)));
            }
        }
    }
    hex(&h.finalize())
}
