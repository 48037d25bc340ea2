//! The config a site writes, parsed and validated into a [`Config`].
//!
//! Parsing is strict: an unknown key, a wrong type or a missing required text is an error
//! naming the field (`categories.analytics.title`) and the problem, and a config with any error
//! is refused as a whole, so ConsentGate stays inert rather than guess (fail closed). Every key
//! is documented in the README under "Config reference".

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::cookies::{self, NamePattern};
use super::google::{ConsentType, TagId};
use super::i18n::{self, Text, Texts};

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
    /// The language the texts are in (the widget's `lang`).
    pub language: String,
    /// The privacy policy's URL (http(s) or relative).
    pub policy_url: Option<String>,
    /// Interface texts.
    pub texts: Texts,
    /// Categories in the order the site wrote them.
    pub categories: Vec<Category>,
    /// Google tags and Consent Mode.
    pub google: Google,
    /// Show the floating "Privacy preferences" control once a choice exists.
    pub reopen_button: bool,
    /// Reload the page when consent ends for something that already ran.
    pub reload_on_withdraw: bool,
    /// Shown in the banner when it asks again after the config changed.
    pub revision_message: Option<String>,
    /// Where a receipt of each decision is sent (proof of consent).
    pub proof_endpoint: Option<String>,
}

/// A purpose the visitor can grant or deny.
#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    /// The key under `categories`; markup names it in `data-consent`.
    pub id: String,
    /// Heading in the preferences.
    pub title: String,
    /// What the category is for.
    pub description: String,
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
    pub title: String,
    /// What it does.
    pub description: String,
    /// Who runs it.
    pub provider: Option<String>,
    /// Whether data goes to someone other than the site.
    pub third_party: bool,
    /// The cookies it sets.
    pub cookies: Vec<Cookie>,
    /// The `localStorage` keys it writes (names or patterns), removed when consent ends.
    pub local_storage: Vec<NamePattern>,
}

/// A declared cookie.
#[derive(Clone, Debug, PartialEq)]
pub struct Cookie {
    /// Exact name or pattern.
    pub name: NamePattern,
    /// How long it lives, as the site words it ("2 years").
    pub lifetime: Option<String>,
    /// What it is for.
    pub description: Option<String>,
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
    pub fn parse(json: &str) -> Result<Config, ConfigErrors> {
        let mut de = serde_json::Deserializer::from_str(json);
        let raw: RawConfig = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            // A syntax error has a position, not a field: report it for the whole document.
            let path = if inner.is_syntax() || inner.is_eof() || path == "." {
                String::new()
            } else {
                path
            };
            ConfigErrors(vec![ConfigError::new(path, inner.to_string())])
        })?;
        de.end()
            .map_err(|e| ConfigErrors(vec![ConfigError::new("", e.to_string())]))?;
        validate(raw)
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
}

/// One problem in a config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where: `categories.analytics.title`, empty for the whole document.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
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

impl std::error::Error for ConfigErrors {}

// ---- the document as written -------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawConfig {
    #[serde(rename = "$schema", default)]
    _schema: Option<IgnoredAny>,
    #[serde(default)]
    revision: Option<u32>,
    #[serde(default)]
    expiry_days: Option<u32>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    policy: Option<RawPolicy>,
    #[serde(default)]
    texts: Option<OrderedMap<String>>,
    categories: OrderedMap<RawCategory>,
    #[serde(default)]
    google: Option<RawGoogle>,
    #[serde(default)]
    reopen_button: Option<bool>,
    #[serde(default)]
    reload_on_withdraw: Option<bool>,
    #[serde(default)]
    revision_message: Option<String>,
    #[serde(default)]
    proof: Option<RawProof>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawProof {
    endpoint: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawPolicy {
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawCategory {
    title: String,
    description: String,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    services: Option<OrderedMap<RawService>>,
    #[serde(default)]
    consent_mode: Option<Vec<String>>,
    #[serde(default)]
    gpc: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawService {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    third_party: Option<bool>,
    #[serde(default)]
    cookies: Vec<RawCookie>,
    #[serde(default)]
    local_storage: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawCookie {
    name: String,
    #[serde(default)]
    lifetime: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    path: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawGoogle {
    #[serde(default)]
    consent_mode: Option<bool>,
    #[serde(default)]
    measurement_id: Option<String>,
    #[serde(default)]
    container_id: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    wait_for_update: Option<u32>,
    #[serde(default)]
    regions: Option<OrderedMap<Vec<String>>>,
    #[serde(default)]
    ads_data_redaction: Option<bool>,
    #[serde(default)]
    url_passthrough: Option<bool>,
}

/// A JSON object whose key order is kept (the site's order is the display order).
struct OrderedMap<T>(Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

// ---- validation --------------------------------------------------------------------------

fn validate(raw: RawConfig) -> Result<Config, ConfigErrors> {
    let mut errors = Vec::new();
    let mut err = |path: String, message: String| errors.push(ConfigError::new(path, message));

    let expiry_days = raw.expiry_days.unwrap_or(DEFAULT_EXPIRY_DAYS);
    if !(1..=MAX_EXPIRY_DAYS).contains(&expiry_days) {
        err(
            "expiryDays".into(),
            format!("{expiry_days} is out of range (1 to {MAX_EXPIRY_DAYS} days)"),
        );
    }

    let language = raw.language.unwrap_or_else(|| "en".into());
    let language_ok = is_language_tag(&language);
    if !language_ok {
        err(
            "language".into(),
            format!("{language:?} is not a language tag such as \"en\" or \"pt-BR\""),
        );
    }

    let policy_url = raw.policy.map(|p| p.url);
    if let Some(url) = &policy_url
        && let Err(message) = check_link(url)
    {
        err("policy.url".into(), message);
    }

    let mut texts = Texts::english();
    let mut given = Vec::new();
    for (key, value) in raw.texts.map(|t| t.0).unwrap_or_default() {
        let path = format!("texts.{key}");
        match Texts::from_key(&key) {
            None => err(path, format!("unknown text `{key}`")),
            Some(_) if value.trim().is_empty() => err(path, "must not be empty".into()),
            Some(text) => {
                texts.set(text, value);
                given.push(text);
            }
        }
    }
    let base = language
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if language_ok && !i18n::BUILT_IN.contains(&base.as_str()) {
        let missing: Vec<&str> = Text::ALL
            .iter()
            .filter(|t| !given.contains(t))
            .map(|t| t.key())
            .collect();
        if !missing.is_empty() {
            err(
                "texts".into(),
                format!(
                    "language {language:?} has no built-in texts, so every text must be given; missing: {}",
                    missing.join(", ")
                ),
            );
        }
    }

    let google_raw = raw.google.unwrap_or(RawGoogle {
        consent_mode: None,
        measurement_id: None,
        container_id: None,
        category: None,
        mode: None,
        wait_for_update: None,
        regions: None,
        ads_data_redaction: None,
        url_passthrough: None,
    });
    let google_category = google_raw.category.unwrap_or_else(|| "analytics".into());

    let mut categories: Vec<Category> = Vec::new();
    let mut service_ids: Vec<String> = Vec::new();
    if raw.categories.0.is_empty() {
        err(
            "categories".into(),
            "must name at least one category".into(),
        );
    }
    for (id, c) in raw.categories.0 {
        let path = format!("categories.{id}");
        if let Err(m) = check_id(&id) {
            err(path.clone(), m);
        }
        if c.title.trim().is_empty() {
            err(format!("{path}.title"), "must not be empty".into());
        }
        if c.description.trim().is_empty() {
            err(format!("{path}.description"), "must not be empty".into());
        }
        let consent_types = match c.consent_mode {
            None => ConsentType::defaults_for_category(&id).to_vec(),
            Some(names) => {
                let mut types = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    match ConsentType::from_name(name) {
                        Some(t) => types.push(t),
                        None => err(
                            format!("{path}.consentMode[{i}]"),
                            format!(
                                "unknown Consent Mode type {name:?} (known: {})",
                                ConsentType::ALL.map(ConsentType::name).join(", ")
                            ),
                        ),
                    }
                }
                types
            }
        };
        if c.required {
            for t in &consent_types {
                if !t.may_be_necessary() {
                    err(
                        format!("{path}.consentMode"),
                        format!(
                            "{} needs consent and cannot be granted by a strictly necessary category",
                            t.name()
                        ),
                    );
                }
            }
            if id == google_category {
                err(
                    "google.category".into(),
                    format!("Google tags need consent; {id:?} is strictly necessary"),
                );
            }
        }
        let mut services = Vec::new();
        for (sid, s) in c.services.map(|s| s.0).unwrap_or_default() {
            let spath = format!("{path}.services.{sid}");
            if let Err(m) = check_id(&sid) {
                err(spath.clone(), m);
            }
            if service_ids.contains(&sid) {
                err(
                    spath.clone(),
                    format!("service `{sid}` is declared twice; service ids must be unique"),
                );
            }
            service_ids.push(sid.clone());
            if s.title.trim().is_empty() {
                err(format!("{spath}.title"), "must not be empty".into());
            }
            if c.required && is_google_tag(&s.title, s.provider.as_deref()) {
                err(
                    format!("{spath}.title"),
                    format!(
                        "{:?} needs consent and cannot be strictly necessary",
                        s.title
                    ),
                );
            }
            let mut cookies_out = Vec::new();
            for (i, k) in s.cookies.into_iter().enumerate() {
                let kpath = format!("{spath}.cookies[{i}].name");
                match NamePattern::parse(&k.name) {
                    Ok(name) => {
                        if c.required && is_google_cookie(&name) {
                            err(
                                kpath,
                                format!(
                                    "{:?} is a Google Analytics/Ads cookie, which needs consent and cannot be strictly necessary",
                                    k.name
                                ),
                            );
                        }
                        let path = k.path.unwrap_or_else(|| "/".into());
                        if !path.starts_with('/')
                            || path
                                .chars()
                                .any(|c| c == ';' || c.is_control() || c.is_whitespace())
                        {
                            err(
                                format!("{spath}.cookies[{i}].path"),
                                format!(
                                    "{path:?} is not a cookie path (it starts with / and has no ; or spaces)"
                                ),
                            );
                        }
                        cookies_out.push(Cookie {
                            name,
                            lifetime: k.lifetime,
                            description: k.description,
                            path,
                        });
                    }
                    Err(m) => err(kpath, m),
                }
            }
            let mut local_storage = Vec::new();
            for (i, key) in s.local_storage.iter().enumerate() {
                match NamePattern::parse(key) {
                    Ok(p) => local_storage.push(p),
                    Err(m) => err(format!("{spath}.localStorage[{i}]"), m),
                }
            }
            services.push(Service {
                local_storage,
                third_party: s.third_party.unwrap_or(s.provider.is_some()),
                id: sid,
                title: s.title,
                description: s.description.unwrap_or_default(),
                provider: s.provider,
                cookies: cookies_out,
            });
        }
        let gpc = c
            .gpc
            .unwrap_or_else(|| consent_types.iter().any(|t| t.is_ad()));
        if c.required && c.gpc == Some(true) {
            err(
                format!("{path}.gpc"),
                "a strictly necessary category cannot be denied by Global Privacy Control".into(),
            );
        }
        categories.push(Category {
            id,
            title: c.title,
            description: c.description,
            required: c.required,
            services,
            consent_types,
            gpc: gpc && !c.required,
        });
    }
    for c in &categories {
        if service_ids.contains(&c.id) {
            err(
                format!("categories.{}", c.id),
                format!(
                    "`{}` names both a category and a service; ids must be unique",
                    c.id
                ),
            );
        }
    }

    let measurement_id = google_raw.measurement_id.and_then(|id| {
        TagId::measurement(&id)
            .map_err(|m| err("google.measurementId".into(), m))
            .ok()
    });
    let container_id = google_raw.container_id.and_then(|id| {
        TagId::container(&id)
            .map_err(|m| err("google.containerId".into(), m))
            .ok()
    });
    let google_needs_category = measurement_id.is_some() || container_id.is_some();
    let google_purpose = categories
        .iter()
        .find(|c| c.id == google_category || c.services.iter().any(|s| s.id == google_category));
    match google_purpose {
        None if google_needs_category => err(
            "google.category".into(),
            format!(
                "`{google_category}` (which loads the Google tags) is neither a category nor a service in `categories`"
            ),
        ),
        Some(c) if c.required && c.id != google_category => err(
            "google.category".into(),
            format!(
                "Google tags need consent; service `{google_category}` is in the strictly necessary category `{}`",
                c.id
            ),
        ),
        _ => {}
    }

    let has_region_settings = google_raw.regions.is_some() || google_raw.wait_for_update.is_some();
    let advanced = match google_raw.mode.as_deref() {
        None | Some("basic") => None,
        Some("advanced") => {
            let mut regions = Vec::new();
            for (code, names) in google_raw.regions.map(|r| r.0).unwrap_or_default() {
                let rpath = format!("google.regions.{code}");
                if !is_region_code(&code) {
                    err(
                        rpath.clone(),
                        format!(
                            "{code:?} is not an ISO 3166-2 region code such as \"ES\" or \"US-CA\""
                        ),
                    );
                }
                let mut types = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    match ConsentType::from_name(name) {
                        Some(t) => types.push(t),
                        None => err(
                            format!("{rpath}[{i}]"),
                            format!("unknown Consent Mode type {name:?}"),
                        ),
                    }
                }
                regions.push((code, types));
            }
            Some(Advanced {
                wait_for_update: google_raw.wait_for_update.unwrap_or(500),
                regions,
                ads_data_redaction: google_raw.ads_data_redaction.unwrap_or(true),
                url_passthrough: google_raw.url_passthrough.unwrap_or(false),
            })
        }
        Some(other) => {
            err(
                "google.mode".into(),
                format!("{other:?} is not a mode (\"basic\" or \"advanced\")"),
            );
            None
        }
    };
    if advanced.is_none() && has_region_settings {
        err(
            "google.mode".into(),
            "waitForUpdate and regions apply only with \"mode\": \"advanced\"".into(),
        );
    }
    if let Some(w) = google_raw.wait_for_update
        && w > 10_000
    {
        err(
            "google.waitForUpdate".into(),
            format!("{w} ms is out of range (0 to 10000)"),
        );
    }
    if let Some(m) = &raw.revision_message
        && m.trim().is_empty()
    {
        err("revisionMessage".into(), "must not be empty".into());
    }
    let proof_endpoint = raw.proof.map(|p| p.endpoint);
    if let Some(url) = &proof_endpoint {
        match check_link(url) {
            Ok(()) if url.trim().to_ascii_lowercase().starts_with("mailto:") => err(
                "proof.endpoint".into(),
                format!("{url:?} is not an http(s) or relative URL"),
            ),
            Ok(()) => {}
            Err(m) => err("proof.endpoint".into(), m),
        }
    }

    if !errors.is_empty() {
        return Err(ConfigErrors(errors));
    }
    Ok(Config {
        revision: raw.revision.unwrap_or(1),
        expiry_days,
        language,
        policy_url,
        texts,
        categories,
        google: Google {
            consent_mode: google_raw.consent_mode.unwrap_or(true),
            measurement_id,
            container_id,
            category: google_category,
            advanced,
        },
        reopen_button: raw.reopen_button.unwrap_or(true),
        reload_on_withdraw: raw.reload_on_withdraw.unwrap_or(true),
        revision_message: raw.revision_message,
        proof_endpoint,
    })
}

fn check_id(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && id.len() <= 40;
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{id:?} is not a valid id (a letter, then letters, digits, `_` or `-`; at most 40)"
        ))
    }
}

fn is_region_code(code: &str) -> bool {
    let mut parts = code.splitn(2, '-');
    let country = parts.next().unwrap_or_default();
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && parts.next().is_none_or(|sub| {
            (1..=3).contains(&sub.len())
                && sub
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()))
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether a link target is safe to render: http(s), `mailto:`, relative or a fragment.
///
/// # Errors
/// A message naming the refused scheme.
pub fn check_link(url: &str) -> Result<(), String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    let scheme_end = trimmed.find(':');
    let before_path = trimmed.find(['/', '?', '#']).unwrap_or(trimmed.len());
    match scheme_end {
        Some(i) if i < before_path => {
            let scheme = trimmed[..i].to_ascii_lowercase();
            if matches!(scheme.as_str(), "http" | "https" | "mailto") {
                Ok(())
            } else {
                Err(format!(
                    "{url:?} uses the scheme `{scheme}:`, which is not allowed (use http(s), mailto or a relative URL)"
                ))
            }
        }
        _ if trimmed.chars().any(char::is_control) => {
            Err(format!("{url:?} contains control characters"))
        }
        _ => Ok(()),
    }
}

fn is_google_tag(title: &str, provider: Option<&str>) -> bool {
    let t = title.to_ascii_lowercase();
    let google =
        t.contains("google") || provider.is_some_and(|p| p.to_ascii_lowercase().contains("google"));
    google && (t.contains("analytics") || t.contains("tag manager") || t.contains("ads"))
}

fn is_google_cookie(name: &NamePattern) -> bool {
    let samples = [
        "_ga",
        "_ga_AB12CD34",
        "_gid",
        "_gat",
        "_gat_gtag_G_AB12",
        "_gcl_au",
        "_gcl_aw",
    ];
    samples.iter().any(|s| name.matches(s))
        || cookies::google_analytics_cookies()
            .iter()
            .chain(cookies::google_ads_cookies().iter())
            .any(|g| g.name.as_str() == name.as_str())
}
