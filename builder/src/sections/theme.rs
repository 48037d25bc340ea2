//! The look: layout, position, colour scheme, font, corner radius, and the light and dark
//! palettes' colours with their contrast, live.

use consent_gate::core::builder::{self, path};
use consent_gate::core::json::Json;
use consent_gate::core::theme::{Layout, Role};
use yew::prelude::*;

use crate::forms::{self, V, number, select, text};
use crate::model::Msg;
use crate::outputs;

/// The look section.
pub fn look(v: &V<'_>) -> Html {
    // The positions the chosen layout takes (an unknown name: the default layout's).
    let layout = builder::get_str(&v.app.doc, &path("layout"));
    let positions = Layout::from_name(&layout).unwrap_or_default().positions();
    let mut position_options = vec![("", v.t("byLayout"))];
    position_options.extend(positions.iter().map(|p| (*p, (*p).to_owned())));
    html! {
        <section aria-labelledby="look-title">
            <h2 id="look-title">{ v.t("lookTitle") }</h2>
            <div class="side-by-side">
                { select(v, &v.t("layout"), "layout", &[("", v.t("layoutBox")), ("bar", v.t("layoutBar")), ("modal", v.t("layoutModal"))]) }
                { select(v, &v.t("position"), "position", &position_options) }
                { select(v, &v.t("scheme"), "theme.scheme", &[("", v.t("schemeLight")), ("dark", v.t("schemeDark")), ("auto", v.t("schemeAuto"))]) }
            </div>
            <div class="side-by-side">
                { text(v, &v.t("font"), "theme.font", Some(&v.t("fontHint"))) }
                { number(v, &v.t("radius"), "theme.radius", Some(&v.t("radiusHint"))) }
            </div>
            <fieldset>
                <legend>{ v.t("colours") }</legend>
                <div class="colours">{ for Role::ALL.into_iter().map(|role| colour(v, role, false)) }</div>
            </fieldset>
            { outputs::contrast(v, false) }
            <fieldset>
                <legend>{ v.t("darkColours") }</legend>
                <p class="hint">{ v.t("darkColoursHint") }</p>
                <div class="colours">{ for Role::ALL.into_iter().map(|role| colour(v, role, true)) }</div>
            </fieldset>
            { outputs::contrast(v, true) }
        </section>
    }
}

fn colour(v: &V<'_>, role: Role, dark: bool) -> Html {
    let at = builder::colour_path(dark, role);
    let (found, err_id) = forms::problems(v, &at);
    let id = forms::dom_id(&at);
    let hex = builder::colour_hex(&v.app.doc, dark, role);
    let set = {
        let at = at.clone();
        v.link.callback(move |e: InputEvent| {
            Msg::Set(
                at.clone(),
                Some(Json::String(
                    e.target_unchecked_into::<web_sys::HtmlInputElement>()
                        .value(),
                )),
            )
        })
    };
    let label = outputs::role_name(v, role, dark);
    html! {
        <div class="field colour">
            <label for={id.clone()}>{ label }</label>
            <input type="color" {id} value={hex} oninput={set} aria-invalid={(!found.is_empty()).to_string()} aria-describedby={err_id.clone()} />
            { forms::error(&found, &err_id) }
        </div>
    }
}
