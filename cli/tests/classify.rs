//! Classification: the shipped Open Cookie Database, its wildcard rows, tracking hosts, and
//! what is first or third party.

use consent_gate_cli::ocd::{Category, Database, domains_in};
use consent_gate_cli::report::{google_tag, lifetime};
use consent_gate_cli::site::{self, Party};
use url::Url;

fn db() -> &'static Database {
    Database::embedded()
}

#[track_caller]
fn classified(name: &str) -> (Category, String, bool) {
    let m = db()
        .classify(name, None)
        .unwrap_or_else(|| panic!("{name} should be known"));
    (m.entry.category, m.entry.platform.clone(), m.by_prefix)
}

#[test]
fn the_whole_database_ships() {
    let rows: Vec<_> = db()
        .entries()
        .iter()
        .filter(|e| e.id != "consent-gate")
        .collect();
    assert_eq!(rows.len(), 2264);
    assert_eq!(rows.iter().filter(|e| e.wildcard).count(), 260);
    let count = |c| rows.iter().filter(|e| e.category == c).count();
    assert_eq!(count(Category::Functional), 977);
    assert_eq!(count(Category::Marketing), 861);
    assert_eq!(count(Category::Analytics), 390);
    assert_eq!(count(Category::Security), 24);
    assert_eq!(count(Category::Necessary), 9);
    assert_eq!(count(Category::Personalization), 3);
}

#[test]
fn exact_names_classify_as_the_database_does() {
    assert_eq!(
        classified("_ga"),
        (Category::Analytics, "Google Analytics".into(), false)
    );
    assert_eq!(
        classified("_fbp"),
        (Category::Marketing, "Facebook".into(), false)
    );
    let ga = db().classify("_ga", None).unwrap().entry;
    assert_eq!(ga.retention, "2 years");
    assert_eq!(ga.controller, "Google");
    assert_eq!(ga.description, "ID used to identify users");
}

#[test]
fn wildcard_rows_match_as_prefixes_longest_first() {
    assert_eq!(
        classified("_ga_AB12CD34"),
        (Category::Analytics, "Google Analytics".into(), true)
    );
    assert_eq!(
        db().classify("_ga_AB12CD34", None).unwrap().entry.name,
        "_ga_"
    );
    // `_gac_gb_` and `_gac_` are both prefixes of this name: the longer one wins.
    let m = db().classify("_gac_gb_123", None).unwrap();
    assert_eq!(m.entry.name, "_gac_gb_");
    // An exact row wins over a prefix row.
    let m = db().classify("_ga", None).unwrap();
    assert!(!m.by_prefix);
}

#[test]
fn unknown_names_are_unknown_and_case_matters() {
    assert!(db().classify("my_own_cookie_xyz", None).is_none());
    assert!(db().classify("_GA", None).is_none());
}

#[test]
fn consent_gates_own_record_is_strictly_necessary() {
    let m = db().classify("consent-gate", None).unwrap();
    assert_eq!(m.entry.category, Category::Necessary);
    assert_eq!(m.entry.platform, "ConsentGate");
}

#[test]
fn categories_map_onto_consent_gates() {
    for (ocd, id, necessary) in [
        ("Functional", "functional", false),
        ("Analytics", "analytics", false),
        ("Marketing", "marketing", false),
        ("Personalization", "personalization", false),
        ("Security", "security", true),
        ("Necessary", "necessary", true),
    ] {
        let c = Category::from_ocd(ocd).unwrap();
        assert_eq!(c.id(), id);
        assert_eq!(c.name(), ocd);
        assert_eq!(c.strictly_necessary(), necessary, "{ocd}");
    }
    assert_eq!(Category::from_ocd("marketing"), Some(Category::Marketing));
    assert_eq!(Category::from_ocd("Cookies"), None);
}

#[test]
fn a_malformed_database_is_refused_with_its_line() {
    let header = "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n";
    let bad = format!("{header}1,X,Tasty,name,,,,,,0\n");
    assert_eq!(
        Database::parse(&bad).unwrap_err(),
        "open-cookie-database.csv line 2: unknown category \"Tasty\""
    );
    assert_eq!(
        Database::parse("ID,Platform\n").unwrap_err(),
        "open-cookie-database.csv: no column \"Category\""
    );
}

#[test]
fn tracking_hosts_match_on_domain_boundaries() {
    let t = db().tracker("www.google-analytics.com").unwrap();
    assert_eq!(
        (t.platform.as_str(), t.category),
        ("Google Analytics", Category::Analytics)
    );
    let t = db().tracker("connect.facebook.net").unwrap();
    assert_eq!(
        (t.platform.as_str(), t.category),
        ("Facebook", Category::Marketing)
    );
    assert_eq!(
        db().tracker("www.googletagmanager.com").unwrap().platform,
        "Google Tag Manager"
    );
    // From the database's Domain column.
    assert!(db().tracker("ib.adnxs.com").is_some());
    assert!(db().tracker("notfacebook.com").is_none());
    assert!(db().tracker("example.com").is_none());
    assert!(
        db().tracker("fonts.gstatic.com").is_none(),
        "static files only"
    );
}

#[test]
fn domain_cells_read_as_host_names() {
    assert_eq!(
        domains_in(".bing.com (3rd party) or .microsoft.com (3rd party)"),
        ["bing.com", "microsoft.com"]
    );
    assert_eq!(domains_in("ads-[account].adhese.com"), Vec::<String>::new());
    assert_eq!(domains_in(".commander1.com\u{200b}"), ["commander1.com"]);
    assert_eq!(domains_in(""), Vec::<String>::new());
}

#[test]
fn parties_follow_the_registrable_domain() {
    assert_eq!(site::registrable("www.shop.example.co.uk"), "example.co.uk");
    assert_eq!(site::registrable(".example.com"), "example.com");
    assert_eq!(site::registrable("127.0.0.1"), "127.0.0.1");
    assert_eq!(site::registrable("localhost"), "localhost");
    assert_eq!(site::party("example.com", ".www.example.com"), Party::First);
    assert_eq!(site::party("example.com", "example.org"), Party::Third);
    assert_eq!(site::party("127.0.0.1", "localhost"), Party::Third);
}

#[test]
fn only_same_site_pages_are_followed() {
    let base = Url::parse("https://www.example.com/shop/").unwrap();
    let link = |h| site::page_link(&base, h, "example.com").map(|u| u.to_string());
    assert_eq!(
        link("a.html#top"),
        Some("https://www.example.com/shop/a.html".into())
    );
    assert_eq!(
        link("https://blog.example.com/"),
        Some("https://blog.example.com/".into())
    );
    assert_eq!(link("https://other.org/"), None);
    assert_eq!(link("mailto:a@example.com"), None);
    assert_eq!(link("/files/menu.PDF"), None);
    assert_eq!(link("javascript:void(0)"), None);
}

#[test]
fn start_urls_must_be_http() {
    assert!(site::start_url("https://example.com/").is_ok());
    assert_eq!(
        site::start_url("ftp://example.com/").unwrap_err(),
        "\"ftp://example.com/\" is not an http(s) URL (scan a site by its address, e.g. https://example.com/)"
    );
    assert_eq!(
        site::start_url("example.com").unwrap_err(),
        "\"example.com\" is not a URL (relative URL without a base)"
    );
}

#[test]
fn lifetimes_read_as_words() {
    let now = 1_000_000.0;
    assert_eq!(lifetime(None, now), "session");
    assert_eq!(lifetime(Some(now + 30.0 * 60.0), now), "30 minutes");
    assert_eq!(lifetime(Some(now + 86_400.0), now), "24 hours");
    assert_eq!(lifetime(Some(now + 7.0 * 86_400.0), now), "7 days");
    assert_eq!(lifetime(Some(now + 90.0 * 86_400.0), now), "3 months");
    assert_eq!(lifetime(Some(now + 400.0 * 86_400.0), now), "13 months");
    assert_eq!(lifetime(Some(now + 730.5 * 86_400.0), now), "2 years");
}

#[test]
fn google_tags_are_read_from_their_requests() {
    assert_eq!(
        google_tag("https://www.googletagmanager.com/gtag/js?id=G-AB12CD34").as_deref(),
        Some("G-AB12CD34")
    );
    assert_eq!(
        google_tag("https://www.googletagmanager.com/gtm.js?id=GTM-AB12CD3&l=dataLayer").as_deref(),
        Some("GTM-AB12CD3")
    );
    assert_eq!(
        google_tag("https://region1.google-analytics.com/g/collect?v=2&tid=G-XYZ789&cid=1")
            .as_deref(),
        Some("G-XYZ789")
    );
    assert_eq!(
        google_tag("https://www.googletagmanager.com/gtag/js?id=AW-123"),
        None
    );
    assert_eq!(
        google_tag("https://example.com/gtm.js?id=GTM-AB12CD3"),
        None
    );
}
