//! The `google` section: the Google tags, what the visitor consents to for them to load, and
//! Consent Mode (its types, and the settings of advanced mode).

#[allow(unused_imports)]
use crate::prelude::*;

use super::Reader;
use crate::core::config::{Advanced, Category, Google};
use crate::core::google::{ADVANCED_ONLY, ConsentType, TagId};
use crate::core::json::{Fields, Json, string_list};

impl Reader {
    pub(super) fn google(&mut self, value: &Json, categories: &[Category]) -> Google {
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
        // What loads the Google tags must be something the visitor consents to (only matters
        // when there are tags to load).
        let tags = measurement_id.is_some() || container_id.is_some();
        self.google_category(&category, tags, categories);
        let advanced = self.advanced(&f);
        Google {
            consent_mode: f.bool("consentMode", &mut self.errors).unwrap_or(true),
            measurement_id,
            container_id,
            category,
            advanced,
        }
    }

    /// Checks what loads the Google tags (`category`): a category or service of `categories`
    /// the visitor consents to, when there are `tags` to load.
    fn google_category(&mut self, category: &str, tags: bool, categories: &[Category]) {
        let purpose = categories
            .iter()
            .find(|c| c.id == category || c.services.iter().any(|s| s.id == category));
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
    }

    /// The settings of advanced mode (`mode`, `waitForUpdate`, `regions`, `adsDataRedaction`,
    /// `urlPassthrough`), `None` in basic mode; each is refused outside advanced mode.
    fn advanced(&mut self, f: &Fields<'_>) -> Option<Advanced> {
        let regions = f.object("regions", &mut self.errors).map(|r| {
            self.map(r, "google.regions", |r, _, v, path| {
                string_list(v, path, &mut r.errors)
            })
        });
        let wait_for_update = f.u32("waitForUpdate", &mut self.errors);
        // Read (and type-checked) in either mode, so a typo'd value is never silently ignored.
        let ads_data_redaction = f.bool("adsDataRedaction", &mut self.errors);
        let url_passthrough = f.bool("urlPassthrough", &mut self.errors);
        // In the order of `ADVANCED_ONLY`.
        let set = [
            wait_for_update.is_some(),
            regions.is_some(),
            ads_data_redaction.is_some(),
            url_passthrough.is_some(),
        ];
        let advanced_only: Vec<&str> = ADVANCED_ONLY
            .iter()
            .zip(set)
            .filter_map(|(key, set)| set.then_some(*key))
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
        advanced
    }

    /// Consent Mode types by name; an unknown name is an error at `path[i]` (naming the known
    /// types when `list_known`).
    pub(super) fn consent_types(
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
