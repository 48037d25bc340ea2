//! What the schema tests share: the schema and its validator, every test config by name, the
//! verdicts of the core and of the schema on a config text, and running `json!` configs
//! through both.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use consent_gate::core::config::Config;
use jsonschema::Validator;
use serde_json::{Value, json};

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn schema() -> Value {
    serde_json::from_str(&read(&root().join("config.schema.json")))
        .expect("config.schema.json is JSON")
}

pub(crate) fn validator() -> Validator {
    jsonschema::validator_for(&schema()).expect("config.schema.json compiles")
}

/// Every config the tests use, named by where it lives (`valid/...`, `invalid/...`, `www/...`).
pub(crate) fn configs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for group in ["valid", "invalid"] {
        let dir = root().join("tests/configs").join(group);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| {
                e.expect("a directory entry")
                    .file_name()
                    .into_string()
                    .unwrap()
            })
            .collect();
        names.sort();
        for name in names {
            assert!(
                name.ends_with(".json"),
                "tests/configs/{group}/{name}: not a .json file"
            );
            out.push((format!("{group}/{name}"), read(&dir.join(&name))));
        }
    }
    out.push((
        "www/config.json".into(),
        read(&root().join("www/config.json")),
    ));
    out.push((
        "www/shorthand.html (inline config)".into(),
        inline_config(&read(&root().join("www/shorthand.html"))),
    ));
    out
}

/// The text of `<script type="application/json" id="consent-gate-config">` in a page.
pub(crate) fn inline_config(html: &str) -> String {
    let open = r#"<script type="application/json" id="consent-gate-config">"#;
    let start = html.find(open).expect("the page has an inline config") + open.len();
    let end = html[start..]
        .find("</script>")
        .expect("the inline config ends")
        + start;
    html[start..end].to_owned()
}

pub(crate) fn core_verdict(text: &str) -> Result<(), Vec<String>> {
    Config::parse(text)
        .map(|_| ())
        .map_err(|e| e.0.iter().map(ToString::to_string).collect())
}

pub(crate) fn schema_verdict(validator: &Validator, text: &str) -> Result<(), Vec<String>> {
    let instance: Value = serde_json::from_str(text).map_err(|e| vec![format!("not JSON: {e}")])?;
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| {
            let at = e.instance_path().to_string();
            format!("at `{}`: {e}", if at.is_empty() { "/" } else { &at })
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub(crate) fn show(verdict: &Result<(), Vec<String>>) -> String {
    match verdict {
        Ok(()) => "accepts".into(),
        Err(errors) => {
            let mut s = String::from("refuses");
            for e in errors {
                let _ = write!(s, "\n      {e}");
            }
            s
        }
    }
}

/// Runs configs built from `json!` values through both; returns the ones they disagree on.
pub(crate) fn disagreements(
    validator: &Validator,
    configs: impl IntoIterator<Item = Value>,
) -> Vec<String> {
    configs
        .into_iter()
        .filter_map(|config| {
            let text = config.to_string();
            let core = core_verdict(&text);
            let schema = schema_verdict(validator, &text);
            (core.is_ok() != schema.is_ok()).then(|| {
                format!(
                    "{text}\n  core:   {}\n  schema: {}",
                    show(&core),
                    show(&schema)
                )
            })
        })
        .collect()
}

pub(crate) fn with(extra: Value) -> Value {
    let mut config = json!({"categories": {"a": {"title": "A", "description": "D"}}});
    for (k, v) in extra.as_object().expect("an object") {
        config[k] = v.clone();
    }
    config
}
