//! What every page view tells Google and Tag Manager, and what a returning visitor's page view
//! does: pure functions of the config, the choices and the browser's Global Privacy Control
//! signal.
//!
//! The full build's [`super::consent::Session`] and the plan ([`super::plan`], which the
//! bootstrap carries out on the next page view) both come from these, so a returning visitor
//! gets exactly the same Consent Mode commands, `dataLayer` event, Google tags and marked
//! elements whichever runs. [`returning`] is the whole of a returning visit's decision: the
//! stored choice is applied as it is, or the page view goes to the full build (anything unusual: no valid choice, purposes the
//! visitor never decided on, a new revision, a grant Global Privacy Control now refuses).

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::borrow::ToOwned;
use alloc::vec;
use alloc::vec::Vec;

use super::config::Config;
use super::effects::{Effect, Event, Gtag};
use super::google::{ConsentState, ConsentType};
use super::record::{Choices, ConsentRecord, Stored};
use super::time::Timestamp;

/// The Consent Mode state for `choices` (`None`: the default, before any decision): the types
/// of every category granted (strictly necessary ones always), ad types never with GPC.
#[must_use]
pub fn consent_state(config: &Config, gpc: bool, choices: Option<&Choices>) -> ConsentState {
    let mut state = ConsentState::denied();
    for c in &config.categories {
        let granted = c.required || choices.is_some_and(|ch| ch.allows(config, &c.id));
        if granted {
            for &t in &c.consent_types {
                state.set(t, true);
            }
        }
    }
    if gpc {
        for t in ConsentType::ALL.into_iter().filter(|t| t.is_ad()) {
            state.set(t, false);
        }
    }
    state
}

/// `choices` with every category Global Privacy Control denies switched off.
#[must_use]
pub fn with_gpc(config: &Config, gpc: bool, mut choices: Choices) -> Choices {
    if gpc {
        for c in config.categories.iter().filter(|c| c.gpc) {
            choices.categories.insert(c.id.clone(), false);
            for s in &c.services {
                choices.services.insert(s.id.clone(), false);
            }
        }
    }
    choices
}

/// The Consent Mode default (and the advanced mode's settings), first on every page view.
#[must_use]
pub fn google_defaults(config: &Config, gpc: bool) -> Vec<Effect> {
    let google = &config.google;
    if !google.consent_mode {
        return Vec::new();
    }
    let default = consent_state(config, gpc, None);
    let Some(advanced) = &google.advanced else {
        return vec![Effect::Gtag(Gtag::ConsentDefault(default))];
    };
    let mut effects = vec![Effect::Gtag(Gtag::ConsentDefaultAdvanced {
        state: default,
        wait_for_update: advanced.wait_for_update,
        region: None,
    })];
    for (region, granted) in &advanced.regions {
        let mut state = default;
        for &t in granted {
            if !(gpc && t.is_ad()) {
                state.set(t, true);
            }
        }
        effects.push(Effect::Gtag(Gtag::ConsentDefaultAdvanced {
            state,
            wait_for_update: advanced.wait_for_update,
            region: Some(region.clone()),
        }));
    }
    if advanced.ads_data_redaction {
        effects.push(Effect::Gtag(Gtag::Set("ads_data_redaction", true)));
    }
    if advanced.url_passthrough {
        effects.push(Effect::Gtag(Gtag::Set("url_passthrough", true)));
    }
    effects
}

/// What Google and Tag Manager are told when the choices in force change (`None`: none is,
/// after a withdrawal): the Consent Mode update, then the `consent_gate_update` dataLayer
/// event GTM triggers fire on, with every category and service granted or not. Both only
/// when the site uses Consent Mode (the default).
#[must_use]
pub fn signals(config: &Config, gpc: bool, choices: Option<&Choices>) -> Vec<Effect> {
    if !config.google.consent_mode {
        return Vec::new();
    }
    let none = Choices::uniform(config, false);
    let choices = choices.unwrap_or(&none);
    let granted = config
        .categories
        .iter()
        .flat_map(|c| {
            core::iter::once(c.id.as_str()).chain(c.services.iter().map(|s| s.id.as_str()))
        })
        .map(|id| (id.to_owned(), choices.allows(config, id)))
        .collect();
    vec![
        Effect::Gtag(Gtag::ConsentUpdate(consent_state(
            config,
            gpc,
            Some(choices),
        ))),
        Effect::DataLayerEvent(granted),
    ]
}

/// The Google tags `choices` allow (always in the advanced mode), in the order Google's own
/// snippets run them; nothing when they are not allowed.
#[must_use]
pub fn google_tags(config: &Config, choices: &Choices) -> Vec<Effect> {
    let google = &config.google;
    if !(google.advanced.is_some() || choices.allows(config, &google.category)) {
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
    effects
}

/// A returning visitor whose stored choice holds as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Returning {
    /// The record in force.
    pub record: ConsentRecord,
    /// What the page view does, in order: the Consent Mode default and update, the
    /// `dataLayer` event, the Google tags if allowed, then the marked elements.
    pub effects: Vec<Effect>,
}

/// Why a returning visitor's page view needs the full build. The plan only needs to know
/// that it does; the full build decides again and says why in the console if it matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unusual {
    /// No record, or not one this build can read, or not valid for this config now (expired,
    /// another revision, purposes never decided on).
    NoChoiceInForce,
    /// The browser sends Global Privacy Control and the record grants what it refuses: the
    /// withdrawal is a decision of its own, with a receipt.
    GpcWithdraws,
}

/// The page view of a returning visitor, decided on the config, the stored record, the time
/// and the browser's GPC signal: applied as it is, or [`Unusual`].
///
/// # Errors
/// When the page view is not the plain case (see [`Unusual`]).
pub fn returning(
    config: &Config,
    stored: &Stored,
    now: Timestamp,
    gpc: bool,
) -> Result<Returning, Unusual> {
    let record = stored
        .as_ref()
        .ok()
        .and_then(ConsentRecord::read)
        .filter(|r| r.check(config, now).is_ok())
        .ok_or(Unusual::NoChoiceInForce)?;
    let choices = record.choices();
    if with_gpc(config, gpc, choices.clone()) != choices {
        return Err(Unusual::GpcWithdraws);
    }
    let mut effects = google_defaults(config, gpc);
    effects.extend(signals(config, gpc, Some(&choices)));
    effects.extend(google_tags(config, &choices));
    effects.push(Effect::Activate);
    Ok(Returning { record, effects })
}

/// The full build's start, taking over a page view whose stored choice the bootstrap already
/// applied from the plan: `effects` without what was done (the Consent Mode commands, the `dataLayer`
/// event, the Google tags, the ready event, the receipts check). The marked elements are
/// considered again, harmlessly: each carries its state, and the shell notes the ones that
/// already ran ([`super::consent::Session::note_ran`]), so withdrawing their purpose reloads.
#[must_use]
pub fn after_gate(effects: Vec<Effect>) -> Vec<Effect> {
    effects
        .into_iter()
        .filter(|e| {
            !matches!(
                e,
                Effect::Gtag(_)
                    | Effect::DataLayerEvent(_)
                    | Effect::GtmStart
                    | Effect::InjectScript(_)
                    | Effect::Notify(Event::Ready)
                    | Effect::ResendReceipts
            )
        })
        .collect()
}
