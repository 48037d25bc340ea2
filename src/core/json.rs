//! A JSON document as the core reads it, and the little it needs to write JSON.
//!
//! The browser parses text with its own `JSON.parse` (the shell converts the result into
//! [`Json`]), so the wasm carries no JSON parser and no serde; natively, [`Json::parse`] uses
//! `serde_json` for the tests. Reading goes through [`Fields`], which checks types, reports
//! unknown keys and carries the field path for error messages.

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt::Write as _;

/// How deeply arrays and objects may nest: deeper documents are refused, so nothing that walks
/// a [`Json`] recurses further. The shell's `JSON.parse` conversion (`src/page/json.rs`) refuses
/// at the same depth with the same message; nothing ConsentGate reads nests nearly as deep.
pub const MAX_DEPTH: usize = 32;

/// A JSON value. Object keys keep their order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in document order.
    Object(Vec<(String, Json)>),
}

/// A problem at a field path (`categories.analytics.title`; empty for the whole document).
/// How the message of a key the reader does not know starts ([`Fields::check_unknown`]).
pub const UNKNOWN_FIELD: &str = "unknown field";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Where.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl FieldError {
    /// An error at `path`.
    #[must_use]
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl Json {
    /// Parses JSON text (native builds; the browser uses `JSON.parse`).
    ///
    /// # Errors
    /// serde_json's message, with line and column; or, as in the browser, `nested more than
    /// 32 levels deep` (serde_json itself refuses beyond 128 levels, without recursing).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Result<Json, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Json::from_serde(value, 0)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn from_serde(value: serde_json::Value, depth: usize) -> Result<Json, String> {
        use serde_json::Value;
        if depth > MAX_DEPTH {
            return Err(format!("nested more than {MAX_DEPTH} levels deep"));
        }
        Ok(match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(b),
            Value::Number(n) => Json::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Json::String(s),
            Value::Array(a) => Json::Array(
                a.into_iter()
                    .map(|v| Json::from_serde(v, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(o) => Json::Object(
                o.into_iter()
                    .map(|(k, v)| Json::from_serde(v, depth + 1).map(|v| (k, v)))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// What the value is, for messages: `a string`, `the number 5`, `true`, `an object`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => format!("the number {n}"),
            Json::String(s) if s.chars().count() <= 40 => format!("the string {s:?}"),
            Json::String(_) => "a string".into(),
            Json::Array(_) => "an array".into(),
            Json::Object(_) => "an object".into(),
        }
    }

    /// The value of `key` in an object (its last occurrence, as `JSON.parse` keeps;
    /// `null` counts as absent). For readers that need no message: what ConsentGate wrote
    /// itself (the brief, the stored record), where anything unexpected only means "no".
    #[must_use]
    pub fn field(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .filter(|v| **v != Json::Null),
            _ => None,
        }
    }

    /// The string, if it is one.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if it is one.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if it is a whole one from 0 to `u32::MAX`.
    #[must_use]
    pub fn as_u32(&self) -> Option<u32> {
        match self {
            Json::Number(n)
                if *n >= 0.0 && *n <= f64::from(u32::MAX) && f64::from(*n as u32) == *n =>
            {
                // ok: checked to be a whole number in range just above.
                Some(*n as u32)
            }
            _ => None,
        }
    }

    /// The items, if it is an array.
    #[must_use]
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries of an object.
    ///
    /// # Errors
    /// When the value is not an object.
    pub fn entries(&self, path: &str) -> Result<&[(String, Json)], FieldError> {
        match self {
            Json::Object(entries) => Ok(entries),
            other => Err(FieldError::new(
                path,
                format!("expected an object, found {}", other.describe()),
            )),
        }
    }
}

/// An object being read: typed getters that record problems, and a final check for keys
/// nobody asked for.
pub struct Fields<'a> {
    path: String,
    entries: &'a [(String, Json)],
    known: &'static [&'static str],
}

impl<'a> Fields<'a> {
    /// Starts reading `value` (at `path`) as an object whose keys are `known`.
    ///
    /// # Errors
    /// When the value is not an object.
    pub fn new(
        value: &'a Json,
        path: &str,
        known: &'static [&'static str],
    ) -> Result<Fields<'a>, FieldError> {
        Ok(Fields {
            path: path.to_owned(),
            entries: value.entries(path)?,
            known,
        })
    }

    /// The path of a key of this object.
    #[must_use]
    pub fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The raw value of `key`, if present (`null` counts as absent).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| **v != Json::Null)
    }

    fn typed<T>(
        &self,
        key: &str,
        what: &str,
        errors: &mut Vec<FieldError>,
        read: impl FnOnce(&'a Json) -> Option<T>,
    ) -> Option<T> {
        let value = self.get(key)?;
        let out = read(value);
        if out.is_none() {
            errors.push(FieldError::new(
                self.path_of(key),
                format!("expected {what}, found {}", value.describe()),
            ));
        }
        out
    }

    /// An optional string.
    pub fn string(&self, key: &str, errors: &mut Vec<FieldError>) -> Option<String> {
        self.typed(key, "a string", errors, |v| match v {
            Json::String(s) => Some(s.clone()),
            _ => None,
        })
    }

    /// A string that must be there.
    pub fn required_string(&self, key: &str, errors: &mut Vec<FieldError>) -> Option<String> {
        if self.get(key).is_none() {
            errors.push(FieldError::new(
                self.path_of(key),
                "missing (expected a string)",
            ));
            return None;
        }
        self.string(key, errors)
    }

    /// An optional boolean.
    pub fn bool(&self, key: &str, errors: &mut Vec<FieldError>) -> Option<bool> {
        self.typed(key, "true or false", errors, |v| match v {
            Json::Bool(b) => Some(*b),
            _ => None,
        })
    }

    /// An optional whole number from 0 to `u32::MAX`.
    pub fn u32(&self, key: &str, errors: &mut Vec<FieldError>) -> Option<u32> {
        self.typed(key, "a whole number", errors, |v| match v {
            Json::Number(n)
                if *n >= 0.0 && *n <= f64::from(u32::MAX) && f64::from(*n as u32) == *n =>
            {
                // ok: checked to be a whole number in range just above.
                Some(*n as u32)
            }
            _ => None,
        })
    }

    /// An optional object.
    pub fn object(&self, key: &str, errors: &mut Vec<FieldError>) -> Option<&'a Json> {
        self.typed(key, "an object", errors, |v| match v {
            Json::Object(_) => Some(v),
            _ => None,
        })
    }

    /// An optional array.
    pub fn array(&self, key: &str, errors: &mut Vec<FieldError>) -> Option<&'a [Json]> {
        self.typed(key, "an array", errors, |v| match v {
            Json::Array(items) => Some(items.as_slice()),
            _ => None,
        })
    }

    /// An optional array of strings.
    pub fn strings(&self, key: &str, errors: &mut Vec<FieldError>) -> Option<Vec<String>> {
        self.get(key)
            .and_then(|v| string_list(v, &self.path_of(key), errors))
    }

    /// Reports every key that is not one of the known ones (a message that starts with
    /// [`UNKNOWN_FIELD`]).
    pub fn check_unknown(&self, errors: &mut Vec<FieldError>) {
        for (key, _) in self.entries {
            if !self.known.contains(&key.as_str()) {
                errors.push(FieldError::new(
                    self.path_of(key),
                    format!("{UNKNOWN_FIELD} (known here: {})", self.known.join(", ")),
                ));
            }
        }
    }
}

/// Reads `value` (at `path`) as an array of strings, reporting what is not.
pub fn string_list(value: &Json, path: &str, errors: &mut Vec<FieldError>) -> Option<Vec<String>> {
    let Json::Array(items) = value else {
        errors.push(FieldError::new(
            path,
            format!("expected an array, found {}", value.describe()),
        ));
        return None;
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Json::String(s) => out.push(s.clone()),
            other => errors.push(FieldError::new(
                format!("{path}[{i}]"),
                format!("expected a string, found {}", other.describe()),
            )),
        }
    }
    Some(out)
}

/// Appends `s` to `out` as a JSON string literal.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a JSON object field by field: `{"a":1,"b":"x"}`.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> ObjectWriter<'a> {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_string(self.out, key);
        self.out.push(':');
        self.out
    }

    /// A string field.
    pub fn string(&mut self, key: &str, value: &str) -> &mut Self {
        let out = self.key(key);
        write_string(out, value);
        self
    }

    /// A string field or `null`.
    pub fn opt_string(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.string(key, v),
            None => {
                self.key(key).push_str("null");
                self
            }
        }
    }

    /// A number field.
    pub fn number(&mut self, key: &str, value: u64) -> &mut Self {
        let out = self.key(key);
        let _ = write!(out, "{value}");
        self
    }

    /// A boolean field.
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    /// An object of booleans: `{"a":true}`.
    pub fn bools<'k>(
        &mut self,
        key: &str,
        entries: impl IntoIterator<Item = (&'k String, &'k bool)>,
    ) -> &mut Self {
        let out = self.key(key);
        let mut inner = ObjectWriter::new(out);
        for (k, v) in entries {
            inner.bool(k, *v);
        }
        inner.close();
        self
    }

    /// An object of strings: `{"a":"x"}`.
    pub fn strings<'k>(
        &mut self,
        key: &str,
        entries: impl IntoIterator<Item = (&'k str, &'k str)>,
    ) -> &mut Self {
        let out = self.key(key);
        let mut inner = ObjectWriter::new(out);
        for (k, v) in entries {
            inner.string(k, v);
        }
        inner.close();
        self
    }

    /// A field whose value is JSON text already written.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key).push_str(json);
        self
    }

    /// An array of strings.
    pub fn string_array<'k>(
        &mut self,
        key: &str,
        items: impl IntoIterator<Item = &'k str>,
    ) -> &mut Self {
        let out = self.key(key);
        out.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_string(out, item);
        }
        out.push(']');
        self
    }

    /// Closes the object.
    pub fn close(&mut self) {
        self.out.push('}');
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn escapes_strings() {
        let mut out = String::new();
        write_string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
        let parsed = Json::parse(&out).unwrap();
        assert_eq!(parsed, Json::String("a\"b\\c\nd\u{1}é".into()));
    }

    #[test]
    fn keeps_key_order_and_last_duplicate() {
        let v = Json::parse(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        let keys: Vec<&str> = v
            .entries("")
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["b", "a"]);
        let f = Fields::new(&v, "", &["a", "b"]).unwrap();
        assert_eq!(f.get("b"), Some(&Json::Number(3.0)));
    }

    #[test]
    fn typed_getters_report_what_they_found() {
        let v = Json::parse(r#"{"n": 1.5, "s": 5, "b": "yes", "o": [], "x": 1}"#).unwrap();
        let f = Fields::new(&v, "top", &["n", "s", "b", "o"]).unwrap();
        let mut errors = Vec::new();
        assert_eq!(f.u32("n", &mut errors), None);
        assert_eq!(f.string("s", &mut errors), None);
        assert_eq!(f.bool("b", &mut errors), None);
        assert_eq!(f.object("o", &mut errors), None);
        assert_eq!(f.required_string("t", &mut errors), None);
        f.check_unknown(&mut errors);
        let messages: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.path, e.message))
            .collect();
        assert_eq!(
            messages,
            [
                "top.n: expected a whole number, found the number 1.5",
                "top.s: expected a string, found the number 5",
                "top.b: expected true or false, found the string \"yes\"",
                "top.o: expected an object, found an array",
                "top.t: missing (expected a string)",
                "top.x: unknown field (known here: n, s, b, o)",
            ]
        );
    }

    #[test]
    fn nesting_is_refused_past_the_depth_the_browser_allows() {
        // As `src/page/json.rs`: 33 levels of arrays parse, 34 do not (serde_json alone took
        // 128, so a config the browser refuses passed `consent-gate check`).
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(Json::parse(&nested(MAX_DEPTH + 1)).is_ok());
        assert_eq!(
            Json::parse(&nested(MAX_DEPTH + 2)),
            Err("nested more than 32 levels deep".into())
        );
        assert!(Json::parse(&nested(100_000)).is_err());
    }

    #[test]
    fn writes_objects() {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        w.number("n", 7)
            .string("s", "x")
            .opt_string("p", None)
            .bool("b", true)
            .bools("m", [(&"k".to_string(), &false)]);
        w.close();
        assert_eq!(out, r#"{"n":7,"s":"x","p":null,"b":true,"m":{"k":false}}"#);
    }
}
