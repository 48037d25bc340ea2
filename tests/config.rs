//! Config parsing and validation: what a site may write, and the exact errors it gets.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use common::*;
use consent_gate::core::config::Config;
use consent_gate::core::google::ConsentType;
use consent_gate::core::i18n::{Locale, Text, Texts};

/// The config's texts in English.
fn english(c: &Config) -> Locale {
    c.locale("en", &Texts::english())
}

/// Asserts that `json` is refused with exactly these messages.
#[track_caller]
fn refused(json: &str, expected: &[&str]) {
    match Config::parse(json) {
        Ok(_) => panic!("config should be refused: {json}"),
        Err(errors) => {
            let actual: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
            assert_eq!(actual, expected);
        }
    }
}

fn with_categories(categories: &str) -> String {
    format!(r#"{{"categories": {categories}}}"#)
}

const ANALYTICS: &str = r#""analytics": {"title": "Analytics", "description": "Usage."}"#;

#[test]
fn the_documented_shape_parses_with_its_defaults() {
    let c = sample();
    assert_eq!(c.revision, 1);
    assert_eq!(c.expiry_days, 182);
    assert_eq!(c.language, None);
    assert_eq!(c.policy_url(&english(&c)), Some("/privacy.md"));
    let ids: Vec<&str> = c.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["necessary", "analytics", "marketing"],
        "the site's order is kept"
    );
    assert!(c.categories[0].required);
    assert_eq!(c.categories[1].services[0].cookies[0].name.as_str(), "^_ga");
    assert_eq!(
        c.categories[1].services[0].cookies[0]
            .lifetime
            .as_ref()
            .map(|l| english(&c).pick(l).to_owned()),
        Some("2 years".into())
    );
    assert!(
        c.categories[1].services[0].third_party,
        "a named provider is a third party"
    );
    assert_eq!(
        c.categories[1].consent_types,
        [ConsentType::AnalyticsStorage]
    );
    assert_eq!(c.categories[2].consent_types.len(), 3);
    assert_eq!(
        c.google.measurement_id.as_ref().unwrap().as_str(),
        "G-TEST123"
    );
    assert_eq!(c.google.category, "analytics");
    assert!(c.google.consent_mode && c.reopen_button && c.reload_on_withdraw);
    assert_eq!(english(&c).text(Text::AcceptAll), "Accept all");
}

#[test]
fn texts_can_be_overridden() {
    let c = config(&format!(
        r#"{{"texts": {{"acceptAll": "Allow all", "bannerTitle": "Cookies?"}}, "categories": {{{ANALYTICS}}}}}"#
    ));
    let en = english(&c);
    assert_eq!(en.text(Text::AcceptAll), "Allow all");
    assert_eq!(en.text(Text::BannerTitle), "Cookies?");
    assert_eq!(en.text(Text::RejectAll), "Reject all");
}

#[test]
fn invalid_json_is_reported_for_the_document() {
    // In the browser the parser is JSON.parse, and its own message follows the colon.
    refused(
        "{",
        &["config: the JSON is malformed: EOF while parsing an object at line 1 column 1"],
    );
    refused(
        r#"{"categories": {}} x"#,
        &["config: the JSON is malformed: trailing characters at line 1 column 20"],
    );
    refused("[1, 2]", &["config: expected an object, found an array"]);
}

#[test]
fn wrong_types_and_unknown_keys_name_the_field() {
    refused(
        &with_categories(r#"{"analytics": {"title": 5, "description": "D", "required": "no"}}"#),
        &[
            "config field `categories.analytics.title`: expected a string or an object of strings keyed by language tag, found the number 5",
            "config field `categories.analytics.required`: expected true or false, found the string \"no\"",
        ],
    );
    refused(
        &with_categories(r#"{"analytics": {"titel": "A", "description": "D"}}"#),
        &[
            "config field `categories.analytics.titel`: unknown field (known here: title, description, required, services, consentMode, gpc)",
            "config field `categories.analytics.title`: missing (expected a string)",
        ],
    );
    refused(
        r#"{"categories": {"a": {"title": "A", "description": "D"}}, "revison": 2, "expiryDays": 1.5}"#,
        &[
            "config field `revison`: unknown field (known here: $schema, revision, expiryDays, language, languages, policy, texts, categories, google, reopenButton, reopenPosition, reloadOnWithdraw, revisionMessage, proof, theme, layout, position, blocking)",
            "config field `expiryDays`: expected a whole number, found the number 1.5",
        ],
    );
    refused(
        r#"{"categories": {"a": {"title": "A", "description": "D", "services": {"s": {"title": "S", "cookies": [{"lifetime": 2}]}}}}}"#,
        &[
            "config field `categories.a.services.s.cookies[0].name`: missing (expected a string)",
            "config field `categories.a.services.s.cookies[0].lifetime`: expected a string or an object of strings keyed by language tag, found the number 2",
        ],
    );
}

#[test]
fn missing_texts_are_refused() {
    refused(
        &with_categories(r#"{"analytics": {"description": "D"}}"#),
        &["config field `categories.analytics.title`: missing (expected a string)"],
    );
    refused(
        &with_categories(r#"{"analytics": {"title": " ", "description": ""}}"#),
        &[
            "config field `categories.analytics.title`: must not be empty",
            "config field `categories.analytics.description`: must not be empty",
        ],
    );
    refused(
        &format!(r#"{{"texts": {{"acceptAl": "Yes"}}, "categories": {{{ANALYTICS}}}}}"#),
        &[
            "config field `texts.acceptAl`: unknown text `acceptAl` (known: bannerTitle, bannerText, bannerTextNecessary, listSeparator, acceptAll, rejectAll, managePreferences, policyLink, preferencesTitle, preferencesText, savePreferences, close, alwaysOn, services, provider, cookie, lifetime, purpose, thirdParty, yes, no, reopenButton, revisionNotice, gpcHonoured, contents, lastUpdated, cookieDeclaration, changeChoice, policyLoading, policyFailed, service, noCookies, consentId, decidedAt, choicesSaved)",
        ],
    );
    refused(
        &format!(
            r#"{{"language": "tlh", "texts": {{"acceptAll": "HIja'"}}, "categories": {{{ANALYTICS}}}}}"#
        ),
        &[
            "config field `texts`: language \"tlh\" has no built-in texts, so every text must be given in it; missing: bannerTitle, bannerText, bannerTextNecessary, listSeparator, rejectAll, managePreferences, policyLink, preferencesTitle, preferencesText, savePreferences, close, alwaysOn, services, provider, cookie, lifetime, purpose, thirdParty, yes, no, reopenButton, revisionNotice, gpcHonoured, contents, lastUpdated, cookieDeclaration, changeChoice, policyLoading, policyFailed, service, noCookies, consentId, decidedAt, choicesSaved",
        ],
    );
    refused(
        r#"{"revision": 1}"#,
        &["config field `categories`: missing (expected an object)"],
    );
    refused(
        r#"{"categories": {}}"#,
        &["config field `categories`: must name at least one category"],
    );
}

#[test]
fn malformed_google_ids_are_refused_before_any_url() {
    refused(
        &format!(
            r#"{{"categories": {{{ANALYTICS}}}, "google": {{"containerId": "GTM-AB12\"&l=x", "measurementId": "UA-1-1"}}}}"#
        ),
        &[
            "config field `google.measurementId`: \"UA-1-1\" is not a GA4 measurement ID (expected \"G-\" followed by capital letters and digits, e.g. \"G-AB12CD34EF\")",
            "config field `google.containerId`: \"GTM-AB12\\\"&l=x\" is not a Tag Manager container ID (expected \"GTM-\" followed by capital letters and digits, e.g. \"GTM-AB12CD3\")",
        ],
    );
}

#[test]
fn google_needs_its_category() {
    refused(
        r#"{"categories": {"stats": {"title": "S", "description": "D"}}, "google": {"measurementId": "G-AB12"}}"#,
        &[
            "config field `google.category`: `analytics` (which loads the Google tags) is neither a category nor a service in `categories`",
        ],
    );
    let c = config(
        r#"{"categories": {"stats": {"title": "S", "description": "D"}},
            "google": {"measurementId": "G-AB12", "category": "stats"}}"#,
    );
    assert_eq!(c.google.category, "stats");
    let c = config(
        r#"{"categories": {"stats": {"title": "S", "description": "D", "services": {"ga4": {"title": "GA"}}}},
            "google": {"measurementId": "G-AB12", "category": "ga4"}}"#,
    );
    assert_eq!(
        c.google.category, "ga4",
        "a service may load the Google tags"
    );
    refused(
        r#"{"categories": {"necessary": {"required": true, "title": "N", "description": "D", "services": {"tags": {"title": "T"}}}},
            "google": {"measurementId": "G-AB12", "category": "tags"}}"#,
        &[
            "config field `google.category`: Google tags need consent; service `tags` is in the strictly necessary category `necessary`",
        ],
    );
}

#[test]
fn google_analytics_cannot_be_strictly_necessary() {
    refused(
        &with_categories(
            r#"{"necessary": {"required": true, "title": "N", "description": "D",
                "services": {"ga": {"title": "Analytics", "cookies": [{"name": "^_ga"}, {"name": "_gcl_au"}, {"name": "session"}]},
                             "gtm": {"title": "Google Tag Manager"}}}}"#,
        ),
        &[
            "config field `categories.necessary.services.ga.cookies[0].name`: \"^_ga\" is a Google Analytics/Ads cookie, which needs consent and cannot be strictly necessary",
            "config field `categories.necessary.services.ga.cookies[1].name`: \"_gcl_au\" is a Google Analytics/Ads cookie, which needs consent and cannot be strictly necessary",
            "config field `categories.necessary.services.gtm.title`: \"Google Tag Manager\" needs consent and cannot be strictly necessary",
        ],
    );
    refused(
        r#"{"categories": {"analytics": {"required": true, "title": "A", "description": "D", "consentMode": []}},
            "google": {"measurementId": "G-AB12"}}"#,
        &[
            "config field `google.category`: Google tags need consent; \"analytics\" is strictly necessary",
        ],
    );
    refused(
        &with_categories(
            r#"{"necessary": {"required": true, "title": "N", "description": "D", "consentMode": ["analytics_storage", "security_storag"]}}"#,
        ),
        &[
            "config field `categories.necessary.consentMode[1]`: unknown Consent Mode type \"security_storag\" (known: ad_storage, ad_user_data, ad_personalization, analytics_storage, functionality_storage, personalization_storage, security_storage)",
            "config field `categories.necessary.consentMode`: analytics_storage needs consent and cannot be granted by a strictly necessary category",
        ],
    );
}

#[test]
fn ids_links_and_ranges_are_checked() {
    refused(
        r#"{"expiryDays": 400, "language": "english", "policy": {"url": "javascript:alert(1)"},
                "categories": {"1st": {"title": "T", "description": "D"},
                                "video": {"title": "V", "description": "D", "services": {"video": {"title": "V"}}},
                                "ads": {"title": "A", "description": "D", "services": {"px": {"title": "P", "cookies": [{"name": "^_px*"}]}}},
                                "more": {"title": "M", "description": "D", "services": {"px": {"title": "P2"}}}}}"#,
        &[
            "config field `expiryDays`: 400 is out of range (1 to 395 days)",
            "config field `language`: \"english\" is not a language tag such as \"en\" or \"pt-BR\"",
            "config field `policy.url`: \"javascript:alert(1)\" uses the scheme `javascript:`, which is not allowed (use http(s), mailto or a relative URL)",
            "config field `categories.1st`: \"1st\" is not a valid id (a letter, then letters, digits, `_` or `-`; at most 40)",
            "config field `categories.ads.services.px.cookies[0].name`: \"^_px*\": `*` is only supported as `.*` (any characters)",
            "config field `categories.more.services.px`: service `px` is declared twice; service ids must be unique",
            "config field `categories.video`: `video` names both a category and a service; ids must be unique",
        ],
    );
}

#[test]
fn a_repeated_key_keeps_the_last_value_as_json_parse_does() {
    let c = config(&with_categories(
        r#"{"analytics": {"title": "First", "description": "D"}, "analytics": {"title": "Last", "description": "D"}}"#,
    ));
    assert_eq!(c.categories.len(), 1);
    assert_eq!(english(&c).pick(&c.categories[0].title), "Last");
}

#[test]
fn every_documented_key_is_accepted() {
    let c = config(
        r#"{"$schema": "https://example.com/consent-gate.schema.json",
            "revision": 7, "expiryDays": 30, "language": "en-GB",
            "policy": {"url": "https://example.com/privacy"},
            "texts": {"bannerTitle": "Hello"},
            "categories": {
              "functional": {"title": "F", "description": "D", "required": true},
              "analytics": {"title": "A", "description": "D", "consentMode": ["analytics_storage"],
                            "services": {"ga4": {"title": "GA", "description": "Stats", "provider": "Google",
                                                 "thirdParty": true,
                                                 "cookies": [{"name": "_ga", "lifetime": "2 years", "description": "id"}]}}}},
            "google": {"consentMode": true, "measurementId": "G-AB12", "containerId": "GTM-AB12", "category": "analytics"},
            "reopenButton": false, "reloadOnWithdraw": false}"#,
    );
    assert_eq!(
        (c.revision, c.expiry_days, c.language.as_deref()),
        (7, 30, Some("en-GB"))
    );
    assert_eq!(
        c.categories[0].consent_types,
        [
            ConsentType::FunctionalityStorage,
            ConsentType::PersonalizationStorage
        ]
    );
    assert!(!c.reopen_button && !c.reload_on_withdraw);
}

#[test]
fn lifecycle_keys_are_validated() {
    refused(
        r#"{"revisionMessage": " ", "proof": {"endpoint": "javascript:void(0)"},
                "categories": {"necessary": {"required": true, "title": "N", "description": "D", "gpc": true},
                               "ads": {"title": "A", "description": "D", "services": {"px": {"title": "P",
                                 "cookies": [{"name": "px", "path": "shop"}], "localStorage": ["^px*"]}}}},
                "google": {"regions": {"es": ["ad_storage"]}}}"#,
        &[
            "config field `categories.necessary.gpc`: a strictly necessary category cannot be denied by Global Privacy Control",
            "config field `categories.ads.services.px.cookies[0].path`: \"shop\" is not a cookie path (it starts with / and has no ; or spaces)",
            "config field `categories.ads.services.px.localStorage[0]`: \"^px*\": `*` is only supported as `.*` (any characters)",
            "config field `google.mode`: waitForUpdate and regions apply only with \"mode\": \"advanced\"",
            "config field `revisionMessage`: must not be empty",
            "config field `proof.endpoint`: \"javascript:void(0)\" uses the scheme `javascript:`, which is not allowed (use http(s), mailto or a relative URL)",
        ],
    );
    refused(
        &format!(
            r#"{{"categories": {{{ANALYTICS}}}, "proof": {{"endpoint": "mailto:a@b.c"}},
                "google": {{"mode": "advance", "waitForUpdate": 20000}}}}"#
        ),
        &[
            "config field `google.mode`: \"advance\" is not a mode (\"basic\" or \"advanced\")",
            "config field `google.mode`: waitForUpdate and regions apply only with \"mode\": \"advanced\"",
            "config field `google.waitForUpdate`: 20000 ms is out of range (0 to 10000)",
            "config field `proof.endpoint`: \"mailto:a@b.c\" is not an http(s) or relative URL",
        ],
    );
    refused(
        &format!(
            r#"{{"categories": {{{ANALYTICS}}},
                "google": {{"mode": "advanced", "regions": {{"es": ["ad_storage"], "US-CA": ["ads"]}}}}}}"#
        ),
        &[
            "config field `google.regions.es`: \"es\" is not an ISO 3166-2 region code such as \"ES\" or \"US-CA\"",
            "config field `google.regions.US-CA[0]`: unknown Consent Mode type \"ads\"",
        ],
    );
}

#[test]
fn gpc_applies_to_ad_categories_unless_the_site_says_otherwise() {
    let c = config(
        r#"{"categories": {
            "marketing": {"title": "M", "description": "D"},
            "analytics": {"title": "A", "description": "D"},
            "sharing": {"title": "S", "description": "D", "gpc": true},
            "ads": {"title": "Ads", "description": "D", "gpc": false}}}"#,
    );
    let gpc: Vec<bool> = c.categories.iter().map(|c| c.gpc).collect();
    assert_eq!(gpc, [true, false, true, false]);
}

// ---- languages, theme, layout ---------------------------------------------------------------

#[test]
fn site_texts_may_be_written_per_language() {
    let c = config(
        r#"{"languages": ["en", "de"],
            "texts": {"acceptAll": {"en": "Allow all", "de": "Alle erlauben"}},
            "revisionMessage": {"en": "New cookies.", "de": "Neue Cookies."},
            "policy": {"url": {"en": "/privacy.md", "de": "/datenschutz.md"}},
            "categories": {"analytics": {"title": {"en": "Analytics", "de": "Analyse"},
                                         "description": {"en": "Usage.", "de": "Nutzung."},
                                         "services": {"ga4": {"title": "Google Analytics",
                                           "cookies": [{"name": "_ga", "lifetime": {"en": "2 years", "de": "2 Jahre"}}]}}}}}"#,
    );
    let de = c.locale("de", &Texts::english());
    assert_eq!(de.text(Text::AcceptAll), "Alle erlauben");
    assert_eq!(de.pick(&c.categories[0].title), "Analyse");
    assert_eq!(
        de.pick(&c.categories[0].services[0].title),
        "Google Analytics"
    );
    assert_eq!(c.policy_url(&de), Some("/datenschutz.md"));
    let en = english(&c);
    assert_eq!(en.pick(&c.categories[0].title), "Analytics");
    assert_eq!(c.policy_url(&en), Some("/privacy.md"));
    // A language the site did not write falls back to its default.
    let fr = c.locale("fr", &Texts::english());
    assert_eq!(fr.pick(&c.categories[0].title), "Analytics");
}

#[test]
fn a_config_that_lists_its_languages_must_write_each_text_in_each() {
    refused(
        r#"{"languages": ["en", "de", "en"],
            "texts": {"acceptAll": {"en": "Allow all", "it": "Accetta"}},
            "categories": {"analytics": {"title": {"en": "Analytics"}, "description": "Usage."}}}"#,
        &[
            "config field `languages[2]`: \"en\" is listed twice",
            "config field `texts.acceptAll.it`: \"it\" is not one of `languages` (en, de)",
            "config field `texts.acceptAll`: has no text in \"de\" (`languages` lists en, de)",
            "config field `categories.analytics.title`: has no text in \"de\" (`languages` lists en, de)",
        ],
    );
    refused(
        r#"{"language": "klingon", "languages": ["en", "x"],
            "categories": {"analytics": {"title": {"english": "A"}, "description": {"en": ""}}}}"#,
        &[
            "config field `language`: \"klingon\" is not a language tag such as \"en\" or \"pt-BR\"",
            "config field `languages[1]`: \"x\" is not a language tag such as \"en\" or \"pt-BR\"",
            "config field `categories.analytics.title.english`: \"english\" is not a language tag such as \"en\" or \"pt-BR\"",
            "config field `categories.analytics.title`: has no text in \"en\" (`languages` lists en)",
            "config field `categories.analytics.description.en`: must not be empty",
        ],
    );
}

#[test]
fn the_default_banner_text_names_the_categories_the_site_declares() {
    let c = config(
        r#"{"categories": {"necessary": {"required": true, "title": "Necessary", "description": "D"},
                           "chat": {"title": "Live chat", "description": "D"}}}"#,
    );
    let text = c.banner_text(&english(&c));
    assert!(text.contains("for these purposes: Live chat."), "{text}");
    assert!(
        !text.contains("analytics") && !text.contains("marketing"),
        "{text}"
    );
    let c = sample();
    assert!(
        c.banner_text(&english(&c))
            .contains("for these purposes: Analytics, Marketing.")
    );
    let c = config(
        r#"{"categories": {"necessary": {"required": true, "title": "N", "description": "D"}}}"#,
    );
    assert_eq!(
        c.banner_text(&english(&c)),
        "We only use cookies that the site needs to work. They do not require your consent."
    );
}

#[test]
fn relative_urls_resolve_with_the_callers_base() {
    let mut c = Config::parse(
        r#"{"policy": {"url": "legal/notice.txt", "page": {"en": "legal/", "de": "/recht/"}},
            "proof": {"endpoint": "receipts"},
            "categories": {"a": {"title": "A", "description": "D"}}}"#,
    )
    .unwrap();
    c.resolve_urls(|u| {
        if u.starts_with('/') {
            format!("https://site.test{u}")
        } else {
            format!("https://site.test/consent/{u}")
        }
    });
    let en = english(&c);
    assert_eq!(
        c.policy_url(&en),
        Some("https://site.test/consent/legal/notice.txt")
    );
    assert_eq!(c.policy_page(&en), "https://site.test/consent/legal/");
    assert_eq!(
        c.policy_page(&c.locale("de", &Texts::english())),
        "https://site.test/recht/"
    );
    assert_eq!(
        c.proof_endpoint.as_deref(),
        Some("https://site.test/consent/receipts")
    );
}

#[test]
fn theme_and_layout_are_read_and_checked() {
    use consent_gate::core::theme::{Layout, Rgb, Role, Scheme};
    let c = config(
        r##"{"theme": {"scheme": "auto", "colors": {"accent": "#005500", "accentText": "#fff"},
                       "darkColors": {"accent": "rgb(153, 238, 153)", "accentText": "#000"},
                       "font": "Georgia, serif", "radius": 4},
             "layout": "bar", "position": "top", "reopenPosition": "bottom-end",
             "categories": {"a": {"title": "A", "description": "D"}}}"##,
    );
    let look = &c.look;
    assert_eq!(look.theme.scheme, Scheme::Auto);
    assert_eq!(
        look.theme.light,
        [
            (Role::Accent, Rgb(0, 0x55, 0)),
            (Role::AccentText, Rgb(255, 255, 255))
        ]
    );
    assert_eq!(
        (look.layout, look.position, look.reopen_position),
        (Layout::Bar, "top", "bottom-end")
    );
    let defaults = config(r#"{"categories": {"a": {"title": "A", "description": "D"}}}"#);
    assert_eq!(
        (
            defaults.look.layout,
            defaults.look.position,
            defaults.look.reopen_position,
            defaults.look.blocking
        ),
        (Layout::Box, "bottom", "bottom-start", false)
    );
    assert!(config(r#"{"layout": "modal", "blocking": true, "categories": {"a": {"title": "A", "description": "D"}}}"#).look.blocking);
}

#[test]
fn low_contrast_and_bad_look_values_are_errors_naming_the_fields() {
    refused(
        r##"{"theme": {"scheme": "blue", "colors": {"text": "#999", "background": "white", "link": "#aaaaaa", "accnt": "#000"},
                       "darkColors": {"text": "#fff"}, "font": "x;}*{display:none", "radius": 40},
             "layout": "popup", "position": "left", "blocking": true, "reopenPosition": "middle",
             "categories": {"a": {"title": "A", "description": "D"}}}"##,
        &[
            "config field `theme.scheme`: \"blue\" is not a scheme (known: light, dark, auto)",
            "config field `theme.colors.accnt`: unknown field (known here: background, text, accent, accentText, link, border)",
            "config field `theme.colors.background`: \"white\" is not a colour ConsentGate can check (write #rgb, #rrggbb or rgb(r, g, b), opaque)",
            "config field `theme.darkColors`: applies only with \"scheme\": \"dark\" or \"auto\"",
            "config field `theme.font`: \"x;}*{display:none\" is not a font-family list (names, quotes, commas and hyphens)",
            "config field `theme.radius`: 40 px is out of range (0 to 32)",
            "config field `theme.colors.text`: `theme.colors.text` on the built-in background #ffffff has a contrast of 2.85:1, below the 4.5:1 WCAG 2.2 AA requires",
            "config field `theme.colors.link`: `theme.colors.link` on the built-in background #ffffff has a contrast of 2.32:1, below the 4.5:1 WCAG 2.2 AA requires",
            "config field `layout`: \"popup\" is not a layout (known: box, bar, modal)",
            "config field `position`: \"left\" is not a position of the \"box\" layout (known: bottom, bottom-start, bottom-end, top, top-start, top-end)",
            "config field `blocking`: applies only to \"layout\": \"modal\"",
            "config field `reopenPosition`: \"middle\" is not a corner (known: bottom-start, bottom-end, top-start, top-end)",
        ],
    );
    refused(
        r##"{"theme": {"colors": {"accent": "#f0f0f0", "accentText": "#ffffff"}},
             "categories": {"a": {"title": "A", "description": "D"}}}"##,
        &[
            "config field `theme.colors.accentText`: `theme.colors.accentText` on `theme.colors.accent` has a contrast of 1.14:1, below the 4.5:1 WCAG 2.2 AA requires",
            "config field `theme.colors.accent`: `theme.colors.accent` on the built-in background #ffffff has a contrast of 1.14:1, below the 3:1 WCAG 2.2 AA requires",
        ],
    );
}
