//! The stored record: the exact form written, and untrusted input read back.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use std::collections::BTreeMap;

use common::*;
use consent_gate::core::record::{ConsentRecord, Invalid, Method};
use consent_gate::core::time::{DAY_MS, Timestamp};

fn record() -> ConsentRecord {
    ConsentRecord {
        schema: 1,
        id: "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f".into(),
        created: Timestamp(NOW.0 - DAY_MS),
        updated: NOW,
        expires: NOW.plus_days(182),
        revision: 1,
        method: Method::Custom,
        categories: BTreeMap::from([
            ("analytics".into(), true),
            ("marketing".into(), false),
            ("necessary".into(), true),
        ]),
        services: BTreeMap::from([
            ("ads".into(), false),
            ("ga4".into(), true),
            ("youtube".into(), false),
        ]),
    }
}

#[test]
fn schema_1_is_written_exactly_like_this() {
    golden("record-v1.json", &record().encode());
}

#[test]
fn the_golden_record_still_decodes_and_holds() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/record-v1.json"
    ))
    .unwrap();
    let decoded = ConsentRecord::decode(&text).unwrap();
    assert_eq!(decoded, record());
    assert_eq!(decoded.check(&sample(), NOW), Ok(()));
    assert_eq!(
        ConsentRecord::decode(&decoded.encode()).unwrap(),
        decoded,
        "round trip"
    );
}

#[track_caller]
fn edited(from: &str, to: &str) -> String {
    let text = record().encode();
    assert!(text.contains(from), "{from} not in {text}");
    text.replacen(from, to, 1)
}

#[test]
fn hand_edited_records_do_not_decode() {
    let cases = [
        edited("\"analytics\":true", "\"analytics\":\"true\""),
        edited("\"analytics\":true", "\"analytics\":1"),
        edited("\"method\":\"custom\"", "\"method\":\"granted\""),
        edited("\"revision\":1,", "\"revision\":1,\"granted\":true,"),
        edited(
            "\"updated\":\"2026-11-25T09:00:00.000Z\"",
            "\"updated\":\"tomorrow\"",
        ),
        edited(",\"method\":\"custom\"", ""),
        "{}".into(),
        "[]".into(),
        "".into(),
    ];
    for case in cases {
        assert!(
            matches!(ConsentRecord::decode(&case), Err(Invalid::Malformed(_))),
            "{case}"
        );
    }
    assert_eq!(
        ConsentRecord::decode(&edited("\"schema\":1", "\"schema\":9")),
        Err(Invalid::UnknownSchema(9))
    );
}

#[test]
fn decodable_records_must_still_hold() {
    let config = sample();
    let check =
        |text: String, now: Timestamp| ConsentRecord::decode(&text).unwrap().check(&config, now);
    assert_eq!(
        check(edited("0f0f0f0f-0f0f-4f0f", "0f0f0f0f-0f0f-1f0f"), NOW),
        Err(Invalid::BadId)
    );
    assert_eq!(
        check(record().encode(), Timestamp(NOW.0 - 10 * 60 * 1000)),
        Err(Invalid::BadTimestamps),
        "decided in the future"
    );
    assert_eq!(
        check(
            edited("\"expires\":\"2027-05-26", "\"expires\":\"2030-05-26"),
            NOW
        ),
        Err(Invalid::BadTimestamps),
        "an expiry beyond the maximum"
    );
    assert_eq!(
        check(record().encode(), NOW.plus_days(182)),
        Err(Invalid::Expired)
    );
    assert_eq!(
        check(edited("\"revision\":1", "\"revision\":0"), NOW),
        Err(Invalid::OtherRevision(0))
    );
    assert_eq!(
        check(edited("\"marketing\":false,", ""), NOW),
        Err(Invalid::Undecided("marketing".into()))
    );
    assert_eq!(
        check(edited("\"ads\":false,", ""), NOW),
        Err(Invalid::Undecided("ads".into()))
    );
    let mut shorter = (*config).clone();
    shorter.expiry_days = 30;
    assert_eq!(
        ConsentRecord::decode(&record().encode())
            .unwrap()
            .check(&shorter, NOW.plus_days(30)),
        Err(Invalid::Expired),
        "a shortened expiry applies to records already stored"
    );
}
