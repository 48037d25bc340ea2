//! `consent-gate records …`: the command line of the receipt service.
//! Exit status: 0 fine, 1 an error, 2 `verify` found a row that does not fit.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::audit;
use super::bench::{self, Load};
use super::export::Format;
use super::ratelimit::{DEFAULT_BURST, DEFAULT_PER_SECOND};
use super::retention::{DEFAULT_EXPIRY_DAYS, DEFAULT_RETENTION_DAYS, Retention};
use super::serve::{self, DEFAULT_MAX_BODY, Settings};
use super::store::{DatabaseUrl, Store};

/// The database flag every records command takes.
#[derive(Args, Clone, Debug)]
pub struct DatabaseArg {
    /// The database: sqlite:PATH (created when missing) or postgres://USER:PASSWORD@HOST:PORT/DB.
    #[arg(long, value_name = "URL", env = "CG_RECORDS_DATABASE")]
    pub database: String,
}

/// How long receipts are kept.
#[derive(Args, Clone, Copy, Debug)]
pub struct RetentionArgs {
    /// How long a decision lasts: the site's `expiryDays` (the embed's default is 182).
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_EXPIRY_DAYS)]
    pub expiry_days: u32,
    /// How long a receipt is kept after its decision expired (default: 12 months).
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_RETENTION_DAYS)]
    pub retention_days: u32,
}

impl RetentionArgs {
    fn retention(self) -> Retention {
        Retention {
            expiry_days: self.expiry_days,
            retention_days: self.retention_days,
        }
    }
}

/// `consent-gate records` subcommands.
#[derive(Subcommand)]
pub enum Records {
    /// Take receipts (POST /) from the site's pages and store them.
    Serve(ServeArgs),
    /// Show one decision, the earlier ones it replaced, and those that replaced it.
    Show {
        #[command(flatten)]
        db: DatabaseArg,
        /// The consent id the visitor quotes (the preferences show it).
        consent_id: String,
        /// Print JSON (the export's fields) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the stored receipts (JSON lines by default), oldest first, with their chain hashes.
    Export {
        #[command(flatten)]
        db: DatabaseArg,
        /// Only receipts received from this day (YYYY-MM-DD) or UTC time on.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only receipts received before the end of this day (YYYY-MM-DD) or before this UTC time.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// CSV (a header line, then one row per receipt).
        #[arg(long, conflicts_with = "jsonl")]
        csv: bool,
        /// JSON lines (the default).
        #[arg(long)]
        jsonl: bool,
    },
    /// Check the chained hashes of a database or an export; name the first row that does not fit.
    Verify {
        /// The database to check.
        #[arg(
            long,
            value_name = "URL",
            env = "CG_RECORDS_DATABASE",
            required_unless_present = "file",
            conflicts_with = "file"
        )]
        database: Option<String>,
        /// An export (JSON lines or CSV) to check instead.
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
    },
    /// Delete receipts past their retention period (the service also does so daily).
    Prune {
        #[command(flatten)]
        db: DatabaseArg,
        #[command(flatten)]
        retention: RetentionArgs,
    },
    /// Measure receipts per second against a database (127.0.0.1 only; not a test).
    Bench {
        #[command(flatten)]
        db: DatabaseArg,
        /// Concurrent senders.
        #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=256))]
        senders: u64,
        /// How long they send.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
        seconds: u64,
    },
}

/// `records serve` settings.
#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DatabaseArg,
    /// The address to listen on (put TLS in front of it: the site's proxy).
    #[arg(
        long,
        value_name = "ADDR",
        env = "CG_RECORDS_LISTEN",
        default_value = "127.0.0.1:8081"
    )]
    listen: SocketAddr,
    /// A site origin whose pages send receipts, e.g. https://www.example.com (repeatable).
    #[arg(
        long = "origin",
        value_name = "ORIGIN",
        required = true,
        env = "CG_RECORDS_ORIGINS",
        value_delimiter = ' '
    )]
    origins: Vec<String>,
    /// The largest request body taken, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Receipts one client may send at once (0: no limit; 60 = three full outboxes).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BURST)]
    rate_burst: u32,
    /// Receipts per second a client's allowance refills by.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PER_SECOND)]
    rate_per_second: f64,
    /// Keep the client's truncated address (IPv4 /24, IPv6 /48) with each receipt.
    #[arg(long)]
    store_ip_prefix: bool,
    /// Behind a proxy: the client is the last address of X-Forwarded-For.
    #[arg(long)]
    trust_forwarded_for: bool,
    #[command(flatten)]
    retention: RetentionArgs,
}

/// Runs a records subcommand.
///
/// # Errors
/// A message for any error (exit 1).
pub fn run(command: Records) -> Result<u8, String> {
    let runtime = super::runtime()?;
    runtime.block_on(async move {
        match command {
            Records::Serve(args) => {
                serve::run(settings(&args)?).await?;
                Ok(0)
            }
            Records::Show {
                db,
                consent_id,
                json,
            } => audit::show(&mut open(&db.database).await?, &consent_id, json).await,
            Records::Export {
                db,
                since,
                until,
                csv,
                jsonl: _,
            } => {
                let since = since.map(|d| audit::parse_date(&d, false)).transpose()?;
                let until = until.map(|d| audit::parse_date(&d, true)).transpose()?;
                let format = if csv { Format::Csv } else { Format::Jsonl };
                let mut store = open(&db.database).await?;
                let out = std::io::BufWriter::new(std::io::stdout().lock());
                audit::export(&mut store, since, until, format, out).await
            }
            Records::Verify { database, file } => match (database, file) {
                (_, Some(path)) => {
                    let shown = path.display().to_string();
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("cannot read {shown}: {e}"))?;
                    audit::verify_file(&text, &shown)
                }
                (Some(url), None) => audit::verify_store(&mut open(&url).await?).await,
                (None, None) => Err("give --database URL or --file PATH".into()),
            },
            Records::Prune { db, retention } => {
                let mut store = open(&db.database).await?;
                audit::prune(&mut store, retention.retention(), super::now()).await
            }
            Records::Bench {
                db,
                senders,
                seconds,
            } => run_bench(&db.database, senders, seconds).await,
        }
    })
}

async fn open(url: &str) -> Result<Store, String> {
    let url = DatabaseUrl::parse(url)?;
    Store::open(&url)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", url.shown()))
}

fn settings(args: &ServeArgs) -> Result<Settings, String> {
    let origins = args
        .origins
        .iter()
        .filter(|o| !o.is_empty())
        .map(|o| serve::origin(o))
        .collect::<Result<Vec<_>, _>>()?;
    if !(args.rate_per_second.is_finite() && args.rate_per_second >= 0.0) {
        return Err(format!(
            "--rate-per-second {}: expected a number of 0 or more",
            args.rate_per_second
        ));
    }
    Ok(Settings {
        database: DatabaseUrl::parse(&args.db.database)?,
        listen: args.listen,
        origins,
        max_body: args.max_body,
        rate_burst: args.rate_burst,
        rate_per_second: args.rate_per_second,
        store_ip_prefix: args.store_ip_prefix,
        trust_forwarded_for: args.trust_forwarded_for,
        retention: args.retention.retention(),
    })
}

async fn run_bench(database: &str, senders: u64, seconds: u64) -> Result<u8, String> {
    let url = DatabaseUrl::parse(database)?;
    let origin = "http://bench.localhost".to_owned();
    let running = serve::start(Settings {
        database: url.clone(),
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        origins: vec![origin.clone()],
        max_body: DEFAULT_MAX_BODY,
        rate_burst: 0,
        rate_per_second: 0.0,
        store_ip_prefix: false,
        trust_forwarded_for: false,
        retention: Retention::default(),
    })
    .await?;
    let load = Load {
        url: format!("http://{}/", running.addr),
        origin,
        senders: usize::try_from(senders).unwrap_or(16),
        duration: Duration::from_secs(seconds),
        seed: format!("bench/{}", super::now_iso()),
    };
    let outcome = tokio::task::spawn_blocking(move || bench::run(&load))
        .await
        .map_err(|e| e.to_string())?;
    running.stop().await?;
    let mut store = open(database).await?;
    let mut missing = 0;
    for id in &outcome.acknowledged {
        if store.find(id).await.map_err(|e| e.to_string())?.is_none() {
            missing += 1;
        }
    }
    println!(
        "{}: {senders} senders for {seconds} s: {:.0} receipts/s ({} stored, {} refused, {} unanswered); latency p50 {:.1} ms, p99 {:.1} ms; {missing} acknowledged but missing",
        url.shown(),
        outcome.per_second(),
        outcome.acknowledged.len(),
        outcome.refused.len(),
        outcome.unanswered,
        outcome.latency_ms(0.5),
        outcome.latency_ms(0.99),
    );
    Ok(if missing == 0 { 0 } else { 2 })
}
