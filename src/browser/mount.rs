//! The host element and its open shadow root, where the interface lives.
//!
//! Styles go in through a constructed stylesheet (`adoptedStyleSheets`), which a strict
//! `style-src` allows, so no `<style>` element or `style=` attribute is needed. The host
//! resets everything the page's CSS could pass in (inherited fonts, root font size,
//! letter-spacing) with `:host { all: initial }`.

#[cfg(feature = "ui")]
use wasm_bindgen::JsCast;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};

/// The custom element name of the host.
pub const HOST_TAG: &str = "consent-gate";

/// The stylesheet of everything drawn in the shadow root (gate and full build alike).
pub const STYLE: &str = include_str!("../ui/style.css");

/// Creates `<consent-gate>` at the end of `<body>` with an open shadow root styled by
/// [`STYLE`] and the config's `theme` (`theme_css`), and returns the element inside it to
/// render into.
///
/// # Errors
/// A message when the document cannot take it (no body, shadow DOM unsupported).
pub fn mount(theme_css: &str) -> Result<Element, String> {
    let document = super::document().ok_or("no document")?;
    let body = document.body().ok_or("the page has no <body>")?;
    let host = document
        .create_element(HOST_TAG)
        .map_err(|e| format!("{e:?}"))?;
    let root = mount_into(&host, theme_css)?;
    body.append_child(&host).map_err(|e| format!("{e:?}"))?;
    Ok(root)
}

/// Gives `host` an open shadow root styled by [`STYLE`] and returns the element inside it to
/// render into (the standalone policy page uses the site's own element as the host).
///
/// # Errors
/// A message when the element cannot take a shadow root.
pub fn mount_into(host: &Element, theme_css: &str) -> Result<Element, String> {
    let document = super::document().ok_or("no document")?;
    let shadow = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .map_err(|e| format!("shadow DOM is not available: {e:?}"))?;
    let sheet = web_sys::CssStyleSheet::new().map_err(|e| format!("{e:?}"))?;
    sheet
        .replace_sync(&[STYLE, theme_css].concat())
        .map_err(|e| format!("{e:?}"))?;
    shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    let root = document
        .create_element("div")
        .map_err(|e| format!("{e:?}"))?;
    root.set_class_name("cg-root");
    shadow.append_child(&root).map_err(|e| format!("{e:?}"))?;
    Ok(root)
}

/// The element that has focus, looking inside ConsentGate's shadow root.
#[cfg(feature = "ui")]
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

/// Whether focus is nowhere in particular (`<body>`) or inside ConsentGate's interface.
#[cfg(feature = "ui")]
pub fn focus_lost_or_ours() -> bool {
    super::document()
        .and_then(|d| d.active_element())
        .is_none_or(|a| {
            a.tag_name().eq_ignore_ascii_case("body") || a.tag_name().eq_ignore_ascii_case(HOST_TAG)
        })
}

/// Moves focus to `el` if it is still in the document and focusable.
#[cfg(feature = "ui")]
pub fn focus(el: &Element) {
    if el.is_connected()
        && let Some(el) = el.dyn_ref::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
    }
}

#[cfg(not(feature = "ui"))]
/// Removes ConsentGate's host element (the gate hands the page over to the full build).
pub fn unmount() {
    if let Some(document) = super::document()
        && let Ok(Some(host)) = document.query_selector(HOST_TAG)
    {
        host.remove();
    }
}
