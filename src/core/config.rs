//! The config a site writes, parsed and validated into a [`Config`].
//!
//! Parsing is strict: an unknown key, a wrong type or a missing required text is an error
//! naming the field (`categories.analytics.title`) and the problem, and a config with any error
//! is refused as a whole, so ConsentGate stays inert rather than guess (fail closed). Every key
//! is documented in the README under "Config reference".

use std::fmt;

use super::cookies::{self, NamePattern};
use super::google::{ConsentType, TagId};
use super::i18n::{self, Text, Texts};
use super::json::{FieldError, Fields, Json, string_list};

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
    /// The privacy policy's URL (http(s) or relative): the document the viewer shows.
    pub policy_url: Option<String>,
    /// A page showing the policy, for the link's `href` (defaults to `policy_url`).
    pub policy_page: Option<String>,
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
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Result<Config, ConfigErrors> {
        let doc = Json::parse(text).map_err(|m| ConfigErrors::malformed(&m))?;
        Config::from_json(&doc)
    }

    /// Reads and validates a config already parsed as JSON (in the browser by `JSON.parse`).
    ///
    /// # Errors
    /// Every problem found, each naming its field.
    pub fn from_json(doc: &Json) -> Result<Config, ConfigErrors> {
        let mut errors = Vec::new();
        let raw = read_config(doc, &mut errors);
        match raw {
            Some(raw) => validate(raw, errors),
            None => Err(ConfigErrors(errors)),
        }
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

    /// Where a policy link points: `policy.page`, else `policy.url` (empty without either).
    #[must_use]
    pub fn policy_page(&self) -> &str {
        self.policy_page
            .as_deref()
            .or(self.policy_url.as_deref())
            .unwrap_or_default()
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

// ---- the document as written -------------------------------------------------------------

struct RawConfig {
    revision: Option<u32>,
    expiry_days: Option<u32>,
    language: Option<String>,
    policy_url: Option<String>,
    policy_page: Option<String>,
    texts: Vec<(String, String)>,
    /// `None` when missing (already reported).
    categories: Option<Vec<(String, RawCategory)>>,
    google: RawGoogle,
    reopen_button: Option<bool>,
    reload_on_withdraw: Option<bool>,
    revision_message: Option<String>,
    proof_endpoint: Option<String>,
}

struct RawCategory {
    title: Option<String>,
    description: Option<String>,
    required: bool,
    services: Vec<(String, RawService)>,
    consent_mode: Option<Vec<String>>,
    gpc: Option<bool>,
}

struct RawService {
    title: Option<String>,
    description: Option<String>,
    provider: Option<String>,
    third_party: Option<bool>,
    cookies: Vec<RawCookie>,
    local_storage: Vec<String>,
}

struct RawCookie {
    name: Option<String>,
    lifetime: Option<String>,
    description: Option<String>,
    path: Option<String>,
}

#[derive(Default)]
struct RawGoogle {
    consent_mode: Option<bool>,
    measurement_id: Option<String>,
    container_id: Option<String>,
    category: Option<String>,
    mode: Option<String>,
    wait_for_update: Option<u32>,
    regions: Option<Vec<(String, Vec<String>)>>,
    ads_data_redaction: Option<bool>,
    url_passthrough: Option<bool>,
}

const TOP_KEYS: &[&str] = &[
    "$schema",
    "revision",
    "expiryDays",
    "language",
    "policy",
    "texts",
    "categories",
    "google",
    "reopenButton",
    "reloadOnWithdraw",
    "revisionMessage",
    "proof",
];

/// Reads an object field by field; `None` when it is not an object (reported).
fn fields<'a>(
    value: &'a Json,
    path: &str,
    known: &'static [&'static str],
    errors: &mut Vec<ConfigError>,
) -> Option<Fields<'a>> {
    match Fields::new(value, path, known) {
        Ok(f) => {
            f.check_unknown(errors);
            Some(f)
        }
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// Reads an object whose keys the site chooses (ids), keeping their order.
fn map<T>(
    value: &Json,
    path: &str,
    errors: &mut Vec<ConfigError>,
    mut read: impl FnMut(&Json, &str, &mut Vec<ConfigError>) -> Option<T>,
) -> Vec<(String, T)> {
    let entries = match value.entries(path) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(e);
            return Vec::new();
        }
    };
    entries
        .iter()
        .filter_map(|(key, v)| read(v, &format!("{path}.{key}"), errors).map(|t| (key.clone(), t)))
        .collect()
}

fn read_config(doc: &Json, errors: &mut Vec<ConfigError>) -> Option<RawConfig> {
    let f = fields(doc, "", TOP_KEYS, errors)?;
    let categories = match f.get("categories") {
        Some(v) => Some(map(v, "categories", errors, read_category)),
        None => {
            errors.push(ConfigError::new(
                "categories",
                "missing (expected an object)",
            ));
            None
        }
    };
    let policy = f
        .object("policy", errors)
        .and_then(|p| fields(p, "policy", &["url", "page"], errors));
    let policy_url = policy
        .as_ref()
        .and_then(|p| p.required_string("url", errors));
    let policy_page = policy.as_ref().and_then(|p| p.string("page", errors));
    let proof_endpoint = f
        .object("proof", errors)
        .and_then(|p| fields(p, "proof", &["endpoint"], errors))
        .and_then(|p| p.required_string("endpoint", errors));
    let texts = f
        .get("texts")
        .map(|t| {
            map(t, "texts", errors, |v, path, errors| match v {
                Json::String(s) => Some(s.clone()),
                other => {
                    errors.push(ConfigError::new(
                        path,
                        format!("expected a string, found {}", other.describe()),
                    ));
                    None
                }
            })
        })
        .unwrap_or_default();
    let google = f
        .object("google", errors)
        .map(|g| read_google(g, errors))
        .unwrap_or_default();
    Some(RawConfig {
        revision: f.u32("revision", errors),
        expiry_days: f.u32("expiryDays", errors),
        language: f.string("language", errors),
        policy_url,
        policy_page,
        texts,
        categories,
        google,
        reopen_button: f.bool("reopenButton", errors),
        reload_on_withdraw: f.bool("reloadOnWithdraw", errors),
        revision_message: f.string("revisionMessage", errors),
        proof_endpoint,
    })
}

fn read_category(value: &Json, path: &str, errors: &mut Vec<ConfigError>) -> Option<RawCategory> {
    const KEYS: &[&str] = &[
        "title",
        "description",
        "required",
        "services",
        "consentMode",
        "gpc",
    ];
    let f = fields(value, path, KEYS, errors)?;
    let services = f
        .get("services")
        .map(|s| map(s, &f.path_of("services"), errors, read_service))
        .unwrap_or_default();
    Some(RawCategory {
        title: f.required_string("title", errors),
        description: f.required_string("description", errors),
        required: f.bool("required", errors).unwrap_or(false),
        services,
        consent_mode: f.strings("consentMode", errors),
        gpc: f.bool("gpc", errors),
    })
}

fn read_service(value: &Json, path: &str, errors: &mut Vec<ConfigError>) -> Option<RawService> {
    const KEYS: &[&str] = &[
        "title",
        "description",
        "provider",
        "thirdParty",
        "cookies",
        "localStorage",
    ];
    let f = fields(value, path, KEYS, errors)?;
    let cookies = f
        .array("cookies", errors)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let path = format!("{}[{i}]", f.path_of("cookies"));
            let k = fields(
                c,
                &path,
                &["name", "lifetime", "description", "path"],
                errors,
            )?;
            Some(RawCookie {
                name: k.required_string("name", errors),
                lifetime: k.string("lifetime", errors),
                description: k.string("description", errors),
                path: k.string("path", errors),
            })
        })
        .collect();
    Some(RawService {
        title: f.required_string("title", errors),
        description: f.string("description", errors),
        provider: f.string("provider", errors),
        third_party: f.bool("thirdParty", errors),
        cookies,
        local_storage: f.strings("localStorage", errors).unwrap_or_default(),
    })
}

fn read_google(value: &Json, errors: &mut Vec<ConfigError>) -> RawGoogle {
    const KEYS: &[&str] = &[
        "consentMode",
        "measurementId",
        "containerId",
        "category",
        "mode",
        "waitForUpdate",
        "regions",
        "adsDataRedaction",
        "urlPassthrough",
    ];
    let Some(f) = fields(value, "google", KEYS, errors) else {
        return RawGoogle::default();
    };
    let regions = f
        .object("regions", errors)
        .map(|r| map(r, "google.regions", errors, string_list));
    RawGoogle {
        consent_mode: f.bool("consentMode", errors),
        measurement_id: f.string("measurementId", errors),
        container_id: f.string("containerId", errors),
        category: f.string("category", errors),
        mode: f.string("mode", errors),
        wait_for_update: f.u32("waitForUpdate", errors),
        regions,
        ads_data_redaction: f.bool("adsDataRedaction", errors),
        url_passthrough: f.bool("urlPassthrough", errors),
    }
}

// ---- validation --------------------------------------------------------------------------

fn validate(raw: RawConfig, mut errors: Vec<ConfigError>) -> Result<Config, ConfigErrors> {
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

    let policy_url = raw.policy_url;
    if let Some(url) = &policy_url
        && let Err(message) = check_link(url)
    {
        err("policy.url".into(), message);
    }
    let policy_page = raw.policy_page;
    if let Some(url) = &policy_page
        && let Err(message) = check_link(url)
    {
        err("policy.page".into(), message);
    }

    let mut texts = Texts::english();
    let mut given = Vec::new();
    for (key, value) in raw.texts {
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

    let google_raw = raw.google;
    let google_category = google_raw.category.unwrap_or_else(|| "analytics".into());

    let mut categories: Vec<Category> = Vec::new();
    let mut service_ids: Vec<String> = Vec::new();
    if raw.categories.as_ref().is_some_and(Vec::is_empty) {
        err(
            "categories".into(),
            "must name at least one category".into(),
        );
    }
    for (id, c) in raw.categories.unwrap_or_default() {
        let path = format!("categories.{id}");
        if let Err(m) = check_id(&id) {
            err(path.clone(), m);
        }
        if c.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
            err(format!("{path}.title"), "must not be empty".into());
        }
        if c.description
            .as_deref()
            .is_some_and(|d| d.trim().is_empty())
        {
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
        for (sid, s) in c.services {
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
            let title_given = s.title.is_some();
            let title = s.title.unwrap_or_default();
            if title_given && title.trim().is_empty() {
                err(format!("{spath}.title"), "must not be empty".into());
            }
            if c.required && is_google_tag(&title, s.provider.as_deref()) {
                err(
                    format!("{spath}.title"),
                    format!("{title:?} needs consent and cannot be strictly necessary"),
                );
            }
            let mut cookies_out = Vec::new();
            for (i, k) in s.cookies.into_iter().enumerate() {
                let kpath = format!("{spath}.cookies[{i}].name");
                let Some(given_name) = k.name else {
                    continue;
                };
                match NamePattern::parse(&given_name) {
                    Ok(name) => {
                        if c.required && is_google_cookie(&name) {
                            err(
                                kpath,
                                format!(
                                    "{given_name:?} is a Google Analytics/Ads cookie, which needs consent and cannot be strictly necessary"
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
                title,
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
            title: c.title.unwrap_or_default(),
            description: c.description.unwrap_or_default(),
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
            for (code, names) in google_raw.regions.unwrap_or_default() {
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
    let proof_endpoint = raw.proof_endpoint;
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
        policy_page,
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
