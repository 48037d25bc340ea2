//! Exports: one row per stored receipt, as JSON lines or CSV, with the fields named in
//! `docs/records.md` (and mapped there onto ISO/IEC TS 27560). An export carries each row's
//! chain hashes and the receipt's exact text, so [`read_file`] and the chain's verifier can
//! tell whether it is complete and unaltered.

use std::io::Write;

use serde_json::{Map, Value};

use super::chain::{Columns, Row};
use super::receipt::{self, Receipt};

/// The export's fields, in order.
pub const FIELDS: [&str; 19] = [
    "seq",
    "consentId",
    "previousConsentId",
    "decidedAt",
    "receivedAt",
    "schema",
    "method",
    "revision",
    "textsHash",
    "language",
    "configHash",
    "categories",
    "services",
    "consentMode",
    "gpc",
    "ipPrefix",
    "receipt",
    "previousHash",
    "hash",
];

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated, a header line first; objects as JSON in their cell.
    Csv,
}

/// The export object of `row` (fields in [`FIELDS`] order).
#[must_use]
pub fn row_json(row: &Row) -> Map<String, Value> {
    let parsed = receipt::read(row.receipt.as_bytes()).ok();
    let c = &row.columns;
    let opt = |v: Option<&String>| v.map_or(Value::Null, |s| Value::String(s.clone()));
    let mut m = Map::new();
    m.insert("seq".into(), row.seq.into());
    m.insert("consentId".into(), c.consent_id.clone().into());
    m.insert(
        "previousConsentId".into(),
        opt(c.previous_consent_id.as_ref()),
    );
    m.insert("decidedAt".into(), c.decided_at.clone().into());
    m.insert("receivedAt".into(), row.received_at.clone().into());
    m.insert("schema".into(), receipt::SCHEMA.into());
    m.insert("method".into(), c.method.clone().into());
    m.insert("revision".into(), c.revision.into());
    m.insert("textsHash".into(), c.texts_hash.clone().into());
    m.insert("language".into(), c.language.clone().into());
    m.insert("configHash".into(), c.config_hash.clone().into());
    let from_receipt = |f: fn(&Receipt) -> Value| parsed.as_ref().map_or(Value::Null, f);
    m.insert(
        "categories".into(),
        from_receipt(|r| Receipt::grants_json(&r.categories)),
    );
    m.insert(
        "services".into(),
        from_receipt(|r| Receipt::grants_json(&r.services)),
    );
    m.insert(
        "consentMode".into(),
        from_receipt(Receipt::consent_mode_json),
    );
    m.insert("gpc".into(), c.gpc.into());
    m.insert("ipPrefix".into(), opt(row.ip_prefix.as_ref()));
    m.insert("receipt".into(), row.receipt.clone().into());
    m.insert("previousHash".into(), row.previous_hash.clone().into());
    m.insert("hash".into(), row.hash.clone().into());
    m
}

/// Writes rows in one format; CSV starts with its header line.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
}

impl<W: Write> Writer<W> {
    /// A writer to `out`.
    ///
    /// # Errors
    /// An I/O error writing the CSV header.
    pub fn new(mut out: W, format: Format) -> std::io::Result<Writer<W>> {
        if format == Format::Csv {
            writeln!(out, "{}", FIELDS.join(","))?;
        }
        Ok(Writer { out, format })
    }

    /// Writes one row.
    ///
    /// # Errors
    /// An I/O error.
    pub fn row(&mut self, row: &Row) -> std::io::Result<()> {
        let m = row_json(row);
        match self.format {
            Format::Jsonl => writeln!(self.out, "{}", Value::Object(m)),
            Format::Csv => {
                let mut csv = csv::Writer::from_writer(Vec::new());
                let cells: Vec<String> = FIELDS
                    .iter()
                    .map(|f| match m.get(*f) {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(s)) => s.clone(),
                        Some(v) => v.to_string(),
                    })
                    .collect();
                csv.write_record(&cells)?;
                let bytes = csv.into_inner().map_err(csv::IntoInnerError::into_error)?;
                self.out.write_all(&bytes)
            }
        }
    }

    /// Flushes the output.
    ///
    /// # Errors
    /// An I/O error.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Reads an export (JSON lines or CSV, told apart by its first character) back into rows.
///
/// # Errors
/// A message naming the line and field that does not read.
pub fn read_file(text: &str) -> Result<Vec<Row>, String> {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    if trimmed.starts_with('{') {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, line)| {
                let value: Value = serde_json::from_str(line)
                    .map_err(|e| format!("line {}: not JSON ({e})", i + 1))?;
                let Value::Object(m) = value else {
                    return Err(format!("line {}: not a JSON object", i + 1));
                };
                row_from_json(&m).map_err(|e| format!("line {}: {e}", i + 1))
            })
            .collect()
    } else {
        read_csv(text)
    }
}

fn read_csv(text: &str) -> Result<Vec<Row>, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("line 1: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    if header != FIELDS {
        return Err(format!(
            "line 1: the header is not an export's ({})",
            FIELDS.join(",")
        ));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| format!("line {line}: {e}"))?;
        let mut m = Map::new();
        for (field, cell) in FIELDS.iter().zip(record.iter()) {
            let value = match *field {
                "previousConsentId" | "ipPrefix" if cell.is_empty() => Value::Null,
                "seq" | "schema" | "revision" | "gpc" | "categories" | "services"
                | "consentMode" => serde_json::from_str(cell).map_err(|_| {
                    format!("line {line}: field \"{field}\" does not read: {cell:?}")
                })?,
                _ => Value::String(cell.to_owned()),
            };
            m.insert((*field).to_owned(), value);
        }
        rows.push(row_from_json(&m).map_err(|e| format!("line {line}: {e}"))?);
    }
    Ok(rows)
}

/// A row from its export object; the fields copied from the receipt must say what it says.
fn row_from_json(m: &Map<String, Value>) -> Result<Row, String> {
    if let Some(key) = m.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(format!("unknown field {key:?}"));
    }
    let get = |f: &str| m.get(f).ok_or_else(|| format!("missing field \"{f}\""));
    let string = |f: &str| match get(f)? {
        Value::String(s) => Ok(s.clone()),
        _ => Err(format!("field \"{f}\" is not a string")),
    };
    let opt_string = |f: &str| match get(f)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(format!("field \"{f}\" is not a string or null")),
    };
    let seq = get("seq")?
        .as_i64()
        .ok_or("field \"seq\" is not a whole number")?;
    let revision = get("revision")?
        .as_u64()
        .and_then(|r| u32::try_from(r).ok())
        .ok_or("field \"revision\" is not a whole number")?;
    let gpc = get("gpc")?
        .as_bool()
        .ok_or("field \"gpc\" is not true or false")?;
    let row = Row {
        seq,
        received_at: string("receivedAt")?,
        ip_prefix: opt_string("ipPrefix")?,
        receipt: string("receipt")?,
        columns: Columns {
            consent_id: string("consentId")?,
            previous_consent_id: opt_string("previousConsentId")?,
            decided_at: string("decidedAt")?,
            revision,
            texts_hash: string("textsHash")?,
            language: string("language")?,
            method: string("method")?,
            gpc,
            config_hash: string("configHash")?,
        },
        previous_hash: string("previousHash")?,
        hash: string("hash")?,
    };
    // The fields that are not columns must be what the receipt says, or the row was altered.
    if receipt::read(row.receipt.as_bytes()).is_ok() {
        let expected = row_json(&row);
        for f in ["schema", "categories", "services", "consentMode"] {
            if m.get(f) != expected.get(f) {
                return Err(format!(
                    "seq {seq}: field \"{f}\" differs from the row's receipt: the row was altered"
                ));
            }
        }
    }
    Ok(row)
}
