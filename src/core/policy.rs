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
//! The lazily loaded policy build parses and draws the tree (`src/policy_entry.rs`), so
//! neither the Markdown parser nor the renderer is on the banner's path.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::collections::{BTreeMap, BTreeSet};

use super::config::check_link;

/// The marker line that places the cookie declaration.
pub const DECLARATION_MARKER: &str = "{{cookie-declaration}}";

/// How deeply containers nest in a [`Document`]: quotes, lists, emphasis and links each add a
/// level. Content nested deeper (a hostile `>>>>...` or a list inside a list 100 000 times) is
/// kept as plain text in the deepest container, so neither the reader nor anything that walks
/// the tree (the renderer, [`text_of`], dropping it) recurses deeper than this.
pub const MAX_DEPTH: usize = 32;

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

// ---- plain text ---------------------------------------------------------------------------

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

// ---- shared clean-up ----------------------------------------------------------------------

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

/// Splits text into plain runs and links for the web and e-mail addresses in it.
#[must_use]
pub fn linkify(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some((before, link, after)) = next_link(rest) {
            plain.push_str(before);
            if !plain.is_empty() {
                out.push(Inline::Text(core::mem::take(&mut plain)));
            }
            out.push(link);
            rest = after;
        } else {
            plain.push_str(rest);
            break;
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// Finds the first URL or e-mail address in `text`, reading only as far as it. (Searching
/// the whole text for each kind once per link took time quadratic in the number of links:
/// 10 000 links, 90 KB, took 17 s.) An address's local part cannot hold the `:` of a scheme,
/// so the first `http` or `@` that starts a link, in text order, is the first link.
fn next_link(text: &str) -> Option<(&str, Inline, &str)> {
    let mut from = 0;
    let (start, len, mailto) = loop {
        let at = from + text[from..].find(['h', '@'])?;
        from = at + 1;
        let rest = &text[at..];
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let len = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '(' | ')'))
                .unwrap_or(rest.len());
            let candidate = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
            break (at, candidate.len(), false);
        }
        if rest.starts_with('@')
            && let Some((start, len)) = email_at(text, at)
        {
            break (start, len, true);
        }
    };
    if len == 0 {
        return None;
    }
    let shown = &text[start..start + len];
    let href = if mailto {
        format!("mailto:{shown}")
    } else {
        shown.to_owned()
    };
    Some((
        &text[..start],
        Inline::Link {
            external: !mailto,
            href,
            content: vec![Inline::Text(shown.to_owned())],
        },
        &text[start + len..],
    ))
}

/// The e-mail address around the `@` at `at`, as (start, length).
fn email_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_local(*c))
        .last()
        .map(|(i, _)| i)?;
    let domain_len = text[at + 1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
        .unwrap_or(text.len() - at - 1);
    let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
    (domain.contains('.') && !text[start..at].starts_with('.'))
        .then_some((start, at + 1 + domain.len() - start))
}

#[cfg(feature = "markdown")]
/// Links found in the text of these inlines (not inside links or code), inside `depth`
/// containers: a link is one more, so at [`MAX_DEPTH`] addresses stay text.
fn linkify_inlines(inlines: Vec<Inline>, depth: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) if depth < MAX_DEPTH => out.extend(linkify(&t)),
            Inline::Strong(c) => out.push(Inline::Strong(linkify_inlines(c, depth + 1))),
            Inline::Emphasis(c) => out.push(Inline::Emphasis(linkify_inlines(c, depth + 1))),
            other => out.push(other),
        }
    }
    out
}

/// A link target, if it is safe to render.
#[must_use]
pub fn safe_link(href: &str) -> Option<(String, bool)> {
    let href = href.trim();
    check_link(href).ok()?;
    let lower = href.to_ascii_lowercase();
    let external =
        lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//");
    Some((href.to_owned(), external))
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
fn finish(mut doc: Document) -> Document {
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

    /// The date part of the front matter's date (`2024-10-15T10:53:18Z` -> `2024-10-15`).
    #[must_use]
    pub fn updated(&self) -> Option<&str> {
        let date = self.date.as_deref()?;
        let day = date.get(..10).unwrap_or(date);
        let b = day.as_bytes();
        (b.len() == 10 && b[4] == b'-' && b[7] == b'-').then_some(day)
    }
}

// ---- front matter -------------------------------------------------------------------------

#[cfg(feature = "markdown")]
/// Reads `title`, `date` and `description` from TOML (`key = 'value'`) or YAML
/// (`key: value`) front matter; every other key is ignored.
fn front_matter(text: &str, doc: &mut Document) {
    for line in text.lines() {
        let line = line.trim();
        // TOML writes `key = value`, YAML `key: value`; whichever comes first is the separator.
        let Some(at) = line.find(['=', ':']) else {
            continue;
        };
        let (key, value) = (&line[..at], &line[at + 1..]);
        let key = key.trim();
        let value = unquote(value.trim());
        if value.is_empty() {
            continue;
        }
        match key {
            "title" => doc.title = Some(value),
            "date" | "lastmod" if doc.date.is_none() || key == "lastmod" => doc.date = Some(value),
            "description" => doc.description = Some(value),
            _ => {}
        }
    }
}

/// A front-matter value without its quotes. TOML and YAML double-quoted strings take the
/// usual backslash escapes (`\"`, `\\`, `\n`, `\t`, `\uXXXX`); single-quoted ones are
/// literal (YAML's `''` is one quote).
#[cfg(feature = "markdown")]
fn unquote(value: &str) -> String {
    let v = value.trim();
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        return v[1..v.len() - 1].replace("''", "'");
    }
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        let mut out = String::with_capacity(v.len());
        let mut chars = v[1..v.len() - 1].chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) => out.push(ch),
                        None => out.push('\u{fffd}'),
                    }
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        return out;
    }
    v.to_owned()
}

// ---- Markdown -----------------------------------------------------------------------------

#[cfg(feature = "markdown")]
mod markdown {
    use core::iter::Peekable;

    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    use super::{
        Block, DECLARATION_MARKER, Document, Inline, MAX_DEPTH, finish, front_matter,
        linkify_inlines, repair, safe_link, text_of,
    };

    pub fn parse(text: &str) -> Document {
        let text = normalise(&repair(&text.replace("\r\n", "\n")));
        let mut options = Options::empty();
        options.insert(Options::ENABLE_TABLES);
        options.insert(Options::ENABLE_STRIKETHROUGH);
        options.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);
        options.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
        let mut doc = Document::default();
        let mut events = Parser::new_ext(&text, options).peekable();
        doc.blocks = blocks(&mut events, &mut doc, None, 0);
        finish(doc)
    }

    /// Mends two common slips around lists, so the document reads as its author meant:
    /// `-Item` among list items is an item (`- Item`), and an unindented sentence right after
    /// a list item starts a new paragraph rather than continuing the item.
    fn normalise(text: &str) -> String {
        let lines: Vec<&str> = text.lines().collect();
        let is_bullet = |l: &str| {
            let t = l.trim_start();
            (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ")) && t.len() > 2
        };
        let is_item = |l: &str| {
            let t = l.trim_start();
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            is_bullet(l)
                || (digits > 0
                    && t[digits..].starts_with(['.', ')'])
                    && t[digits + 1..].starts_with([' ', '\t']))
        };
        let mut out = String::with_capacity(text.len() + 16);
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            let after_item = i > 0 && is_item(lines[i - 1]);
            if after_item
                && t.len() == line.len()
                && !is_item(line)
                && t.chars().next().is_some_and(char::is_uppercase)
            {
                out.push('\n');
            }
            let slipped = t.starts_with('-')
                && t.chars()
                    .nth(1)
                    .is_some_and(|c| !c.is_whitespace() && c != '-')
                && (lines.get(i + 1).is_some_and(|n| is_bullet(n))
                    || (i > 0 && is_bullet(lines[i - 1])));
            if slipped {
                out.push_str(&line[..line.len() - t.len()]);
                out.push_str("- ");
                out.push_str(&t[1..]);
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    }

    /// The blocks up to `until`, inside `depth` containers: a quote or list starts one more
    /// only below [`MAX_DEPTH`], and is flattened at it.
    fn blocks<'a, I: Iterator<Item = Event<'a>>>(
        events: &mut Peekable<I>,
        doc: &mut Document,
        until: Option<TagEnd>,
        depth: usize,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        let flush = |loose: &mut Vec<Inline>, out: &mut Vec<Block>| {
            if !loose.is_empty() {
                out.push(paragraph(core::mem::take(loose), depth));
            }
        };
        while let Some(event) = events.next() {
            match event {
                Event::End(end) if Some(end) == until => break,
                Event::Start(Tag::Paragraph) => {
                    flush(&mut loose, &mut out);
                    let content = inlines(events, TagEnd::Paragraph, depth);
                    out.push(paragraph(content, depth));
                }
                Event::Start(Tag::List(_) | Tag::BlockQuote(_)) if depth >= MAX_DEPTH => {
                    flush(&mut loose, &mut out);
                    flatten(events, &mut loose, |loose| flush(loose, &mut out));
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    flush(&mut loose, &mut out);
                    let end = TagEnd::Heading(level);
                    out.push(Block::Heading {
                        level: level as u8,
                        id: String::new(),
                        content: inlines(events, end, depth),
                    });
                }
                Event::Start(Tag::List(start)) => {
                    flush(&mut loose, &mut out);
                    let ordered = start.is_some();
                    let mut items = Vec::new();
                    while let Some(e) = events.next() {
                        match e {
                            Event::Start(Tag::Item) => {
                                items.push(blocks(events, doc, Some(TagEnd::Item), depth + 1));
                            }
                            Event::End(TagEnd::List(_)) => break,
                            _ => {}
                        }
                    }
                    out.push(Block::List {
                        ordered,
                        start: start.unwrap_or(1),
                        items,
                    });
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    flush(&mut loose, &mut out);
                    out.push(Block::Quote(blocks(
                        events,
                        doc,
                        Some(TagEnd::BlockQuote(None)),
                        depth + 1,
                    )));
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    flush(&mut loose, &mut out);
                    out.push(Block::Code(collect_text(events, |e| {
                        matches!(e, TagEnd::CodeBlock)
                    })));
                }
                Event::Start(Tag::HtmlBlock) => {
                    flush(&mut loose, &mut out);
                    let raw = collect_text(events, |e| matches!(e, TagEnd::HtmlBlock));
                    out.push(Block::Paragraph(vec![Inline::Text(
                        raw.trim_end().to_owned(),
                    )]));
                }
                Event::Start(Tag::MetadataBlock(_)) => {
                    let raw = collect_text(events, |e| matches!(e, TagEnd::MetadataBlock(_)));
                    front_matter(&raw, doc);
                }
                Event::Start(Tag::Table(_)) => {
                    flush(&mut loose, &mut out);
                    out.push(table(events, depth));
                }
                Event::Rule => {
                    flush(&mut loose, &mut out);
                    out.push(Block::Rule);
                }
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    flush(&mut loose, &mut out);
                    out.extend(blocks(events, doc, Some(TagEnd::FootnoteDefinition), depth));
                }
                // Inline content straight inside a list item (a tight list).
                other => inline_event(other, events, &mut loose, depth),
            }
        }
        flush(&mut loose, &mut out);
        out
    }

    /// Reads the rest of a container too deep to keep (its start just read) without building
    /// nodes or recursing: its text goes into `loose`, and `at_block` runs at each block
    /// boundary inside it (to end a paragraph there).
    fn flatten<'a, I: Iterator<Item = Event<'a>>>(
        events: &mut Peekable<I>,
        loose: &mut Vec<Inline>,
        mut at_block: impl FnMut(&mut Vec<Inline>),
    ) {
        let mut open = 1usize;
        while let Some(event) = events.next() {
            match event {
                Event::Start(tag) => {
                    open += 1;
                    if !is_inline(&tag.to_end()) {
                        at_block(loose);
                    }
                }
                Event::End(end) => {
                    open -= 1;
                    if !is_inline(&end) {
                        at_block(loose);
                    }
                    if open == 0 {
                        break;
                    }
                }
                Event::Rule => at_block(loose),
                leaf => inline_event(leaf, events, loose, MAX_DEPTH),
            }
        }
    }

    fn is_inline(end: &TagEnd) -> bool {
        matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        )
    }

    /// A paragraph (inside `depth` containers), or the declaration marker.
    fn paragraph(content: Vec<Inline>, depth: usize) -> Block {
        if text_of(&content).trim() == DECLARATION_MARKER {
            Block::CookieDeclaration
        } else {
            Block::Paragraph(linkify_inlines(content, depth))
        }
    }

    /// The inlines up to `until`, inside `depth` containers.
    fn inlines<'a, I: Iterator<Item = Event<'a>>>(
        events: &mut Peekable<I>,
        until: TagEnd,
        depth: usize,
    ) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some(event) = events.next() {
            match event {
                Event::End(end) if end == until => break,
                other => inline_event(other, events, &mut out, depth),
            }
        }
        merge_text(out)
    }

    /// One inline event, inside `depth` containers. Every tag read into (even those that leave
    /// no node: images, strikethrough) costs a level, and at [`MAX_DEPTH`] one is flattened.
    fn inline_event<'a, I: Iterator<Item = Event<'a>>>(
        event: Event<'a>,
        events: &mut Peekable<I>,
        out: &mut Vec<Inline>,
        depth: usize,
    ) {
        let inner = depth + 1;
        match event {
            Event::Start(_) if depth >= MAX_DEPTH => flatten(events, out, |_| {}),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push(Inline::Text(t.to_string()))
            }
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push(Inline::Code(t.to_string()))
            }
            Event::SoftBreak => out.push(Inline::Text(" ".into())),
            Event::HardBreak => out.push(Inline::Break),
            Event::FootnoteReference(label) => out.push(Inline::Text(format!("[{label}]"))),
            Event::TaskListMarker(done) => {
                out.push(Inline::Text(if done { "[x] " } else { "[ ] " }.into()))
            }
            Event::Start(Tag::Emphasis) => {
                out.push(Inline::Emphasis(inlines(events, TagEnd::Emphasis, inner)))
            }
            Event::Start(Tag::Strong) => {
                out.push(Inline::Strong(inlines(events, TagEnd::Strong, inner)))
            }
            Event::Start(Tag::Strikethrough) => {
                out.extend(inlines(events, TagEnd::Strikethrough, inner))
            }
            Event::Start(Tag::Superscript) => {
                out.extend(inlines(events, TagEnd::Superscript, inner))
            }
            Event::Start(Tag::Subscript) => out.extend(inlines(events, TagEnd::Subscript, inner)),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let content = inlines(events, TagEnd::Link, inner);
                match safe_link(&dest_url) {
                    Some((href, external)) => out.push(Inline::Link {
                        href,
                        external,
                        content,
                    }),
                    None => out.extend(content),
                }
            }
            // Images are never loaded: their description stands in for them.
            Event::Start(Tag::Image { .. }) => out.extend(inlines(events, TagEnd::Image, inner)),
            _ => {}
        }
    }

    fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        for i in inlines {
            match (out.last_mut(), i) {
                (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
                (_, other) => out.push(other),
            }
        }
        out
    }

    fn collect_text<'a, I: Iterator<Item = Event<'a>>>(
        events: &mut Peekable<I>,
        is_end: impl Fn(&TagEnd) -> bool,
    ) -> String {
        let mut s = String::new();
        for e in events.by_ref() {
            match e {
                Event::End(ref end) if is_end(end) => break,
                Event::Text(t) | Event::Html(t) | Event::Code(t) => s.push_str(&t),
                _ => {}
            }
        }
        s
    }

    fn table<'a, I: Iterator<Item = Event<'a>>>(events: &mut Peekable<I>, depth: usize) -> Block {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        let mut row: Vec<Vec<Inline>> = Vec::new();
        while let Some(e) = events.next() {
            match e {
                Event::Start(Tag::TableCell) => row.push(linkify_inlines(
                    inlines(events, TagEnd::TableCell, depth),
                    depth,
                )),
                Event::End(TagEnd::TableHead) => head = core::mem::take(&mut row),
                Event::End(TagEnd::TableRow) => rows.push(core::mem::take(&mut row)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table { head, rows }
    }
}
