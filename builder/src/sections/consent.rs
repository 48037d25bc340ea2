//! How consent is asked and kept: the revision and its message, how long a choice lasts,
//! the reload on withdrawal, the reopen control and its corner, the placeholders, the
//! blocking backdrop and the domain a choice is shared across.

use consent_gate::core::builder::REOPEN_CORNERS;
use yew::prelude::*;

use crate::forms::{V, checkbox, localized, number, select, text};

/// The consent section.
pub fn consent(v: &V<'_>) -> Html {
    // The first corner is the default: choosing it leaves the key out.
    let corners: Vec<(&str, String)> = REOPEN_CORNERS
        .iter()
        .enumerate()
        .map(|(i, c)| (if i == 0 { "" } else { *c }, v.t(&format!("corner-{c}"))))
        .collect();
    html! {
        <section aria-labelledby="consent-title">
            <h2 id="consent-title">{ v.t("consentTitle") }</h2>
            <div class="side-by-side">
                { number(v, &v.t("revision"), "revision", Some(&v.t("revisionHint"))) }
                { number(v, &v.t("expiryDays"), "expiryDays", Some(&v.t("expiryDaysHint"))) }
            </div>
            { localized(v, &v.t("revisionMessage"), "revisionMessage", true) }
            { checkbox(v, &v.t("reloadOnWithdraw"), "reloadOnWithdraw") }
            { checkbox(v, &v.t("placeholders"), "placeholders") }
            { checkbox(v, &v.t("blocking"), "blocking") }
            // One above the other: a corner's name is long (with its right-to-left side).
            { checkbox(v, &v.t("reopenButton"), "reopenButton") }
            { select(v, &v.t("reopenPosition"), "reopenPosition", &corners) }
            { text(v, &v.t("consentDomain"), "consentDomain", Some(&v.t("consentDomainHint"))) }
        </section>
    }
}
