//! The builder's own words, one file per language (`builder/i18n/<tag>.json`, read with the
//! browser's `JSON.parse`); a key a language lacks falls back to English
//! (`builder/tests/i18n.rs` keeps every file complete).

use std::collections::HashMap;

use crate::LANGUAGES;

/// One language's texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Texts {
    /// Its tag.
    pub tag: String,
    own: HashMap<String, String>,
    english: HashMap<String, String>,
}

fn read(file: &str) -> HashMap<String, String> {
    let Ok(value) = js_sys::JSON::parse(file) else {
        return HashMap::new();
    };
    let object: js_sys::Object = value.into();
    js_sys::Object::entries(&object)
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.into();
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

impl Texts {
    /// The texts of `tag` (English when the builder has no file for it).
    #[must_use]
    pub fn new(tag: &str) -> Texts {
        let file = |t: &str| LANGUAGES.iter().find(|(l, _)| *l == t).map(|(_, f)| *f);
        let (tag, own) = match file(tag) {
            Some(f) => (tag, read(f)),
            None => ("en", HashMap::new()),
        };
        Texts {
            tag: tag.to_owned(),
            own,
            english: read(file("en").unwrap_or("{}")),
        }
    }

    /// The text of `key`.
    #[must_use]
    pub fn t(&self, key: &str) -> String {
        self.own
            .get(key)
            .or_else(|| self.english.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text of `key` with `{name}` placeholders filled in.
    #[must_use]
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.t(key);
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}
