//! Region rules: where the banner asks first (opt-in) and where optional purposes run until
//! the visitor objects (opt-out), in order (the first covering the visitor's region applies).

use consent_gate::core::builder::{self, MODELS, path};
use consent_gate::core::json::Json;
use yew::prelude::*;

use super::categories::mover;
use crate::forms::{V, button, checkbox, list, select};
use crate::model::Msg;

/// The region rules section.
pub fn regions(v: &V<'_>) -> Html {
    let n = builder::get(&v.app.doc, &path("regions.rules"))
        .and_then(Json::as_array)
        .map_or(0, <[Json]>::len);
    let models: Vec<(&str, String)> = MODELS
        .iter()
        .map(|m| (*m, v.t(&format!("model-{m}"))))
        .collect();
    let rules = (0..n).map(|i| {
        let at = format!("regions.rules.{i}");
        let name = v.t("rule").replace("{n}", &(i + 1).to_string());
        // A rule without its (required) model, as imported: an empty choice first, so that
        // picking either model writes it.
        let mut models = models.clone();
        if builder::get(&v.app.doc, &path(&format!("{at}.model"))).is_none() {
            models.insert(0, ("", v.t("chooseModel")));
        }
        html! {
            <fieldset class="rule">
                <legend>{ name.clone() }</legend>
                { mover(v, "regions.rules", &i.to_string(), &name, i, n) }
                { list(v, &v.t("ruleRegions"), &format!("{at}.regions"), Some(&v.t("ruleRegionsHint"))) }
                { select(v, &v.t("ruleModel"), &format!("{at}.model"), &models) }
                { checkbox(v, &v.t("ruleGpc"), &format!("{at}.gpc")) }
            </fieldset>
        }
    });
    let add = v
        .link
        .callback(move |_| Msg::Set(format!("regions.rules.{n}"), Some(builder::new_rule())));
    html! {
        <section aria-labelledby="regions-title">
            <h2 id="regions-title">{ v.t("regionsTitle") }</h2>
            <p class="hint">{ v.t("regionsHint") }</p>
            { for rules }
            { button(v.t("addRule"), add) }
        </section>
    }
}
