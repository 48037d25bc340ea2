//! The site's texts in the builder: the languages they are written in, a text per language
//! (the fields side by side), the interface texts a site may override, and the fixed
//! language's choices.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::i18n::{self, Text};
use crate::core::json::Json;

/// The languages the draft's site texts are written in (`languages`), else English alone.
#[must_use]
pub fn languages(doc: &Json) -> Vec<String> {
    let listed: Vec<String> = doc
        .field("languages")
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|l| l.as_str().map(ToOwned::to_owned))
        .collect();
    if listed.is_empty() {
        vec!["en".into()]
    } else {
        listed
    }
}

/// A site text in one language: the plain string (for any language) or its entry.
#[must_use]
pub fn text_in(value: Option<&Json>, lang: &str) -> String {
    match value {
        Some(Json::String(s)) => s.clone(),
        Some(Json::Object(_)) => value
            .and_then(|v| v.field(lang))
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

/// What a site text's field for `lang` shows: its text, and a placeholder. A plain string
/// is the default language's text (shown there); the field of another language stays empty,
/// with that text as its placeholder, until a text of its own is written.
#[must_use]
pub fn text_field(value: Option<&Json>, lang: &str, languages: &[String]) -> (String, String) {
    match value {
        Some(Json::String(s))
            if languages.len() > 1 && languages.first().is_some_and(|l| l != lang) =>
        {
            (String::new(), s.clone())
        }
        _ => (text_in(value, lang), String::new()),
    }
}

/// A site text after writing `text` for `lang`: a plain string while the site has one
/// language, else one entry per language (a plain string so far becomes the first
/// language's); `None` when nothing is left.
#[must_use]
pub fn with_text(
    value: Option<&Json>,
    lang: &str,
    text: &str,
    languages: &[String],
) -> Option<Json> {
    if languages.len() <= 1 && !matches!(value, Some(Json::Object(_))) {
        return (!text.is_empty()).then(|| Json::String(text.to_owned()));
    }
    let mut entries: Vec<(String, Json)> = match value {
        Some(Json::Object(e)) => e.clone(),
        Some(Json::String(s)) if !s.is_empty() => {
            vec![(
                languages.first().cloned().unwrap_or_default(),
                Json::String(s.clone()),
            )]
        }
        _ => Vec::new(),
    };
    entries.retain(|(k, _)| k != lang);
    if !text.is_empty() {
        entries.push((lang.to_owned(), Json::String(text.to_owned())));
    }
    // In the order of `languages`, then any other.
    entries.sort_by_key(|(k, _)| languages.iter().position(|l| l == k).unwrap_or(usize::MAX));
    (!entries.is_empty()).then_some(Json::Object(entries))
}

/// The interface texts a site may write under `texts` other than the banner's title and
/// text (which have fields of their own), each with its built-in English text: the key, in
/// the order of `i18n/en.json`, and that text.
#[must_use]
pub fn other_texts() -> Vec<(&'static str, &'static str)> {
    Text::ALL
        .iter()
        .filter(|t| !matches!(t, Text::BannerTitle | Text::BannerText))
        .map(|&t| (t.key(), i18n::english(t)))
        .collect()
}

/// Whether the draft writes an interface text other than the banner's title and text (the
/// builder then shows them open).
#[must_use]
pub fn writes_other_texts(doc: &Json) -> bool {
    let texts = doc.field("texts");
    other_texts()
        .iter()
        .any(|(key, _)| texts.and_then(|t| t.field(key)).is_some())
}

/// The languages `language` may fix: the site's (`languages`) when it lists them, else
/// every built-in one; with the value already written first when it is neither (so the
/// field shows it, and the reader's error names it).
#[must_use]
pub fn fixed_language_choices(doc: &Json) -> Vec<String> {
    let mut out: Vec<String> = if doc.field("languages").is_some() {
        languages(doc)
    } else {
        i18n::built_in_tags()
            .into_iter()
            .map(ToOwned::to_owned)
            .collect()
    };
    if let Some(now) = doc.field("language").and_then(Json::as_str)
        && !out.iter().any(|l| l == now)
    {
        out.insert(0, now.to_owned());
    }
    out
}
