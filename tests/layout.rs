//! The layout holds: no source file over 600 lines, no function of the core over 120. A file or
//! a function that grows past them is split by concern (docs/builds.md shows where things go).
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_CORE_FN_LINES: usize = 120;

/// The folders whose sources are held to the limits, and the extensions that are source.
const SOURCES: &[&str] = &[
    "src",
    "cli/src",
    "cli/tests",
    "tests",
    "embed",
    "bench",
    "scripts",
    "www",
    "ui",
    "policy",
    "builder",
];
const EXTENSIONS: &[&str] = &["rs", "js", "mjs", "ts", "css", "sh"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        // (Generated files are checked against what they are made from, not read by people.)
        if name == "node_modules"
            || name == "target"
            || name == "golden"
            || name.to_string_lossy().contains(".generated.")
        {
            continue;
        }
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
            || (dir.ends_with("scripts") && path.extension().is_none())
        {
            out.push(path);
        }
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    let mut all = Vec::new();
    for dir in SOURCES {
        files(&root().join(dir), &mut all);
    }
    assert!(all.len() > 100, "found only {} source files", all.len());
    let long: Vec<String> = all
        .iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).ok()?.lines().count();
            (lines > MAX_FILE_LINES).then(|| {
                format!(
                    "{} ({lines} lines)",
                    path.strip_prefix(root()).unwrap_or(path).display()
                )
            })
        })
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_FILE_LINES} lines, split them by concern: {long:?}"
    );
}

/// Every function of `text` with its first line and length, from its `fn` line to the closing
/// brace at the same indentation (rustfmt's layout).
fn functions(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = trimmed
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("const ")
            .trim_start_matches("unsafe ");
        if !signature.starts_with("fn ") || line.ends_with(';') || line.trim_end().ends_with('}') {
            continue;
        }
        let close = [indent, "}"].concat();
        if let Some(end) = lines[i + 1..].iter().position(|l| *l == close) {
            out.push((i + 1, end + 2));
        }
    }
    out
}

#[test]
fn no_function_of_the_core_is_over_120_lines() {
    let mut all = Vec::new();
    files(&root().join("src/core"), &mut all);
    let mut long = Vec::new();
    for path in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for (line, length) in functions(&text) {
            if length > MAX_CORE_FN_LINES {
                long.push(format!(
                    "{}:{line} ({length} lines)",
                    path.strip_prefix(root()).unwrap_or(path).display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_CORE_FN_LINES} lines, one small function per job: {long:?}"
    );
}

#[test]
fn the_function_counter_counts() {
    let text = "fn a() {\n    x();\n}\n\n    pub fn b(\n        y: u8,\n    ) -> u8 {\n        y\n    }\nfn c();\n";
    assert_eq!(functions(text), vec![(1, 3), (5, 5)]);
}
