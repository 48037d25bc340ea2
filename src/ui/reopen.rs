//! The small floating control that reopens the preferences once a choice exists.

use yew::prelude::*;

use crate::core::i18n::Text;

use super::ConfigRef;

/// Props of [`Reopen`].
#[derive(Properties, PartialEq)]
pub struct ReopenProps {
    /// The validated config.
    pub config: ConfigRef,
    /// Opens the preferences.
    pub onopen: Callback<()>,
}

/// A round button in the bottom-left corner, named by the `reopenButton` text.
#[component]
pub fn Reopen(props: &ReopenProps) -> Html {
    let label = props.config.0.texts.get(Text::ReopenButton).to_owned();
    html! {
        <button
            type="button"
            class="cg-reopen"
            aria-label={label.clone()}
            title={label}
            onclick={props.onopen.reform(|_: MouseEvent| ())}
        >
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5Zm-4.5 9a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm4 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm5-1a1 1 0 1 1 0 2 1 1 0 0 1 0-2ZM9 6.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z" />
            </svg>
        </button>
    }
}
