//! The root component: which surfaces are on screen, and where focus goes between them.

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
    } = props;
    let banner_ref = use_node_ref();
    let dialog_ref = use_node_ref();
    let previous = use_mut_ref(|| Surface::Hidden);
    {
        let (banner_ref, dialog_ref, opener) =
            (banner_ref.clone(), dialog_ref.clone(), opener.clone());
        use_effect_with(view.surface, move |surface| {
            let was = std::mem::replace(&mut *previous.borrow_mut(), *surface);
            match (was, *surface) {
                (_, Surface::Preferences) => super::hooks::dialog::focus(&dialog_ref),
                (Surface::Preferences, _) => {
                    let back = opener.0.borrow_mut().take();
                    match back {
                        Some(el) if el.is_connected() => mount::focus(&el),
                        _ if *surface == Surface::Banner => {
                            super::hooks::dialog::focus(&banner_ref)
                        }
                        _ => {}
                    }
                }
                (_, Surface::Banner) => super::hooks::dialog::focus(&banner_ref),
                _ => {}
            }
        });
    }
    let send = |action: Action| {
        let ondispatch = ondispatch.clone();
        Callback::from(move |()| ondispatch.emit(action.clone()))
    };
    let show_banner = view.surface == Surface::Banner || view.over_banner;
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
                />
            }
            if view.surface == Surface::Preferences {
                <Preferences
                    node={dialog_ref}
                    config={config.clone()}
                    view={view.clone()}
                    ondispatch={ondispatch.clone()}
                />
            }
        </div>
    }
}
