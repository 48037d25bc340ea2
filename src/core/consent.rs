//! The consent state machine: `Session` x [`Action`] x [`Env`] -> next `Session` + effects.
//!
//! Every decision about consent is made here; the browser shell performs the returned
//! [`Effect`]s in order and the interface renders the [`View`].
//!
//! The life of a choice:
//! * it lasts `expiryDays`; then the banner asks again from scratch;
//! * when a category or service appears that the visitor never decided on, their earlier
//!   choices stay in force, the new purposes start off, and the banner asks again;
//! * when the config `revision` changes, the earlier choices are suspended (nothing optional
//!   runs) until the visitor decides again; they are pre-filled in the preferences;
//! * with Global Privacy Control, categories marked `gpc` stay denied whatever the visitor
//!   clicks, ad types stay denied in Consent Mode, and a stored grant is withdrawn at once;
//! * a decision in another tab arrives as [`Action::StorageChanged`] and applies here too.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::collections::BTreeSet;
use alloc::rc::Rc;

use super::config::Config;
use super::cookies::{self, CookieRule, NamePattern};
use super::effects::{Effect, Event, Level};
use super::gating::{Decision, Marker};
use super::google::{ConsentState, ConsentType};
use super::i18n::{Locale, Texts};
use super::json::Json;
use super::outbox::Pending;
use super::receipt::Receipt;
use super::record::{Choices, ConsentRecord, Invalid, Method, SCHEMA, uuid_v4};
use super::time::Timestamp;
use super::view::{PolicyDocument, PolicySource, PolicyView, Surface, View};
use super::visit;

/// The page facts a transition may need.
#[derive(Clone, Copy, Debug)]
pub struct Env {
    /// The current time.
    pub now: Timestamp,
    /// 16 random bytes from a CSPRNG, for a new consent id.
    pub random: [u8; 16],
}

pub use super::record::Stored;

/// What the shell knows when the page view starts.
#[derive(Clone, Debug)]
pub struct Facts {
    /// Time and randomness.
    pub env: Env,
    /// `navigator.globalPrivacyControl === true`.
    pub gpc: bool,
    /// The stored record, if any.
    pub stored: Option<Stored>,
    /// The page has a `data-consent-gate="policy"` element (a standalone policy page).
    pub policy_inline: bool,
    /// The page has a `data-consent-gate="cookie-declaration"` element (the site's own
    /// policy page, where ConsentGate draws only the cookie declaration).
    pub declaration_inline: bool,
    /// The languages the page asks for, in order: `<html lang>`, then `navigator.languages`.
    pub languages: Vec<String>,
}

/// Who asked for a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A click or key press in ConsentGate's interface.
    Visitor,
    /// A call to `window.ConsentGate`.
    Api,
}

/// What the visitor, the interface, the site's code or another tab asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Grant every optional purpose (but those Global Privacy Control denies).
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
    /// Another tab changed the stored record (the `storage` event): the new value, untrusted.
    StorageChanged(Option<Stored>),
    /// Open the privacy policy viewer.
    ShowPolicy,
    /// Close the privacy policy viewer.
    ClosePolicy,
    /// The policy was fetched and the policy build is ready (or why not).
    PolicyLoaded(Result<Rc<PolicySource>, String>),
    /// The policy build is ready to draw the cookie declaration (or why not).
    PolicyModuleLoaded(Result<(), String>),
    /// Show the interface in this language (`ConsentGate.setLanguage`).
    SetLanguage(String),
    /// The page's languages changed (a single-page app set a new `<html lang>`).
    PageLanguages(Vec<String>),
    /// A language file arrived (parsed), or why it could not be loaded.
    LanguageLoaded(String, Result<Json, String>),
    /// The proof endpoint answered for the receipt with this id: 2xx, or why not.
    ReceiptSent(String, Result<(), String>),
}

/// One page view's consent state.
#[derive(Clone, Debug)]
pub struct Session {
    config: Rc<Config>,
    consent: Option<ConsentRecord>,
    /// The previous decision's id when none is in force (a suspended or reset record).
    previous_id: Option<String>,
    surface: Surface,
    over_banner: bool,
    dismissed: bool,
    /// The banner asks again because the config changed.
    notice: bool,
    /// Choices shown in the preferences before the visitor decides (earlier ones kept).
    prefill: Option<Choices>,
    draft: Choices,
    gpc: bool,
    ran: BTreeSet<String>,
    google_loaded: bool,
    policy_open: bool,
    policy_inline: bool,
    policy: Option<PolicyDocument>,
    /// The cookie declaration drawn into the page's own element, if it has one.
    declaration: Option<PolicyDocument>,
    /// The policy URL `policy` was loaded from (it depends on the language).
    policy_url: Option<String>,
    /// The page's languages, in order.
    page_languages: Vec<String>,
    /// The language the site asked for with `ConsentGate.setLanguage`, if it did.
    requested: Option<String>,
    /// The language shown (or waiting for its file).
    language: String,
    /// Everything shown, in `language`; `None` until its texts are here (nothing is drawn).
    locale: Option<Rc<Locale>>,
    /// Language files loaded on this page view.
    loaded: Vec<(String, Rc<Texts>)>,
    /// Decisions made on this page view (the interface announces each one).
    saved: u32,
}

impl Session {
    /// Starts a page view from the stored record (if any).
    #[must_use]
    pub fn start(config: Rc<Config>, facts: Facts) -> (Session, Vec<Effect>) {
        let mut session = Session {
            draft: Choices::uniform(&config, false),
            config,
            consent: None,
            previous_id: None,
            surface: Surface::Banner,
            over_banner: false,
            dismissed: false,
            notice: false,
            prefill: None,
            gpc: facts.gpc,
            ran: BTreeSet::new(),
            google_loaded: false,
            policy_open: false,
            policy_inline: facts.policy_inline,
            policy: None,
            declaration: facts.declaration_inline.then_some(PolicyDocument::Loading),
            policy_url: None,
            language: String::new(),
            page_languages: facts.languages,
            requested: None,
            locale: None,
            loaded: Vec::new(),
            saved: 0,
        };
        let language = session.config.choose_language(&session.page_languages);
        let mut effects = session.use_language(language);
        effects.extend(session.restore(facts.stored.as_ref(), facts.env.now));
        effects.extend(session.google_defaults());
        if session.gpc
            && let Some(choices) = session.consent.as_ref().map(ConsentRecord::choices)
        {
            let allowed = session.with_gpc(choices.clone());
            if allowed != choices {
                // A stored grant the signal now refuses: withdraw it as a decision of its own.
                effects.extend(session.record(allowed, Method::Gpc, facts.env));
            }
        }
        if let Some(choices) = session.choices() {
            effects.extend(session.signals(Some(&choices)));
            effects.extend(session.load_google(&choices));
        } else if session.config.google.advanced.is_some() {
            effects.extend(session.load_google(&Choices::default()));
        }
        effects.push(Effect::Activate);
        if session.policy_inline {
            effects.extend(session.load_policy());
        }
        if session.declaration.is_some() {
            effects.push(Effect::LoadPolicyModule);
        }
        // Receipts earlier page views could not deliver (there usually are none).
        effects.push(Effect::ResendReceipts);
        effects.push(Effect::Render(session.view()));
        effects.push(Effect::Notify(Event::Ready));
        (session, effects)
    }

    /// Reads the stored record: in force, kept with new purposes off, suspended, or ignored.
    fn restore(&mut self, stored: Option<&Stored>, now: Timestamp) -> Vec<Effect> {
        let Some(stored) = stored else {
            return Vec::new();
        };
        let record = match read_record(stored) {
            Ok(record) => record,
            Err(reason) => return vec![ignored(&reason)],
        };
        match record.check(&self.config, now) {
            Ok(()) => {
                self.surface = Surface::Hidden;
                self.consent = Some(record);
                Vec::new()
            }
            Err(Invalid::Undecided(_)) => {
                // New purposes: earlier choices stay in force; the new ones start off.
                self.notice = true;
                self.prefill = Some(self.carry_over(&record));
                self.consent = Some(record);
                vec![Effect::Log(
                    Level::Info,
                    "the config has purposes the visitor never decided on; asking again".into(),
                )]
            }
            Err(Invalid::OtherRevision(r)) => {
                // A new revision: earlier choices are suspended until the visitor decides.
                self.notice = true;
                self.prefill = Some(self.carry_over(&record));
                self.previous_id = Some(record.id);
                vec![Effect::Log(
                    Level::Info,
                    format!(
                        "the config changed from revision {r} to {}; asking again",
                        self.config.revision
                    ),
                )]
            }
            Err(reason) => vec![ignored(&reason)],
        }
    }

    /// The visitor's earlier choices for purposes that still exist; new ones off.
    fn carry_over(&self, record: &ConsentRecord) -> Choices {
        let mut choices = Choices::uniform(&self.config, false);
        for (id, on) in &mut choices.categories {
            if let Some(&was) = record.categories.get(id) {
                *on = *on || was;
            }
        }
        for (id, on) in &mut choices.services {
            if let Some(&was) = record.services.get(id) {
                *on = *on || was;
            }
        }
        self.with_gpc(choices)
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
            Action::Reset => self.reset(env),
            Action::StorageChanged(stored) => self.storage_changed(stored.as_ref(), env.now),
            Action::ShowPolicy => {
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
            Action::ClosePolicy => {
                self.policy_open = false;
                vec![Effect::Render(self.view())]
            }
            Action::SetLanguage(tag) => match self.config.offered(tag.trim()) {
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
            },
            Action::PageLanguages(languages) => {
                self.page_languages = languages;
                if self.requested.is_some() {
                    return Vec::new();
                }
                let language = self.config.choose_language(&self.page_languages);
                self.switch_language(language)
            }
            Action::LanguageLoaded(tag, result) => self.language_loaded(&tag, result),
            Action::PolicyLoaded(result) => {
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
            Action::ReceiptSent(id, Ok(())) => vec![Effect::ReceiptDelivered(id)],
            Action::ReceiptSent(id, Err(why)) => vec![Effect::Log(
                Level::Warn,
                format!(
                    "the receipt {id} did not reach the proof endpoint ({why}); it is kept and sent again on a later page view"
                ),
            )],
            Action::PolicyModuleLoaded(result) => {
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
    }

    /// Starts loading the policy in the current language, unless it is loaded or loading
    /// already (nothing when the config names none, or before the language is known).
    fn load_policy(&mut self) -> Vec<Effect> {
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

    /// Shows `tag` from now on: at once when its texts are here, else once its file arrives
    /// (until then the previous language stays, or nothing is drawn at start).
    fn use_language(&mut self, tag: String) -> Vec<Effect> {
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
        effects
    }

    fn language_loaded(&mut self, file: &str, result: Result<Json, String>) -> Vec<Effect> {
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
            reopen: self.config.reopen_button
                && (self.consent.is_some() || self.dismissed || self.previous_id.is_some()),
            draft: self.draft.clone(),
            decided: self.consent.as_ref().map(|r| (r.id.clone(), r.updated)),
            notice: self.notice,
            gpc: self.gpc,
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

    /// The Consent Mode state for `choices` (`None`: the default before any decision).
    #[must_use]
    pub fn consent_state(&self, choices: Option<&Choices>) -> ConsentState {
        visit::consent_state(&self.config, self.gpc, choices)
    }

    /// The choices in force: the record's, less what Global Privacy Control refuses (a record
    /// another tab stored may grant it; this tab never does).
    fn choices(&self) -> Option<Choices> {
        self.consent.as_ref().map(|r| self.with_gpc(r.choices()))
    }

    /// `choices` with every category Global Privacy Control denies switched off.
    fn with_gpc(&self, choices: Choices) -> Choices {
        visit::with_gpc(&self.config, self.gpc, choices)
    }

    fn locked(&self, category: &super::config::Category) -> bool {
        category.required || (self.gpc && category.gpc)
    }

    fn set_category(&mut self, id: &str, on: bool) {
        let Some(category) = self.config.category(id) else {
            return;
        };
        if self.locked(category) {
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
        if self.locked(category) {
            return;
        }
        self.draft.services.insert(id.to_owned(), on);
        let any = category
            .services
            .iter()
            .any(|s| self.draft.services.get(&s.id).copied().unwrap_or(false));
        self.draft.categories.insert(category.id.clone(), any);
    }

    /// Stores a new decision and sends its receipt; the caller performs its consequences.
    fn record(&mut self, choices: Choices, method: Method, env: Env) -> Vec<Effect> {
        let previous = self.consent.take();
        let previous_id = previous
            .as_ref()
            .map(|r| r.id.clone())
            .or_else(|| self.previous_id.take());
        let record = ConsentRecord {
            schema: SCHEMA,
            id: uuid_v4(env.random),
            created: previous.as_ref().map_or(env.now, |r| r.created),
            updated: env.now,
            expires: env.now.plus_days(self.config.expiry_days),
            revision: self.config.revision,
            method,
            categories: choices.categories.clone(),
            services: choices.services.clone(),
        };
        let mut effects = vec![Effect::Store(record.encode())];
        effects.extend(self.receipt(
            record.id.clone(),
            previous_id,
            env.now,
            method.name(),
            &choices,
        ));
        self.consent = Some(record);
        self.prefill = None;
        effects
    }

    fn receipt(
        &self,
        id: String,
        previous_id: Option<String>,
        now: Timestamp,
        method: &str,
        choices: &Choices,
    ) -> Option<Effect> {
        let endpoint = self.config.proof_endpoint.clone()?;
        let english;
        let locale = match &self.locale {
            Some(locale) => locale.as_ref(),
            None => {
                english = self
                    .config
                    .locale(super::i18n::ENGLISH_TAG, &Texts::english());
                &english
            }
        };
        let receipt = Receipt::new(
            &self.config,
            locale,
            id,
            previous_id,
            now,
            method,
            choices.categories.clone(),
            choices.services.clone(),
            &self.consent_state(Some(choices)),
            self.gpc,
            self.notice,
        );
        Some(Effect::SendReceipt(Pending {
            id: receipt.consent_id.clone(),
            endpoint,
            body: receipt.to_json(),
            attempts: 1,
        }))
    }

    fn decide(&mut self, choices: Choices, method: Method, env: Env) -> Vec<Effect> {
        let choices = self.with_gpc(choices);
        let mut effects = self.record(choices.clone(), method, env);
        self.saved += 1;
        self.surface = Surface::Hidden;
        self.over_banner = false;
        self.notice = false;
        self.draft = choices.clone();
        effects.extend(self.apply(&choices));
        effects.push(Effect::Render(self.view()));
        effects.push(Effect::Notify(Event::Change));
        if self.config.reload_on_withdraw
            && self.ran.iter().any(|p| !choices.allows(&self.config, p))
        {
            effects.push(Effect::Reload);
        }
        effects
    }

    /// The consequences of choices now in force: Consent Mode, deletions, Google, markup.
    fn apply(&mut self, choices: &Choices) -> Vec<Effect> {
        let mut effects = self.signals(Some(choices));
        effects.extend(self.clear_denied(choices));
        effects.extend(self.load_google(choices));
        effects.push(Effect::Activate);
        effects
    }

    fn reset(&mut self, env: Env) -> Vec<Effect> {
        let none = Choices::uniform(&self.config, false);
        let previous_id = self
            .consent
            .take()
            .map(|r| r.id)
            .or(self.previous_id.take());
        let mut effects = vec![Effect::ForgetStored];
        effects.extend(self.receipt(
            uuid_v4(env.random),
            previous_id.clone(),
            env.now,
            "withdraw",
            &none,
        ));
        self.previous_id = previous_id;
        effects.extend(self.forget());
        effects.push(Effect::Render(self.view()));
        effects.push(Effect::Notify(Event::Change));
        if self.config.reload_on_withdraw && !self.ran.is_empty() {
            effects.push(Effect::Reload);
        }
        effects
    }

    /// Back to no decision (the caller has taken the record): the banner asks again, Consent
    /// Mode returns to its default, every optional purpose's cookies and storage go.
    fn forget(&mut self) -> Vec<Effect> {
        let none = Choices::uniform(&self.config, false);
        self.surface = Surface::Banner;
        self.over_banner = false;
        self.dismissed = false;
        self.notice = false;
        self.prefill = None;
        self.draft = none.clone();
        let mut effects = self.signals(None);
        effects.extend(self.clear_denied(&none));
        effects
    }

    /// What Google and Tag Manager are told when the choices in force change.
    fn signals(&self, choices: Option<&Choices>) -> Vec<Effect> {
        visit::signals(&self.config, self.gpc, choices)
    }

    /// Another tab decided (or reset): apply it here without storing, reloading or a receipt.
    fn storage_changed(&mut self, stored: Option<&Stored>, now: Timestamp) -> Vec<Effect> {
        let record = stored
            .and_then(|s| read_record(s).ok())
            .filter(|r| r.check(&self.config, now).is_ok());
        let same = match (&record, &self.consent) {
            (Some(new), Some(old)) => new.id == old.id,
            (None, None) => true,
            _ => false,
        };
        if same {
            return Vec::new();
        }
        let mut effects = Vec::new();
        match record {
            Some(record) => {
                let choices = self.with_gpc(record.choices());
                self.consent = Some(record);
                self.notice = false;
                self.prefill = None;
                if self.surface == Surface::Banner {
                    self.surface = Surface::Hidden;
                }
                effects.extend(self.apply(&choices));
            }
            None => {
                self.previous_id = self.consent.take().map(|r| r.id);
                effects.extend(self.forget());
            }
        }
        effects.push(Effect::Render(self.view()));
        effects.push(Effect::Notify(Event::Change));
        effects
    }

    /// Consent Mode defaults (and advanced-mode settings) pushed first on every page view.
    fn google_defaults(&self) -> Vec<Effect> {
        visit::google_defaults(&self.config, self.gpc)
    }

    /// Loads the Google tags once, if `choices` allow them (always in advanced mode).
    fn load_google(&mut self, choices: &Choices) -> Vec<Effect> {
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

    /// Deletes the cookies and storage keys of every purpose `choices` deny (Google's own
    /// cookies included).
    fn clear_denied(&self, choices: &Choices) -> Vec<Effect> {
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

fn read_record(stored: &Stored) -> Result<ConsentRecord, Invalid> {
    match stored {
        Ok(json) => ConsentRecord::from_json(json),
        Err(why) => Err(Invalid::Malformed(why.clone())),
    }
}

fn ignored(reason: &Invalid) -> Effect {
    let level = match reason {
        Invalid::Expired => Level::Info,
        _ => Level::Warn,
    };
    Effect::Log(
        level,
        format!("the stored choice does not count ({reason}); asking again"),
    )
}

fn method(visitor: Method, origin: Origin) -> Method {
    match origin {
        Origin::Visitor => visitor,
        Origin::Api => Method::Api,
    }
}
