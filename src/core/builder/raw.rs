//! The keys the builder's forms edit, and the rest of the draft, edited as raw JSON in one
//! field ("Other keys"): a key with a form never shows there, and the field cannot write it.
//! Every key the config reader knows has a form; the field keeps what it does not know.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{field_name, get, path};
use crate::core::json::{FieldError, Json};

/// The keys the builder's forms edit, as paths: a key is edited whole by its form (the
/// categories with everything in them, the theme's colours, every text...), and a key on
/// the way to one (`google`, `theme`) is an object whose other keys are raw JSON
/// (`google.typo`). Every key of the config reference has a form: what is left to the raw
/// field is what the config reader does not know (an imported config's typo, shown there
/// so that it can be fixed or removed; the reader names it).
pub const FORM_PATHS: &[&str] = &[
    "$schema",
    "revision",
    "revisionMessage",
    "expiryDays",
    "language",
    "languages",
    "policy",
    "texts",
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
            let on_the_way = FORM_PATHS.iter().any(|p| {
                p.strip_prefix(at.as_str())
                    .is_some_and(|r| r.starts_with('.'))
            });
            if FORM_PATHS.contains(&at.as_str()) {
                form.then(|| (k.clone(), v.clone()))
            } else if on_the_way && matches!(v, Json::Object(_)) {
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

/// The draft with its other keys replaced by `others` (an object).
///
/// # Errors
/// When `others` is not an object, or names a key a form edits (said by name).
pub fn with_other_keys(doc: &Json, others: &Json) -> Result<Json, FieldError> {
    let Json::Object(given) = others else {
        return Err(FieldError::new(
            "",
            format!("expected an object, found {}", others.describe()),
        ));
    };
    if let Some(p) = FORM_PATHS.iter().find(|p| get(others, &path(p)).is_some()) {
        return Err(FieldError::new(
            field_name(&path(p)),
            "has its own form above",
        ));
    }
    let mut entries = match part(doc, "", true) {
        Some(Json::Object(e)) => e,
        _ => Vec::new(),
    };
    merge(&mut entries, given);
    Ok(Json::Object(entries))
}
