//! Reading a config document into a [`Config`], section by section, collecting every problem.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::collections::BTreeSet;

use super::super::cookies::{self, NamePattern};
use super::super::google::{ConsentType, TagId};
use super::super::i18n::{self, Localized, Text, Texts};
use super::super::json::{Fields, Json, string_list};
use super::super::lang;
use super::super::theme::{self, Layout, Rgb, Role, Scheme, Theme};
use super::{
    Advanced, Category, Config, ConfigError, ConfigErrors, Cookie, DEFAULT_EXPIRY_DAYS, Google,
    Look, MAX_EXPIRY_DAYS, Service,
};

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
    "reopenButton",
    "reopenPosition",
    "reloadOnWithdraw",
    "revisionMessage",
    "proof",
    "theme",
    "layout",
    "position",
    "blocking",
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
    let revision_message = r.localized(&f, "revisionMessage", false);
    let proof_endpoint = r.proof(&f);
    let look = r.look(&f);
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
        reopen_button: f.bool("reopenButton", &mut r.errors).unwrap_or(true),
        reload_on_withdraw: f.bool("reloadOnWithdraw", &mut r.errors).unwrap_or(true),
        revision_message,
        proof_endpoint,
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

    /// A text the site writes: a string, or an object of strings keyed by language tag that
    /// has every language of `languages` (when the config lists them).
    fn localized_value(
        &mut self,
        value: &Json,
        path: &str,
        allow_empty: bool,
    ) -> Option<Localized> {
        match value {
            Json::String(s) => {
                if !allow_empty && s.trim().is_empty() {
                    self.err(path, "must not be empty");
                }
                Some(Localized::plain(s.clone()))
            }
            Json::Object(entries) if !entries.is_empty() => {
                let mut texts = Vec::new();
                for (tag, v) in entries {
                    let tpath = format!("{path}.{tag}");
                    if !lang::is_tag(tag) {
                        self.err(
                            tpath.clone(),
                            format!("{tag:?} is not a language tag such as \"en\" or \"pt-BR\""),
                        );
                    } else if !self.languages.is_empty()
                        && !self.languages.iter().any(|l| l.eq_ignore_ascii_case(tag))
                    {
                        self.err(
                            tpath.clone(),
                            format!(
                                "{tag:?} is not one of `languages` ({})",
                                self.languages.join(", ")
                            ),
                        );
                    }
                    match v {
                        Json::String(s) if allow_empty || !s.trim().is_empty() => {
                            texts.push((tag.clone(), s.clone()));
                        }
                        Json::String(_) => self.err(tpath, "must not be empty"),
                        other => self.err(
                            tpath,
                            format!("expected a string, found {}", other.describe()),
                        ),
                    }
                }
                let missing: Vec<String> = self
                    .languages
                    .iter()
                    .filter(|l| !entries.iter().any(|(t, _)| t.eq_ignore_ascii_case(l)))
                    .cloned()
                    .collect();
                for l in missing {
                    self.err(
                        path,
                        format!(
                            "has no text in {l:?} (`languages` lists {})",
                            self.languages.join(", ")
                        ),
                    );
                }
                Some(Localized::by_language(texts))
            }
            other => {
                self.err(
                    path,
                    format!(
                        "expected a string or an object of strings keyed by language tag, found {}",
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    fn localized(&mut self, f: &Fields<'_>, key: &str, allow_empty: bool) -> Option<Localized> {
        let value = f.get(key)?;
        self.localized_value(value, &f.path_of(key), allow_empty)
    }

    fn required_localized(&mut self, f: &Fields<'_>, key: &str) -> Option<Localized> {
        if f.get(key).is_none() {
            self.err(f.path_of(key), "missing (expected a string)");
            return None;
        }
        self.localized(f, key, false)
    }

    fn language(&mut self, f: &Fields<'_>) -> Option<String> {
        let language = f.string("language", &mut self.errors)?;
        if lang::is_tag(&language) {
            Some(language)
        } else {
            self.err(
                "language",
                format!("{language:?} is not a language tag such as \"en\" or \"pt-BR\""),
            );
            None
        }
    }

    fn languages(&mut self, f: &Fields<'_>) -> Vec<String> {
        let Some(list) = f.strings("languages", &mut self.errors) else {
            return Vec::new();
        };
        if list.is_empty() {
            self.err(
                "languages",
                "must list at least one language (its default first)",
            );
        }
        let mut out: Vec<String> = Vec::new();
        for (i, tag) in list.into_iter().enumerate() {
            let path = format!("languages[{i}]");
            if !lang::is_tag(&tag) {
                self.err(
                    path,
                    format!("{tag:?} is not a language tag such as \"en\" or \"pt-BR\""),
                );
            } else if out.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
                self.err(path, format!("{tag:?} is listed twice"));
            } else {
                // Built-in languages keep the spelling of their file (`pt-br` -> `pt-BR`).
                out.push(i18n::built_in(&tag).map_or(tag, str::to_owned));
            }
        }
        out
    }

    fn policy(&mut self, f: &Fields<'_>) -> (Option<Localized>, Option<Localized>) {
        let Some(p) = f
            .object("policy", &mut self.errors)
            .and_then(|p| self.fields(p, "policy", &["url", "page"]))
        else {
            return (None, None);
        };
        let url = self.required_localized(&p, "url");
        let page = self.localized(&p, "page", false);
        for (key, value) in [("url", &url), ("page", &page)] {
            for (tag, link) in value.iter().flat_map(Localized::entries) {
                if let Err(message) = check_link(link) {
                    let path = if tag.is_empty() {
                        format!("policy.{key}")
                    } else {
                        format!("policy.{key}.{tag}")
                    };
                    self.err(path, message);
                }
            }
        }
        (url, page)
    }

    fn proof(&mut self, f: &Fields<'_>) -> Option<String> {
        let p = f
            .object("proof", &mut self.errors)
            .and_then(|p| self.fields(p, "proof", &["endpoint"]))?;
        let url = p.required_string("endpoint", &mut self.errors)?;
        match check_link(&url) {
            Ok(()) if url.trim().to_ascii_lowercase().starts_with("mailto:") => self.err(
                "proof.endpoint",
                format!("{url:?} is not an http(s) or relative URL"),
            ),
            Ok(()) => {}
            Err(m) => self.err("proof.endpoint", m),
        }
        Some(url)
    }

    fn texts(&mut self, f: &Fields<'_>, language: Option<&str>) -> Vec<(Text, Localized)> {
        let texts: Vec<(Text, Localized)> = match f.get("texts") {
            Some(t) => self
                .map(t, "texts", |r, _, v, path| {
                    let key = path.strip_prefix("texts.").unwrap_or(path);
                    match Texts::from_key(key) {
                        Some(text) => r.localized_value(v, path, false).map(|l| (text, l)),
                        None => {
                            r.err(
                                path,
                                format!(
                                    "unknown text `{key}` (known: {})",
                                    Text::ALL
                                        .iter()
                                        .map(|t| t.key())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            );
                            None
                        }
                    }
                })
                .into_iter()
                .map(|(_, t)| t)
                .collect(),
            None => Vec::new(),
        };
        // A language without a built-in file needs every text from the config.
        let own: Vec<String> = language
            .map(str::to_owned)
            .into_iter()
            .chain(self.languages.iter().cloned())
            .filter(|l| i18n::file_for(l).is_none())
            .collect();
        for l in own {
            let missing: Vec<&str> = Text::ALL
                .iter()
                .filter(|&&t| {
                    !texts.iter().any(|(given, value)| {
                        *given == t
                            && (value.is_plain()
                                || value.languages().any(|v| v.eq_ignore_ascii_case(&l)))
                    })
                })
                .map(|t| t.key())
                .collect();
            if !missing.is_empty() {
                self.err(
                    "texts",
                    format!(
                        "language {l:?} has no built-in texts, so every text must be given in it; missing: {}",
                        missing.join(", ")
                    ),
                );
            }
        }
        texts
    }

    fn categories(&mut self, f: &Fields<'_>) -> Vec<Category> {
        let Some(value) = f.get("categories") else {
            self.err("categories", "missing (expected an object)");
            return Vec::new();
        };
        let categories: Vec<Category> = self
            .map(value, "categories", |r, id, v, path| {
                r.category(id, v, path)
            })
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        if categories.is_empty() && matches!(value, Json::Object(_)) {
            self.err("categories", "must name at least one category");
        }
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for c in &categories {
            for s in &c.services {
                if !seen.insert(s.id.as_str()) {
                    self.err(
                        format!("categories.{}.services.{}", c.id, s.id),
                        format!(
                            "service `{}` is declared twice; service ids must be unique",
                            s.id
                        ),
                    );
                }
            }
        }
        for c in &categories {
            if seen.contains(&c.id.as_str()) {
                self.err(
                    format!("categories.{}", c.id),
                    format!(
                        "`{}` names both a category and a service; ids must be unique",
                        c.id
                    ),
                );
            }
        }
        categories
    }

    fn category(&mut self, id: &str, value: &Json, path: &str) -> Option<Category> {
        const KEYS: &[&str] = &[
            "title",
            "description",
            "required",
            "services",
            "consentMode",
            "gpc",
        ];
        let id = id.to_owned();
        let f = self.fields(value, path, KEYS)?;
        if let Err(m) = check_id(&id) {
            self.err(path, m);
        }
        let title = self.required_localized(&f, "title");
        let description = self.required_localized(&f, "description");
        let required = f.bool("required", &mut self.errors).unwrap_or(false);
        let consent_types = match f.strings("consentMode", &mut self.errors) {
            None => ConsentType::defaults_for_category(&id).to_vec(),
            Some(names) => self.consent_types(&names, &f.path_of("consentMode"), true),
        };
        if required {
            for t in &consent_types {
                if !t.may_be_necessary() {
                    self.err(
                        f.path_of("consentMode"),
                        format!(
                            "{} needs consent and cannot be granted by a strictly necessary category",
                            t.name()
                        ),
                    );
                }
            }
        }
        let services = match f.get("services") {
            Some(s) => self
                .map(s, &f.path_of("services"), |r, id, v, spath| {
                    r.service(id, v, spath, required)
                })
                .into_iter()
                .map(|(_, s)| s)
                .collect(),
            None => Vec::new(),
        };
        let gpc_given = f.bool("gpc", &mut self.errors);
        if required && gpc_given == Some(true) {
            self.err(
                f.path_of("gpc"),
                "a strictly necessary category cannot be denied by Global Privacy Control",
            );
        }
        let gpc = gpc_given.unwrap_or_else(|| consent_types.iter().any(|t| t.is_ad()));
        Some(Category {
            id,
            title: title.unwrap_or_default(),
            description: description.unwrap_or_default(),
            required,
            services,
            consent_types,
            gpc: gpc && !required,
        })
    }

    fn consent_types(
        &mut self,
        names: &[String],
        path: &str,
        list_known: bool,
    ) -> Vec<ConsentType> {
        let mut types = Vec::new();
        for (i, name) in names.iter().enumerate() {
            match ConsentType::from_name(name) {
                Some(t) => types.push(t),
                None => {
                    let known = if list_known {
                        format!(
                            " (known: {})",
                            ConsentType::ALL.map(ConsentType::name).join(", ")
                        )
                    } else {
                        String::new()
                    };
                    self.err(
                        format!("{path}[{i}]"),
                        format!("unknown Consent Mode type {name:?}{known}"),
                    );
                }
            }
        }
        types
    }

    fn service(&mut self, id: &str, value: &Json, path: &str, required: bool) -> Option<Service> {
        const KEYS: &[&str] = &[
            "title",
            "description",
            "provider",
            "thirdParty",
            "cookies",
            "localStorage",
        ];
        let id = id.to_owned();
        let f = self.fields(value, path, KEYS)?;
        if let Err(m) = check_id(&id) {
            self.err(path, m);
        }
        let title = self.required_localized(&f, "title");
        let provider = f.string("provider", &mut self.errors);
        if required
            && let Some(title) = &title
            && title
                .entries()
                .any(|(_, t)| is_google_tag(t, provider.as_deref()))
        {
            let shown = title.entries().next().map_or("", |(_, t)| t).to_owned();
            self.err(
                f.path_of("title"),
                format!("{shown:?} needs consent and cannot be strictly necessary"),
            );
        }
        let cookies = f
            .array("cookies", &mut self.errors)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                self.cookie(c, &format!("{}[{i}]", f.path_of("cookies")), required)
            })
            .collect();
        let mut local_storage = Vec::new();
        for (i, key) in f
            .strings("localStorage", &mut self.errors)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            match NamePattern::parse(key) {
                Ok(p) => local_storage.push(p),
                Err(m) => self.err(format!("{}[{i}]", f.path_of("localStorage")), m),
            }
        }
        Some(Service {
            third_party: f
                .bool("thirdParty", &mut self.errors)
                .unwrap_or(provider.is_some()),
            description: self.localized(&f, "description", true).unwrap_or_default(),
            id,
            title: title.unwrap_or_default(),
            provider,
            cookies,
            local_storage,
        })
    }

    fn cookie(&mut self, value: &Json, path: &str, required: bool) -> Option<Cookie> {
        let k = self.fields(value, path, &["name", "lifetime", "description", "path"])?;
        let given = k.required_string("name", &mut self.errors);
        let lifetime = self.localized(&k, "lifetime", true);
        let description = self.localized(&k, "description", true);
        let cookie_path = k
            .string("path", &mut self.errors)
            .unwrap_or_else(|| "/".into());
        let given = given?;
        let name = match NamePattern::parse(&given) {
            Ok(name) => name,
            Err(m) => {
                self.err(k.path_of("name"), m);
                return None;
            }
        };
        if required && is_google_cookie(&name) {
            self.err(
                k.path_of("name"),
                format!(
                    "{given:?} is a Google Analytics/Ads cookie, which needs consent and cannot be strictly necessary"
                ),
            );
        }
        if !cookie_path.starts_with('/')
            || cookie_path
                .chars()
                .any(|c| c == ';' || c.is_control() || c.is_whitespace())
        {
            self.err(
                k.path_of("path"),
                format!(
                    "{cookie_path:?} is not a cookie path (it starts with / and has no ; or spaces)"
                ),
            );
        }
        Some(Cookie {
            name,
            lifetime,
            description,
            path: cookie_path,
        })
    }

    fn google(&mut self, value: &Json, categories: &[Category]) -> Google {
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
        let Some(f) = self.fields(value, "google", KEYS) else {
            return Google {
                consent_mode: true,
                measurement_id: None,
                container_id: None,
                category: "analytics".into(),
                advanced: None,
            };
        };
        let category = f
            .string("category", &mut self.errors)
            .unwrap_or_else(|| "analytics".into());
        let measurement_id = f.string("measurementId", &mut self.errors).and_then(|id| {
            TagId::measurement(&id)
                .map_err(|m| self.err("google.measurementId", m))
                .ok()
        });
        let container_id = f.string("containerId", &mut self.errors).and_then(|id| {
            TagId::container(&id)
                .map_err(|m| self.err("google.containerId", m))
                .ok()
        });
        let purpose = categories
            .iter()
            .find(|c| c.id == category || c.services.iter().any(|s| s.id == category));
        // What loads the Google tags must be something the visitor consents to (only matters
        // when there are tags to load).
        let tags = measurement_id.is_some() || container_id.is_some();
        match purpose {
            None if tags => self.err(
                "google.category",
                format!(
                    "`{category}` (which loads the Google tags) is neither a category nor a service in `categories`"
                ),
            ),
            Some(c) if tags && c.required && c.id == category => self.err(
                "google.category",
                format!("Google tags need consent; {category:?} is strictly necessary"),
            ),
            Some(c) if tags && c.required => self.err(
                "google.category",
                format!(
                    "Google tags need consent; service `{category}` is in the strictly necessary category `{}`",
                    c.id
                ),
            ),
            _ => {}
        }
        let regions = f.object("regions", &mut self.errors).map(|r| {
            self.map(r, "google.regions", |r, _, v, path| {
                string_list(v, path, &mut r.errors)
            })
        });
        let wait_for_update = f.u32("waitForUpdate", &mut self.errors);
        // Read (and type-checked) in either mode, so a typo'd value is never silently ignored.
        let ads_data_redaction = f.bool("adsDataRedaction", &mut self.errors);
        let url_passthrough = f.bool("urlPassthrough", &mut self.errors);
        let advanced_only: Vec<&str> = [
            ("waitForUpdate", wait_for_update.is_some()),
            ("regions", regions.is_some()),
            ("adsDataRedaction", ads_data_redaction.is_some()),
            ("urlPassthrough", url_passthrough.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect();
        let advanced = match f.string("mode", &mut self.errors).as_deref() {
            None | Some("basic") => None,
            Some("advanced") => {
                let mut out = Vec::new();
                for (code, names) in regions.unwrap_or_default() {
                    let rpath = format!("google.regions.{code}");
                    if !is_region_code(&code) {
                        self.err(
                            rpath.clone(),
                            format!("{code:?} is not an ISO 3166-2 region code such as \"ES\" or \"US-CA\""),
                        );
                    }
                    let types = self.consent_types(&names, &rpath, false);
                    out.push((code, types));
                }
                Some(Advanced {
                    wait_for_update: wait_for_update.unwrap_or(500),
                    regions: out,
                    ads_data_redaction: ads_data_redaction.unwrap_or(true),
                    url_passthrough: url_passthrough.unwrap_or(false),
                })
            }
            Some(other) => {
                self.err(
                    "google.mode",
                    format!("{other:?} is not a mode (\"basic\" or \"advanced\")"),
                );
                None
            }
        };
        if advanced.is_none() && !advanced_only.is_empty() {
            let keys = match advanced_only.split_last() {
                Some((last, [])) => format!("{last} applies"),
                Some((last, rest)) => format!("{} and {last} apply", rest.join(", ")),
                None => String::new(),
            };
            self.err(
                "google.mode",
                format!("{keys} only with \"mode\": \"advanced\""),
            );
        }
        if let Some(w) = wait_for_update
            && w > 10_000
        {
            self.err(
                "google.waitForUpdate",
                format!("{w} ms is out of range (0 to 10000)"),
            );
        }
        Google {
            consent_mode: f.bool("consentMode", &mut self.errors).unwrap_or(true),
            measurement_id,
            container_id,
            category,
            advanced,
        }
    }

    fn look(&mut self, f: &Fields<'_>) -> Look {
        let theme = f
            .object("theme", &mut self.errors)
            .map(|t| self.theme(t))
            .unwrap_or_default();
        let layout = match f.string("layout", &mut self.errors) {
            None => Layout::Box,
            Some(name) => Layout::from_name(&name).unwrap_or_else(|| {
                self.err(
                    "layout",
                    format!(
                        "{name:?} is not a layout (known: {})",
                        Layout::NAMES.join(", ")
                    ),
                );
                Layout::Box
            }),
        };
        let positions = layout.positions();
        let position = match f.string("position", &mut self.errors) {
            None => positions[0],
            Some(name) => positions
                .iter()
                .find(|p| **p == name)
                .copied()
                .unwrap_or_else(|| {
                    self.err(
                        "position",
                        format!(
                            "{name:?} is not a position of the {:?} layout (known: {})",
                            layout.name(),
                            positions.join(", ")
                        ),
                    );
                    positions[0]
                }),
        };
        let blocking = f.bool("blocking", &mut self.errors).unwrap_or(false);
        if blocking && layout != Layout::Modal {
            self.err("blocking", "applies only to \"layout\": \"modal\"");
        }
        let reopen_position = match f.string("reopenPosition", &mut self.errors) {
            None => theme::CORNERS[0],
            Some(name) => theme::CORNERS
                .iter()
                .find(|p| **p == name)
                .copied()
                .unwrap_or_else(|| {
                    self.err(
                        "reopenPosition",
                        format!(
                            "{name:?} is not a corner (known: {})",
                            theme::CORNERS.join(", ")
                        ),
                    );
                    theme::CORNERS[0]
                }),
        };
        Look {
            theme,
            layout,
            position,
            blocking,
            reopen_position,
        }
    }

    fn theme(&mut self, value: &Json) -> Theme {
        const KEYS: &[&str] = &["scheme", "colors", "darkColors", "font", "radius"];
        let Some(f) = self.fields(value, "theme", KEYS) else {
            return Theme::default();
        };
        let scheme = match f.string("scheme", &mut self.errors) {
            None => Scheme::Light,
            Some(name) => Scheme::from_name(&name).unwrap_or_else(|| {
                self.err(
                    "theme.scheme",
                    format!(
                        "{name:?} is not a scheme (known: {})",
                        Scheme::NAMES.join(", ")
                    ),
                );
                Scheme::Light
            }),
        };
        let light = self.colours(&f, "colors");
        let dark = self.colours(&f, "darkColors");
        if scheme == Scheme::Light && !dark.is_empty() {
            self.err(
                "theme.darkColors",
                "applies only with \"scheme\": \"dark\" or \"auto\"",
            );
        }
        let font = f.string("font", &mut self.errors);
        if let Some(font) = &font
            && !theme::is_font_list(font)
        {
            self.err(
                "theme.font",
                format!("{font:?} is not a font-family list (names, quotes, commas and hyphens)"),
            );
        }
        let radius = f.u32("radius", &mut self.errors);
        if let Some(r) = radius
            && r > 32
        {
            self.err("theme.radius", format!("{r} px is out of range (0 to 32)"));
        }
        let theme = Theme {
            scheme,
            light,
            dark,
            font,
            radius,
        };
        for (dark, low) in theme.low_contrast() {
            let group = if dark { "darkColors" } else { "colors" };
            let given = if dark { &theme.dark } else { &theme.light };
            let name = |role: Role| {
                if given.iter().any(|&(r, _)| r == role) {
                    format!("`theme.{group}.{}`", role.key())
                } else {
                    format!(
                        "the built-in {} {}",
                        role.key(),
                        theme.palette(dark).get(role).hex()
                    )
                }
            };
            let path = if given.iter().any(|&(r, _)| r == low.foreground) {
                low.foreground
            } else {
                low.background
            };
            self.err(
                format!("theme.{group}.{}", path.key()),
                format!(
                    "{} on {} has a contrast of {}:1, below the {}:1 WCAG 2.2 AA requires",
                    name(low.foreground),
                    name(low.background),
                    theme::two_decimals(low.ratio),
                    low.minimum.text
                ),
            );
        }
        theme
    }

    fn colours(&mut self, f: &Fields<'_>, key: &'static str) -> Vec<(Role, Rgb)> {
        const ROLES: &[&str] = &[
            "background",
            "text",
            "accent",
            "accentText",
            "link",
            "border",
        ];
        let Some(c) = f
            .object(key, &mut self.errors)
            .and_then(|v| self.fields(v, &f.path_of(key), ROLES))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for role in Role::ALL {
            if let Some(text) = c.string(role.key(), &mut self.errors) {
                match Rgb::parse(&text) {
                    Ok(rgb) => out.push((role, rgb)),
                    Err(m) => self.err(c.path_of(role.key()), m),
                }
            }
        }
        out
    }
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
