//! The Markdown reader: CommonMark and tables through pulldown-cmark, read into the document
//! model with every container's depth bounded by [`MAX_DEPTH`].

#[allow(unused_imports)]
use crate::prelude::*;

use core::iter::Peekable;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::front_matter::front_matter;
use super::links::{linkify_inlines, safe_link};
use super::outline::finish;
use super::{Block, DECLARATION_MARKER, Document, Inline, MAX_DEPTH, repair, text_of};

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
        Event::Start(Tag::Superscript) => out.extend(inlines(events, TagEnd::Superscript, inner)),
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
