//! Front matter: `title`, `date` and `description` read from the TOML (`+++`) or YAML (`---`)
//! block a Markdown policy may start with.

#[allow(unused_imports)]
use crate::prelude::*;

use super::Document;

/// Reads `title`, `date` and `description` from TOML (`key = 'value'`) or YAML
/// (`key: value`) front matter; every other key is ignored.
pub(super) fn front_matter(text: &str, doc: &mut Document) {
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
