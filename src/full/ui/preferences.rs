//! The second layer: every category with its services and cookies, a toggle per purpose
//! (nothing optional ticked before the visitor ticks it), and the three decisions.

use yew::prelude::*;

use crate::core::config::{Category, Service};
use crate::core::consent::{Action, Origin};
use crate::core::declaration::{Declaration, Section, declaration};
use crate::core::i18n::Text;
use crate::core::view::{Fixed, View};

use super::Ctx;
use super::cookie_table::cookie_table;
use super::frame::Frame;
use super::hooks::dialog;

/// Props of [`Preferences`].
#[derive(Properties, PartialEq)]
pub struct PreferencesProps {
    /// The dialog's container, for focus.
    pub node: NodeRef,
    /// The config and the language shown.
    pub ctx: Ctx,
    /// The core's view (the draft choices, the current decision).
    pub view: View,
    /// Sends an action into the core.
    pub ondispatch: Callback<Action>,
    /// A click on the policy link.
    pub onpolicy: Callback<MouseEvent>,
}

/// A modal dialog over a backdrop. Escape, the close button and a click on the backdrop
/// close it without deciding anything.
#[component]
pub fn Preferences(props: &PreferencesProps) -> Html {
    let PreferencesProps {
        node,
        ctx,
        view,
        ondispatch,
        onpolicy,
    } = props;
    let c = &ctx.config.0;
    let t = |text: Text| ctx.t(text);
    let send = |action: Action| {
        let ondispatch = ondispatch.clone();
        Callback::from(move |_: MouseEvent| ondispatch.emit(action.clone()))
    };
    let close = {
        let ondispatch = ondispatch.clone();
        Callback::from(move |()| ondispatch.emit(Action::ClosePreferences))
    };
    let model = declaration(c, &ctx.locale);
    html! {
        <Frame node={node.clone()} labelled_by="cg-prefs-title" onclose={close.clone()}>
                <div class="cg-dialog-head">
                    <h2 id="cg-prefs-title" class="cg-title">{ t(Text::PreferencesTitle) }</h2>
                    { dialog::close_button(ctx.locale.text(Text::Close), &close) }
                </div>
                <div class="cg-dialog-body">
                    <p class="cg-text">
                        { t(Text::PreferencesText) }
                        if c.policy_url.is_some() {
                            { " " }
                            <a class="cg-link" href={c.policy_page(&ctx.locale).to_owned()} onclick={onpolicy.clone()}>
                                { t(Text::PolicyLink) }
                            </a>
                        }
                    </p>
                    if view.gpc_honoured {
                        <p class="cg-gpc cg-gpc-opt-out">{ t(Text::GpcOptOut) }</p>
                    }
                    { for c.categories.iter().zip(&model.sections).map(|(category, section)| category_row(props, category, &model, section)) }
                    if let Some((id, at)) = &view.decided {
                        <p class="cg-meta">
                            { t(Text::ConsentId) }{ t(Text::FieldSeparator) }<code>{ id.clone() }</code>
                            <br />
                            { t(Text::DecidedAt) }{ t(Text::FieldSeparator) }
                            <time datetime={at.to_string()}>{ human_time(&at.to_string()) }</time>
                        </p>
                    }
                </div>
                <div class="cg-actions">
                    <button type="button" class="cg-button" onclick={send(Action::AcceptAll(Origin::Visitor))}>
                        { t(Text::AcceptAll) }
                    </button>
                    <button type="button" class="cg-button" onclick={send(Action::RejectAll(Origin::Visitor))}>
                        { t(Text::RejectAll) }
                    </button>
                    <button type="button" class="cg-button" onclick={send(Action::SavePreferences)}>
                        { t(Text::SavePreferences) }
                    </button>
                </div>
        </Frame>
    }
}

/// A category: its toggle, its services' toggles, and its table of cookies from the
/// declaration (`section`, the same the policy shows).
fn category_row(
    props: &PreferencesProps,
    category: &Category,
    model: &Declaration,
    section: &Section,
) -> Html {
    let ctx = &props.ctx;
    let t = |text: Text| ctx.t(text);
    let id = &category.id;
    let switch = props.view.switch(category, None);
    let onchange = toggle(&props.ondispatch, id, Action::SetCategory);
    let input_id = format!("cg-cat-{id}");
    let desc_id = format!("cg-cat-{id}-desc");
    let always_id = format!("cg-cat-{id}-always");
    let gpc_id = format!("cg-cat-{id}-gpc");
    let described_by = match switch.fixed {
        Some(Fixed::Required) => format!("{always_id} {desc_id}"),
        Some(Fixed::Gpc) => format!("{gpc_id} {desc_id}"),
        None => desc_id.clone(),
    };
    html! {
        <section class="cg-category" aria-labelledby={format!("cg-cat-{id}-title")}>
            <div class="cg-category-head">
                <h3 class="cg-category-title" id={format!("cg-cat-{id}-title")}>
                    <label for={input_id.clone()} dir="auto">{ ctx.pick(&category.title) }</label>
                </h3>
                if switch.fixed == Some(Fixed::Required) {
                    <span class="cg-always" id={always_id}>{ t(Text::AlwaysOn) }</span>
                }
                <input
                    type="checkbox"
                    role="switch"
                    class="cg-toggle"
                    id={input_id}
                    checked={switch.on}
                    disabled={switch.fixed.is_some()}
                    aria-describedby={described_by}
                    {onchange}
                />
            </div>
            if switch.fixed == Some(Fixed::Gpc) {
                <p class="cg-gpc" id={gpc_id}>{ t(Text::GpcHonoured) }</p>
            }
            <p class="cg-text" id={desc_id} dir="auto">{ ctx.pick(&category.description) }</p>
            if let Some(table) = &section.table {
                <details class="cg-services">
                    <summary>{ format!("{} ({})", t(Text::Services), category.services.len()) }</summary>
                    <ul class="cg-service-list">
                        { for category.services.iter().map(|s| service_row(props, category, s)) }
                    </ul>
                    { cookie_table(&model.columns, table) }
                </details>
            }
        </section>
    }
}

fn service_row(props: &PreferencesProps, category: &Category, service: &Service) -> Html {
    let ctx = &props.ctx;
    let id = &service.id;
    let switch = props.view.switch(category, Some(id));
    let onchange = toggle(&props.ondispatch, id, Action::SetService);
    let input_id = format!("cg-svc-{id}");
    html! {
        <li class="cg-service">
            <div class="cg-service-head">
                <label class="cg-service-title" for={input_id.clone()} dir="auto">{ ctx.pick(&service.title) }</label>
                <input
                    type="checkbox"
                    role="switch"
                    class="cg-toggle"
                    id={input_id}
                    checked={switch.on}
                    disabled={switch.fixed.is_some()}
                    {onchange}
                />
            </div>
            if !ctx.locale.pick(&service.description).is_empty() {
                <p class="cg-text" dir="auto">{ ctx.pick(&service.description) }</p>
            }
        </li>
    }
}

/// The `onchange` of a category's or a service's checkbox.
fn toggle(
    ondispatch: &Callback<Action>,
    id: &str,
    action: fn(String, bool) -> Action,
) -> Callback<Event> {
    let (ondispatch, id) = (ondispatch.clone(), id.to_owned());
    Callback::from(move |e: Event| {
        let on = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .checked();
        ondispatch.emit(action(id.clone(), on));
    })
}

/// `2026-11-25T09:00:00.000Z` -> `2026-11-25 09:00 UTC`.
fn human_time(iso: &str) -> String {
    match (iso.get(..10), iso.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => iso.to_owned(),
    }
}
