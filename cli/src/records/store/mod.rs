//! Where receipts are kept: SQLite (a file, embedded, the default) or PostgreSQL (several
//! service instances writing to one database). Both keep the same tables (see
//! `docs/records.md`), migrate themselves when opened, and append under one lock so the chain
//! ([`super::chain`]) stays a single chain: SQLite's write lock (`BEGIN IMMEDIATE`), and in
//! PostgreSQL the `chain_head` row locked `FOR UPDATE` inside the insert transaction.

mod postgres;
mod sqlite;

use std::fmt;

use super::chain::Row;
use super::receipt::Receipt;

/// Where the database is: `sqlite:PATH` or `postgres://…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file (created when missing).
    Sqlite(String),
    /// A PostgreSQL connection URL (`postgres://user:password@host:port/database`).
    Postgres(String),
}

impl DatabaseUrl {
    /// Reads `sqlite:PATH`, `postgres://…` or `postgresql://…`.
    ///
    /// # Errors
    /// A message quoting the URL when it is neither.
    pub fn parse(url: &str) -> Result<DatabaseUrl, String> {
        if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err(format!("database {url:?}: sqlite: needs a file path"));
            }
            Ok(DatabaseUrl::Sqlite(path.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else {
            Err(format!(
                "database {url:?}: expected sqlite:PATH or postgres://USER@HOST:PORT/DATABASE"
            ))
        }
    }

    /// The URL without a password, for messages.
    #[must_use]
    pub fn shown(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite:{path}"),
            DatabaseUrl::Postgres(url) => match url::Url::parse(url) {
                Ok(mut u) if u.password().is_some() => {
                    let _ = u.set_password(Some("***"));
                    u.to_string()
                }
                _ => url.clone(),
            },
        }
    }
}

/// A receipt to append, with what the service adds.
#[derive(Clone, Debug)]
pub struct Incoming {
    /// The receipt, read and checked.
    pub receipt: Receipt,
    /// The client's truncated address, when the service keeps it.
    pub ip_prefix: Option<String>,
}

/// What became of one appended receipt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Appended {
    /// Stored at this position.
    New(i64),
    /// Its `consentId` was already stored, at this position: nothing changed.
    Duplicate(i64),
}

/// The start of the chain as kept: the last pruned row (or position 0 and the genesis hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The last pruned position (0: nothing pruned).
    pub seq: i64,
    /// Its hash.
    pub hash: String,
    /// When the prune ran (empty: never).
    pub pruned_at: String,
}

/// The chain's last row as the store records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// The last position (0: empty).
    pub seq: i64,
    /// Its hash.
    pub hash: String,
}

/// A store failure: the database is unreachable, full, or refused the statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError(format!("sqlite: {e}"))
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> StoreError {
        let detail = std::error::Error::source(&e).map_or_else(String::new, |s| format!(": {s}"));
        StoreError(format!("postgres: {e}{detail}"))
    }
}

/// The schema version the migrations bring a database to.
pub const SCHEMA_VERSION: i64 = 1;

/// A receipt store, opened and migrated.
pub enum Store {
    /// SQLite.
    Sqlite(sqlite::Sqlite),
    /// PostgreSQL.
    Postgres(Box<postgres::Postgres>),
}

/// Runs the same call on whichever backend.
macro_rules! both {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            Store::Sqlite($s) => $call.await,
            Store::Postgres($s) => $call.await,
        }
    };
}

impl Store {
    /// Opens (creating a SQLite file when missing) and migrates the database.
    ///
    /// # Errors
    /// [`StoreError`] when it cannot be reached or migrated.
    pub async fn open(url: &DatabaseUrl) -> Result<Store, StoreError> {
        Ok(match url {
            DatabaseUrl::Sqlite(path) => Store::Sqlite(sqlite::Sqlite::open(path).await?),
            DatabaseUrl::Postgres(url) => {
                Store::Postgres(Box::new(postgres::Postgres::open(url).await?))
            }
        })
    }

    /// Appends `batch` in one transaction, stamped `received_at`; a receipt whose `consentId`
    /// is already stored (or earlier in the batch) is a [`Appended::Duplicate`].
    ///
    /// # Errors
    /// [`StoreError`]: nothing of the batch was stored.
    pub async fn append(
        &mut self,
        batch: &[Incoming],
        received_at: &str,
    ) -> Result<Vec<Appended>, StoreError> {
        both!(self, s => s.append(batch, received_at))
    }

    /// Whether the database answers.
    ///
    /// # Errors
    /// [`StoreError`] when it does not.
    pub async fn ping(&mut self) -> Result<(), StoreError> {
        both!(self, s => s.ping())
    }

    /// The row of `consent_id`.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn find(&mut self, consent_id: &str) -> Result<Option<Row>, StoreError> {
        both!(self, s => s.find(consent_id))
    }

    /// The rows that name `consent_id` as their previous decision.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn successors(&mut self, consent_id: &str) -> Result<Vec<Row>, StoreError> {
        both!(self, s => s.successors(consent_id))
    }

    /// Up to `limit` rows after position `after`, in order.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn rows_after(&mut self, after: i64, limit: i64) -> Result<Vec<Row>, StoreError> {
        both!(self, s => s.rows_after(after, limit))
    }

    /// The first position received at or after `since` and the last received before `until`.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn seq_range(
        &mut self,
        since: Option<&str>,
        until: Option<&str>,
    ) -> Result<(Option<i64>, Option<i64>), StoreError> {
        both!(self, s => s.seq_range(since, until))
    }

    /// Where the kept chain starts.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn checkpoint(&mut self) -> Result<Checkpoint, StoreError> {
        both!(self, s => s.checkpoint())
    }

    /// The chain's last row as recorded.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn head(&mut self) -> Result<Head, StoreError> {
        both!(self, s => s.head())
    }

    /// Deletes the rows received before `cutoff` (a prefix of the chain) and records the last
    /// one's hash as the checkpoint; returns how many went.
    ///
    /// # Errors
    /// [`StoreError`]: nothing was deleted.
    pub async fn prune(&mut self, cutoff: &str, now: &str) -> Result<u64, StoreError> {
        both!(self, s => s.prune(cutoff, now))
    }

    /// The schema version the database is at.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn schema_version(&mut self) -> Result<i64, StoreError> {
        both!(self, s => s.schema_version())
    }
}

/// Builds the rows of `batch` after `head`, skipping receipts already stored (`stored` says
/// where) and repeats inside the batch; returns the new head, the rows to insert and what
/// became of each receipt.
fn chain_batch(
    batch: &[Incoming],
    received_at: &str,
    head: Head,
    stored: impl Fn(&str) -> Option<i64>,
) -> (Head, Vec<Row>, Vec<Appended>) {
    let mut head = head;
    let mut rows: Vec<Row> = Vec::new();
    let mut outcomes = Vec::with_capacity(batch.len());
    for item in batch {
        let id = &item.receipt.consent_id;
        if let Some(seq) = stored(id) {
            outcomes.push(Appended::Duplicate(seq));
            continue;
        }
        if let Some(row) = rows.iter().find(|r| r.columns.consent_id == *id) {
            outcomes.push(Appended::Duplicate(row.seq));
            continue;
        }
        let row = Row::new(
            &item.receipt,
            head.seq + 1,
            received_at.to_owned(),
            item.ip_prefix.clone(),
            head.hash.clone(),
        );
        head = Head {
            seq: row.seq,
            hash: row.hash.clone(),
        };
        outcomes.push(Appended::New(row.seq));
        rows.push(row);
    }
    (head, rows, outcomes)
}
