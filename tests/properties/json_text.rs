//! The JSON reader (`core::json`): nesting refused without recursing, any hostile text read
//! or refused within the depth bound, and strings written and read back unchanged.

use std::time::Duration;

use crate::generators::*;
use crate::runner::*;
use consent_gate::core::config::Config;
use consent_gate::core::json::{self, Json};
use consent_gate::core::record::{ConsentRecord, Invalid};
use proptest::prelude::*;

#[test]
fn json_nested_100_000_deep_is_refused_without_recursing() {
    let mut cases = 0;
    for (open, close) in [("[", "]"), ("{\"a\":", "}"), ("[{\"a\":", "}]")] {
        for n in [json::MAX_DEPTH + 2, 1000, 100_000] {
            let text = format!("{}{}", open.repeat(n), close.repeat(n));
            let result = within(Duration::from_secs(20), "deep JSON", move || {
                Json::parse(&text).map(|_| ())
            });
            assert!(result.is_err(), "{open} x {n}");
            cases += 1;
        }
    }
    // Unclosed, and as a config and a stored record.
    assert!(Json::parse(&"[".repeat(100_000)).is_err());
    let deep = format!(
        "{{\"$schema\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(Config::parse(&deep).unwrap_err().0[0].path, "");
    assert!(matches!(
        ConsentRecord::decode(&deep),
        Err(Invalid::Malformed(_))
    ));
    println!(
        "property json_nested_100_000_deep_is_refused_without_recursing: {} cases passed",
        cases + 3
    );
}

#[test]
fn json_from_hostile_text() {
    let piece = prop_oneof![
        prop::sample::select(
            &[
                "[",
                "]",
                "{",
                "}",
                ",",
                ":",
                "\"a\"",
                "\"",
                "1",
                "-0",
                "1e400",
                "0.5e-400",
                "null",
                "true",
                "\"\\u0000\"",
                "\"\\ud800\"",
                "\"\\udfff\\ud800\"",
                "\"é\"",
                " "
            ][..]
        )
        .prop_map(str::to_owned),
        odd_string(),
    ];
    check(
        "json_from_hostile_text",
        512,
        prop_oneof![
            prop::collection::vec(piece, 0..60).prop_map(|p| p.concat()),
            (json_value(), prop::collection::vec(mutation(), 1..3))
                .prop_map(|(v, m)| mutate_json(&v.to_string(), &m)),
        ],
        |text| {
            if let Ok(value) = Json::parse(&text) {
                prop_assert!(
                    json_depth(&value) <= json::MAX_DEPTH + 1,
                    "{} deep",
                    json_depth(&value)
                );
                let _ = value.describe();
            }
            Ok(())
        },
    );
}

#[test]
fn json_strings_round_trip() {
    check(
        "json_strings_round_trip",
        512,
        prop_oneof![any::<String>(), odd_string()],
        |s| {
            let mut out = String::new();
            json::write_string(&mut out, &s);
            prop_assert_eq!(Json::parse(&out), Ok(Json::String(s)));
            Ok(())
        },
    );
}
