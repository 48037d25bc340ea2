//! The domain a choice may be shared on (`consentDomain`), as the config gives it: a leaf the
//! config reader and [`super::shared`] both use.

#[allow(unused_imports)]
use crate::prelude::*;

/// Public suffixes under which registrations are common, refused when the config is read
/// (the browser's own Public Suffix List refuses every other one when the cookie is written).
const KNOWN_SUFFIXES: &[&str] = &[
    "co.uk",
    "org.uk",
    "me.uk",
    "ac.uk",
    "gov.uk",
    "ltd.uk",
    "plc.uk",
    "com.au",
    "net.au",
    "org.au",
    "co.nz",
    "co.jp",
    "ne.jp",
    "or.jp",
    "co.kr",
    "co.in",
    "co.za",
    "com.br",
    "com.cn",
    "com.mx",
    "com.tr",
    "com.ar",
    "com.sg",
    "com.hk",
    "com.tw",
    "co.il",
    "github.io",
];

/// Checks `consentDomain` as the config gives it: a domain name of two labels or more that is
/// not a known public suffix. Whether it is this page's host or a parent of it, and whether
/// the browser takes a cookie on it, the shell checks at run time ([`covers`]).
///
/// # Errors
/// Why it is not a domain a choice can be shared on.
pub fn check_domain(text: &str) -> Result<String, String> {
    let domain = text.to_ascii_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if domain.len() > 253 || !labels.iter().all(label_ok) {
        return Err(format!(
            "{text:?} is not a domain name (write it as `example.com`, no scheme, port, path or leading dot)"
        ));
    }
    if labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        return Err(format!(
            "{text:?} is an IP address, which cookies cannot be shared on"
        ));
    }
    if labels.len() < 2 || KNOWN_SUFFIXES.contains(&domain.as_str()) {
        return Err(format!(
            "{text:?} is a public suffix, on which no site can share a cookie (use the site's registrable domain, e.g. `example.{domain}`)"
        ));
    }
    Ok(domain)
}
