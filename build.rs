//! Generates the interface texts' keys and the built-in English from `i18n/en.json`, and the
//! list of built-in languages from the files in `i18n/`, so the texts live in one file per
//! language (for translators) and nowhere in Rust code.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("i18n");
    println!("cargo:rerun-if-changed=i18n");
    let english = read(&dir.join("en.json"));
    let keys: Vec<(&String, &str)> = english
        .iter()
        .filter(|(k, _)| !k.starts_with('$'))
        .map(|(k, v)| {
            (
                k,
                v.as_str()
                    .unwrap_or_else(|| panic!("i18n/en.json: `{k}` is not a string")),
            )
        })
        .collect();

    let mut languages: Vec<(String, bool, String)> = std::fs::read_dir(dir)
        .expect("i18n/ is readable")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let tag = path
                .file_name()?
                .to_str()?
                .strip_suffix(".json")?
                .to_owned();
            let file = read(&path);
            let rtl = file.get("$dir").and_then(|d| d.as_str()) == Some("rtl");
            let reopen = file
                .get("reopenButton")
                .and_then(|d| d.as_str())
                .unwrap_or_default()
                .to_owned();
            Some((tag, rtl, reopen))
        })
        .collect();
    languages.sort();

    let mut out = String::new();
    out.push_str("/// One interface text, named by its key in `i18n/en.json` (and under `texts` in the config).\n");
    out.push_str(
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]\npub enum Text {\n",
    );
    for (key, english) in &keys {
        let _ = writeln!(out, "    /// {english:?}\n    {},", variant(key));
    }
    out.push_str("}\n\nimpl Text {\n    /// Every text, in the order of `i18n/en.json`.\n    pub const ALL: &'static [Text] = &[\n");
    for (key, _) in &keys {
        let _ = writeln!(out, "        Text::{},", variant(key));
    }
    out.push_str("    ];\n\n    /// The key in the language files and under `texts` in the config.\n    #[must_use]\n    pub fn key(self) -> &'static str {\n        KEYS[self as usize]\n    }\n}\n\n");
    out.push_str("const KEYS: &[&str] = &[\n");
    for (key, _) in &keys {
        let _ = writeln!(out, "    {key:?},");
    }
    out.push_str("];\n\n/// The built-in English texts, in the order of [`Text::ALL`].\nconst ENGLISH: &[&str] = &[\n");
    for (_, english) in &keys {
        let _ = writeln!(out, "    {english:?},");
    }
    out.push_str("];\n\n/// The built-in languages (`i18n/<tag>.json`) and whether each is written right to left.\npub const LANGUAGES: &[(&str, bool)] = &[\n");
    for (tag, rtl, _) in &languages {
        let _ = writeln!(out, "    ({tag:?}, {rtl}),");
    }
    out.push_str("];\n\n/// Each built-in language's `reopenButton` text, for the plan (the bootstrap draws the\n/// reopen control in the page's language without its file), in the order of [`LANGUAGES`].\npub const REOPEN_LABELS: &[&str] = &[\n");
    for (_, _, reopen) in &languages {
        let _ = writeln!(out, "    {reopen:?},");
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("texts.rs"), out).expect("OUT_DIR is writable");
    std::fs::write(Path::new(&out_dir).join("srgb.rs"), srgb_table()).expect("OUT_DIR is writable");
}

fn read(path: &Path) -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(_) => panic!("{}: not a JSON object", path.display()),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// `bannerTitle` -> `BannerTitle`.
fn variant(key: &str) -> String {
    let mut chars = key.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// WCAG's sRGB channel -> linear light, for every 8-bit value, so the core needs no `powf`.
fn srgb_table() -> String {
    let mut out = String::from(
        "/// sRGB channel value (0-255) -> linear light (WCAG 2.2 relative luminance).\nconst SRGB_TO_LINEAR: [f64; 256] = [\n",
    );
    for v in 0..=255u32 {
        let c = f64::from(v) / 255.0;
        let linear = if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        };
        let _ = writeln!(out, "    {linear:?},");
    }
    out.push_str("];\n");
    out
}
