//! The shared generators: hostile strings, JSON values whose keys are mostly ones the readers
//! know, and mutations of a JSON document (at the text or at a value), used by the config,
//! record and JSON properties.

use std::fmt::Debug;

use crate::runner::*;
use consent_gate::core::json::Json;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// Strings that have broken parsers before: controls, bidi overrides, joiners, a BOM, case
/// mappings that change length, astral characters, escapes, quotes.
#[rustfmt::skip]
pub(crate) const ODD: &[&str] = &[
    "\u{0}", "\u{7f}", "\u{85}", "\u{202e}", "\u{200b}", "\u{200d}", "\u{feff}", "\u{fffd}",
    "e\u{301}", "İ", "ß", "ǅ", "ﬃ", "𝔘𝔫𝔦", "\u{10ffff}", "\\", "\"", "'", "\n", "\r\n", "\t",
    "%00", "${x}", "{{x}}", "<script>", "â€™",
];

pub(crate) fn odd_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(ODD).prop_map(str::to_owned),
        2 => "\\PC{0,12}",
        1 => ".{0,8}",
        1 => prop::collection::vec(prop::sample::select(ODD), 1..6).prop_map(|v| v.concat()),
    ]
}

// ---- JSON values --------------------------------------------------------------------------

/// Every key the config and the stored record know, a few ids and tags, and keys that look
/// like paths (`a.b`, `x[0]`).
#[rustfmt::skip]
pub(crate) const KEYS: &[&str] = &[
    "$schema", "revision", "expiryDays", "language", "languages", "policy", "url", "page", "texts",
    "categories", "google", "reopenButton", "reopenPosition", "reloadOnWithdraw",
    "revisionMessage", "proof", "endpoint", "theme", "layout", "position", "blocking", "title",
    "description", "required", "services", "consentMode", "gpc", "provider", "thirdParty",
    "cookies", "localStorage", "name", "lifetime", "path", "measurementId", "containerId",
    "category", "mode", "waitForUpdate", "regions", "adsDataRedaction", "urlPassthrough", "scheme",
    "colors", "darkColors", "font", "radius", "background", "text", "accent", "accentText", "link",
    "border", "acceptAll", "bannerTitle", "schema", "id", "created", "updated", "expires",
    "method", "analytics", "marketing", "necessary", "ga4", "youtube", "ads", "en", "de", "pt-BR",
    "xx", "US", "ES", "a.b", "x[0]", "",
];

/// String values that reach the readers' deeper checks.
#[rustfmt::skip]
pub(crate) const WORDS: &[&str] = &[
    "box", "bar", "modal", "center", "top", "bottom", "bottom-start", "top-end", "basic",
    "advanced", "light", "dark", "auto", "#fff", "#000000", "#777", "rgb(1, 2, 3)", "red",
    "G-AB12", "GTM-XYZ1", "g-ab", "^_ga", "_gid$", "^a.*b$", "^(x)", "analytics_storage",
    "ad_storage", "functionality_storage", "/", "/x", "https://x.example/p", "javascript:x",
    "mailto:a@b.c", "en", "de", "pt-br", "zz", "analytics", "ga4", "accept-all", "custom", "gpc",
    "2026-11-25T09:00:00.000Z", "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f", "Georgia, serif",
    "2 years",
];

pub(crate) fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..400).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(WORDS).prop_map(|s| Value::String(s.into())),
        odd_string().prop_map(Value::String),
    ]
}

pub(crate) fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => odd_string(),
    ]
}

/// Any JSON value of bounded size, its keys mostly ones the readers know.
pub(crate) fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..8)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// How deeply arrays and objects nest in a value (a scalar: 0).
pub(crate) fn json_depth(value: &Json) -> usize {
    match value {
        Json::Array(items) => 1 + items.iter().map(json_depth).max().unwrap_or(0),
        Json::Object(entries) => {
            1 + entries
                .iter()
                .map(|(_, v)| json_depth(v))
                .max()
                .unwrap_or(0)
        }
        _ => 0,
    }
}

// ---- mutations ----------------------------------------------------------------------------

/// One change to a JSON document, at the text or at a value.
#[derive(Clone, Debug)]
pub(crate) enum Mutation {
    /// XOR a byte with `bits` (then read the bytes as UTF-8, lossily).
    Flip(Index, u8),
    /// Remove up to `len` bytes.
    Delete(Index, usize),
    /// Repeat a run of bytes `times` times.
    Repeat(Index, usize, usize),
    /// Insert text (a token, odd characters).
    Insert(Index, String),
    /// Replace a value by another of any type.
    Swap(Index, Value),
    /// Remove a key from an object.
    RemoveKey(Index),
    /// Write an object's first key again at its end with another value (when the value hit
    /// is an object).
    DuplicateKey(Index, Value),
    /// Wrap a value in `depth` arrays.
    Nest(Index, usize),
    /// Replace a value by a string of `len` characters.
    Huge(Index, usize),
    /// Replace a value by an odd string.
    Odd(Index, String),
    /// Rewrite the document pretty-printed (changes nothing it means).
    Reformat,
}

pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    let token = prop_oneof![
        prop::sample::select(
            &[
                "{", "}", "[", "]", ",", ":", "\"", "null", "true", "0", "-", "1e999", "\\u0000",
                "\\ud800", "//", "\u{feff}",
            ][..]
        )
        .prop_map(str::to_owned),
        odd_string(),
    ];
    prop_oneof![
        2 => (any::<Index>(), 1u8..=255).prop_map(|(i, b)| Mutation::Flip(i, b)),
        1 => (any::<Index>(), 1usize..24).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => (any::<Index>(), 1usize..48, 1usize..40)
            .prop_map(|(i, n, t)| Mutation::Repeat(i, n, t)),
        1 => (any::<Index>(), token).prop_map(|(i, t)| Mutation::Insert(i, t)),
        4 => (any::<Index>(), json_value()).prop_map(|(i, v)| Mutation::Swap(i, v)),
        2 => any::<Index>().prop_map(Mutation::RemoveKey),
        2 => (any::<Index>(), json_leaf()).prop_map(|(i, v)| Mutation::DuplicateKey(i, v)),
        1 => (any::<Index>(), prop_oneof![1usize..40, Just(100_000)])
            .prop_map(|(i, d)| Mutation::Nest(i, d)),
        1 => (any::<Index>(), prop_oneof![Just(41usize), 1000usize..200_000])
            .prop_map(|(i, n)| Mutation::Huge(i, n)),
        2 => (any::<Index>(), odd_string()).prop_map(|(i, s)| Mutation::Odd(i, s)),
        1 => Just(Mutation::Reformat),
    ]
}

/// How many values a document holds (the number of places a value mutation can hit).
pub(crate) fn count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

/// Calls `f` on the `n`th value in document order.
pub(crate) fn at_value(value: &mut Value, n: &mut usize, f: &mut dyn FnMut(&mut Value)) -> bool {
    if *n == 0 {
        f(value);
        return true;
    }
    *n -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|v| at_value(v, n, f)),
        Value::Object(map) => map.values_mut().any(|v| at_value(v, n, f)),
        _ => false,
    }
}

/// A change made while writing a document out, to the `n`th value (document order).
pub(crate) enum TextEdit<'a> {
    /// Write the value inside `depth` arrays (as text: a `Value` nested 100 000 deep would
    /// overflow the stack of serde_json's own writer and drop).
    Nest(usize),
    /// Write an object's first key once more at its end, with this value.
    DuplicateKey(&'a Value),
}

/// JSON text of `value` with `edit` made at the `target`th value.
pub(crate) fn write_json(
    value: &Value,
    n: &mut usize,
    target: usize,
    edit: &TextEdit<'_>,
    out: &mut String,
) {
    let here = *n == target;
    *n += 1;
    let nest = match edit {
        TextEdit::Nest(depth) if here => *depth,
        _ => 0,
    };
    out.push_str(&"[".repeat(nest));
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, n, target, edit, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(k.as_str()).to_string());
                out.push(':');
                write_json(v, n, target, edit, out);
            }
            if let (true, TextEdit::DuplicateKey(extra), Some(k)) = (here, edit, map.keys().next())
            {
                out.push(',');
                out.push_str(&Value::from(k.as_str()).to_string());
                out.push(':');
                out.push_str(&extra.to_string());
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
    out.push_str(&"]".repeat(nest));
}

/// Applies `mutations` to JSON text, in order.
pub(crate) fn mutate_json(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_owned();
    for m in mutations {
        let value: Option<Value> = serde_json::from_str(&text).ok();
        let edit = |f: &mut dyn FnMut(&mut Value), i: &Index| {
            value.clone().map(|mut v| {
                let mut n = pick(i, count(&v));
                at_value(&mut v, &mut n, f);
                v.to_string()
            })
        };
        let written = |i: &Index, e: &TextEdit<'_>| {
            value.as_ref().map(|v| {
                let mut out = String::new();
                write_json(v, &mut 0, pick(i, count(v)), e, &mut out);
                out
            })
        };
        let edited = match m {
            Mutation::Flip(i, bits) => {
                let mut bytes = text.clone().into_bytes();
                if !bytes.is_empty() {
                    let at = pick(i, bytes.len());
                    bytes[at] ^= bits;
                }
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            Mutation::Delete(i, len) => {
                let at = floor(&text, pick(i, text.len()));
                let end = floor(&text, at + len);
                Some(format!("{}{}", &text[..at], &text[end..]))
            }
            Mutation::Repeat(i, len, times) => {
                let at = floor(&text, pick(i, text.len()));
                let end = floor(&text, at + len);
                Some(format!(
                    "{}{}{}",
                    &text[..at],
                    text[at..end].repeat(*times),
                    &text[end..]
                ))
            }
            Mutation::Insert(i, s) => {
                let at = floor(&text, pick(i, text.len() + 1));
                Some(format!("{}{s}{}", &text[..at], &text[at..]))
            }
            Mutation::Swap(i, new) => edit(&mut |v| *v = new.clone(), i),
            Mutation::RemoveKey(i) => edit(
                &mut |v| {
                    if let Value::Object(map) = v
                        && let Some(k) = map.keys().next().cloned()
                    {
                        map.shift_remove(&k);
                    }
                },
                i,
            ),
            Mutation::DuplicateKey(i, extra) => written(i, &TextEdit::DuplicateKey(extra)),
            Mutation::Nest(i, depth) => written(i, &TextEdit::Nest(*depth)),
            Mutation::Huge(i, len) => edit(&mut |v| *v = Value::String("é".repeat(*len)), i),
            Mutation::Odd(i, s) => edit(&mut |v| *v = Value::String(s.clone()), i),
            Mutation::Reformat => value
                .as_ref()
                .and_then(|v| serde_json::to_string_pretty(v).ok()),
        };
        if let Some(edited) = edited {
            text = edited;
        }
    }
    text
}
