//! The stored consent record: what ConsentGate keeps in the visitor's `localStorage` under
//! [`STORAGE_KEY`], and what `ConsentGate.getConsent()` and events hand to the site.
//!
//! Storage is untrusted input. [`ConsentRecord::decode`] accepts only the exact schema it
//! wrote, and [`ConsentRecord::check`] then decides whether the record still holds for the
//! current config and time. Anything that fails either step counts as *no consent*: the
//! banner shows and nothing that needs consent runs.
//!
//! Schema 1 (see `tests/golden/record-v1.json`):
//!
//! ```json
//! {"schema":1,"id":"<uuid v4>","created":"<ISO-8601>","updated":"<ISO-8601>",
//!  "expires":"<ISO-8601>","revision":1,"method":"accept-all",
//!  "categories":{"analytics":true,"marketing":false,"necessary":true},
//!  "services":{"ga4":true}}
//! ```

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::collections::BTreeMap;
use core::fmt;

use super::config::{Config, MAX_EXPIRY_DAYS};
use super::json::{Fields, Json, ObjectWriter};
use super::time::Timestamp;

/// What the shell found in storage: the parsed JSON, or why it is not JSON. Untrusted.
pub type Stored = Result<Json, String>;

pub use super::STORAGE_KEY;
/// The keys of a stored record, all of them required.
const RECORD_KEYS: &[&str] = &[
    "schema",
    "id",
    "created",
    "updated",
    "expires",
    "revision",
    "method",
    "categories",
    "services",
];

/// The schema version this build writes.
pub const SCHEMA: u32 = 1;
/// How far a stored timestamp may lie in the future (clock skew between tabs and devices).
pub const CLOCK_SKEW_MS: u64 = 5 * 60 * 1000;

/// How a decision was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// "Accept all" in the banner or preferences.
    AcceptAll,
    /// "Reject all" in the banner or preferences.
    RejectAll,
    /// "Save preferences" with per-purpose choices.
    Custom,
    /// A call to the JavaScript API.
    Api,
    /// Global Privacy Control withdrew a stored grant.
    Gpc,
    /// "Always allow" on an embed's placeholder ([`crate::core::placeholder`]).
    Contextual,
}

impl Method {
    /// The name in the stored record and in receipts.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Method::AcceptAll => "accept-all",
            Method::RejectAll => "reject-all",
            Method::Custom => "custom",
            Method::Api => "api",
            Method::Gpc => "gpc",
            Method::Contextual => "contextual",
        }
    }

    fn from_name(name: &str) -> Option<Method> {
        [
            Method::AcceptAll,
            Method::RejectAll,
            Method::Custom,
            Method::Api,
            Method::Gpc,
            Method::Contextual,
        ]
        .into_iter()
        .find(|m| m.name() == name)
    }
}

/// Per-category and per-service choices. Required categories are always `true`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    /// Category id -> granted.
    pub categories: BTreeMap<String, bool>,
    /// Service id -> granted.
    pub services: BTreeMap<String, bool>,
}

impl Choices {
    /// Every optional purpose set to `granted`; required categories on.
    #[must_use]
    pub fn uniform(config: &Config, granted: bool) -> Choices {
        let mut choices = Choices::default();
        for c in &config.categories {
            let on = c.required || granted;
            choices.categories.insert(c.id.clone(), on);
            for s in &c.services {
                choices.services.insert(s.id.clone(), on);
            }
        }
        choices
    }

    /// Whether a category or service id is granted. A service needs its category too.
    #[must_use]
    pub fn allows(&self, config: &Config, purpose: &str) -> bool {
        if let Some(c) = config.category(purpose) {
            return c.required || self.categories.get(purpose).copied().unwrap_or(false);
        }
        match config.service(purpose) {
            Some((c, s)) => {
                self.allows(config, &c.id) && self.services.get(&s.id).copied().unwrap_or(false)
            }
            None => false,
        }
    }
}

/// One decision as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    /// Schema version ([`SCHEMA`]).
    pub schema: u32,
    /// Random id of this decision (UUID v4); a new decision gets a new id.
    pub id: String,
    /// The visitor's first decision on this site.
    pub created: Timestamp,
    /// This decision.
    pub updated: Timestamp,
    /// When the banner asks again.
    pub expires: Timestamp,
    /// The config revision decided on.
    pub revision: u32,
    /// How the decision was made.
    pub method: Method,
    /// Category id -> granted.
    pub categories: BTreeMap<String, bool>,
    /// Service id -> granted.
    pub services: BTreeMap<String, bool>,
}

/// Why a stored record does not count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Not the JSON this build writes.
    Malformed(String),
    /// A schema this build does not know.
    UnknownSchema(u32),
    /// The consent id is not a UUID v4.
    BadId,
    /// Timestamps out of order or in the future.
    BadTimestamps,
    /// Past its expiry.
    Expired,
    /// Decided on another config revision.
    OtherRevision(u32),
    /// A purpose the visitor never decided on.
    Undecided(String),
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Malformed(m) => write!(f, "malformed record: {m}"),
            Invalid::UnknownSchema(v) => write!(f, "unknown schema version {v}"),
            Invalid::BadId => f.write_str("the consent id is not a UUID"),
            Invalid::BadTimestamps => f.write_str("timestamps are out of order or in the future"),
            Invalid::Expired => f.write_str("the choice has expired"),
            Invalid::OtherRevision(r) => write!(f, "decided on config revision {r}"),
            Invalid::Undecided(p) => write!(f, "no choice recorded for `{p}`"),
        }
    }
}

impl ConsentRecord {
    /// Decodes stored text (native builds; the browser parses with `JSON.parse` and calls
    /// [`ConsentRecord::from_json`]).
    ///
    /// # Errors
    /// [`Invalid::Malformed`] or [`Invalid::UnknownSchema`].
    #[cfg(not(target_arch = "wasm32"))]
    pub fn decode(stored: &str) -> Result<ConsentRecord, Invalid> {
        let doc = Json::parse(stored).map_err(Invalid::Malformed)?;
        ConsentRecord::from_json(&doc)
    }

    /// Reads a stored record. Only the exact schema-1 form is accepted: every field present
    /// with its type, nothing else.
    ///
    /// # Errors
    /// [`Invalid::Malformed`] or [`Invalid::UnknownSchema`].
    pub fn from_json(doc: &Json) -> Result<ConsentRecord, Invalid> {
        match ConsentRecord::read(doc) {
            Some(record) => Ok(record),
            None => Err(ConsentRecord::diagnose(doc)),
        }
    }

    /// Reads a stored record as [`ConsentRecord::from_json`] does, without saying why not (the
    /// gate needs no message, so it carries none).
    #[must_use]
    pub fn read(doc: &Json) -> Option<ConsentRecord> {
        let Json::Object(entries) = doc else {
            return None;
        };
        if entries
            .iter()
            .any(|(k, _)| !RECORD_KEYS.contains(&k.as_str()))
        {
            return None;
        }
        let get = |key: &str| doc.field(key);
        let time = |key: &str| Timestamp::parse_iso(get(key)?.as_str()?);
        let bools = |key: &str| -> Option<BTreeMap<String, bool>> {
            let Json::Object(items) = get(key)? else {
                return None;
            };
            items
                .iter()
                .map(|(id, v)| Some((id.clone(), v.as_bool()?)))
                .collect()
        };
        let schema = get("schema")?.as_u32()?;
        (schema == SCHEMA).then_some(())?;
        Some(ConsentRecord {
            schema,
            id: get("id")?.as_str()?.to_owned(),
            created: time("created")?,
            updated: time("updated")?,
            expires: time("expires")?,
            revision: get("revision")?.as_u32()?,
            method: Method::from_name(get("method")?.as_str()?)?,
            categories: bools("categories")?,
            services: bools("services")?,
        })
    }

    /// Why `doc` is not a record [`ConsentRecord::read`] accepts.
    fn diagnose(doc: &Json) -> Invalid {
        const KEYS: &[&str] = RECORD_KEYS;
        let not_ours = || Invalid::Malformed("not a record this build wrote".into());
        let malformed = |e: &super::json::FieldError| {
            Invalid::Malformed(format!("`{}`: {}", e.path, e.message))
        };
        let f = match Fields::new(doc, "", KEYS) {
            Ok(f) => f,
            Err(e) => return malformed(&e),
        };
        let mut errors = Vec::new();
        let schema = f.u32("schema", &mut errors);
        if let Some(schema) = schema
            && schema != SCHEMA
        {
            return Invalid::UnknownSchema(schema);
        }
        f.check_unknown(&mut errors);
        let time = |key: &str, errors: &mut Vec<super::json::FieldError>| {
            let text = f.required_string(key, errors)?;
            let t = Timestamp::parse_iso(&text);
            if t.is_none() {
                errors.push(super::json::FieldError::new(
                    key,
                    format!("{text:?} is not an ISO-8601 UTC time"),
                ));
            }
            t
        };
        let bools = |key: &str, errors: &mut Vec<super::json::FieldError>| {
            let mut out = BTreeMap::new();
            let Some(object) = f.object(key, errors) else {
                errors.push(super::json::FieldError::new(
                    key,
                    "missing (expected an object)",
                ));
                return out;
            };
            for (id, value) in object.entries(key).unwrap_or_default() {
                match value {
                    Json::Bool(b) => {
                        out.insert(id.clone(), *b);
                    }
                    other => errors.push(super::json::FieldError::new(
                        format!("{key}.{id}"),
                        format!("expected true or false, found {}", other.describe()),
                    )),
                }
            }
            out
        };
        let record = ConsentRecord {
            schema: schema.unwrap_or(0),
            id: f.required_string("id", &mut errors).unwrap_or_default(),
            created: time("created", &mut errors).unwrap_or(Timestamp(0)),
            updated: time("updated", &mut errors).unwrap_or(Timestamp(0)),
            expires: time("expires", &mut errors).unwrap_or(Timestamp(0)),
            revision: f.u32("revision", &mut errors).unwrap_or_else(|| {
                if f.get("revision").is_none() {
                    errors.push(super::json::FieldError::new(
                        "revision",
                        "missing (expected a whole number)",
                    ));
                }
                0
            }),
            method: f
                .required_string("method", &mut errors)
                .and_then(|m| {
                    let method = Method::from_name(&m);
                    if method.is_none() {
                        errors.push(super::json::FieldError::new(
                            "method",
                            format!("unknown method {m:?}"),
                        ));
                    }
                    method
                })
                .unwrap_or(Method::Api),
            categories: bools("categories", &mut errors),
            services: bools("services", &mut errors),
        };
        if schema.is_none() {
            errors.push(super::json::FieldError::new(
                "schema",
                "missing (expected 1)",
            ));
        }
        let _ = record;
        errors.first().map_or_else(not_ours, malformed)
    }

    /// The choices it records.
    #[must_use]
    pub fn choices(&self) -> Choices {
        Choices {
            categories: self.categories.clone(),
            services: self.services.clone(),
        }
    }

    /// The stored form.
    #[must_use]
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        w.number("schema", u64::from(self.schema))
            .string("id", &self.id)
            .string("created", &self.created.to_string())
            .string("updated", &self.updated.to_string())
            .string("expires", &self.expires.to_string())
            .number("revision", u64::from(self.revision))
            .string("method", self.method.name())
            .bools("categories", &self.categories)
            .bools("services", &self.services);
        w.close();
        out
    }

    /// Whether this record still holds for `config` at `now`.
    ///
    /// # Errors
    /// The first reason it does not.
    pub fn check(&self, config: &Config, now: Timestamp) -> Result<(), Invalid> {
        if !is_uuid_v4(&self.id) {
            return Err(Invalid::BadId);
        }
        let latest = Timestamp(now.0.saturating_add(CLOCK_SKEW_MS));
        if self.created > self.updated
            || self.updated > latest
            || self.expires <= self.updated
            || self.expires > self.updated.plus_days(MAX_EXPIRY_DAYS)
        {
            return Err(Invalid::BadTimestamps);
        }
        if now >= self.expires || now >= self.updated.plus_days(config.expiry_days) {
            return Err(Invalid::Expired);
        }
        if self.revision != config.revision {
            return Err(Invalid::OtherRevision(self.revision));
        }
        for c in config.optional_categories() {
            if !self.categories.contains_key(&c.id) {
                return Err(Invalid::Undecided(c.id.clone()));
            }
            for s in &c.services {
                if !self.services.contains_key(&s.id) {
                    return Err(Invalid::Undecided(s.id.clone()));
                }
            }
        }
        Ok(())
    }
}

/// Formats 16 random bytes as a UUID v4.
#[must_use]
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// What `reset()` leaves in storage, under region rules, in place of the record it forgets:
/// `{"withdrawn":"<its id>"}`. The next page view reads it as a withdrawal (the banner asks,
/// nothing optional runs under any rule until the visitor decides) and the next decision's
/// receipt names the withdrawn record as its previous one.
#[must_use]
pub fn withdrawal(id: &str) -> String {
    let mut out = String::new();
    ObjectWriter::new(&mut out).string("withdrawn", id).close();
    out
}

/// The record id a stored withdrawal names ([`withdrawal`]); `None` for anything else.
#[must_use]
pub fn withdrawn(stored: &Stored) -> Option<&str> {
    let Ok(Json::Object(entries)) = stored else {
        return None;
    };
    match entries.as_slice() {
        [(key, Json::String(id))] if key == "withdrawn" && is_uuid_v4(id) => Some(id),
        _ => None,
    }
}

fn is_uuid_v4(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_record_without_its_revision_is_malformed() {
        // Found by tests/properties/: it was read as revision 0.
        let stored = r#"{"schema":1,"id":"0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f","created":"2026-11-24T09:00:00.000Z","updated":"2026-11-24T09:00:00.000Z","expires":"2026-11-24T09:00:00.000Z","method":"accept-all","categories":{},"services":{}}"#;
        assert_eq!(
            ConsentRecord::decode(stored),
            Err(Invalid::Malformed(
                "`revision`: missing (expected a whole number)".into()
            ))
        );
    }

    #[test]
    fn uuid_has_version_and_variant() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(is_uuid_v4(&id));
        assert!(is_uuid_v4(&uuid_v4([0; 16])));
        assert!(!is_uuid_v4("FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF"));
        assert!(!is_uuid_v4("ffffffff-ffff-1fff-bfff-ffffffffffff"));
    }
}
