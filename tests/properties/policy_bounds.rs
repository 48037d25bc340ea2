//! The policy readers' bounds: Markdown nested 100 000 deep, a quote nested past the bound,
//! and time and space linear in the input for the inputs readers are slow on.

use std::time::Duration;

use crate::policy::{all_text, depth, size};
use crate::runner::*;
use consent_gate::core::policy::{self, Block, Format, Inline};

/// Markdown that nests 100 000 deep, every way it can.
pub(crate) fn pathological(n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("quotes", format!("{} deep\n", ">".repeat(n))),
        ("spaced quotes", format!("{}deep\n", "> ".repeat(n))),
        ("list levels", format!("{}deep\n", "- ".repeat(n))),
        ("ordered list levels", format!("{}deep\n", "1. ".repeat(n))),
        (
            "quotes and lists",
            format!("{}deep\n", "> - ".repeat(n / 2)),
        ),
        (
            "indented list levels",
            (0..n.min(1000))
                .map(|i| format!("{}- deep\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "emphasis",
            format!("{}deep{}\n", "*_".repeat(n / 2), "_*".repeat(n / 2)),
        ),
        (
            "strong",
            format!("{}deep{}\n", "**".repeat(n), "**".repeat(n)),
        ),
        (
            "links",
            format!("{}deep{}\n", "[".repeat(n), "](/x)".repeat(n)),
        ),
        (
            "images",
            format!("{}deep{}\n", "![".repeat(n), "](/x)".repeat(n)),
        ),
        // Not at a line start: there, `~~~` opens a fenced code block.
        (
            "strikethrough",
            format!("x {}deep{}\n", "~~".repeat(n), "~~".repeat(n)),
        ),
        ("brackets", format!("{}deep\n", "[".repeat(n))),
        ("html", format!("{}deep\n", "<div>".repeat(n))),
    ]
}

#[test]
fn policy_nested_100_000_deep_is_bounded_and_keeps_its_text() {
    let mut cases = 0;
    for (name, text) in pathological(100_000) {
        // On a thread with the default 2 MiB stack: reading, walking and dropping the tree must
        // not recurse 100 000 deep.
        let (depth_, kept) = within(Duration::from_secs(60), name, move || {
            let doc = policy::parse(&text, Format::Markdown);
            let toc = doc.toc();
            drop(toc);
            (depth(&doc.blocks), all_text(&doc).contains("deep"))
        });
        assert!(depth_ <= policy::MAX_DEPTH, "{name}: nested {depth_} deep");
        assert!(kept, "{name}: the text was lost");
        cases += 1;
    }
    println!(
        "property policy_nested_100_000_deep_is_bounded_and_keeps_its_text: {cases} cases passed"
    );
}

#[test]
fn a_quote_nested_past_the_bound_is_flattened_into_the_last_level() {
    let text = format!("{}inner\n\nouter", "> ".repeat(policy::MAX_DEPTH + 5));
    let doc = policy::parse(&text, Format::Markdown);
    assert_eq!(depth(&doc.blocks), policy::MAX_DEPTH);
    let mut level = &doc.blocks;
    for _ in 0..policy::MAX_DEPTH {
        match level.first() {
            Some(Block::Quote(inner)) => level = inner,
            other => panic!("expected a quote, found {other:?}"),
        }
    }
    assert_eq!(level.len(), 1, "{level:?}");
    assert_eq!(
        policy::text_of(match &level[0] {
            Block::Paragraph(c) => c,
            other => panic!("{other:?}"),
        }),
        "inner"
    );
    assert!(
        matches!(doc.blocks.get(1), Some(Block::Paragraph(c)) if policy::text_of(c) == "outer")
    );
}

/// Units that, repeated, make the inputs readers are slow on.
pub(crate) const MARKDOWN_UNITS: &[&str] = &[
    "> ",
    "- ",
    "* a\n",
    "1. a\n",
    "[",
    "![",
    "*a ",
    "**",
    "_",
    "`",
    "<a>",
    "|a",
    "# a\n\n",
    "## Same heading\n\n",
    "http://x.example/ ",
    "https://x.example/",
    "a@b.example ",
    "a@",
    "@b.c ",
    "â€™",
    "a\n",
    "&amp;",
    "\\*",
    "{{cookie-declaration}}\n\n",
    "| a | b |\n|---|---|\n",
    "-a\n",
    "[x]: /y\n",
    "<!-- ",
    "```\n",
    "---\n",
    "a  \n",
];

pub(crate) const TEXT_UNITS: &[&str] = &[
    "• a\n",
    "- a\n",
    "A\n\n",
    "a\n",
    "http://x.example/ ",
    "a@b.example ",
    "a@",
    "â€™",
    "\r\n",
    "-5 °C\n",
    "Same Title\n\n",
    "{{cookie-declaration}}\n\n",
];

#[test]
fn policy_readers_take_time_and_space_linear_in_the_input() {
    let mut cases = 0;
    for (format, units) in [
        (Format::Markdown, MARKDOWN_UNITS),
        (Format::Text, TEXT_UNITS),
    ] {
        for unit in units {
            let make = |n: usize| format!("{}end\n", unit.repeat(n));
            let (small, large) = (make(600), make(4800));
            // Deterministic: the tree grows no faster than the input.
            let (s1, s8) = (
                size(&policy::parse(&small, format)),
                size(&policy::parse(&large, format)),
            );
            assert!(
                s8 <= 8 * s1 + 64 && s8 <= 8 * large.len() + 64,
                "{unit:?} ({format:?}): size {s1} -> {s8}"
            );
            assert_linear_time(
                &format!("{unit:?} ({format:?})"),
                || drop(policy::parse(&small, format)),
                || drop(policy::parse(&large, format)),
            );
            cases += 1;
        }
    }
    println!(
        "property policy_readers_take_time_and_space_linear_in_the_input: {cases} cases passed"
    );
}

#[test]
fn many_links_are_found_in_one_pass() {
    // 10 000 links in 90 KB once took 17 s (each link searched the rest of the text again).
    let text = "see http://x.example/ or a@b.example ".repeat(10_000);
    let links = within(Duration::from_secs(10), "linkify", move || {
        policy::linkify(&text)
            .iter()
            .filter(|i| matches!(i, Inline::Link { .. }))
            .count()
    });
    assert_eq!(links, 20_000);
}

#[test]
fn many_headings_with_the_same_text_get_ids_at_once() {
    // 1 000 headings `# a` once took 2 s (each tried `a-2`, `a-3`, ... from the start).
    let text = "## Same\n\n".repeat(20_000);
    let doc = within(Duration::from_secs(20), "heading ids", move || {
        policy::parse(&text, Format::Markdown)
    });
    let ids: Vec<String> = doc.toc().into_iter().map(|(_, id, _)| id).collect();
    assert_eq!(ids.len(), 20_000);
    assert_eq!(ids[..3], ["same", "same-2", "same-3"]);
    assert_eq!(ids.last().map(String::as_str), Some("same-20000"));
}
