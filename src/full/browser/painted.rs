//! A first visit's banner as the bootstrap painted it, until the interface takes it over.
//!
//! On a first visit the bootstrap paints the banner as soon as the config is here (`paint`
//! in `embed/bootstrap/paint.js`), before this build has arrived, and keeps the visitor's clicks on
//! it. Once the core has the texts it shows (its locale), [`apply_clicks`] applies those
//! clicks, before the interface first draws (so a visitor who already chose never sees the
//! banner again), but only when the core's first layer says exactly what the painted banner
//! said, in the same language ([`FirstLayer::text_content`]): a choice is only ever applied
//! to the texts the core shows, which its receipt records. Otherwise the clicks are dropped
//! with a warning and the visitor chooses on the interface's banner. When the interface has
//! drawn, [`take_over`] removes the painted banner, shows the interface (hidden until then,
//! so one banner is on screen at a time) and puts focus back where the visitor left it.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::core::consent::{Action, Origin};
use crate::core::effects::Level;
use crate::core::view::FirstLayer;
use crate::page::boot::Boot;

use super::{dispatch, log::log, with_shell};

/// The painted banner's controls, in the order the interface's banner has them too.
const CONTROLS: &str = "a[href], button";

/// The action of a click on the painted banner.
fn action(click: &str) -> Option<Action> {
    Some(match click {
        "accept" => Action::AcceptAll(Origin::Visitor),
        "reject" => Action::RejectAll(Origin::Visitor),
        "manage" => Action::ShowPreferences,
        "policy" => Action::ShowPolicy,
        "dismiss" => Action::DismissBanner,
        _ => return None,
    })
}

/// Applies the clicks made on the painted banner so far, once the core has its texts (see
/// the module docs); run after every batch of effects.
pub fn apply_clicks() {
    let Some((boot, said)) = with_shell(|shell| {
        let view = shell.session.view();
        let locale = view.locale?;
        let first = FirstLayer::new(shell.session.config(), &locale, view.notice);
        Some((
            shell.boot.clone(),
            (locale.tag.clone(), first.text_content()),
        ))
    })
    .flatten() else {
        return;
    };
    let Some(painted) = boot.painted() else {
        return;
    };
    let queued = painted.clicks();
    if queued.length() == 0 {
        return;
    }
    let clicks: Vec<String> = queued.iter().filter_map(|c| c.as_string()).collect();
    queued.set_length(0);
    if (painted.lang(), painted.shown()) != said {
        log(
            Level::Warn,
            "the banner shown before the interface loaded said something else than the interface's (another language or other texts); the choice made on it is not applied, and the visitor is asked again",
        );
        return;
    }
    for click in clicks {
        if let Some(action) = action(&click) {
            dispatch(action);
        }
    }
}

/// Where focus was when the interface started: `Some(Ok(i))` on the painted banner's `i`-th
/// control (`-1`: the banner itself), `Some(Err(el))` somewhere on the page, `None` nowhere.
pub type Focus = Option<Result<i32, Element>>;

/// Where focus is now, relative to the painted banner (see [`Focus`]); the interface's banner
/// does not take focus while the painted one is there.
fn focus_now(boot: &Boot) -> Focus {
    let active = crate::page::mount::deep_active_element()?;
    let Some(painted) = boot.painted() else {
        return Some(Err(active));
    };
    let root = painted.root();
    if !root.contains(Some(active.as_ref())) {
        let body = active.tag_name().eq_ignore_ascii_case("body");
        return (!body).then_some(Err(active));
    }
    let controls = root.query_selector_all(CONTROLS).ok()?;
    let index = (0..controls.length())
        .find(|&i| {
            controls
                .item(i)
                .is_some_and(|c| c.is_same_node(Some(active.as_ref())))
        })
        .map_or(-1, |i| i32::try_from(i).unwrap_or(-1));
    Some(Ok(index))
}

/// The event the take-over sends to the interface's banner once it is shown: focus may sit
/// on a page element already, which the banner must not hide (ui::hooks::obscured).
pub const SHOWN: &str = "cg-shown";

/// The control of `live` at the place `el` has among the painted banner's (`root`), if `el`
/// is one of them.
fn twin(root: &Element, live: Option<&Element>, el: &Element) -> Option<Element> {
    let painted = root.query_selector_all(CONTROLS).ok()?;
    let index = (0..painted.length()).find(|&i| {
        painted
            .item(i)
            .is_some_and(|c| c.is_same_node(Some(el.as_ref())))
    })?;
    live?
        .query_selector_all(CONTROLS)
        .ok()?
        .item(index)?
        .dyn_into::<Element>()
        .ok()
}

/// The interface drew its first view (`live`: its banner, if it shows one): the painted
/// banner goes, focus goes back where the visitor left it, and clicks made since the core
/// started are applied. `openers` (where focus returns when a dialog closes) that hold a
/// control of the painted banner (a dialog it opened) get the interface's same control.
pub fn take_over(
    boot: &Boot,
    interface: &Element,
    live: Option<&Element>,
    openers: &[&std::rc::Rc<std::cell::RefCell<Option<Element>>>],
) {
    let Some(painted) = boot.painted() else {
        return;
    };
    let focus = focus_now(boot);
    apply_clicks();
    let root = painted.root();
    // A choice (or Escape) closed the painted banner: focus went nowhere, as after a choice on
    // the interface's banner, it goes to the reopen control.
    let closed = root.has_attribute("hidden");
    for slot in openers {
        let opened_by = slot.borrow().clone();
        if let Some(el) = opened_by.filter(|el| root.contains(Some(el.as_ref()))) {
            *slot.borrow_mut() = twin(&root, live, &el);
        }
    }
    boot.unpaint();
    let _ = interface.remove_attribute("hidden");
    // Focus may be on a page element the painted banner kept clear of itself (WCAG 2.4.11):
    // the interface's banner checks it now that it has a size.
    if let Some(live) = live.filter(|_| !closed)
        && let Ok(shown) = web_sys::Event::new(SHOWN)
    {
        let _ = live.dispatch_event(&shown);
    }
    // A click on the painted banner opened a dialog (the preferences, the policy): focus moves
    // into it, as it does when the interface's own banner opens one (it could not while the
    // interface was hidden).
    let dialog = interface
        .query_selector(".cg-dialog")
        .ok()
        .flatten()
        .and_then(|d| d.dyn_into::<HtmlElement>().ok());
    if let Some(dialog) = dialog {
        let _ = dialog.focus();
        return;
    }
    match focus {
        Some(Ok(index)) => {
            let target = live.and_then(|live| match index {
                -1 => Some(live.clone()),
                i => live
                    .query_selector_all(CONTROLS)
                    .ok()
                    .and_then(|c| c.item(u32::try_from(i).ok()?))
                    .and_then(|n| n.dyn_into::<Element>().ok()),
            });
            match target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                Some(el) => {
                    let _ = el.focus();
                }
                // The visitor chose on the painted banner: as after a choice on the
                // interface's, focus goes to the reopen control, if there is one.
                None => crate::full::ui::reopen::focus(),
            }
        }
        // The visitor had moved on to the page: the interface's banner does not take focus.
        Some(Err(el)) => crate::page::mount::focus(&el),
        None if closed => crate::full::ui::reopen::focus(),
        None => {}
    }
}
