//! Reads cookie names and writes deletions. Which cookies, and where, the core decides.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::HtmlDocument;

use crate::core::cookies::{CookieRule, deletion_plan, registrable_domain};

thread_local! {
    static REGISTRABLE: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

const PROBE: &str = "__consent_gate_psl";

/// Deletes every readable cookie a rule covers, on this host and its parents up to the
/// registrable domain.
pub fn delete(rules: &[CookieRule]) {
    let Some(document) = super::document().and_then(|d| d.dyn_into::<HtmlDocument>().ok()) else {
        return;
    };
    let names = names(&document);
    if names.is_empty() {
        return;
    }
    let host = web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default();
    let registrable = REGISTRABLE.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| probe_registrable(&document, &host))
            .clone()
    });
    for deletion in deletion_plan(&names, rules, &host, registrable.as_deref()) {
        let _ = document.set_cookie(&deletion.cookie_string());
    }
}

fn names(document: &HtmlDocument) -> Vec<String> {
    document
        .cookie()
        .unwrap_or_default()
        .split(';')
        .filter_map(|pair| pair.split('=').next())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

/// Finds the registrable domain the way Google Analytics' `cookie_domain: 'auto'` does: the
/// shortest parent domain on which the browser accepts a cookie (it refuses public suffixes,
/// using its own Public Suffix List). The probe cookie is removed at once.
fn probe_registrable(document: &HtmlDocument, host: &str) -> Option<String> {
    registrable_domain(host, |domain| accepts(document, domain))
}

/// Whether the browser takes a cookie on `domain` (it refuses public suffixes, by its own
/// Public Suffix List, and domains that are not this host or a parent of it). The probe
/// cookie is removed at once.
pub fn accepts(document: &HtmlDocument, domain: &str) -> bool {
    let _ = document.set_cookie(&format!("{PROBE}=1; Path=/; Domain={domain}; SameSite=Lax"));
    let accepted = names(document).iter().any(|n| n == PROBE);
    if accepted {
        let _ = document.set_cookie(&format!(
            "{PROBE}=; Max-Age=0; Path=/; Domain={domain}; SameSite=Lax"
        ));
    }
    accepted
}
