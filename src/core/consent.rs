//! The consent state machine: `Session` x [`Action`] x [`Env`] -> next `Session` + effects.
//!
//! Every decision about consent is made here; the browser shell performs the returned
//! [`Effect`]s in order and the interface renders the [`View`].

use std::collections::BTreeSet;
use std::rc::Rc;

use super::config::Config;
use super::cookies::{self, CookieName};
use super::effects::{Effect, Event, Gtag, Level};
use super::gating::{Decision, Marker};
use super::google::{ConsentState, ConsentType};
use super::record::{Choices, ConsentRecord, Invalid, Method, SCHEMA, uuid_v4};
use super::time::Timestamp;
use super::view::{Surface, View};

/// The page facts a transition may need.
#[derive(Clone, Copy, Debug)]
pub struct Env {
    /// The current time.
    pub now: Timestamp,
    /// 16 random bytes from a CSPRNG, for a new consent id.
    pub random: [u8; 16],
}

/// Who asked for a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A click or key press in ConsentGate's interface.
    Visitor,
    /// A call to `window.ConsentGate`.
    Api,
}

/// What the visitor, the interface or the site's code asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Grant every optional purpose.
    AcceptAll(Origin),
    /// Deny every optional purpose.
    RejectAll(Origin),
    /// Decide on the choices shown in the preferences.
    SavePreferences,
    /// Tick or untick a category in the preferences (all its services follow).
    SetCategory(String, bool),
    /// Tick or untick one service in the preferences.
    SetService(String, bool),
    /// Open the banner.
    ShowBanner,
    /// Open the preferences.
    ShowPreferences,
    /// Close the preferences without deciding.
    ClosePreferences,
    /// Hide the banner without deciding (Escape): nothing is granted.
    DismissBanner,
    /// Forget the decision: withdraw everything and ask again.
    Reset,
}

/// One page view's consent state.
#[derive(Clone, Debug)]
pub struct Session {
    config: Rc<Config>,
    consent: Option<ConsentRecord>,
    surface: Surface,
    over_banner: bool,
    dismissed: bool,
    draft: Choices,
    ran: BTreeSet<String>,
    google_loaded: bool,
}

impl Session {
    /// Starts a page view from the stored record (if any).
    #[must_use]
    pub fn start(
        config: Rc<Config>,
        stored: Option<&str>,
        now: Timestamp,
    ) -> (Session, Vec<Effect>) {
        let mut effects = Vec::new();
        let consent = stored.and_then(|s| {
            match ConsentRecord::decode(s).and_then(|r| r.check(&config, now).map(|()| r)) {
                Ok(r) => Some(r),
                Err(reason) => {
                    let level = match reason {
                        Invalid::Expired | Invalid::OtherRevision(_) | Invalid::Undecided(_) => {
                            Level::Info
                        }
                        _ => Level::Warn,
                    };
                    effects.push(Effect::Log(
                        level,
                        format!("the stored choice does not count ({reason}); asking again"),
                    ));
                    None
                }
            }
        });
        let mut session = Session {
            draft: Choices::uniform(&config, false),
            surface: if consent.is_some() {
                Surface::Hidden
            } else {
                Surface::Banner
            },
            config,
            consent,
            over_banner: false,
            dismissed: false,
            ran: BTreeSet::new(),
            google_loaded: false,
        };
        if session.config.google.consent_mode {
            effects.push(Effect::Gtag(Gtag::ConsentDefault(
                session.consent_state(None),
            )));
        }
        if let Some(record) = &session.consent {
            let choices = record.choices();
            if session.config.google.consent_mode {
                effects.push(Effect::Gtag(Gtag::ConsentUpdate(
                    session.consent_state(Some(&choices)),
                )));
            }
            effects.extend(session.load_google(&choices));
        }
        effects.push(Effect::Activate);
        effects.push(Effect::Render(session.view()));
        effects.push(Effect::Notify(Event::Ready));
        (session, effects)
    }

    /// Applies an action.
    pub fn dispatch(&mut self, action: Action, env: Env) -> Vec<Effect> {
        match action {
            Action::AcceptAll(origin) => {
                let choices = Choices::uniform(&self.config, true);
                self.decide(choices, method(Method::AcceptAll, origin), env)
            }
            Action::RejectAll(origin) => {
                let choices = Choices::uniform(&self.config, false);
                self.decide(choices, method(Method::RejectAll, origin), env)
            }
            Action::SavePreferences => {
                let choices = self.draft.clone();
                self.decide(choices, Method::Custom, env)
            }
            Action::SetCategory(id, on) => {
                self.set_category(&id, on);
                vec![Effect::Render(self.view())]
            }
            Action::SetService(id, on) => {
                self.set_service(&id, on);
                vec![Effect::Render(self.view())]
            }
            Action::ShowBanner => {
                self.surface = Surface::Banner;
                self.over_banner = false;
                vec![Effect::Render(self.view())]
            }
            Action::ShowPreferences => {
                if self.surface != Surface::Preferences {
                    self.over_banner = self.surface == Surface::Banner;
                    self.surface = Surface::Preferences;
                    self.draft = self.consent.as_ref().map_or_else(
                        || Choices::uniform(&self.config, false),
                        ConsentRecord::choices,
                    );
                }
                vec![Effect::Render(self.view())]
            }
            Action::ClosePreferences => {
                if self.surface == Surface::Preferences {
                    self.surface = if self.over_banner {
                        Surface::Banner
                    } else {
                        Surface::Hidden
                    };
                    self.over_banner = false;
                }
                vec![Effect::Render(self.view())]
            }
            Action::DismissBanner => {
                if self.surface == Surface::Banner {
                    self.surface = Surface::Hidden;
                    self.dismissed = true;
                }
                vec![Effect::Render(self.view())]
            }
            Action::Reset => self.reset(),
        }
    }

    /// Whether a marked element may run now.
    #[must_use]
    pub fn decide_marker(&self, marker: &Marker) -> Decision {
        marker.decide(&self.config, self.choices().as_ref())
    }

    /// Records that an element needing `marker` ran on this page view (withdrawing its purpose
    /// later reloads the page, when the config asks for that).
    pub fn note_ran(&mut self, marker: &Marker) {
        if !marker.negated {
            self.ran.insert(marker.purpose.clone());
        }
    }

    /// The config.
    #[must_use]
    pub fn config(&self) -> &Rc<Config> {
        &self.config
    }

    /// The decision in force, if any.
    #[must_use]
    pub fn consent(&self) -> Option<&ConsentRecord> {
        self.consent.as_ref()
    }

    /// Whether a category or service is granted now (strictly necessary ones always are).
    #[must_use]
    pub fn allows(&self, purpose: &str) -> bool {
        self.choices()
            .unwrap_or_else(|| Choices::uniform(&self.config, false))
            .allows(&self.config, purpose)
    }

    /// What the interface shows.
    #[must_use]
    pub fn view(&self) -> View {
        View {
            surface: self.surface,
            over_banner: self.over_banner,
            reopen: self.config.reopen_button && (self.consent.is_some() || self.dismissed),
            draft: self.draft.clone(),
            decided: self.consent.as_ref().map(|r| (r.id.clone(), r.updated)),
        }
    }

    /// The Consent Mode state for `choices` (`None`: the default before any decision).
    #[must_use]
    pub fn consent_state(&self, choices: Option<&Choices>) -> ConsentState {
        let mut state = ConsentState::denied();
        for c in &self.config.categories {
            let granted = c.required || choices.is_some_and(|ch| ch.allows(&self.config, &c.id));
            if granted {
                for &t in &c.consent_types {
                    state.set(t, true);
                }
            }
        }
        state
    }

    fn choices(&self) -> Option<Choices> {
        self.consent.as_ref().map(ConsentRecord::choices)
    }

    fn set_category(&mut self, id: &str, on: bool) {
        let Some(category) = self.config.category(id) else {
            return;
        };
        if category.required {
            return;
        }
        self.draft.categories.insert(id.to_owned(), on);
        for s in &category.services {
            self.draft.services.insert(s.id.clone(), on);
        }
    }

    fn set_service(&mut self, id: &str, on: bool) {
        let Some((category, _)) = self.config.service(id) else {
            return;
        };
        if category.required {
            return;
        }
        self.draft.services.insert(id.to_owned(), on);
        let any = category
            .services
            .iter()
            .any(|s| self.draft.services.get(&s.id).copied().unwrap_or(false));
        self.draft.categories.insert(category.id.clone(), any);
    }

    fn decide(&mut self, choices: Choices, method: Method, env: Env) -> Vec<Effect> {
        let config = Rc::clone(&self.config);
        let record = ConsentRecord {
            schema: SCHEMA,
            id: uuid_v4(env.random),
            created: self.consent.as_ref().map_or(env.now, |r| r.created),
            updated: env.now,
            expires: env.now.plus_days(config.expiry_days),
            revision: config.revision,
            method,
            categories: choices.categories.clone(),
            services: choices.services.clone(),
        };
        let mut effects = vec![Effect::Store(record.encode())];
        self.consent = Some(record);
        self.surface = Surface::Hidden;
        self.over_banner = false;
        self.draft = choices.clone();
        if config.google.consent_mode {
            effects.push(Effect::Gtag(Gtag::ConsentUpdate(
                self.consent_state(Some(&choices)),
            )));
        }
        let denied = self.denied_cookies(&choices);
        if !denied.is_empty() {
            effects.push(Effect::DeleteCookies(denied));
        }
        effects.extend(self.load_google(&choices));
        effects.push(Effect::Activate);
        effects.push(Effect::Render(self.view()));
        effects.push(Effect::Notify(Event::Change));
        if config.reload_on_withdraw && self.ran.iter().any(|p| !choices.allows(&config, p)) {
            effects.push(Effect::Reload);
        }
        effects
    }

    fn reset(&mut self) -> Vec<Effect> {
        let none = Choices::uniform(&self.config, false);
        self.consent = None;
        self.surface = Surface::Banner;
        self.over_banner = false;
        self.dismissed = false;
        self.draft = none.clone();
        let mut effects = vec![Effect::ForgetStored];
        if self.config.google.consent_mode {
            effects.push(Effect::Gtag(Gtag::ConsentUpdate(self.consent_state(None))));
        }
        let denied = self.denied_cookies(&none);
        if !denied.is_empty() {
            effects.push(Effect::DeleteCookies(denied));
        }
        effects.push(Effect::Render(self.view()));
        effects.push(Effect::Notify(Event::Change));
        if self.config.reload_on_withdraw && !self.ran.is_empty() {
            effects.push(Effect::Reload);
        }
        effects
    }

    /// Loads the Google tags once, if `choices` allow them (and notes that they ran).
    fn load_google(&mut self, choices: &Choices) -> Vec<Effect> {
        let google = &self.config.google;
        if self.google_loaded || !choices.allows(&self.config, &google.category) {
            return Vec::new();
        }
        let mut effects = Vec::new();
        if let Some(id) = &google.measurement_id {
            effects.push(Effect::Gtag(Gtag::Js));
            effects.push(Effect::Gtag(Gtag::Config(id.clone())));
            effects.push(Effect::InjectScript(id.gtag_url()));
        }
        if let Some(id) = &google.container_id {
            effects.push(Effect::GtmStart);
            effects.push(Effect::InjectScript(id.gtm_url()));
        }
        if !effects.is_empty() {
            self.google_loaded = true;
            self.ran.insert(google.category.clone());
        }
        effects
    }

    /// The cookies of every purpose `choices` deny, Google's own included.
    fn denied_cookies(&self, choices: &Choices) -> Vec<CookieName> {
        let config = &self.config;
        let mut rules: Vec<CookieName> = Vec::new();
        for c in config.optional_categories() {
            for s in &c.services {
                if !choices.allows(config, &s.id) {
                    rules.extend(s.cookies.iter().map(|k| k.name.clone()));
                }
            }
        }
        let state = self.consent_state(Some(choices));
        if !state.is_granted(ConsentType::AnalyticsStorage) {
            rules.extend(cookies::google_analytics_cookies());
        }
        if !state.is_granted(ConsentType::AdStorage) {
            rules.extend(cookies::google_ads_cookies());
        }
        let mut unique: Vec<CookieName> = Vec::new();
        for r in rules {
            if !unique.iter().any(|u| u.as_str() == r.as_str()) {
                unique.push(r);
            }
        }
        unique
    }
}

fn method(visitor: Method, origin: Origin) -> Method {
    match origin {
        Origin::Visitor => visitor,
        Origin::Api => Method::Api,
    }
}
