//! Google Consent Mode v2 payloads and the Google tag URLs, built only from validated IDs.

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt;

/// The keys of `google` that only advanced Consent Mode reads (the config reader refuses them
/// in basic mode; the builder offers them in advanced mode).
pub const ADVANCED_ONLY: &[&str] = &[
    "waitForUpdate",
    "regions",
    "adsDataRedaction",
    "urlPassthrough",
];

/// The seven Consent Mode v2 storage types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConsentType {
    /// `ad_storage`
    AdStorage,
    /// `ad_user_data`
    AdUserData,
    /// `ad_personalization`
    AdPersonalization,
    /// `analytics_storage`
    AnalyticsStorage,
    /// `functionality_storage`
    FunctionalityStorage,
    /// `personalization_storage`
    PersonalizationStorage,
    /// `security_storage`
    SecurityStorage,
}

impl ConsentType {
    /// All seven, in the order payloads list them.
    pub const ALL: [ConsentType; 7] = [
        ConsentType::AdStorage,
        ConsentType::AdUserData,
        ConsentType::AdPersonalization,
        ConsentType::AnalyticsStorage,
        ConsentType::FunctionalityStorage,
        ConsentType::PersonalizationStorage,
        ConsentType::SecurityStorage,
    ];

    /// The name gtag uses.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ConsentType::AdStorage => "ad_storage",
            ConsentType::AdUserData => "ad_user_data",
            ConsentType::AdPersonalization => "ad_personalization",
            ConsentType::AnalyticsStorage => "analytics_storage",
            ConsentType::FunctionalityStorage => "functionality_storage",
            ConsentType::PersonalizationStorage => "personalization_storage",
            ConsentType::SecurityStorage => "security_storage",
        }
    }

    /// Parses a gtag name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<ConsentType> {
        ConsentType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// One of the three advertising types (Global Privacy Control denies them).
    #[must_use]
    pub fn is_ad(self) -> bool {
        matches!(
            self,
            ConsentType::AdStorage | ConsentType::AdUserData | ConsentType::AdPersonalization
        )
    }

    /// Whether a site may declare this type strictly necessary (granted without consent).
    #[must_use]
    pub fn may_be_necessary(self) -> bool {
        matches!(
            self,
            ConsentType::FunctionalityStorage
                | ConsentType::PersonalizationStorage
                | ConsentType::SecurityStorage
        )
    }

    /// The types a category stands for when the config does not say, by its id.
    #[must_use]
    pub fn defaults_for_category(id: &str) -> &'static [ConsentType] {
        match id {
            "analytics" | "statistics" | "performance" | "measurement" => {
                &[ConsentType::AnalyticsStorage]
            }
            "marketing" | "advertising" | "ads" | "targeting" => &[
                ConsentType::AdStorage,
                ConsentType::AdUserData,
                ConsentType::AdPersonalization,
            ],
            "functionality" | "functional" | "preferences" | "personalization" => &[
                ConsentType::FunctionalityStorage,
                ConsentType::PersonalizationStorage,
            ],
            _ => &[],
        }
    }
}

/// A Consent Mode state: each of the seven types granted or denied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsentState {
    granted: [bool; 7],
}

impl ConsentState {
    /// Everything denied except `security_storage`.
    #[must_use]
    pub fn denied() -> ConsentState {
        let mut s = ConsentState {
            granted: [false; 7],
        };
        s.set(ConsentType::SecurityStorage, true);
        s
    }

    /// Grants or denies one type.
    pub fn set(&mut self, t: ConsentType, granted: bool) {
        self.granted[t as usize] = granted;
    }

    /// Whether `t` is granted.
    #[must_use]
    pub fn is_granted(&self, t: ConsentType) -> bool {
        self.granted[t as usize]
    }

    /// `(name, "granted" | "denied")` for all seven types, in payload order.
    #[must_use]
    pub fn entries(&self) -> [(&'static str, &'static str); 7] {
        ConsentType::ALL.map(|t| {
            (
                t.name(),
                if self.is_granted(t) {
                    "granted"
                } else {
                    "denied"
                },
            )
        })
    }

    /// The payload as JSON, for golden tests and receipts.
    #[must_use]
    pub fn to_json(&self) -> String {
        let fields: Vec<String> = self
            .entries()
            .iter()
            .map(|(k, v)| format!("\"{k}\":\"{v}\""))
            .collect();
        format!("{{{}}}", fields.join(","))
    }
}

/// A validated Google tag ID: a GA4 measurement ID or a Tag Manager container ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagId(String);

impl TagId {
    /// Validates a GA4 measurement ID (`G-` then capital letters and digits).
    ///
    /// # Errors
    /// The message names the expected form and quotes the input.
    pub fn measurement(id: &str) -> Result<TagId, String> {
        TagId::with_prefix(id, "G-", "a GA4 measurement ID", "G-AB12CD34EF")
    }

    /// Validates a Tag Manager container ID (`GTM-` then capital letters and digits).
    ///
    /// # Errors
    /// The message names the expected form and quotes the input.
    pub fn container(id: &str) -> Result<TagId, String> {
        TagId::with_prefix(id, "GTM-", "a Tag Manager container ID", "GTM-AB12CD3")
    }

    /// `id` if it is `prefix` followed by 1 to 20 capital letters and digits (no message: the
    /// gate, which reads IDs the full build checked, has no use for one).
    #[must_use]
    pub fn checked(id: &str, prefix: &str) -> Option<TagId> {
        let ok = id.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty()
                && rest.len() <= 20
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        });
        ok.then(|| TagId(id.to_owned()))
    }

    fn with_prefix(id: &str, prefix: &str, what: &str, example: &str) -> Result<TagId, String> {
        TagId::checked(id, prefix).ok_or_else(|| {
            format!(
                "{id:?} is not {what} (expected {prefix:?} followed by capital letters and digits, e.g. {example:?})"
            )
        })
    }

    /// The ID.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The gtag.js URL for a measurement ID.
    #[must_use]
    pub fn gtag_url(&self) -> String {
        format!("https://www.googletagmanager.com/gtag/js?id={}", self.0)
    }

    /// The gtm.js URL for a container ID.
    #[must_use]
    pub fn gtm_url(&self) -> String {
        format!("https://www.googletagmanager.com/gtm.js?id={}", self.0)
    }
}

impl fmt::Display for TagId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_ids_before_any_url() {
        assert_eq!(
            TagId::measurement("G-AB12").unwrap().gtag_url(),
            "https://www.googletagmanager.com/gtag/js?id=G-AB12"
        );
        assert_eq!(
            TagId::container("GTM-AB12").unwrap().gtm_url(),
            "https://www.googletagmanager.com/gtm.js?id=GTM-AB12"
        );
        assert_eq!(
            TagId::container("GTM-AB12\"&l=x").unwrap_err(),
            "\"GTM-AB12\\\"&l=x\" is not a Tag Manager container ID (expected \"GTM-\" followed by capital letters and digits, e.g. \"GTM-AB12CD3\")"
        );
        for bad in ["G-", "g-AB12", "G-ab12", "GTM-AB12", "G-AB 12", "UA-1234-1"] {
            assert!(TagId::measurement(bad).is_err(), "{bad}");
        }
        assert!(TagId::container("G-AB12").is_err());
    }

    #[test]
    fn denied_state_grants_only_security() {
        assert_eq!(
            ConsentState::denied().to_json(),
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}"#
        );
    }
}
