//! What the site's staff run: `show` (one decision and the chain of earlier ones), `export`,
//! `verify` (a database or an export) and `prune`.

use std::fmt::Write as _;
use std::io::Write;

use consent_gate::core::time::{DAY_MS, Timestamp};

use super::chain::{Broken, GENESIS, Row, Verifier};
use super::export::{self, Format};
use super::receipt::{self, Receipt};
use super::retention::Retention;
use super::store::{Store, StoreError};

/// The most earlier decisions `show` follows (a chain longer than this is cut, and says so).
const MAX_EARLIER: usize = 1000;
/// Rows read at a time by `export` and `verify`.
const PAGE: i64 = 1000;

/// A command's outcome: its exit code (0 fine, 2 verification failed).
pub type Outcome = Result<u8, String>;

fn store_error(e: &StoreError) -> String {
    format!("the database failed: {e}")
}

/// `DATE` as an instant: `YYYY-MM-DD` (the day's start, or with `end_of_day` the next day's),
/// or a UTC time `YYYY-MM-DDTHH:MM:SS[.mmm]Z`.
///
/// # Errors
/// A message quoting `text`.
pub fn parse_date(text: &str, end_of_day: bool) -> Result<Timestamp, String> {
    let full = match text.len() {
        10 => format!("{text}T00:00:00.000Z"),
        20 if text.ends_with('Z') => format!("{}.000Z", &text[..19]),
        _ => text.to_owned(),
    };
    let t = Timestamp::parse_iso(&full).ok_or_else(|| {
        format!("{text:?} is not a date: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.mmm]Z (UTC)")
    })?;
    Ok(if end_of_day && text.len() == 10 {
        Timestamp(t.0 + DAY_MS)
    } else {
        t
    })
}

/// Human-readable lines for one row.
fn describe(row: &Row, title: &str) -> String {
    let c = &row.columns;
    let parsed = receipt::read(row.receipt.as_bytes()).ok();
    let list = |entries: &[(String, bool)], yes: &str, no: &str| {
        if entries.is_empty() {
            return "(none)".to_owned();
        }
        entries
            .iter()
            .map(|(k, b)| format!("{k} {}", if *b { yes } else { no }))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!("{title} {}\n", c.consent_id);
    let mut line = |k: &str, v: &str| {
        let _ = writeln!(out, "  {k:<18}{v}");
    };
    line("decided at", &format!("{} (browser's clock)", c.decided_at));
    line(
        "received at",
        &format!("{} (service's clock)", row.received_at),
    );
    line("method", &c.method);
    if let Some(r) = &parsed {
        line("categories", &list(&r.categories, "granted", "refused"));
        line("services", &list(&r.services, "granted", "refused"));
        line("consent mode", &list(&r.consent_mode, "granted", "denied"));
    }
    line(
        "gpc",
        if c.gpc {
            "sent (Global Privacy Control)"
        } else {
            "not sent"
        },
    );
    line("config revision", &c.revision.to_string());
    line("language", &c.language);
    line("texts hash", &c.texts_hash);
    line("config hash", &c.config_hash);
    line(
        "previous decision",
        c.previous_consent_id
            .as_deref()
            .unwrap_or("none (the first)"),
    );
    if let Some(ip) = &row.ip_prefix {
        line("network", ip);
    }
    line("chain row", &format!("{} (hash {})", row.seq, row.hash));
    out
}

/// `records show`: the decision `consent_id`, the chain of earlier ones by
/// `previousConsentId`, and the decisions that replaced it.
///
/// # Errors
/// A message when the id is not a UUID, is not stored, or the database fails.
pub async fn show(store: &mut Store, consent_id: &str, json: bool) -> Outcome {
    if !receipt::is_uuid(consent_id, false) {
        return Err(format!(
            "{consent_id:?} is not a consent id (a UUID, as the preferences show it)"
        ));
    }
    let found = store.find(consent_id).await.map_err(|e| store_error(&e))?;
    let Some(asked) = found else {
        return Err(format!(
            "no receipt with consent id {consent_id} (never received, or pruned after its retention period)"
        ));
    };
    let mut chain = vec![asked.clone()];
    let mut missing = None;
    let mut previous = asked.columns.previous_consent_id.clone();
    while let Some(id) = previous.take() {
        if chain.len() > MAX_EARLIER || chain.iter().any(|r| r.columns.consent_id == id) {
            break;
        }
        match store.find(&id).await.map_err(|e| store_error(&e))? {
            Some(row) => {
                previous.clone_from(&row.columns.previous_consent_id);
                chain.push(row);
            }
            None => missing = Some(id),
        }
    }
    let later = store
        .successors(consent_id)
        .await
        .map_err(|e| store_error(&e))?;
    if json {
        let rows: Vec<serde_json::Value> = chain
            .iter()
            .map(|r| serde_json::Value::Object(export::row_json(r)))
            .collect();
        let later: Vec<serde_json::Value> = later
            .iter()
            .map(|r| serde_json::Value::Object(export::row_json(r)))
            .collect();
        let out = serde_json::json!({
            "decision": rows[0],
            "earlier": rows[1..],
            "earlierNotHeld": missing,
            "replacedBy": later,
        });
        println!("{out:#}");
        return Ok(0);
    }
    let mut out = describe(&chain[0], "decision");
    for row in &chain[1..] {
        out.push('\n');
        out.push_str(&describe(row, "earlier decision"));
    }
    if let Some(id) = missing {
        let _ = writeln!(
            out,
            "\nearlier decision {id}: not held (received before the retention period, or never received)"
        );
    }
    for row in &later {
        let _ = writeln!(
            out,
            "\nreplaced by {} ({}, decided at {})",
            row.columns.consent_id, row.columns.method, row.columns.decided_at
        );
    }
    print!("{out}");
    Ok(0)
}

/// `records export`: the rows received from `since` until before `until`, in chain order.
///
/// # Errors
/// A message when the database fails or the output cannot be written.
pub async fn export(
    store: &mut Store,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    format: Format,
    out: impl Write,
) -> Outcome {
    let since = since.map(|t| t.to_string());
    let until = until.map(|t| t.to_string());
    let (first, last) = store
        .seq_range(since.as_deref(), until.as_deref())
        .await
        .map_err(|e| store_error(&e))?;
    let write_error = |e: std::io::Error| format!("cannot write the export: {e}");
    let mut writer = export::Writer::new(out, format).map_err(write_error)?;
    if let (Some(first), Some(last)) = (first, last) {
        let mut after = first - 1;
        'pages: while after < last {
            let rows = store
                .rows_after(after, PAGE)
                .await
                .map_err(|e| store_error(&e))?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                if row.seq > last {
                    break 'pages;
                }
                writer.row(row).map_err(write_error)?;
                after = row.seq;
            }
        }
    }
    writer.finish().map_err(write_error)?;
    Ok(0)
}

/// `records verify --database`: every kept row against the chain, from the checkpoint to the
/// recorded head. Prints `ok: …` (exit 0) or the first row that does not fit (exit 2).
///
/// # Errors
/// A message when the database fails.
pub async fn verify_store(store: &mut Store) -> Outcome {
    let checkpoint = store.checkpoint().await.map_err(|e| store_error(&e))?;
    let mut verifier = Verifier::after(checkpoint.seq, &checkpoint.hash);
    loop {
        let rows = store
            .rows_after(verifier.seq, PAGE)
            .await
            .map_err(|e| store_error(&e))?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            if let Err(broken) = verifier.push(row) {
                return Ok(report_broken(&broken));
            }
        }
    }
    let head = store.head().await.map_err(|e| store_error(&e))?;
    if head.seq != verifier.seq {
        let broken = Broken {
            seq: verifier.seq + 1,
            consent_id: None,
            reason: format!(
                "missing: the chain head says the last row is {}, the database ends at {}",
                head.seq, verifier.seq
            ),
        };
        return Ok(report_broken(&broken));
    }
    if head.hash != verifier.hash {
        let broken = Broken {
            seq: head.seq,
            consent_id: None,
            reason: format!(
                "the chain head's hash {} is not the last row's ({})",
                head.hash, verifier.hash
            ),
        };
        return Ok(report_broken(&broken));
    }
    let from = if checkpoint.seq == 0 {
        "from the start".to_owned()
    } else {
        format!(
            "after the checkpoint at row {} (pruned {}, hash {})",
            checkpoint.seq, checkpoint.pruned_at, checkpoint.hash
        )
    };
    println!(
        "ok: {} row(s) verified {from}; head: row {}, hash {}",
        verifier.rows, head.seq, head.hash
    );
    Ok(0)
}

/// `records verify --file`: an export's rows against the chain. A whole export starts at row
/// 1 (after 64 zeros); a partial one is checked from its first row's `previousHash`, which
/// the database's checkpoint or an earlier export's last hash must show.
///
/// # Errors
/// A message when the file does not read.
pub fn verify_file(text: &str, path: &str) -> Outcome {
    let rows = export::read_file(text).map_err(|e| format!("{path}: {e}"))?;
    let Some(first) = rows.first() else {
        println!("ok: {path} holds no rows");
        return Ok(0);
    };
    let mut verifier = Verifier::after(first.seq - 1, &first.previous_hash);
    for row in &rows {
        if let Err(broken) = verifier.push(row) {
            return Ok(report_broken(&broken));
        }
    }
    let from = if first.seq == 1 && first.previous_hash == GENESIS {
        "from the start of the chain".to_owned()
    } else {
        format!(
            "from row {} after hash {} (compare with the checkpoint or the export before)",
            first.seq, first.previous_hash
        )
    };
    println!(
        "ok: {} row(s) verified {from}; last: row {}, hash {}",
        verifier.rows, verifier.seq, verifier.hash
    );
    Ok(0)
}

fn report_broken(broken: &Broken) -> u8 {
    println!("broken: {broken}");
    2
}

/// `records prune`: deletes receipts past retention at `now`, keeping the chain verifiable.
///
/// # Errors
/// A message when the database fails.
pub async fn prune(store: &mut Store, retention: Retention, now: Timestamp) -> Outcome {
    let cutoff = retention.cutoff(now).to_string();
    let gone = store
        .prune(&cutoff, &now.to_string())
        .await
        .map_err(|e| store_error(&e))?;
    let checkpoint = store.checkpoint().await.map_err(|e| store_error(&e))?;
    println!(
        "pruned {gone} receipt(s) received before {cutoff} ({} + {} days); the chain now starts after row {} (hash {})",
        retention.expiry_days, retention.retention_days, checkpoint.seq, checkpoint.hash
    );
    Ok(0)
}

/// A receipt for tests and benchmarks: `method` decided at `time`, after `previous`.
#[must_use]
pub fn sample(consent_id: &str, previous: Option<&str>, time: &str, method: &str) -> Receipt {
    let granted = method != "reject-all";
    Receipt {
        consent_id: consent_id.to_owned(),
        previous_consent_id: previous.map(str::to_owned),
        time: time.to_owned(),
        revision: 1,
        texts_hash: "22b42d0090710bdb79428efae117c5d636cf955951e6293c973c039547f4df28".into(),
        language: "en".into(),
        method: method.to_owned(),
        categories: vec![
            ("analytics".into(), granted),
            ("marketing".into(), granted),
            ("necessary".into(), true),
        ],
        services: vec![("ga4".into(), granted)],
        consent_mode: receipt::CONSENT_MODE
            .iter()
            .map(|t| ((*t).to_owned(), granted || *t == "security_storage"))
            .collect(),
        gpc: false,
        config_hash: "bdde35da16d8abc8f7cabe0ab32828c422ee4923ea42193b10bfef31219b58fd".into(),
        region: None,
    }
}
