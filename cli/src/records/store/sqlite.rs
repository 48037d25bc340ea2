//! The SQLite store: one file, WAL journal, `synchronous = FULL` (a commit is on disk before
//! the service answers), and `BEGIN IMMEDIATE` so appends take the write lock up front.

use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use super::{Appended, Checkpoint, Head, Incoming, StoreError, chain_batch};
use crate::records::chain::{Columns, Row};

/// The migrations, in order: (version, what it does, SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "receipts, chain head and checkpoint",
    "CREATE TABLE receipts (
        seq INTEGER PRIMARY KEY,
        consent_id TEXT NOT NULL UNIQUE,
        previous_consent_id TEXT,
        decided_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        revision INTEGER NOT NULL,
        texts_hash TEXT NOT NULL,
        language TEXT NOT NULL,
        method TEXT NOT NULL,
        gpc INTEGER NOT NULL,
        config_hash TEXT NOT NULL,
        ip_prefix TEXT,
        receipt TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX receipts_previous ON receipts (previous_consent_id);
    CREATE INDEX receipts_received ON receipts (received_at);
    CREATE TABLE chain_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TABLE chain_checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        pruned_at TEXT NOT NULL
    );
    INSERT INTO chain_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
    INSERT INTO chain_checkpoint VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', '');",
)];

const COLUMNS: &str = "seq, received_at, ip_prefix, receipt, consent_id, previous_consent_id, decided_at, revision, texts_hash, language, method, gpc, config_hash, previous_hash, hash";

/// An open SQLite store.
pub struct Sqlite {
    conn: Arc<Mutex<Connection>>,
}

impl Sqlite {
    /// Opens `path` (creating it), sets WAL and full sync, and migrates.
    pub async fn open(path: &str) -> Result<Sqlite, StoreError> {
        let path = path.to_owned();
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection, StoreError> {
            let mut conn = Connection::open(&path)
                .map_err(|e| StoreError(format!("sqlite: cannot open {path:?}: {e}")))?;
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError(format!(
                    "sqlite: {path:?} cannot use the WAL journal (got {mode})"
                )));
            }
            conn.execute_batch("PRAGMA synchronous = FULL;")?;
            migrate(&mut conn)?;
            Ok(conn)
        })
        .await
        .map_err(|e| StoreError(format!("sqlite: {e}")))??;
        Ok(Sqlite {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the connection on a blocking thread.
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut conn = conn
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut conn)
        })
        .await
        .map_err(|e| StoreError(format!("sqlite: {e}")))?
    }

    pub async fn append(
        &mut self,
        batch: &[Incoming],
        received_at: &str,
    ) -> Result<Vec<Appended>, StoreError> {
        let batch = batch.to_vec();
        let received_at = received_at.to_owned();
        self.run(move |conn| {
            let tx =
                conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let head = read_head(&tx)?;
            let mut lookup = tx.prepare("SELECT seq FROM receipts WHERE consent_id = ?1")?;
            let mut known = Vec::new();
            for item in &batch {
                let id = &item.receipt.consent_id;
                if let Some(seq) = lookup
                    .query_row([id], |r| r.get::<_, i64>(0))
                    .optional()?
                {
                    known.push((id.clone(), seq));
                }
            }
            drop(lookup);
            let (head, rows, outcomes) = chain_batch(&batch, &received_at, head, |id| {
                known.iter().find(|(k, _)| k == id).map(|(_, s)| *s)
            });
            {
                let mut insert = tx.prepare(&format!(
                    "INSERT INTO receipts ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
                ))?;
                for row in &rows {
                    let c = &row.columns;
                    insert.execute(params![
                        row.seq,
                        row.received_at,
                        row.ip_prefix,
                        row.receipt,
                        c.consent_id,
                        c.previous_consent_id,
                        c.decided_at,
                        c.revision,
                        c.texts_hash,
                        c.language,
                        c.method,
                        c.gpc,
                        c.config_hash,
                        row.previous_hash,
                        row.hash
                    ])?;
                }
            }
            tx.execute(
                "UPDATE chain_head SET seq = ?1, hash = ?2 WHERE id = 1",
                params![head.seq, head.hash],
            )?;
            tx.commit()?;
            Ok(outcomes)
        })
        .await
    }

    pub async fn ping(&mut self) -> Result<(), StoreError> {
        self.run(|conn| {
            conn.query_row("SELECT seq FROM chain_head WHERE id = 1", [], |r| {
                r.get::<_, i64>(0)
            })?;
            Ok(())
        })
        .await
    }

    pub async fn find(&mut self, consent_id: &str) -> Result<Option<Row>, StoreError> {
        let id = consent_id.to_owned();
        self.run(move |conn| {
            Ok(conn
                .query_row(
                    &format!("SELECT {COLUMNS} FROM receipts WHERE consent_id = ?1"),
                    [id],
                    to_row,
                )
                .optional()?)
        })
        .await
    }

    pub async fn successors(&mut self, consent_id: &str) -> Result<Vec<Row>, StoreError> {
        let id = consent_id.to_owned();
        self.run(move |conn| {
            let mut q = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM receipts WHERE previous_consent_id = ?1 ORDER BY seq LIMIT 100"
            ))?;
            let rows = q.query_map([id], to_row)?.collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    pub async fn rows_after(&mut self, after: i64, limit: i64) -> Result<Vec<Row>, StoreError> {
        self.run(move |conn| {
            let mut q = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM receipts WHERE seq > ?1 ORDER BY seq LIMIT ?2"
            ))?;
            let rows = q
                .query_map(params![after, limit], to_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    pub async fn seq_range(
        &mut self,
        since: Option<&str>,
        until: Option<&str>,
    ) -> Result<(Option<i64>, Option<i64>), StoreError> {
        let since = since.map(str::to_owned);
        let until = until.map(str::to_owned);
        self.run(move |conn| {
            let first: Option<i64> = match &since {
                Some(s) => conn.query_row(
                    "SELECT min(seq) FROM receipts WHERE received_at >= ?1",
                    [s],
                    |r| r.get(0),
                )?,
                None => conn.query_row("SELECT min(seq) FROM receipts", [], |r| r.get(0))?,
            };
            let last: Option<i64> = match &until {
                Some(u) => conn.query_row(
                    "SELECT max(seq) FROM receipts WHERE received_at < ?1",
                    [u],
                    |r| r.get(0),
                )?,
                None => conn.query_row("SELECT max(seq) FROM receipts", [], |r| r.get(0))?,
            };
            Ok((first, last))
        })
        .await
    }

    pub async fn checkpoint(&mut self) -> Result<Checkpoint, StoreError> {
        self.run(|conn| {
            Ok(conn.query_row(
                "SELECT seq, hash, pruned_at FROM chain_checkpoint WHERE id = 1",
                [],
                |r| {
                    Ok(Checkpoint {
                        seq: r.get(0)?,
                        hash: r.get(1)?,
                        pruned_at: r.get(2)?,
                    })
                },
            )?)
        })
        .await
    }

    pub async fn head(&mut self) -> Result<Head, StoreError> {
        self.run(|conn| read_head(conn)).await
    }

    pub async fn prune(&mut self, cutoff: &str, now: &str) -> Result<u64, StoreError> {
        let cutoff = cutoff.to_owned();
        let now = now.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let last: Option<i64> = tx.query_row(
                "SELECT max(seq) FROM receipts WHERE received_at < ?1",
                [&cutoff],
                |r| r.get(0),
            )?;
            let Some(last) = last else {
                return Ok(0);
            };
            let hash: String =
                tx.query_row("SELECT hash FROM receipts WHERE seq = ?1", [last], |r| {
                    r.get(0)
                })?;
            let gone = tx.execute("DELETE FROM receipts WHERE seq <= ?1", [last])?;
            tx.execute(
                "UPDATE chain_checkpoint SET seq = ?1, hash = ?2, pruned_at = ?3 WHERE id = 1",
                params![last, hash, now],
            )?;
            tx.commit()?;
            Ok(u64::try_from(gone).unwrap_or(0))
        })
        .await
    }

    pub async fn schema_version(&mut self) -> Result<i64, StoreError> {
        self.run(|conn| {
            Ok(conn.query_row(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )?)
        })
        .await
    }
}

fn read_head(conn: &Connection) -> Result<Head, StoreError> {
    Ok(
        conn.query_row("SELECT seq, hash FROM chain_head WHERE id = 1", [], |r| {
            Ok(Head {
                seq: r.get(0)?,
                hash: r.get(1)?,
            })
        })?,
    )
}

fn to_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        seq: r.get(0)?,
        received_at: r.get(1)?,
        ip_prefix: r.get(2)?,
        receipt: r.get(3)?,
        columns: Columns {
            consent_id: r.get(4)?,
            previous_consent_id: r.get(5)?,
            decided_at: r.get(6)?,
            revision: r.get(7)?,
            texts_hash: r.get(8)?,
            language: r.get(9)?,
            method: r.get(10)?,
            gpc: r.get(11)?,
            config_hash: r.get(12)?,
        },
        previous_hash: r.get(13)?,
        hash: r.get(14)?,
    })
}

/// Brings the database to the newest schema, each migration in its own transaction.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )",
    )?;
    for &(version, description, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let done: bool = tx.query_row(
            "SELECT count(*) > 0 FROM schema_migrations WHERE version = ?1",
            [version],
            |r| r.get(0),
        )?;
        if !done {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations VALUES (?1, ?2, ?3)",
                params![version, description, crate::records::now_iso()],
            )?;
        }
        tx.commit()?;
    }
    Ok(())
}
