//! The first layer: title, text, policy link, and three buttons of equal weight.

use yew::prelude::*;

use crate::core::i18n::Text;

use super::ConfigRef;
use super::hooks::dialog;

/// Props of [`Banner`].
#[derive(Properties, PartialEq)]
pub struct BannerProps {
    /// The banner's container, for focus.
    pub node: NodeRef,
    /// The validated config.
    pub config: ConfigRef,
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

/// The banner: a non-modal dialog at the bottom of the viewport; the page stays usable.
#[component]
pub fn Banner(props: &BannerProps) -> Html {
    let config = &props.config.0;
    let t = |text: Text| config.texts.get(text).to_owned();
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    html! {
        <section
            ref={props.node.clone()}
            class="cg-banner"
            role="dialog"
            aria-modal="false"
            aria-labelledby="cg-banner-title"
            aria-describedby={if props.notice.is_some() { "cg-banner-notice cg-banner-text" } else { "cg-banner-text" }}
            tabindex="-1"
            hidden={props.hidden}
            onkeydown={dialog::keydown(props.node.clone(), props.ondismiss.clone())}
        >
            <div class="cg-banner-body">
                <h2 id="cg-banner-title" class="cg-title">{ t(Text::BannerTitle) }</h2>
                if let Some(notice) = &props.notice {
                    <p id="cg-banner-notice" class="cg-notice">{ notice.clone() }</p>
                }
                <p id="cg-banner-text" class="cg-text">
                    { t(Text::BannerText) }
                    if config.policy_url.is_some() {
                        { " " }
                        <a class="cg-link" href={config.policy_page().to_owned()} onclick={props.onpolicy.clone()}>
                            { t(Text::PolicyLink) }
                        </a>
                    }
                </p>
            </div>
            <div class="cg-actions">
                <button type="button" class="cg-button" onclick={click(&props.onaccept)}>
                    { t(Text::AcceptAll) }
                </button>
                <button type="button" class="cg-button" onclick={click(&props.onreject)}>
                    { t(Text::RejectAll) }
                </button>
                <button type="button" class="cg-button" onclick={click(&props.onmanage)}>
                    { t(Text::ManagePreferences) }
                </button>
            </div>
        </section>
    }
}
