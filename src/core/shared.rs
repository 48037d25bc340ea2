//! One choice across a site's subdomains (`consentDomain`): the record is also kept in a
//! first-party cookie on that domain, which every host under it reads.
//!
//! The cookie's value is `<fingerprint of the config text>.<the record's exact stored text,
//! percent-encoded>`: a host uses it only with the same config text, and the record it
//! carries is read and checked exactly like the one in `localStorage`
//! ([`ConsentRecord::read`], [`ConsentRecord::check`]). Of two records that hold, the newer
//! decision wins ([`pick`]); one that does not hold is ignored, so a broken or forged cookie
//! never grants anything. The shell writes and reads `document.cookie`; what to write, and
//! which record counts, is decided here.
//!
//! `ConsentGate.reset()` on one host leaves other hosts' copies of the record in their own
//! `localStorage`, which this cookie cannot reach. So a reset does not just remove the cookie
//! (the next host would share its copy again): it writes a reset mark, `<fingerprint>.!<ms>`
//! ([`reset_string`]), and a host whose copy is a decision made before that moment forgets it
//! ([`Source::Forget`]). A forged mark can only make a host ask again, never grant.

#[allow(unused_imports)]
use crate::prelude::*;

pub use super::domain::check_domain;

use super::config::Config;
use super::json::Json;
use super::record::ConsentRecord;
use super::time::Timestamp;

/// The cookie's name (the same as the `localStorage` key).
pub const COOKIE_NAME: &str = super::STORAGE_KEY;
/// The most a browser keeps of one cookie's name and value (RFC 6265bis: 4096 bytes).
pub const COOKIE_LIMIT: usize = 4096;

/// Whether `domain` is `host` or a parent of it (the only domains a page may set a cookie on).
#[must_use]
pub fn covers(domain: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// The cookie's value for `record_text` decided on the config text whose fingerprint is
/// `fingerprint` ([`super::plan::fingerprint`]).
#[must_use]
pub fn cookie_value(fingerprint: &str, record_text: &str) -> String {
    let mut out = String::with_capacity(fingerprint.len() + 1 + record_text.len() * 5 / 4);
    out.push_str(fingerprint);
    out.push('.');
    for b in record_text.bytes() {
        // RFC 6265 cookie-octets, except `%` (the escape itself).
        if (0x21..=0x7e).contains(&b) && !matches!(b, b'"' | b',' | b';' | b'\\' | b'%') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What the shell writes to `document.cookie` to share `record`, or why it shares nothing.
///
/// # Errors
/// The record does not fit in one cookie: the shell then removes the shared cookie (so no
/// older decision stays shared) and the choice holds on this host only.
pub fn cookie_string(
    record: &ConsentRecord,
    record_text: &str,
    fingerprint: &str,
    domain: &str,
    secure: bool,
) -> Result<String, String> {
    let value = cookie_value(fingerprint, record_text);
    let size = COOKIE_NAME.len() + 1 + value.len();
    if size > COOKIE_LIMIT {
        return Err(format!(
            "the choice ({size} bytes as a cookie) is larger than a browser keeps in one cookie ({COOKIE_LIMIT}); it holds on this host only, not across consentDomain {domain}"
        ));
    }
    let secure = if secure { "; Secure" } else { "" };
    Ok(format!(
        "{COOKIE_NAME}={value}; Domain={domain}; Path=/; Expires={}; SameSite=Lax{secure}",
        record.expires.http_date()
    ))
}

/// What the shell writes to `document.cookie` to remove the shared cookie.
#[must_use]
pub fn removal_string(domain: &str) -> String {
    format!(
        "{COOKIE_NAME}=; Domain={domain}; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; SameSite=Lax"
    )
}

/// What the shell writes to `document.cookie` when the choice is reset at `now`: the reset mark,
/// kept as long as a record made before it could still be in force on another host (the
/// config's `expiryDays`).
#[must_use]
pub fn reset_string(
    fingerprint: &str,
    domain: &str,
    now: Timestamp,
    expiry_days: u32,
    secure: bool,
) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{COOKIE_NAME}={fingerprint}.{RESET}{}; Domain={domain}; Path=/; Expires={}; SameSite=Lax{secure}",
        now.0,
        now.plus_days(expiry_days).http_date()
    )
}

/// The first character of a reset mark's text (a record's text starts with `{`).
const RESET: char = '!';

/// When the choice was reset, if `cookie_text` ([`read_cookie`]) is a reset mark.
#[must_use]
pub fn reset_at(cookie_text: &str) -> Option<Timestamp> {
    let ms = cookie_text.strip_prefix(RESET)?;
    (!ms.is_empty() && ms.bytes().all(|b| b.is_ascii_digit()))
        .then(|| ms.parse().ok().map(Timestamp))
        .flatten()
}

/// The record text the shared cookie carries for the config text whose fingerprint is
/// `fingerprint`, read from `document.cookie`: `None` when there is none, it is for another
/// config text, or it does not decode.
#[must_use]
pub fn read_cookie(cookies: &str, fingerprint: &str) -> Option<String> {
    let value = cookies.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE_NAME).then_some(value)
    })?;
    let (fp, encoded) = value.split_once('.')?;
    if fp != fingerprint {
        return None;
    }
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Which record a page view uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The one in `localStorage` (or none); `share` when it holds and the cookie does not
    /// carry it, so it is written to the cookie too.
    Local {
        /// Write it to the shared cookie.
        share: bool,
    },
    /// The cookie's: it holds and is the newer decision (or `localStorage` has none that
    /// holds). The shell copies it to `localStorage`, where the plan is made from.
    Shared,
    /// None: the cookie is a reset mark newer than the record in `localStorage` (the choice
    /// was reset on another host since). The shell removes that record; the visitor is asked.
    Forget,
}

/// Which record counts when `localStorage` holds `local` and the shared cookie `shared`
/// (texts, with their parsed JSON): of those that hold for `config` at `now`, the newer
/// decision (`updated`; `localStorage` on a tie). A record that does not hold is never picked
/// over one that does, so a forged cookie changes nothing. When the cookie is a reset mark
/// (`reset`, [`reset_at`]), a record decided before it is forgotten, one decided after it is
/// shared over it.
#[must_use]
pub fn pick(
    config: &Config,
    now: Timestamp,
    local: Option<(&str, &Json)>,
    shared: Option<(&str, &Json)>,
    reset: Option<Timestamp>,
) -> Source {
    let holds = |doc: &Json| ConsentRecord::read(doc).filter(|r| r.check(config, now).is_ok());
    let local_record = local.and_then(|(_, doc)| holds(doc));
    if let Some(at) = reset {
        return match (&local_record, local) {
            (Some(l), _) if l.updated > at => Source::Local { share: true },
            (_, None) => Source::Local { share: false },
            (_, Some(_)) => Source::Forget,
        };
    }
    let shared_record = shared.and_then(|(_, doc)| holds(doc));
    match (&local_record, &shared_record) {
        (Some(l), Some(s)) if s.updated > l.updated => Source::Shared,
        (None, Some(_)) => Source::Shared,
        (Some(_), _) => Source::Local {
            share: shared.map(|(text, _)| text) != local.map(|(text, _)| text),
        },
        (None, None) => Source::Local { share: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_stay_cookie_octets() {
        let text = r#"{"a":"b c;d,e\\%é"}"#;
        let value = cookie_value("0123456789abcdef", text);
        assert!(
            value
                .bytes()
                .all(|b| (0x21..=0x7e).contains(&b) && !matches!(b, b'"' | b',' | b';' | b'\\'))
        );
        let cookies = format!("x=1; {COOKIE_NAME}={value}; y=2");
        assert_eq!(
            read_cookie(&cookies, "0123456789abcdef").as_deref(),
            Some(text)
        );
        assert_eq!(read_cookie(&cookies, "fedcba9876543210"), None);
        assert_eq!(
            read_cookie("consent-gate=0123456789abcdef.%zz", "0123456789abcdef"),
            None
        );
    }
}
