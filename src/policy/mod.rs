//! The policy build (`consent-gate-policy.js` + `_bg.wasm`, Cargo feature `policy`, built
//! through the `policy/` crate): parses a privacy policy and draws it into an element the
//! full build's interface provides (inside its shadow root), with plain DOM calls, and the
//! cookie declaration from the same config as the preferences.
//!
//! Which page views run it: only those that show a policy (the viewer opened, a standalone
//! policy page, a site's own policy page with a `data-consent-gate="cookie-declaration"`
//! element); the full build loads it then (`full::browser::policy_build`), so neither the
//! Markdown parser nor this renderer is on the banner's path. What it may import:
//! `crate::core` (the policy model and parser, the config reader, the texts) and
//! `crate::page` (console, `JSON.parse`); nothing imports it.
//!
//! Only text nodes and attribute values carry document text; nothing is parsed as HTML.

mod anchors;
mod declaration;
mod painter;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::core::config::Config;
use crate::core::effects::Level;
use crate::core::i18n::Locale;
use crate::core::policy::{self, Format};

use painter::Painter;

/// Blocks drawn at once; the rest follow in slices between frames, so a very long policy
/// (a megabyte of text) never holds the page for long.
const FIRST_SLICE: usize = 120;
const NEXT_SLICE: usize = 250;

#[wasm_bindgen]
extern "C" {
    /// What the full build asks the policy build to draw (one object, see
    /// `browser::policy_build::render`).
    pub type PolicyArgs;

    /// The element to draw into (inside ConsentGate's shadow root).
    #[wasm_bindgen(method, getter)]
    fn container(this: &PolicyArgs) -> Element;
    /// The document as served.
    #[wasm_bindgen(method, getter)]
    fn text(this: &PolicyArgs) -> String;
    /// `"markdown"` or `"text"`.
    #[wasm_bindgen(method, getter)]
    fn format(this: &PolicyArgs) -> String;
    /// The site's config text (for the cookie declaration).
    #[wasm_bindgen(method, getter)]
    fn config(this: &PolicyArgs) -> String;
    /// The language shown ([`Locale::to_json`]).
    #[wasm_bindgen(method, getter)]
    fn locale(this: &PolicyArgs) -> String;
    /// Added to the document's heading levels (1 inside a dialog titled h2).
    #[wasm_bindgen(method, getter, js_name = headingOffset)]
    fn heading_offset(this: &PolicyArgs) -> u8;
    /// Draw the title as an h1 (a standalone page) and scroll to the address's `#section`.
    #[wasm_bindgen(method, getter, js_name = showTitle)]
    fn show_title(this: &PolicyArgs) -> bool;
    /// Called by the declaration's "Change your choice" button.
    #[wasm_bindgen(method, getter, js_name = changeChoice)]
    fn change_choice(this: &PolicyArgs) -> Function;
}

/// Parses the policy and draws it. Returns `{title, dispose}`: the document's title (empty
/// when it has none) and a function that removes the drawing's listeners, which the frame
/// calls when it redraws or closes.
#[wasm_bindgen]
pub fn render_policy(args: PolicyArgs) -> JsValue {
    let format = if args.format() == "text" {
        Format::Text
    } else {
        Format::Markdown
    };
    let doc = policy::parse(&args.text(), format);
    let config = match crate::page::json::parse(&args.config()) {
        Ok(json) => Config::from_json(&json).map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    let config = config
        .map_err(|e| {
            crate::page::log::log(
                Level::Error,
                &format!("the cookie declaration cannot be drawn: {e}"),
            );
        })
        .ok();
    let locale = crate::page::json::parse(&args.locale())
        .and_then(|json| Locale::from_json(&json))
        .unwrap_or_else(|e| {
            crate::page::log::log(
                Level::Error,
                &format!("the policy is drawn in English: {e}"),
            );
            Locale::english()
        });
    let result = Object::new();
    let Some(dom) = web_sys::window().and_then(|w| w.document()) else {
        return result.into();
    };
    let container = args.container();
    let show_title = args.show_title();
    let painter = Rc::new(Painter {
        dom,
        config,
        locale,
        offset: args.heading_offset(),
        change_choice: args.change_choice(),
        listeners: RefCell::new(Vec::new()),
        stopped: std::cell::Cell::new(false),
    });
    container.set_text_content(None);
    let progress = Rc::new(RefCell::new(painter.front(&container, &doc, show_title)));
    painter
        .listeners
        .borrow_mut()
        .push(anchors::listen(&container));
    let title = doc.title.clone().unwrap_or_default();
    painter.slice(
        &container,
        &Rc::new(doc),
        &progress,
        FIRST_SLICE,
        show_title,
    );
    let keep = Rc::clone(&painter);
    let dispose = Closure::once_into_js(move || {
        keep.listeners.borrow_mut().clear();
        keep.stopped.set(true);
    });
    let _ = Reflect::set(&result, &"title".into(), &title.into());
    let _ = Reflect::set(&result, &"dispose".into(), &dispose);
    result.into()
}
