//! The consent state machine: `Session` x [`Action`] x [`Env`] -> next `Session` + effects.
//!
//! Every decision about consent is made here; the browser shell performs the returned
//! [`Effect`]s in order and the interface renders the [`View`](super::view::View).
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
//!
//! This module holds the types, [`Session::start`] and [`Session::dispatch`], which hands each
//! action to one handler: decisions in `decide`, the stored record in `stored`, what is shown
//! in `surfaces`, the language in `languages`; `signals` says what Google hears.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::collections::BTreeSet;
use alloc::rc::Rc;

use super::config::Config;
use super::effects::{Effect, Event};
use super::gating::{Decision, Marker};
use super::i18n::{Locale, Texts};
use super::json::Json;
use super::placeholder;
use super::record::{Choices, ConsentRecord, Method};
use super::regions::{Applied, Model};
use super::time::Timestamp;
use super::view::{PolicyDocument, PolicySource, Surface};
use super::visit;

mod decide;
mod languages;
mod signals;
mod stored;
mod surfaces;

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
    /// The visitor's region as the site gave it (`data-region`, `<meta name="consent-region">`),
    /// untrusted; read only when the config has `regions`.
    pub region: Option<String>,
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
    /// "Always allow" on an embed's placeholder: grant this service (and its category), as
    /// switching it on in the preferences and saving would (method `contextual`).
    AllowService(String),
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
    /// Whether UET's and Clarity's tags are loaded on this page view.
    microsoft_loaded: [bool; 2],
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
    /// The region rule this page view goes by (`None`: the config has no `regions`).
    applied: Option<Applied>,
}

impl Session {
    /// Starts a page view from the stored record (if any).
    #[must_use]
    pub fn start(config: Rc<Config>, facts: Facts) -> (Session, Vec<Effect>) {
        let applied = visit::applied(&config, facts.region.as_deref());
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
            microsoft_loaded: [false; 2],
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
            applied,
        };
        let language = session.config.choose_language(&session.page_languages);
        let mut effects = session.use_language(language);
        effects.extend(session.restore(facts.stored.as_ref(), facts.env.now));
        let undecided = session.undecided();
        if !session.notice
            && session.previous_id.is_none()
            && session
                .applied
                .as_ref()
                .is_some_and(|a| a.model == Model::OptOut)
        {
            // Opt-out: no banner, but to ask again after a change of the config or a
            // withdrawal; the reopen control and the preferences are there.
            session.surface = Surface::Hidden;
        }
        effects.extend(session.google_defaults());
        effects.extend(visit::microsoft_defaults(
            &session.config,
            session.gpc,
            undecided.as_ref(),
        ));
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
            effects.extend(session.load_microsoft(&choices));
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

    /// Applies an action.
    pub fn dispatch(&mut self, action: Action, env: Env) -> Vec<Effect> {
        match action {
            Action::AcceptAll(origin) => self.accept_all(origin, env),
            Action::RejectAll(origin) => self.reject_all(origin, env),
            Action::SavePreferences => self.save_preferences(env),
            Action::SetCategory(id, on) => self.set_category(&id, on),
            Action::SetService(id, on) => self.set_service(&id, on),
            Action::AllowService(id) => self.allow_service(&id, env),
            Action::ShowBanner => self.show_banner(),
            Action::ShowPreferences => self.show_preferences(),
            Action::ClosePreferences => self.close_preferences(),
            Action::DismissBanner => self.dismiss_banner(),
            Action::Reset => self.reset(env),
            Action::StorageChanged(stored) => self.storage_changed(stored.as_ref(), env.now),
            Action::ShowPolicy => self.show_policy(),
            Action::ClosePolicy => self.close_policy(),
            Action::SetLanguage(tag) => self.set_language(&tag),
            Action::PageLanguages(languages) => self.page_languages(languages),
            Action::LanguageLoaded(tag, result) => self.language_loaded(&tag, result),
            Action::PolicyLoaded(result) => self.policy_loaded(result),
            Action::ReceiptSent(id, result) => decide::receipt_sent(id, result),
            Action::PolicyModuleLoaded(result) => self.policy_module_loaded(result),
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

    /// Whether a marked element may run now.
    #[must_use]
    pub fn decide_marker(&self, marker: &Marker) -> Decision {
        marker.decide(&self.config, self.choices().as_ref())
    }

    /// The placeholder a marked iframe that waits shows, as the bootstrap draws it
    /// ([`crate::core::placeholder::look`]); `None`: none (or the texts are not here yet).
    #[must_use]
    pub fn placeholder(&self, marker: &Marker) -> Option<String> {
        let service = placeholder::service_of(&self.config, marker)?;
        let locale = self.locale.as_ref()?;
        Some(placeholder::look(&self.config, locale, Some(service)))
    }

    /// Records that an element needing `marker` ran on this page view (withdrawing its purpose
    /// later reloads the page, when the config asks for that).
    /// An iframe that can have a placeholder does not count: a withdrawal puts the
    /// placeholder back instead (`iframe`: the element is one).
    pub fn note_ran(&mut self, marker: &Marker, iframe: bool) {
        let placeheld = iframe && placeholder::service_of(&self.config, marker).is_some();
        if !marker.negated && !placeheld {
            self.ran.insert(marker.purpose.clone());
        }
    }

    /// The choices in force: the record's, less what Global Privacy Control refuses (a record
    /// another tab stored may grant it; this tab never does).
    /// With no decision in force, under an opt-out rule, what that rule grants ([`visit::undecided`]).
    fn choices(&self) -> Option<Choices> {
        self.consent
            .as_ref()
            .map(|r| self.with_gpc(r.choices()))
            .or_else(|| self.undecided())
    }

    /// What is in force while the visitor never decided ([`visit::undecided`]); `None` once
    /// a decision is in force, and after one was suspended (a new revision) or withdrawn: the
    /// banner then asks, as under opt-in.
    fn undecided(&self) -> Option<Choices> {
        if self.consent.is_some() || self.previous_id.is_some() {
            return None;
        }
        visit::undecided(&self.config, self.gpc, self.applied.as_ref())
    }

    /// The region rule this page view goes by (`None`: the config has no `regions`).
    #[must_use]
    pub fn applied(&self) -> Option<&Applied> {
        self.applied.as_ref()
    }

    /// `choices` with every category Global Privacy Control denies switched off.
    fn with_gpc(&self, choices: Choices) -> Choices {
        visit::with_gpc(&self.config, self.gpc, choices)
    }
}
