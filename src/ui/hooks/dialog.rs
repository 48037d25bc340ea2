//! Keyboard behaviour of a dialog (WAI-ARIA APG): Tab and Shift+Tab wrap inside it, Escape
//! calls `on_escape`.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::{Callback, NodeRef};

use crate::browser::mount::deep_active_element;

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// The `onkeydown` handler for a dialog whose container is `node`.
pub fn keydown(node: NodeRef, on_escape: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
        "Escape" => {
            e.prevent_default();
            e.stop_propagation();
            on_escape.emit(());
        }
        "Tab" => {
            if let Some(container) = node.cast::<Element>() {
                wrap_tab(&e, &container);
            }
        }
        _ => {}
    })
}

fn wrap_tab(e: &KeyboardEvent, container: &Element) {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else {
        return;
    };
    let focusable: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.get_client_rects().length() > 0)
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        e.prevent_default();
        return;
    };
    let active = deep_active_element();
    let at = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.as_ref() as &Element)
    };
    let outside = !active
        .as_ref()
        .is_some_and(|a| focusable.iter().any(|f| f.as_ref() as &Element == a));
    if e.shift_key() && (at(first) || outside) {
        e.prevent_default();
        let _ = last.focus();
    } else if !e.shift_key() && (at(last) || outside) {
        e.prevent_default();
        let _ = first.focus();
    }
}

/// Focuses the element behind `node`, if it is rendered.
pub fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.focus();
    }
}
