//! Finishing a parsed document: its title, a unique anchor id for every heading, the table of
//! contents, and the place of the cookie declaration.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::collections::{BTreeMap, BTreeSet};

use super::{Block, Document, text_of};

impl Document {
    /// The table of contents: level 2 and 3 headings as `(level, id, text)`.
    #[must_use]
    pub fn toc(&self) -> Vec<(u8, String, String)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, id, content } if (2..=3).contains(level) => {
                    Some((*level, id.clone(), text_of(content)))
                }
                _ => None,
            })
            .collect()
    }
}

/// An anchor id: lowercase words joined by `-` (`7. Contact Us` -> `7-contact-us`).
#[must_use]
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".into()
    } else {
        trimmed.to_owned()
    }
}

/// Gives headings unique ids, takes the title, places the cookie declaration.
pub(super) fn finish(mut doc: Document) -> Document {
    if doc.title.is_none()
        && let Some(Block::Heading {
            level: 1, content, ..
        }) = doc.blocks.first()
    {
        doc.title = Some(text_of(content));
    }
    if let (
        Some(title),
        Some(Block::Heading {
            level: 1, content, ..
        }),
    ) = (&doc.title, doc.blocks.first())
        && text_of(content).trim() == title.trim()
    {
        doc.blocks.remove(0);
    }
    assign_ids(&mut doc.blocks, &mut Ids::default());
    if !contains_declaration(&doc.blocks) {
        doc.blocks.push(Block::CookieDeclaration);
    }
    doc
}

/// The heading ids given so far, and for each slug the next number to try after it. (Trying
/// `-2`, `-3`, ... from the start for every heading, in a list, took time cubic in the number
/// of headings with the same text: 1 000 took 2 s.)
#[derive(Default)]
struct Ids {
    seen: BTreeSet<String>,
    next: BTreeMap<String, usize>,
}

fn assign_ids(blocks: &mut [Block], ids: &mut Ids) {
    for block in blocks {
        match block {
            Block::Heading { id, content, .. } => {
                let base = slug(&text_of(content));
                let mut candidate = base.clone();
                let n = ids.next.entry(base.clone()).or_insert(2);
                while ids.seen.contains(&candidate) || candidate == "cookie-declaration" {
                    candidate = format!("{base}-{n}");
                    *n += 1;
                }
                ids.seen.insert(candidate.clone());
                *id = candidate;
            }
            Block::Quote(inner) => assign_ids(inner, ids),
            Block::List { items, .. } => {
                for item in items {
                    assign_ids(item, ids);
                }
            }
            _ => {}
        }
    }
}

fn contains_declaration(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::CookieDeclaration => true,
        Block::Quote(inner) => contains_declaration(inner),
        Block::List { items, .. } => items.iter().any(|i| contains_declaration(i)),
        _ => false,
    })
}
