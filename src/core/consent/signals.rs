//! What Google and Microsoft hear: Consent Mode defaults and updates, the Google and Microsoft
//! tags loaded once consent allows them, and the cookies and storage keys of every denied purpose deleted.

#[allow(unused_imports)]
use crate::prelude::*;

use super::Session;
use crate::core::cookies::{self, CookieRule, NamePattern};
use crate::core::effects::{Effect, MicrosoftCommand as Ms};
use crate::core::google::{ConsentState, ConsentType};
use crate::core::record::Choices;
use crate::core::visit;

impl Session {
    /// The Consent Mode state for `choices` (`None`: the default before any decision).
    #[must_use]
    pub fn consent_state(&self, choices: Option<&Choices>) -> ConsentState {
        visit::consent_state(&self.config, self.gpc, choices)
    }

    /// What Google and Tag Manager are told when the choices in force change.
    pub(super) fn signals(&self, choices: Option<&Choices>) -> Vec<Effect> {
        visit::signals(&self.config, self.gpc, choices)
    }

    /// Consent Mode defaults (and advanced-mode settings) pushed first on every page view.
    pub(super) fn google_defaults(&self) -> Vec<Effect> {
        visit::google_defaults(&self.config, self.gpc, self.undecided().as_ref())
    }

    /// Loads the Google tags once, if `choices` allow them (always in advanced mode).
    pub(super) fn load_google(&mut self, choices: &Choices) -> Vec<Effect> {
        if self.google_loaded {
            return Vec::new();
        }
        let effects = visit::google_tags(&self.config, choices);
        if !effects.is_empty() {
            self.google_loaded = true;
            if self.config.google.advanced.is_none() {
                // Basic mode: the tags ran because of consent; withdrawing it reloads.
                self.ran.insert(self.config.google.category.clone());
            }
        }
        effects
    }

    /// Loads each Microsoft tag once, when `choices` allow it; withdrawing the consent that
    /// loaded it reloads (as for the Google tags in basic mode).
    pub(super) fn load_microsoft(&mut self, choices: &Choices) -> Vec<Effect> {
        let mut effects = Vec::new();
        for (tag, because) in visit::microsoft_tags(&self.config, self.gpc, choices) {
            // Which of the two (UET, Clarity): compared by kind, not by `Effect`'s equality.
            let which = usize::from(!matches!(tag, Effect::Microsoft(Ms::UetTag(_))));
            if !self.microsoft_loaded[which] {
                self.microsoft_loaded[which] = true;
                self.ran.extend(because);
                effects.push(tag);
            }
        }
        effects
    }

    /// Deletes the cookies and storage keys of every purpose `choices` deny (Google's own
    /// cookies included).
    pub(super) fn clear_denied(&self, choices: &Choices) -> Vec<Effect> {
        let config = &self.config;
        let mut cookie_rules: Vec<CookieRule> = Vec::new();
        let mut storage_rules: Vec<NamePattern> = Vec::new();
        for c in config.optional_categories() {
            for s in c.services.iter().filter(|s| !choices.allows(config, &s.id)) {
                cookie_rules.extend(s.cookies.iter().map(|k| CookieRule {
                    name: k.name.clone(),
                    path: k.path.clone(),
                }));
                storage_rules.extend(s.local_storage.iter().cloned());
            }
        }
        let state = self.consent_state(Some(choices));
        if !state.is_granted(ConsentType::AnalyticsStorage) {
            cookie_rules.extend(cookies::google_analytics_cookies());
        }
        if !state.is_granted(ConsentType::AdStorage) {
            cookie_rules.extend(cookies::google_ads_cookies());
            if config.microsoft.uet_id.is_some() {
                cookie_rules.extend(cookies::uet_cookies());
            }
        }
        if !state.is_granted(ConsentType::AnalyticsStorage) && config.microsoft.clarity_id.is_some()
        {
            cookie_rules.extend(cookies::clarity_cookies());
        }
        let mut unique: Vec<CookieRule> = Vec::new();
        for r in cookie_rules {
            if !unique.contains(&r) {
                unique.push(r);
            }
        }
        let mut effects = Vec::new();
        if !unique.is_empty() {
            effects.push(Effect::DeleteCookies(unique));
        }
        if !storage_rules.is_empty() {
            effects.push(Effect::DeleteStorage(storage_rules));
        }
        effects
    }
}
