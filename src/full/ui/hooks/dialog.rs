//! What the modal dialogs share (WAI-ARIA APG): Tab and Shift+Tab wrap inside, Escape,
//! a click on the backdrop and the close button close without deciding anything.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, KeyboardEvent, MouseEvent};
use yew::{Callback, Html, NodeRef, html};

use crate::page::mount::deep_active_element;

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

/// The `onclick` of a dialog's backdrop: a click on the backdrop itself (not inside the
/// dialog) calls `close`.
pub fn backdrop_click(backdrop: &NodeRef, close: &Callback<()>) -> Callback<MouseEvent> {
    let (backdrop, close) = (backdrop.clone(), close.clone());
    Callback::from(move |e: MouseEvent| {
        let hit = e
            .target()
            .zip(backdrop.get())
            .is_some_and(|(target, el)| JsValue::from(target) == JsValue::from(el));
        if hit {
            close.emit(());
        }
    })
}

/// A dialog's close button: "×", named by `label`.
pub fn close_button(label: &str, close: &Callback<()>) -> Html {
    html! {
        <button
            type="button"
            class="cg-close"
            aria-label={label.to_owned()}
            onclick={close.reform(|_: MouseEvent| ())}
        >
            <span aria-hidden="true">{ "\u{00d7}" }</span>
        </button>
    }
}
