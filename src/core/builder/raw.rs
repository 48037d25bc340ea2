//! The keys the builder's forms edit, and the rest of the draft, edited as raw JSON in one
//! field ("Other keys"): a key with a form never shows there, and the field cannot write it.
//! Every key the config reader knows has a form; the field keeps what it does not know.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{field_name, path};
use crate::core::i18n::Text;
use crate::core::json::{FieldError, Json};

/// The keys the builder's forms edit, as paths, with each interface text (`texts.acceptAll`,
/// from [`Text::ALL`]) besides (see [`has_form`]): a key is edited whole by its form (the
/// categories with everything in them, the theme's colours...), and a key on the way to one
/// (`google`, `texts`, `policy`) is an object whose other keys are raw JSON (`google.typo`,
/// `texts.acceptAl`). Every key of the config reference has a form: what is left to the raw
/// field is what the config reader does not know (an imported config's typo, shown there
/// so that it can be fixed or removed; the reader names it).
pub const FORM_PATHS: &[&str] = &[
    "$schema",
    "revision",
    "revisionMessage",
    "expiryDays",
    "language",
    "languages",
    "policy.url",
    "policy.page",
    "categories",
    "google.measurementId",
    "google.containerId",
    "google.category",
    "google.consentMode",
    "google.mode",
    "google.waitForUpdate",
    "google.adsDataRedaction",
    "google.urlPassthrough",
    "google.regions",
    "microsoft.uetId",
    "microsoft.clarityId",
    "proof.endpoint",
    "reopenButton",
    "reopenPosition",
    "reloadOnWithdraw",
    "consentDomain",
    "regions.rules",
    "placeholders",
    "theme.scheme",
    "theme.colors",
    "theme.darkColors",
    "theme.font",
    "theme.radius",
    "layout",
    "position",
    "blocking",
];

/// Whether the key at `at` (a path with dots) is edited by a form.
#[must_use]
pub fn has_form(at: &str) -> bool {
    FORM_PATHS.contains(&at)
        || at
            .strip_prefix("texts.")
            .is_some_and(|key| Text::ALL.iter().any(|t| t.key() == key))
}

/// Whether the key at `at` is an object on the way to keys with forms (`google`, `texts`).
fn leads_to_form(at: &str) -> bool {
    at == "texts"
        || FORM_PATHS
            .iter()
            .any(|p| p.strip_prefix(at).is_some_and(|rest| rest.starts_with('.')))
}

/// Every path with a form: [`FORM_PATHS`] and each interface text's.
#[must_use]
pub fn form_paths() -> Vec<String> {
    FORM_PATHS
        .iter()
        .map(|p| (*p).to_owned())
        .chain(Text::ALL.iter().map(|t| format!("texts.{}", t.key())))
        .collect()
}

/// The part of the object `value` at `prefix` that forms edit (`form`), or the other part;
/// `None` when nothing is left of it.
fn part(value: &Json, prefix: &str, form: bool) -> Option<Json> {
    let Json::Object(entries) = value else {
        return None;
    };
    let kept: Vec<(String, Json)> = entries
        .iter()
        .filter_map(|(k, v)| {
            let at = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if has_form(&at) {
                form.then(|| (k.clone(), v.clone()))
            } else if leads_to_form(&at) && matches!(v, Json::Object(_)) {
                part(v, &at, form).map(|p| (k.clone(), p))
            } else {
                (!form).then(|| (k.clone(), v.clone()))
            }
        })
        .collect();
    (!kept.is_empty()).then_some(Json::Object(kept))
}

/// The draft's keys no form edits, as one object (for the raw-JSON field).
#[must_use]
pub fn other_keys(doc: &Json) -> Json {
    part(doc, "", false).unwrap_or_else(|| Json::Object(Vec::new()))
}

/// `extra`'s keys written over `base`'s, objects merged key by key.
fn merge(base: &mut Vec<(String, Json)>, extra: &[(String, Json)]) {
    for (k, v) in extra {
        match base.iter_mut().find(|(key, _)| key == k) {
            Some((_, Json::Object(inner))) if matches!(v, Json::Object(_)) => {
                if let Json::Object(more) = v {
                    merge(inner, more);
                }
            }
            Some(entry) => entry.1 = v.clone(),
            None => base.push((k.clone(), v.clone())),
        }
    }
}

/// Refuses raw JSON that would write a key with a form, or put something other than an
/// object where keys with forms are (`"google": null` would take the measurement id with
/// it).
fn no_form_keys(entries: &[(String, Json)], prefix: &str) -> Result<(), FieldError> {
    for (k, v) in entries {
        let at = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let name = field_name(&path(&at));
        if has_form(&at) {
            return Err(FieldError::new(name, "has its own form above"));
        }
        if leads_to_form(&at) {
            let Json::Object(inner) = v else {
                return Err(FieldError::new(
                    name,
                    format!(
                        "holds keys with forms above: write an object of its other keys, not {}",
                        v.describe()
                    ),
                ));
            };
            no_form_keys(inner, &at)?;
        }
    }
    Ok(())
}

/// The draft with its other keys replaced by `others` (an object).
///
/// # Errors
/// When `others` is not an object, names a key a form edits, or is not an object where
/// keys with forms are (said by name).
pub fn with_other_keys(doc: &Json, others: &Json) -> Result<Json, FieldError> {
    let Json::Object(given) = others else {
        return Err(FieldError::new(
            "",
            format!("expected an object, found {}", others.describe()),
        ));
    };
    no_form_keys(given, "")?;
    let mut entries = match part(doc, "", true) {
        Some(Json::Object(e)) => e,
        _ => Vec::new(),
    };
    merge(&mut entries, given);
    Ok(Json::Object(entries))
}
