//! The plain-text reader: blank lines separate blocks, short title lines become headings and
//! bulleted lines list items.

#[allow(unused_imports)]
use crate::prelude::*;

use super::outline::finish;
use super::{Block, DECLARATION_MARKER, Document, Inline, linkify, repair};

const BULLETS: &[char] = &['•', '·', '-', '*', '–', '‣', '◦'];

/// Parses plain text: blank lines separate blocks; a lone short line without closing
/// punctuation is a heading; lines that start with a bullet are list items.
#[must_use]
pub fn parse_text(text: &str) -> Document {
    let text = repair(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let mut blocks = Vec::new();
    for group in text.split("\n\n") {
        let lines: Vec<&str> = group
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        if lines.iter().all(|l| l.trim() == DECLARATION_MARKER) {
            blocks.push(Block::CookieDeclaration);
        } else if lines.iter().all(|l| bullet_item(l).is_some()) {
            let items = lines
                .iter()
                .filter_map(|l| bullet_item(l))
                .map(|item| vec![Block::Paragraph(linkify(item))])
                .collect();
            blocks.push(Block::List {
                ordered: false,
                start: 1,
                items,
            });
        } else if lines.len() == 1 && looks_like_title(lines[0]) {
            blocks.push(Block::Heading {
                level: 2,
                id: String::new(),
                content: vec![Inline::Text(lines[0].to_owned())],
            });
        } else {
            blocks.push(Block::Paragraph(linkify(&lines.join(" "))));
        }
    }
    finish(Document {
        blocks,
        ..Document::default()
    })
}

/// The text of a bullet line without its bullet(s): `• - item` -> `item`.
fn bullet_item(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    let first = rest.chars().next()?;
    if !BULLETS.contains(&first) {
        return None;
    }
    // A bullet must be followed by a space (so "-5 °C" or "*note*" are not items).
    while let Some(c) = rest.chars().next() {
        if !BULLETS.contains(&c) {
            break;
        }
        let after = &rest[c.len_utf8()..];
        if !after.starts_with([' ', '\t']) {
            return if rest.len() == line.trim_start().len() {
                None
            } else {
                Some(rest)
            };
        }
        rest = after.trim_start();
    }
    (!rest.is_empty()).then_some(rest)
}

fn looks_like_title(line: &str) -> bool {
    let count = line.chars().count();
    (2..=80).contains(&count)
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        && !line.ends_with(['.', ',', ';', ':', '!', '?'])
        && !line.contains("://")
        && !line.contains('@')
}
