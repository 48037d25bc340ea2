//! The config a site writes, read and validated into a [`Config`].
//!
//! Reading is strict: an unknown key, a wrong type or a missing required text is an error
//! naming the field (`categories.analytics.title`) and the problem, and a config with any error
//! is refused as a whole, so ConsentGate stays inert rather than guess (fail closed). Every key
//! is documented in the README under "Config reference" and in `config.schema.json`.
//!
//! [`read`] reads the document section by section; the checks that span sections (unique ids,
//! what loads the Google tags, every language a text must be written in) run as it goes.

#[allow(unused_imports)]
use crate::prelude::*;
mod read;

use core::fmt;

use super::cookies::NamePattern;
use super::google::{ConsentType, TagId};
use super::i18n::{self, Locale, Localized, Text, Texts};
use super::json::{FieldError, Json};
use super::lang;
use super::microsoft::{ClarityId, UetId};
use super::theme::{Layout, Theme};

/// Default lifetime of a choice, in days (about six months, as CNIL and vanilla-cookieconsent).
pub const DEFAULT_EXPIRY_DAYS: u32 = 182;
/// Longest lifetime a site may configure (13 months, the CNIL maximum).
pub const MAX_EXPIRY_DAYS: u32 = 395;

/// A validated config.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Bumping it asks every visitor again.
    pub revision: u32,
    /// How long a choice lasts.
    pub expiry_days: u32,
    /// The language the widget always shows (`language`), whatever the page says.
    pub language: Option<String>,
    /// The languages the site's texts are written in (`languages`), its default first; empty:
    /// every built-in language is offered.
    pub languages: Vec<String>,
    /// The privacy policy's URL (http(s) or relative): the document the viewer shows.
    pub policy_url: Option<Localized>,
    /// A page showing the policy, for the link's `href` (defaults to `policy_url`).
    pub policy_page: Option<Localized>,
    /// The site's own interface texts, over the built-in ones.
    pub texts: Vec<(Text, Localized)>,
    /// Categories in the order the site wrote them.
    pub categories: Vec<Category>,
    /// Google tags and Consent Mode.
    pub google: Google,
    /// Microsoft's tags (UET, Clarity) and their consent signals.
    pub microsoft: Microsoft,
    /// Show the floating "Privacy preferences" control once a choice exists.
    pub reopen_button: bool,
    /// Reload the page when consent ends for something that already ran.
    pub reload_on_withdraw: bool,
    /// A built-in placeholder in place of a marked iframe that may not load yet
    /// ([`crate::core::placeholder`]).
    pub placeholders: bool,
    /// Shown in the banner when it asks again after the config changed.
    pub revision_message: Option<Localized>,
    /// Where a receipt of each decision is sent (proof of consent).
    pub proof_endpoint: Option<String>,
    /// The domain the choice is shared on across subdomains (`consentDomain`), lowercase
    /// ([`crate::core::shared`]).
    pub consent_domain: Option<String>,
    /// The region rules (`regions`, [`crate::core::regions`]); `None`: the banner asks
    /// everywhere (opt-in).
    pub regions: Option<super::regions::Regions>,
    /// SHA-256 (lowercase hex) of the config's text as the site served it, which every receipt
    /// carries (`configHash`), so an auditor can tell which config a decision was made on. Set
    /// by [`Config::parse`] and, in the browser, by the full build from the text it read.
    pub text_hash: String,
    /// Colours, layout and position.
    pub look: Look,
}

/// How the interface looks and where it sits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Look {
    /// Colours, font, radius.
    pub theme: Theme,
    /// The first layer's layout.
    pub layout: Layout,
    /// Where the first layer sits (one of [`Layout::positions`]).
    pub position: &'static str,
    /// A modal first layer blocks the page until the visitor decides.
    pub blocking: bool,
    /// The reopen control's corner (one of [`super::theme::CORNERS`]).
    pub reopen_position: &'static str,
}

/// A purpose the visitor can grant or deny.
#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    /// The key under `categories`; markup names it in `data-consent`.
    pub id: String,
    /// Heading in the preferences.
    pub title: Localized,
    /// What the category is for.
    pub description: Localized,
    /// Strictly necessary: always on, never asked.
    pub required: bool,
    /// Services in the order the site wrote them.
    pub services: Vec<Service>,
    /// Consent Mode types this category grants.
    pub consent_types: Vec<ConsentType>,
    /// Denied whenever the browser sends Global Privacy Control.
    pub gpc: bool,
}

/// A named tool inside a category (Google Analytics, a video player, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// The key under `services`; markup names it in `data-service`.
    pub id: String,
    /// Its display name.
    pub title: Localized,
    /// What it does (may be empty).
    pub description: Localized,
    /// Who runs it.
    pub provider: Option<String>,
    /// Whether data goes to someone other than the site.
    pub third_party: bool,
    /// The cookies it sets.
    pub cookies: Vec<Cookie>,
    /// The `localStorage` keys it writes (names or patterns), removed when consent ends.
    pub local_storage: Vec<NamePattern>,
    /// `embedUrl`: the address of its embed with `{data-id}` where iframemanager's markup
    /// (`<div data-service data-id>`) puts the id; the bootstrap builds the iframe.
    pub embed_url: Option<String>,
}

/// A declared cookie.
#[derive(Clone, Debug, PartialEq)]
pub struct Cookie {
    /// Exact name or pattern.
    pub name: NamePattern,
    /// How long it lives, as the site words it ("2 years").
    pub lifetime: Option<Localized>,
    /// What it is for.
    pub description: Option<Localized>,
    /// The path it is set on.
    pub path: String,
}

/// Google tags and Consent Mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Google {
    /// Push Consent Mode v2 default and updates (on unless the site turns it off).
    pub consent_mode: bool,
    /// GA4 measurement ID whose gtag.js ConsentGate loads.
    pub measurement_id: Option<TagId>,
    /// Tag Manager container ConsentGate loads.
    pub container_id: Option<TagId>,
    /// The category or service whose consent loads the Google tags.
    pub category: String,
    /// Advanced Consent Mode: tags load before consent with denied defaults.
    pub advanced: Option<Advanced>,
}

/// Microsoft's tags: with an ID, ConsentGate sends that tag's consent signals and loads it once
/// consent allows (UET with `ad_storage`, Clarity with `analytics_storage`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Microsoft {
    /// The UET tag (Microsoft Advertising) ConsentGate loads.
    pub uet_id: Option<UetId>,
    /// The Clarity project ConsentGate loads.
    pub clarity_id: Option<ClarityId>,
}

/// Advanced Consent Mode settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Advanced {
    /// `wait_for_update` in the default command, in milliseconds.
    pub wait_for_update: u32,
    /// Extra defaults per ISO 3166-2 region: the types granted there before a choice.
    pub regions: Vec<(String, Vec<ConsentType>)>,
    /// `gtag('set', 'ads_data_redaction', ...)`.
    pub ads_data_redaction: bool,
    /// `gtag('set', 'url_passthrough', ...)`.
    pub url_passthrough: bool,
}

impl Config {
    /// Parses and validates a config.
    ///
    /// # Errors
    /// Every problem found, each naming its field.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Result<Config, ConfigErrors> {
        let doc = Json::parse(text).map_err(|m| ConfigErrors::malformed(&m))?;
        let mut config = Config::from_json(&doc)?;
        config.text_hash = super::hash::sha256_hex(text.as_bytes());
        Ok(config)
    }

    /// Reads and validates a config already parsed as JSON (in the browser by `JSON.parse`).
    ///
    /// # Errors
    /// Every problem found, each naming its field.
    pub fn from_json(doc: &Json) -> Result<Config, ConfigErrors> {
        read::read(doc)
    }

    /// Resolves every URL in the config with `resolve` (relative URLs in a config file
    /// resolve against the file's own address, as in a stylesheet).
    pub fn resolve_urls(&mut self, resolve: impl Fn(&str) -> String) {
        self.policy_url = self.policy_url.as_ref().map(|u| u.map(&resolve));
        self.policy_page = self.policy_page.as_ref().map(|u| u.map(&resolve));
        self.proof_endpoint = self.proof_endpoint.as_deref().map(&resolve);
    }

    /// The category called `id`.
    #[must_use]
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The service called `id`, with its category.
    #[must_use]
    pub fn service(&self, id: &str) -> Option<(&Category, &Service)> {
        self.categories
            .iter()
            .find_map(|c| c.services.iter().find(|s| s.id == id).map(|s| (c, s)))
    }

    /// The categories a visitor decides on.
    pub fn optional_categories(&self) -> impl Iterator<Item = &Category> {
        self.categories.iter().filter(|c| !c.required)
    }

    /// Every category id, for error messages.
    #[must_use]
    pub fn category_list(&self) -> String {
        self.categories
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every service id, for error messages.
    #[must_use]
    pub fn service_list(&self) -> String {
        let ids: Vec<&str> = self
            .categories
            .iter()
            .flat_map(|c| c.services.iter().map(|s| s.id.as_str()))
            .collect();
        if ids.is_empty() {
            "none".into()
        } else {
            ids.join(", ")
        }
    }

    /// The languages offered: the config's own, or every built-in one.
    #[must_use]
    pub fn offered_languages(&self) -> Vec<&str> {
        if self.languages.is_empty() {
            i18n::built_in_tags()
        } else {
            self.languages.iter().map(String::as_str).collect()
        }
    }

    /// The language a page view shows: the config's `language`; else the first of the page's
    /// (`<html lang>`, then the browser's) that is offered, by BCP 47 lookup; else the
    /// config's default (the first of `languages`); else English. Unknown tags are skipped.
    #[must_use]
    pub fn choose_language<S: AsRef<str>>(&self, page: &[S]) -> String {
        if let Some(forced) = &self.language {
            return forced.clone();
        }
        let offered = self.offered_languages();
        lang::negotiate(page.iter().map(AsRef::as_ref), &offered)
            .map(str::to_owned)
            .or_else(|| self.languages.first().cloned())
            .unwrap_or_else(|| i18n::ENGLISH_TAG.to_owned())
    }

    /// The language `requested` (by `ConsentGate.setLanguage`) maps to among those offered.
    #[must_use]
    pub fn offered(&self, requested: &str) -> Option<String> {
        if self.language.as_deref() == Some(requested) {
            return Some(requested.to_owned());
        }
        lang::negotiate([requested], &self.offered_languages()).map(str::to_owned)
    }

    /// The language file showing `tag` needs (`de` for `de-AT`); `None` for English, which
    /// is compiled in, and for languages the config writes every text of itself.
    #[must_use]
    pub fn file_for(tag: &str) -> Option<&'static str> {
        i18n::file_for(tag).filter(|f| *f != i18n::ENGLISH_TAG)
    }

    /// The locale for `tag`, given its built-in texts (English for languages the config
    /// writes every text of itself).
    #[must_use]
    pub fn locale(&self, tag: &str, texts: &Texts) -> Locale {
        Locale::new(
            tag,
            self.languages.first().map(String::as_str),
            texts,
            &self.texts,
        )
    }

    /// The first layer's paragraph: the built-in text names the site's optional categories.
    #[must_use]
    pub fn banner_text(&self, locale: &Locale) -> String {
        let titles: Vec<&str> = self
            .optional_categories()
            .map(|c| locale.pick(&c.title))
            .collect();
        if titles.is_empty() {
            return locale.text(Text::BannerTextNecessary).to_owned();
        }
        Locale::fill(
            locale.text(Text::BannerText),
            "purposes",
            &titles.join(locale.text(Text::ListSeparator)),
        )
    }

    /// The policy document's URL in `locale`'s language.
    #[must_use]
    pub fn policy_url(&self, locale: &Locale) -> Option<&str> {
        self.policy_url.as_ref().map(|u| locale.pick(u))
    }

    /// Where a policy link points: `policy.page`, else `policy.url` (empty without either).
    #[must_use]
    pub fn policy_page(&self, locale: &Locale) -> &str {
        self.policy_page
            .as_ref()
            .or(self.policy_url.as_ref())
            .map_or("", |u| locale.pick(u))
    }
}

/// One problem in a config: where (`categories.analytics.title`, empty for the whole
/// document) and what.
pub type ConfigError = FieldError;

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "config: {}", self.message)
        } else {
            write!(f, "config field `{}`: {}", self.path, self.message)
        }
    }
}

/// All the problems in a config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConfigErrors {}

impl ConfigErrors {
    /// The config text is not JSON (`why` is the parser's message).
    #[must_use]
    pub fn malformed(why: &str) -> ConfigErrors {
        ConfigErrors(vec![ConfigError::new(
            "",
            format!("the JSON is malformed: {why}"),
        )])
    }
}
