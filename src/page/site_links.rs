//! The site's own "privacy preferences" links (`data-consent-gate="preferences"`): while one
//! is on screen, the floating reopen control steps aside (the host gets
//! `data-site-link-visible`, which the stylesheet hides it by), so it never covers the site's
//! link (a footer link, typically) and the visitor still has one step to withdraw.

use alloc::collections::BTreeSet;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::cell::Global;
use super::mount::HOST_TAG;
use crate::prelude::*;

const SELECTOR: &str = "[data-consent-gate=preferences]";
const ATTRIBUTE: &str = "data-site-link-visible";

/// An `IntersectionObserver` with its callback; disconnects when dropped.
pub struct Watcher {
    observer: web_sys::IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The links on screen now, by their position in the document's list of links.
static VISIBLE: Global<BTreeSet<u32>> = Global::new(BTreeSet::new());
/// The observer of this page view's links (replaced when links are added).
static WATCHER: Global<Option<Watcher>> = Global::new(None);

/// Watches every site link on the page now; the shell calls it again when links are added.
pub fn watch() {
    let watcher = observe();
    drop(WATCHER.replace(watcher));
}

/// Applies what is known again (the reopen control just created its host).
pub fn refresh() {
    set_visible(VISIBLE.with(|v| !v.is_empty()));
}

/// Whether `el` is (or holds) one of the site's links.
pub fn is_link(el: &web_sys::Element) -> bool {
    el.matches(SELECTOR).unwrap_or(false) || el.query_selector(SELECTOR).ok().flatten().is_some()
}

fn observe() -> Option<Watcher> {
    let document = super::document()?;
    let links = document.query_selector_all(SELECTOR).ok()?;
    if links.length() == 0 {
        set_visible(false);
        return None;
    }
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(|entries: js_sys::Array| {
        let visible = VISIBLE.with(|v| {
            for entry in entries.iter() {
                let Ok(entry) = entry.dyn_into::<web_sys::IntersectionObserverEntry>() else {
                    continue;
                };
                let id = entry
                    .target()
                    .get_attribute("data-consent-gate-link")
                    .and_then(|i| i.parse().ok())
                    .unwrap_or(0);
                if entry.is_intersecting() {
                    v.insert(id);
                } else {
                    v.remove(&id);
                }
            }
            !v.is_empty()
        });
        set_visible(visible);
    });
    let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    VISIBLE.with(BTreeSet::clear);
    for i in 0..links.length() {
        if let Some(link) = links
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            let _ = link.set_attribute("data-consent-gate-link", &decimal(i));
            observer.observe(&link);
        }
    }
    Some(Watcher {
        observer,
        _callback: callback,
    })
}

fn set_visible(visible: bool) {
    let Some(host) = super::document().and_then(|d| d.query_selector(HOST_TAG).ok().flatten())
    else {
        return;
    };
    let _ = if visible {
        host.set_attribute(ATTRIBUTE, "")
    } else {
        host.remove_attribute(ATTRIBUTE)
    };
}

/// `n` in decimal, without the formatting machinery.
fn decimal(mut n: u32) -> String {
    let mut digits = Vec::new();
    loop {
        // ok: n % 10 is a digit.
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}
