//! Privacy-policy documents as sites have them -> a safe node tree.
//!
//! Markdown (CommonMark and tables, through pulldown-cmark, feature `markdown`) with optional
//! front matter (TOML between `+++` lines as Hugo writes it, or YAML between `---`), or plain
//! text, where the structure a person sees is recognised: short title lines become headings,
//! lines starting with a bullet (`•`, `-`, `*`, `·`) list items. In both, web and e-mail
//! addresses in the text become links.
//!
//! Nothing in a document is ever interpreted as HTML: raw HTML is kept as text, images show
//! only their description, and links survive only with an `http(s):`, `mailto:`, relative or
//! `#` target. A line `{{cookie-declaration}}` marks where the cookie declaration generated
//! from the config goes; without it the declaration is appended.
//!
//! The lazily loaded policy build parses and draws the tree (`src/policy/`), so
//! neither the Markdown parser nor the renderer is on the banner's path.
//!
//! The readers (`markdown`, `text`) build the model of `document`; `links`, `front_matter`
//! and `outline` are the steps they share.

#[allow(unused_imports)]
use crate::prelude::*;

mod document;
#[cfg(feature = "markdown")]
mod front_matter;
mod links;
#[cfg(feature = "markdown")]
mod markdown;
mod outline;
mod text;

pub use document::{Block, Document, Inline, text_of};
pub use links::{check_link, linkify, safe_link};
pub use outline::slug;
pub use text::parse_text;

/// The marker line that places the cookie declaration.
pub const DECLARATION_MARKER: &str = "{{cookie-declaration}}";

/// How deeply containers nest in a [`Document`]: quotes, lists, emphasis and links each add a
/// level. Content nested deeper (a hostile `>>>>...` or a list inside a list 100 000 times) is
/// kept as plain text in the deepest container, so neither the reader nor anything that walks
/// the tree (the renderer, [`text_of`], dropping it) recurses deeper than this.
pub const MAX_DEPTH: usize = 32;

/// How a document is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown, maybe with front matter.
    Markdown,
    /// Plain text.
    Text,
}

impl Format {
    /// Guesses the format from the URL and the response's `Content-Type`.
    #[must_use]
    pub fn detect(url: &str, content_type: Option<&str>, text: &str) -> Format {
        let path = url
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let kind = content_type.unwrap_or_default().to_ascii_lowercase();
        // The file's own name and its front matter say more than a Content-Type: many hosts
        // serve `.md` as text/plain.
        if path.ends_with(".txt") {
            Format::Text
        } else if path.ends_with(".md")
            || path.ends_with(".markdown")
            || kind.starts_with("text/markdown")
            || text.starts_with("+++")
            || text.starts_with("---")
        {
            Format::Markdown
        } else if kind.starts_with("text/plain") {
            Format::Text
        } else if text
            .lines()
            .any(|l| l.starts_with("# ") || l.starts_with("## "))
        {
            Format::Markdown
        } else {
            Format::Text
        }
    }

    /// The name used in the JSON transfer form.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
        }
    }
}

/// Parses a document in `format`.
#[cfg(feature = "markdown")]
#[must_use]
pub fn parse(text: &str, format: Format) -> Document {
    match format {
        Format::Markdown => markdown::parse(text),
        Format::Text => parse_text(text),
    }
}

/// Repairs the most common mojibake (UTF-8 text decoded as Windows-1252 and saved again).
fn repair(text: &str) -> String {
    const FIXES: &[(&str, &str)] = &[
        ("â€™", "’"),
        ("â€˜", "‘"),
        ("â€œ", "“"),
        ("â€\u{9d}", "”"),
        ("â€“", "–"),
        ("â€”", "—"),
        ("â€¦", "…"),
        ("â€¢", "•"),
    ];
    if !text.contains("â€") {
        return text.to_owned();
    }
    FIXES
        .iter()
        .fold(text.to_owned(), |t, (bad, good)| t.replace(bad, good))
}
