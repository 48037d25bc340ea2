//! The PostgreSQL store, for several service instances writing to one database. Appends lock
//! the `chain_head` row `FOR UPDATE` in their transaction, so instances take turns and the
//! chain stays one chain; migrations take an advisory lock, so instances starting together
//! migrate once. A lost connection is dropped and made again on the next call, so the service
//! recovers by itself when the database is back.

use std::time::Duration;

use tokio_postgres::{Client, NoTls};

use super::{Appended, Checkpoint, Head, Incoming, StoreError, chain_batch};
use crate::records::chain::{Columns, Row};

/// The advisory lock key migrations hold ("cgrecord" in ASCII).
const MIGRATION_LOCK: i64 = 0x6367_7265_636f_7264;

/// The migrations, in order: (version, what it does, SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "receipts, chain head and checkpoint",
    "CREATE TABLE receipts (
        seq BIGINT PRIMARY KEY,
        consent_id TEXT NOT NULL UNIQUE,
        previous_consent_id TEXT,
        decided_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        revision BIGINT NOT NULL,
        texts_hash TEXT NOT NULL,
        language TEXT NOT NULL,
        method TEXT NOT NULL,
        gpc BOOLEAN NOT NULL,
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
        seq BIGINT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TABLE chain_checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq BIGINT NOT NULL,
        hash TEXT NOT NULL,
        pruned_at TEXT NOT NULL
    );
    INSERT INTO chain_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
    INSERT INTO chain_checkpoint VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', '');",
)];

const COLUMNS: &str = "seq, received_at, ip_prefix, receipt, consent_id, previous_consent_id, decided_at, revision, texts_hash, language, method, gpc, config_hash, previous_hash, hash";

/// A PostgreSQL store: one connection, made again when lost.
pub struct Postgres {
    config: tokio_postgres::Config,
    client: Option<Client>,
}

impl Postgres {
    /// Connects to `url` and migrates.
    pub async fn open(url: &str) -> Result<Postgres, StoreError> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError(format!("postgres: the URL does not read: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        config.application_name("consent-gate records");
        let mut store = Postgres {
            config,
            client: None,
        };
        let client = store.client().await?;
        migrate(client).await?;
        Ok(store)
    }

    /// The connection, made when there is none or the last one closed.
    async fn client(&mut self) -> Result<&mut Client, StoreError> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            let (client, connection) = self.config.connect(NoTls).await?;
            tokio::spawn(async move {
                let _ = connection.await;
            });
            client
                .batch_execute("SET statement_timeout = '15s'")
                .await?;
            self.client = Some(client);
        }
        self.client
            .as_mut()
            .ok_or_else(|| StoreError("postgres: no connection".into()))
    }

    /// Forgets the connection after an error, so the next call makes a new one.
    fn failed<T>(&mut self, result: Result<T, StoreError>) -> Result<T, StoreError> {
        if result.is_err() {
            self.client = None;
        }
        result
    }

    pub async fn append(
        &mut self,
        batch: &[Incoming],
        received_at: &str,
    ) -> Result<Vec<Appended>, StoreError> {
        let result = async {
            let client = self.client().await?;
            let tx = client.transaction().await?;
            let head = tx
                .query_one("SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE", &[])
                .await?;
            let head = Head {
                seq: head.get(0),
                hash: head.get(1),
            };
            let ids: Vec<&str> = batch.iter().map(|i| i.receipt.consent_id.as_str()).collect();
            let known: Vec<(String, i64)> = tx
                .query(
                    "SELECT consent_id, seq FROM receipts WHERE consent_id = ANY($1)",
                    &[&ids],
                )
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let (head, rows, outcomes) = chain_batch(batch, received_at, head, |id| {
                known.iter().find(|(k, _)| k == id).map(|(_, s)| *s)
            });
            let insert = tx
                .prepare(&format!(
                    "INSERT INTO receipts ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
                ))
                .await?;
            for row in &rows {
                let c = &row.columns;
                tx.execute(
                    &insert,
                    &[
                        &row.seq,
                        &row.received_at,
                        &row.ip_prefix,
                        &row.receipt,
                        &c.consent_id,
                        &c.previous_consent_id,
                        &c.decided_at,
                        &i64::from(c.revision),
                        &c.texts_hash,
                        &c.language,
                        &c.method,
                        &c.gpc,
                        &c.config_hash,
                        &row.previous_hash,
                        &row.hash,
                    ],
                )
                .await?;
            }
            tx.execute(
                "UPDATE chain_head SET seq = $1, hash = $2 WHERE id = 1",
                &[&head.seq, &head.hash],
            )
            .await?;
            tx.commit().await?;
            Ok(outcomes)
        }
        .await;
        self.failed(result)
    }

    pub async fn ping(&mut self) -> Result<(), StoreError> {
        let result = async {
            self.client()
                .await?
                .query_one("SELECT seq FROM chain_head WHERE id = 1", &[])
                .await?;
            Ok(())
        }
        .await;
        self.failed(result)
    }

    /// Rows of `sql` (selecting [`COLUMNS`]) with `params`.
    async fn select(
        &mut self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Vec<Row>, StoreError> {
        let result = async {
            let rows = self.client().await?.query(sql, params).await?;
            Ok(rows.iter().map(to_row).collect())
        }
        .await;
        self.failed(result)
    }

    pub async fn find(&mut self, consent_id: &str) -> Result<Option<Row>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM receipts WHERE consent_id = $1");
        Ok(self.select(&sql, &[&consent_id]).await?.into_iter().next())
    }

    pub async fn successors(&mut self, consent_id: &str) -> Result<Vec<Row>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM receipts WHERE previous_consent_id = $1 ORDER BY seq LIMIT 100"
        );
        self.select(&sql, &[&consent_id]).await
    }

    pub async fn rows_after(&mut self, after: i64, limit: i64) -> Result<Vec<Row>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM receipts WHERE seq > $1 ORDER BY seq LIMIT $2");
        self.select(&sql, &[&after, &limit]).await
    }

    pub async fn seq_range(
        &mut self,
        since: Option<&str>,
        until: Option<&str>,
    ) -> Result<(Option<i64>, Option<i64>), StoreError> {
        let result = async {
            let client = self.client().await?;
            let first: Option<i64> = client
                .query_one(
                    "SELECT min(seq) FROM receipts WHERE $1::TEXT IS NULL OR received_at >= $1",
                    &[&since],
                )
                .await?
                .get(0);
            let last: Option<i64> = client
                .query_one(
                    "SELECT max(seq) FROM receipts WHERE $1::TEXT IS NULL OR received_at < $1",
                    &[&until],
                )
                .await?
                .get(0);
            Ok((first, last))
        }
        .await;
        self.failed(result)
    }

    pub async fn checkpoint(&mut self) -> Result<Checkpoint, StoreError> {
        let result = async {
            let r = self
                .client()
                .await?
                .query_one(
                    "SELECT seq, hash, pruned_at FROM chain_checkpoint WHERE id = 1",
                    &[],
                )
                .await?;
            Ok(Checkpoint {
                seq: r.get(0),
                hash: r.get(1),
                pruned_at: r.get(2),
            })
        }
        .await;
        self.failed(result)
    }

    pub async fn head(&mut self) -> Result<Head, StoreError> {
        let result = async {
            let r = self
                .client()
                .await?
                .query_one("SELECT seq, hash FROM chain_head WHERE id = 1", &[])
                .await?;
            Ok(Head {
                seq: r.get(0),
                hash: r.get(1),
            })
        }
        .await;
        self.failed(result)
    }

    pub async fn prune(&mut self, cutoff: &str, now: &str) -> Result<u64, StoreError> {
        let result = async {
            let client = self.client().await?;
            let tx = client.transaction().await?;
            tx.query_one("SELECT seq FROM chain_head WHERE id = 1 FOR UPDATE", &[])
                .await?;
            let last: Option<i64> = tx
                .query_one(
                    "SELECT max(seq) FROM receipts WHERE received_at < $1",
                    &[&cutoff],
                )
                .await?
                .get(0);
            let Some(last) = last else {
                return Ok(0);
            };
            let hash: String = tx
                .query_one("SELECT hash FROM receipts WHERE seq = $1", &[&last])
                .await?
                .get(0);
            let gone = tx
                .execute("DELETE FROM receipts WHERE seq <= $1", &[&last])
                .await?;
            tx.execute(
                "UPDATE chain_checkpoint SET seq = $1, hash = $2, pruned_at = $3 WHERE id = 1",
                &[&last, &hash, &now],
            )
            .await?;
            tx.commit().await?;
            Ok(gone)
        }
        .await;
        self.failed(result)
    }

    pub async fn schema_version(&mut self) -> Result<i64, StoreError> {
        let result = async {
            let r = self
                .client()
                .await?
                .query_one(
                    "SELECT coalesce(max(version), 0)::BIGINT FROM schema_migrations",
                    &[],
                )
                .await?;
            Ok(r.get(0))
        }
        .await;
        self.failed(result)
    }
}

fn to_row(r: &tokio_postgres::Row) -> Row {
    Row {
        seq: r.get(0),
        received_at: r.get(1),
        ip_prefix: r.get(2),
        receipt: r.get(3),
        columns: Columns {
            consent_id: r.get(4),
            previous_consent_id: r.get(5),
            decided_at: r.get(6),
            revision: u32::try_from(r.get::<_, i64>(7)).unwrap_or(u32::MAX),
            texts_hash: r.get(8),
            language: r.get(9),
            method: r.get(10),
            gpc: r.get(11),
            config_hash: r.get(12),
        },
        previous_hash: r.get(13),
        hash: r.get(14),
    }
}

/// Brings the database to the newest schema in one transaction under an advisory lock.
async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )",
    )
    .await?;
    for &(version, description, sql) in MIGRATIONS {
        let done = tx
            .query_opt(
                "SELECT 1 FROM schema_migrations WHERE version = $1",
                &[&version],
            )
            .await?
            .is_some();
        if !done {
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO schema_migrations VALUES ($1, $2, $3)",
                &[&version, &description, &crate::records::now_iso()],
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
