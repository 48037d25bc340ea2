//! The report's types: findings per phase, pages, ConsentGate on the site and the verdict
//! (serialised as they are for `--format json`).

use serde::Serialize;

use crate::ocd::Category;
use crate::scan::Phase;
use crate::site::Party;

/// Where a classification came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The Open Cookie Database.
    OpenCookieDatabase,
    /// The site's ConsentGate config declares the name.
    Config,
    /// Neither knows it.
    Unknown,
}

/// What a cookie or storage key is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// Its purpose; `None` when unknown.
    pub category: Option<Category>,
    /// Who sets it (`Google Analytics`).
    pub platform: Option<String>,
    /// Who controls the data (`Google`).
    pub controller: Option<String>,
    /// What it is for.
    pub description: Option<String>,
    /// How long it lives, as the database words it.
    pub retention: Option<String>,
    /// The database row's name; a prefix when it matched as one (`_ga_`).
    pub matched: Option<String>,
    /// It matched a wildcard (prefix) row.
    pub prefix: bool,
    /// Where this came from.
    pub source: Source,
}

impl Classification {
    /// The category's name, or `Unknown`.
    #[must_use]
    pub fn category_name(&self) -> &'static str {
        self.category.map_or("Unknown", Category::name)
    }
}

/// A cookie found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CookieFinding {
    /// Its name.
    pub name: String,
    /// The domain it is set on.
    pub domain: String,
    /// Its path.
    pub path: String,
    /// When it expires (Unix seconds), `None` for a session cookie.
    pub expires: Option<i64>,
    /// How long from the scan until it expires (`2 years`, `session`).
    pub lifetime: String,
    /// First or third party.
    pub party: Party,
    /// What it is.
    pub classification: Classification,
    /// The service and category of the config that declare it (`ga4 (analytics)`).
    pub declared: Option<String>,
    /// The first page where it was there.
    pub first_seen: String,
    /// Set before any choice although it needs consent.
    pub problem: bool,
}

/// A `localStorage` key found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StorageFinding {
    /// The key.
    pub key: String,
    /// The host whose storage holds it.
    pub host: String,
    /// What it is.
    pub classification: Classification,
    /// The service and category of the config that declare it.
    pub declared: Option<String>,
    /// The first page where it was there.
    pub first_seen: String,
    /// Written before any choice although it needs consent.
    pub problem: bool,
}

/// A third-party host the pages requested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestFinding {
    /// The host.
    pub host: String,
    /// How many requests went there.
    pub count: usize,
    /// The first one's URL.
    pub example: String,
    /// The kinds of resource (`Script`, `Image`...).
    pub kinds: Vec<String>,
    /// The tracker it belongs to (`Google Analytics`), if known.
    pub tracker: Option<String>,
    /// That tracker's purpose.
    pub category: Option<Category>,
    /// The first page that requested it.
    pub first_seen: String,
    /// A known tracker contacted before any choice.
    pub problem: bool,
}

/// The findings of one phase.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PhaseFindings {
    /// Cookies (after accept: only those that appeared after it).
    pub cookies: Vec<CookieFinding>,
    /// `localStorage` keys (likewise).
    pub storage: Vec<StorageFinding>,
    /// Third-party hosts (likewise).
    pub requests: Vec<RequestFinding>,
    /// GA4 measurement IDs (`G-...`) and Tag Manager containers (`GTM-...`) the pages
    /// loaded or reported to, in the order first seen.
    pub google_tags: Vec<String>,
}

/// One page load, in short.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageSummary {
    /// The page.
    pub url: String,
    /// Which phase.
    pub phase: Phase,
    /// Its HTTP status.
    pub status: Option<i64>,
    /// The cookies in the jar once it settled.
    pub cookies: Vec<PageCookie>,
    /// Its `localStorage` keys.
    pub storage: Vec<String>,
    /// The third-party hosts it requested.
    pub third_parties: Vec<String>,
}

/// A cookie in the jar after one page load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PageCookie {
    /// Its name.
    pub name: String,
    /// The domain it is set on.
    pub domain: String,
    /// Its path.
    pub path: String,
    /// When it expires (Unix seconds), `None` for a session cookie.
    pub expires: Option<i64>,
    /// First or third party.
    pub party: Party,
}

/// A page found but not scanned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The page.
    pub url: String,
    /// Why (the error line).
    pub reason: String,
}

/// ConsentGate on the site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsentGateSummary {
    /// Its script, element or inline config is on the start page.
    pub found: bool,
    /// It started (`window.ConsentGate` exists).
    pub started: bool,
    /// Its version.
    pub version: Option<String>,
    /// Where its config comes from.
    pub config_url: Option<String>,
    /// The browser's messages when that config is invalid.
    pub config_errors: Option<String>,
    /// "Accept all" was given and took effect.
    pub accepted: bool,
    /// How it was given, or why not.
    pub note: Option<String>,
}

/// The judgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Nothing that needs consent happened before a choice.
    pub clean: bool,
    /// One line per problem.
    pub problems: Vec<String>,
    /// Things worth a look that are not problems (unknown names, undeclared cookies).
    pub notes: Vec<String>,
}

/// A whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The start URL.
    pub start: String,
    /// The site's registrable domain.
    pub site: String,
    /// ConsentGate on the site.
    pub consent_gate: ConsentGateSummary,
    /// Before any choice.
    pub before_consent: PhaseFindings,
    /// What appeared after "Accept all" (`None` when it was not given).
    pub after_accept: Option<PhaseFindings>,
    /// Every page load.
    pub pages: Vec<PageSummary>,
    /// Pages found but not scanned.
    pub skipped: Vec<Skipped>,
    /// The judgement.
    pub verdict: Verdict,
    /// Where the classification comes from (the database's attribution).
    pub database: String,
}
