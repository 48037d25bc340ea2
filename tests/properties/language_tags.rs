//! Language tags (`core::lang`): fallbacks are a chain of prefixes, and negotiation returns
//! only what is offered.

use crate::generators::*;
use crate::runner::*;
use consent_gate::core::lang;
use proptest::prelude::*;

/// Strings shaped like tags (and not quite), with the subtags the mappings look at.
pub(crate) fn tag_like() -> impl Strategy<Value = String> {
    let subtag = prop_oneof![
        "[a-zA-Z]{1,3}",
        "[a-zA-Z0-9]{1,9}",
        prop::sample::select(
            &[
                "zh", "no", "nn", "iw", "in", "ji", "Hant", "hans", "TW", "hk", "mo", "x", "u",
                "CN", "1996", ""
            ][..]
        )
        .prop_map(str::to_owned),
    ];
    prop_oneof![
        3 => prop::collection::vec(subtag, 1..6).prop_map(|s| s.join("-")),
        1 => "[ a-zA-Z0-9_-]{0,40}",
        1 => odd_string(),
        1 => "\\PC{0,12}",
    ]
}

pub(crate) const MAPPED: &[&str] = &["zh-Hant", "zh-Hans", "nb", "he", "id", "yi"];

#[test]
fn language_fallbacks_are_a_chain_of_prefixes() {
    check(
        "language_fallbacks_are_a_chain_of_prefixes",
        1024,
        tag_like(),
        |tag| {
            let fallbacks = lang::fallbacks(&tag);
            let trimmed = tag.trim();
            if !lang::is_tag(trimmed) {
                prop_assert!(fallbacks.is_empty());
                return Ok(());
            }
            prop_assert_eq!(fallbacks.first().map(String::as_str), Some(trimmed));
            let primary = trimmed.split('-').next().unwrap_or_default();
            let mut previous = trimmed.len();
            for (i, f) in fallbacks.iter().enumerate().skip(1) {
                prop_assert!(lang::is_tag(f), "{:?} in {:?}", f, fallbacks);
                let prefix = trimmed.starts_with(f.as_str())
                    && trimmed[f.len()..].starts_with('-')
                    && f.len() < previous;
                if prefix {
                    previous = f.len();
                } else {
                    // A documented mapping, once only the bare language is left to try.
                    let rest = &fallbacks[i + 1..];
                    prop_assert!(
                        MAPPED.contains(&f.as_str())
                            && (rest.is_empty() || rest == [primary.to_owned()]),
                        "{:?} in {:?}",
                        f,
                        fallbacks
                    );
                }
                prop_assert!(
                    !fallbacks[..i].iter().any(|g| g.eq_ignore_ascii_case(f)),
                    "{:?} twice in {:?}",
                    f,
                    fallbacks
                );
            }
            // The bare language is tried too.
            prop_assert!(fallbacks.iter().any(|f| f == primary), "{:?}", fallbacks);
            Ok(())
        },
    );
}

#[test]
fn negotiation_returns_only_what_is_offered() {
    let offered_tags = prop::collection::vec(
        prop_oneof![
            prop::sample::select(
                &[
                    "en", "de", "pt", "pt-BR", "zh-Hans", "zh-Hant", "nb", "he", "sr", "fr-CA"
                ][..]
            )
            .prop_map(str::to_owned),
            tag_like(),
        ],
        0..6,
    );
    check(
        "negotiation_returns_only_what_is_offered",
        512,
        (prop::collection::vec(tag_like(), 0..5), offered_tags),
        |(requested, offered)| {
            let offered_refs: Vec<&str> = offered.iter().map(String::as_str).collect();
            let chosen = lang::negotiate(requested.iter(), &offered_refs);
            if let Some(chosen) = chosen {
                prop_assert!(offered_refs.contains(&chosen));
                prop_assert!(
                    requested.iter().any(|r| lang::fallbacks(r)
                        .iter()
                        .any(|f| f.eq_ignore_ascii_case(chosen))),
                    "{} answers none of {:?}",
                    chosen,
                    requested
                );
            }
            if let Some(first) = requested.first()
                && lang::is_tag(first.trim())
                && let Some(exact) = offered_refs
                    .iter()
                    .find(|o| o.eq_ignore_ascii_case(first.trim()))
            {
                prop_assert_eq!(
                    chosen,
                    Some(*exact),
                    "an exact offer of the first request wins"
                );
            }
            let _ = lang::is_rtl(requested.first().map_or("", String::as_str));
            Ok(())
        },
    );
}
