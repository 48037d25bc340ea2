//! The builder's page: where to start, the forms of every part of the config (one module
//! per part: `texts` (languages, every interface text, the policy), `consent`, `categories`,
//! `google` with Microsoft, `theme`, `regions`), the raw JSON of the keys the config reader
//! does not know, then the preview and the export (`outputs`).

use consent_gate::core::builder;
use consent_gate::core::cookies::NamePattern;
use yew::prelude::*;

use crate::LANGUAGES;
use crate::forms::{V, button};
use crate::model::{App, Msg, Typing};
use crate::outputs;

mod categories;
mod consent;
mod google;
mod regions;
mod texts;
mod theme;

/// The whole page.
pub fn page(app: &App, ctx: &Context<App>) -> Html {
    let v = V {
        app,
        link: ctx.link(),
        langs: builder::languages(&app.doc),
    };
    let ui = v.link.callback(|e: Event| {
        Msg::Ui(
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        )
    });
    html! {
        <>
            <header class="top">
                <h1>{ v.t("title") }</h1>
                <div class="field inline">
                    <label for="ui-language">{ v.t("uiLanguage") }</label>
                    <select id="ui-language" onchange={ui}>
                        { for LANGUAGES.iter().map(|(tag, _)| html! {
                            <option value={*tag} lang={*tag} selected={app.texts.tag == *tag}>
                                { crate::shell::language_name(tag, tag) }
                            </option>
                        }) }
                    </select>
                </div>
            </header>
            <p class="intro">{ v.t("intro") }</p>
            <p class="status" role="status">{ app.status.clone() }</p>
            <div class="columns">
                <main class="forms">
                    { start(&v) }
                    { outputs::summary(&v) }
                    { texts::languages(&v) }
                    { texts::interface_texts(&v) }
                    { texts::policy(&v) }
                    { consent::consent(&v) }
                    { categories::categories(&v) }
                    { pattern_help(&v) }
                    { google::google(&v) }
                    { google::microsoft(&v) }
                    { theme::look(&v) }
                    { regions::regions(&v) }
                    { others(&v) }
                </main>
                <aside class="outputs" aria-label={v.t("outputs")} tabindex="0">
                    { outputs::preview(&v) }
                    { outputs::export(&v) }
                </aside>
            </div>
        </>
    }
}

fn start(v: &V<'_>) -> Html {
    let onchange = v.link.batch_callback(|e: Event| {
        let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
        input.files().and_then(|f| f.get(0)).map(Msg::File)
    });
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = v.link.batch_callback(|e: DragEvent| {
        e.prevent_default();
        e.data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
            .map(Msg::File)
    });
    html! {
        <section aria-labelledby="start-title">
            <h2 id="start-title">{ v.t("startTitle") }</h2>
            <div class="buttons">
                { button(v.t("startEmpty"), v.link.callback(|_| Msg::Empty)) }
                { button(v.t("startDemo"), v.link.callback(|_| Msg::Demo)) }
            </div>
            <div class="drop" {ondragover} {ondrop}>
                <label for="open-file">{ v.t("openFile") }</label>
                <input type="file" id="open-file" accept=".json,application/json" aria-describedby="open-file-hint" {onchange} />
                <p class="hint" id="open-file-hint">{ v.t("openFileHint") }</p>
            </div>
        </section>
    }
}

fn pattern_help(v: &V<'_>) -> Html {
    let pattern = v.link.callback(|e: InputEvent| {
        Msg::Typing(
            Typing::Pattern,
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    let samples = v.link.callback(|e: InputEvent| {
        Msg::Typing(
            Typing::Samples,
            e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value(),
        )
    });
    let result = match NamePattern::parse(v.app.pattern.trim()) {
        Err(e) => html! { <p class="problem" id="pattern-result">{ e }</p> },
        Ok(p) => html! {
            <ul id="pattern-result">
                { for v.app.samples.lines().map(str::trim).filter(|s| !s.is_empty()).map(|name| {
                    let key = if p.matches(name) { "matches" } else { "noMatch" };
                    html! { <li class={key}>{ v.t(key).replace("{name}", name) }</li> }
                }) }
            </ul>
        },
    };
    html! {
        <section aria-labelledby="pattern-title">
            <h2 id="pattern-title">{ v.t("patternTitle") }</h2>
            <p class="hint">{ v.t("patternHelp") }</p>
            <div class="side-by-side">
                <div class="field">
                    <label for="pattern">{ v.t("pattern") }</label>
                    <input type="text" id="pattern" value={v.app.pattern.clone()} oninput={pattern} aria-describedby="pattern-result" />
                </div>
                <div class="field">
                    <label for="samples">{ v.t("samples") }</label>
                    <textarea id="samples" rows="3" value={v.app.samples.clone()} oninput={samples} />
                </div>
            </div>
            <div aria-live="polite">{ result }</div>
        </section>
    }
}

fn others(v: &V<'_>) -> Html {
    let typing = v.link.callback(|e: InputEvent| {
        Msg::Typing(
            Typing::Others,
            e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value(),
        )
    });
    let error = v.app.others_error.clone().unwrap_or_default();
    html! {
        <section aria-labelledby="others-title">
            <h2 id="others-title">{ v.t("othersTitle") }</h2>
            <p class="hint" id="others-hint">{ v.t("othersHint") }</p>
            <div class="field">
                <label for="others">{ v.t("othersLabel") }</label>
                <textarea id="others" rows="6" class="code" value={v.app.others.clone()} oninput={typing} aria-invalid={(!error.is_empty()).to_string()} aria-describedby="others-hint others-error" />
                <div class="problems" id="others-error">if !error.is_empty() { <p class="problem">{ error }</p> }</div>
            </div>
            { button(v.t("apply"), v.link.callback(|_| Msg::ApplyOthers)) }
        </section>
    }
}
