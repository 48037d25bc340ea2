//! The site's languages and texts: the languages it writes in (the default first), the
//! language it may fix, the banner's title and text, every other interface text it may
//! override (side by side per language, the built-in English text shown with each), and
//! its privacy policy's addresses.

use consent_gate::core::builder::{self, path};
use consent_gate::core::i18n;
use consent_gate::core::json::Json;
use yew::prelude::*;

use crate::forms::{self, V, localized, localized_with, select};
use crate::model::Msg;

pub fn languages(v: &V<'_>) -> Html {
    let listed = builder::get(&v.app.doc, &path("languages")).is_some();
    let chosen = v.langs.clone();
    let add = {
        let chosen = chosen.clone();
        v.link.callback(move |e: Event| {
            let tag = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let mut all: Vec<Json> = chosen.iter().map(|l| Json::String(l.clone())).collect();
            if !tag.is_empty() && !chosen.contains(&tag) {
                all.push(Json::String(tag));
            }
            Msg::Set("languages".into(), Some(Json::Array(all)))
        })
    };
    let items = chosen.iter().enumerate().map(|(i, tag)| {
        let rest: Vec<Json> = chosen.iter().filter(|l| *l != tag).map(|l| Json::String(l.clone())).collect();
        let remove = v.link.callback(move |_| Msg::Set("languages".into(), (!rest.is_empty()).then(|| Json::Array(rest.clone()))));
        let name = v.lang_name(tag);
        html! {
            <li>
                <span lang={tag.clone()}>{ format!("{name} ({tag})") }</span>
                if i == 0 { <span class="badge">{ v.t("defaultLanguage") }</span> }
                if listed && chosen.len() > 1 {
                    <button type="button" onclick={remove} aria-label={v.t("removeLanguage").replace("{name}", &name)}>{ v.t("remove") }</button>
                }
            </li>
        }
    });
    let (found, err_id) = forms::problems(v, "languages");
    // The fixed language: none (the page's or the visitor's), or one of the site's.
    let mut fixed = vec![(String::new(), v.t("fixedLanguageAuto"))];
    fixed.extend(
        builder::fixed_language_choices(&v.app.doc)
            .into_iter()
            .map(|t| {
                let name = format!("{} ({t})", v.lang_name(&t));
                (t, name)
            }),
    );
    let fixed: Vec<(&str, String)> = fixed.iter().map(|(t, n)| (t.as_str(), n.clone())).collect();
    html! {
        <section aria-labelledby="languages-title">
            <h2 id="languages-title">{ v.t("languagesTitle") }</h2>
            <p class="hint">{ v.t("languagesHint") }</p>
            <ul class="languages">{ for items }</ul>
            <div class="field">
                <label for="add-language">{ v.t("addLanguage") }</label>
                <select id="add-language" onchange={add} aria-describedby={err_id.clone()}>
                    <option value="" selected=true>{ v.t("chooseLanguage") }</option>
                    { for i18n::built_in_tags().into_iter().filter(|t| !chosen.iter().any(|c| c == t)).map(|t| html! {
                        <option value={t}>{ format!("{} ({t})", v.lang_name(t)) }</option>
                    }) }
                </select>
                { forms::error(&found, &err_id) }
            </div>
            { select(v, &v.t("fixedLanguage"), "language", &fixed) }
            <h3>{ v.t("siteTexts") }</h3>
            { localized(v, &v.t("bannerTitle"), "texts.bannerTitle", false) }
            { localized(v, &v.t("bannerText"), "texts.bannerText", true) }
        </section>
    }
}

/// Every interface text a site may override, in a disclosure (closed until asked for).
pub fn interface_texts(v: &V<'_>) -> Html {
    let texts = builder::other_texts();
    // As the user leaves it, and open while a text has a problem (so it is in view).
    let open = v.app.texts_open || v.app.problems.iter().any(|p| p.path.starts_with("texts."));
    let ontoggle = v.link.callback(|e: Event| {
        Msg::TextsOpen(
            e.target_unchecked_into::<web_sys::HtmlDetailsElement>()
                .open(),
        )
    });
    let fields = texts.iter().map(|(key, english)| {
        let hint = v.t("builtInText").replace("{text}", english);
        // Long texts get a text area.
        localized_with(
            v,
            key,
            &format!("texts.{key}"),
            english.len() > 60,
            Some(&hint),
        )
    });
    html! {
        <section aria-labelledby="texts-title">
            <h2 id="texts-title">{ v.t("textsTitle") }</h2>
            <p class="hint">{ v.t("textsHint") }</p>
            <details {open} {ontoggle}>
                <summary>{ v.t("textsShow").replace("{n}", &texts.len().to_string()) }</summary>
                { for fields }
            </details>
        </section>
    }
}

/// The privacy policy: the document the viewer shows, and the page its links point to.
pub fn policy(v: &V<'_>) -> Html {
    html! {
        <section aria-labelledby="policy-title">
            <h2 id="policy-title">{ v.t("policyTitle") }</h2>
            { localized_with(v, &v.t("policyUrl"), "policy.url", false, Some(&v.t("policyUrlHint"))) }
            { localized_with(v, &v.t("policyPage"), "policy.page", false, Some(&v.t("policyPageHint"))) }
        </section>
    }
}
