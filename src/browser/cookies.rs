//! Reads cookie names and writes deletions. Which cookies, and where, the core decides.

use wasm_bindgen::JsCast;

use crate::core::cookies::{CookieName, deletion_plan};

/// Deletes every readable cookie one of `rules` covers, on this host and its parents.
pub fn delete(rules: &[CookieName]) {
    let Some(document) = super::document().and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    else {
        return;
    };
    let Ok(jar) = document.cookie() else {
        return;
    };
    let names: Vec<String> = jar
        .split(';')
        .filter_map(|pair| pair.split('=').next())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    let host = web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default();
    for deletion in deletion_plan(&names, rules, &host) {
        let _ = document.set_cookie(&deletion.cookie_string());
    }
}
