//! Language tags: which of the languages on offer a visitor gets.
//!
//! The page says what it is written in (`<html lang>`) and the browser what the visitor reads
//! (`navigator.languages`, in order). [`negotiate`] takes those requests in order and returns
//! the first language on offer that answers one of them, following BCP 47 lookup
//! (RFC 4647 §3.4: `de-AT` -> `de`), with the few mappings lookup alone gets wrong:
//! Chinese by script (`zh-TW` -> `zh-Hant`, `zh-CN` and `zh` -> `zh-Hans`), Norwegian
//! (`no`, `nn` -> `nb`) and the retired codes browsers still send (`iw` -> `he`, `in` -> `id`).
//! Tags are compared without regard to case and returned as the offer spells them.

#[allow(unused_imports)]
use crate::prelude::*;
/// Primary subtags written right to left (for languages a site brings itself; the built-in
/// ones say so in their file).
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi",
];

/// Longest tag accepted (RFC 5646 allows more; nothing a browser sends is longer).
const MAX_TAG: usize = 35;

/// Whether `tag` is a well-formed language tag: a 2-3 letter language, then subtags of 1-8
/// letters or digits (`en`, `pt-BR`, `zh-Hant-TW`, `sr-Latn`).
#[must_use]
pub fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    tag.len() <= MAX_TAG
        && parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic())
        })
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether a language is written right to left (by its primary subtag, or an Arabic or
/// Hebrew script subtag).
#[must_use]
pub fn is_rtl(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default().to_ascii_lowercase();
    RTL.contains(&primary.as_str())
        || parts.any(|p| p.eq_ignore_ascii_case("arab") || p.eq_ignore_ascii_case("hebr"))
}

/// The tags to try for one request, most specific first: the tag itself, each truncation but
/// the bare language, its mapped form (Chinese script, Norwegian, retired codes), then the
/// bare language (`zh-Hant-HK-u-ca-roc` -> `zh-Hant-HK`, `zh-Hant`, `zh`).
#[must_use]
pub fn fallbacks(tag: &str) -> Vec<String> {
    let tag = tag.trim();
    if !is_tag(tag) {
        return Vec::new();
    }
    let subtags: Vec<String> = tag.split('-').map(str::to_ascii_lowercase).collect();
    let mut out = vec![tag.to_owned()];
    let primary = subtags[0].as_str();
    let has = |s: &str| subtags[1..].iter().any(|t| t == s);
    // The mapped form goes before the bare language when the bare one says too little (`zh`
    // has no script) or is retired; after it when it is a language of its own (Nynorsk
    // readers take Bokmål, but Nynorsk first).
    let (mapped, before_bare) = match primary {
        "zh" if has("hant") || has("tw") || has("hk") || has("mo") => (Some("zh-Hant"), true),
        "zh" => (Some("zh-Hans"), true),
        "no" => (Some("nb"), true),
        "nn" => (Some("nb"), false),
        "iw" => (Some("he"), true),
        "in" => (Some("id"), true),
        "ji" => (Some("yi"), true),
        _ => (None, true),
    };
    // Lookup: drop the last subtag (and a singleton left in front of it) until one is left.
    let mut end = subtags.len();
    while end > 1 {
        end -= 1;
        if end > 1 && subtags[end - 1].len() == 1 {
            end -= 1;
        }
        if end == 1
            && before_bare
            && let Some(m) = mapped
        {
            out.push(m.to_owned());
        }
        out.push(tag.split('-').take(end).collect::<Vec<_>>().join("-"));
    }
    if (subtags.len() == 1 || !before_bare)
        && let Some(m) = mapped
    {
        out.push(m.to_owned());
    }
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    out
}

/// The first language in `offered` that answers one of `requested` (in order), each request
/// tried through its [`fallbacks`] before the next request is looked at.
#[must_use]
pub fn negotiate<'o, S: AsRef<str>>(
    requested: impl IntoIterator<Item = S>,
    offered: &[&'o str],
) -> Option<&'o str> {
    requested.into_iter().find_map(|request| {
        fallbacks(request.as_ref())
            .iter()
            .find_map(|candidate| offered.iter().find(|o| o.eq_ignore_ascii_case(candidate)))
            .copied()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERED: &[&str] = &[
        "de", "en", "pt", "pt-BR", "sr", "zh-Hans", "zh-Hant", "nb", "he",
    ];

    #[track_caller]
    fn picks(requested: &[&str], expected: Option<&str>) {
        assert_eq!(
            negotiate(requested.iter(), OFFERED),
            expected,
            "{requested:?}"
        );
    }

    #[test]
    fn regional_variants_fall_back_to_the_language() {
        picks(&["de-AT"], Some("de"));
        picks(&["de-CH-1996"], Some("de"));
        picks(&["EN-gb"], Some("en"));
    }

    #[test]
    fn an_exact_regional_offer_wins_over_the_language() {
        picks(&["pt-BR"], Some("pt-BR"));
        picks(&["pt-br"], Some("pt-BR"));
        picks(&["pt-PT"], Some("pt"));
        picks(&["pt"], Some("pt"));
    }

    #[test]
    fn chinese_goes_by_script() {
        picks(&["zh-TW"], Some("zh-Hant"));
        picks(&["zh-HK"], Some("zh-Hant"));
        picks(&["zh-Hant-TW"], Some("zh-Hant"));
        picks(&["zh-CN"], Some("zh-Hans"));
        picks(&["zh"], Some("zh-Hans"));
        picks(&["zh-Hans-SG"], Some("zh-Hans"));
    }

    #[test]
    fn a_longer_tag_tries_its_own_truncations_before_the_mapping() {
        // Found by tests/properties/: `zh-Hant-Aa-A` tried `zh-Hant` before `zh-Hant-Aa`.
        assert_eq!(
            fallbacks("zh-Hant-Aa-A"),
            ["zh-Hant-Aa-A", "zh-Hant-Aa", "zh-Hant", "zh"]
        );
        assert_eq!(
            negotiate(["zh-Hant-HK-u-ca-roc"], &["zh-Hant", "zh-Hant-HK"]),
            Some("zh-Hant-HK")
        );
        assert_eq!(fallbacks("zh-TW"), ["zh-TW", "zh-Hant", "zh"]);
        assert_eq!(fallbacks("no"), ["no", "nb"]);
    }

    #[test]
    fn scripts_regions_and_old_codes() {
        picks(&["sr-Latn"], Some("sr"));
        picks(&["sr-Cyrl-RS"], Some("sr"));
        picks(&["no"], Some("nb"));
        picks(&["nn-NO"], Some("nb"));
        assert_eq!(
            negotiate(["nn-NO"], &["nb", "nn"]),
            Some("nn"),
            "Nynorsk first when it is on offer"
        );
        picks(&["iw"], Some("he"));
    }

    #[test]
    fn requests_are_tried_in_order_and_unknown_ones_are_skipped_quietly() {
        picks(&["tlh", "fr-FR", "de-DE", "en"], Some("de"));
        picks(&["tlh"], None);
        picks(&["", "not a tag", "x-private", "en"], Some("en"));
    }

    #[test]
    fn tags_are_checked() {
        for good in ["en", "pt-BR", "zh-Hant", "sr-Latn-RS", "de-CH-1996", "tlh"] {
            assert!(is_tag(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "english",
            "en_US",
            "en-",
            "-en",
            "en--US",
            "x-klingon",
            "de-ÄT",
        ] {
            assert!(!is_tag(bad), "{bad}");
        }
    }

    #[test]
    fn direction() {
        for rtl in ["ar", "he", "fa", "ur", "ar-EG", "az-Arab"] {
            assert!(is_rtl(rtl), "{rtl}");
        }
        for ltr in ["en", "de", "tr", "zh-Hant"] {
            assert!(!is_rtl(ltr), "{ltr}");
        }
    }
}
