//! The first layer: title, text, policy link, and three buttons of equal weight, in the
//! config's layout (a box, a bar, or a centred dialog that blocks the page only when the site
//! asks for it).

use yew::prelude::*;

use crate::core::i18n::Text;
use crate::core::theme::Layout;

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
    /// Why the banner asks again (the config changed), if it does.
    pub notice: Option<AttrValue>,
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
    let config = &ctx.config.0;
    let look = &config.look;
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
            aria-describedby={if props.notice.is_some() { "cg-banner-notice cg-banner-text" } else { "cg-banner-text" }}
            tabindex="-1"
            hidden={props.hidden}
            onkeydown={dialog::keydown(props.node.clone(), props.ondismiss.clone())}
        >
            <div class="cg-banner-body">
                <h2 id="cg-banner-title" class="cg-title">{ ctx.t(Text::BannerTitle) }</h2>
                if let Some(notice) = &props.notice {
                    <p id="cg-banner-notice" class="cg-notice" dir="auto">{ notice.clone() }</p>
                }
                <p id="cg-banner-text" class="cg-text">
                    { config.banner_text(&ctx.locale) }
                    if config.policy_url.is_some() {
                        { " " }
                        <a class="cg-link" href={config.policy_page(&ctx.locale).to_owned()} onclick={props.onpolicy.clone()}>
                            { ctx.t(Text::PolicyLink) }
                        </a>
                    }
                </p>
            </div>
            <div class="cg-actions">
                <button type="button" class="cg-button" onclick={click(&props.onaccept)}>
                    { ctx.t(Text::AcceptAll) }
                </button>
                <button type="button" class="cg-button" onclick={click(&props.onreject)}>
                    { ctx.t(Text::RejectAll) }
                </button>
                <button type="button" class="cg-button" onclick={click(&props.onmanage)}>
                    { ctx.t(Text::ManagePreferences) }
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
