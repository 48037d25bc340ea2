//! The root component: which surfaces are on screen, and where focus goes between them.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use crate::browser::mount;
use crate::core::consent::{Action, Origin};
use crate::core::view::{Surface, View};

use super::banner::Banner;
use super::preferences::Preferences;
use super::reopen::Reopen;
use super::{ConfigRef, Opener};

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The validated config.
    pub config: ConfigRef,
    /// What the core says is on screen.
    pub view: View,
    /// Where focus returns when the preferences close.
    pub opener: Opener,
    /// Sends an action into the core.
    pub ondispatch: Callback<Action>,
    /// The language of the texts.
    pub lang: AttrValue,
    /// Where a standalone policy page shows the policy (inside the site's element).
    pub policy_host: Option<web_sys::Element>,
}

/// Banner, preferences and reopen control.
#[component]
pub fn App(props: &AppProps) -> Html {
    let AppProps {
        config,
        view,
        opener,
        ondispatch,
        lang,
        policy_host,
    } = props;
    let banner_ref = use_node_ref();
    let dialog_ref = use_node_ref();
    let policy_ref = use_node_ref();
    let policy_backdrop = use_node_ref();
    let previous = use_mut_ref(|| (Surface::Hidden, false));
    let policy_open = view.policy.as_ref().is_some_and(|p| p.open);
    {
        // Focus follows the dialogs (WAI-ARIA APG): into one as it opens, back to what opened
        // it as it closes. The policy viewer sits above the banner and the preferences.
        let (banner_ref, dialog_ref, policy_ref, opener) = (
            banner_ref.clone(),
            dialog_ref.clone(),
            policy_ref.clone(),
            opener.clone(),
        );
        use_effect_with((view.surface, policy_open), move |&(surface, policy)| {
            let (was_surface, was_policy) =
                std::mem::replace(&mut *previous.borrow_mut(), (surface, policy));
            let focus_surface = |surface: Surface| match surface {
                Surface::Preferences => super::hooks::dialog::focus(&dialog_ref),
                Surface::Banner => super::hooks::dialog::focus(&banner_ref),
                Surface::Hidden => {}
            };
            let give_back = |slot: &Rc<RefCell<Option<Element>>>| match slot.borrow_mut().take() {
                Some(el) if el.is_connected() => mount::focus(&el),
                _ => focus_surface(surface),
            };
            if policy && !was_policy {
                super::hooks::dialog::focus(&policy_ref);
            } else if surface == Surface::Preferences && was_surface != Surface::Preferences {
                focus_surface(surface);
            } else if was_policy && !policy {
                give_back(&opener.1);
            } else if was_surface == Surface::Preferences && surface != Surface::Preferences {
                give_back(&opener.0);
            } else if surface == Surface::Banner && was_surface != Surface::Banner {
                focus_surface(surface);
            }
        });
    }
    let send = |action: Action| {
        let ondispatch = ondispatch.clone();
        Callback::from(move |()| ondispatch.emit(action.clone()))
    };
    let show_banner = view.surface == Surface::Banner || view.over_banner;
    let on_policy = policy_link(ondispatch);
    html! {
        <div class="cg" lang={lang.clone()}>
            if view.reopen {
                <Reopen config={config.clone()} onopen={send(Action::ShowPreferences)} />
            }
            if show_banner {
                <Banner
                    node={banner_ref}
                    config={config.clone()}
                    hidden={view.surface != Surface::Banner}
                    notice={view.notice_text(&config.0).map(|t| AttrValue::from(t.to_owned()))}
                    onaccept={send(Action::AcceptAll(Origin::Visitor))}
                    onreject={send(Action::RejectAll(Origin::Visitor))}
                    onmanage={send(Action::ShowPreferences)}
                    ondismiss={send(Action::DismissBanner)}
                    onpolicy={on_policy.clone()}
                />
            }
            if view.surface == Surface::Preferences {
                <Preferences
                    node={dialog_ref}
                    config={config.clone()}
                    view={view.clone()}
                    ondispatch={ondispatch.clone()}
                    onpolicy={on_policy.clone()}
                />
            }
            if let Some(policy) = view.policy.as_ref().filter(|p| p.open) {
                { super::policy::dialog(&policy_ref, &policy_backdrop, config, &policy.document, ondispatch) }
            }
            if let (Some(host), Some(policy)) = (policy_host, view.policy.as_ref().filter(|p| p.inline)) {
                { super::policy::page(host, config, &policy.document) }
            }
        </div>
    }
}

/// A click on a policy link opens the viewer; a click with a modifier key (new tab, new
/// window) or another button keeps the link's own behaviour.
fn policy_link(ondispatch: &Callback<Action>) -> Callback<MouseEvent> {
    let ondispatch = ondispatch.clone();
    Callback::from(move |e: MouseEvent| {
        if e.button() != 0 || e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() {
            return;
        }
        e.prevent_default();
        ondispatch.emit(Action::ShowPolicy);
    })
}
