//! The receipt service's strict reader (`records::receipt`): a receipt exactly as ConsentGate
//! sends it reads and is stored byte for byte; anything else is refused with a message naming
//! the field. Property tests (seeded, bounded, as `tests/properties/` does for the core's
//! readers) check that no input makes it panic, that what it accepts it writes back exactly,
//! and that any change to a field it checks is refused.

use std::time::{Duration, Instant};

use consent_gate::core::receipt::Receipt as CoreReceipt;
use consent_gate_cli::records::receipt::{self, Invalid};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunConfig, RngSeed, TestError, TestRunner};
use serde_json::{Value, json};

const GOLDEN: &str = include_str!("../../tests/golden/receipt.json");

fn golden() -> Value {
    serde_json::from_str(GOLDEN).unwrap()
}

fn read_value(v: &Value) -> Result<receipt::Receipt, Invalid> {
    receipt::read(v.to_string().as_bytes())
}

#[test]
fn the_golden_receipt_reads_and_is_written_back_byte_for_byte() {
    let text = GOLDEN.trim_end();
    let r = receipt::read(text.as_bytes()).expect("the golden receipt reads");
    assert_eq!(r.to_json(), text);
    assert_eq!(r.consent_id, "11111111-1111-4111-9111-111111111111");
    assert_eq!(r.method, "accept-all");
}

#[test]
fn every_method_the_embed_sends_reads_and_contextual_too() {
    for method in [
        "accept-all",
        "reject-all",
        "custom",
        "api",
        "gpc",
        "withdraw",
        "contextual",
    ] {
        let mut v = golden();
        v["method"] = json!(method);
        assert!(read_value(&v).is_ok(), "{method}");
    }
}

#[test]
fn a_previous_consent_id_and_gpc_read() {
    let mut v = golden();
    v["previousConsentId"] = json!("22222222-2222-4222-a222-222222222222");
    v["gpc"] = json!(true);
    let r = read_value(&v).unwrap();
    assert_eq!(
        r.previous_consent_id.as_deref(),
        Some("22222222-2222-4222-a222-222222222222")
    );
    assert!(r.gpc);
}

/// The error for the golden receipt with `field` set to `value` (`None`: removed).
fn error_with(field: &str, value: Option<Value>) -> String {
    let mut v = golden();
    match value {
        Some(x) => v[field] = x,
        None => {
            v.as_object_mut().unwrap().remove(field);
        }
    }
    read_value(&v).expect_err(field).0
}

#[test]
fn each_bad_field_is_refused_with_a_message_naming_it_and_quoting_it() {
    let cases: Vec<(&str, Option<Value>, &str)> = vec![
        ("schema", Some(json!(2)), "field \"schema\": expected 1"),
        ("schema", Some(json!("1")), "field \"schema\""),
        (
            "consentId",
            Some(json!("not-a-uuid")),
            "field \"consentId\": expected a UUID v4 in lowercase hex, got \"not-a-uuid\"",
        ),
        (
            "consentId",
            Some(json!("11111111-1111-1111-9111-111111111111")),
            "field \"consentId\"",
        ),
        (
            "consentId",
            Some(json!("11111111-1111-4111-9111-11111111111G")),
            "field \"consentId\"",
        ),
        (
            "consentId",
            Some(json!("AAAAAAAA-1111-4111-9111-111111111111")),
            "field \"consentId\"",
        ),
        ("consentId", None, "missing field \"consentId\""),
        (
            "previousConsentId",
            Some(json!("x")),
            "field \"previousConsentId\"",
        ),
        (
            "previousConsentId",
            None,
            "missing field \"previousConsentId\"",
        ),
        (
            "time",
            Some(json!("2026-11-25 09:00:00")),
            "field \"time\": expected a UTC time",
        ),
        (
            "time",
            Some(json!("2026-02-30T09:00:00.000Z")),
            "field \"time\"",
        ),
        ("revision", Some(json!(-1)), "field \"revision\""),
        ("revision", Some(json!(1.5)), "field \"revision\""),
        (
            "revision",
            Some(json!(4_294_967_296_u64)),
            "field \"revision\"",
        ),
        (
            "textsHash",
            Some(json!("ABC")),
            "field \"textsHash\": expected a SHA-256",
        ),
        (
            "configHash",
            Some(json!(
                "22B42D0090710BDB79428EFAE117C5D636CF955951E6293C973C039547F4DF28"
            )),
            "field \"configHash\"",
        ),
        ("language", Some(json!("en_US!")), "field \"language\""),
        ("language", Some(json!("")), "field \"language\""),
        (
            "method",
            Some(json!("accept")),
            "field \"method\": expected one of accept-all",
        ),
        ("categories", Some(json!([])), "field \"categories\""),
        (
            "categories",
            Some(json!({"analytics": "yes"})),
            "field \"categories.analytics\": expected true or false, got \"yes\"",
        ),
        (
            "categories",
            Some(json!({"9lives": true})),
            "field \"categories\": \"9lives\" is not an id",
        ),
        (
            "services",
            Some(json!({"ga4": 1})),
            "field \"services.ga4\"",
        ),
        (
            "consentMode",
            Some(json!({"ad_storage": "granted"})),
            "missing field \"consentMode.ad_user_data\"",
        ),
        (
            "consentMode",
            Some(json!({"ad_storage": "yes"})),
            "field \"consentMode.ad_storage\"",
        ),
        (
            "gpc",
            Some(json!("false")),
            "field \"gpc\": expected true or false, got \"false\"",
        ),
        ("configHash", None, "missing field \"configHash\""),
    ];
    for (field, value, expected) in cases {
        let shown = format!("{field} = {value:?}");
        let message = error_with(field, value);
        assert!(message.contains(expected), "{shown}: {message}");
    }
}

#[test]
fn unknown_fields_are_refused_by_name_at_the_top_and_inside_consent_mode() {
    let mut v = golden();
    v["userAgent"] = json!("Mozilla/5.0");
    assert_eq!(read_value(&v).unwrap_err().0, "unknown field \"userAgent\"");
    let mut v = golden();
    v["consentMode"]["ad_fun"] = json!("granted");
    assert!(
        read_value(&v)
            .unwrap_err()
            .0
            .contains("unknown Consent Mode type \"ad_fun\"")
    );
}

#[test]
fn a_repeated_key_is_refused_not_silently_taken() {
    let text = GOLDEN.trim_end().replacen(
        "\"method\":\"accept-all\"",
        "\"method\":\"accept-all\",\"method\":\"reject-all\"",
        1,
    );
    let message = receipt::read(text.as_bytes()).unwrap_err().0;
    assert!(
        message.contains("the key \"method\" appears twice"),
        "{message}"
    );
}

#[test]
fn malformed_bodies_are_refused_clearly() {
    let cases: [(&[u8], &str); 6] = [
        (b"", "the body is not valid JSON"),
        (b"{\"schema\":1,", "the body is not valid JSON"),
        (
            b"[1,2]",
            "the body is not a JSON object (got an array of 2 items)",
        ),
        (b"\"receipt\"", "the body is not a JSON object"),
        (b"\xff\xfe{}", "the body is not UTF-8 text"),
        (b"{\"schema\":1} trailing", "the body is not valid JSON"),
    ];
    for (body, expected) in cases {
        let message = receipt::read(body).unwrap_err().0;
        assert!(message.starts_with(expected), "{body:?}: {message}");
    }
}

#[test]
fn deep_nesting_and_huge_strings_are_refused_quickly_with_a_bounded_message() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let started = Instant::now();
    let message = receipt::read(deep.as_bytes()).unwrap_err().0;
    assert!(message.contains("nested too deeply"), "{message}");
    let mut v = golden();
    v["categories"] = json!({"analytics": {"a": {"b": {"c": [[[[true]]]]}}}});
    assert!(
        read_value(&v)
            .unwrap_err()
            .0
            .contains("categories.analytics")
    );
    let mut v = golden();
    v["language"] = json!("x".repeat(1_000_000));
    let message = read_value(&v).unwrap_err().0;
    assert!(
        message.contains("(1000000 characters)"),
        "the length is told"
    );
    assert!(
        message.len() < 300,
        "the message quotes a bounded part: {} bytes",
        message.len()
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn too_many_ids_are_refused() {
    let mut v = golden();
    let many: serde_json::Map<String, Value> = (0..=receipt::MAX_SERVICES)
        .map(|i| (format!("s{i}"), json!(true)))
        .collect();
    v["services"] = Value::Object(many);
    assert!(read_value(&v).unwrap_err().0.contains("more than 400 ids"));
    let mut v = golden();
    v["categories"] = json!({"a".repeat(41): true});
    assert!(read_value(&v).unwrap_err().0.contains("is not an id"));
}

#[test]
fn the_core_writes_what_the_service_reads() {
    // The core's own writer (what the browser sends) and this reader agree on the format.
    let r = receipt::read(GOLDEN.trim_end().as_bytes()).unwrap();
    let core = CoreReceipt {
        consent_id: r.consent_id.clone(),
        previous_consent_id: None,
        time: r.time.clone(),
        revision: r.revision,
        texts_hash: r.texts_hash.clone(),
        language: r.language.clone(),
        method: r.method.clone(),
        categories: r.categories.iter().cloned().collect(),
        services: r.services.iter().cloned().collect(),
        consent_mode: consent_gate::core::google::ConsentState::denied(),
        gpc: r.gpc,
        config_hash: r.config_hash.clone(),
        region: None,
    };
    let back = receipt::read(core.to_json().as_bytes()).expect("the core's receipt reads");
    assert_eq!(back.to_json(), core.to_json());
}

#[test]
fn a_receipt_made_under_a_region_rule_reads_and_is_kept_as_sent() {
    let r = receipt::read(GOLDEN.trim_end().as_bytes()).unwrap();
    let core = CoreReceipt {
        consent_id: r.consent_id.clone(),
        previous_consent_id: None,
        time: r.time.clone(),
        revision: r.revision,
        texts_hash: r.texts_hash.clone(),
        language: r.language.clone(),
        method: "reject-all".into(),
        categories: r.categories.iter().cloned().collect(),
        services: r.services.iter().cloned().collect(),
        consent_mode: consent_gate::core::google::ConsentState::denied(),
        gpc: true,
        config_hash: r.config_hash.clone(),
        region: Some(consent_gate::core::receipt::RegionRule {
            region: Some("US-CA".into()),
            model: "opt-out",
            gpc_binding: true,
        }),
    };
    let sent = core.to_json();
    assert!(sent.ends_with(r#","region":"US-CA","model":"opt-out","gpcBinding":true}"#));
    let back = receipt::read(sent.as_bytes()).expect("the core's receipt reads");
    assert_eq!(back.to_json(), sent, "stored byte for byte as sent");
    assert_eq!(
        back.region.as_ref().map(|r| r.model.as_str()),
        Some("opt-out")
    );
    // All three or none; a model not one of the two; a region that is no code.
    let without_binding = sent.replace(r#","gpcBinding":true"#, "");
    assert!(
        receipt::read(without_binding.as_bytes())
            .unwrap_err()
            .0
            .contains("come together")
    );
    let bad_model = sent.replace(r#""opt-out""#, r#""maybe""#);
    assert!(
        receipt::read(bad_model.as_bytes())
            .unwrap_err()
            .0
            .contains("field \"model\"")
    );
    let bad_region = sent.replace(r#""US-CA""#, r#""California""#);
    assert!(
        receipt::read(bad_region.as_bytes())
            .unwrap_err()
            .0
            .contains("field \"region\"")
    );
}

// ---- properties ---------------------------------------------------------------------------

fn check<S>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let seed = std::env::var("CG_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x00C0_FFEE_u64)
        ^ name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let config = RunConfig {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 2048,
        ..RunConfig::default()
    };
    let started = Instant::now();
    match TestRunner::new(config).run(&strategy, test) {
        Ok(()) => println!("property {name}: {cases} cases passed (seed {seed})"),
        Err(TestError::Fail(reason, minimal)) => {
            panic!("property {name} failed (seed {seed}): {reason}\nminimal input: {minimal:#?}")
        }
        Err(TestError::Abort(reason)) => panic!("property {name} gave up (seed {seed}): {reason}"),
    }
    assert!(
        started.elapsed() < Duration::from_mins(1),
        "property {name} took too long"
    );
}

#[test]
fn property_arbitrary_bytes_never_panic_and_what_reads_is_written_back_the_same() {
    check(
        "receipt-bytes",
        2000,
        proptest::collection::vec(any::<u8>(), 0..600),
        |bytes| {
            if let Ok(r) = receipt::read(&bytes) {
                let again = receipt::read(r.to_json().as_bytes()).expect("its own form reads");
                prop_assert_eq!(again, r);
            }
            Ok(())
        },
    );
}

/// A JSON value of bounded depth and size.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z0-9 _-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-zA-Z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn property_any_changed_field_is_refused_or_read_as_exactly_that_value() {
    let fields: Vec<String> = golden().as_object().unwrap().keys().cloned().collect();
    let strategy = (0..fields.len(), json_value(), any::<bool>());
    check("receipt-mutations", 1500, strategy, |(i, value, remove)| {
        let mut v = golden();
        let field = &fields[i];
        if remove {
            v.as_object_mut().unwrap().remove(field);
        } else {
            v[field.as_str()] = value;
        }
        match read_value(&v) {
            Ok(r) => {
                // Accepted: then it is exactly what was sent, written back in the schema's form.
                prop_assert!(!remove, "removing {} was accepted", field);
                let written: Value = serde_json::from_str(&r.to_json()).unwrap();
                prop_assert_eq!(written, v);
            }
            Err(e) => prop_assert!(
                e.0.contains(field.as_str()),
                "the error for {} does not name it: {}",
                field,
                e.0
            ),
        }
        Ok(())
    });
}
