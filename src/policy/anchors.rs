//! Links inside the policy (`#section`) and the address's own `#section`: they scroll to
//! their section inside ConsentGate's shadow root, where the browser cannot find it.

use wasm_bindgen::JsCast;
use web_sys::{Element, ShadowRoot};

/// In-document links scroll within the shadow root, where the page's own `#id` navigation
/// cannot look: the listener to keep as long as the drawing.
pub(super) fn listen(container: &Element) -> gloo_events::EventListener {
    gloo_events::EventListener::new_with_options(
        container,
        "click",
        // Not passive: the handler prevents the page from following in-document links.
        gloo_events::EventListenerOptions::enable_prevent_default(),
        |event| {
            let link = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("a[href^='#']").ok().flatten());
            let Some(link) = link else {
                return;
            };
            let id = link
                .get_attribute("href")
                .unwrap_or_default()
                .trim_start_matches('#')
                .to_owned();
            if let Some(target) = find(&link, &id) {
                event.prevent_default();
                target.scroll_into_view();
                if let Some(el) = target.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        },
    )
}

fn find(from: &Element, id: &str) -> Option<Element> {
    from.get_root_node()
        .dyn_into::<ShadowRoot>()
        .ok()
        .and_then(|root| root.get_element_by_id(id))
}

/// Scrolls to the section the page's address names (`privacy.html#cookies-and-...`).
pub(super) fn scroll_to_hash(container: &Element) {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    let id = js_sys::decode_uri_component(id)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| id.to_owned());
    if let Some(el) = find(container, &id) {
        el.scroll_into_view();
    }
}
