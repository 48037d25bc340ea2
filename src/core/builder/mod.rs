//! The config builder's decisions (`builder/`, `www/builder.html`): where in the draft a form
//! field writes, which of the config reader's errors belong to which field, texts per
//! language, the contrast of the theme's colours, and what is exported. The builder's Yew
//! components only render these and dispatch edits.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::config::Config;
use crate::core::json::{FieldError, Json, UNKNOWN_FIELD};
use crate::core::theme::{self, PAIRS, Palette, Rgb, Role};

mod fields;
mod raw;
mod texts;

pub use fields::*;
pub use raw::*;
pub use texts::*;

/// One step of a path into the draft: an object's key or an array's index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// An object's key.
    Key(String),
    /// An array's index.
    Index(usize),
}

/// A path from keys and indexes written `categories.analytics.services`, `cookies.0`.
#[must_use]
pub fn path(text: &str) -> Vec<Step> {
    text.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<usize>()
                .map_or_else(|_| Step::Key(s.to_owned()), Step::Index)
        })
        .collect()
}

/// The path as the config reader names fields: `categories.analytics.cookies[0].name`.
#[must_use]
pub fn field_name(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The value at `path`, if there is one.
#[must_use]
pub fn get<'a>(doc: &'a Json, path: &[Step]) -> Option<&'a Json> {
    let mut at = doc;
    for step in path {
        at = match (step, at) {
            (Step::Key(k), Json::Object(entries)) => {
                entries.iter().find(|(key, _)| key == k).map(|(_, v)| v)?
            }
            (Step::Index(i), Json::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(at)
}

/// The string at `path`, or empty.
#[must_use]
pub fn get_str(doc: &Json, path: &[Step]) -> String {
    get(doc, path)
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Sets the value at `path` (objects are made on the way; an object becomes empty keys
/// removed); `None` removes it, and an object or array left empty by that goes too.
pub fn set(doc: &mut Json, path: &[Step], value: Option<Json>) {
    let Some((last, parents)) = path.split_last() else {
        if let Some(v) = value {
            *doc = v;
        }
        return;
    };
    if value.is_none() && get(doc, path).is_none() {
        return;
    }
    let mut at = &mut *doc;
    for (n, step) in parents.iter().enumerate() {
        if !matches!(at, Json::Object(_) | Json::Array(_)) {
            *at = Json::Object(Vec::new());
        }
        at = match (step, at) {
            (Step::Key(k), Json::Object(entries)) => {
                let i = match entries.iter().position(|(key, _)| key == k) {
                    Some(i) => i,
                    None => {
                        // An array when the next step is an index (`cookies.0`).
                        let next = parents.get(n + 1).unwrap_or(last);
                        let made = if matches!(next, Step::Index(_)) {
                            Json::Array(Vec::new())
                        } else {
                            Json::Object(Vec::new())
                        };
                        entries.push((k.clone(), made));
                        entries.len() - 1
                    }
                };
                &mut entries[i].1
            }
            (Step::Index(i), Json::Array(items)) if *i < items.len() => &mut items[*i],
            _ => return,
        };
    }
    match (last, at, value) {
        (Step::Key(k), Json::Object(entries), Some(v)) => {
            match entries.iter_mut().find(|(key, _)| key == k) {
                Some(entry) => entry.1 = v,
                None => entries.push((k.clone(), v)),
            }
        }
        (Step::Key(k), Json::Object(entries), None) => entries.retain(|(key, _)| key != k),
        (Step::Index(i), Json::Array(items), Some(v)) if *i < items.len() => items[*i] = v,
        (Step::Index(i), Json::Array(items), Some(v)) if *i == items.len() => items.push(v),
        (Step::Index(i), Json::Array(items), None) if *i < items.len() => {
            items.remove(*i);
        }
        _ => {}
    }
    if parents.is_empty() {
        return;
    }
    let emptied = matches!(get(doc, parents), Some(Json::Object(e)) if e.is_empty())
        || matches!(get(doc, parents), Some(Json::Array(a)) if a.is_empty());
    if emptied {
        set(doc, parents, None);
    }
}

/// Moves the entry `key` of the object at `path` one place up or down (the order of
/// categories and services is the order the banner and the preferences show); in an array
/// (region rules), `key` is the item's index.
pub fn move_entry(doc: &mut Json, path: &[Step], key: &str, up: bool) {
    let (i, len) = match get(doc, path) {
        Some(Json::Object(entries)) => match entries.iter().position(|(k, _)| k == key) {
            Some(i) => (i, entries.len()),
            None => return,
        },
        Some(Json::Array(items)) => match key.parse::<usize>() {
            Ok(i) if i < items.len() => (i, items.len()),
            _ => return,
        },
        _ => return,
    };
    let j = if up { i.checked_sub(1) } else { Some(i + 1) };
    let Some(j) = j.filter(|j| *j < len) else {
        return;
    };
    let mut moved = get(doc, path).cloned();
    match &mut moved {
        Some(Json::Object(entries)) => entries.swap(i, j),
        Some(Json::Array(items)) => items.swap(i, j),
        _ => return,
    }
    set(doc, path, moved);
}

/// The config reader's problems with the draft (none when it is valid), each naming its field.
#[must_use]
pub fn problems(doc: &Json) -> Vec<FieldError> {
    Config::from_json(doc)
        .err()
        .map(|e| e.0)
        .unwrap_or_default()
}

/// Whether a problem belongs to the field at `name`: that very field, or a part of it (a text
/// per language, `categories.a.title.de`).
#[must_use]
pub fn belongs(problem: &FieldError, name: &str) -> bool {
    problem.path == name
        || problem
            .path
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Where a problem's key is in the draft (a path with dots: `cookies.0.nmae`) when it is a
/// key the config reader does not know: the builder offers to remove it, since such a key
/// inside a category, a colour group or a rule has no field of its own.
#[must_use]
pub fn unknown_key(doc: &Json, problem: &FieldError) -> Option<String> {
    if !problem.message.starts_with(UNKNOWN_FIELD) {
        return None;
    }
    let dotted = problem.path.replace('[', ".").replace(']', "");
    get(doc, &path(&dotted)).is_some().then_some(dotted)
}

/// One contrast the interface must reach, as the draft's colours give it.
#[derive(Clone, Debug, PartialEq)]
pub struct Contrast {
    /// The foreground.
    pub foreground: Role,
    /// The background.
    pub background: Role,
    /// The ratio, written with two decimals (`4.48`).
    pub ratio: String,
    /// The ratio needed (`4.5`).
    pub minimum: &'static str,
    /// Whether it reaches it (WCAG 2.2 AA).
    pub passes: bool,
}

/// The contrasts of the light (or dark) palette with the draft's colours over the built-in
/// ones (colours that do not read are left to the built-in palette; the reader names them).
#[must_use]
pub fn contrasts(doc: &Json, dark: bool) -> Vec<Contrast> {
    let group = if dark { "darkColors" } else { "colors" };
    let given = doc.field("theme").and_then(|t| t.field(group));
    let built_in = if dark { Palette::DARK } else { Palette::LIGHT };
    let colour = |role: Role| {
        given
            .and_then(|g| g.field(role.key()))
            .and_then(Json::as_str)
            .and_then(|s| Rgb::parse(s).ok())
            .unwrap_or_else(|| built_in.get(role))
    };
    PAIRS
        .iter()
        .map(|&(fg, bg, min)| {
            let ratio = theme::contrast(colour(fg), colour(bg));
            Contrast {
                foreground: fg,
                background: bg,
                ratio: theme::two_decimals(ratio),
                minimum: min.text,
                passes: ratio >= min.ratio,
            }
        })
        .collect()
}

/// Where the light (or dark) palette's colour of a role is written: `theme.colors.text`,
/// `theme.darkColors.text`.
#[must_use]
pub fn colour_path(dark: bool, role: Role) -> String {
    let group = if dark { "darkColors" } else { "colors" };
    format!("theme.{group}.{}", role.key())
}

/// The colour a role shows in the palette as `#rrggbb` (for a colour picker).
#[must_use]
pub fn colour_hex(doc: &Json, dark: bool, role: Role) -> String {
    let group = if dark { "darkColors" } else { "colors" };
    doc.field("theme")
        .and_then(|t| t.field(group))
        .and_then(|g| g.field(role.key()))
        .and_then(Json::as_str)
        .and_then(|s| Rgb::parse(s).ok())
        .unwrap_or_else(|| if dark { Palette::DARK } else { Palette::LIGHT }.get(role))
        .hex()
}

/// Where the config's JSON Schema is, next to the embed (`"$schema"` of an exported config).
pub const SCHEMA: &str = "/consent-gate/config.schema.json";

/// The config file as exported: `"$schema"` first, then the draft's keys, indented, with a
/// final newline.
#[must_use]
pub fn export(doc: &Json) -> String {
    let mut entries = vec![("$schema".to_owned(), Json::String(SCHEMA.into()))];
    if let Json::Object(e) = doc {
        entries.extend(e.iter().filter(|(k, _)| k != "$schema").cloned());
    }
    let mut text = Json::Object(entries).pretty();
    text.push('\n');
    text
}

/// The tags for the site's `<head>`: the config's preload and the script tag with the
/// `integrity` of this build's `consent-gate.js` (`sha384-...`), as `dist/embed.html` has them.
#[must_use]
pub fn head_tags(integrity: &str) -> String {
    format!(
        "<link rel=\"preload\" href=\"/consent-gate/config.json\" as=\"fetch\" crossorigin>\n\
         <script src=\"/consent-gate/consent-gate.js\" integrity=\"{integrity}\" crossorigin=\"anonymous\" data-config=\"/consent-gate/config.json\" async></script>\n"
    )
}

/// The line of a policy page that places the cookie declaration there.
pub const DECLARATION: &str = "{{cookie-declaration}}";
