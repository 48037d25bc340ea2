//! Microsoft's consent signals: UET's consent mode (Microsoft Advertising, `window.uetq`) and
//! Clarity's `consentv2` (`window.clarity`), and their tags, built only from validated IDs.
//!
//! Microsoft hears what Google hears: `ad_storage` is granted exactly when Google's
//! `ad_storage` is (the categories whose Consent Mode types include it, never with Global
//! Privacy Control), and Clarity's `analytics_Storage` exactly when Google's
//! `analytics_storage` is ([`super::visit::consent_state`]). Both the full build and the
//! bootstrap perform a command through the same JavaScript (`microsoft` in
//! `embed/bootstrap/builds.js`), from the step [`Command::step`] writes.

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt;

use super::google::{ConsentState, ConsentType};
use super::json::write_string;

/// UET's script (the same for every tag; the tag ID is given to `new UET` once it loads).
pub const UET_URL: &str = "https://bat.bing.com/bat.js";

/// A validated UET tag ID: its digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UetId(String);

impl UetId {
    /// Validates a UET tag ID (1 to 20 digits).
    ///
    /// # Errors
    /// The message names the expected form and quotes the input.
    pub fn new(id: &str) -> Result<UetId, String> {
        if (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit()) {
            Ok(UetId(id.to_owned()))
        } else {
            Err(format!(
                "{id:?} is not a UET tag ID (expected its digits, as Microsoft Advertising shows it, e.g. \"343012345\")"
            ))
        }
    }

    /// The ID.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A validated Clarity project ID: a few letters and digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClarityId(String);

impl ClarityId {
    /// Validates a Clarity project ID (1 to 20 ASCII letters and digits).
    ///
    /// # Errors
    /// The message names the expected form and quotes the input.
    pub fn new(id: &str) -> Result<ClarityId, String> {
        if (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(ClarityId(id.to_owned()))
        } else {
            Err(format!(
                "{id:?} is not a Clarity project ID (expected up to 20 letters and digits, e.g. \"abcde12345\")"
            ))
        }
    }

    /// The ID.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Clarity's tag URL for this project.
    #[must_use]
    pub fn url(&self) -> String {
        format!("https://www.clarity.ms/tag/{}", self.0)
    }
}

impl fmt::Display for UetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What Microsoft is told: its two storage types, read from the Consent Mode state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signal {
    /// `ad_storage` (UET) and `ad_Storage` (Clarity).
    pub ad_storage: bool,
    /// Clarity's `analytics_Storage`.
    pub analytics_storage: bool,
}

impl From<&ConsentState> for Signal {
    fn from(state: &ConsentState) -> Signal {
        Signal {
            ad_storage: state.is_granted(ConsentType::AdStorage),
            analytics_storage: state.is_granted(ConsentType::AnalyticsStorage),
        }
    }
}

/// One Microsoft command, in the order the shell performs them.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `uetq.push('consent', 'default', {ad_storage})`, before UET's tag can run.
    UetDefault(Signal),
    /// `uetq.push('consent', 'update', {ad_storage})`.
    UetUpdate(Signal),
    /// Loads UET's tag: `bat.js`, then `uetq = new UET({ti, enableAutoSpaTracking: true,
    /// q: uetq})` and `uetq.push('pageLoad')`, as Microsoft's snippet does.
    UetTag(UetId),
    /// `clarity('consentv2', {ad_Storage, analytics_Storage})` (Clarity's queue defined first).
    Clarity(Signal),
    /// Loads Clarity's tag (its queue defined first).
    ClarityTag(ClarityId),
}

fn granted(on: bool) -> &'static str {
    if on { "granted" } else { "denied" }
}

impl Command {
    /// The command as the bootstrap's `microsoft(step)` performs it (a JSON array):
    /// `["uet", [arguments of uetq.push]]`, `["uet-tag", url, tag id]`,
    /// `["clarity", [arguments of clarity]]`, `["clarity-tag", url]`.
    #[must_use]
    pub fn step(&self) -> String {
        let mut out = String::new();
        match self {
            Command::UetDefault(s) | Command::UetUpdate(s) => {
                let kind = if matches!(self, Command::UetDefault(_)) {
                    "default"
                } else {
                    "update"
                };
                out.push_str("[\"uet\",[\"consent\",\"");
                out.push_str(kind);
                out.push_str("\",{\"ad_storage\":\"");
                out.push_str(granted(s.ad_storage));
                out.push_str("\"}]]");
            }
            Command::UetTag(id) => {
                out.push_str("[\"uet-tag\",");
                write_string(&mut out, UET_URL);
                out.push(',');
                write_string(&mut out, id.as_str());
                out.push(']');
            }
            Command::Clarity(s) => {
                out.push_str("[\"clarity\",[\"consentv2\",{\"ad_Storage\":\"");
                out.push_str(granted(s.ad_storage));
                out.push_str("\",\"analytics_Storage\":\"");
                out.push_str(granted(s.analytics_storage));
                out.push_str("\"}]]");
            }
            Command::ClarityTag(id) => {
                out.push_str("[\"clarity-tag\",");
                write_string(&mut out, &id.url());
                out.push(']');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_ids() {
        assert_eq!(UetId::new("343012345").unwrap().as_str(), "343012345");
        assert_eq!(
            ClarityId::new("abcde12345").unwrap().url(),
            "https://www.clarity.ms/tag/abcde12345"
        );
        for bad in ["", "34 30", "343-012", "12345678901234567890123", "٣٤٣"] {
            assert!(UetId::new(bad).is_err(), "{bad}");
        }
        for bad in ["", "abc/def", "abc\"", "a.b", "abcdefghijklmnopqrstuvwxyz"] {
            assert!(ClarityId::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn steps_are_the_bootstraps_json() {
        let s = Signal {
            ad_storage: false,
            analytics_storage: true,
        };
        assert_eq!(
            Command::UetDefault(s).step(),
            r#"["uet",["consent","default",{"ad_storage":"denied"}]]"#
        );
        assert_eq!(
            Command::Clarity(s).step(),
            r#"["clarity",["consentv2",{"ad_Storage":"denied","analytics_Storage":"granted"}]]"#
        );
        assert_eq!(
            Command::UetTag(UetId::new("5").unwrap()).step(),
            r#"["uet-tag","https://bat.bing.com/bat.js","5"]"#
        );
    }
}
