//! The root component: which surfaces are on screen, in which language and look, and where
//! focus goes between them.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use crate::core::consent::{Action, Origin};
use crate::core::i18n::Text;
use crate::core::view::{FirstLayer, Surface, View};
use crate::page::mount;

use super::banner::Banner;
use super::preferences::Preferences;
use super::{ConfigRef, Ctx, Opener};

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
    /// The first drawing with texts is on the page (with the banner, if it shows).
    pub ondrawn: Callback<Option<Element>>,
    /// Where a standalone policy page shows the policy (inside the site's element).
    pub policy_host: Option<web_sys::Element>,
    /// Where the site's own policy page shows the cookie declaration.
    pub declaration_host: Option<web_sys::Element>,
}

/// Banner, preferences, policy viewer, reopen control and the status line screen readers
/// announce.
#[component]
pub fn App(props: &AppProps) -> Html {
    let AppProps {
        config,
        view,
        opener,
        ondispatch,
        ondrawn,
        policy_host,
        declaration_host,
    } = props;
    let banner_ref = use_node_ref();
    let dialog_ref = use_node_ref();
    let policy_ref = use_node_ref();
    let previous = use_mut_ref(|| (Surface::Hidden, false));
    let policy_open = view.policy.as_ref().is_some_and(|p| p.open);
    let drawn = view.locale.is_some();
    {
        // Focus follows the dialogs (WAI-ARIA APG): into one as it opens, back to what opened
        // it as it closes; after a decision, to the reopen control. The policy viewer sits
        // above the banner and the preferences.
        let (banner_ref, dialog_ref, policy_ref, opener) = (
            banner_ref.clone(),
            dialog_ref.clone(),
            policy_ref.clone(),
            opener.clone(),
        );
        use_effect_with(
            (view.surface, policy_open, drawn),
            move |&(surface, policy, drawn)| {
                if !drawn {
                    return;
                }
                let (was_surface, was_policy) =
                    std::mem::replace(&mut *previous.borrow_mut(), (surface, policy));
                let focus_surface = |surface: Surface| match surface {
                    Surface::Preferences => super::hooks::dialog::focus(&dialog_ref),
                    Surface::Banner => super::hooks::dialog::focus(&banner_ref),
                    Surface::Hidden => crate::full::ui::reopen::focus(),
                };
                let give_back = |slot: &Rc<RefCell<Option<Element>>>| match slot.borrow_mut().take()
                {
                    Some(el) if el.is_connected() && !is_body(&el) => mount::focus(&el),
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
                } else if surface == Surface::Banner
                    && was_surface != Surface::Banner
                    && !mount::painted_banner_shown()
                {
                    // (Over a banner the bootstrap painted, focus stays where the visitor has
                    // it: the take-over moves it to the same control of this one.)
                    focus_surface(surface);
                } else if was_surface == Surface::Banner
                    && surface == Surface::Hidden
                    && mount::focus_lost_or_ours()
                {
                    // The banner closed with a decision (or Escape) while it had focus: the
                    // reopen control, if there is one.
                    focus_surface(surface);
                }
            },
        );
    }
    {
        // After the focus effect above: a banner the bootstrap painted gives way to this one.
        let (banner_ref, ondrawn) = (banner_ref.clone(), ondrawn.clone());
        use_effect_with(drawn, move |&drawn| {
            if drawn {
                ondrawn.emit(banner_ref.cast::<Element>());
            }
        });
    }
    let Some(locale) = view.locale.clone() else {
        return html! { <div class="cg"></div> };
    };
    let ctx = Ctx {
        config: config.clone(),
        locale,
    };
    let send = |action: Action| {
        let ondispatch = ondispatch.clone();
        Callback::from(move |()| ondispatch.emit(action.clone()))
    };
    let show_banner = view.surface == Surface::Banner || view.over_banner;
    let on_policy = policy_link(ondispatch);
    let look = &config.0.look;
    html! {
        <div
            class="cg"
            lang={ctx.locale.tag.clone()}
            dir={ctx.locale.dir()}
            data-scheme={look.theme.scheme.name()}
        >
            <p class="cg-sr" role="status">
                if view.saved > 0 {
                    <span key={view.saved}>{ ctx.t(Text::ChoicesSaved) }</span>
                }
            </p>
            if show_banner {
                <Banner
                    node={banner_ref}
                    ctx={ctx.clone()}
                    hidden={view.surface != Surface::Banner}
                    texts={Rc::new(FirstLayer::new(&config.0, &ctx.locale, view.notice))}
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
                    ctx={ctx.clone()}
                    view={view.clone()}
                    ondispatch={ondispatch.clone()}
                    onpolicy={on_policy.clone()}
                />
            }
            if let Some(policy) = view.policy.as_ref().filter(|p| p.open) {
                { super::policy_frame::dialog(&policy_ref, &ctx, &policy.document, ondispatch) }
            }
            if let (Some(host), Some(policy)) = (policy_host, view.policy.as_ref().filter(|p| p.inline)) {
                { super::policy_frame::page(host, &ctx, &policy.document, true) }
            }
            if let (Some(host), Some(declaration)) = (declaration_host, view.declaration.as_ref()) {
                { super::policy_frame::page(host, &ctx, declaration, false) }
            }
        </div>
    }
}

fn is_body(el: &Element) -> bool {
    el.tag_name().eq_ignore_ascii_case("body")
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
