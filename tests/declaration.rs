//! The cookie declaration as data (`core::declaration`): the one model the preferences'
//! tables and the policy's declaration both draw, every cell's text decided here.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use common::*;
use consent_gate::core::declaration::{Cell, Declaration, MISSING, declaration};
use consent_gate::core::i18n::{Locale, Texts, file_for};
use consent_gate::core::json::Json;

/// Two languages; a necessary category without services; a service without cookies, one
/// without a provider, a cookie with its own purpose and one with the service's.
const CONFIG: &str = r#"{
  "languages": ["en", "de"],
  "categories": {
    "necessary": { "required": true,
                   "title": { "en": "Strictly necessary", "de": "Unbedingt erforderlich" },
                   "description": { "en": "Needed for the site.", "de": "Für die Website nötig." } },
    "analytics": { "title": { "en": "Analytics", "de": "Analyse" },
                   "description": { "en": "Usage.", "de": "Nutzung." },
                   "services": {
                     "ga4": { "title": "Google Analytics", "provider": "Google Ireland Ltd.",
                              "description": { "en": "Counts visits.", "de": "Zählt Besuche." },
                              "cookies": [
                                { "name": "_ga", "lifetime": { "en": "2 years", "de": "2 Jahre" },
                                  "description": { "en": "Tells visitors apart.", "de": "Unterscheidet Besucher." } },
                                { "name": "^_ga_", "lifetime": { "en": "2 years", "de": "2 Jahre" } } ] },
                     "own": { "title": { "en": "Own counter", "de": "Eigener Zähler" },
                              "thirdParty": false,
                              "cookies": [ { "name": "hits" } ] } } },
    "marketing": { "title": "Marketing", "description": "Ads.",
                   "services": { "video": { "title": "Video player", "provider": "VideoCo" } } }
  }
}"#;

fn german() -> Locale {
    let tag = file_for("de").unwrap();
    let text =
        std::fs::read_to_string(format!("{}/i18n/{tag}.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let texts = Texts::from_file(&Json::parse(&text).unwrap()).unwrap();
    config(CONFIG).locale("de", &texts)
}

/// Every table as lines of cells, `|`-separated; names in backticks, the site's words as
/// they are, interface texts in brackets.
fn tables(d: &Declaration) -> Vec<(String, Vec<String>)> {
    d.sections
        .iter()
        .map(|s| {
            let rows = s.table.iter().flat_map(|t| &t.rows).map(|r| {
                let cells = r.cells.iter().map(|c| match c {
                    Cell::Site(s) => (*s).to_owned(),
                    Cell::Name(n) => format!("`{n}`"),
                    Cell::Interface(s) => format!("[{s}]"),
                });
                std::iter::once(r.head.to_owned())
                    .chain(cells)
                    .collect::<Vec<_>>()
                    .join(" | ")
            });
            (s.category.to_owned(), rows.collect())
        })
        .collect()
}

#[test]
fn every_cookie_is_a_row_with_every_cell_decided() {
    let (config, english) = (config(CONFIG), Locale::english());
    let d = declaration(&config, &english);
    assert_eq!(d.heading, "Cookie declaration");
    assert_eq!(
        d.columns,
        [
            "Service",
            "Provider",
            "Cookie",
            "Purpose",
            "Lifetime",
            "Shares data with a third party"
        ]
    );
    assert_eq!(
        tables(&d),
        [
            ("necessary".to_owned(), vec![]),
            (
                "analytics".to_owned(),
                vec![
                    "Google Analytics | Google Ireland Ltd. | `_ga` | Tells visitors apart. | 2 years | [Yes]".to_owned(),
                    "Google Analytics | Google Ireland Ltd. | `_ga_*` | Counts visits. | 2 years | [Yes]".to_owned(),
                    format!("Own counter | {MISSING} | `hits` | {MISSING} | {MISSING} | [No]"),
                ]
            ),
            (
                "marketing".to_owned(),
                vec![format!("Video player | VideoCo | [No cookies] | {MISSING} | {MISSING} | [Yes]")]
            ),
        ]
    );
    let analytics = &d.sections[1];
    assert_eq!(analytics.title, "Analytics");
    assert_eq!(analytics.description, "Usage.");
    assert_eq!(analytics.always_on, None);
    let table = analytics.table.as_ref().unwrap();
    assert_eq!(table.label, "Cookie declaration: Analytics");
    assert_eq!(table.rows[2].service, "own");
}

#[test]
fn a_category_without_services_has_its_heading_and_no_table() {
    let (config, english) = (config(CONFIG), Locale::english());
    let d = declaration(&config, &english);
    let necessary = &d.sections[0];
    assert_eq!(
        (necessary.title, necessary.always_on),
        ("Strictly necessary", Some("Always on"))
    );
    assert_eq!(necessary.description, "Needed for the site.");
    assert!(
        necessary.table.is_none(),
        "nothing to tabulate, no empty table"
    );
}

#[test]
fn in_german_every_text_is_the_visitors_language_and_names_stay_as_declared() {
    let (config, german) = (config(CONFIG), german());
    let d = declaration(&config, &german);
    assert_eq!(d.heading, "Cookie-Übersicht");
    assert_eq!(
        d.columns,
        [
            "Dienst",
            "Anbieter",
            "Cookie",
            "Zweck",
            "Speicherdauer",
            "Weitergabe von Daten an Dritte"
        ]
    );
    assert_eq!(
        tables(&d)[1..],
        [
            (
                "analytics".to_owned(),
                vec![
                    "Google Analytics | Google Ireland Ltd. | `_ga` | Unterscheidet Besucher. | 2 Jahre | [Ja]".to_owned(),
                    "Google Analytics | Google Ireland Ltd. | `_ga_*` | Zählt Besuche. | 2 Jahre | [Ja]".to_owned(),
                    format!("Eigener Zähler | {MISSING} | `hits` | {MISSING} | {MISSING} | [Nein]"),
                ]
            ),
            (
                "marketing".to_owned(),
                vec![format!("Video player | VideoCo | [Keine Cookies] | {MISSING} | {MISSING} | [Ja]")]
            ),
        ]
    );
    assert_eq!(
        (d.sections[0].title, d.sections[0].always_on),
        ("Unbedingt erforderlich", Some("Immer aktiv"))
    );
    let analytics = d.sections[1].table.as_ref().unwrap();
    assert_eq!(analytics.label, "Cookie-Übersicht: Analyse");
}

#[test]
fn the_sample_config_declares_what_it_sets_in_its_order() {
    let (config, english) = (sample(), Locale::english());
    let d = declaration(&config, &english);
    let names: Vec<&str> = d
        .sections
        .iter()
        .flat_map(|s| s.table.iter().flat_map(|t| &t.rows))
        .map(|r| r.cells[1].text())
        .collect();
    assert_eq!(names, ["_ga*", "No cookies", "adco_id"]);
}
