//! The schema's lists and cross-field rules against the core's: its enums are the core's
//! constants, and configs built over layouts, positions, strictly necessary categories,
//! Consent Mode settings and palettes get the same verdict from both.

use crate::support::*;
use consent_gate::core::config::{DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS};
use consent_gate::core::google::ConsentType;
use consent_gate::core::i18n::Text;
use consent_gate::core::theme::{CORNERS, Layout, Palette, Role, Scheme};
use serde_json::{Value, json};

pub(crate) fn enum_of<'a>(schema: &'a Value, pointer: &str) -> Vec<&'a str> {
    schema
        .pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("config.schema.json has no array at {pointer}"))
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

#[test]
fn the_schemas_lists_are_the_cores() {
    let s = schema();
    let texts: Vec<&str> = s["properties"]["texts"]["properties"]
        .as_object()
        .expect("texts.properties")
        .keys()
        .map(String::as_str)
        .collect();
    let keys: Vec<&str> = Text::ALL.iter().map(|t| t.key()).collect();
    assert_eq!(texts, keys, "texts: the keys of i18n/en.json, in order");
    assert_eq!(enum_of(&s, "/properties/layout/enum"), Layout::NAMES);
    assert_eq!(
        enum_of(&s, "/$defs/theme/properties/scheme/enum"),
        Scheme::NAMES
    );
    assert_eq!(enum_of(&s, "/properties/reopenPosition/enum"), CORNERS);
    let types: Vec<&str> = ConsentType::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(enum_of(&s, "/$defs/consentType/enum"), types);
    let mut positions: Vec<&str> = Vec::new();
    for name in Layout::NAMES {
        for p in Layout::from_name(name).unwrap().positions() {
            if !positions.contains(p) {
                positions.push(p);
            }
        }
    }
    assert_eq!(enum_of(&s, "/properties/position/enum"), positions);
    let expiry = &s["properties"]["expiryDays"];
    assert_eq!(expiry["maximum"], MAX_EXPIRY_DAYS);
    assert_eq!(expiry["default"], DEFAULT_EXPIRY_DAYS);
    for (group, palette) in [("colors", Palette::LIGHT), ("darkColors", Palette::DARK)] {
        let roles = s["$defs"]["theme"]["properties"][group]["properties"]
            .as_object()
            .expect("palette roles");
        let names: Vec<&str> = roles.keys().map(String::as_str).collect();
        let expected: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(names, expected, "theme.{group}");
        for role in Role::ALL {
            assert_eq!(
                roles[role.key()]["default"],
                palette.get(role).hex(),
                "theme.{group}.{}: the built-in colour",
                role.key()
            );
        }
    }
}

#[test]
fn the_schemas_cross_field_rules_follow_the_core() {
    let v = validator();
    let mut configs = Vec::new();
    // Layouts, their positions, and blocking.
    let positions = enum_of(&schema(), "/properties/position/enum")
        .into_iter()
        .map(|p| json!(p))
        .chain([Value::Null, json!("left")])
        .collect::<Vec<_>>();
    for layout in [Value::Null, json!("box"), json!("bar"), json!("modal")] {
        for position in &positions {
            for blocking in [Value::Null, json!(true), json!(false)] {
                let mut extra = json!({});
                for (k, val) in [
                    ("layout", &layout),
                    ("position", position),
                    ("blocking", &blocking),
                ] {
                    if !val.is_null() {
                        extra[k] = val.clone();
                    }
                }
                configs.push(with(extra));
            }
        }
    }
    // What a strictly necessary category may grant, by `consentMode` and by its id's defaults.
    for t in ConsentType::ALL {
        for required in [true, false] {
            configs.push(
                json!({"categories": {"n": {"title": "N", "description": "D",
                "required": required, "consentMode": [t.name()]}}}),
            );
        }
    }
    for id in [
        "analytics",
        "statistics",
        "performance",
        "measurement",
        "marketing",
        "advertising",
        "ads",
        "targeting",
        "functionality",
        "functional",
        "preferences",
        "personalization",
        "necessary",
        "chat",
    ] {
        for gpc in [Value::Null, json!(true), json!(false)] {
            let mut category = json!({"title": "T", "description": "D", "required": true});
            if !gpc.is_null() {
                category["gpc"] = gpc.clone();
            }
            configs.push(json!({"categories": {id: category}, "google": {"category": "other"}}));
        }
    }
    // Advanced Consent Mode settings.
    for mode in [Value::Null, json!("basic"), json!("advanced")] {
        for extra in [
            json!({}),
            json!({"waitForUpdate": 0}),
            json!({"regions": {}}),
            json!({"regions": {"US": ["ad_storage"]}}),
            json!({"adsDataRedaction": false, "urlPassthrough": true}),
        ] {
            let mut google = extra;
            if !mode.is_null() {
                google["mode"] = mode.clone();
            }
            configs.push(with(json!({ "google": google })));
        }
    }
    // The dark palette and the scheme.
    for scheme in [Value::Null, json!("light"), json!("dark"), json!("auto")] {
        for dark in [Value::Null, json!({}), json!({"border": "#000000"})] {
            let mut theme = json!({});
            if !scheme.is_null() {
                theme["scheme"] = scheme.clone();
            }
            if !dark.is_null() {
                theme["darkColors"] = dark.clone();
            }
            configs.push(with(json!({ "theme": theme })));
        }
    }
    let found = disagreements(&v, configs);
    assert!(
        found.is_empty(),
        "{} disagree:\n\n{}",
        found.len(),
        found.join("\n\n")
    );
}
