//! The receipt service (`consent-gate records`): takes the receipts ConsentGate sends to
//! `proof.endpoint`, keeps each once in a tamper-evident chain, and lets the site's staff look
//! decisions up, export, verify and prune them. Reference: `docs/records.md`.
//!
//! * [`receipt`] reads a receipt strictly (errors name the field) and writes its canonical form.
//! * [`chain`] defines the chained hash and verifies rows against it.
//! * [`store`] keeps rows in SQLite or PostgreSQL, with migrations.
//! * [`serve`] is the HTTP service (origins, CORS, sizes, rate limit, group commit).
//! * [`export`] writes and reads exports (JSON lines, CSV).
//! * [`audit`] answers `show`, `export`, `verify` and `prune`.
//! * [`ratelimit`] is the per-client rate limit and the truncated address.
//! * [`retention`] decides what `prune` deletes.
//! * [`bench`] measures receipts per second.
//! * [`command`] is the `consent-gate records …` command line.

pub mod audit;
pub mod bench;
pub mod chain;
pub mod command;
pub mod export;
pub mod ratelimit;
pub mod receipt;
pub mod retention;
pub mod serve;
pub mod store;

use std::time::{SystemTime, UNIX_EPOCH};

use consent_gate::core::time::Timestamp;

/// Now, by the server's clock, as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
#[must_use]
pub fn now_iso() -> String {
    now().to_string()
}

/// Now, by the server's clock.
#[must_use]
pub fn now() -> Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    Timestamp(ms)
}

/// A runtime for a command (two workers: the machine a service runs on is often small).
///
/// # Errors
/// A message when the runtime cannot start.
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the async runtime: {e}"))
}
