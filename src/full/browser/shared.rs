//! The shared cookie of `consentDomain` ([`crate::core::shared`]): checks at run time that the
//! domain can carry it on this page, reads it, writes and removes it. Which record counts,
//! and what the cookie says, the core decides.

use wasm_bindgen::JsCast;
use web_sys::HtmlDocument;

use crate::core::config::Config;
use crate::core::effects::Level;
use crate::core::json::Json;
use crate::core::plan::fingerprint;
use crate::core::record::ConsentRecord;
use crate::core::shared::{self, Source};

use super::log::log;
use super::storage::Store;

/// The cookie on `consentDomain`, for a page that may share the choice.
pub struct Shared {
    document: HtmlDocument,
    domain: String,
    fingerprint: String,
    secure: bool,
    expiry_days: u32,
}

impl Shared {
    /// The shared cookie for this page, when the config names `consentDomain` and it can carry
    /// a cookie here: this host or a parent of it, and not a public suffix (the browser refuses
    /// a cookie there). Otherwise an error naming the field, and the choice stays on this host.
    pub fn open(config: &Config, config_text: &str) -> Option<Shared> {
        let domain = config.consent_domain.clone()?;
        let document = super::document()?.dyn_into::<HtmlDocument>().ok()?;
        let location = web_sys::window()?.location();
        let host = location.hostname().unwrap_or_default();
        let refused = |why: &str| {
            log(
                Level::Error,
                &format!(
                    "config: `consentDomain`: {domain:?} {why}; the choice is kept on this host only"
                ),
            );
        };
        if !shared::covers(&domain, &host) {
            refused(&format!(
                "is not this page's host ({host}) or a parent of it"
            ));
            return None;
        }
        if !super::cookies::accepts(&document, &domain) {
            refused("is a public suffix (the browser takes no cookie on it)");
            return None;
        }
        Some(Shared {
            document,
            domain,
            fingerprint: fingerprint(config_text),
            secure: location.protocol().is_ok_and(|p| p == "https:"),
            expiry_days: config.expiry_days,
        })
    }

    /// The record the cookie carries for this config text, if any.
    fn load(&self) -> Option<String> {
        shared::read_cookie(
            &self.document.cookie().unwrap_or_default(),
            &self.fingerprint,
        )
    }

    /// Shares `record_text` (a record the core wrote); a record too big for a cookie removes
    /// the shared one instead, with a warning.
    pub fn save(&self, record_text: &str) {
        let Some(record) = super::json::parse(record_text)
            .ok()
            .as_ref()
            .and_then(ConsentRecord::read)
        else {
            return self.remove();
        };
        match shared::cookie_string(
            &record,
            record_text,
            &self.fingerprint,
            &self.domain,
            self.secure,
        ) {
            Ok(cookie) => {
                let _ = self.document.set_cookie(&cookie);
            }
            Err(message) => {
                log(Level::Warn, &message);
                self.remove();
            }
        }
    }

    /// The choice was reset here: the cookie becomes a reset mark, so other hosts forget their
    /// copies of the record too ([`shared::reset_string`]).
    pub fn reset(&self) {
        let cookie = shared::reset_string(
            &self.fingerprint,
            &self.domain,
            crate::page::now(),
            self.expiry_days,
            self.secure,
        );
        let _ = self.document.set_cookie(&cookie);
    }

    /// Removes the shared cookie.
    pub fn remove(&self) {
        let _ = self
            .document
            .set_cookie(&shared::removal_string(&self.domain));
    }
}

/// The stored record this page view starts from: `localStorage`'s, or the shared cookie's when
/// that is the newer decision that holds (copied to `localStorage`, where the next page
/// view's plan is made from). A record in `localStorage` that holds and is not shared yet is
/// written to the cookie. One decided before a reset mark in the cookie is removed.
pub fn stored(store: &Store, shared: Option<&Shared>, config: &Config) -> Option<String> {
    let local = store.load();
    let Some(shared) = shared else {
        return local;
    };
    let cookie = shared.load();
    let (local_doc, cookie_doc) = (parse(local.as_deref()), parse(cookie.as_deref()));
    let source = shared::pick(
        config,
        crate::page::now(),
        local.as_deref().zip(local_doc.as_ref()),
        cookie.as_deref().zip(cookie_doc.as_ref()),
        cookie.as_deref().and_then(shared::reset_at),
    );
    match source {
        Source::Shared => {
            if let Some(text) = &cookie {
                store.save(text);
            }
            cookie
        }
        Source::Forget => {
            store.remove();
            None
        }
        Source::Local { share } => {
            if let (true, Some(text)) = (share, &local) {
                shared.save(text);
            }
            local
        }
    }
}

/// Stored text as JSON, when it is JSON.
fn parse(text: Option<&str>) -> Option<Json> {
    text.and_then(|t| super::json::parse(t).ok())
}
