//! Form fields bound to a path of the draft: a label, the control, and the config reader's
//! problems with that field right after it (`aria-invalid`, `aria-describedby`), in the
//! words `consent-gate check` prints.

use consent_gate::core::builder::{self, path};
use consent_gate::core::json::Json;
use yew::html::Scope;
use yew::prelude::*;

use crate::model::{App, Msg};
use crate::shell;

/// What every field needs: the app (draft, problems, texts) and its messages.
pub struct V<'a> {
    pub app: &'a App,
    pub link: &'a Scope<App>,
    /// The languages the site's texts are written in.
    pub langs: Vec<String>,
}

impl V<'_> {
    /// The builder's text of `key`.
    pub fn t(&self, key: &str) -> String {
        self.app.texts.t(key)
    }

    /// A language's name in the builder's language.
    pub fn lang_name(&self, tag: &str) -> String {
        shell::language_name(tag, &self.app.texts.tag)
    }
}

/// The element id of the field at `at` (a path with dots).
pub fn dom_id(at: &str) -> String {
    let mut id = String::from("f-");
    id.extend(at.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '-'
        }
    }));
    id
}

/// The problems of the field at `at`, and the id of the element that says them.
pub fn problems(v: &V<'_>, at: &str) -> (Vec<String>, String) {
    let name = builder::field_name(&path(at));
    let found = v
        .app
        .problems
        .iter()
        .filter(|p| builder::belongs(p, &name))
        .map(ToString::to_string)
        .collect();
    (found, format!("{}-error", dom_id(at)))
}

/// The element that says a field's problems (always there, so announcing it is stable).
pub fn error(found: &[String], id: &str) -> Html {
    html! {
        <div class="problems" id={id.to_owned()}>
            { for found.iter().map(|p| html! { <p class="problem">{ p.clone() }</p> }) }
        </div>
    }
}

fn value_of(e: &InputEvent) -> String {
    if let Some(t) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

/// What a one-line field holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A string.
    Text,
    /// A number (`type="number"`).
    Number,
    /// A list of strings, comma-separated.
    List,
}

fn input(v: &V<'_>, label: &str, at: &str, hint: Option<&str>, kind: Kind) -> Html {
    let (found, err_id) = problems(v, at);
    let id = dom_id(at);
    let hint_id = format!("{id}-hint");
    let doc = &v.app.doc;
    let value = match kind {
        Kind::Text => builder::get_str(doc, &path(at)),
        Kind::Number => builder::number_text(doc, &path(at)),
        Kind::List => builder::list_text(doc, &path(at)),
    };
    let at = at.to_owned();
    let oninput = v.link.callback(move |e: InputEvent| {
        let value = value_of(&e);
        let written = match kind {
            Kind::Text => (!value.is_empty()).then_some(Json::String(value)),
            Kind::Number => builder::number_value(&value),
            Kind::List => builder::list_value(&value),
        };
        Msg::Set(at.clone(), written)
    });
    let described = if hint.is_some() {
        format!("{hint_id} {err_id}")
    } else {
        err_id.clone()
    };
    let kind = if kind == Kind::Number {
        "number"
    } else {
        "text"
    };
    html! {
        <div class="field">
            <label for={id.clone()}>{ label.to_owned() }</label>
            if let Some(hint) = hint {
                <p class="hint" id={hint_id}>{ hint.to_owned() }</p>
            }
            <input type={kind} {id} {value} {oninput} aria-invalid={(!found.is_empty()).to_string()} aria-describedby={described} />
            { error(&found, &err_id) }
        </div>
    }
}

/// A string field: an empty one is removed from the draft.
pub fn text(v: &V<'_>, label: &str, at: &str, hint: Option<&str>) -> Html {
    input(v, label, at, hint, Kind::Text)
}

/// A number field: an empty one is removed; what is not a number is written as typed, for
/// the config reader to name.
pub fn number(v: &V<'_>, label: &str, at: &str, hint: Option<&str>) -> Html {
    input(v, label, at, hint, Kind::Number)
}

/// A list of strings written on one line, comma-separated (`EU, GB`).
pub fn list(v: &V<'_>, label: &str, at: &str, hint: Option<&str>) -> Html {
    input(v, label, at, hint, Kind::List)
}

/// A site text: one field per language of the site, side by side.
pub fn localized(v: &V<'_>, label: &str, at: &str, long: bool) -> Html {
    localized_with(v, label, at, long, None)
}

/// A site text with a hint said with each of its fields.
pub fn localized_with(v: &V<'_>, label: &str, at: &str, long: bool, hint: Option<&str>) -> Html {
    let (found, err_id) = problems(v, at);
    let hint_id = format!("{}-hint", dom_id(at));
    let described = if hint.is_some() {
        format!("{hint_id} {err_id}")
    } else {
        err_id.clone()
    };
    let current = builder::get(&v.app.doc, &path(at));
    let many = v.langs.len() > 1;
    let fields = v.langs.iter().map(|lang| {
        let id = format!("{}-{lang}", dom_id(at));
        let (value, placeholder) = builder::text_field(current, lang, &v.langs);
        let (at, tag) = (at.to_owned(), lang.clone());
        let oninput = v.link.callback(move |e: InputEvent| Msg::Text(at.clone(), tag.clone(), value_of(&e)));
        let label = if many { format!("{label} ({})", v.lang_name(lang)) } else { label.to_owned() };
        let invalid = (!found.is_empty()).to_string();
        html! {
            <div class="field">
                <label for={id.clone()}>{ label }</label>
                if long {
                    <textarea {id} {value} {placeholder} {oninput} lang={lang.clone()} rows="2" aria-invalid={invalid} aria-describedby={described.clone()} />
                } else {
                    <input type="text" {id} {value} {placeholder} {oninput} lang={lang.clone()} aria-invalid={invalid} aria-describedby={described.clone()} />
                }
            </div>
        }
    });
    html! {
        <div class="localized">
            <div class="side-by-side">{ for fields }</div>
            if let Some(hint) = hint {
                <p class="hint" id={hint_id.clone()}>{ hint.to_owned() }</p>
            }
            { error(&found, &err_id) }
        </div>
    }
}

/// A choice of strings (`""`: the key is left out, its default applies).
pub fn select(v: &V<'_>, label: &str, at: &str, options: &[(&str, String)]) -> Html {
    let (found, err_id) = problems(v, at);
    let id = dom_id(at);
    let current = builder::get_str(&v.app.doc, &path(at));
    let at = at.to_owned();
    let onchange = v.link.callback(move |e: Event| {
        let value = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        Msg::Set(
            at.clone(),
            (!value.is_empty()).then_some(Json::String(value)),
        )
    });
    html! {
        <div class="field">
            <label for={id.clone()}>{ label.to_owned() }</label>
            <select {id} {onchange} aria-invalid={(!found.is_empty()).to_string()} aria-describedby={err_id.clone()}>
                { for options.iter().map(|(value, text)| html! {
                    <option value={value.to_string()} selected={*value == current}>{ text.clone() }</option>
                }) }
            </select>
            { error(&found, &err_id) }
        </div>
    }
}

/// One box (and its label) writing the key at `at`: `on` when ticked, `off` when not (`None`
/// removes it).
struct Tick<'a> {
    id: String,
    label: String,
    checked: bool,
    at: &'a str,
    on: Option<Json>,
    off: Option<Json>,
}

fn tick(v: &V<'_>, t: Tick<'_>, found: &[String], err_id: &str) -> Html {
    let Tick {
        id,
        label,
        checked,
        at,
        on,
        off,
    } = t;
    let at = at.to_owned();
    let onchange = v.link.callback(move |e: Event| {
        let ticked = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .checked();
        Msg::Set(at.clone(), if ticked { on.clone() } else { off.clone() })
    });
    html! {
        <>
            <input type="checkbox" id={id.clone()} {checked} {onchange} aria-invalid={(!found.is_empty()).to_string()} aria-describedby={err_id.to_owned()} />
            <label for={id}>{ label }</label>
        </>
    }
}

/// A yes/no key, ticked as given or as its default; a box left at the default writes
/// nothing (`core::builder::flag`).
pub fn checkbox(v: &V<'_>, label: &str, at: &str) -> Html {
    let (found, err_id) = problems(v, at);
    let p = path(at);
    let t = Tick {
        id: dom_id(at),
        label: label.to_owned(),
        checked: builder::flag(&v.app.doc, &p),
        at,
        on: builder::flag_value(&v.app.doc, &p, true),
        off: builder::flag_value(&v.app.doc, &p, false),
    };
    html! {
        <div class="field check">
            { tick(v, t, &found, &err_id) }
            { error(&found, &err_id) }
        </div>
    }
}

/// The Consent Mode types in a list at `at`, one box each, ticked as `now` says; `write(type,
/// ticked)` is what the list becomes. The caller says the list's problems (`problems(v, at)`).
pub fn type_boxes(
    v: &V<'_>,
    at: &str,
    now: &[String],
    write: impl Fn(&str, bool) -> Option<Json>,
) -> Html {
    let (found, err_id) = problems(v, at);
    let boxes = builder::consent_type_names().into_iter().map(|name| {
        let t = Tick {
            id: dom_id(&format!("{at}.{name}")),
            label: v.t(&format!("ct-{name}")),
            checked: now.iter().any(|n| n == name),
            at,
            on: write(name, true),
            off: write(name, false),
        };
        html! { <div class="field check">{ tick(v, t, &found, &err_id) }</div> }
    });
    html! { <>{ for boxes }</> }
}

/// The Consent Mode types a category grants, one box each (as given, else its id's).
pub fn consent_types(v: &V<'_>, category: &str) -> Html {
    let at = format!("categories.{category}.consentMode");
    let (found, err_id) = problems(v, &at);
    let now = builder::consent_types(&v.app.doc, category);
    let doc = &v.app.doc;
    html! {
        <fieldset class="consent-types">
            <legend>{ v.t("consentTypes") }</legend>
            <p class="hint">{ v.t("consentTypesHint") }</p>
            { type_boxes(v, &at, &now, |name, on| builder::with_consent_type(doc, category, name, on)) }
            { error(&found, &err_id) }
        </fieldset>
    }
}

/// A button.
pub fn button(label: String, onclick: Callback<MouseEvent>) -> Html {
    html! { <button type="button" {onclick}>{ label }</button> }
}
