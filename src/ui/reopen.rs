//! The small floating control that reopens the preferences once a choice exists.

use yew::prelude::*;

use crate::browser::reopen_icon::ICON;
use crate::core::i18n::Text;

use super::Ctx;

/// Props of [`Reopen`].
#[derive(Properties, PartialEq)]
pub struct ReopenProps {
    /// The button, for focus.
    pub node: NodeRef,
    /// The config and the language shown.
    pub ctx: Ctx,
    /// Opens the preferences.
    pub onopen: Callback<()>,
}

/// A round button in the corner the config names (`reopenPosition`), named by the
/// `reopenButton` text.
#[component]
pub fn Reopen(props: &ReopenProps) -> Html {
    let label = props.ctx.t(Text::ReopenButton);
    let corner = props.ctx.config.0.look.reopen_position;
    html! {
        <button
            ref={props.node.clone()}
            type="button"
            class={classes!("cg-reopen", format!("cg-at-{corner}"))}
            aria-label={label.clone()}
            title={label}
            onclick={props.onopen.reform(|_: MouseEvent| ())}
        >
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path d={ICON} />
            </svg>
        </button>
    }
}
