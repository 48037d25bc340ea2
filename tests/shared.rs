//! One choice across a site's subdomains (`consentDomain`, `core::shared`): the config's check
//! of the domain, the cookie the shell writes, and which record a page view uses when both
//! `localStorage` and the cookie hold one. End to end: `tests/e2e/domain.test.mjs`.

#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use std::rc::Rc;

use common::*;
use consent_gate::core::config::Config;
use consent_gate::core::consent::{Action, Origin};
use consent_gate::core::plan::fingerprint;
use consent_gate::core::record::ConsentRecord;
use consent_gate::core::shared::{
    COOKIE_LIMIT, COOKIE_NAME, Source, check_domain, cookie_string, covers, pick, read_cookie,
    removal_string, reset_at, reset_string,
};
use consent_gate::core::time::{DAY_MS, Timestamp};

fn with_domain(domain: &str) -> Result<Config, String> {
    let text = SAMPLE.replacen('{', &format!("{{\"consentDomain\": {domain:?},"), 1);
    Config::parse(&text).map_err(|e| e.to_string())
}

fn decided(config: &Rc<Config>, action: Action, now: Timestamp) -> String {
    let (mut session, _) = start(Rc::clone(config), None, now);
    stored(&session.dispatch(action, env(now, 5)))
}

#[test]
fn the_config_takes_a_registrable_domain_and_refuses_a_public_suffix_naming_the_field() {
    assert_eq!(
        with_domain("Example.CO.uk").map(|c| c.consent_domain),
        Ok(Some("example.co.uk".to_owned()))
    );
    assert_eq!(sample().consent_domain, None);
    for (domain, why) in [
        ("co.uk", "is a public suffix"),
        ("com", "is a public suffix"),
        ("github.io", "is a public suffix"),
        ("https://example.com", "is not a domain name"),
        (".example.com", "is not a domain name"),
        ("example.com/", "is not a domain name"),
        ("127.0.0.1", "is an IP address"),
        ("", "is not a domain name"),
    ] {
        let error = with_domain(domain).expect_err(domain);
        assert!(
            error.contains("config field `consentDomain`") && error.contains(why),
            "{domain}: {error}"
        );
    }
    let error = Config::parse(&SAMPLE.replacen('{', "{\"consentDomain\": true,", 1))
        .expect_err("a boolean");
    assert!(error.to_string().contains("`consentDomain`"), "{error}");
    assert!(check_domain("example.co.uk").is_ok());
}

#[test]
fn only_the_host_or_a_parent_of_it_is_covered() {
    assert!(covers("example.co.uk", "www.example.co.uk"));
    assert!(covers("example.co.uk", "a.b.example.co.uk"));
    assert!(covers("example.co.uk", "example.co.uk"));
    assert!(covers("example.co.uk", "WWW.Example.co.uk."));
    assert!(!covers("example.co.uk", "badexample.co.uk"));
    assert!(!covers("example.co.uk", "example.com"));
    assert!(!covers("www.example.co.uk", "example.co.uk"));
}

#[test]
fn the_cookie_carries_the_exact_record_for_the_config_text_until_it_expires() {
    let config = Rc::new(with_domain("example.co.uk").unwrap());
    let text = decided(&config, Action::AcceptAll(Origin::Visitor), NOW);
    let record = ConsentRecord::decode(&text).unwrap();
    let fp = fingerprint(SAMPLE);
    let cookie = cookie_string(&record, &text, &fp, "example.co.uk", false).unwrap();
    let (pair, attributes) = cookie.split_once("; ").unwrap();
    assert_eq!(
        attributes,
        format!(
            "Domain=example.co.uk; Path=/; Expires={}; SameSite=Lax",
            record.expires.http_date()
        )
    );
    assert!(
        cookie_string(&record, &text, &fp, "example.co.uk", true)
            .unwrap()
            .ends_with("; SameSite=Lax; Secure")
    );
    // The browser sends back `name=value`; the record is read back exactly, for this config
    // text only.
    let jar = format!("_ga=GA1.1; {pair}; other=1");
    assert!(pair.starts_with(&format!("{COOKIE_NAME}={fp}.")));
    assert_eq!(read_cookie(&jar, &fp).as_deref(), Some(text.as_str()));
    assert_eq!(read_cookie(&jar, &fingerprint("{}")), None);
    assert_eq!(read_cookie("consent-gate-plan=x", &fp), None);
    // The sample's record is far below the limit.
    assert!(pair.len() < COOKIE_LIMIT / 4, "{} bytes", pair.len());
    assert!(removal_string("example.co.uk").contains("Max-Age=0; SameSite=Lax"));
}

#[test]
fn a_record_too_big_for_a_cookie_is_not_shared() {
    let config = Rc::new(with_domain("example.co.uk").unwrap());
    let text = decided(&config, Action::AcceptAll(Origin::Visitor), NOW);
    let mut record = ConsentRecord::decode(&text).unwrap();
    for i in 0..400 {
        record.services.insert(format!("service-{i:03}"), true);
    }
    let big = record.encode();
    let error = cookie_string(&record, &big, &fingerprint(SAMPLE), "example.co.uk", false)
        .expect_err("too big");
    assert!(error.contains("this host only"), "{error}");
}

#[test]
fn the_newer_decision_that_holds_wins_and_a_forged_cookie_changes_nothing() {
    let config = Rc::new(with_domain("example.co.uk").unwrap());
    let later = Timestamp(NOW.0 + DAY_MS);
    let accepted = decided(&config, Action::AcceptAll(Origin::Visitor), NOW);
    let withdrawn = decided(&config, Action::RejectAll(Origin::Visitor), later);
    let (a, w) = (parsed(&accepted).unwrap(), parsed(&withdrawn).unwrap());
    let now = Timestamp(later.0 + 1000);
    let pick = |local: Option<(&str, &_)>, shared: Option<(&str, &_)>| {
        pick(&config, now, local, shared, None)
    };
    // A withdrawal on another subdomain is in force here; an older cookie is overwritten.
    assert_eq!(
        pick(Some((&accepted, &a)), Some((&withdrawn, &w))),
        Source::Shared
    );
    assert_eq!(
        pick(Some((&withdrawn, &w)), Some((&accepted, &a))),
        Source::Local { share: true }
    );
    assert_eq!(
        pick(Some((&accepted, &a)), Some((&accepted, &a))),
        Source::Local { share: false }
    );
    assert_eq!(pick(None, Some((&accepted, &a))), Source::Shared);
    assert_eq!(
        pick(Some((&accepted, &a)), None),
        Source::Local { share: true }
    );
    assert_eq!(pick(None, None), Source::Local { share: false });
    // Forged: newer but not a record this build wrote, or not for this revision.
    let forged = [
        withdrawn.replace("\"method\"", "\"admin\":true,\"method\""),
        accepted.replace(&accepted[18..54], "not-a-uuid"),
        accepted.replace("\"revision\":1", "\"revision\":2"),
        accepted.replace(
            &ConsentRecord::decode(&accepted)
                .unwrap()
                .updated
                .to_string(),
            &Timestamp(now.0 + DAY_MS).to_string(),
        ),
    ];
    for forged in &forged {
        let doc = parsed(forged).unwrap();
        assert_eq!(
            pick(None, Some((forged, &doc))),
            Source::Local { share: false },
            "{forged}"
        );
        assert_eq!(
            pick(Some((&accepted, &a)), Some((forged, &doc))),
            Source::Local { share: true },
            "{forged}"
        );
    }
}

#[test]
fn a_reset_on_one_host_makes_the_others_forget_their_older_copies_and_never_grants() {
    let config = Rc::new(with_domain("example.co.uk").unwrap());
    let reset_time = Timestamp(NOW.0 + DAY_MS);
    let before = decided(&config, Action::AcceptAll(Origin::Visitor), NOW);
    let after = decided(
        &config,
        Action::AcceptAll(Origin::Visitor),
        Timestamp(reset_time.0 + 1),
    );
    let (b, a) = (parsed(&before).unwrap(), parsed(&after).unwrap());
    let now = Timestamp(reset_time.0 + 1000);

    // What the shell writes on reset: a mark with the moment, for the config text, on the
    // domain, kept as long as a record could be (expiryDays), and what a host reads back.
    let fp = fingerprint(SAMPLE);
    let cookie = reset_string(&fp, "example.co.uk", reset_time, config.expiry_days, true);
    let value = cookie.split(';').next().unwrap();
    assert_eq!(
        value,
        format!("{COOKIE_NAME}={fp}.!{}", reset_time.0),
        "{cookie}"
    );
    let expires = reset_time.plus_days(config.expiry_days).http_date();
    for part in [
        "; Domain=example.co.uk",
        "; Path=/",
        "; SameSite=Lax",
        "; Secure",
    ] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(cookie.contains(&format!("; Expires={expires}")), "{cookie}");
    let text = read_cookie(value, &fp).unwrap();
    assert_eq!(reset_at(&text), Some(reset_time));
    // A record's text is never read as a mark; a mark that is not a moment is none.
    assert_eq!(reset_at(&before), None);
    for broken in ["!", "!12a", "!-5", "1234"] {
        assert_eq!(reset_at(broken), None, "{broken}");
    }

    let mark = Some(reset_time);
    // The copy decided before the reset is forgotten: the visitor is asked on this host too.
    assert_eq!(
        pick(&config, now, Some((&before, &b)), None, mark),
        Source::Forget
    );
    // A decision made after the reset (on this host) holds, and is shared over the mark.
    assert_eq!(
        pick(&config, now, Some((&after, &a)), None, mark),
        Source::Local { share: true }
    );
    // Nothing stored: nothing to forget, and a mark grants nothing.
    assert_eq!(
        pick(&config, now, None, None, mark),
        Source::Local { share: false }
    );
    // A forged mark (any moment) can only make a host ask again.
    for at in [Timestamp(0), Timestamp(u64::MAX)] {
        let source = pick(&config, now, Some((&after, &a)), None, Some(at));
        assert!(
            matches!(source, Source::Forget | Source::Local { .. }),
            "{source:?}"
        );
        assert_ne!(source, Source::Shared);
    }
}
