//! Google's tags and Consent Mode (with advanced mode's extra defaults by region), the proof
//! endpoint, and Microsoft's tags (UET, Clarity).

use consent_gate::core::builder;
use yew::prelude::*;

use crate::forms::{self, V, button, checkbox, number, select, text};
use crate::model::{Msg, Typing};

pub fn google(v: &V<'_>) -> Html {
    html! {
        <section aria-labelledby="google-title">
            <h2 id="google-title">{ v.t("googleTitle") }</h2>
            <div class="side-by-side">
                { text(v, &v.t("measurementId"), "google.measurementId", None) }
                { text(v, &v.t("containerId"), "google.containerId", None) }
            </div>
            { select(v, &v.t("googleMode"), "google.mode", &[("", v.t("modeBasic")), ("advanced", v.t("modeAdvanced"))]) }
            { text(v, &v.t("googleCategory"), "google.category", None) }
            { checkbox(v, &v.t("googleConsentMode"), "google.consentMode") }
            if builder::offers_advanced(&v.app.doc) {
                <fieldset>
                    <legend>{ v.t("advancedOnly") }</legend>
                    { number(v, &v.t("waitForUpdate"), "google.waitForUpdate", Some(&v.t("waitForUpdateHint"))) }
                    { checkbox(v, &v.t("adsDataRedaction"), "google.adsDataRedaction") }
                    { checkbox(v, &v.t("urlPassthrough"), "google.urlPassthrough") }
                    { regions(v) }
                </fieldset>
            }
            <h2>{ v.t("proofTitle") }</h2>
            { text(v, &v.t("proofEndpoint"), "proof.endpoint", Some(&v.t("proofHint"))) }
        </section>
    }
}

/// Microsoft's tags: a UET tag id and a Clarity project id (the reader's errors at each).
pub fn microsoft(v: &V<'_>) -> Html {
    html! {
        <section aria-labelledby="microsoft-title">
            <h2 id="microsoft-title">{ v.t("microsoftTitle") }</h2>
            <div class="side-by-side">
                { text(v, &v.t("uetId"), "microsoft.uetId", Some(&v.t("uetIdHint"))) }
                { text(v, &v.t("clarityId"), "microsoft.clarityId", Some(&v.t("clarityIdHint"))) }
            </div>
        </section>
    }
}

/// Advanced mode's extra defaults by region (`google.regions`): a region code, the Consent
/// Mode types granted there by default, one box each.
fn regions(v: &V<'_>) -> Html {
    let codes = builder::google_regions(&v.app.doc);
    // Problems of the whole key here; a region's at its own group.
    let own: Vec<String> = v
        .app
        .problems
        .iter()
        .filter(|p| p.path == "google.regions")
        .map(ToString::to_string)
        .collect();
    let groups = codes.iter().map(|code| {
        let at = format!("google.regions.{code}");
        let (found, err_id) = forms::problems(v, &at);
        let now = builder::region_types(&v.app.doc, code);
        let name = v.t("googleRegion").replace("{code}", code);
        let remove = {
            let at = at.clone();
            v.link.callback(move |_| Msg::Set(at.clone(), None))
        };
        html! {
            <fieldset class="consent-types">
                <legend>{ name.clone() }</legend>
                { forms::type_boxes(v, &at, &now, |t, on| Some(builder::with_region_type(&v.app.doc, code, t, on))) }
                <button type="button" onclick={remove} aria-label={v.t("removeId").replace("{id}", &name)}>{ v.t("remove") }</button>
                { forms::error(&found, &err_id) }
            </fieldset>
        }
    });
    let typing = v.link.callback(|e: InputEvent| {
        Msg::Typing(
            Typing::GoogleRegion,
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    html! {
        <fieldset>
            <legend>{ v.t("googleRegions") }</legend>
            <p class="hint" id="google-regions-hint">{ v.t("googleRegionsHint") }</p>
            { for groups }
            <div class="field inline">
                <label for="new-google-region">{ v.t("newGoogleRegion") }</label>
                <input type="text" id="new-google-region" value={v.app.new_region.clone()} oninput={typing} aria-describedby="google-regions-hint google-regions-error" />
                { button(v.t("addGoogleRegion"), v.link.callback(|_| Msg::AddGoogleRegion)) }
            </div>
            { forms::error(&own, "google-regions-error") }
        </fieldset>
    }
}
