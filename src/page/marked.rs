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
//! Whether an element may run is the core's decision ([`crate::core::gating`]); the full
//! build installs its [`Judge`] (the bootstrap reads the same decision from the plan's tables
//! on a returning visit, and marks elements the same way). Each element
//! carries its state in `data-consent-state`: `waiting`, `queued`, `activated` or `invalid`.

use alloc::collections::VecDeque;
use alloc::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlScriptElement};

use crate::core::effects::Level;
use crate::core::gating::{Marker, MarkerAttrs};
use crate::prelude::*;

use super::boot::Boot;
use super::cell::Global;
use super::log::log;

const STATE: &str = "data-consent-state";

/// Marked elements not yet activated or refused.
/// The site's own preferences links (`data-consent-gate="preferences"`).
const LINKS: &str = "[data-consent-gate=preferences]";

const SELECTOR: &str = "script[type='text/plain'][data-consent]:not([data-consent-state=activated]):not([data-consent-state=invalid]):not([data-consent-state=queued]):not([data-consent-state=once]),\
script[type='text/plain'][data-category]:not([data-consent-state=activated]):not([data-consent-state=invalid]):not([data-consent-state=queued]):not([data-consent-state=once]),\
[data-consent][data-src]:not(script):not([data-consent-state=activated]):not([data-consent-state=invalid]):not([data-consent-state=queued]):not([data-consent-state=once]),\
[data-category][data-src]:not(script):not([data-consent-state=activated]):not([data-consent-state=invalid]):not([data-consent-state=queued]):not([data-consent-state=once])";

/// What the core says of one marked element.
pub enum Verdict {
    /// It may run now.
    Run(Marker),
    /// Not with the choices in force; an iframe shows this placeholder meanwhile (the look
    /// `core::placeholder::look` writes).
    Wait(Option<String>),
    /// The markup names what the config does not have; the message says what.
    Invalid(Option<String>),
}

/// Hears that an element needing this marker ran; whether it is an iframe.
pub type Ran = dyn Fn(&Marker, bool);

/// The iframe of iframemanager's markup: (`data-service`, `data-id`, `data-params`,
/// `data-title`) -> its address and title, or why there is none (`core::placeholder::embed`).
pub type Embedder =
    dyn Fn(&str, &str, Option<&str>, Option<&str>) -> Result<(String, String), String>;

/// iframemanager's markup not yet given its iframe.
const EMBEDS: &str = "div[data-service][data-id]:not([data-cg-embed])";

/// The running build's judge of marked elements, and where it hears that one ran.
pub struct Judge {
    /// Decides one element, by its markup.
    pub decide: Box<dyn Fn(MarkerAttrs<'_>) -> Verdict>,
    /// An element needing this marker ran (a later withdrawal reloads the page); whether it
    /// is an iframe.
    pub ran: Box<Ran>,
    /// Builds the iframe of iframemanager's markup.
    pub embed: Box<Embedder>,
    /// For Trusted Types: ConsentGate's policy, through the bootstrap.
    pub boot: Boot,
    /// The nonce of ConsentGate's own script tag, given to every script it inserts.
    pub nonce: String,
}

static JUDGE: Global<Option<Rc<Judge>>> = Global::new(None);
static QUEUE: Global<VecDeque<(Element, Marker)>> = Global::new(VecDeque::new());
static RUNNING: Global<bool> = Global::new(false);
static WATCHER: Global<Option<Watcher>> = Global::new(None);

/// Makes `judge` decide from now on (`None`: nothing runs).
pub fn install(judge: Option<Judge>) {
    drop(JUDGE.replace(judge.map(Rc::new)));
}

fn judge() -> Option<Rc<Judge>> {
    JUDGE.with(|j| j.clone())
}

/// Queues every marked element the current choices allow, in document order, and starts
/// running them.
pub fn activate() {
    let Some(judge) = judge() else {
        return;
    };
    let Some(document) = super::document() else {
        return;
    };
    embed_all(&judge, &document);
    let Ok(list) = document.query_selector_all(SELECTOR) else {
        return;
    };
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            consider(&judge, el);
        }
    }
    revert(&judge, &document);
    run_queue();
}

/// Iframes that loaded for a purpose now withdrawn and that can have a placeholder: unloaded,
/// their placeholder back (no reload needed).
fn revert(judge: &Judge, document: &web_sys::Document) {
    let Ok(list) = document.query_selector_all("iframe[data-consent-state=activated][data-src]")
    else {
        return;
    };
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if let Verdict::Wait(Some(look)) = (judge.decide)(Markup::of(&el).attrs()) {
            let _ = el.set_attribute("src", "about:blank");
            let _ = el.set_attribute(STATE, "waiting");
            place(judge, &el, &look);
        }
    }
}

/// iframemanager's markup, `<div data-service="youtube" data-id="…">`: a marked iframe of
/// that service put inside each div (which the gating then decides like any other), filling
/// its width, at `data-ratio` (or `data-autoscale`'s 16:9), else its height.
fn embed_all(judge: &Judge, document: &web_sys::Document) {
    let Ok(list) = document.query_selector_all(EMBEDS) else {
        return;
    };
    for i in 0..list.length() {
        let Some(div) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let _ = div.set_attribute("data-cg-embed", "");
        let attr = |name: &str| div.get_attribute(name);
        let service = attr("data-service").unwrap_or_default();
        let made = (judge.embed)(
            &service,
            &attr("data-id").unwrap_or_default(),
            attr("data-params").as_deref(),
            attr("data-title").as_deref(),
        );
        let (src, title) = match made {
            Ok(made) => made,
            Err(why) => {
                log(
                    Level::Error,
                    &["<div data-service=\"", &service, "\" data-id>: ", &why].concat(),
                );
                continue;
            }
        };
        let Ok(frame) = document.create_element("iframe") else {
            return;
        };
        let ratio = attr("data-ratio")
            .or_else(|| div.has_attribute("data-autoscale").then(|| "16:9".into()));
        let css = match ratio {
            Some(r) => ["aspect-ratio:", &r.replace(':', "/")].concat(),
            None => "height:100%".into(),
        };
        let mut attrs = vec![
            ("data-consent", service.as_str()),
            ("data-src", &src),
            ("title", &title),
            ("allowfullscreen", ""),
        ];
        let thumbnail = attr("data-thumbnail");
        if let Some(t) = &thumbnail {
            attrs.push(("data-thumbnail", t));
        }
        for (name, value) in attrs {
            let _ = frame.set_attribute(name, value);
        }
        // Through the CSSOM: a strict CSP refuses style attributes, not this.
        if let Ok(style) = js_sys::Reflect::get(&frame, &"style".into()) {
            let css = ["display:block;width:100%;border:0;", &css].concat();
            let _ = js_sys::Reflect::set(&style, &"cssText".into(), &css.into());
        }
        let _ = div.append_child(&frame);
    }
}

fn is_iframe(el: &Element) -> bool {
    el.tag_name().eq_ignore_ascii_case("iframe")
}

/// Draws an iframe's placeholder (the bootstrap's drawing).
fn place(judge: &Judge, el: &Element, look: &str) {
    if let Ok(look) = js_sys::JSON::parse(look) {
        judge.boot.place(el, &look);
    }
}

/// An element's marking attributes, read once.
struct Markup {
    consent: Option<String>,
    category: Option<String>,
    service: Option<String>,
}

impl Markup {
    fn of(el: &Element) -> Markup {
        Markup {
            consent: el.get_attribute("data-consent"),
            category: el.get_attribute("data-category"),
            service: el.get_attribute("data-service"),
        }
    }

    fn attrs(&self) -> MarkerAttrs<'_> {
        MarkerAttrs {
            consent: self.consent.as_deref(),
            category: self.category.as_deref(),
            service: self.service.as_deref(),
        }
    }
}

fn consider(judge: &Judge, el: Element) {
    match (judge.decide)(Markup::of(&el).attrs()) {
        Verdict::Run(marker) => {
            let _ = el.set_attribute(STATE, "queued");
            QUEUE.with(|q| q.push_back((el, marker)));
        }
        Verdict::Wait(look) => {
            let _ = el.set_attribute(STATE, "waiting");
            if let Some(look) = look.filter(|_| is_iframe(&el)) {
                place(judge, &el, &look);
            }
        }
        Verdict::Invalid(why) => {
            let _ = el.set_attribute(STATE, "invalid");
            let message = match why {
                Some(why) => [&describe(&el), ": ", &why, "; it will not run"].concat(),
                None => [
                    &describe(&el),
                    ": names no category or service of the config; it will not run",
                ]
                .concat(),
            };
            log(Level::Error, &message);
        }
    }
}

/// Runs the queue, one element after another; an external script's `load` (or `error`)
/// runs the next.
fn run_queue() {
    if RUNNING.replace(true) {
        return;
    }
    loop {
        let Some((el, marker)) = QUEUE.with(VecDeque::pop_front) else {
            RUNNING.replace(false);
            return;
        };
        let waiting = run(&el);
        if let Some(judge) = judge() {
            (judge.ran)(&marker, is_iframe(&el));
        }
        if waiting {
            // Resumed by the script's load or error.
            return;
        }
    }
}

/// Revives one element; `true` when it is an external script the queue must wait for.
fn run(el: &Element) -> bool {
    if let Some(old) = el.dyn_ref::<HtmlScriptElement>() {
        let Some(fresh) = revive(old) else {
            return false;
        };
        let external = !fresh.src().is_empty();
        if external {
            let next = Closure::once_into_js(|| {
                RUNNING.replace(false);
                run_queue();
            });
            fresh.set_onload(Some(next.unchecked_ref()));
            fresh.set_onerror(Some(next.unchecked_ref()));
        }
        if let Err(e) = old.replace_with_with_node_1(&fresh) {
            log(
                Level::Error,
                &["could not run ", &describe(el), ": ", &super::describe(&e)].concat(),
            );
            return false;
        }
        external
    } else {
        if let Some(src) = el.get_attribute("data-src") {
            if let Some(judge) = judge() {
                judge.boot.unplace(el);
            }
            let _ = el.set_attribute("src", &src);
            let _ = el.set_attribute(STATE, "activated");
        }
        false
    }
}

/// A fresh, runnable copy of an inert script.
fn revive(old: &HtmlScriptElement) -> Option<HtmlScriptElement> {
    let judge = judge()?;
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
        trusted_set(&fresh, "src", judge.boot.script_url(&src), &src)?;
    }
    if let Some(kind) = old.get_attribute("data-type") {
        let _ = fresh.set_attribute("type", &kind);
    }
    let nonce = old.nonce();
    let nonce = if nonce.is_empty() {
        judge.nonce.clone()
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
        trusted_set(
            &fresh,
            "text",
            judge.boot.script_text(&text),
            "an inline script",
        )?;
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
                &["could not run ", what, ": ", &super::describe(&e)].concat(),
            );
            None
        }
    }
}

/// Inserts an async script (a Google tag) with the page's nonce.
pub fn inject(url: &str) {
    let Some(judge) = judge() else {
        return;
    };
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
    if trusted_set(&script, "src", judge.boot.script_url(url), url).is_none() {
        return;
    }
    if !judge.nonce.is_empty() {
        script.set_nonce(&judge.nonce);
    }
    let parent: Option<Element> = document
        .head()
        .map(Into::into)
        .or_else(|| document.document_element());
    if let Some(parent) = parent
        && let Err(e) = parent.append_child(&script)
    {
        log(
            Level::Error,
            &["could not load ", url, ": ", &super::describe(&e)].concat(),
        );
    }
}

/// A `MutationObserver` with its callback; disconnects when dropped.
pub struct Watcher {
    observer: web_sys::MutationObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Watches the document for marked elements (and the site's own preferences links) added
/// later, and considers them as they come; `stop` ends it.
pub fn watch() {
    let Some(root) = super::document().and_then(|d| d.document_element()) else {
        return;
    };
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(|records: js_sys::Array| {
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
            [SELECTOR, EMBEDS].iter().any(|s| {
                el.matches(s).unwrap_or(false) || el.query_selector(s).ok().flatten().is_some()
            })
        }) {
            activate();
        }
        // The site's own preferences links added later: the reopen control steps aside for
        // them too (the bootstrap watches them).
        if added.iter().any(|el| {
            el.matches(LINKS).unwrap_or(false) || el.query_selector(LINKS).ok().flatten().is_some()
        }) && let Some(judge) = judge()
        {
            judge.boot.watch_links();
        }
    });
    let Ok(observer) = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    if observer.observe_with_options(&root, &options).is_ok() {
        drop(WATCHER.replace(Some(Watcher {
            observer,
            _callback: callback,
        })));
    }
}

/// Calls `f` with the markup of every element that already ran on this page view: what the
/// bootstrap ran from the plan, when the full build takes the page view over (withdrawing its purpose later
/// reloads the page).
#[cfg(feature = "full")]
pub fn each_activated(mut f: impl FnMut(MarkerAttrs<'_>, bool)) {
    let Some(list) =
        super::document().and_then(|d| d.query_selector_all("[data-consent-state=activated]").ok())
    else {
        return;
    };
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            f(Markup::of(&el).attrs(), is_iframe(&el));
        }
    }
}

/// `<script data-consent="x" src="...">`, for error messages.
fn describe(el: &Element) -> String {
    let mut s = String::from("<");
    s.push_str(&el.tag_name().to_ascii_lowercase());
    for attr in [
        "data-consent",
        "data-category",
        "data-service",
        "src",
        "data-src",
    ] {
        if let Some(v) = el.get_attribute(attr) {
            s.push(' ');
            s.push_str(attr);
            s.push_str("=\"");
            s.push_str(&v);
            s.push('"');
        }
    }
    s.push('>');
    s
}
