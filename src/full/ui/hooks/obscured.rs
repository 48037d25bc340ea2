//! WCAG 2.4.11 (focus not obscured): while the banner is open, a page element that receives
//! keyboard focus must not sit behind it. The page scrolls the element clear of the banner
//! when it can; when it cannot (the element is at the very end of the page), the banner moves
//! to the other edge of the viewport, and the page scrolls too if that is what it takes. The
//! geometry is the bootstrap's (`boot.unobscure`, `embed/bootstrap/paint.js`), the one the
//! banner it paints before this build arrives uses too; this hook keeps the edge.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::full::browser;
use crate::page::mount::HOST_TAG;

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
                // Taken now: the shell may be busy when the take-over asks (`painted::SHOWN`).
                let boot = browser::with_shell(|s| s.boot.clone());
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
                    let now_top = at_top != *flipped.borrow();
                    let edge = boot
                        .clone()
                        .or_else(|| browser::with_shell(|s| s.boot.clone()))
                        .and_then(|boot| boot.unobscure(&target, &banner, now_top).as_bool());
                    if let Some(top) = edge {
                        let now = top != at_top;
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
