//! Decisions: accepting, rejecting or saving choices, and withdrawing them; the record each
//! one stores, the receipt it sends to the proof endpoint, and what changes on the page.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Env, Origin, Session};
use crate::core::effects::{Effect, Event, Level};
use crate::core::i18n::{self, Texts};
use crate::core::outbox::Pending;
use crate::core::receipt::{Receipt, RegionRule};
use crate::core::record::{self, Choices, ConsentRecord, Method, SCHEMA, uuid_v4};
use crate::core::time::Timestamp;
use crate::core::view::Surface;

impl Session {
    /// Grants every optional purpose (but those Global Privacy Control denies).
    pub(super) fn accept_all(&mut self, origin: Origin, env: Env) -> Vec<Effect> {
        let choices = Choices::uniform(&self.config, true);
        self.decide(choices, method(Method::AcceptAll, origin), env)
    }

    /// Denies every optional purpose.
    pub(super) fn reject_all(&mut self, origin: Origin, env: Env) -> Vec<Effect> {
        let choices = Choices::uniform(&self.config, false);
        self.decide(choices, method(Method::RejectAll, origin), env)
    }

    /// Decides on the choices shown in the preferences.
    pub(super) fn save_preferences(&mut self, env: Env) -> Vec<Effect> {
        let choices = self.draft.clone();
        self.decide(choices, Method::Custom, env)
    }

    /// Grants one service and its category over the choices in force ("Always allow" on a
    /// placeholder), as the preferences' switch would.
    pub(super) fn allow_service(&mut self, id: &str, env: Env) -> Vec<Effect> {
        let Some((category, service)) = self.config.service(id) else {
            return vec![Effect::Log(
                Level::Error,
                format!("there is no service {id:?} in the config to allow"),
            )];
        };
        let mut choices = self
            .choices()
            .unwrap_or_else(|| Choices::uniform(&self.config, false));
        choices.services.insert(service.id.clone(), true);
        choices.categories.insert(category.id.clone(), true);
        self.decide(choices, Method::Contextual, env)
    }

    /// Stores a new decision and sends its receipt; the caller performs its consequences.
    pub(super) fn record(&mut self, choices: Choices, method: Method, env: Env) -> Vec<Effect> {
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

    /// The receipt of a decision or a withdrawal, for the proof endpoint (`None` when the
    /// config names none).
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
                english = self.config.locale(i18n::ENGLISH_TAG, &Texts::english());
                &english
            }
        };
        let mut receipt = Receipt::new(
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
        if let Some(applied) = &self.applied {
            receipt.region = Some(RegionRule::new(applied));
        }
        Some(Effect::SendReceipt(Pending {
            id: receipt.consent_id.clone(),
            endpoint,
            body: receipt.to_json(),
            attempts: 1,
        }))
    }

    /// Puts `choices` (less what Global Privacy Control denies) in force as the visitor's
    /// decision: stored, sent, applied, announced, and the page reloaded when something that ran
    /// is now denied and the config asks for that.
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

    /// The consequences of choices now in force: Consent Mode, deletions, Google and Microsoft,
    /// markup.
    pub(super) fn apply(&mut self, choices: &Choices) -> Vec<Effect> {
        let mut effects = self.signals(Some(choices));
        effects.extend(self.clear_denied(choices));
        effects.extend(self.load_google(choices));
        effects.extend(self.load_microsoft(choices));
        effects.push(Effect::Activate);
        effects
    }

    /// Forgets the decision: withdraws everything (with a receipt of the withdrawal) and asks
    /// again.
    pub(super) fn reset(&mut self, env: Env) -> Vec<Effect> {
        let none = Choices::uniform(&self.config, false);
        let previous_id = self
            .consent
            .take()
            .map(|r| r.id)
            .or(self.previous_id.take());
        // Under region rules the withdrawal stays in storage: an opt-out rule would otherwise
        // grant again from the next page view, as if the visitor had never decided.
        let kept = previous_id
            .as_deref()
            .filter(|_| self.applied.is_some())
            .map(record::withdrawal);
        let mut effects = vec![Effect::ForgetStored(kept)];
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
    /// Under an opt-out rule, back to what it grants, without a banner.
    pub(super) fn forget(&mut self) -> Vec<Effect> {
        let undecided = self.undecided();
        let none = undecided
            .clone()
            .unwrap_or_else(|| Choices::uniform(&self.config, false));
        self.surface = if undecided.is_some() {
            Surface::Hidden
        } else {
            Surface::Banner
        };
        self.over_banner = false;
        self.dismissed = false;
        self.notice = false;
        self.prefill = None;
        self.draft = none.clone();
        let mut effects = self.signals(undecided.as_ref());
        effects.extend(self.clear_denied(&none));
        // Embeds that loaded get their placeholders back.
        effects.push(Effect::Activate);
        effects
    }
}

/// The proof endpoint answered for the receipt with this id: delivered, or kept to send again.
pub(super) fn receipt_sent(id: String, result: Result<(), String>) -> Vec<Effect> {
    match result {
        Ok(()) => vec![Effect::ReceiptDelivered(id)],
        Err(why) => vec![Effect::Log(
            Level::Warn,
            format!(
                "the receipt {id} did not reach the proof endpoint ({why}); it is kept and sent again on a later page view"
            ),
        )],
    }
}

fn method(visitor: Method, origin: Origin) -> Method {
    match origin {
        Origin::Visitor => visitor,
        Origin::Api => Method::Api,
    }
}
