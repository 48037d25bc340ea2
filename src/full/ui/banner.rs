//! The first layer: title, text, policy link, and three buttons of equal weight (the texts
//! the core gives, [`FirstLayer`]), in the config's layout (a box, a bar, or a centred dialog that blocks the page only when the site
//! asks for it).

use std::rc::Rc;

use yew::prelude::*;

use crate::core::theme::Layout;
use crate::core::view::FirstLayer;

use super::Ctx;
use super::hooks::{dialog, obscured};

/// Props of [`Banner`].
#[derive(Properties, PartialEq)]
pub struct BannerProps {
    /// The banner's container, for focus.
    pub node: NodeRef,
    /// The config and the language shown.
    pub ctx: Ctx,
    /// Kept mounted but hidden while the preferences are open over it.
    pub hidden: bool,
    /// What it says (the core's [`FirstLayer`]).
    pub texts: Rc<FirstLayer>,
    /// "Accept all".
    pub onaccept: Callback<()>,
    /// "Reject all".
    pub onreject: Callback<()>,
    /// "Manage preferences".
    pub onmanage: Callback<()>,
    /// Escape: hide without deciding.
    pub ondismiss: Callback<()>,
    /// A click on the policy link.
    pub onpolicy: Callback<MouseEvent>,
}

/// The banner: a dialog that takes focus and keeps Tab inside; the page stays usable (unless
/// the config asks a modal layout to block it), and a page element that gets focus is never
/// left hidden behind it.
#[component]
pub fn Banner(props: &BannerProps) -> Html {
    let ctx = &props.ctx;
    let t = &props.texts;
    let look = &ctx.config.0.look;
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    let flipped =
        obscured::use_unobscured(&props.node, !props.hidden, look.position.starts_with("top"));
    let blocking = look.layout == Layout::Modal && look.blocking;
    let class = classes!(
        "cg-banner",
        format!("cg-layout-{}", look.layout.name()),
        format!("cg-at-{}", look.position),
        flipped.then_some("cg-flipped"),
    );
    let banner = html! {
        <section
            ref={props.node.clone()}
            {class}
            role="dialog"
            aria-modal={if blocking { "true" } else { "false" }}
            aria-labelledby="cg-banner-title"
            aria-describedby={if t.notice.is_some() { "cg-banner-notice cg-banner-text" } else { "cg-banner-text" }}
            tabindex="-1"
            hidden={props.hidden}
            onkeydown={dialog::keydown(props.node.clone(), props.ondismiss.clone())}
        >
            <div class="cg-banner-body">
                <h2 id="cg-banner-title" class="cg-title">{ t.title.clone() }</h2>
                if let Some(notice) = &t.notice {
                    <p id="cg-banner-notice" class="cg-notice" dir="auto">{ notice.clone() }</p>
                }
                <p id="cg-banner-text" class="cg-text">
                    { t.text.clone() }
                    if let Some((label, href)) = &t.policy {
                        { " " }
                        <a class="cg-link" href={href.clone()} onclick={props.onpolicy.clone()}>
                            { label.clone() }
                        </a>
                    }
                </p>
            </div>
            <div class="cg-actions">
                <button type="button" class="cg-button" onclick={click(&props.onaccept)}>
                    { t.accept.clone() }
                </button>
                <button type="button" class="cg-button" onclick={click(&props.onreject)}>
                    { t.reject.clone() }
                </button>
                <button type="button" class="cg-button" onclick={click(&props.onmanage)}>
                    { t.manage.clone() }
                </button>
            </div>
        </section>
    };
    if blocking && !props.hidden {
        html! { <div class="cg-backdrop cg-backdrop-banner">{ banner }</div> }
    } else {
        banner
    }
}
