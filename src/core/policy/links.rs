//! Links in a policy: the web and e-mail addresses in its text made links, and which link
//! targets are safe to keep.

#[allow(unused_imports)]
use crate::prelude::*;

use super::Inline;
#[cfg(feature = "markdown")]
use super::MAX_DEPTH;

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
pub(super) fn linkify_inlines(inlines: Vec<Inline>, depth: usize) -> Vec<Inline> {
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

/// Whether a link target is safe to render: http(s), `mailto:`, relative or a fragment.
///
/// # Errors
/// A message naming the refused scheme.
pub fn check_link(url: &str) -> Result<(), String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    let scheme_end = trimmed.find(':');
    let before_path = trimmed.find(['/', '?', '#']).unwrap_or(trimmed.len());
    match scheme_end {
        Some(i) if i < before_path => {
            let scheme = trimmed[..i].to_ascii_lowercase();
            if matches!(scheme.as_str(), "http" | "https" | "mailto") {
                Ok(())
            } else {
                Err(format!(
                    "{url:?} uses the scheme `{scheme}:`, which is not allowed (use http(s), mailto or a relative URL)"
                ))
            }
        }
        _ if trimmed.chars().any(char::is_control) => {
            Err(format!("{url:?} contains control characters"))
        }
        _ => Ok(()),
    }
}
