//! The stored chain and the staff's commands: `show` answers a visitor's consent id with that
//! decision and the earlier ones; `export` (JSON lines, CSV, by date) carries every field and
//! the hashes; `verify` passes on an untouched database or export and names the first row
//! that was altered, removed or added; `prune` deletes what is past retention and `verify`
//! still passes; migrations run once. Every test runs on SQLite and on PostgreSQL.

mod common;

use common::records::{Backend, Db, Service, cli, execute, exported_ids, receipt};
use consent_gate::core::time::{DAY_MS, Timestamp};
use consent_gate_cli::records::audit::sample;
use consent_gate_cli::records::bench::uuid_from;
use consent_gate_cli::records::store::{DatabaseUrl, Incoming, Store};

/// Stores receipts `ids` through the library, received at `received_at`.
fn append_at(db: &Db, receipts: &[(String, Option<String>)], received_at: &str) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut store = Store::open(&DatabaseUrl::parse(&db.url).unwrap())
            .await
            .unwrap();
        let batch: Vec<Incoming> = receipts
            .iter()
            .map(|(id, prev)| Incoming {
                receipt: sample(id, prev.as_deref(), "2026-11-25T09:00:00.000Z", "custom"),
                ip_prefix: None,
            })
            .collect();
        store.append(&batch, received_at).await.unwrap();
    });
}

fn verify(db: &Db) -> (i32, String) {
    let (code, out, err) = cli(&["records", "verify", "--database", &db.url]);
    (code, format!("{out}{err}"))
}

/// A service with three decisions by one visitor (accept, then custom, then reject) and one by
/// another; returns the visitor's ids in order.
fn three_decisions(db: &Db) -> Vec<String> {
    let service = Service::start(&db.url, &[]);
    let (a, body) = receipt("visitor", 1, None, "accept-all");
    assert_eq!(service.post(&body).status, 201);
    let (_, other) = receipt("someone-else", 1, None, "reject-all");
    assert_eq!(service.post(&other).status, 201);
    let (b, body) = receipt("visitor", 2, Some(&a), "custom");
    assert_eq!(service.post(&body).status, 201);
    let (c, body) = receipt("visitor", 3, Some(&b), "reject-all");
    assert_eq!(service.post(&body).status, 201);
    vec![a, b, c]
}

fn show_answers_a_visitors_id_with_the_decision_and_the_earlier_ones(backend: Backend) {
    let db = backend.fresh();
    let ids = three_decisions(&db);
    let (code, out, err) = cli(&["records", "show", "--database", &db.url, &ids[2]]);
    assert_eq!(code, 0, "{err}");
    let decision = out
        .find(&format!("decision {}", ids[2]))
        .expect("the decision");
    let earlier_b = out
        .find(&format!("earlier decision {}", ids[1]))
        .expect("the one before");
    let earlier_a = out
        .find(&format!("earlier decision {}", ids[0]))
        .expect("the first");
    assert!(
        decision < earlier_b && earlier_b < earlier_a,
        "newest first:\n{out}"
    );
    assert!(out.contains("method            reject-all"), "{out}");
    assert!(out.contains("analytics refused"), "{out}");
    assert!(out.contains("(browser's clock)") && out.contains("(service's clock)"));
    assert!(
        !out.contains(&uuid_from("someone-else", 1)),
        "only this visitor's chain"
    );
    // Asked about the middle decision: what replaced it is said too.
    let (_, out, _) = cli(&["records", "show", "--database", &db.url, &ids[1]]);
    assert!(
        out.contains(&format!("replaced by {} (reject-all", ids[2])),
        "{out}"
    );
    // JSON, for scripts.
    let (code, out, _) = cli(&["records", "show", "--database", &db.url, "--json", &ids[2]]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["decision"]["consentId"], ids[2].as_str());
    assert_eq!(v["earlier"].as_array().unwrap().len(), 2);
    // Unknown and malformed ids.
    let (code, _, err) = cli(&[
        "records",
        "show",
        "--database",
        &db.url,
        &uuid_from("nobody", 1),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("no receipt with consent id"), "{err}");
    let (code, _, err) = cli(&[
        "records",
        "show",
        "--database",
        &db.url,
        "robert'); DROP TABLE receipts;--",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a consent id"), "{err}");
}

fn export_carries_every_field_in_jsonl_and_csv_and_filters_by_date(backend: Backend) {
    let db = backend.fresh();
    let old: Vec<(String, Option<String>)> = (1..=3).map(|n| (uuid_from("old", n), None)).collect();
    append_at(&db, &old, "2025-01-10T12:00:00.000Z");
    let new: Vec<(String, Option<String>)> = (1..=2).map(|n| (uuid_from("new", n), None)).collect();
    append_at(&db, &new, "2025-03-01T00:00:00.000Z");
    let (code, out, _) = cli(&["records", "export", "--database", &db.url, "--jsonl"]);
    assert_eq!(code, 0);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, consent_gate_cli::records::export::FIELDS);
    assert_eq!(first["seq"], 1);
    assert_eq!(first["categories"]["analytics"], true);
    assert_eq!(first["consentMode"]["security_storage"], "granted");
    assert_eq!(first["previousHash"], "0".repeat(64));
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["records", "export", "--database", &db.url];
        all.extend_from_slice(args);
        let (code, out, err) = cli(&all);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["consentId"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(
        ids(&["--since", "2025-02-01"]),
        [uuid_from("new", 1), uuid_from("new", 2)]
    );
    assert_eq!(
        ids(&["--until", "2025-01-10"]).len(),
        3,
        "--until takes the whole day"
    );
    assert_eq!(
        ids(&["--until", "2025-01-10T12:00:00Z"]).len(),
        0,
        "a time is exclusive"
    );
    assert_eq!(
        ids(&["--since", "2025-01-01", "--until", "2025-12-31"]).len(),
        5
    );
    let (code, _, err) = cli(&[
        "records",
        "export",
        "--database",
        &db.url,
        "--since",
        "last week",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("\"last week\" is not a date"), "{err}");
    // CSV: a header, one row per receipt, and it verifies like the JSON lines.
    let (code, csv, _) = cli(&["records", "export", "--database", &db.url, "--csv"]);
    assert_eq!(code, 0);
    assert!(csv.starts_with("seq,consentId,previousConsentId,decidedAt,receivedAt,"));
    assert_eq!(csv.lines().count(), 6);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, &csv).unwrap();
    let (code, out, _) = cli(&["records", "verify", "--file", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok: 5 row(s) verified from the start of the chain"),
        "{out}"
    );
}

fn verify_passes_untouched_and_names_the_first_altered_row(backend: Backend) {
    let db = backend.fresh();
    let ids = three_decisions(&db);
    let (code, out) = verify(&db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok: 4 row(s) verified from the start"),
        "{out}"
    );
    // Someone changes a decision after the fact.
    execute(
        &db,
        "UPDATE receipts SET receipt = replace(receipt, '\"reject-all\"', '\"accept-all\"') WHERE seq = 4",
    );
    let (code, out) = verify(&db);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!("broken: row 4 (consent id {})", ids[2])),
        "{out}"
    );
    assert!(out.contains("does not match its contents"), "{out}");
    // Or only the column staff would search by.
    let db = backend.fresh();
    three_decisions(&db);
    execute(
        &db,
        "UPDATE receipts SET method = 'accept-all' WHERE seq = 2",
    );
    let (code, out) = verify(&db);
    assert_eq!(code, 2);
    assert!(
        out.contains("broken: row 2") && out.contains("column method differs"),
        "{out}"
    );
}

fn verify_names_a_removed_row_and_a_removed_tail(backend: Backend) {
    let db = backend.fresh();
    three_decisions(&db);
    execute(&db, "DELETE FROM receipts WHERE seq = 2");
    let (code, out) = verify(&db);
    assert_eq!(code, 2);
    assert!(out.contains("broken: row 2: missing"), "{out}");
    let db = backend.fresh();
    three_decisions(&db);
    execute(&db, "DELETE FROM receipts WHERE seq >= 3");
    let (code, out) = verify(&db);
    assert_eq!(code, 2);
    assert!(
        out.contains("broken: row 3: missing: the chain head says the last row is 4"),
        "{out}"
    );
}

fn an_altered_export_is_caught_line_by_line(backend: Backend) {
    let db = backend.fresh();
    let ids = three_decisions(&db);
    let (_, export, _) = cli(&["records", "export", "--database", &db.url]);
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let (code, out, _) = cli(&["records", "verify", "--file", &write("ok.jsonl", &export)]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = export.lines().collect();
    // A field copied from the receipt edited in the export.
    let edited = export.replacen("\"method\":\"custom\"", "\"method\":\"accept-all\"", 1);
    let (code, out, _) = cli(&[
        "records",
        "verify",
        "--file",
        &write("edited.jsonl", &edited),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!("broken: row 3 (consent id {})", ids[1])),
        "{out}"
    );
    // A line left out.
    let gap = [lines[0], lines[1], lines[3]].join("\n");
    let (code, out, _) = cli(&["records", "verify", "--file", &write("gap.jsonl", &gap)]);
    assert_eq!(code, 2);
    assert!(out.contains("broken: row 3: missing"), "{out}");
    // The categories of a row changed (not a column: checked against the receipt).
    let cats = export.replacen(
        "\"categories\":{\"analytics\":true",
        "\"categories\":{\"analytics\":false",
        1,
    );
    let (code, out, err) = cli(&["records", "verify", "--file", &write("cats.jsonl", &cats)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("line 1") && err.contains("\"categories\" differs from the row's receipt"),
        "{err}"
    );
    // A partial export verifies from its own first row.
    let tail = lines[2..].join("\n");
    let (code, out, _) = cli(&["records", "verify", "--file", &write("tail.jsonl", &tail)]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("from row 3 after hash"), "{out}");
}

fn prune_deletes_what_is_past_retention_and_the_chain_still_verifies(backend: Backend) {
    let db = backend.fresh();
    let now = consent_gate_cli::records::now();
    let long_ago = Timestamp(now.0 - 600 * DAY_MS).to_string();
    let recently = Timestamp(now.0 - 100 * DAY_MS).to_string();
    let old: Vec<(String, Option<String>)> =
        (1..=4).map(|n| (uuid_from("past", n), None)).collect();
    append_at(&db, &old, &long_ago);
    let kept = vec![(uuid_from("kept", 1), Some(uuid_from("past", 4)))];
    append_at(&db, &kept, &recently);
    // 182 + 365 days: the 600-day-old ones go, the 100-day-old one stays.
    let (code, out, err) = cli(&["records", "prune", "--database", &db.url]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pruned 4 receipt(s)"), "{out}");
    assert!(out.contains("the chain now starts after row 4"), "{out}");
    assert_eq!(exported_ids(&db.url), [uuid_from("kept", 1)]);
    let (code, out) = verify(&db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok: 1 row(s) verified after the checkpoint at row 4"),
        "{out}"
    );
    // The visitor's earlier decision is gone, and show says so.
    let (_, out, _) = cli(&[
        "records",
        "show",
        "--database",
        &db.url,
        &uuid_from("kept", 1),
    ]);
    assert!(
        out.contains(&format!(
            "earlier decision {}: not held",
            uuid_from("past", 4)
        )),
        "{out}"
    );
    // New receipts continue the chain after a prune; a shorter retention prunes everything.
    let service = Service::start(&db.url, &[]);
    let (_, body) = receipt("after-prune", 1, None, "api");
    assert_eq!(service.post(&body).status, 201);
    drop(service);
    let (code, out) = verify(&db);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = cli(&[
        "records",
        "prune",
        "--database",
        &db.url,
        "--expiry-days",
        "0",
        "--retention-days",
        "0",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("pruned 2 receipt(s)"), "{out}");
    let (code, out) = verify(&db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok: 0 row(s) verified after the checkpoint at row 6"),
        "{out}"
    );
}

fn the_running_service_prunes_by_itself(backend: Backend) {
    let db = backend.fresh();
    let now = consent_gate_cli::records::now();
    let old: Vec<(String, Option<String>)> =
        (1..=3).map(|n| (uuid_from("stale", n), None)).collect();
    append_at(&db, &old, &Timestamp(now.0 - 30 * DAY_MS).to_string());
    let fresh = vec![(uuid_from("fresh", 1), None)];
    append_at(&db, &fresh, &Timestamp(now.0 - DAY_MS).to_string());
    // Kept 10 + 10 days: the 30-day-old receipts are due; the service prunes as it starts and
    // then every 24 hours.
    let _service = Service::start(&db.url, &["--expiry-days", "10", "--retention-days", "10"]);
    common::records::eventually(
        std::time::Duration::from_secs(20),
        "the start-up prune",
        || exported_ids(&db.url) == [uuid_from("fresh", 1)],
    );
    let (code, out) = verify(&db);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("after the checkpoint at row 3"), "{out}");
}

fn migrations_run_once_and_a_second_instance_shares_the_chain(backend: Backend) {
    let db = backend.fresh();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let url = DatabaseUrl::parse(&db.url).unwrap();
    let version = rt.block_on(async {
        let (a, b) = tokio::join!(Store::open(&url), Store::open(&url));
        let (mut a, _b) = (a.unwrap(), b.unwrap());
        a.schema_version().await.unwrap()
    });
    assert_eq!(version, 1);
    // Two instances on one database: one chain, no duplicates, every receipt once.
    let one = Service::start(&db.url, &[]);
    let two = Service::start(&db.url, &[]);
    let handles: Vec<_> = (0..40_u64)
        .map(|n| {
            let addr = if n % 2 == 0 {
                one.addr.clone()
            } else {
                two.addr.clone()
            };
            std::thread::spawn(move || {
                let (_, body) = receipt("two-instances", n / 2, None, "accept-all");
                common::records::http(
                    &addr,
                    "POST",
                    "/",
                    &[
                        ("origin", common::records::SITE),
                        ("content-type", "text/plain"),
                    ],
                    body.as_bytes(),
                )
                .status
            })
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 201),
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        20,
        "each id stored once"
    );
    let mut ids = exported_ids(&db.url);
    assert_eq!(ids.len(), 20);
    ids.dedup();
    assert_eq!(ids.len(), 20);
    let (code, out) = verify(&db);
    assert_eq!(code, 0, "{out}");
}

on_both_backends!(
    show_answers_a_visitors_id_with_the_decision_and_the_earlier_ones,
    export_carries_every_field_in_jsonl_and_csv_and_filters_by_date,
    verify_passes_untouched_and_names_the_first_altered_row,
    verify_names_a_removed_row_and_a_removed_tail,
    an_altered_export_is_caught_line_by_line,
    prune_deletes_what_is_past_retention_and_the_chain_still_verifies,
    the_running_service_prunes_by_itself,
    migrations_run_once_and_a_second_instance_shares_the_chain,
);
