//! The Open Cookie Database, shipped inside the binary, and what it knows: which platform
//! sets a cookie or storage key, for what purpose, for how long, and which hosts track.
//!
//! The CSV (`data/open-cookie-database.csv`, Apache-2.0, see [`NOTICE`] and [`LICENSE`]) is
//! read once at first use. A name matches an entry exactly, or by prefix when the entry's
//! `Wildcard match` is 1 (`_ga_` covers `_ga_ABC123`); an exact match wins over a prefix, and
//! a longer prefix over a shorter one. Its categories map one to one onto ConsentGate's
//! ([`Category`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

/// The database as shipped (unchanged from its public repository).
pub const CSV: &str = include_str!("../data/open-cookie-database.csv");
/// The database's licence (Apache-2.0), shipped with it.
pub const LICENSE: &str = include_str!("../data/LICENSE");
/// The attribution the licence asks for; `consent-gate licenses` and `--help` print it.
pub const NOTICE: &str = "Cookie classification: the Open Cookie Database by Jochem Kwakman and contributors \
(github.com/jkwakman/Open-Cookie-Database, commit 0ee5a17f, 2026-01-21), shipped unchanged \
under the Apache License 2.0; `consent-gate licenses --full` prints the licence.";

/// A purpose, as the database and ConsentGate both name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Category {
    /// Needed for the site to work (exempt from consent).
    Necessary,
    /// Protects the site and its visitors (exempt from consent).
    Security,
    /// Remembers settings and features the visitor uses.
    Functional,
    /// Adapts content to the visitor.
    Personalization,
    /// Measures how the site is used.
    Analytics,
    /// Advertising, its measurement and cross-site tracking.
    Marketing,
}

impl Category {
    /// Every category, strictly necessary ones first (the order of a drafted config).
    pub const ALL: [Category; 6] = [
        Category::Necessary,
        Category::Security,
        Category::Functional,
        Category::Personalization,
        Category::Analytics,
        Category::Marketing,
    ];

    /// Reads the database's `Category` column (case-insensitive).
    #[must_use]
    pub fn from_ocd(text: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(text.trim()))
    }

    /// The name as the database writes it (`Analytics`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Category::Necessary => "Necessary",
            Category::Security => "Security",
            Category::Functional => "Functional",
            Category::Personalization => "Personalization",
            Category::Analytics => "Analytics",
            Category::Marketing => "Marketing",
        }
    }

    /// The ConsentGate category id a drafted config uses (`analytics`).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Category::Necessary => "necessary",
            Category::Security => "security",
            Category::Functional => "functional",
            Category::Personalization => "personalization",
            Category::Analytics => "analytics",
            Category::Marketing => "marketing",
        }
    }

    /// Strictly necessary: may be set before consent. Security cookies (CSRF tokens, bot
    /// checks) count, as ePrivacy's exemption for a service the visitor asked for covers them.
    #[must_use]
    pub fn strictly_necessary(self) -> bool {
        matches!(self, Category::Necessary | Category::Security)
    }
}

/// One row of the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The row's `ID` (`consent-gate` for the one built-in row).
    pub id: String,
    /// Who sets it (`Google Analytics`).
    pub platform: String,
    /// Its purpose.
    pub category: Category,
    /// The name, or the prefix when `wildcard`.
    pub name: String,
    /// Where it lives, as the database words it (often empty: the visited site).
    pub domain: String,
    /// What it is for.
    pub description: String,
    /// How long it lives, as written (`2 years`).
    pub retention: String,
    /// Who controls the data (`Google`).
    pub controller: String,
    /// The controller's privacy page.
    pub privacy_url: String,
    /// `name` is a prefix.
    pub wildcard: bool,
}

/// A host the database (or the short built-in list) knows as tracking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tracker {
    /// The domain; subdomains match too.
    pub domain: String,
    /// Whose it is.
    pub platform: String,
    /// Analytics or Marketing.
    pub category: Category,
}

/// A name matched to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'a> {
    /// The entry.
    pub entry: &'a Entry,
    /// Matched as a prefix (`Wildcard match` = 1) rather than exactly.
    pub by_prefix: bool,
}

/// The database, indexed.
#[derive(Debug)]
pub struct Database {
    entries: Vec<Entry>,
    exact: HashMap<String, Vec<usize>>,
    /// Wildcard entries, longest prefix first.
    prefixes: Vec<usize>,
    trackers: Vec<Tracker>,
}

/// Tracking hosts that set no cookie on their own domain (so the database's `Domain` column
/// does not name them) but load or receive tracking: script and beacon hosts.
const BUILT_IN_TRACKERS: &[(&str, &str, Category)] = &[
    (
        "google-analytics.com",
        "Google Analytics",
        Category::Analytics,
    ),
    (
        "analytics.google.com",
        "Google Analytics",
        Category::Analytics,
    ),
    (
        "googletagmanager.com",
        "Google Tag Manager",
        Category::Analytics,
    ),
    (
        "doubleclick.net",
        "DoubleClick/Google Marketing",
        Category::Marketing,
    ),
    ("googleadservices.com", "Google Ads", Category::Marketing),
    (
        "googlesyndication.com",
        "Google AdSense",
        Category::Marketing,
    ),
    ("connect.facebook.net", "Facebook", Category::Marketing),
    ("facebook.net", "Facebook", Category::Marketing),
    ("facebook.com", "Facebook", Category::Marketing),
    ("licdn.com", "LinkedIn", Category::Marketing),
    ("ads-twitter.com", "Twitter", Category::Marketing),
    ("analytics.tiktok.com", "TikTok", Category::Marketing),
    ("criteo.com", "Criteo", Category::Marketing),
    ("criteo.net", "Criteo", Category::Marketing),
    ("hotjar.com", "Hotjar", Category::Analytics),
    ("clarity.ms", "Microsoft Clarity", Category::Analytics),
    ("segment.com", "Segment", Category::Analytics),
    ("segment.io", "Segment", Category::Analytics),
    ("mixpanel.com", "Mixpanel", Category::Analytics),
    ("hs-analytics.net", "HubSpot", Category::Marketing),
];

/// Domains the database lists for tracking entries that serve mostly static files: a request
/// there alone is not tracking.
const NOT_TRACKERS: &[&str] = &["gstatic.com"];

/// ConsentGate's own storage: the visitor's choice is strictly necessary by definition.
fn built_in_entries() -> Vec<Entry> {
    vec![Entry {
        id: "consent-gate".into(),
        platform: "ConsentGate".into(),
        category: Category::Necessary,
        name: consent_gate::core::STORAGE_KEY.into(),
        domain: String::new(),
        description: "Remembers the visitor's consent choice (ConsentGate's own record)".into(),
        retention: "until the choice expires (182 days by default)".into(),
        controller: "the site".into(),
        privacy_url: String::new(),
        wildcard: true,
    }]
}

impl Database {
    /// The database shipped inside the binary.
    ///
    /// # Panics
    /// Never in a released build: the shipped CSV is parsed by the tests.
    #[must_use]
    pub fn embedded() -> &'static Database {
        static DB: OnceLock<Database> = OnceLock::new();
        DB.get_or_init(|| match Database::parse(CSV) {
            Ok(db) => db,
            Err(why) => panic!("the shipped Open Cookie Database is unreadable: {why}"),
        })
    }

    /// Reads the database from its CSV text.
    ///
    /// # Errors
    /// A message naming the line and column when a row is malformed or a header is missing.
    pub fn parse(csv_text: &str) -> Result<Database, String> {
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| format!("open-cookie-database.csv: {e}"))?
            .clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| format!("open-cookie-database.csv: no column {name:?}"))
        };
        let [
            id,
            platform,
            category,
            name,
            domain,
            description,
            retention,
            controller,
            portal,
            wildcard,
        ] = [
            "ID",
            "Platform",
            "Category",
            "Cookie / Data Key name",
            "Domain",
            "Description",
            "Retention period",
            "Data Controller",
            "User Privacy & GDPR Rights Portals",
            "Wildcard match",
        ]
        .map(column);
        let (id, platform, category, name, domain) = (id?, platform?, category?, name?, domain?);
        let (description, retention, controller, portal, wildcard) =
            (description?, retention?, controller?, portal?, wildcard?);
        let mut entries = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let line = i + 2;
            let record = record.map_err(|e| format!("open-cookie-database.csv: {e}"))?;
            let field = |c: usize| record.get(c).unwrap_or_default().trim().to_owned();
            let cat = field(category);
            let Some(cat) = Category::from_ocd(&cat) else {
                return Err(format!(
                    "open-cookie-database.csv line {line}: unknown category {cat:?}"
                ));
            };
            let entry_name = field(name);
            if entry_name.is_empty() {
                return Err(format!(
                    "open-cookie-database.csv line {line}: the cookie name is empty"
                ));
            }
            entries.push(Entry {
                id: field(id),
                platform: field(platform),
                category: cat,
                name: entry_name,
                domain: field(domain),
                description: field(description),
                retention: field(retention),
                controller: field(controller),
                privacy_url: field(portal),
                wildcard: field(wildcard) == "1",
            });
        }
        entries.extend(built_in_entries());
        Ok(Database::index(entries))
    }

    fn index(entries: Vec<Entry>) -> Database {
        let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
        let mut prefixes = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if e.wildcard {
                prefixes.push(i);
            } else {
                exact.entry(e.name.clone()).or_default().push(i);
            }
        }
        prefixes.sort_by_key(|&i| std::cmp::Reverse(entries[i].name.len()));
        let trackers = trackers(&entries);
        Database {
            entries,
            exact,
            prefixes,
            trackers,
        }
    }

    /// How many entries (the database's rows plus the built-in one).
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the database is empty (never, as shipped).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry, in the file's order.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry for a cookie or storage key called `name`, seen on `domain` (which picks
    /// between rows that share a name: the one whose `Domain` names it, else the first).
    #[must_use]
    pub fn classify(&self, name: &str, domain: Option<&str>) -> Option<Match<'_>> {
        if let Some(rows) = self.exact.get(name) {
            let pick = domain
                .and_then(|d| {
                    let d = d.trim_start_matches('.');
                    rows.iter()
                        .find(|&&i| !d.is_empty() && self.entries[i].domain.contains(d))
                })
                .unwrap_or(&rows[0]);
            return Some(Match {
                entry: &self.entries[*pick],
                by_prefix: false,
            });
        }
        self.prefixes
            .iter()
            .map(|&i| &self.entries[i])
            .find(|e| name.starts_with(e.name.as_str()))
            .map(|entry| Match {
                entry,
                by_prefix: true,
            })
    }

    /// The tracker `host` belongs to (the host itself or a parent domain), if any.
    #[must_use]
    pub fn tracker(&self, host: &str) -> Option<&Tracker> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.trackers
            .iter()
            .filter(|t| {
                host == t.domain
                    || host
                        .strip_suffix(t.domain.as_str())
                        .is_some_and(|rest| rest.ends_with('.'))
            })
            .max_by_key(|t| t.domain.len())
    }

    /// Every tracking domain known.
    #[must_use]
    pub fn trackers(&self) -> &[Tracker] {
        &self.trackers
    }
}

/// Tracking domains: the built-in list, then every domain the database names for an Analytics
/// or Marketing entry.
fn trackers(entries: &[Entry]) -> Vec<Tracker> {
    let mut out: Vec<Tracker> = BUILT_IN_TRACKERS
        .iter()
        .map(|&(domain, platform, category)| Tracker {
            domain: domain.into(),
            platform: platform.into(),
            category,
        })
        .collect();
    for e in entries {
        if !matches!(e.category, Category::Analytics | Category::Marketing) {
            continue;
        }
        for domain in domains_in(&e.domain) {
            if NOT_TRACKERS.contains(&domain.as_str()) {
                continue;
            }
            match out.iter_mut().find(|t| t.domain == domain) {
                // One domain, several rows: Marketing outranks Analytics.
                Some(t) if e.category == Category::Marketing => t.category = Category::Marketing,
                Some(_) => {}
                None => out.push(Tracker {
                    domain,
                    platform: e.platform.clone(),
                    category: e.category,
                }),
            }
        }
    }
    out
}

/// The host names in a `Domain` cell: `".bing.com (3rd party) or .microsoft.com (3rd party)"`
/// -> `bing.com`, `microsoft.com`. Templates (`ads-[account].adhese.com`) and words are
/// skipped.
#[must_use]
pub fn domains_in(cell: &str) -> Vec<String> {
    cell.replace("(3rd party)", " ")
        .replace("(1st party)", " ")
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '/')
        .filter(|w| !w.eq_ignore_ascii_case("or"))
        .map(|w| {
            w.trim_matches(|c: char| c == '.' || c == '\u{200b}' || c == '(' || c == ')')
                .to_ascii_lowercase()
        })
        .filter(|w| {
            w.contains('.')
                && w.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        })
        .collect()
}
