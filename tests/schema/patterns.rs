//! The schema's string patterns against the core: URLs, colours, fonts, cookie and storage
//! patterns, Google IDs and numbers, each run through both.

use crate::support::*;
use serde_json::{Value, json};

#[test]
fn the_schemas_patterns_follow_the_core() {
    let v = validator();
    let service = |extra: Value| {
        let mut s = json!({"title": "S"});
        for (k, val) in extra.as_object().unwrap() {
            s[k] = val.clone();
        }
        json!({"categories": {"a": {"title": "A", "description": "D", "services": {"s": s}}}})
    };
    let mut configs = Vec::new();
    for name in [
        "_ga",
        "^_ga",
        "^_ga_",
        "_session$",
        "^exact$",
        "^",
        "$",
        "^$",
        "x$",
        "\\$",
        "a\\$",
        "^a\\.b$",
        "^a.*b$",
        "^a\\*",
        "a*",
        "a[b]",
        "^px*",
        "^a[b]",
        "^a(b)",
        "^a|b",
        "^a+",
        "^a?",
        "^a{2}",
        "^a\\",
        "a b",
        "a;b",
        "a,b",
        "a=b",
        "a\"b",
        "",
        "a\u{7}b",
        "é_ü",
        "^é.",
    ] {
        configs.push(service(json!({"cookies": [{"name": name}]})));
        configs.push(service(json!({ "localStorage": [name] })));
    }
    for url in [
        "https://www.youtube-nocookie.com/embed/{data-id}",
        "https://maps.example/embed?pb={data-id}&z=1",
        "http://www.example.com/{data-id}",
        "https://www.example.com/embed",
        "https://www.example.com/{id}",
        "javascript:alert('{data-id}')",
        "",
    ] {
        configs.push(service(json!({ "embedUrl": url })));
    }
    for path in ["/", "/shop", "/a/b c", "shop", "", "/a;b", "/ü"] {
        configs.push(service(json!({"cookies": [{"name": "c", "path": path}]})));
    }
    for id in [
        "a",
        "A1",
        "a_b-c",
        "1a",
        "_a",
        "a.b",
        "é",
        &"a".repeat(40),
        &"a".repeat(41),
    ] {
        configs.push(json!({"categories": {id: {"title": "T", "description": "D"}}}));
        configs.push(
            json!({"categories": {"c": {"title": "C", "description": "D",
            "services": {id: {"title": "S"}}}}}),
        );
    }
    for url in [
        "https://example.com/p",
        "HTTP://x",
        "mailto:a@b.c",
        "/privacy.md",
        "legal/notice.txt",
        "#top",
        "?q=1",
        "/a:b",
        " https://x ",
        "javascript:alert(1)",
        "JavaScript:x",
        "data:x",
        "a:b",
        "",
        "   ",
        "a\nb",
        "./p.md",
    ] {
        configs.push(with(json!({"policy": {"url": url}})));
        configs.push(with(json!({"policy": {"url": "/p", "page": {"en": url}}})));
        configs.push(with(json!({"proof": {"endpoint": url}})));
    }
    for colour in [
        "#000",
        "#000000",
        "#ABCdef",
        "rgb(1, 2, 3)",
        "rgb(1 2 3)",
        " rgb(255,255,255) ",
        "rgb(,1,2,3,)",
        "rgb(+1, 007, 255)",
        "rgb(256, 0, 0)",
        "rgb(-1, 0, 0)",
        "rgb(1, 2)",
        "rgba(1, 2, 3, 1)",
        "RGB(1, 2, 3)",
        "#0000",
        "#00000000",
        "black",
        "",
        "# 000",
    ] {
        // `border` takes part in no contrast pair: only the colour's form is checked.
        configs.push(with(json!({"theme": {"colors": {"border": colour}}})));
    }
    for font in [
        "Georgia, serif",
        "\"Source Sans 3\", sans-serif",
        "'Noto Sans JP'",
        "system-ui",
        "Font_1",
        "",
        "  ",
        "a;b",
        "a{b}",
        "url(x)",
        "Times\tNew",
    ] {
        configs.push(with(json!({"theme": {"font": font}})));
    }
    for tag in [
        "en",
        "pt-BR",
        "zh-Hant-TW",
        "sr-Latn",
        "de-1996",
        "x",
        "english",
        "en_US",
        "en-",
        "en-toolongsub",
        "tlh",
    ] {
        // Without `languages`, a text keyed by language checks only the tag's form (`language`
        // would also need built-in texts for the tag).
        configs.push(json!({"categories": {"a": {"title": {tag: "T"}, "description": "D"}}}));
    }
    for region in [
        "US", "US-CA", "ES-M", "GB-ENG", "us", "USA", "US-", "US-CALI", "U1",
    ] {
        configs.push(with(
            json!({"google": {"mode": "advanced", "regions": {region: ["ad_storage"]}}}),
        ));
    }
    for (key, id) in [
        ("measurementId", "G-AB12"),
        ("measurementId", "G-"),
        ("measurementId", "G-ab12"),
        ("measurementId", "UA-1-1"),
        ("measurementId", &format!("G-{}", "A".repeat(20))),
        ("measurementId", &format!("G-{}", "A".repeat(21))),
        ("containerId", "GTM-AB12"),
        ("containerId", "GTM-"),
        ("containerId", "gtm-AB12"),
        ("containerId", &format!("GTM-{}", "1".repeat(21))),
    ] {
        configs.push(with(json!({"google": {key: id, "category": "a"}})));
    }
    for n in [
        json!(0),
        json!(1),
        json!(1.0),
        json!(1.5),
        json!(-1),
        json!(395),
        json!(396),
    ] {
        configs.push(with(json!({ "expiryDays": n.clone() })));
        configs.push(with(json!({ "revision": n })));
    }
    let found = disagreements(&v, configs);
    assert!(
        found.is_empty(),
        "{} disagree:\n\n{}",
        found.len(),
        found.join("\n\n")
    );
}
