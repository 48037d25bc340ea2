//! The receipt service over HTTP, as a site's visitors' browsers meet it: receipts sent as
//! ConsentGate sends them are stored once and answered 2xx; the site's origins only (CORS on
//! every answer to them, errors included); bounded sizes; a clear 4xx for every bad input,
//! nothing stored, and the service keeps serving; a rate limit that lets a full outbox
//! through; no address or user agent kept unless the site asks for a truncated address.
//! Every test runs on SQLite and on PostgreSQL.

mod common;

use common::records::{Backend, SITE, Service, cli, exported_ids, http, receipt};

fn stored(service: &Service) -> Vec<String> {
    exported_ids(&service.database)
}

fn a_receipt_is_stored_once_and_a_resend_is_answered_2xx(backend: Backend) {
    let db = backend.fresh();
    let service = Service::start(&db.url, &[]);
    let (id, body) = receipt("once", 1, None, "accept-all");
    let first = service.post(&body);
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.header("access-control-allow-origin"), Some(SITE));
    let again = service.post(&body);
    assert_eq!(
        again.status, 200,
        "a resend from the outbox: {}",
        again.body
    );
    assert!(again.body.contains("duplicate"));
    assert_eq!(stored(&service), [id]);
}

fn the_stored_receipt_is_the_body_as_sent_with_the_servers_own_time(backend: Backend) {
    let db = backend.fresh();
    let service = Service::start(&db.url, &[]);
    let (id, body) = receipt("exact", 1, None, "custom");
    assert_eq!(service.post(&body).status, 201);
    let (code, out, _) = cli(&["records", "export", "--database", &db.url]);
    assert_eq!(code, 0);
    let row: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(row["receipt"], body.as_str(), "byte for byte");
    assert_eq!(row["consentId"], id.as_str());
    assert_eq!(row["decidedAt"], "2026-11-25T09:00:00.000Z");
    let received = row["receivedAt"].as_str().unwrap();
    assert!(
        received.starts_with("20")
            && received.ends_with('Z')
            && received != "2026-11-25T09:00:00.000Z"
    );
    assert_eq!(
        row["ipPrefix"],
        serde_json::Value::Null,
        "no address by default"
    );
    assert!(!out.contains("127.0.0.1"), "no address anywhere");
    assert!(!out.to_lowercase().contains("mozilla"), "no user agent");
}

fn other_origins_get_403_without_cors_and_nothing_is_stored(backend: Backend) {
    let db = backend.fresh();
    let service = Service::start(&db.url, &[]);
    let (_, body) = receipt("forged", 1, None, "accept-all");
    for origin in [
        "https://evil.example",
        "http://shop.localhost:8081",
        "null",
        "http://shop.localhost:8080.evil.example",
    ] {
        let r = http(
            &service.addr,
            "POST",
            "/",
            &[("origin", origin), ("content-type", "text/plain")],
            body.as_bytes(),
        );
        assert_eq!(r.status, 403, "{origin}");
        assert_eq!(r.header("access-control-allow-origin"), None, "{origin}");
        assert!(
            r.body.contains("is not one of this service's sites"),
            "{}",
            r.body
        );
    }
    let none = http(
        &service.addr,
        "POST",
        "/",
        &[("content-type", "text/plain")],
        body.as_bytes(),
    );
    assert_eq!(none.status, 403);
    assert!(none.body.contains("no Origin header"));
    assert!(stored(&service).is_empty());
}

fn every_bad_input_gets_a_clear_4xx_with_cors_and_the_service_keeps_serving(backend: Backend) {
    let db = backend.fresh();
    let service = Service::start(&db.url, &["--max-body", "4096"]);
    let (id, good) = receipt("bad", 1, None, "accept-all");
    let not_uuid = good.replacen(&id, "1234", 1);
    let unknown = good.replacen("\"gpc\":false", "\"gpc\":false,\"ua\":\"Mozilla\"", 1);
    let huge_string = good.replacen(
        "\"language\":\"en\"",
        &format!("\"language\":\"{}\"", "e".repeat(3000)),
        1,
    );
    let deep = format!("{}{}", "[".repeat(2000), "]".repeat(2000));
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        (
            "malformed JSON",
            "text/plain",
            b"{\"schema\":1,".to_vec(),
            400,
            "not valid JSON",
        ),
        (
            "not UTF-8",
            "text/plain",
            b"\xff\xfe".to_vec(),
            400,
            "not UTF-8",
        ),
        (
            "a consent id that is not a UUID",
            "text/plain",
            not_uuid.into_bytes(),
            400,
            "field \\\"consentId\\\"",
        ),
        (
            "an unknown field",
            "text/plain;charset=UTF-8",
            unknown.into_bytes(),
            400,
            "unknown field \\\"ua\\\"",
        ),
        (
            "a huge string",
            "text/plain",
            huge_string.into_bytes(),
            400,
            "field \\\"language\\\"",
        ),
        (
            "deep nesting",
            "text/plain",
            deep.into_bytes(),
            400,
            "nested too deeply",
        ),
        (
            "an oversized body",
            "text/plain",
            vec![b' '; 5000],
            413,
            "larger than 4096 bytes",
        ),
        (
            "a form",
            "application/x-www-form-urlencoded",
            good.clone().into_bytes(),
            415,
            "content type",
        ),
        (
            "another charset",
            "text/plain;charset=latin1",
            good.clone().into_bytes(),
            415,
            "content type",
        ),
        (
            "multipart",
            "multipart/form-data; boundary=x",
            good.clone().into_bytes(),
            415,
            "content type",
        ),
    ];
    for (what, kind, body, status, message) in cases {
        let r = http(
            &service.addr,
            "POST",
            "/",
            &[("origin", SITE), ("content-type", kind)],
            &body,
        );
        assert_eq!(r.status, status, "{what}: {}", r.body);
        assert!(r.body.contains(message), "{what}: {}", r.body);
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some(SITE),
            "{what}: readable by the page"
        );
    }
    let no_type = http(
        &service.addr,
        "POST",
        "/",
        &[("origin", SITE)],
        good.as_bytes(),
    );
    assert_eq!(no_type.status, 415);
    assert!(stored(&service).is_empty(), "nothing stored");
    assert_eq!(service.post(&good).status, 201, "still serving");
    assert_eq!(stored(&service).len(), 1);
}

fn json_receipts_are_taken_after_a_preflight_and_other_paths_answer_plainly(backend: Backend) {
    let db = backend.fresh();
    let service = Service::start(&db.url, &[]);
    let pre = http(
        &service.addr,
        "OPTIONS",
        "/",
        &[
            ("origin", SITE),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ],
        b"",
    );
    assert_eq!(pre.status, 204);
    assert_eq!(pre.header("access-control-allow-origin"), Some(SITE));
    assert_eq!(pre.header("access-control-allow-methods"), Some("POST"));
    let forged = http(
        &service.addr,
        "OPTIONS",
        "/",
        &[("origin", "https://evil.example")],
        b"",
    );
    assert_eq!(forged.status, 403);
    let (_, body) = receipt("json", 1, None, "api");
    let r = http(
        &service.addr,
        "POST",
        "/",
        &[("origin", SITE), ("content-type", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 201);
    let health = http(&service.addr, "GET", "/health", &[], b"");
    assert_eq!(health.status, 200, "{}", health.body);
    assert_eq!(
        http(&service.addr, "GET", "/receipts", &[("origin", SITE)], b"").status,
        404
    );
    let get = http(&service.addr, "GET", "/", &[("origin", SITE)], b"");
    assert!(
        matches!(get.status, 404 | 405),
        "nothing can be read over HTTP: {}",
        get.status
    );
    assert!(!get.body.contains("consentId"));
}

fn a_full_outbox_burst_passes_the_rate_limit_and_a_flood_is_slowed(backend: Backend) {
    let db = backend.fresh();
    let service = Service::start(
        &db.url,
        &["--rate-burst", "60", "--rate-per-second", "0.001"],
    );
    // Three page views' outboxes (20 receipts each, the most an outbox holds) at once.
    let handles: Vec<_> = (0..60)
        .map(|n| {
            let addr = service.addr.clone();
            std::thread::spawn(move || {
                let (_, body) = receipt("burst", n, None, "accept-all");
                http(
                    &addr,
                    "POST",
                    "/",
                    &[("origin", SITE), ("content-type", "text/plain")],
                    body.as_bytes(),
                )
                .status
            })
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let (_, body) = receipt("burst", 1000, None, "accept-all");
    let limited = service.post(&body);
    assert_eq!(limited.status, 429);
    assert!(limited.header("retry-after").is_some());
    assert_eq!(
        limited.header("access-control-allow-origin"),
        Some(SITE),
        "the page sees it"
    );
    assert_eq!(
        stored(&service).len(),
        60,
        "the 429 was not stored (the outbox keeps it)"
    );
    // Another client (a proxy says so) is not slowed by the first one.
    let proxied = Service::start(
        &db.url,
        &[
            "--rate-burst",
            "1",
            "--rate-per-second",
            "0.001",
            "--trust-forwarded-for",
        ],
    );
    let send = |n: u64, ip: &str| {
        let (_, body) = receipt("proxied", n, None, "accept-all");
        http(
            &proxied.addr,
            "POST",
            "/",
            &[
                ("origin", SITE),
                ("content-type", "text/plain"),
                ("x-forwarded-for", ip),
            ],
            body.as_bytes(),
        )
        .status
    };
    assert_eq!(send(1, "203.0.113.7"), 201);
    assert_eq!(send(2, "203.0.113.7"), 429);
    assert_eq!(send(3, "198.51.100.9"), 201);
}

fn the_truncated_address_is_kept_only_when_the_site_asks(backend: Backend) {
    let db = backend.fresh();
    let service = Service::start(&db.url, &["--store-ip-prefix", "--trust-forwarded-for"]);
    let send = |n: u64, ip: &str| {
        let (_, body) = receipt("ip", n, None, "accept-all");
        http(
            &service.addr,
            "POST",
            "/",
            &[
                ("origin", SITE),
                ("content-type", "text/plain"),
                ("x-forwarded-for", ip),
                ("user-agent", "Mozilla/5.0 Test"),
            ],
            body.as_bytes(),
        )
        .status
    };
    assert_eq!(send(1, "203.0.113.77"), 201);
    assert_eq!(send(2, "2001:db8:1234:5678::1"), 201);
    let (_, out, _) = cli(&["records", "export", "--database", &db.url]);
    let prefixes: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["ipPrefix"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(prefixes, ["203.0.113.0/24", "2001:db8:1234::/48"]);
    assert!(
        !out.contains("203.0.113.77") && !out.contains("5678"),
        "never the whole address"
    );
    assert!(!out.contains("Mozilla"), "never the user agent");
}

on_both_backends!(
    a_receipt_is_stored_once_and_a_resend_is_answered_2xx,
    the_stored_receipt_is_the_body_as_sent_with_the_servers_own_time,
    other_origins_get_403_without_cors_and_nothing_is_stored,
    every_bad_input_gets_a_clear_4xx_with_cors_and_the_service_keeps_serving,
    json_receipts_are_taken_after_a_preflight_and_other_paths_answer_plainly,
    a_full_outbox_burst_passes_the_rate_limit_and_a_flood_is_slowed,
    the_truncated_address_is_kept_only_when_the_site_asks,
);

#[test]
fn bad_settings_are_refused_before_serving() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("r.db").display());
    let (code, _, err) = cli(&[
        "records",
        "serve",
        "--database",
        &db,
        "--origin",
        "https://example.com/shop",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("without a path"), "{err}");
    let (code, _, err) = cli(&[
        "records",
        "serve",
        "--database",
        "mysql://x",
        "--origin",
        SITE,
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("expected sqlite:PATH or postgres://"), "{err}");
    let (code, _, err) = cli(&["records", "serve", "--database", &db]);
    assert_eq!(code, 1, "an origin is required: {err}");
}
