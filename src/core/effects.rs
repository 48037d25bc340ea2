//! What the core asks the shell to do, in order.

use super::cookies::{CookieRule, NamePattern};
use super::google::{ConsentState, TagId};
pub use super::microsoft::Command as MicrosoftCommand;
use super::outbox::Pending;
use super::view::View;
#[allow(unused_imports)]
use crate::prelude::*;

/// One effect. The shell performs a list of them in the order given.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Write a console message (prefixed "ConsentGate: ").
    Log(Level, String),
    /// Call the real `gtag` function (so `dataLayer` receives an `Arguments` object).
    Gtag(Gtag),
    /// Push `{'gtm.start': <now>, event: 'gtm.js'}` to `dataLayer`, as the GTM snippet does.
    GtmStart,
    /// Push `{event: 'consent_gate_update', consent_gate: {<category or service id>: bool}}`
    /// to `dataLayer`, for Tag Manager triggers.
    DataLayerEvent(Vec<(String, bool)>),
    /// A Microsoft command (UET's queue, Clarity's), through the bootstrap's `microsoft`.
    Microsoft(MicrosoftCommand),
    /// Insert an async script with this URL (and the page's nonce).
    InjectScript(String),
    /// Save this record under [`super::record::STORAGE_KEY`].
    Store(String),
    /// Remove the stored record; under region rules, keep in its place the withdrawal
    /// ([`super::record::withdrawal`]), so that the next page view asks too.
    ForgetStored(Option<String>),
    /// Run every marked element the current choices allow, in document order.
    Activate,
    /// Delete every cookie one of these rules covers.
    DeleteCookies(Vec<CookieRule>),
    /// Remove every `localStorage` key one of these covers.
    DeleteStorage(Vec<NamePattern>),
    /// Put a receipt in the outbox ([`super::outbox`]) and send it to the proof endpoint;
    /// dispatch `ReceiptSent` with the endpoint's answer.
    SendReceipt(Pending),
    /// Send again what is left in the outbox from earlier page views (each `ReceiptSent`).
    ResendReceipts,
    /// The endpoint has the receipt with this id: take it out of the outbox.
    ReceiptDelivered(String),
    /// Re-render the interface.
    Render(View),
    /// Tell the site (DOM event `consent-gate:<event>` and `ConsentGate.on` listeners).
    Notify(Event),
    /// Reload the page so scripts that already ran stop.
    Reload,
    /// Fetch and parse the privacy policy, then dispatch `PolicyLoaded`.
    LoadPolicy(String),
    /// Load the policy build (it draws the cookie declaration), then dispatch
    /// `PolicyModuleLoaded`.
    LoadPolicyModule,
    /// Fetch the language file `i18n/<tag>.json`, then dispatch `LanguageLoaded`.
    LoadLanguage(String),
}

/// Console levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// `console.info`
    Info,
    /// `console.warn`
    Warn,
    /// `console.error`
    Error,
}

/// A gtag command.
#[derive(Clone, Debug, PartialEq)]
pub enum Gtag {
    /// `gtag('consent', 'default', {...})`
    ConsentDefault(ConsentState),
    /// Advanced mode: `gtag('consent', 'default', {..., wait_for_update, region})`.
    ConsentDefaultAdvanced {
        /// The seven types.
        state: ConsentState,
        /// Milliseconds Google's tags wait for an update.
        wait_for_update: u32,
        /// An ISO 3166-2 region this default is limited to.
        region: Option<String>,
    },
    /// `gtag('set', name, value)` (`ads_data_redaction`, `url_passthrough`).
    Set(&'static str, bool),
    /// `gtag('consent', 'update', {...})`
    ConsentUpdate(ConsentState),
    /// `gtag('js', new Date())`
    Js,
    /// `gtag('config', id)`
    Config(TagId),
}

/// Site-facing events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// ConsentGate started; the detail is the current consent or `null`.
    Ready,
    /// The visitor (or the API) made or changed a decision.
    Change,
}

impl Event {
    /// The name used in `ConsentGate.on(name, fn)`; the DOM event is `consent-gate:<name>`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Event::Ready => "ready",
            Event::Change => "change",
        }
    }
}
