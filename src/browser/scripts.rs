//! Finds marked scripts and iframes, revives the ones the core allows, in document order,
//! and watches for marked elements the page adds later (single-page apps).
//!
//! A marked script is inert (`type="text/plain"`); reviving it means inserting a fresh
//! `<script>` with the same attributes, text and nonce in its place (`data-src` becomes `src`,
//! `data-type` becomes `type`). Marking an external script with `data-src` rather than `src`
//! keeps its URL out of `script[src]` selectors before consent. External scripts run one
//! after another (the next waits for the previous one's `load` or `error`), so an inline
//! script that uses a library marked above it finds it loaded. Elements with `data-src`
//! (iframes, images) get their `src`.
//!
//! Each element carries its state in `data-consent-state`: `waiting`, `queued`, `activated`
//! or `invalid`.

use std::cell::RefCell;
use std::collections::VecDeque;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlScriptElement};

use crate::core::effects::Level;
use crate::core::gating::{Decision, Marker, MarkerAttrs};

use super::log::log;

const STATE: &str = "data-consent-state";

/// Marked elements not yet activated or refused.
const SELECTOR: &str = "script[type='text/plain'][data-consent]:not([data-consent-state=activated]):not([data-consent-state=invalid]):not([data-consent-state=queued]),\
script[type='text/plain'][data-category]:not([data-consent-state=activated]):not([data-consent-state=invalid]):not([data-consent-state=queued]),\
[data-consent][data-src]:not(script):not([data-consent-state=activated]):not([data-consent-state=invalid]):not([data-consent-state=queued]),\
[data-category][data-src]:not(script):not([data-consent-state=activated]):not([data-consent-state=invalid]):not([data-consent-state=queued])";

thread_local! {
    static QUEUE: RefCell<VecDeque<(Element, Marker)>> = const { RefCell::new(VecDeque::new()) };
    static RUNNING: RefCell<bool> = const { RefCell::new(false) };
}

/// Queues every marked element the current choices allow, in document order, and starts
/// running them.
pub fn activate() {
    if super::is_retired() {
        return;
    }
    let Some(document) = super::document() else {
        return;
    };
    let Ok(list) = document.query_selector_all(SELECTOR) else {
        return;
    };
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            consider(el);
        }
    }
    run_queue();
}

fn consider(el: Element) {
    let consent = el.get_attribute("data-consent");
    let category = el.get_attribute("data-category");
    let service = el.get_attribute("data-service");
    let attrs = MarkerAttrs {
        consent: consent.as_deref(),
        category: category.as_deref(),
        service: service.as_deref(),
    };
    let decision = super::with_shell(|shell| {
        Marker::parse(attrs, shell.session.config()).map(|m| (shell.session.decide_marker(&m), m))
    });
    match decision {
        Some(Ok((Decision::Run, marker))) => {
            let _ = el.set_attribute(STATE, "queued");
            QUEUE.with(|q| q.borrow_mut().push_back((el, marker)));
        }
        Some(Ok((Decision::Wait, _))) => {
            let _ = el.set_attribute(STATE, "waiting");
        }
        Some(Err(e)) => {
            let _ = el.set_attribute(STATE, "invalid");
            log(
                Level::Error,
                &format!("{}: {e}; it will not run", describe(&el)),
            );
        }
        None => {}
    }
}

fn run_queue() {
    if RUNNING.with(|r| r.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        while let Some((el, marker)) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
            run(&el).await;
            super::with_shell(|shell| shell.session.note_ran(&marker));
        }
        RUNNING.with(|r| *r.borrow_mut() = false);
    });
}

async fn run(el: &Element) {
    if let Some(old) = el.dyn_ref::<HtmlScriptElement>() {
        let Some(fresh) = revive(old) else {
            return;
        };
        let external = !fresh.src().is_empty();
        let loaded = external.then(|| loaded(&fresh));
        if let Err(e) = old.replace_with_with_node_1(&fresh) {
            log(
                Level::Error,
                &format!("could not run {}: {e:?}", describe(el)),
            );
            return;
        }
        if let Some(loaded) = loaded {
            let _ = JsFuture::from(loaded).await;
            fresh.set_onload(None);
            fresh.set_onerror(None);
        }
    } else if let Some(src) = el.get_attribute("data-src") {
        let _ = el.set_attribute("src", &src);
        let _ = el.set_attribute(STATE, "activated");
    }
}

/// A fresh, runnable copy of an inert script.
fn revive(old: &HtmlScriptElement) -> Option<HtmlScriptElement> {
    let document = super::document()?;
    let fresh = document
        .create_element("script")
        .ok()?
        .dyn_into::<HtmlScriptElement>()
        .ok()?;
    let names = old.get_attribute_names();
    for i in 0..names.length() {
        let Some(name) = names.get(i).as_string() else {
            continue;
        };
        if name == "type" || name == STATE || name == "nonce" || name == "src" {
            continue;
        }
        if let Some(value) = old.get_attribute(&name) {
            let _ = fresh.set_attribute(&name, &value);
        }
    }
    // Under Trusted Types a script's `src` and text go through ConsentGate's policy, which
    // lets through what the site marked.
    if let Some(src) = old
        .get_attribute("data-src")
        .or_else(|| old.get_attribute("src"))
    {
        let url = super::with_shell(|s| s.boot.script_url(&src))?;
        trusted_set(&fresh, "src", url, &src)?;
    }
    if let Some(kind) = old.get_attribute("data-type") {
        let _ = fresh.set_attribute("type", &kind);
    }
    let nonce = old.nonce();
    let nonce = if nonce.is_empty() {
        super::with_shell(|s| s.nonce.clone()).unwrap_or_default()
    } else {
        nonce
    };
    if !nonce.is_empty() {
        fresh.set_nonce(&nonce);
    }
    let _ = fresh.set_attribute(STATE, "activated");
    // Scripts inserted by script are async by default; keep document order instead.
    fresh.set_async(false);
    if fresh.src().is_empty() {
        let text = old.text().unwrap_or_default();
        let trusted = super::with_shell(|s| s.boot.script_text(&text))?;
        trusted_set(&fresh, "text", trusted, "an inline script")?;
    }
    Some(fresh)
}

/// Sets a Trusted Types sink (`src`, `text`) with the policy's answer; logs a refusal.
fn trusted_set(
    script: &HtmlScriptElement,
    property: &str,
    value: Result<JsValue, JsValue>,
    what: &str,
) -> Option<()> {
    let result = value.and_then(|v| js_sys::Reflect::set(script, &property.into(), &v).map(|_| ()));
    match result {
        Ok(()) => Some(()),
        Err(e) => {
            log(
                Level::Error,
                &format!("could not run {what}: {}", super::describe(&e)),
            );
            None
        }
    }
}

/// A promise that settles when the script loads or fails.
fn loaded(script: &HtmlScriptElement) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, _reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&resolve));
    })
}

/// Inserts an async script (a Google tag) with the page's nonce.
pub fn inject(url: &str) {
    let Some(document) = super::document() else {
        return;
    };
    let Some(script) = document
        .create_element("script")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlScriptElement>().ok())
    else {
        return;
    };
    script.set_async(true);
    let Some((trusted, nonce)) = super::with_shell(|s| (s.boot.script_url(url), s.nonce.clone()))
    else {
        return;
    };
    if trusted_set(&script, "src", trusted, url).is_none() {
        return;
    }
    if !nonce.is_empty() {
        script.set_nonce(&nonce);
    }
    let parent: Option<Element> = document
        .head()
        .map(Into::into)
        .or_else(|| document.document_element());
    if let Some(parent) = parent
        && let Err(e) = parent.append_child(&script)
    {
        log(Level::Error, &format!("could not load {url}: {e:?}"));
    }
}

/// Watches the document for marked elements added later and considers them as they come.
pub fn watch() {
    let Some(root) = super::document().and_then(|d| d.document_element()) else {
        return;
    };
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    let observer = super::lifetime::Observer::new(&root, &options, |records: js_sys::Array| {
        let added: Vec<Element> = records
            .iter()
            .filter_map(|r| r.dyn_into::<web_sys::MutationRecord>().ok())
            .flat_map(|r| {
                let nodes = r.added_nodes();
                (0..nodes.length())
                    .filter_map(move |i| nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
            })
            .collect();
        if added.iter().any(|el| {
            el.matches(SELECTOR).unwrap_or(false)
                || el.query_selector(SELECTOR).ok().flatten().is_some()
        }) {
            activate();
        }
        if added.iter().any(super::site_links::is_link) {
            super::site_links::watch();
        }
    });
    if let Some(observer) = observer {
        super::lifetime::keep_observer(observer);
    }
}

/// `<script data-consent="x" src="...">`, for error messages.
fn describe(el: &Element) -> String {
    let mut s = format!("<{}", el.tag_name().to_ascii_lowercase());
    for attr in [
        "data-consent",
        "data-category",
        "data-service",
        "src",
        "data-src",
    ] {
        if let Some(v) = el.get_attribute(attr) {
            s.push_str(&format!(" {attr}=\"{v}\""));
        }
    }
    s.push('>');
    s
}
