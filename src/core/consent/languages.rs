//! The language shown: the one the site asks for (`setLanguage`) or the page's, its texts
//! loaded on demand, and what changes when it does (the policy in that language, the view).

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::rc::Rc;

use super::Session;
use crate::core::config::Config;
use crate::core::effects::{Effect, Level};
use crate::core::i18n::{Locale, Texts};
use crate::core::json::Json;

impl Session {
    /// Shows the interface in this language (`ConsentGate.setLanguage`), if the config offers it.
    pub(super) fn set_language(&mut self, tag: &str) -> Vec<Effect> {
        match self.config.offered(tag.trim()) {
            Some(language) => {
                self.requested = Some(language.clone());
                self.switch_language(language)
            }
            None => vec![Effect::Log(
                Level::Warn,
                format!(
                    "setLanguage({tag:?}): the config does not offer it (offered: {}); the language stays {:?}",
                    self.config.offered_languages().join(", "),
                    self.language
                ),
            )],
        }
    }

    /// The page's languages changed (a single-page app set a new `<html lang>`): the language
    /// follows them, unless the site asked for one.
    pub(super) fn page_languages(&mut self, languages: Vec<String>) -> Vec<Effect> {
        self.page_languages = languages;
        if self.requested.is_some() {
            return Vec::new();
        }
        let language = self.config.choose_language(&self.page_languages);
        self.switch_language(language)
    }

    /// Shows `tag` from now on: at once when its texts are here, else once its file arrives
    /// (until then the previous language stays, or nothing is drawn at start).
    pub(super) fn use_language(&mut self, tag: String) -> Vec<Effect> {
        self.language = tag.clone();
        let texts = if let Some(file) = Config::file_for(&tag) {
            match self.loaded.iter().find(|(t, _)| t == file) {
                Some((_, texts)) => Rc::clone(texts),
                None => return vec![Effect::LoadLanguage(file.to_owned())],
            }
        } else {
            Rc::new(Texts::english())
        };
        self.locale = Some(Rc::new(self.config.locale(&tag, &texts)));
        Vec::new()
    }

    /// Switches the language of a running page view.
    fn switch_language(&mut self, tag: String) -> Vec<Effect> {
        if tag == self.language && self.locale.as_ref().is_some_and(|l| l.tag == tag) {
            return Vec::new();
        }
        let mut effects = self.use_language(tag);
        if effects.is_empty() {
            effects.extend(self.relocalize());
        }
        effects
    }

    /// After the language changed: the policy in the new language (if its URL differs), and
    /// the view.
    fn relocalize(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.policy_open || self.policy_inline {
            effects.extend(self.load_policy());
        }
        effects.push(Effect::Render(self.view()));
        // The embed placeholders, in the new language.
        effects.push(Effect::Activate);
        effects
    }

    pub(super) fn language_loaded(
        &mut self,
        file: &str,
        result: Result<Json, String>,
    ) -> Vec<Effect> {
        if Config::file_for(&self.language) != Some(file) {
            // Another language was chosen while this one loaded.
            return Vec::new();
        }
        let tag = self.language.clone();
        let path = format!("i18n/{file}.json");
        let texts = result.and_then(|doc| Texts::from_file(&doc).map_err(|e| e.join("; ")));
        match texts {
            Ok(texts) => {
                let texts = Rc::new(texts);
                self.loaded.push((file.to_owned(), Rc::clone(&texts)));
                self.locale = Some(Rc::new(self.config.locale(&tag, &texts)));
                self.relocalize()
            }
            Err(why) if self.locale.is_none() => vec![Effect::Log(
                Level::Error,
                format!(
                    "could not load the interface texts for {tag:?} ({path}: {why}); the banner is not shown in a language the visitor may not read, so nothing that needs consent will load"
                ),
            )],
            Err(why) => {
                let shown = self
                    .locale
                    .as_ref()
                    .map(|l| l.tag.clone())
                    .unwrap_or_default();
                self.language = shown.clone();
                vec![Effect::Log(
                    Level::Error,
                    format!(
                        "could not load the interface texts for {tag:?} ({path}: {why}); the language stays {shown:?}"
                    ),
                )]
            }
        }
    }

    /// The language shown, with its texts (`None` while its file loads).
    #[must_use]
    pub fn locale(&self) -> Option<&Rc<Locale>> {
        self.locale.as_ref()
    }
}
