//! What the visitor sees: the banner, the preferences with their draft choices, the privacy
//! policy viewer and the cookie declaration, and the [`View`] the interface renders.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::rc::Rc;

use super::Session;
use crate::core::config::Category;
use crate::core::effects::{Effect, Level};
use crate::core::record::Choices;
use crate::core::view::{PolicyDocument, PolicySource, PolicyView, Surface, View};

impl Session {
    /// What the interface shows.
    #[must_use]
    pub fn view(&self) -> View {
        View {
            surface: self.surface,
            over_banner: self.over_banner,
            reopen: self.config.reopen_button
                && (self.consent.is_some()
                    || self.dismissed
                    || self.previous_id.is_some()
                    || self.undecided().is_some()),
            draft: self.draft.clone(),
            decided: self.consent.as_ref().map(|r| (r.id.clone(), r.updated)),
            notice: self.notice,
            gpc: self.gpc,
            gpc_honoured: self.gpc && self.applied.as_ref().is_some_and(|a| a.gpc_binding),
            locale: self.locale.clone(),
            saved: self.saved,
            policy: self
                .policy
                .clone()
                .filter(|_| self.policy_open || self.policy_inline)
                .map(|document| PolicyView {
                    open: self.policy_open,
                    inline: self.policy_inline,
                    document,
                }),
            declaration: self.declaration.clone(),
        }
    }

    /// The view, to render.
    pub(super) fn render(&self) -> Vec<Effect> {
        vec![Effect::Render(self.view())]
    }

    /// Opens the banner.
    pub(super) fn show_banner(&mut self) -> Vec<Effect> {
        self.surface = Surface::Banner;
        self.over_banner = false;
        self.render()
    }

    /// Hides the banner without deciding (Escape): nothing is granted.
    pub(super) fn dismiss_banner(&mut self) -> Vec<Effect> {
        if self.surface == Surface::Banner {
            self.surface = Surface::Hidden;
            self.dismissed = true;
        }
        self.render()
    }

    /// Opens the preferences, with the choices in force (or those kept from before) ticked.
    pub(super) fn show_preferences(&mut self) -> Vec<Effect> {
        // "Change your choice" in the policy viewer leads to the preferences.
        self.policy_open = false;
        if self.surface != Surface::Preferences {
            self.over_banner = self.surface == Surface::Banner;
            self.surface = Surface::Preferences;
            self.draft = self.prefill.clone().or_else(|| self.choices()).map_or_else(
                || Choices::uniform(&self.config, false),
                |c| self.with_gpc(c),
            );
        }
        self.render()
    }

    /// Closes the preferences without deciding, back to the banner if they were opened over it.
    pub(super) fn close_preferences(&mut self) -> Vec<Effect> {
        if self.surface == Surface::Preferences {
            self.surface = if self.over_banner {
                Surface::Banner
            } else {
                Surface::Hidden
            };
            self.over_banner = false;
        }
        self.render()
    }

    fn locked(&self, category: &Category) -> bool {
        category.required || (self.gpc && category.gpc)
    }

    /// Ticks or unticks a category in the preferences; all its services follow.
    pub(super) fn set_category(&mut self, id: &str, on: bool) -> Vec<Effect> {
        if let Some(category) = self.config.category(id)
            && !self.locked(category)
        {
            self.draft.categories.insert(id.to_owned(), on);
            for s in &category.services {
                self.draft.services.insert(s.id.clone(), on);
            }
        }
        self.render()
    }

    /// Ticks or unticks one service in the preferences; its category is ticked while any of
    /// its services is.
    pub(super) fn set_service(&mut self, id: &str, on: bool) -> Vec<Effect> {
        if let Some((category, _)) = self.config.service(id)
            && !self.locked(category)
        {
            self.draft.services.insert(id.to_owned(), on);
            let any = category
                .services
                .iter()
                .any(|s| self.draft.services.get(&s.id).copied().unwrap_or(false));
            self.draft.categories.insert(category.id.clone(), any);
        }
        self.render()
    }

    /// Opens the privacy policy viewer (loading the policy), if the config names a policy.
    pub(super) fn show_policy(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.config.policy_url.is_some() {
            self.policy_open = true;
            effects.extend(self.load_policy());
        } else {
            effects.push(Effect::Log(
                Level::Warn,
                "there is no privacy policy to show: the config has no `policy.url`".into(),
            ));
        }
        effects.push(Effect::Render(self.view()));
        effects
    }

    /// Closes the privacy policy viewer.
    pub(super) fn close_policy(&mut self) -> Vec<Effect> {
        self.policy_open = false;
        self.render()
    }

    /// Starts loading the policy in the current language, unless it is loaded or loading
    /// already (nothing when the config names none, or before the language is known).
    pub(super) fn load_policy(&mut self) -> Vec<Effect> {
        let Some(locale) = &self.locale else {
            return Vec::new();
        };
        let Some(url) = self.config.policy_url(locale).map(str::to_owned) else {
            return Vec::new();
        };
        if self.policy.is_some() && self.policy_url.as_deref() == Some(url.as_str()) {
            return Vec::new();
        }
        self.policy = Some(PolicyDocument::Loading);
        self.policy_url = Some(url.clone());
        vec![Effect::LoadPolicy(url)]
    }

    /// The policy was fetched and the policy build is ready (or why not).
    pub(super) fn policy_loaded(
        &mut self,
        result: Result<Rc<PolicySource>, String>,
    ) -> Vec<Effect> {
        let loaded = match result {
            Ok(document) => PolicyDocument::Ready(document),
            Err(why) => PolicyDocument::Failed(why),
        };
        let mut effects = Vec::new();
        if let PolicyDocument::Failed(why) = &loaded {
            effects.push(Effect::Log(
                Level::Error,
                format!("could not show the privacy policy: {why}"),
            ));
        }
        self.policy = Some(loaded);
        effects.push(Effect::Render(self.view()));
        effects
    }

    /// The policy build is ready to draw the cookie declaration (or why not); nothing when the
    /// page has no place for it.
    pub(super) fn policy_module_loaded(&mut self, result: Result<(), String>) -> Vec<Effect> {
        if self.declaration.is_none() {
            return Vec::new();
        }
        let mut effects = Vec::new();
        self.declaration = Some(match result {
            Ok(()) => PolicyDocument::Ready(Rc::new(PolicySource::declaration())),
            Err(why) => {
                effects.push(Effect::Log(
                    Level::Error,
                    format!("could not show the cookie declaration: {why}"),
                ));
                PolicyDocument::Failed(why)
            }
        });
        effects.push(Effect::Render(self.view()));
        effects
    }
}
