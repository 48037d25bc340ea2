//! The chained hash that makes the receipt store tamper-evident.
//!
//! Every stored receipt is a row with a position `seq` (1, 2, 3, … with no gap) and
//! `hash = SHA-256(HASH_DOMAIN ‖ LF ‖ previousHash ‖ LF ‖ seq ‖ LF ‖ receivedAt ‖ LF ‖
//! ipPrefix ‖ LF ‖ receipt)` in lowercase hex, where `previousHash` is the row before's hash
//! (64 zeros before the first row), `seq` is in decimal, `ipPrefix` is empty when none was
//! stored and `receipt` is the receipt's JSON text as stored. Changing, removing or inserting
//! a row breaks every hash after it. Pruning removes a prefix of the chain and keeps its last
//! hash as the checkpoint the rest is verified from.

use std::fmt;

use consent_gate::core::receipt::sha256_hex;

use super::receipt::{self, Receipt};

/// What every row hash starts with: the chain format's name and version.
pub const HASH_DOMAIN: &str = "consent-gate-records/1";
/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of the row at `seq` after `previous_hash`.
#[must_use]
pub fn row_hash(
    previous_hash: &str,
    seq: i64,
    received_at: &str,
    ip_prefix: Option<&str>,
    receipt: &str,
) -> String {
    let text = format!(
        "{HASH_DOMAIN}\n{previous_hash}\n{seq}\n{received_at}\n{}\n{receipt}",
        ip_prefix.unwrap_or("")
    );
    sha256_hex(text.as_bytes())
}

/// The columns a row keeps beside its receipt text (for lookups and exports); they must say
/// what the receipt says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    /// `consentId`.
    pub consent_id: String,
    /// `previousConsentId`.
    pub previous_consent_id: Option<String>,
    /// The browser's `time`.
    pub decided_at: String,
    /// `revision`.
    pub revision: u32,
    /// `textsHash`.
    pub texts_hash: String,
    /// `language`.
    pub language: String,
    /// `method`.
    pub method: String,
    /// `gpc`.
    pub gpc: bool,
    /// `configHash`.
    pub config_hash: String,
}

impl Columns {
    /// The columns of `r`.
    #[must_use]
    pub fn of(r: &Receipt) -> Columns {
        Columns {
            consent_id: r.consent_id.clone(),
            previous_consent_id: r.previous_consent_id.clone(),
            decided_at: r.time.clone(),
            revision: r.revision,
            texts_hash: r.texts_hash.clone(),
            language: r.language.clone(),
            method: r.method.clone(),
            gpc: r.gpc,
            config_hash: r.config_hash.clone(),
        }
    }

    /// The first column that differs from `other`, by name.
    fn first_difference(&self, other: &Columns) -> Option<&'static str> {
        [
            ("consentId", self.consent_id == other.consent_id),
            (
                "previousConsentId",
                self.previous_consent_id == other.previous_consent_id,
            ),
            ("decidedAt", self.decided_at == other.decided_at),
            ("revision", self.revision == other.revision),
            ("textsHash", self.texts_hash == other.texts_hash),
            ("language", self.language == other.language),
            ("method", self.method == other.method),
            ("gpc", self.gpc == other.gpc),
            ("configHash", self.config_hash == other.config_hash),
        ]
        .into_iter()
        .find(|(_, same)| !same)
        .map(|(name, _)| name)
    }
}

/// One stored receipt, as the store and an export hold it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Its position in the chain.
    pub seq: i64,
    /// When the service stored it, by the server's clock.
    pub received_at: String,
    /// The client's truncated address, when the service was told to keep it.
    pub ip_prefix: Option<String>,
    /// The receipt's JSON text.
    pub receipt: String,
    /// The columns kept beside it.
    pub columns: Columns,
    /// The hash of the row before.
    pub previous_hash: String,
    /// This row's hash.
    pub hash: String,
}

impl Row {
    /// The row for `receipt` at `seq` after `previous_hash`.
    #[must_use]
    pub fn new(
        r: &Receipt,
        seq: i64,
        received_at: String,
        ip_prefix: Option<String>,
        previous_hash: String,
    ) -> Row {
        let receipt = r.to_json();
        let hash = row_hash(
            &previous_hash,
            seq,
            &received_at,
            ip_prefix.as_deref(),
            &receipt,
        );
        Row {
            seq,
            received_at,
            ip_prefix,
            receipt,
            columns: Columns::of(r),
            previous_hash,
            hash,
        }
    }
}

/// The first row that does not fit, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// Its position (or where a row was expected).
    pub seq: i64,
    /// Its consent id, when the row is there.
    pub consent_id: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.consent_id {
            Some(id) => write!(f, "row {} (consent id {id}): {}", self.seq, self.reason),
            None => write!(f, "row {}: {}", self.seq, self.reason),
        }
    }
}

/// Checks rows one after the other against the chain.
#[derive(Clone, Debug)]
pub struct Verifier {
    /// The position of the last row checked (or of the anchor).
    pub seq: i64,
    /// The hash of the last row checked (or the anchor's).
    pub hash: String,
    /// How many rows were checked.
    pub rows: u64,
}

impl Verifier {
    /// Starts after the row at `seq` whose hash is `hash` (0 and [`GENESIS`]: from the start).
    #[must_use]
    pub fn after(seq: i64, hash: &str) -> Verifier {
        Verifier {
            seq,
            hash: hash.to_owned(),
            rows: 0,
        }
    }

    /// Checks the next row.
    ///
    /// # Errors
    /// [`Broken`] naming the row and what does not fit.
    pub fn push(&mut self, row: &Row) -> Result<(), Broken> {
        let broken = |reason: String| Broken {
            seq: row.seq,
            consent_id: Some(row.columns.consent_id.clone()),
            reason,
        };
        let expected = self.seq + 1;
        if row.seq != expected {
            return Err(Broken {
                seq: expected,
                consent_id: None,
                reason: if row.seq > expected {
                    format!(
                        "missing: the next row is {} (rows {expected} to {} are gone)",
                        row.seq,
                        row.seq - 1
                    )
                } else {
                    format!("row {} comes again or out of order", row.seq)
                },
            });
        }
        if row.previous_hash != self.hash {
            return Err(broken(format!(
                "its previous hash {} is not the hash of the row before ({})",
                row.previous_hash, self.hash
            )));
        }
        let computed = row_hash(
            &row.previous_hash,
            row.seq,
            &row.received_at,
            row.ip_prefix.as_deref(),
            &row.receipt,
        );
        if computed != row.hash {
            return Err(broken(format!(
                "its hash {} does not match its contents (they hash to {computed}): the row was altered",
                row.hash
            )));
        }
        let parsed = receipt::read(row.receipt.as_bytes())
            .map_err(|e| broken(format!("its receipt does not read: {e}")))?;
        if let Some(column) = row.columns.first_difference(&Columns::of(&parsed)) {
            return Err(broken(format!(
                "its column {column} differs from its receipt: the row was altered"
            )));
        }
        self.seq = row.seq;
        self.hash.clone_from(&row.hash);
        self.rows += 1;
        Ok(())
    }
}
