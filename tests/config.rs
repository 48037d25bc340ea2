//! Config parsing and validation: what a site may write, and the exact errors it gets.
//!
//! The configs live in `tests/configs/{valid,invalid}/`, where `tests/schema/` also runs each
//! through `config.schema.json`.
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
    let c = config(&config_file("valid/texts-overridden"));
    let en = english(&c);
    assert_eq!(en.text(Text::AcceptAll), "Allow all");
    assert_eq!(en.text(Text::BannerTitle), "Cookies?");
    assert_eq!(en.text(Text::RejectAll), "Reject all");
}

#[test]
fn invalid_json_is_reported_for_the_document() {
    // In the browser the parser is JSON.parse, and its own message follows the colon.
    refused(
        &config_file("invalid/malformed-unclosed"),
        &["config: the JSON is malformed: EOF while parsing an object at line 1 column 1"],
    );
    refused(
        &config_file("invalid/malformed-trailing-characters"),
        &["config: the JSON is malformed: trailing characters at line 1 column 20"],
    );
    refused(
        &config_file("invalid/not-an-object"),
        &["config: expected an object, found an array"],
    );
}

#[test]
fn wrong_types_and_unknown_keys_name_the_field() {
    refused(
        &config_file("invalid/wrong-types"),
        &[
            "config field `categories.analytics.title`: expected a string or an object of strings keyed by language tag, found the number 5",
            "config field `categories.analytics.required`: expected true or false, found the string \"no\"",
        ],
    );
    refused(
        &config_file("invalid/unknown-category-key"),
        &[
            "config field `categories.analytics.titel`: unknown field (known here: title, description, required, services, consentMode, gpc)",
            "config field `categories.analytics.title`: missing (expected a string)",
        ],
    );
    refused(
        &config_file("invalid/unknown-top-level-key"),
        &[
            "config field `revison`: unknown field (known here: $schema, revision, expiryDays, language, languages, policy, texts, categories, google, microsoft, reopenButton, reopenPosition, reloadOnWithdraw, placeholders, revisionMessage, proof, theme, layout, position, blocking, consentDomain, regions)",
            "config field `expiryDays`: expected a whole number, found the number 1.5",
        ],
    );
    refused(
        &config_file("invalid/cookie-without-name"),
        &[
            "config field `categories.a.services.s.cookies[0].name`: missing (expected a string)",
            "config field `categories.a.services.s.cookies[0].lifetime`: expected a string or an object of strings keyed by language tag, found the number 2",
        ],
    );
}

#[test]
fn missing_texts_are_refused() {
    refused(
        &config_file("invalid/category-without-title"),
        &["config field `categories.analytics.title`: missing (expected a string)"],
    );
    refused(
        &config_file("invalid/blank-title-and-description"),
        &[
            "config field `categories.analytics.title`: must not be empty",
            "config field `categories.analytics.description`: must not be empty",
        ],
    );
    refused(
        &config_file("invalid/unknown-text-key"),
        &[
            "config field `texts.acceptAl`: unknown text `acceptAl` (known: bannerTitle, bannerText, bannerTextNecessary, listSeparator, fieldSeparator, acceptAll, rejectAll, managePreferences, policyLink, preferencesTitle, preferencesText, savePreferences, close, alwaysOn, services, provider, cookie, lifetime, purpose, thirdParty, yes, no, reopenButton, revisionNotice, gpcHonoured, gpcOptOut, contents, lastUpdated, cookieDeclaration, changeChoice, policyLoading, policyFailed, service, noCookies, consentId, decidedAt, choicesSaved, placeholderName, placeholderText, placeholderLoadOnce, placeholderAlwaysAllow)",
        ],
    );
    refused(
        &config_file("invalid/language-without-built-in-texts"),
        &[
            "config field `texts`: language \"tlh\" has no built-in texts, so every text must be given in it; missing: bannerTitle, bannerText, bannerTextNecessary, listSeparator, fieldSeparator, rejectAll, managePreferences, policyLink, preferencesTitle, preferencesText, savePreferences, close, alwaysOn, services, provider, cookie, lifetime, purpose, thirdParty, yes, no, reopenButton, revisionNotice, gpcHonoured, contents, lastUpdated, cookieDeclaration, changeChoice, policyLoading, policyFailed, service, noCookies, consentId, decidedAt, choicesSaved, placeholderName, placeholderText, placeholderLoadOnce, placeholderAlwaysAllow",
        ],
    );
    refused(
        &config_file("invalid/no-categories"),
        &["config field `categories`: missing (expected an object)"],
    );
    refused(
        &config_file("invalid/empty-categories"),
        &["config field `categories`: must name at least one category"],
    );
}

#[test]
fn malformed_microsoft_ids_are_refused_naming_their_field() {
    refused(
        &config_file("invalid/malformed-microsoft-ids"),
        &[
            "config field `microsoft.uetId`: \"343-012\" is not a UET tag ID (expected its digits, as Microsoft Advertising shows it, e.g. \"343012345\")",
            "config field `microsoft.clarityId`: \"abc/../x\" is not a Clarity project ID (expected up to 20 letters and digits, e.g. \"abcde12345\")",
        ],
    );
}

#[test]
fn a_microsoft_tag_no_category_could_ever_load_is_refused() {
    refused(
        &config_file("invalid/microsoft-tags-without-their-consent-types"),
        &[
            "config field `microsoft.uetId`: the tag loads once `ad_storage` is granted, and no category in `categories` grants it (add it to a category's `consentMode`, or name the category \"marketing\")",
            "config field `microsoft.clarityId`: the tag loads once `analytics_storage` is granted, and no category in `categories` grants it (add it to a category's `consentMode`, or name the category \"analytics\")",
        ],
    );
}

#[test]
fn malformed_google_ids_are_refused_before_any_url() {
    refused(
        &config_file("invalid/malformed-google-ids"),
        &[
            "config field `google.measurementId`: \"UA-1-1\" is not a GA4 measurement ID (expected \"G-\" followed by capital letters and digits, e.g. \"G-AB12CD34EF\")",
            "config field `google.containerId`: \"GTM-AB12\\\"&l=x\" is not a Tag Manager container ID (expected \"GTM-\" followed by capital letters and digits, e.g. \"GTM-AB12CD3\")",
        ],
    );
}

#[test]
fn google_needs_its_category() {
    refused(
        &config_file("invalid/google-category-missing"),
        &[
            "config field `google.category`: `analytics` (which loads the Google tags) is neither a category nor a service in `categories`",
        ],
    );
    let c = config(&config_file("valid/google-category-is-a-category"));
    assert_eq!(c.google.category, "stats");
    let c = config(&config_file("valid/google-category-is-a-service"));
    assert_eq!(
        c.google.category, "ga4",
        "a service may load the Google tags"
    );
    refused(
        &config_file("invalid/google-service-in-necessary-category"),
        &[
            "config field `google.category`: Google tags need consent; service `tags` is in the strictly necessary category `necessary`",
        ],
    );
}

#[test]
fn google_analytics_cannot_be_strictly_necessary() {
    refused(
        &config_file("invalid/google-cookies-and-tags-in-necessary"),
        &[
            "config field `categories.necessary.services.ga.cookies[0].name`: \"^_ga\" is a Google Analytics/Ads cookie, which needs consent and cannot be strictly necessary",
            "config field `categories.necessary.services.ga.cookies[1].name`: \"_gcl_au\" is a Google Analytics/Ads cookie, which needs consent and cannot be strictly necessary",
            "config field `categories.necessary.services.gtm.title`: \"Google Tag Manager\" needs consent and cannot be strictly necessary",
        ],
    );
    refused(
        &config_file("invalid/google-category-necessary"),
        &[
            "config field `google.category`: Google tags need consent; \"analytics\" is strictly necessary",
        ],
    );
    refused(
        &config_file("invalid/necessary-consent-types"),
        &[
            "config field `categories.necessary.consentMode[1]`: unknown Consent Mode type \"security_storag\" (known: ad_storage, ad_user_data, ad_personalization, analytics_storage, functionality_storage, personalization_storage, security_storage)",
            "config field `categories.necessary.consentMode`: analytics_storage needs consent and cannot be granted by a strictly necessary category",
        ],
    );
}

#[test]
fn ids_links_and_ranges_are_checked() {
    refused(
        &config_file("invalid/ids-links-and-ranges"),
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
    let c = config(&config_file("valid/repeated-key-keeps-the-last"));
    assert_eq!(c.categories.len(), 1);
    assert_eq!(english(&c).pick(&c.categories[0].title), "Last");
}

#[test]
fn every_documented_key_is_accepted() {
    let c = config(&config_file("valid/every-documented-key"));
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
fn an_embed_url_is_https_with_the_place_of_the_id() {
    let with = |url: &str| {
        format!(
            r#"{{"categories": {{"media": {{"title": "Media", "description": "D", "services": {{"video": {{"title": "Video", "embedUrl": {url:?}}}}}}}}}}}"#
        )
    };
    let c = config(&with("https://video.example/embed/{data-id}?rel=0"));
    assert_eq!(
        c.categories[0].services[0].embed_url.as_deref(),
        Some("https://video.example/embed/{data-id}?rel=0")
    );
    refused(
        &with("http://video.example/embed/{data-id}"),
        &[
            "config field `categories.media.services.video.embedUrl`: \"http://video.example/embed/{data-id}\" is not an https:// address (an embed loads over https only)",
        ],
    );
    refused(
        &with("https://video.example/embed/{id}"),
        &[
            "config field `categories.media.services.video.embedUrl`: \"https://video.example/embed/{id}\" has no `{data-id}`, where the id of `<div data-service data-id>` goes",
        ],
    );
}

#[test]
fn lifecycle_keys_are_validated() {
    refused(
        &config_file("invalid/lifecycle-keys"),
        &[
            "config field `categories.necessary.gpc`: a strictly necessary category cannot be denied by Global Privacy Control",
            "config field `categories.ads.services.px.cookies[0].path`: \"shop\" is not a cookie path (it starts with / and has no ; or spaces)",
            "config field `categories.ads.services.px.localStorage[0]`: \"^px*\": `*` is only supported as `.*` (any characters)",
            "config field `google.mode`: regions applies only with \"mode\": \"advanced\"",
            "config field `revisionMessage`: must not be empty",
            "config field `proof.endpoint`: \"javascript:void(0)\" uses the scheme `javascript:`, which is not allowed (use http(s), mailto or a relative URL)",
        ],
    );
    refused(
        &config_file("invalid/google-mode-and-proof-endpoint"),
        &[
            "config field `google.mode`: \"advance\" is not a mode (\"basic\" or \"advanced\")",
            "config field `google.mode`: waitForUpdate applies only with \"mode\": \"advanced\"",
            "config field `google.waitForUpdate`: 20000 ms is out of range (0 to 10000)",
            "config field `proof.endpoint`: \"mailto:a@b.c\" is not an http(s) or relative URL",
        ],
    );
    refused(
        &config_file("invalid/region-codes-and-types"),
        &[
            "config field `google.regions.es`: \"es\" is not an ISO 3166-2 region code such as \"ES\" or \"US-CA\"",
            "config field `google.regions.US-CA[0]`: unknown Consent Mode type \"ads\"",
        ],
    );
}

#[test]
fn gpc_applies_to_ad_categories_unless_the_site_says_otherwise() {
    let c = config(&config_file("valid/gpc-defaults-and-overrides"));
    let gpc: Vec<bool> = c.categories.iter().map(|c| c.gpc).collect();
    assert_eq!(gpc, [true, false, true, false]);
}

// ---- languages, theme, layout ---------------------------------------------------------------

#[test]
fn site_texts_may_be_written_per_language() {
    let c = config(&config_file("valid/texts-per-language"));
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
fn a_site_text_names_only_the_placeholders_it_is_filled_with() {
    let with = |texts: &str| {
        format!(
            r#"{{"categories": {{"analytics": {{"title": "A", "description": "B"}}}}, "texts": {texts}}}"#
        )
    };
    // Leaving one out is the site's choice; the same ones, or none, read.
    for ok in [
        r#"{"placeholderText": "Loading it lets {provider} set cookies."}"#,
        r#"{"placeholderText": "Loading it sets cookies."}"#,
        r#"{"placeholderName": {"en": "{service}", "de": "{service} (nicht geladen)"}}"#,
        // An embed placeholder's texts are filled with both the service and its provider.
        r#"{"placeholderName": "{service} by {provider}", "placeholderAlwaysAllow": "Always allow {provider}"}"#,
    ] {
        assert!(Config::parse(&with(ok)).is_ok(), "{ok}");
    }
    // Any other would be shown braces and all: named at the text, or its language.
    refused(
        &with(r#"{"placeholderName": "{name}, not loaded", "acceptAll": "OK {name}"}"#),
        &[
            "config field `texts.placeholderName`: {name} is not a placeholder of this text (it has {service}, {provider})",
            "config field `texts.acceptAll`: {name} is not a placeholder of this text (it has none)",
        ],
    );
    refused(
        &with(r#"{"placeholderText": {"en": "From {provider}.", "de": "Von {anbieter}."}}"#),
        &[
            "config field `texts.placeholderText.de`: {anbieter} is not a placeholder of this text (it has {service}, {provider})",
        ],
    );
}

#[test]
fn a_config_that_lists_its_languages_must_write_each_text_in_each() {
    refused(
        &config_file("invalid/texts-not-in-the-listed-languages"),
        &[
            "config field `languages[2]`: \"en\" is listed twice",
            "config field `texts.acceptAll.it`: \"it\" is not one of `languages` (en, de)",
            "config field `texts.acceptAll`: has no text in \"de\" (`languages` lists en, de)",
            "config field `categories.analytics.title`: has no text in \"de\" (`languages` lists en, de)",
        ],
    );
    refused(
        &config_file("invalid/malformed-language-tags"),
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
    let c = config(&config_file("valid/necessary-and-one-optional-category"));
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
    let c = config(&config_file("valid/only-necessary"));
    assert_eq!(
        c.banner_text(&english(&c)),
        "We only use cookies that the site needs to work. They do not require your consent."
    );
}

#[test]
fn relative_urls_resolve_with_the_callers_base() {
    let mut c = Config::parse(&config_file("valid/relative-urls")).unwrap();
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
    let c = config(&config_file("valid/theme-and-layout"));
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
    let defaults = config(&config_file("valid/minimal"));
    assert_eq!(
        (
            defaults.look.layout,
            defaults.look.position,
            defaults.look.reopen_position,
            defaults.look.blocking
        ),
        (Layout::Box, "bottom", "bottom-start", false)
    );
    assert!(config(&config_file("valid/modal-blocking")).look.blocking);
}

#[test]
fn low_contrast_and_bad_look_values_are_errors_naming_the_fields() {
    refused(
        &config_file("invalid/bad-look-values"),
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
        &config_file("invalid/low-contrast-accent"),
        &[
            "config field `theme.colors.accentText`: `theme.colors.accentText` on `theme.colors.accent` has a contrast of 1.14:1, below the 4.5:1 WCAG 2.2 AA requires",
            "config field `theme.colors.accent`: `theme.colors.accent` on the built-in background #ffffff has a contrast of 1.14:1, below the 3:1 WCAG 2.2 AA requires",
        ],
    );
}

#[test]
fn a_service_id_is_checked_whole_and_advanced_settings_are_typed_in_basic_mode() {
    refused(
        &config_file("invalid/service-id-with-a-dot"),
        &[
            "config field `categories.a.services.1st.ok`: \"1st.ok\" is not a valid id (a letter, then letters, digits, `_` or `-`; at most 40)",
        ],
    );
    refused(
        &config_file("invalid/ads-data-redaction-as-a-string-in-basic-mode"),
        &[
            "config field `google.adsDataRedaction`: expected true or false, found the string \"yes\"",
            "config field `google.urlPassthrough`: expected true or false, found the number 1",
        ],
    );
}

#[test]
fn a_necessary_category_named_like_the_google_default_is_fine_without_google_tags() {
    // Found by tests/properties/: `google.category` defaults to "analytics", and a site
    // without Google tags whose strictly necessary category is called "analytics" was
    // refused at `google.category`, a field it never wrote.
    let json = r#"{"categories": {"analytics": {"title": "A", "description": "B", "required": true, "consentMode": []}}}"#;
    assert!(Config::parse(json).is_ok());
    let with_tags = r#"{"categories": {"analytics": {"title": "A", "description": "B", "required": true, "consentMode": []}},
        "google": {"measurementId": "G-ABC123"}}"#;
    refused(
        with_tags,
        &[
            "config field `google.category`: Google tags need consent; \"analytics\" is strictly necessary",
        ],
    );
}
