//! A first visit's banner as the bootstrap painted it, until the interface takes it over.
//!
//! On a first visit the bootstrap paints the banner as soon as the config is here (`paint`
//! in `embed/bootstrap.js`), before this build has arrived, and keeps the visitor's clicks on
//! it. Once the core has the texts it shows (its locale), [`apply_clicks`] applies those
//! clicks, before the interface first draws (so a visitor who already chose never sees the
//! banner again), but only when the core's first layer says exactly what the painted banner
//! said, in the same language ([`FirstLayer::text_content`]): a choice is only ever applied
//! to the texts the core shows, which its receipt records. Otherwise the clicks are dropped
//! with a warning and the visitor chooses on the interface's banner. When the interface has
//! drawn, [`take_over`] removes the painted banner and puts focus back where the visitor
//! left it. (Until then `base.css` hides the painted banner as soon as the interface's is in
//! the same shadow root.)

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

/// Where focus is now, relative to the painted banner (see [`Focus`]); taken as the interface
/// mounts, before its own banner draws and takes focus.
#[must_use]
pub fn focus_before(boot: &Boot) -> Focus {
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

/// The interface drew its first view (`live`: its banner, if it shows one): the painted
/// banner goes, focus goes back where the visitor left it, and clicks made since the core
/// started are applied.
pub fn take_over(boot: &Boot, live: Option<&Element>, focus: Focus) {
    if boot.painted().is_none() {
        return;
    }
    apply_clicks();
    boot.unpaint();
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
                None => crate::page::reopen::focus(),
            }
        }
        // The visitor had moved on to the page: the interface's banner does not take focus.
        Some(Err(el)) => crate::page::mount::focus(&el),
        None => {}
    }
}
