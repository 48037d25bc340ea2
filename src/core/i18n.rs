//! The interface's texts in the visitor's language.
//!
//! The texts live in `i18n/<tag>.json`, one file per language; the build generates [`Text`]
//! (one variant per key) and the English fallback from `i18n/en.json`, and lists the files as
//! [`LANGUAGES`]. Only English is compiled in; the shell fetches the visitor's language and
//! [`Texts::from_file`] checks it.
//!
//! Texts a site writes in its config (titles, descriptions, `texts.*`, the policy's URL) are
//! [`Localized`]: one string for every language, or one per language tag. A [`Locale`] is the
//! language a page view shows, with everything resolved for it.

use super::json::{Fields, Json, ObjectWriter, string_list};
use super::lang;
#[allow(unused_imports)]
use crate::prelude::*;

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

/// The language compiled in, and the last resort.
pub const ENGLISH_TAG: &str = "en";

/// Whether `tag` has a built-in language file (exact tag, any case).
#[must_use]
pub fn built_in(tag: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .map(|(t, _)| *t)
}

/// The built-in file that serves `tag`, by BCP 47 lookup (`de-AT` -> `de`, `zh-TW` ->
/// `zh-Hant`); `None` when no file does (the config must then give every text).
#[must_use]
pub fn file_for(tag: &str) -> Option<&'static str> {
    lang::negotiate([tag], &built_in_tags())
}

/// The built-in `reopenButton` text of the built-in language `tag` (exact tag, any case).
#[must_use]
pub fn reopen_label(tag: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .position(|(t, _)| t.eq_ignore_ascii_case(tag))
        .map(|i| REOPEN_LABELS[i])
}

/// Whether the built-in language `tag` is written right to left (by its file's `$dir`).
#[must_use]
pub fn built_in_rtl(tag: &str) -> Option<bool> {
    LANGUAGES
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .map(|(_, rtl)| *rtl)
}

/// The built-in English text of `text` (the builder shows it beside a site's override).
#[must_use]
pub fn english(text: Text) -> &'static str {
    ENGLISH[text as usize]
}

/// Every built-in language's tag.
#[must_use]
pub fn built_in_tags() -> Vec<&'static str> {
    LANGUAGES.iter().map(|(t, _)| *t).collect()
}

/// The `{name}` placeholders in a text, in order.
#[must_use]
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// A built-in language's interface texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    values: Vec<String>,
    rtl: bool,
}

impl Texts {
    /// The built-in English texts.
    #[must_use]
    pub fn english() -> Texts {
        Texts {
            values: ENGLISH.iter().map(|&t| t.to_owned()).collect(),
            rtl: false,
        }
    }

    /// Reads a language file (`i18n/<tag>.json`, parsed): every key of [`Text::ALL`] present,
    /// non-empty, with the same placeholders as English; `$dir` is `ltr` or `rtl`.
    ///
    /// # Errors
    /// Every problem, each naming the key.
    pub fn from_file(doc: &Json) -> Result<Texts, Vec<String>> {
        let mut errors = Vec::new();
        let entries = match doc.entries("") {
            Ok(entries) => entries,
            Err(e) => return Err(vec![e.message]),
        };
        let get = |key: &str| entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
        let mut values = Vec::with_capacity(Text::ALL.len());
        for &text in Text::ALL {
            let key = text.key();
            match get(key) {
                // A separator may be only a space (Thai lists items with spaces).
                Some(Json::String(s))
                    if !s.trim().is_empty()
                        || (matches!(text, Text::ListSeparator | Text::FieldSeparator)
                            && !s.is_empty()) =>
                {
                    let english = placeholders(ENGLISH[text as usize]);
                    if placeholders(s) != english {
                        errors.push(format!(
                            "`{key}` must contain exactly the placeholders {{{}}}",
                            english.join("}, {")
                        ));
                    }
                    values.push(s.clone());
                }
                Some(Json::String(_)) => errors.push(format!("`{key}` is empty")),
                Some(other) => errors.push(format!(
                    "`{key}`: expected a string, found {}",
                    other.describe()
                )),
                None => errors.push(format!("`{key}` is missing")),
            }
        }
        let rtl = match get("$dir") {
            Some(Json::String(d)) if d == "rtl" => true,
            Some(Json::String(d)) if d == "ltr" => false,
            _ => {
                errors.push("`$dir` must be \"ltr\" or \"rtl\"".into());
                false
            }
        };
        if errors.is_empty() {
            Ok(Texts { values, rtl })
        } else {
            Err(errors)
        }
    }

    /// The text for `text`.
    #[must_use]
    pub fn get(&self, text: Text) -> &str {
        &self.values[text as usize]
    }

    /// Looks a config key up.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Text> {
        Text::ALL.iter().copied().find(|t| t.key() == key)
    }
}

/// A text a site writes: the same for every language, or one per language tag (in the order
/// the site wrote them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Localized(Vec<(String, String)>);

impl Localized {
    /// One text for every language.
    #[must_use]
    pub fn plain(text: impl Into<String>) -> Localized {
        Localized(vec![(String::new(), text.into())])
    }

    /// One text per language tag.
    #[must_use]
    pub fn by_language(texts: Vec<(String, String)>) -> Localized {
        Localized(texts)
    }

    /// Whether it is one text for every language.
    #[must_use]
    pub fn is_plain(&self) -> bool {
        self.0.first().is_some_and(|(tag, _)| tag.is_empty())
    }

    /// The language tags it has a text for (none when plain).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(|(t, _)| !t.is_empty())
            .map(|(t, _)| t.as_str())
    }

    /// Every text, each with its tag (empty when plain).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(t, v)| (t.as_str(), v.as_str()))
    }

    /// Every text, rewritten by `f` (for URLs resolved against the config's address).
    #[must_use]
    pub fn map(&self, mut f: impl FnMut(&str) -> String) -> Localized {
        Localized(self.0.iter().map(|(t, v)| (t.clone(), f(v))).collect())
    }

    /// The text for the first of `languages` it has (by BCP 47 lookup), else its first text.
    #[must_use]
    pub fn get<S: AsRef<str>>(&self, languages: &[S]) -> &str {
        if self.is_plain() {
            return &self.0[0].1;
        }
        let tags: Vec<&str> = self.languages().collect();
        let found = lang::negotiate(languages.iter().map(AsRef::as_ref), &tags);
        self.0
            .iter()
            .find(|(t, _)| Some(t.as_str()) == found)
            .or(self.0.first())
            .map_or("", |(_, v)| v.as_str())
    }
}

/// The language a page view shows, with every interface text resolved (the site's overrides
/// over the built-in language) and the order in which site texts are looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    /// The language tag (the widget's `lang`).
    pub tag: String,
    /// Written right to left (the widget's `dir`).
    pub rtl: bool,
    texts: Vec<String>,
    /// The tag, the config's default language, English.
    lookup: Vec<String>,
}

impl Locale {
    /// The locale for `tag` from its built-in texts (`base`: English when the language has no
    /// file, in which case the config supplies every text) and the site's overrides.
    #[must_use]
    pub fn new(
        tag: &str,
        default: Option<&str>,
        base: &Texts,
        overrides: &[(Text, Localized)],
    ) -> Locale {
        let mut lookup = vec![tag.to_owned()];
        lookup.extend(default.map(str::to_owned));
        lookup.push(ENGLISH_TAG.to_owned());
        let mut texts = base.values.clone();
        for (text, value) in overrides {
            texts[*text as usize] = value.get(&lookup).to_owned();
        }
        let rtl = if file_for(tag).is_some() {
            base.rtl
        } else {
            lang::is_rtl(tag)
        };
        Locale {
            tag: tag.to_owned(),
            rtl,
            texts,
            lookup,
        }
    }

    /// English with no overrides (tests, the policy build without a config).
    #[must_use]
    pub fn english() -> Locale {
        Locale::new(ENGLISH_TAG, None, &Texts::english(), &[])
    }

    /// An interface text.
    #[must_use]
    pub fn text(&self, text: Text) -> &str {
        &self.texts[text as usize]
    }

    /// A site text in this language (or the closest the site wrote).
    #[must_use]
    pub fn pick<'a>(&self, text: &'a Localized) -> &'a str {
        text.get(&self.lookup)
    }

    /// `dir`: `"rtl"` or `"ltr"`.
    #[must_use]
    pub fn dir(&self) -> &'static str {
        if self.rtl { "rtl" } else { "ltr" }
    }

    /// The locale as JSON, for the policy build (which draws in the same language).
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        w.string("tag", &self.tag)
            .bool("rtl", self.rtl)
            .string_array("texts", self.texts.iter().map(String::as_str))
            .string_array("lookup", self.lookup.iter().map(String::as_str));
        w.close();
        out
    }

    /// Reads [`Locale::to_json`]'s form.
    ///
    /// # Errors
    /// When it is not that form (a text missing, a field of the wrong type).
    pub fn from_json(doc: &Json) -> Result<Locale, String> {
        let f = Fields::new(doc, "locale", &["tag", "rtl", "texts", "lookup"])
            .map_err(|e| e.message)?;
        let mut errors = Vec::new();
        let locale = Locale {
            tag: f.string("tag", &mut errors).unwrap_or_default(),
            rtl: f.bool("rtl", &mut errors).unwrap_or(false),
            texts: f
                .get("texts")
                .and_then(|t| string_list(t, "texts", &mut errors))
                .unwrap_or_default(),
            lookup: f
                .get("lookup")
                .and_then(|t| string_list(t, "lookup", &mut errors))
                .unwrap_or_default(),
        };
        if let Some(e) = errors.first() {
            return Err(format!("{}: {}", e.path, e.message));
        }
        if locale.texts.len() != Text::ALL.len() {
            return Err(format!(
                "{} texts where {} were expected",
                locale.texts.len(),
                Text::ALL.len()
            ));
        }
        Ok(locale)
    }

    /// `template` with `{name}` replaced by `value`.
    #[must_use]
    pub fn fill(template: &str, name: &str, value: &str) -> String {
        template.replace(&["{", name, "}"].concat(), value)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn default_button_names_are_the_contract() {
        let t = Texts::english();
        assert_eq!(t.get(Text::AcceptAll), "Accept all");
        assert_eq!(t.get(Text::RejectAll), "Reject all");
        assert_eq!(t.get(Text::ManagePreferences), "Manage preferences");
    }

    #[test]
    fn keys_are_unique_and_round_trip() {
        for &t in Text::ALL {
            assert_eq!(Texts::from_key(t.key()), Some(t));
        }
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(placeholders("for {purposes}. {x_1}"), ["purposes", "x_1"]);
        assert!(placeholders("{} {not one} {").is_empty());
        assert_eq!(placeholders("{{a}}"), ["a"]);
    }

    #[test]
    fn localized_texts_follow_the_lookup_order() {
        let text = Localized::by_language(vec![
            ("en".into(), "Analytics".into()),
            ("de".into(), "Analyse".into()),
            ("pt-BR".into(), "Análise".into()),
        ]);
        assert_eq!(text.get(&["de-AT"]), "Analyse");
        assert_eq!(text.get(&["pt-BR"]), "Análise");
        assert_eq!(text.get(&["fr", "en"]), "Analytics");
        assert_eq!(text.get(&["fr"]), "Analytics", "the first one written");
        assert_eq!(Localized::plain("Same").get(&["ja"]), "Same");
    }

    #[test]
    fn a_locale_applies_overrides_in_its_language() {
        let overrides = vec![(
            Text::AcceptAll,
            Localized::by_language(vec![
                ("en".into(), "Allow all".into()),
                ("de".into(), "Alle erlauben".into()),
            ]),
        )];
        let en = Locale::new("en", None, &Texts::english(), &overrides);
        assert_eq!(en.text(Text::AcceptAll), "Allow all");
        assert_eq!(en.text(Text::RejectAll), "Reject all");
        let de = Locale::new("de", Some("en"), &Texts::english(), &overrides);
        assert_eq!(de.text(Text::AcceptAll), "Alle erlauben");
        // A language without a file: its direction comes from the tag.
        assert_eq!(Locale::new("ur", None, &Texts::english(), &[]).dir(), "rtl");
    }
}
