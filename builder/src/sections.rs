//! The builder's page: where to start, the forms of every part of the config, then the
//! preview and the export (`outputs`).

use consent_gate::core::builder::{self, path};
use consent_gate::core::cookies::NamePattern;
use consent_gate::core::i18n;
use consent_gate::core::json::Json;
use consent_gate::core::theme::{Layout, Role};
use yew::prelude::*;

use crate::LANGUAGES;
use crate::forms::{self, V, button, checkbox, localized, select, text};
use crate::model::{App, Msg, Typing};
use crate::outputs;

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
                    { languages(&v) }
                    { categories(&v) }
                    { pattern_help(&v) }
                    { google(&v) }
                    { look(&v) }
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

fn languages(v: &V<'_>) -> Html {
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
            <h3>{ v.t("siteTexts") }</h3>
            { localized(v, &v.t("bannerTitle"), "texts.bannerTitle", false) }
            { localized(v, &v.t("bannerText"), "texts.bannerText", true) }
        </section>
    }
}

fn categories(v: &V<'_>) -> Html {
    let ids: Vec<String> = match builder::get(&v.app.doc, &path("categories")) {
        Some(Json::Object(e)) => e.iter().map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    };
    let typing = v.link.callback(|e: InputEvent| {
        Msg::Typing(
            Typing::Category,
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    let (found, err_id) = forms::problems(v, "categories");
    html! {
        <section aria-labelledby="categories-title">
            <h2 id="categories-title">{ v.t("categoriesTitle") }</h2>
            { forms::error(&found, &err_id) }
            { for ids.iter().enumerate().map(|(i, id)| category(v, id, i, ids.len())) }
            <div class="add">
                <div class="field">
                    <label for="new-category">{ v.t("newCategory") }</label>
                    <input type="text" id="new-category" value={v.app.new_category.clone()} oninput={typing} aria-describedby="new-category-hint" />
                    <p class="hint" id="new-category-hint">{ v.t("idHint") }</p>
                </div>
                { button(v.t("addCategory"), v.link.callback(|_| Msg::AddCategory)) }
            </div>
        </section>
    }
}

fn mover(v: &V<'_>, at: &str, id: &str, i: usize, n: usize) -> Html {
    let (a, b, c) = (at.to_owned(), id.to_owned(), format!("{at}.{id}"));
    let up = {
        let (a, b) = (a.clone(), b.clone());
        v.link
            .callback(move |_| Msg::Move(a.clone(), b.clone(), true))
    };
    let down = {
        let (a, b) = (a.clone(), b.clone());
        v.link
            .callback(move |_| Msg::Move(a.clone(), b.clone(), false))
    };
    let remove = v.link.callback(move |_| Msg::Set(c.clone(), None));
    html! {
        <div class="buttons">
            <button type="button" onclick={up} disabled={i == 0} aria-label={v.t("moveUp").replace("{id}", id)}>{ "↑" }</button>
            <button type="button" onclick={down} disabled={i + 1 == n} aria-label={v.t("moveDown").replace("{id}", id)}>{ "↓" }</button>
            <button type="button" onclick={remove} aria-label={v.t("removeId").replace("{id}", id)}>{ v.t("remove") }</button>
        </div>
    }
}

fn category(v: &V<'_>, id: &str, i: usize, n: usize) -> Html {
    let at = format!("categories.{id}");
    let services: Vec<String> = match builder::get(&v.app.doc, &path(&format!("{at}.services"))) {
        Some(Json::Object(e)) => e.iter().map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    };
    let typing = v.link.callback(|e: InputEvent| {
        Msg::Typing(
            Typing::Service,
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    let category_id = id.to_owned();
    let new_id = format!("new-service-{id}");
    html! {
        <fieldset class="category">
            <legend>{ v.t("category").replace("{id}", id) }</legend>
            { mover(v, "categories", id, i, n) }
            { localized(v, &v.t("catTitle"), &format!("{at}.title"), false) }
            { localized(v, &v.t("catDescription"), &format!("{at}.description"), true) }
            { checkbox(v, &v.t("required"), &format!("{at}.required")) }
            { for services.iter().enumerate().map(|(j, s)| service(v, id, s, j, services.len())) }
            <div class="add">
                <div class="field">
                    <label for={new_id.clone()}>{ v.t("newService").replace("{id}", id) }</label>
                    <input type="text" id={new_id} oninput={typing} />
                </div>
                { button(v.t("addService").replace("{id}", id), v.link.callback(move |_| Msg::AddService(category_id.clone()))) }
            </div>
        </fieldset>
    }
}

fn service(v: &V<'_>, category: &str, id: &str, i: usize, n: usize) -> Html {
    let at = format!("categories.{category}.services.{id}");
    let cookies = builder::get(&v.app.doc, &path(&format!("{at}.cookies")))
        .and_then(Json::as_array)
        .map_or(0, <[Json]>::len);
    let add = {
        let at = format!("{at}.cookies.{cookies}");
        v.link.callback(move |_| {
            Msg::Set(
                at.clone(),
                Some(Json::Object(vec![(
                    "name".into(),
                    Json::String(String::new()),
                )])),
            )
        })
    };
    html! {
        <fieldset class="service">
            <legend>{ v.t("service").replace("{id}", id) }</legend>
            { mover(v, &format!("categories.{category}.services"), id, i, n) }
            { localized(v, &v.t("serviceTitle"), &format!("{at}.title"), false) }
            { localized(v, &v.t("serviceDescription"), &format!("{at}.description"), true) }
            { text(v, &v.t("provider"), &format!("{at}.provider"), None) }
            { text(v, &v.t("embedUrl"), &format!("{at}.embedUrl"), Some(&v.t("embedUrlHint"))) }
            { for (0..cookies).map(|c| cookie(v, &format!("{at}.cookies.{c}"), c)) }
            { button(v.t("addCookie").replace("{id}", id), add) }
        </fieldset>
    }
}

fn cookie(v: &V<'_>, at: &str, n: usize) -> Html {
    let remove = {
        let at = at.to_owned();
        v.link.callback(move |_| Msg::Set(at.clone(), None))
    };
    let number = (n + 1).to_string();
    html! {
        <fieldset class="cookie">
            <legend>{ v.t("cookie").replace("{n}", &number) }</legend>
            { text(v, &v.t("cookieName"), &format!("{at}.name"), Some(&v.t("cookieNameHint"))) }
            { text(v, &v.t("lifetime"), &format!("{at}.lifetime"), None) }
            { text(v, &v.t("cookieDescription"), &format!("{at}.description"), None) }
            { text(v, &v.t("cookiePath"), &format!("{at}.path"), None) }
            <button type="button" onclick={remove} aria-label={v.t("removeCookie").replace("{n}", &number)}>{ v.t("remove") }</button>
        </fieldset>
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

fn google(v: &V<'_>) -> Html {
    html! {
        <section aria-labelledby="google-title">
            <h2 id="google-title">{ v.t("googleTitle") }</h2>
            <div class="side-by-side">
                { text(v, &v.t("measurementId"), "google.measurementId", None) }
                { text(v, &v.t("containerId"), "google.containerId", None) }
            </div>
            { select(v, &v.t("googleMode"), "google.mode", &[("", v.t("modeBasic")), ("advanced", v.t("modeAdvanced"))]) }
            { text(v, &v.t("googleCategory"), "google.category", None) }
            <h2>{ v.t("proofTitle") }</h2>
            { text(v, &v.t("proofEndpoint"), "proof.endpoint", Some(&v.t("proofHint"))) }
        </section>
    }
}

fn look(v: &V<'_>) -> Html {
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
            <fieldset>
                <legend>{ v.t("colours") }</legend>
                <div class="colours">{ for Role::ALL.into_iter().map(|role| colour(v, role)) }</div>
            </fieldset>
            { outputs::contrast(v) }
        </section>
    }
}

fn colour(v: &V<'_>, role: Role) -> Html {
    let at = format!("theme.colors.{}", role.key());
    let (found, err_id) = forms::problems(v, &at);
    let id = forms::dom_id(&at);
    let hex = builder::colour_hex(&v.app.doc, false, role);
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
    let label = v.t(&format!("role-{}", role.key()));
    html! {
        <div class="field colour">
            <label for={id.clone()}>{ label }</label>
            <input type="color" {id} value={hex} oninput={set} aria-invalid={(!found.is_empty()).to_string()} aria-describedby={err_id.clone()} />
            { forms::error(&found, &err_id) }
        </div>
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
