//! What a scan records, raw: each visit's cookies, `localStorage` keys and requests, what the
//! start page said about ConsentGate; and why a scan could not run ([`ScanError`]).

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Which phase a visit belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// No choice made.
    BeforeConsent,
    /// After "Accept all".
    AfterAccept,
}

impl Phase {
    /// How the report titles it.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Phase::BeforeConsent => "before consent",
            Phase::AfterAccept => "after \"Accept all\"",
        }
    }
}

/// A cookie in the browser's jar.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeenCookie {
    /// Its name.
    pub name: String,
    /// The domain it is set on (`.example.com` for a domain cookie).
    pub domain: String,
    /// Its path.
    pub path: String,
    /// When it expires (Unix seconds); `None` for a session cookie.
    pub expires: Option<f64>,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `Secure`.
    pub secure: bool,
}

/// A request a page made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeenRequest {
    /// The URL.
    pub url: String,
    /// Its host.
    pub host: String,
    /// What kind of resource (`Script`, `Image`, `XHR`, ...).
    pub kind: String,
}

/// One page load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Visit {
    /// The page.
    pub url: String,
    /// Which phase.
    pub phase: Phase,
    /// The main document's HTTP status.
    pub status: Option<i64>,
    /// The whole cookie jar once the page settled (every domain).
    pub cookies: Vec<SeenCookie>,
    /// The page's `localStorage` keys once it settled.
    pub storage: Vec<String>,
    /// Every request the page made.
    pub requests: Vec<SeenRequest>,
}

/// What the start page said about ConsentGate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentGateOnPage {
    /// ConsentGate's script tag, element or inline config is on the page.
    pub marker: bool,
    /// `window.ConsentGate` exists (it started).
    pub started: bool,
    /// `ConsentGate.version`.
    pub version: Option<String>,
    /// The config's address (`data-config`, resolved), if it comes from a URL.
    pub config_url: Option<String>,
    /// The config text the site serves, if it could be read.
    pub config: Option<String>,
    /// "Accept all" was given and `consent-gate:change` arrived.
    #[serde(default)]
    pub accepted: bool,
    /// How the choice was made (`api` or `button`), or why it could not be.
    #[serde(default)]
    pub accept_note: Option<String>,
}

/// Everything a scan saw.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Observations {
    /// The start URL.
    pub start: String,
    /// The site's registrable domain.
    pub site: String,
    /// Every page load, in order.
    pub visits: Vec<Visit>,
    /// ConsentGate on the start page.
    pub consent_gate: ConsentGateOnPage,
    /// Pages found but not scanned, with why.
    pub skipped: Vec<(String, String)>,
}

/// Why a scan could not run. Each is one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanError {
    /// No Chromium at the path.
    ChromiumMissing(PathBuf),
    /// Chromium did not start.
    Launch(String),
    /// The page could not be reached (DNS, refused connection, TLS...).
    Unreachable {
        /// The page.
        url: String,
        /// Chromium's network error (`net::ERR_CONNECTION_REFUSED`).
        why: String,
    },
    /// The page did not load in time.
    Timeout {
        /// The page.
        url: String,
        /// The limit.
        secs: u64,
    },
    /// The page is not HTML.
    NotHtml {
        /// The page.
        url: String,
        /// Its content type.
        content_type: String,
    },
    /// The server answered with an error status.
    Status {
        /// The page.
        url: String,
        /// The status.
        status: i64,
    },
    /// The DevTools connection failed mid-scan.
    Browser(String),
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::ChromiumMissing(path) => write!(
                f,
                "Chromium was not found at {} (install Debian's `chromium`, or pass --chromium PATH)",
                path.display()
            ),
            ScanError::Launch(why) => write!(f, "could not start Chromium: {why}"),
            ScanError::Unreachable { url, why } => write!(f, "could not reach {url}: {why}"),
            ScanError::Timeout { url, secs } => write!(
                f,
                "{url} did not finish loading within {secs} s (raise --timeout to wait longer)"
            ),
            ScanError::NotHtml { url, content_type } => write!(
                f,
                "{url} is not an HTML page (it is {content_type}); scan a page of the site"
            ),
            ScanError::Status { url, status } => {
                write!(f, "{url} answered HTTP {status}; scan a page that exists")
            }
            ScanError::Browser(why) => write!(f, "the browser failed during the scan: {why}"),
        }
    }
}

impl std::error::Error for ScanError {}
