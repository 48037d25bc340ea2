//! What every page view tells Google and Tag Manager, and what a returning visitor's page view
//! does: pure functions of the config, the choices and the browser's Global Privacy Control
//! signal.
//!
//! The full build's [`super::consent::Session`] and the plan ([`super::plan`], which the
//! bootstrap carries out on the next page view) both come from these, so a returning visitor
//! gets exactly the same Consent Mode commands, `dataLayer` event, Google tags and marked
//! elements whichever runs. [`returning`] is the whole of a returning visit's decision: the
//! stored choice is applied as it is, or the page view goes to the full build (anything
//! unusual: no valid choice, purposes the visitor never decided on, a new revision, a grant
//! Global Privacy Control now refuses). [`undecided_visit`] is the same for a visitor who
//! never decided, under an opt-out region rule.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::borrow::ToOwned;
use alloc::vec;
use alloc::vec::Vec;

use super::config::Config;
use super::effects::{Effect, Event, Gtag, MicrosoftCommand as Ms};
use super::google::{ConsentState, ConsentType};
use super::microsoft::Signal;
use super::record::{Choices, ConsentRecord, Stored};
use super::regions::{Applied, Model};
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

/// The rule of `regions` a page view goes by, for the region the site gave (raw); `None`
/// when the config has no `regions` (opt-in everywhere).
#[must_use]
pub fn applied(config: &Config, region: Option<&str>) -> Option<Applied> {
    config.regions.as_ref().map(|r| r.applied(region))
}

/// The choices in force while the visitor has not decided: under an opt-out rule every
/// optional purpose, less what Global Privacy Control refuses; `None` (nothing optional)
/// under opt-in or without `regions`.
#[must_use]
pub fn undecided(config: &Config, gpc: bool, applied: Option<&Applied>) -> Option<Choices> {
    applied
        .filter(|a| a.model == Model::OptOut)
        .map(|_| with_gpc(config, gpc, Choices::uniform(config, true)))
}

/// The Consent Mode default (and the advanced mode's settings), first on every page view:
/// the state of `undecided` ([`undecided`]; all denied but the necessary types without it).
#[must_use]
pub fn google_defaults(config: &Config, gpc: bool, undecided: Option<&Choices>) -> Vec<Effect> {
    let google = &config.google;
    if !google.consent_mode {
        return Vec::new();
    }
    let default = consent_state(config, gpc, undecided);
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

/// Microsoft's defaults, first on every page view with the Google ones: UET's consent mode
/// default (`ad_storage` denied but under an opt-out rule, [`undecided`]), before its tag can run.
#[must_use]
pub fn microsoft_defaults(config: &Config, gpc: bool, undecided: Option<&Choices>) -> Vec<Effect> {
    let signal = Signal::from(&consent_state(config, gpc, undecided));
    config
        .microsoft
        .uet_id
        .iter()
        .map(|_| Effect::Microsoft(Ms::UetDefault(signal)))
        .collect()
}

/// What Microsoft is told when the choices in force change (`None`: none is): UET's consent
/// mode update and Clarity's `consentv2`, each when the config has that tag.
#[must_use]
pub fn microsoft_signals(config: &Config, gpc: bool, choices: Option<&Choices>) -> Vec<Effect> {
    let none = Choices::uniform(config, false);
    let signal = Signal::from(&consent_state(config, gpc, Some(choices.unwrap_or(&none))));
    let mut effects = Vec::new();
    if config.microsoft.uet_id.is_some() {
        effects.push(Effect::Microsoft(Ms::UetUpdate(signal)));
    }
    if config.microsoft.clarity_id.is_some() {
        effects.push(Effect::Microsoft(Ms::Clarity(signal)));
    }
    effects
}

/// Microsoft's tags `choices` allow, with the categories whose consent loads each (UET once
/// `ad_storage` is granted, Clarity once `analytics_storage` is; never in advance).
#[must_use]
pub fn microsoft_tags(config: &Config, gpc: bool, choices: &Choices) -> Vec<(Effect, Vec<String>)> {
    let state = consent_state(config, gpc, Some(choices));
    let because = |t: ConsentType| -> Vec<String> {
        config
            .categories
            .iter()
            .filter(|c| {
                !c.required && c.consent_types.contains(&t) && choices.allows(config, &c.id)
            })
            .map(|c| c.id.clone())
            .collect()
    };
    let mut tags = Vec::new();
    if let Some(id) = &config.microsoft.uet_id
        && state.is_granted(ConsentType::AdStorage)
    {
        tags.push((
            Effect::Microsoft(Ms::UetTag(id.clone())),
            because(ConsentType::AdStorage),
        ));
    }
    if let Some(id) = &config.microsoft.clarity_id
        && state.is_granted(ConsentType::AnalyticsStorage)
    {
        tags.push((
            Effect::Microsoft(Ms::ClarityTag(id.clone())),
            because(ConsentType::AnalyticsStorage),
        ));
    }
    tags
}

/// What Google, Tag Manager and Microsoft are told when the choices in force change (`None`:
/// none is, after a withdrawal): the Consent Mode update, then the `consent_gate_update`
/// dataLayer event GTM triggers fire on, with every category and service granted or not (both
/// only when the site uses Consent Mode, the default), then Microsoft's
/// ([`microsoft_signals`]).
#[must_use]
pub fn signals(config: &Config, gpc: bool, choices: Option<&Choices>) -> Vec<Effect> {
    let microsoft = microsoft_signals(config, gpc, choices);
    if !config.google.consent_mode {
        return microsoft;
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
    let mut effects = vec![
        Effect::Gtag(Gtag::ConsentUpdate(consent_state(
            config,
            gpc,
            Some(choices),
        ))),
        Effect::DataLayerEvent(granted),
    ];
    effects.extend(microsoft);
    effects
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
    /// What the page view does, in order: the Consent Mode and Microsoft defaults, the
    /// updates and the `dataLayer` event, the Google and Microsoft tags if allowed, then the
    /// marked elements.
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
    // A choice is in force: the defaults are those before any (a region rule's opt-out
    // grants apply only while no one decided).
    let effects = page_view(config, gpc, None, &choices);
    Ok(Returning { record, effects })
}

/// The page view of a visitor who never decided, under an opt-out rule: what is in force
/// without a choice ([`undecided`]) applied as a returning visit applies a record (its
/// defaults, the signals, the tags it allows, then the marked elements); the full build's
/// [`super::consent::Session::start`] does the same with no record in storage. `None` under
/// opt-in and without `regions`: the banner asks first.
#[must_use]
pub fn undecided_visit(
    config: &Config,
    gpc: bool,
    applied: Option<&Applied>,
) -> Option<(Choices, Vec<Effect>)> {
    let choices = undecided(config, gpc, applied)?;
    let effects = page_view(config, gpc, Some(&choices), &choices);
    Some((choices, effects))
}

/// A page view decided without the full build: the defaults (with what is in force before
/// any decision, `undecided`), the signals of `choices`, the tags they allow, then the
/// marked elements.
fn page_view(
    config: &Config,
    gpc: bool,
    undecided: Option<&Choices>,
    choices: &Choices,
) -> Vec<Effect> {
    let mut effects = google_defaults(config, gpc, undecided);
    effects.extend(microsoft_defaults(config, gpc, undecided));
    effects.extend(signals(config, gpc, Some(choices)));
    effects.extend(google_tags(config, choices));
    effects.extend(
        microsoft_tags(config, gpc, choices)
            .into_iter()
            .map(|(e, _)| e),
    );
    effects.push(Effect::Activate);
    effects
}

/// The full build's start, taking over a page view whose stored choice the bootstrap already
/// applied from the plan: `effects` without what was done (the Consent Mode and Microsoft
/// commands, the `dataLayer` event, the Google and Microsoft tags, the ready event, the receipts check). The marked elements are
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
                    | Effect::Microsoft(_)
                    | Effect::DataLayerEvent(_)
                    | Effect::GtmStart
                    | Effect::InjectScript(_)
                    | Effect::Notify(Event::Ready)
                    | Effect::ResendReceipts
            )
        })
        .collect()
}
