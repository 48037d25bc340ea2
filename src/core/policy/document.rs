//! The document model: a [`Document`] of [`Block`]s and [`Inline`]s, as both readers build it
//! and the renderer draws it, and the plain text of inlines.

#[allow(unused_imports)]
use crate::prelude::*;

/// A parsed policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// From front matter, or the first top-level heading.
    pub title: Option<String>,
    /// From front matter (`date`), as written.
    pub date: Option<String>,
    /// From front matter, if not empty.
    pub description: Option<String>,
    /// The content.
    pub blocks: Vec<Block>,
}

/// A block of content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading with its anchor id.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Unique within the document (`cookies-and-tracking-technologies`).
        id: String,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bulleted or numbered list.
    List {
        /// Numbered.
        ordered: bool,
        /// The first number of a numbered list.
        start: u64,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
    },
    /// A quotation.
    Quote(Vec<Block>),
    /// Preformatted text.
    Code(String),
    /// A thematic break.
    Rule,
    /// A table.
    Table {
        /// Header cells.
        head: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// Where the cookie declaration goes.
    CookieDeclaration,
}

/// Text-level content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Strong emphasis.
    Strong(Vec<Inline>),
    /// Emphasis.
    Emphasis(Vec<Inline>),
    /// Code.
    Code(String),
    /// A link with a safe target.
    Link {
        /// `http(s):`, `mailto:`, relative or `#`.
        href: String,
        /// Leaves the site (opens in a new tab with `rel="noopener noreferrer"`).
        external: bool,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A hard line break.
    Break,
}

/// Plain text of inlines (for slugs, titles and the table of contents).
#[must_use]
pub fn text_of(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                s.push_str(&text_of(c));
            }
            Inline::Break => s.push(' '),
        }
    }
    s
}

impl Document {
    /// The date part of the front matter's date (`2024-10-15T10:53:18Z` -> `2024-10-15`).
    #[must_use]
    pub fn updated(&self) -> Option<&str> {
        let date = self.date.as_deref()?;
        let day = date.get(..10).unwrap_or(date);
        let b = day.as_bytes();
        (b.len() == 10 && b[4] == b'-' && b[7] == b'-').then_some(day)
    }
}
