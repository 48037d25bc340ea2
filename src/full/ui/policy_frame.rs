//! The privacy policy viewer's frame: a dialog over the banner or the preferences, or the
//! content area of a standalone policy page. The document itself (contents, sections, the
//! cookie declaration) is drawn by the lazily loaded policy build into an element this frame
//! provides, so none of that code is on the banner's path.

use web_sys::Element;
use yew::prelude::*;

use crate::core::consent::Action;
use crate::core::i18n::Text;
use crate::core::view::PolicyDocument;
use crate::full::browser;

use super::Ctx;
use super::frame::Frame;
use super::hooks::dialog;

/// The policy as a modal dialog. Escape, the close button and the backdrop close it.
pub fn dialog(
    node: &NodeRef,
    ctx: &Ctx,
    document: &PolicyDocument,
    ondispatch: &Callback<Action>,
) -> Html {
    let close = ondispatch.reform(|()| Action::ClosePolicy);
    html! {
        <Frame node={node.clone()} labelled_by="cg-policy-title" variant={Some("policy")} onclose={close.clone()}>
            <PolicyBody ctx={ctx.clone()} document={document.clone()} onclose={Some(close)} title=true />
        </Frame>
    }
}

/// The policy on a standalone page, drawn through a portal into the site's
/// `data-consent-gate="policy"` element (in its own shadow root); or, without its title, the
/// cookie declaration alone in a `data-consent-gate="cookie-declaration"` element.
pub fn page(host: &Element, ctx: &Ctx, document: &PolicyDocument, title: bool) -> Html {
    create_portal(
        html! {
            <article
                class="cg cg-policy-page"
                lang={ctx.locale.tag.clone()}
                dir={ctx.locale.dir()}
                data-scheme={ctx.config.0.look.theme.scheme.name()}
            >
                <PolicyBody ctx={ctx.clone()} document={document.clone()} onclose={None::<Callback<()>>} {title} />
            </article>
        },
        host.clone(),
    )
}

/// Props of [`PolicyBody`].
#[derive(Properties, PartialEq)]
pub struct PolicyBodyProps {
    /// The config and the language shown.
    pub ctx: Ctx,
    /// The document (or its state).
    pub document: PolicyDocument,
    /// In a dialog: closes it (and the frame draws a heading and a close button).
    pub onclose: Option<Callback<()>>,
    /// On a page: draw the document's title (not for the cookie declaration alone).
    pub title: bool,
}

/// The frame: the dialog's heading (the document's title once drawn), the loading or error
/// message, and the element the policy build draws into.
#[component]
pub fn PolicyBody(props: &PolicyBodyProps) -> Html {
    let ctx = &props.ctx;
    let c = &ctx.config.0;
    let t = |text: Text| ctx.t(text);
    let title = use_state(String::new);
    let body = use_node_ref();
    let in_dialog = props.onclose.is_some();
    let show_title = props.title && !in_dialog;
    {
        let (title, body) = (title.clone(), body.clone());
        // Drawn again when the document or the language changes; the drawing's listeners go
        // with it.
        use_effect_with(
            (props.document.clone(), ctx.locale.clone()),
            move |(document, locale)| {
                let mut drawn = None;
                if let (PolicyDocument::Ready(source), Some(el)) =
                    (document, body.cast::<Element>())
                {
                    let offset = u8::from(in_dialog);
                    let d = browser::policy_build::render(&el, source, locale, offset, show_title);
                    title.set(d.title.clone());
                    drawn = Some(d);
                }
                move || drop(drawn)
            },
        );
    }
    let heading = if title.is_empty() {
        t(Text::PolicyLink)
    } else {
        (*title).clone()
    };
    html! {
        <>
            if let Some(close) = &props.onclose {
                <div class="cg-dialog-head">
                    <h2 id="cg-policy-title" class="cg-title">{ heading }</h2>
                    { dialog::close_button(ctx.locale.text(Text::Close), close) }
                </div>
            }
            <div class={if in_dialog { "cg-dialog-body cg-policy" } else { "cg-policy" }}>
                {
                    match &props.document {
                        PolicyDocument::Loading => html! {
                            <p class="cg-text" role="status">{ t(Text::PolicyLoading) }</p>
                        },
                        PolicyDocument::Failed(_) => html! {
                            <p class="cg-text" role="alert">
                                { t(Text::PolicyFailed) }{ " " }
                                <a class="cg-link" href={c.policy_page(&ctx.locale).to_owned()}>{ t(Text::PolicyLink) }</a>
                            </p>
                        },
                        PolicyDocument::Ready(_) => html! { <div ref={body} class="cg-policy-content"></div> },
                    }
                }
            </div>
        </>
    }
}
