//! The texts a site writes, in one language or one per language of `languages`: the
//! `language` and `languages` keys, `texts`, and every localized string of the other sections.

#[allow(unused_imports)]
use crate::prelude::*;

use super::Reader;
use crate::core::i18n::{self, Localized, Text, Texts};
use crate::core::json::{Fields, Json};
use crate::core::lang;
use crate::core::placeholder;

impl Reader {
    /// A site's text may name only the placeholders its text is filled with (those of the
    /// built-in text, `{service}` and `{provider}` in an embed placeholder's): any other
    /// would be shown as written, braces and all. It may leave one out.
    fn known_placeholders(&mut self, text: Text, value: &Localized, path: &str) {
        let known = placeholder::filled_with(text)
            .map_or_else(|| i18n::placeholders(i18n::english(text)), <[&str]>::to_vec);
        for (tag, s) in value.entries() {
            let Some(first) = i18n::placeholders(s)
                .into_iter()
                .find(|p| !known.contains(p))
            else {
                continue;
            };
            let mut has: Vec<&str> = Vec::new();
            for p in &known {
                if !has.contains(p) {
                    has.push(p);
                }
            }
            let has = if has.is_empty() {
                "it has none".to_owned()
            } else {
                format!("it has {{{}}}", has.join("}, {"))
            };
            let at = if tag.is_empty() {
                path.to_owned()
            } else {
                format!("{path}.{tag}")
            };
            self.err(
                at,
                format!("{{{first}}} is not a placeholder of this text ({has})"),
            );
        }
    }

    /// A text the site writes: a string, or an object of strings keyed by language tag that
    /// has every language of `languages` (when the config lists them).
    pub(super) fn localized_value(
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

    pub(super) fn localized(
        &mut self,
        f: &Fields<'_>,
        key: &str,
        allow_empty: bool,
    ) -> Option<Localized> {
        let value = f.get(key)?;
        self.localized_value(value, &f.path_of(key), allow_empty)
    }

    pub(super) fn required_localized(&mut self, f: &Fields<'_>, key: &str) -> Option<Localized> {
        if f.get(key).is_none() {
            self.err(f.path_of(key), "missing (expected a string)");
            return None;
        }
        self.localized(f, key, false)
    }

    pub(super) fn language(&mut self, f: &Fields<'_>) -> Option<String> {
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

    pub(super) fn languages(&mut self, f: &Fields<'_>) -> Vec<String> {
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

    pub(super) fn texts(
        &mut self,
        f: &Fields<'_>,
        language: Option<&str>,
    ) -> Vec<(Text, Localized)> {
        let texts: Vec<(Text, Localized)> = match f.get("texts") {
            Some(t) => self
                .map(t, "texts", |r, _, v, path| {
                    let key = path.strip_prefix("texts.").unwrap_or(path);
                    match Texts::from_key(key) {
                        Some(text) => {
                            let l = r.localized_value(v, path, false)?;
                            r.known_placeholders(text, &l, path);
                            Some((text, l))
                        }
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
                // The opt-out notice shows only where a region rule makes GPC binding.
                .filter(|&&t| t != Text::GpcOptOut || self.gpc_binding)
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
}
