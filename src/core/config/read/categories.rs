//! The `categories` section: categories, their services and the cookies each declares, with
//! the checks that keep strictly necessary purposes free of anything that needs consent.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::collections::BTreeSet;

use super::Reader;
use crate::core::config::{Category, Cookie, Service};
use crate::core::cookies::{self, NamePattern};
use crate::core::google::ConsentType;
use crate::core::json::{Fields, Json};

impl Reader {
    pub(super) fn categories(&mut self, f: &Fields<'_>) -> Vec<Category> {
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

    fn service(&mut self, id: &str, value: &Json, path: &str, required: bool) -> Option<Service> {
        const KEYS: &[&str] = &[
            "title",
            "description",
            "provider",
            "thirdParty",
            "cookies",
            "localStorage",
            "embedUrl",
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
        let embed_url = f.string("embedUrl", &mut self.errors);
        if let Some(url) = &embed_url
            && let Err(m) = check_embed_url(url)
        {
            self.err(f.path_of("embedUrl"), m);
        }
        Some(Service {
            embed_url,
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

/// An `embedUrl`: an `https://` address with `{data-id}` in it.
fn check_embed_url(url: &str) -> Result<(), String> {
    if !url.starts_with("https://") {
        return Err(format!(
            "{url:?} is not an https:// address (an embed loads over https only)"
        ));
    }
    if !url.contains("{data-id}") {
        return Err(format!(
            "{url:?} has no `{{data-id}}`, where the id of `<div data-service data-id>` goes"
        ));
    }
    Ok(())
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
