//! Cookie name patterns (`NamePattern`): any string is read or refused, a pattern matches as
//! the reference (backtracking) matcher does, and matching takes time linear in the name.

use std::time::Duration;

use crate::generators::*;
use crate::runner::*;
use consent_gate::core::cookies::NamePattern;
use proptest::prelude::*;

/// The matcher as it was (backtracking), kept as the reference: plainly right, and fine on
/// the small inputs it is given here.
pub(crate) fn reference_matches(source: &str, name: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Atom {
        Char(char),
        Any,
        AnyRun,
    }
    fn here(atoms: &[Atom], name: &[char], end: bool) -> bool {
        match atoms.split_first() {
            None => !end || name.is_empty(),
            Some((Atom::AnyRun, rest)) => {
                (0..=name.len()).any(|skip| here(rest, &name[skip..], end))
            }
            Some((Atom::Any, rest)) => !name.is_empty() && here(rest, &name[1..], end),
            Some((Atom::Char(c), rest)) => name.first() == Some(c) && here(rest, &name[1..], end),
        }
    }
    let start = source.starts_with('^');
    let mut chars: Vec<char> = source.chars().skip(usize::from(start)).collect();
    // The end anchor: a final `$` after an even run of backslashes.
    let backslashes = chars
        .iter()
        .rev()
        .skip(1)
        .take_while(|c| **c == '\\')
        .count();
    let end = chars.last() == Some(&'$') && backslashes % 2 == 0;
    if end {
        chars.pop();
    }
    if !start && !end {
        return source == name;
    }
    let mut atoms = Vec::new();
    let mut it = chars.into_iter().peekable();
    while let Some(c) = it.next() {
        atoms.push(match c {
            '\\' => Atom::Char(it.next().expect("escaped")),
            '.' if it.peek() == Some(&'*') => {
                it.next();
                Atom::AnyRun
            }
            '.' => Atom::Any,
            c => Atom::Char(c),
        });
    }
    let name: Vec<char> = name.chars().collect();
    let starts = if start { 0..=0 } else { 0..=name.len() };
    starts
        .into_iter()
        .any(|from| here(&atoms, &name[from..], end))
}

/// A pattern as a site writes one: anchors, and atoms from a small alphabet (escaped where
/// needed), so random names often match.
pub(crate) fn pattern_source() -> impl Strategy<Value = String> {
    let atom = prop::sample::select(
        &[
            "a", "b", "_", ".", ".*", "\\.", "\\\\", "\\$", "\\^", "\\*", "é",
        ][..],
    );
    (
        any::<bool>(),
        prop::collection::vec(atom, 0..8),
        any::<bool>(),
    )
        .prop_map(|(start, atoms, end)| {
            let mut s = String::new();
            if start {
                s.push('^');
            }
            s.push_str(&atoms.concat());
            if end {
                s.push('$');
            }
            s
        })
}

#[test]
fn cookie_patterns_from_any_string() {
    let any_pattern = prop_oneof![
        2 => "[\\^$.*\\\\a-c_()\\[\\]|+?{} ;=\"]{0,12}",
        1 => "\\PC{0,16}",
        1 => ".{0,12}",
        1 => odd_string(),
    ];
    check(
        "cookie_patterns_from_any_string",
        512,
        (any_pattern, prop::collection::vec(".{0,10}", 0..4)),
        |(source, names)| {
            if let Ok(pattern) = NamePattern::parse(&source) {
                prop_assert_eq!(pattern.as_str(), source.as_str());
                let _ = pattern.display();
                for name in &names {
                    let _ = pattern.matches(name);
                }
            }
            Ok(())
        },
    );
}

#[test]
fn cookie_patterns_match_as_the_reference_does() {
    check(
        "cookie_patterns_match_as_the_reference_does",
        1024,
        (
            pattern_source(),
            prop::collection::vec("[ab_.$\\\\^*é]{0,8}", 1..6),
        ),
        |(source, names)| {
            if source.is_empty() {
                return Ok(()); // refused, rightly: a name must not be empty
            }
            // Every pattern written with the documented syntax is accepted, but those that
            // match every name (`^`, `^.*$`) or only the empty one (`^$`), which are refused.
            let pattern = match NamePattern::parse(&source) {
                Ok(pattern) => pattern,
                Err(e) if e.contains("matches every name") || e.contains("only an empty name") => {
                    return Ok(());
                }
                Err(e) => return Err(TestCaseError::fail(e)),
            };
            for name in &names {
                prop_assert_eq!(
                    pattern.matches(name),
                    reference_matches(&source, name),
                    "{} on {:?}",
                    source,
                    name
                );
            }
            Ok(())
        },
    );
}

#[test]
fn twelve_runs_and_a_40_character_name_match_at_once() {
    // The issue: twelve `.*` and one 40-character name froze the page for 33 s on withdrawal
    // (the matcher backtracked). Exponential work cannot finish within the limit.
    let pattern = NamePattern::parse(&format!("^{}x$", ".*a".repeat(12))).unwrap();
    let (hit, miss) = within(Duration::from_secs(5), "twelve .*", move || {
        (
            pattern.matches(&format!("{}x", "a".repeat(39))),
            pattern.matches(&"a".repeat(40)),
        )
    });
    assert!(hit && !miss);
}

#[test]
fn two_hundred_runs_match_in_time_linear_in_the_name() {
    let pattern = NamePattern::parse(&format!("^{}b$", ".*a".repeat(200))).unwrap();
    let p = pattern.clone();
    within(
        Duration::from_secs(30),
        "200 .* on 4000 characters",
        move || {
            let name = "a".repeat(4000);
            assert!(!p.matches(&name));
            assert!(p.matches(&format!("{name}b")));
        },
    );
    let (small, large) = ("a".repeat(1000), "a".repeat(8000));
    assert_linear_time(
        "200 .* on 1000 and 8000 characters",
        || assert!(!pattern.matches(&small)),
        || assert!(!pattern.matches(&large)),
    );
}
