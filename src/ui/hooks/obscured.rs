//! WCAG 2.4.11 (focus not obscured): while the banner is open, a page element that receives
//! focus must not sit behind it. The page scrolls the element clear of the banner when it
//! can; when it cannot (the element is at the very end of the page), the banner moves to the
//! other edge of the viewport.

use wasm_bindgen::JsCast;
use web_sys::{DomRect, Element};
use yew::prelude::*;

use crate::browser;
use crate::browser::mount::HOST_TAG;

/// Space left between the element and the banner, in CSS px.
const GAP: f64 = 8.0;

/// Watches focus on the page while `active`; returns whether the banner had to move to the
/// other edge.
#[hook]
pub fn use_unobscured(node: &NodeRef, active: bool) -> bool {
    let flipped = use_mut_ref(|| false);
    let redraw = use_force_update();
    {
        let (node, flipped) = (node.clone(), flipped.clone());
        use_effect_with(active, move |&active| {
            let listener = if active {
                browser::document().map(|document| {
                    gloo_events::EventListener::new(&document, "focusin", move |event| {
                        let Some(target) =
                            event.target().and_then(|t| t.dyn_into::<Element>().ok())
                        else {
                            return;
                        };
                        let Some(banner) = node.cast::<Element>() else {
                            return;
                        };
                        if target.tag_name().eq_ignore_ascii_case(HOST_TAG) {
                            return;
                        }
                        if !clear(&target, &banner) {
                            let now = !*flipped.borrow();
                            *flipped.borrow_mut() = now;
                            redraw.force_update();
                        }
                    })
                })
            } else {
                None
            };
            move || drop(listener)
        });
    }
    *flipped.borrow()
}

/// Scrolls `el` clear of `banner` if it overlaps it; `false` when scrolling cannot.
fn clear(el: &Element, banner: &Element) -> bool {
    let e = el.get_bounding_client_rect();
    let b = banner.get_bounding_client_rect();
    if !overlaps(&e, &b) {
        return true;
    }
    let Some(window) = web_sys::window() else {
        return true;
    };
    let y = window.scroll_y().unwrap_or(0.0);
    let viewport = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let height = browser::document()
        .and_then(|d| d.scrolling_element())
        .map_or(0.0, |s| f64::from(s.scroll_height()));
    let room_below = (height - viewport - y).max(0.0);
    // Down: the element rises above the banner; up: it drops below it.
    let down = e.bottom() - b.top() + GAP;
    let up = b.bottom() - e.top() + GAP;
    let fits_above = e.height() + GAP <= b.top();
    let fits_below = e.height() + GAP <= viewport - b.bottom();
    let options = [
        (fits_above && down <= room_below, down),
        (fits_below && up <= y, -up),
    ];
    let best = options
        .iter()
        .filter(|(ok, _)| *ok)
        .map(|&(_, d)| d)
        .min_by(|a, b| a.abs().total_cmp(&b.abs()));
    match best {
        Some(delta) => {
            window.scroll_by_with_x_and_y(0.0, delta);
            true
        }
        None => false,
    }
}

fn overlaps(a: &DomRect, b: &DomRect) -> bool {
    a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom() && b.top() < a.bottom()
}
