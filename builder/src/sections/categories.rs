//! Categories (title, description, strictly necessary, Global Privacy Control, Consent Mode
//! types), their services (names, provider, third party, embed address, localStorage keys)
//! and the services' cookies.

use consent_gate::core::builder::{self, path};
use consent_gate::core::json::Json;
use yew::prelude::*;

use crate::forms::{self, V, button, checkbox, list, localized, text};
use crate::model::{Msg, Typing};

pub fn categories(v: &V<'_>) -> Html {
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

/// Move up, move down and remove buttons of the entry `key` of the object (or array) at
/// `at`, named `id` in their labels.
pub fn mover(v: &V<'_>, at: &str, key: &str, id: &str, i: usize, n: usize) -> Html {
    let (a, b, c) = (at.to_owned(), key.to_owned(), format!("{at}.{key}"));
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
            { mover(v, "categories", id, id, i, n) }
            { localized(v, &v.t("catTitle"), &format!("{at}.title"), false) }
            { localized(v, &v.t("catDescription"), &format!("{at}.description"), true) }
            { checkbox(v, &v.t("required"), &format!("{at}.required")) }
            if builder::offers_gpc(&v.app.doc, id) {
                { checkbox(v, &v.t("gpc"), &format!("{at}.gpc")) }
            }
            { forms::consent_types(v, id) }
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
            { mover(v, &format!("categories.{category}.services"), id, id, i, n) }
            { localized(v, &v.t("serviceTitle"), &format!("{at}.title"), false) }
            { localized(v, &v.t("serviceDescription"), &format!("{at}.description"), true) }
            { text(v, &v.t("provider"), &format!("{at}.provider"), None) }
            { checkbox(v, &v.t("thirdParty"), &format!("{at}.thirdParty")) }
            { text(v, &v.t("embedUrl"), &format!("{at}.embedUrl"), Some(&v.t("embedUrlHint"))) }
            { list(v, &v.t("localStorage"), &format!("{at}.localStorage"), Some(&v.t("localStorageHint"))) }
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
