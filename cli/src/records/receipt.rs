//! The strict reader of a receipt as ConsentGate's browser code sends it (schema 1,
//! `src/core/receipt.rs`), and its one canonical form.
//!
//! Every field is checked; an unknown, missing, repeated or malformed field is refused with a
//! message naming it and quoting (a bounded part of) what was sent. A receipt that reads is
//! written back by [`Receipt::to_json`] in the browser's own key order, so a receipt sent by
//! ConsentGate is stored byte for byte as it was sent.

use std::fmt;

use consent_gate::core::time::Timestamp;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The receipt format this reader takes.
pub const SCHEMA: u64 = 1;
/// The decision methods a receipt may name (`contextual`: "Always allow" on an embed placeholder).
pub const METHODS: &[&str] = &[
    "accept-all",
    "reject-all",
    "custom",
    "api",
    "gpc",
    "withdraw",
    "contextual",
];
/// The seven Consent Mode types, in the order ConsentGate writes them.
pub const CONSENT_MODE: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];
/// The most categories a receipt may name.
pub const MAX_CATEGORIES: usize = 64;
/// The most services a receipt may name.
pub const MAX_SERVICES: usize = 400;
/// The longest category or service id (as the config allows).
pub const MAX_ID: usize = 40;
/// The longest language tag.
pub const MAX_LANGUAGE: usize = 35;

const FIELDS: [&str; 16] = [
    "schema",
    "consentId",
    "previousConsentId",
    "time",
    "revision",
    "textsHash",
    "language",
    "method",
    "categories",
    "services",
    "consentMode",
    "gpc",
    "configHash",
    "region",
    "model",
    "gpcBinding",
];
/// The region rules' models a receipt may name (`model`).
pub const MODELS: &[&str] = &["opt-in", "opt-out"];

/// A receipt that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// This decision's id (UUID v4, lowercase).
    pub consent_id: String,
    /// The decision it replaced.
    pub previous_consent_id: Option<String>,
    /// When the visitor decided, by the browser's clock (`YYYY-MM-DDTHH:MM:SS.mmmZ`).
    pub time: String,
    /// The config revision decided on.
    pub revision: u32,
    /// SHA-256 (hex) of the texts shown.
    pub texts_hash: String,
    /// The language of those texts.
    pub language: String,
    /// How the visitor decided (one of [`METHODS`]).
    pub method: String,
    /// Category id -> granted, in the order sent.
    pub categories: Vec<(String, bool)>,
    /// Service id -> granted, in the order sent.
    pub services: Vec<(String, bool)>,
    /// Consent Mode type -> granted, in the order sent (all seven, each once).
    pub consent_mode: Vec<(String, bool)>,
    /// Whether the browser sent Global Privacy Control.
    pub gpc: bool,
    /// SHA-256 (hex) of the config's text.
    pub config_hash: String,
    /// The region rule the decision was made under (`region`, `model`, `gpcBinding`; only
    /// from a config with `regions`).
    pub region: Option<RegionRule>,
}

/// The region rule a decision was made under, as the receipt says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionRule {
    /// The visitor's region (an ISO 3166 code), `None` when none was given.
    pub region: Option<String>,
    /// One of [`MODELS`].
    pub model: String,
    /// Global Privacy Control is binding under the rule.
    pub gpc_binding: bool,
}

/// Why a body is not a receipt: a message naming the field, for the 400 answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid(pub String);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

/// A JSON value that keeps an object's keys in order and refuses a repeated key.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number that is not finite"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!(
                    "the key {} appears twice",
                    quote_str(&key)
                )));
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Value::Object(entries))
    }
}

/// `s` as a JSON string, cut to a readable length.
fn quote_str(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        serde_json::Value::String(s.to_owned()).to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!(
            "{}… ({} characters)",
            serde_json::Value::String(cut)
                .to_string()
                .trim_end_matches('"'),
            s.chars().count()
        )
    }
}

/// What was sent, for a message: short values whole, long ones cut.
fn quote(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote_str(s),
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(entries) => format!("an object of {} keys", entries.len()),
    }
}

fn wrong(field: &str, expected: &str, got: &Value) -> Invalid {
    Invalid(format!(
        "field \"{field}\": expected {expected}, got {}",
        quote(got)
    ))
}

/// Reads `body` (the request's bytes) as a schema 1 receipt.
///
/// # Errors
/// [`Invalid`] naming the first field (in the receipt's order) that does not fit.
pub fn read(body: &[u8]) -> Result<Receipt, Invalid> {
    let text = std::str::from_utf8(body)
        .map_err(|e| Invalid(format!("the body is not UTF-8 text ({e})")))?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let e = e.to_string();
        if e.contains("recursion limit") {
            Invalid(format!("the body is nested too deeply ({e})"))
        } else {
            Invalid(format!("the body is not valid JSON ({e})"))
        }
    })?;
    let Value::Object(entries) = value else {
        return Err(Invalid(format!(
            "the body is not a JSON object (got {})",
            quote(&value)
        )));
    };
    if let Some((key, _)) = entries.iter().find(|(k, _)| !FIELDS.contains(&k.as_str())) {
        return Err(Invalid(format!("unknown field {}", quote_str(key))));
    }
    let get = |name: &str| {
        entries
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .ok_or_else(|| Invalid(format!("missing field \"{name}\"")))
    };
    let schema = get("schema")?;
    if !matches!(schema, Value::Number(n) if n.as_u64() == Some(SCHEMA)) {
        return Err(wrong(
            "schema",
            "1 (the receipt format this service reads)",
            schema,
        ));
    }
    Ok(Receipt {
        consent_id: uuid(get("consentId")?, "consentId", true)?,
        previous_consent_id: match get("previousConsentId")? {
            Value::Null => None,
            v => Some(uuid(v, "previousConsentId", false)?),
        },
        time: time(get("time")?)?,
        revision: revision(get("revision")?)?,
        texts_hash: sha256_hex(get("textsHash")?, "textsHash")?,
        language: language(get("language")?)?,
        method: method(get("method")?)?,
        categories: grants(get("categories")?, "categories", MAX_CATEGORIES)?,
        services: grants(get("services")?, "services", MAX_SERVICES)?,
        consent_mode: consent_mode(get("consentMode")?)?,
        gpc: match get("gpc")? {
            Value::Bool(b) => *b,
            v => return Err(wrong("gpc", "true or false", v)),
        },
        config_hash: sha256_hex(get("configHash")?, "configHash")?,
        region: region_rule(&entries)?,
    })
}

/// `region`, `model` and `gpcBinding`: all three, or none.
fn region_rule(entries: &[(String, Value)]) -> Result<Option<RegionRule>, Invalid> {
    let field = |name: &str| entries.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let (region, model, binding) = match (field("region"), field("model"), field("gpcBinding")) {
        (None, None, None) => return Ok(None),
        (Some(r), Some(m), Some(b)) => (r, m, b),
        _ => {
            return Err(Invalid(
                "fields \"region\", \"model\" and \"gpcBinding\" come together".into(),
            ));
        }
    };
    let region = match region {
        Value::Null => None,
        Value::String(s)
            if (2..=6).contains(&s.len())
                && consent_gate::core::regions::visitor_region(s).as_deref() == Some(s) =>
        {
            Some(s.clone())
        }
        v => return Err(wrong("region", "an ISO 3166 region code or null", v)),
    };
    let model = match model {
        Value::String(s) if MODELS.contains(&s.as_str()) => s.clone(),
        v => return Err(wrong("model", "\"opt-in\" or \"opt-out\"", v)),
    };
    let gpc_binding = match binding {
        Value::Bool(b) => *b,
        v => return Err(wrong("gpcBinding", "true or false", v)),
    };
    Ok(Some(RegionRule {
        region,
        model,
        gpc_binding,
    }))
}

/// Whether `s` is a UUID in lowercase hex (`v4`: version 4, RFC 4122 variant).
#[must_use]
pub fn is_uuid(s: &str, v4: bool) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
        && (!v4 || (b[14] == b'4' && matches!(b[19], b'8' | b'9' | b'a' | b'b')))
}

fn uuid(v: &Value, field: &str, v4: bool) -> Result<String, Invalid> {
    match v {
        Value::String(s) if is_uuid(s, v4) => Ok(s.clone()),
        _ if v4 => Err(wrong(field, "a UUID v4 in lowercase hex", v)),
        _ => Err(wrong(field, "null or a UUID in lowercase hex", v)),
    }
}

fn time(v: &Value) -> Result<String, Invalid> {
    match v {
        Value::String(s) if Timestamp::parse_iso(s).is_some() => Ok(s.clone()),
        _ => Err(wrong("time", "a UTC time as YYYY-MM-DDTHH:MM:SS.mmmZ", v)),
    }
}

fn revision(v: &Value) -> Result<u32, Invalid> {
    match v {
        Value::Number(n) if n.as_u64().is_some_and(|r| u32::try_from(r).is_ok()) => {
            Ok(u32::try_from(n.as_u64().unwrap_or(0)).unwrap_or(0))
        }
        _ => Err(wrong("revision", "a whole number from 0 to 4294967295", v)),
    }
}

fn sha256_hex(v: &Value, field: &str) -> Result<String, Invalid> {
    match v {
        Value::String(s)
            if s.len() == 64
                && s.bytes()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)) =>
        {
            Ok(s.clone())
        }
        _ => Err(wrong(field, "a SHA-256 as 64 lowercase hex digits", v)),
    }
}

fn language(v: &Value) -> Result<String, Invalid> {
    match v {
        Value::String(s)
            if (2..=MAX_LANGUAGE).contains(&s.len())
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') =>
        {
            Ok(s.clone())
        }
        _ => Err(wrong(
            "language",
            "a language tag (letters, digits and -, at most 35)",
            v,
        )),
    }
}

fn method(v: &Value) -> Result<String, Invalid> {
    match v {
        Value::String(s) if METHODS.contains(&s.as_str()) => Ok(s.clone()),
        _ => Err(wrong(
            "method",
            &format!("one of {}", METHODS.join(", ")),
            v,
        )),
    }
}

/// Whether `id` is a category or service id as the config allows.
#[must_use]
pub fn is_id(id: &str) -> bool {
    id.len() <= MAX_ID
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

fn grants(v: &Value, field: &str, max: usize) -> Result<Vec<(String, bool)>, Invalid> {
    let Value::Object(entries) = v else {
        return Err(wrong(field, "an object of id: true|false", v));
    };
    if entries.len() > max {
        return Err(Invalid(format!(
            "field \"{field}\": more than {max} ids ({})",
            entries.len()
        )));
    }
    entries
        .iter()
        .map(|(id, granted)| {
            if !is_id(id) {
                return Err(Invalid(format!(
                    "field \"{field}\": {} is not an id (a letter, then letters, digits, _ or -; at most {MAX_ID})",
                    quote_str(id)
                )));
            }
            match granted {
                Value::Bool(b) => Ok((id.clone(), *b)),
                other => Err(wrong(&format!("{field}.{id}"), "true or false", other)),
            }
        })
        .collect()
}

fn consent_mode(v: &Value) -> Result<Vec<(String, bool)>, Invalid> {
    let Value::Object(entries) = v else {
        return Err(wrong(
            "consentMode",
            "an object of the seven Consent Mode types",
            v,
        ));
    };
    let mut out = Vec::with_capacity(CONSENT_MODE.len());
    for (key, state) in entries {
        if !CONSENT_MODE.contains(&key.as_str()) {
            return Err(Invalid(format!(
                "field \"consentMode\": unknown Consent Mode type {}",
                quote_str(key)
            )));
        }
        let granted = match state {
            Value::String(s) if s == "granted" => true,
            Value::String(s) if s == "denied" => false,
            other => {
                return Err(wrong(
                    &format!("consentMode.{key}"),
                    "\"granted\" or \"denied\"",
                    other,
                ));
            }
        };
        out.push((key.clone(), granted));
    }
    if let Some(missing) = CONSENT_MODE
        .iter()
        .find(|t| !out.iter().any(|(k, _)| k == *t))
    {
        return Err(Invalid(format!("missing field \"consentMode.{missing}\"")));
    }
    Ok(out)
}

impl Receipt {
    /// The receipt as ConsentGate writes it: the schema's key order, no spaces.
    #[must_use]
    pub fn to_json(&self) -> String {
        let s = |v: &str| serde_json::Value::String(v.to_owned()).to_string();
        let map = |entries: &[(String, bool)], word: fn(bool) -> String| {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, b)| format!("{}:{}", s(k), word(*b)))
                .collect();
            format!("{{{}}}", inner.join(","))
        };
        let state = |b: bool| if b { "\"granted\"" } else { "\"denied\"" }.to_owned();
        let rule = self.region.as_ref().map_or_else(String::new, |r| {
            format!(
                ",\"region\":{},\"model\":{},\"gpcBinding\":{}",
                r.region.as_deref().map_or_else(|| "null".to_owned(), s),
                s(&r.model),
                r.gpc_binding
            )
        });
        format!(
            "{{\"schema\":{SCHEMA},\"consentId\":{},\"previousConsentId\":{},\"time\":{},\"revision\":{},\"textsHash\":{},\"language\":{},\"method\":{},\"categories\":{},\"services\":{},\"consentMode\":{},\"gpc\":{},\"configHash\":{}{rule}}}",
            s(&self.consent_id),
            self.previous_consent_id
                .as_deref()
                .map_or_else(|| "null".to_owned(), s),
            s(&self.time),
            self.revision,
            s(&self.texts_hash),
            s(&self.language),
            s(&self.method),
            map(&self.categories, |b| b.to_string()),
            map(&self.services, |b| b.to_string()),
            map(&self.consent_mode, state),
            self.gpc,
            s(&self.config_hash),
        )
    }

    /// A JSON object of `entries` as `serde_json` values (for exports).
    #[must_use]
    pub fn grants_json(entries: &[(String, bool)]) -> serde_json::Value {
        serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, b)| (k.clone(), serde_json::Value::Bool(*b)))
                .collect(),
        )
    }

    /// The Consent Mode state as a JSON object of `"granted"`/`"denied"`.
    #[must_use]
    pub fn consent_mode_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.consent_mode
                .iter()
                .map(|(k, b)| {
                    let word = if *b { "granted" } else { "denied" };
                    (k.clone(), serde_json::Value::String(word.into()))
                })
                .collect(),
        )
    }
}
