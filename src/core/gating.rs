//! Which marked elements may run.
//!
//! A site marks an element with `data-consent="analytics"` (a category or a service id), or in
//! vanilla-cookieconsent's form `data-category="analytics"` with an optional
//! `data-service="ga4"`. A leading `!` (`data-consent="!analytics"`) runs the element only once
//! the visitor has *denied* that purpose (a fallback such as a "video blocked" notice).
//! The shell reads the attributes, asks [`Marker::parse`] and [`Marker::decide`], and performs
//! the answer.

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt;

use super::config::Config;
use super::record::Choices;

/// What a marked element waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The category or service id whose consent it needs.
    pub purpose: String,
    /// The category that purpose belongs to (itself for a category).
    pub category: String,
    /// Run when the purpose is denied instead of granted.
    pub negated: bool,
}

/// The attributes of a marked element, as the shell read them.
#[derive(Clone, Copy, Debug, Default)]
pub struct MarkerAttrs<'a> {
    /// `data-consent`
    pub consent: Option<&'a str>,
    /// `data-category` (vanilla-cookieconsent)
    pub category: Option<&'a str>,
    /// `data-service` (vanilla-cookieconsent)
    pub service: Option<&'a str>,
}

/// Markup that names something the config does not have. The message is written only when
/// it is shown ([`fmt::Display`]), so a build that only needs to know carries none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkupError {
    /// Neither `data-consent` nor `data-category`.
    Unmarked,
    /// `data-consent` names neither a category nor a service.
    UnknownPurpose {
        /// As written.
        raw: String,
        /// Every category id, and every service id.
        categories: String,
        /// Every service id.
        services: String,
    },
    /// `data-category` (vanilla-cookieconsent's) names no category.
    UnknownCategory {
        /// As written.
        raw: String,
        /// Every category id.
        categories: String,
    },
    /// `data-service` names a service of another category.
    ServiceElsewhere {
        /// The service.
        service: String,
        /// Its category.
        belongs: String,
        /// The category the markup names.
        named: String,
    },
    /// `data-service` names no service.
    UnknownService {
        /// The service as written.
        service: String,
        /// The category the markup names.
        category: String,
        /// That category's services.
        known: String,
    },
}

impl fmt::Display for MarkupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MarkupError::Unmarked => {
                f.write_str("the element has neither data-consent nor data-category")
            }
            MarkupError::UnknownPurpose {
                raw,
                categories,
                services,
            } => write!(
                f,
                "data-consent=\"{raw}\" names no category or service in the config (categories: {categories}; services: {services})"
            ),
            MarkupError::UnknownCategory { raw, categories } => write!(
                f,
                "data-category=\"{raw}\" names no category in the config (it has: {categories})"
            ),
            MarkupError::ServiceElsewhere {
                service,
                belongs,
                named,
            } => write!(
                f,
                "data-service=\"{service}\" belongs to category `{belongs}`, not `{named}`"
            ),
            MarkupError::UnknownService {
                service,
                category,
                known,
            } => write!(
                f,
                "data-service=\"{service}\" names no service in the config (category `{category}` has: {known})"
            ),
        }
    }
}

/// What to do with a marked element now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Activate it.
    Run,
    /// Leave it inert; ask again when consent changes.
    Wait,
}

impl Marker {
    /// Reads a marker against the config.
    ///
    /// # Errors
    /// When the markup names an unknown category or service, or a service under the wrong
    /// category; such an element never runs.
    pub fn parse(attrs: MarkerAttrs<'_>, config: &Config) -> Result<Marker, MarkupError> {
        let (attr_is_consent, raw) = match (attrs.consent, attrs.category) {
            (Some(v), _) => (true, v.trim()),
            (None, Some(v)) => (false, v.trim()),
            (None, None) => return Err(MarkupError::Unmarked),
        };
        let (negated, name) = match raw.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, raw),
        };
        let mut marker = if config.category(name).is_some() {
            Marker {
                purpose: name.to_owned(),
                category: name.to_owned(),
                negated,
            }
        } else if let (Some((c, s)), true) = (config.service(name), attr_is_consent) {
            Marker {
                purpose: s.id.clone(),
                category: c.id.clone(),
                negated,
            }
        } else if attr_is_consent {
            return Err(MarkupError::UnknownPurpose {
                raw: raw.to_owned(),
                categories: config.category_list(),
                services: config.service_list(),
            });
        } else {
            return Err(MarkupError::UnknownCategory {
                raw: raw.to_owned(),
                categories: config.category_list(),
            });
        };
        if let Some(service) = attrs.service.map(str::trim).filter(|s| !s.is_empty()) {
            match config.service(service) {
                Some((c, s)) if c.id == marker.category => marker.purpose = s.id.clone(),
                Some((c, _)) => {
                    return Err(MarkupError::ServiceElsewhere {
                        service: service.to_owned(),
                        belongs: c.id.clone(),
                        named: marker.category,
                    });
                }
                None => {
                    let known: Vec<&str> = config
                        .category(&marker.category)
                        .map(|c| c.services.iter().map(|s| s.id.as_str()).collect())
                        .unwrap_or_default();
                    return Err(MarkupError::UnknownService {
                        service: service.to_owned(),
                        known: if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.join(", ")
                        },
                        category: marker.category,
                    });
                }
            }
        }
        Ok(marker)
    }

    /// Whether the element may run with the visitor's current choices (`None`: no decision).
    #[must_use]
    pub fn decide(&self, config: &Config, choices: Option<&Choices>) -> Decision {
        let required = config.category(&self.category).is_some_and(|c| c.required);
        let run = match (choices, self.negated) {
            (_, false) if required => true,
            (None, _) => false,
            (Some(choices), negated) => choices.allows(config, &self.purpose) != negated,
        };
        if run { Decision::Run } else { Decision::Wait }
    }
}
