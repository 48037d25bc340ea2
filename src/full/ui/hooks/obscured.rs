//! WCAG 2.4.11 (focus not obscured): while the banner is open, a page element that receives
//! focus must not sit behind it. The page scrolls the element clear of the banner when it
//! can; when it cannot (the element is at the very end of the page), the banner moves to the
//! other edge of the viewport, and the page scrolls too if that is what it takes.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{DomRect, Element};
use yew::prelude::*;

use crate::full::browser;
use crate::page::mount::HOST_TAG;

/// Space left between the element and the banner, in CSS px.
const GAP: f64 = 8.0;

/// Watches focus on the page while `active`; returns whether the banner had to move to the
/// other edge from where the config puts it (`at_top`: the top edge).
#[hook]
pub fn use_unobscured(node: &NodeRef, active: bool, at_top: bool) -> bool {
    let flipped = use_mut_ref(|| false);
    let redraw = use_force_update();
    {
        let (node, flipped) = (node.clone(), flipped.clone());
        use_effect_with(active, move |&active| {
            let listeners = active.then(|| {
                let banner_now = node.cast::<Element>();
                let check = Rc::new(move |target: Option<Element>| {
                    let (Some(target), Some(banner)) = (target, node.cast::<Element>()) else {
                        return;
                    };
                    // (Focus on <body> is focus nowhere: nothing to keep clear.)
                    if target.tag_name().eq_ignore_ascii_case(HOST_TAG)
                        || target.tag_name().eq_ignore_ascii_case("body")
                    {
                        return;
                    }
                    // The control that has focus (inside a placeholder's shadow root, say),
                    // and only keyboard focus: a click's focus is on what the visitor sees,
                    // and a scroll would lose the click (as embed/bootstrap/paint.js).
                    let mut target = target;
                    while let Some(inner) = target.shadow_root().and_then(|r| r.active_element()) {
                        target = inner;
                    }
                    if !target.matches(":focus-visible").unwrap_or(true) {
                        return;
                    }
                    let now_top = at_top != *flipped.borrow();
                    if let Some(plan) = plan(&target, &banner, now_top) {
                        if plan.scroll != 0.0
                            && let Some(w) = web_sys::window()
                        {
                            w.scroll_by_with_x_and_y(0.0, plan.scroll);
                        }
                        let now = plan.top != at_top;
                        if now != *flipped.borrow() {
                            *flipped.borrow_mut() = now;
                            redraw.force_update();
                        }
                    }
                });
                let on_focus = browser::document().map(|document| {
                    let check = check.clone();
                    gloo_events::EventListener::new(&document, "focusin", move |event| {
                        check(event.target().and_then(|t| t.dyn_into::<Element>().ok()));
                    })
                });
                let on_shown = banner_now.map(|banner| {
                    gloo_events::EventListener::new(&banner, browser::painted::SHOWN, move |_| {
                        check(browser::document().and_then(|d| d.active_element()));
                    })
                });
                (on_focus, on_shown)
            });
            move || drop(listeners)
        });
    }
    *flipped.borrow()
}

/// How a focused element is kept in sight: the edge the banner sits at (`top`) and how far
/// the page scrolls first.
struct Plan {
    top: bool,
    scroll: f64,
}

/// What keeps `el` clear of `banner` (at the top edge now if `now_top`): `None` when it is
/// clear already. A scroll with the banner where it is comes first, then the banner at the
/// other edge (with a scroll if need be); when neither can clear it (a banner taller than
/// half a short page), the edge where it covers the element least.
fn plan(el: &Element, banner: &Element, now_top: bool) -> Option<Plan> {
    let e = el.get_bounding_client_rect();
    let b = banner.get_bounding_client_rect();
    if !overlaps(&e, &b) {
        return None;
    }
    let window = web_sys::window()?;
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
    let gap = if now_top {
        b.top()
    } else {
        viewport - b.bottom()
    };
    // The part of the viewport the banner leaves free at each edge.
    let band = |top: bool| {
        if top {
            (b.height() + gap, viewport)
        } else {
            (0.0, viewport - b.height() - gap)
        }
    };
    let scroll_for = |top: bool| -> Option<f64> {
        let (low, high) = band(top);
        let least = e.bottom() + GAP - high;
        let most = e.top() - GAP - low;
        if least > most {
            return None;
        }
        let d = if least > 0.0 {
            least
        } else if most < 0.0 {
            most
        } else {
            0.0
        };
        let possible = if d > 0.0 { d <= room_below } else { -d <= y };
        possible.then_some(d)
    };
    if let Some(scroll) = scroll_for(now_top) {
        return Some(Plan {
            top: now_top,
            scroll,
        });
    }
    if let Some(scroll) = scroll_for(!now_top) {
        return Some(Plan {
            top: !now_top,
            scroll,
        });
    }
    let covered = |top: bool| {
        let (low, high) = band(top);
        (low - e.top()).clamp(0.0, e.height()) + (e.bottom() - high).clamp(0.0, e.height())
    };
    Some(Plan {
        top: covered(true) < covered(false),
        scroll: 0.0,
    })
}

fn overlaps(a: &DomRect, b: &DomRect) -> bool {
    a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom() && b.top() < a.bottom()
}
