//! The README's "Config reference" table names exactly the schema's keys, and its list of
//! text keys is the schema's.

use std::collections::BTreeSet;

use crate::keys::{Key, keys};
use crate::support::*;

/// One row of the README's "Config reference" table.
pub(crate) struct Row {
    /// The key path as written (`...services.<id>.title`).
    written: String,
    /// Its segments, `<...>` as `*`, without a trailing `[]`.
    path: Vec<String>,
    types: String,
    meaning: String,
}

pub(crate) fn readme() -> String {
    read(&root().join("README.md"))
}

pub(crate) fn config_reference(readme: &str) -> Vec<Row> {
    let start = readme
        .find("\n## Config reference")
        .expect("README.md has a \"Config reference\" section");
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let rows: Vec<Row> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line
                .trim()
                .trim_start_matches('|')
                .trim_end_matches('|')
                .split(" | ")
                .map(str::trim)
                .collect();
            assert_eq!(cells.len(), 3, "README.md: a row of three cells: {line}");
            let written = cells[0].trim_matches('`').to_owned();
            let full = match written.strip_prefix("...") {
                Some(rest) => format!("categories.<id>.{rest}"),
                None => written.clone(),
            };
            let mut path: Vec<String> = Vec::new();
            let mut rest = full.as_str();
            while !rest.is_empty() {
                // A placeholder may hold anything but `>` (`<ISO 3166-2>`).
                let (segment, after) = if rest.starts_with('<') {
                    let end = rest.find('>').expect("a closed placeholder") + 1;
                    let end = end + rest[end..].find('.').unwrap_or(rest.len() - end);
                    (&rest[..end], &rest[end..])
                } else {
                    rest.split_at(rest.find('.').unwrap_or(rest.len()))
                };
                let segment = if segment.starts_with('<') {
                    format!("*{}", &segment[segment.find('>').unwrap() + 1..])
                } else {
                    segment.to_owned()
                };
                path.push(segment);
                rest = after.strip_prefix('.').unwrap_or(after);
            }
            if let Some(last) = path.last_mut()
                && let Some(bare) = last.strip_suffix("[]")
            {
                *last = bare.to_owned();
            }
            Row {
                written,
                path,
                types: cells[1].to_owned(),
                meaning: cells[2].to_owned(),
            }
        })
        .collect();
    assert!(rows.len() > 20, "README.md: the config table was not found");
    rows
}

/// Whether a README path covers a schema path: same length, each segment equal or a README
/// placeholder (`*`); a key the site names (`*` in the schema) needs a placeholder.
pub(crate) fn covers(row: &[String], key: &[String]) -> bool {
    let brackets = |s: &str| s.find('[').map_or("", |i| &s[i..]).to_owned();
    row.len() == key.len()
        && row
            .iter()
            .zip(key)
            .all(|(r, k)| r == k || (r.starts_with('*') && brackets(r) == brackets(k)))
}

/// The `names` quoted in backticks in a text.
pub(crate) fn quoted(text: &str) -> BTreeSet<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn the_readme_config_table_names_exactly_the_schemas_keys() {
    let s = schema();
    let keys = keys(&s);
    let readme = readme();
    let rows = config_reference(&readme);
    let text_keys_paragraph = readme
        .split("\n\n")
        .find(|p| p.starts_with("Text keys"))
        .expect("README.md lists the text keys");
    let mut problems = Vec::new();
    for row in &rows {
        let matched: Vec<&Key> = keys.iter().filter(|k| covers(&row.path, &k.path)).collect();
        if matched.is_empty() {
            problems.push(format!(
                "README.md documents `{}`, which config.schema.json does not have",
                row.written
            ));
        }
        // Keys a placeholder stands for are named in the row (or, for texts, in the list of
        // text keys below the table).
        for k in &matched {
            for (r, segment) in row.path.iter().zip(&k.path) {
                if r.starts_with('*') && segment != "*" {
                    let doc = if row.meaning.contains("keys below") {
                        text_keys_paragraph
                    } else {
                        row.meaning.as_str()
                    };
                    if !quoted(doc).contains(segment.as_str()) {
                        problems.push(format!(
                            "README.md: `{}` does not name `{segment}`",
                            row.written
                        ));
                    }
                }
            }
        }
    }
    for k in keys.iter().filter(|k| k.leaf) {
        let rows_for: Vec<&Row> = rows.iter().filter(|r| covers(&r.path, &k.path)).collect();
        if rows_for.is_empty() {
            problems.push(format!(
                "config.schema.json has `{}`, which the README's config table does not document",
                k.dotted()
            ));
        }
        // A default the schema states is the one the README states.
        if let Some(default) = k.node.get("default") {
            let exact = rows_for.iter().find(|r| {
                r.path
                    .iter()
                    .zip(&k.path)
                    .all(|(r, k)| !r.starts_with('*') || k.starts_with('*'))
            });
            if let Some(row) = exact
                && !row.types.contains(&format!("`{default}`"))
            {
                problems.push(format!(
                    "README.md: `{}` does not give the schema's default `{default}` in its type column ({:?})",
                    row.written, row.types
                ));
            }
        }
    }
    let schema_texts: BTreeSet<&str> = s["properties"]["texts"]["properties"]
        .as_object()
        .expect("texts")
        .keys()
        .map(String::as_str)
        .collect();
    let readme_texts: BTreeSet<&str> = quoted(text_keys_paragraph)
        .into_iter()
        .filter(|q| q.chars().all(|c| c.is_ascii_alphanumeric()))
        .collect();
    for extra in readme_texts.difference(&schema_texts) {
        problems.push(format!(
            "README.md lists the text key `{extra}`, which config.schema.json does not have"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
