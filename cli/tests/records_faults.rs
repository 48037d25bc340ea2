//! The receipt service under load and faults, measured on 127.0.0.1 with bounded loops:
//! every receipt answered 2xx under concurrent load is in the database afterwards, once; the
//! service killed with SIGKILL in the middle of the load and restarted loses none that it
//! answered 2xx; with PostgreSQL stopped it answers 503 (the visitor's outbox keeps the
//! receipt) and recovers by itself when the database is back.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::records::{
    Backend, Db, Postgres, SITE, Service, cli, eventually, exported_ids, http, receipt,
};
use consent_gate_cli::records::bench::{self, Load};

fn load(service: &Service, seed: &str, senders: usize, seconds: u64) -> Load {
    Load {
        url: service.url(),
        origin: SITE.to_owned(),
        senders,
        duration: Duration::from_secs(seconds),
        seed: seed.to_owned(),
    }
}

/// How many receipts the database holds (read as staff would, through `verify`).
fn count(db: &Db) -> usize {
    let (_, out, _) = cli(&["records", "verify", "--database", &db.url]);
    out.split("ok: ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Every acknowledged id is stored, and nothing is stored twice.
#[track_caller]
fn assert_all_stored_once(db: &Db, acknowledged: &[String]) -> Vec<String> {
    let stored = exported_ids(&db.url);
    let unique: HashSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), stored.len(), "a receipt stored twice");
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !unique.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} receipts answered 2xx are missing, e.g. {:?}",
        missing.len(),
        missing.first()
    );
    let (code, out, _) = cli(&["records", "verify", "--database", &db.url]);
    assert_eq!(code, 0, "{out}");
    stored
}

fn every_receipt_answered_2xx_under_load_is_stored_once(backend: Backend) {
    let db = backend.fresh();
    let service = Service::start(&db.url, &["--rate-burst", "0"]);
    let outcome = bench::run(&load(&service, "load", 8, 2));
    assert!(outcome.acknowledged.len() > 50, "the load ran: {outcome:?}");
    assert!(
        outcome.refused.is_empty() && outcome.unanswered == 0,
        "refused {:?}, unanswered {}",
        outcome.refused,
        outcome.unanswered
    );
    let stored = assert_all_stored_once(&db, &outcome.acknowledged);
    assert_eq!(
        stored.len(),
        outcome.acknowledged.len(),
        "nothing stored that was not answered"
    );
    println!(
        "{backend:?}: {:.0} receipts/s with 8 senders (debug build)",
        outcome.per_second()
    );
}

fn a_sigkill_in_the_middle_of_the_load_loses_no_acknowledged_receipt(backend: Backend) {
    let db = backend.fresh();
    let mut service = Service::start(&db.url, &["--rate-burst", "0"]);
    let run = load(&service, "sigkill", 6, 4);
    let sender = std::thread::spawn(move || bench::run(&run));
    eventually(Duration::from_secs(20), "receipts arriving", || {
        count(&db) >= 100
    });
    service.kill();
    service.restart();
    let outcome = sender.join().unwrap();
    assert!(
        outcome.unanswered > 0 || !outcome.refused.is_empty() || outcome.acknowledged.len() > 100,
        "{outcome:?}"
    );
    let stored = assert_all_stored_once(&db, &outcome.acknowledged);
    // A receipt stored but whose answer was lost with the process is sent again by the outbox
    // and answered 200 then: the database may hold a few more than were acknowledged.
    assert!(stored.len() >= outcome.acknowledged.len());
    assert!(
        stored.len() <= outcome.acknowledged.len() + 6 * 2,
        "at most the in-flight ones"
    );
}

on_both_backends!(
    every_receipt_answered_2xx_under_load_is_stored_once,
    a_sigkill_in_the_middle_of_the_load_loses_no_acknowledged_receipt,
);

#[test]
fn postgres_stopped_answers_503_and_the_service_recovers_by_itself() {
    let pg = Postgres::start();
    let url = pg.create_database();
    let service = Service::start(&url, &[]);
    let (_, first) = receipt("outage", 1, None, "accept-all");
    assert_eq!(service.post(&first).status, 201);
    pg.stop();
    let (id, during) = receipt("outage", 2, None, "reject-all");
    let r = service.post(&during);
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some(SITE),
        "the page sees the 503"
    );
    assert!(r.header("retry-after").is_some());
    assert_eq!(http(&service.addr, "GET", "/health", &[], b"").status, 503);
    pg.restart();
    // The outbox sends it again; the service reconnects on its own.
    eventually(Duration::from_secs(30), "the service recovers", || {
        matches!(service.post(&during).status, 200 | 201)
    });
    assert_eq!(http(&service.addr, "GET", "/health", &[], b"").status, 200);
    let ids = exported_ids(&url);
    assert_eq!(ids.iter().filter(|i| **i == id).count(), 1, "stored once");
    assert_eq!(ids.len(), 2);
    pg.stop();
}
