//! The host element and its open shadow root, where the interface lives.
//!
//! Styles go in through a constructed stylesheet (`adoptedStyleSheets`), which a strict
//! `style-src` allows, so no `<style>` element or `style=` attribute is needed. The sheet is
//! the bootstrap's (`Boot::css`: one for every shadow root ConsentGate draws, also the
//! bootstrap's own) with the config's theme after it. The host resets everything the page's
//! CSS could pass in (inherited fonts, root font size, letter-spacing) with
//! `:host { all: initial }`.

#[cfg(feature = "full")]
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};

use crate::prelude::*;

/// The custom element name of the host.
pub const HOST_TAG: &str = "consent-gate";

/// `what`, then the JavaScript error's message.
fn failed(what: &str, e: &JsValue) -> String {
    [what, ": ", &super::describe(e)].concat()
}

/// Creates `<consent-gate>` at the end of `<body>` (or takes `painted`, the host of the banner
/// the bootstrap painted) with an open shadow root styled by `css` (the bootstrap's sheet, the
/// same for every shadow root) and the config's theme (`theme_css`), and returns a new
/// element inside it to render into.
///
/// # Errors
/// A message when the document cannot take it (no body, shadow DOM unsupported).
pub fn mount(css: &str, theme_css: &str, painted: Option<&Element>) -> Result<Element, String> {
    let document = super::document().ok_or("no document")?;
    if let Some(shadow) = painted.and_then(Element::shadow_root) {
        style(&shadow, css, theme_css)?;
        return root_in(&shadow);
    }
    let body = document.body().ok_or("the page has no <body>")?;
    let host = document
        .create_element(HOST_TAG)
        .map_err(|e| failed("could not create the host element", &e))?;
    let root = mount_into(&host, css, theme_css)?;
    body.append_child(&host)
        .map_err(|e| failed("could not add the host element", &e))?;
    Ok(root)
}

/// Gives `host` an open shadow root styled as [`mount`] does and returns the element inside
/// it to render into (the standalone policy page uses the site's own element as the host).
///
/// # Errors
/// A message when the element cannot take a shadow root.
pub fn mount_into(host: &Element, css: &str, theme_css: &str) -> Result<Element, String> {
    let shadow = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .map_err(|e| failed("shadow DOM is not available", &e))?;
    style(&shadow, css, theme_css)?;
    root_in(&shadow)
}

/// Styles `shadow` with one constructed stylesheet (`adoptedStyleSheets`).
fn style(shadow: &web_sys::ShadowRoot, css: &str, theme_css: &str) -> Result<(), String> {
    let sheet =
        web_sys::CssStyleSheet::new().map_err(|e| failed("no constructed stylesheets", &e))?;
    sheet
        .replace_sync(&[css, theme_css].concat())
        .map_err(|e| failed("the stylesheet was refused", &e))?;
    shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    Ok(())
}

/// A new `.cg-root` at the end of `shadow`.
fn root_in(shadow: &web_sys::ShadowRoot) -> Result<Element, String> {
    let document = super::document().ok_or("no document")?;
    let root = document
        .create_element("div")
        .map_err(|e| failed("could not create the root", &e))?;
    root.set_class_name("cg-root");
    shadow
        .append_child(&root)
        .map_err(|e| failed("could not add the root", &e))?;
    Ok(root)
}

/// The element that has focus, looking inside ConsentGate's shadow root.
#[cfg(feature = "full")]
pub fn deep_active_element() -> Option<Element> {
    let document = super::document()?;
    let active = document.active_element()?;
    if active.tag_name().eq_ignore_ascii_case(HOST_TAG) {
        return active
            .shadow_root()
            .and_then(|s| s.active_element())
            .or(Some(active));
    }
    Some(active)
}

/// Whether the banner the bootstrap painted on a first visit is still in ConsentGate's host.
#[cfg(feature = "full")]
pub fn painted_banner_shown() -> bool {
    super::document()
        .and_then(|d| d.query_selector(HOST_TAG).ok().flatten())
        .and_then(|host| host.shadow_root())
        .and_then(|shadow| shadow.query_selector(".cg-painted").ok().flatten())
        .is_some()
}

/// Whether focus is nowhere in particular (`<body>`) or inside ConsentGate's interface.
#[cfg(feature = "full")]
pub fn focus_lost_or_ours() -> bool {
    super::document()
        .and_then(|d| d.active_element())
        .is_none_or(|a| {
            a.tag_name().eq_ignore_ascii_case("body") || a.tag_name().eq_ignore_ascii_case(HOST_TAG)
        })
}

/// Moves focus to `el` if it is still in the document and focusable.
#[cfg(feature = "full")]
pub fn focus(el: &Element) {
    if el.is_connected()
        && let Some(el) = el.dyn_ref::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
    }
}
