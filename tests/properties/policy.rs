//! The policy readers (Markdown and plain text): the checks every document must pass (nesting
//! bounded, output linear in the input), the helpers that measure a document, and mutations of
//! the policy fixtures.

use std::fmt::Debug;
use std::path::PathBuf;

use crate::generators::*;
use crate::runner::*;
use consent_gate::core::policy::{self, Block, Document, Format, Inline};
use proptest::prelude::*;
use proptest::sample::Index;

pub(crate) fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("fixture")
}

pub(crate) fn fixtures() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/fixtures")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") || n.ends_with(".txt"))
        .collect();
    names.sort();
    names.iter().map(|n| fixture(n)).collect()
}

/// How deeply containers nest: a quote or a list (through its items) adds a level, and so do
/// emphasis and links inside text.
pub(crate) fn depth(blocks: &[Block]) -> usize {
    fn inline_depth(inlines: &[Inline]) -> usize {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                    1 + inline_depth(c)
                }
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    blocks
        .iter()
        .map(|b| match b {
            Block::Quote(inner) => 1 + depth(inner),
            Block::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
            Block::Heading { content, .. } | Block::Paragraph(content) => inline_depth(content),
            Block::Table { head, rows } => head
                .iter()
                .chain(rows.iter().flatten())
                .map(|c| inline_depth(c))
                .max()
                .unwrap_or(0),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// Every text of a document, in order, separated by newlines (link targets and ids aside).
pub(crate) fn all_text(doc: &Document) -> String {
    fn blocks(out: &mut String, blocks_: &[Block]) {
        for b in blocks_ {
            match b {
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    out.push_str(&policy::text_of(content))
                }
                Block::List { items, .. } => items.iter().for_each(|i| blocks(out, i)),
                Block::Quote(inner) => blocks(out, inner),
                Block::Code(t) => out.push_str(t),
                Block::Table { head, rows } => {
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        out.push_str(&policy::text_of(cell));
                        out.push('\n');
                    }
                }
                Block::Rule | Block::CookieDeclaration => {}
            }
            out.push('\n');
        }
    }
    let mut out = String::new();
    for part in [&doc.title, &doc.date, &doc.description]
        .into_iter()
        .flatten()
    {
        out.push_str(part);
        out.push('\n');
    }
    blocks(&mut out, &doc.blocks);
    out
}

/// The size of what the reader built: its nodes and its text (empty table cells aside:
/// pulldown-cmark pads short rows, up to a bound of its own).
pub(crate) fn size(doc: &Document) -> usize {
    fn inlines(c: &[Inline]) -> usize {
        c.iter()
            .map(|i| match i {
                Inline::Text(t) | Inline::Code(t) => 1 + t.len(),
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                    1 + inlines(c)
                }
                Inline::Break => 1,
            })
            .sum()
    }
    fn blocks(b: &[Block]) -> usize {
        b.iter()
            .map(|b| {
                1 + match b {
                    Block::Heading { content, .. } | Block::Paragraph(content) => inlines(content),
                    Block::List { items, .. } => items.iter().map(|i| 1 + blocks(i)).sum(),
                    Block::Quote(inner) => blocks(inner),
                    Block::Code(t) => t.len(),
                    Block::Table { head, rows } => {
                        head.iter().map(|c| inlines(c)).sum::<usize>()
                            + rows
                                .iter()
                                .map(|r| 1 + r.iter().map(|c| inlines(c)).sum::<usize>())
                                .sum::<usize>()
                    }
                    Block::Rule | Block::CookieDeclaration => 0,
                }
            })
            .sum()
    }
    [&doc.title, &doc.date, &doc.description]
        .into_iter()
        .flatten()
        .map(String::len)
        .sum::<usize>()
        + blocks(&doc.blocks)
}

/// What must hold for any document, in either format: nesting within the bound, output no
/// larger than a constant times the input. (No panic: the runner catches one.)
pub(crate) fn check_policy(text: &str, format: Format) -> Result<Document, TestCaseError> {
    let doc = policy::parse(text, format);
    prop_assert!(
        depth(&doc.blocks) <= policy::MAX_DEPTH,
        "nested {} deep",
        depth(&doc.blocks)
    );
    // A link's target and an e-mail's `mailto:` double it; a bullet or a `>` makes a node.
    prop_assert!(
        size(&doc) <= 8 * text.len() + 64,
        "{} bytes read into a tree of size {}",
        text.len(),
        size(&doc)
    );
    Ok(doc)
}

/// A line of plain words (after any front matter): it must come out as text somewhere.
pub(crate) fn has_plain_line(text: &str) -> bool {
    let mut lines = text.lines();
    let first = text.lines().next().unwrap_or_default().trim_end();
    if first == "+++" || first == "---" {
        lines.next();
        if !lines.by_ref().any(|l| l.trim_end() == first) {
            return false;
        }
    }
    lines.any(|l| {
        let l = l.trim();
        l.len() >= 3
            && l.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ')
            && l.bytes().any(|b| b != b' ')
    })
}

/// One change to a policy document.
#[derive(Clone, Debug)]
pub(crate) enum Edit {
    Delete(Index, usize),
    Repeat(Index, usize, usize),
    Insert(Index, String),
    /// Insert `unit` `times` times at a line start (`>`, `- `, indentation): deep nesting.
    Nest(Index, String, usize),
}

#[rustfmt::skip]
pub(crate) const MARKUP: &[&str] = &[
    "> ", "- ", "* ", "+ ", "1. ", "1) ", "   ", "    ", "\t", "#", "## ", "###### ", "*", "**",
    "_", "__", "~~", "`", "```", "~~~", "[", "]", "](", "(", ")", "![", "<", ">", "<div>",
    "</div>", "<!--", "-->", "|", "|---|", "| a | b |\n|---|---|\n", "---", "+++", "===", "\n",
    "\n\n", "\r\n", "\r", "\\", "&amp;", "&#0;", "{{cookie-declaration}}", "https://",
    "http://x.example/a", "@", "a@b.co", "â€™", "â€", "•", "· ", "– ", "[x]: /y", "[x]",
    "<http://a.b>", "$", "^", "title = 'x'",
];

/// Units whose repetition nests: quotes, list levels, emphasis, links, images.
pub(crate) const NESTING: &[&str] = &[
    "> ", ">", "- ", "* ", "1. ", "  - ", "> - ", "- > ", "*", "_", "**", "[", "![", "~~",
];

pub(crate) fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop_oneof![
        4 => prop::sample::select(MARKUP).prop_map(str::to_owned),
        1 => odd_string(),
        1 => prop::collection::vec(prop::sample::select(MARKUP), 1..8).prop_map(|v| v.concat()),
    ];
    prop_oneof![
        2 => (any::<Index>(), 1usize..200).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => (any::<Index>(), 1usize..80, 1usize..50).prop_map(|(i, n, t)| Edit::Repeat(i, n, t)),
        4 => (any::<Index>(), snippet).prop_map(|(i, s)| Edit::Insert(i, s)),
        2 => (
            any::<Index>(),
            prop::sample::select(NESTING),
            prop_oneof![1usize..80, 80usize..3000],
        )
            .prop_map(|(i, u, t)| Edit::Nest(i, u.to_owned(), t)),
    ]
}

pub(crate) fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_owned();
    for e in edits {
        let at = |i: &Index, text: &str| floor(text, pick(i, text.len() + 1));
        text = match e {
            Edit::Delete(i, len) => {
                let at = at(i, &text);
                let end = floor(&text, at + len);
                format!("{}{}", &text[..at], &text[end..])
            }
            Edit::Repeat(i, len, times) => {
                let at = at(i, &text);
                let end = floor(&text, at + len);
                format!(
                    "{}{}{}",
                    &text[..at],
                    text[at..end].repeat(*times),
                    &text[end..]
                )
            }
            Edit::Insert(i, s) => {
                let at = at(i, &text);
                format!("{}{s}{}", &text[..at], &text[at..])
            }
            Edit::Nest(i, unit, times) => {
                let at = at(i, &text);
                let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
                format!(
                    "{}{}deep {}",
                    &text[..line_start],
                    unit.repeat(*times),
                    &text[line_start..]
                )
            }
        };
    }
    text
}

#[test]
fn policy_mutations_of_the_fixtures() {
    let docs = fixtures();
    let count = docs.len();
    check(
        "policy_mutations_of_the_fixtures",
        192,
        (0..count, prop::collection::vec(edit(), 1..5)),
        move |(which, edits)| {
            let text = apply_edits(&docs[which], &edits);
            for format in [Format::Markdown, Format::Text] {
                let doc = check_policy(&text, format)?;
                if has_plain_line(&text) {
                    prop_assert!(
                        !all_text(&doc).trim().is_empty(),
                        "all text lost ({format:?})"
                    );
                }
            }
            Ok(())
        },
    );
}
