//! `consent-gate check`: a config read by the core's own parser, its problems worded exactly
//! as the browser logs them.
//!
//! In the browser a config with errors produces one `console.error`: `ConsentGate: ` and
//! every problem on its own line, then `ConsentGate is inactive: nothing that needs consent
//! will load.` (`src/full/mod.rs`, `src/page/log.rs`). [`browser_message`] builds that text.
//! One difference is unavoidable: for text that is not JSON at all, the browser words the
//! syntax error with its own `JSON.parse`, here with serde_json (line and column).

use std::time::Duration;

use consent_gate::core::config::{Config, ConfigErrors};

/// The prefix of every console message ConsentGate writes (`src/page/log.rs`).
pub const LOG_PREFIX: &str = "ConsentGate: ";
/// The line the browser adds after a config's problems (`src/full/mod.rs`, `inactive`).
pub const INACTIVE: &str = "ConsentGate is inactive: nothing that needs consent will load.";

/// Where a config came from, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file path.
    File(String),
    /// An http(s) URL.
    Url(String),
}

impl Source {
    /// An http(s) URL when the argument looks like one, else a path.
    #[must_use]
    pub fn from_arg(arg: &str) -> Source {
        let lower = arg.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            Source::Url(arg.to_owned())
        } else {
            Source::File(arg.to_owned())
        }
    }
}

/// Reads the config text.
///
/// # Errors
/// One line naming the file or URL and what went wrong.
pub fn load(source: &Source, timeout: Duration) -> Result<String, String> {
    match source {
        Source::File(path) => {
            std::fs::read_to_string(path).map_err(|e| format!("could not read {path}: {e}"))
        }
        Source::Url(url) => fetch(url, timeout),
    }
}

fn fetch(url: &str, timeout: Duration) -> Result<String, String> {
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .new_agent();
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::Timeout(_) => format!(
            "could not load the config from {url}: no answer within {} s",
            timeout.as_secs()
        ),
        other => format!("could not load the config from {url}: {other}"),
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!(
            "could not load the config from {url}: the server answered {status}"
        ));
    }
    response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("could not read the config from {url}: {e}"))
}

/// The message the browser logs for a config with these problems (every line, prefix
/// included).
#[must_use]
pub fn browser_message(errors: &ConfigErrors) -> String {
    format!("{LOG_PREFIX}{errors}\n{INACTIVE}")
}

/// The line printed for a valid config.
#[must_use]
pub fn summary(config: &Config) -> String {
    let services: usize = config.categories.iter().map(|c| c.services.len()).sum();
    format!(
        "ok: {} categor{}, {services} service{}",
        config.categories.len(),
        if config.categories.len() == 1 {
            "y"
        } else {
            "ies"
        },
        if services == 1 { "" } else { "s" }
    )
}

/// Checks a config's text: the valid config, or the browser's message.
///
/// # Errors
/// The text the browser would log, as [`browser_message`] words it.
pub fn check(text: &str) -> Result<Config, String> {
    Config::parse(text).map_err(|e| browser_message(&e))
}
