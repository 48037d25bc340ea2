//! The one dialog frame of the interface: a backdrop and a modal dialog inside it (WAI-ARIA
//! APG), used by the preferences and by the policy viewer. Escape, a click on the backdrop and
//! the dialog's close button (in its content) close it without deciding anything; Tab and
//! Shift+Tab stay inside.

use yew::prelude::*;

use super::hooks::dialog;

/// Props of [`Frame`].
#[derive(Properties, PartialEq)]
pub struct FrameProps {
    /// The dialog element, for focus.
    pub node: NodeRef,
    /// The id of the heading that names the dialog.
    pub labelled_by: AttrValue,
    /// A modifier of the dialog's and the backdrop's look (`policy`), if any.
    #[prop_or_default]
    pub variant: Option<&'static str>,
    /// Closes it.
    pub onclose: Callback<()>,
    /// The dialog's content: its head (title and close button), body and actions.
    pub children: Html,
}

/// A modal dialog over a backdrop.
#[component]
pub fn Frame(props: &FrameProps) -> Html {
    let backdrop = use_node_ref();
    let on_backdrop = dialog::backdrop_click(&backdrop, &props.onclose);
    let variant = |base: &str| {
        classes!(
            base.to_owned(),
            props.variant.map(|v| format!("{base}-{v}"))
        )
    };
    html! {
        <div ref={backdrop} class={variant("cg-backdrop")} onclick={on_backdrop}>
            <div
                ref={props.node.clone()}
                class={variant("cg-dialog")}
                role="dialog"
                aria-modal="true"
                aria-labelledby={props.labelled_by.clone()}
                tabindex="-1"
                onkeydown={dialog::keydown(props.node.clone(), props.onclose.clone())}
            >
                { props.children.clone() }
            </div>
        </div>
    }
}
