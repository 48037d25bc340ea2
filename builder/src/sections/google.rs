//! Google's tags and Consent Mode, the proof endpoint, and Microsoft's tags (UET, Clarity).

use yew::prelude::*;

use crate::forms::{V, checkbox, number, select, text};

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
            <fieldset>
                <legend>{ v.t("advancedOnly") }</legend>
                { number(v, &v.t("waitForUpdate"), "google.waitForUpdate", Some(&v.t("waitForUpdateHint"))) }
                { checkbox(v, &v.t("adsDataRedaction"), "google.adsDataRedaction") }
                { checkbox(v, &v.t("urlPassthrough"), "google.urlPassthrough") }
            </fieldset>
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
