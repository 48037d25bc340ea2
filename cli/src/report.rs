//! A scan's findings, classified and judged ([`crate::render`] prints them).
//!
//! [`Report::build`] turns raw [`Observations`] into findings per phase: every cookie and
//! `localStorage` key with its category (from the site's ConsentGate config when it declares
//! the name, else from the Open Cookie Database), and every third-party host the pages
//! requested, with the tracker it belongs to. The after-accept phase lists what appeared only
//! after "Accept all".
//!
//! The verdict: anything that needs consent but was there before any choice is a problem
//! (exit status 2). That is a cookie or key in a category that is not strictly necessary
//! (Necessary and Security are), or declared by the config in an optional category, or a
//! request to a known tracking host. Names the database does not know are listed as
//! `Unknown` and counted, but are not problems by themselves.

use std::collections::{BTreeMap, BTreeSet};

use consent_gate::core::STORAGE_KEY;
use consent_gate::core::config::Config;
use serde::Serialize;

use crate::ocd::{Category, Database, NOTICE};
use crate::scan::{ConsentGateOnPage, Observations, Phase, SeenCookie, Visit};
use crate::site::{self, Party};

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

/// Which config names a cookie or key: the config's service and category.
struct Declared<'a> {
    config: Option<&'a Config>,
}

struct Declaration {
    label: String,
    required: bool,
    category: String,
    description: Option<String>,
    lifetime: Option<String>,
    provider: Option<String>,
}

impl Declared<'_> {
    fn cookie(&self, name: &str) -> Option<Declaration> {
        self.find(
            |s| s.cookies.iter().any(|c| c.name.matches(name)),
            |s| {
                s.cookies.iter().find(|c| c.name.matches(name)).map(|c| {
                    (
                        c.description.as_ref().map(first_text),
                        c.lifetime.as_ref().map(first_text),
                    )
                })
            },
        )
    }

    fn storage(&self, key: &str) -> Option<Declaration> {
        self.find(|s| s.local_storage.iter().any(|p| p.matches(key)), |_| None)
    }

    fn find(
        &self,
        covers: impl Fn(&consent_gate::core::config::Service) -> bool,
        details: impl Fn(
            &consent_gate::core::config::Service,
        ) -> Option<(Option<String>, Option<String>)>,
    ) -> Option<Declaration> {
        let config = self.config?;
        config.categories.iter().find_map(|c| {
            c.services.iter().find(|s| covers(s)).map(|s| {
                let (description, lifetime) = details(s).unwrap_or_default();
                Declaration {
                    label: format!("{} ({})", s.id, c.id),
                    required: c.required,
                    category: c.id.clone(),
                    description,
                    lifetime,
                    provider: s.provider.clone(),
                }
            })
        })
    }
}

fn first_text(l: &consent_gate::core::i18n::Localized) -> String {
    l.entries()
        .next()
        .map(|(_, t)| t.to_owned())
        .unwrap_or_default()
}

/// The category a config's category id stands for, by ConsentGate's own defaults.
fn category_of_id(id: &str) -> Option<Category> {
    match id {
        "necessary" | "essential" | "required" | "strictly-necessary" => Some(Category::Necessary),
        "security" => Some(Category::Security),
        "functional" | "functionality" | "preferences" => Some(Category::Functional),
        "personalization" | "personalisation" => Some(Category::Personalization),
        "analytics" | "statistics" | "performance" | "measurement" => Some(Category::Analytics),
        "marketing" | "advertising" | "ads" | "targeting" => Some(Category::Marketing),
        _ => None,
    }
}

fn classify(
    db: &Database,
    declared: Option<&Declaration>,
    name: &str,
    domain: &str,
) -> Classification {
    let found = db.classify(name, Some(domain));
    if let Some(d) = declared {
        // The site's own word decides whether it needs consent; the database adds detail.
        let category = if d.required {
            Some(Category::Necessary)
        } else {
            category_of_id(&d.category)
                .filter(|c| !c.strictly_necessary())
                .or(found
                    .map(|m| m.entry.category)
                    .filter(|c| !c.strictly_necessary()))
                .or(Some(Category::Functional))
        };
        return Classification {
            category,
            platform: found.map(|m| m.entry.platform.clone()),
            controller: d
                .provider
                .clone()
                .or(found.map(|m| m.entry.controller.clone())),
            description: d
                .description
                .clone()
                .or(found.map(|m| m.entry.description.clone())),
            retention: d
                .lifetime
                .clone()
                .or(found.map(|m| m.entry.retention.clone())),
            matched: found.map(|m| m.entry.name.clone()),
            prefix: found.is_some_and(|m| m.by_prefix),
            source: Source::Config,
        };
    }
    match found {
        Some(m) => Classification {
            category: Some(m.entry.category),
            platform: Some(m.entry.platform.clone()).filter(|p| !p.is_empty()),
            controller: Some(m.entry.controller.clone()).filter(|p| !p.is_empty()),
            description: Some(m.entry.description.clone()).filter(|p| !p.is_empty()),
            retention: Some(m.entry.retention.clone()).filter(|p| !p.is_empty()),
            matched: Some(m.entry.name.clone()),
            prefix: m.by_prefix,
            source: Source::OpenCookieDatabase,
        },
        None => Classification {
            category: None,
            platform: None,
            controller: None,
            description: None,
            retention: None,
            matched: None,
            prefix: false,
            source: Source::Unknown,
        },
    }
}

fn needs_consent(c: &Classification) -> bool {
    c.category.is_some_and(|c| !c.strictly_necessary())
}

/// How long until `expires` (Unix seconds) from `now`, in words.
#[must_use]
pub fn lifetime(expires: Option<f64>, now: f64) -> String {
    let Some(expires) = expires else {
        return "session".into();
    };
    let secs = (expires - now).max(0.0);
    let plural = |n: f64, unit: &str| {
        let n = n.round().max(1.0);
        if (n - 1.0).abs() < f64::EPSILON {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    let days = secs / 86_400.0;
    if secs < 3_600.0 {
        plural(secs / 60.0, "minute")
    } else if days < 2.0 {
        plural(secs / 3_600.0, "hour")
    } else if days < 60.0 {
        plural(days, "day")
    } else if days < 720.0 {
        plural(days / 30.44, "month")
    } else {
        plural(days / 365.25, "year")
    }
}

#[allow(clippy::cast_possible_truncation)] // cookie expiry is at most 400 days away
fn unix_seconds(t: f64) -> i64 {
    t as i64
}

fn cookie_key(c: &SeenCookie) -> (String, String, String) {
    (c.name.clone(), c.domain.clone(), c.path.clone())
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

impl Report {
    /// Classifies and judges a scan. `config` is the ConsentGate config to compare with
    /// (`--config`, else the one the site serves, when valid); `now` is the scan's time in Unix
    /// seconds (for lifetimes).
    #[must_use]
    pub fn build(obs: &Observations, db: &Database, config: Option<&Config>, now: f64) -> Report {
        let declared = Declared { config };
        let before: Vec<&Visit> = obs
            .visits
            .iter()
            .filter(|v| v.phase == Phase::BeforeConsent)
            .collect();
        let after: Vec<&Visit> = obs
            .visits
            .iter()
            .filter(|v| v.phase == Phase::AfterAccept)
            .collect();
        let before_findings = phase(&obs.site, &before, &[], db, &declared, now, true);
        let after_findings = (!after.is_empty())
            .then(|| phase(&obs.site, &after, &before, db, &declared, now, false));
        let consent_gate = summarize(&obs.consent_gate);
        let verdict = judge(
            &before_findings,
            after_findings.as_ref(),
            &consent_gate,
            config,
        );
        let pages = obs
            .visits
            .iter()
            .map(|v| PageSummary {
                url: v.url.clone(),
                phase: v.phase,
                status: v.status,
                cookies: v
                    .cookies
                    .iter()
                    .map(|c| PageCookie {
                        name: c.name.clone(),
                        domain: c.domain.clone(),
                        path: c.path.clone(),
                        expires: c.expires.map(unix_seconds),
                        party: site::party(&obs.site, &c.domain),
                    })
                    .collect(),
                storage: v.storage.clone(),
                third_parties: v
                    .requests
                    .iter()
                    .filter(|r| {
                        !r.host.is_empty() && site::party(&obs.site, &r.host) == Party::Third
                    })
                    .map(|r| r.host.clone())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
            })
            .collect();
        Report {
            start: obs.start.clone(),
            site: obs.site.clone(),
            consent_gate,
            before_consent: before_findings,
            after_accept: after_findings,
            pages,
            skipped: obs
                .skipped
                .iter()
                .map(|(url, reason)| Skipped {
                    url: url.clone(),
                    reason: reason.clone(),
                })
                .collect(),
            verdict,
            database: NOTICE.into(),
        }
    }

    /// The exit status the verdict asks for: 2 when something needed consent before a choice,
    /// else 0.
    #[must_use]
    pub fn exit_code(&self) -> i32 {
        if self.verdict.clean { 0 } else { 2 }
    }
}

fn summarize(cg: &ConsentGateOnPage) -> ConsentGateSummary {
    let config_errors = cg
        .config
        .as_deref()
        .and_then(|text| crate::check::check(text).err());
    ConsentGateSummary {
        found: cg.marker,
        started: cg.started,
        version: cg.version.clone(),
        config_url: cg.config_url.clone(),
        config_errors,
        accepted: cg.accepted,
        note: cg.accept_note.clone(),
    }
}

fn phase(
    site: &str,
    visits: &[&Visit],
    earlier: &[&Visit],
    db: &Database,
    declared: &Declared<'_>,
    now: f64,
    judge: bool,
) -> PhaseFindings {
    let known_cookies: BTreeSet<_> = earlier
        .iter()
        .flat_map(|v| v.cookies.iter().map(cookie_key))
        .collect();
    let known_keys: BTreeSet<(String, String)> = earlier
        .iter()
        .flat_map(|v| {
            let host = host_of(&v.url);
            v.storage.iter().map(move |k| (host.clone(), k.clone()))
        })
        .collect();
    let known_hosts: BTreeSet<&str> = earlier
        .iter()
        .flat_map(|v| v.requests.iter().map(|r| r.host.as_str()))
        .collect();

    let mut cookies: BTreeMap<(String, String, String), CookieFinding> = BTreeMap::new();
    let mut storage: BTreeMap<(String, String), StorageFinding> = BTreeMap::new();
    let mut requests: BTreeMap<String, RequestFinding> = BTreeMap::new();
    let earlier_tags: BTreeSet<String> = earlier
        .iter()
        .flat_map(|v| v.requests.iter().filter_map(|r| google_tag(&r.url)))
        .collect();
    let mut google_tags = Vec::new();
    for visit in visits {
        for c in &visit.cookies {
            let key = cookie_key(c);
            if known_cookies.contains(&key) || cookies.contains_key(&key) {
                continue;
            }
            let decl = declared.cookie(&c.name);
            let classification = classify(db, decl.as_ref(), &c.name, &c.domain);
            let expires = c.expires.map(unix_seconds);
            cookies.insert(
                key,
                CookieFinding {
                    name: c.name.clone(),
                    domain: c.domain.clone(),
                    path: c.path.clone(),
                    expires,
                    lifetime: lifetime(c.expires, now),
                    party: site::party(site, &c.domain),
                    problem: judge && needs_consent(&classification),
                    classification,
                    declared: decl.map(|d| d.label),
                    first_seen: visit.url.clone(),
                },
            );
        }
        let host = host_of(&visit.url);
        for k in &visit.storage {
            let key = (host.clone(), k.clone());
            if known_keys.contains(&key) || storage.contains_key(&key) {
                continue;
            }
            let decl = declared.storage(k);
            let classification = classify(db, decl.as_ref(), k, &host);
            storage.insert(
                key,
                StorageFinding {
                    key: k.clone(),
                    host: host.clone(),
                    problem: judge && needs_consent(&classification),
                    classification,
                    declared: decl.map(|d| d.label),
                    first_seen: visit.url.clone(),
                },
            );
        }
        for r in &visit.requests {
            if r.host.is_empty()
                || site::party(site, &r.host) == Party::First
                || known_hosts.contains(r.host.as_str())
            {
                continue;
            }
            let finding = requests.entry(r.host.clone()).or_insert_with(|| {
                let tracker = db.tracker(&r.host);
                RequestFinding {
                    host: r.host.clone(),
                    count: 0,
                    example: r.url.clone(),
                    kinds: Vec::new(),
                    tracker: tracker.map(|t| t.platform.clone()),
                    category: tracker.map(|t| t.category),
                    first_seen: visit.url.clone(),
                    problem: judge && tracker.is_some(),
                }
            });
            finding.count += 1;
            if !finding.kinds.contains(&r.kind) {
                finding.kinds.push(r.kind.clone());
            }
        }
        for r in &visit.requests {
            if let Some(id) = google_tag(&r.url)
                && !google_tags.contains(&id)
                && !earlier_tags.contains(&id)
            {
                google_tags.push(id);
            }
        }
    }
    PhaseFindings {
        cookies: cookies.into_values().collect(),
        storage: storage.into_values().collect(),
        requests: requests.into_values().collect(),
        google_tags,
    }
}

/// The GA4 measurement ID or Tag Manager container a request loads or reports to:
/// `googletagmanager.com/gtag/js?id=G-...`, `/gtm.js?id=GTM-...`, or a GA4 hit
/// (`google-analytics.com/g/collect?tid=G-...`).
#[must_use]
pub fn google_tag(url: &str) -> Option<String> {
    use consent_gate::core::google::TagId;
    let url = url::Url::parse(url).ok()?;
    let host = url.host_str()?;
    let under = |d: &str| host == d || host.ends_with(&format!(".{d}"));
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let id = if under("googletagmanager.com") {
        param("id")?
    } else if under("google-analytics.com") || host == "analytics.google.com" {
        if !url.path().ends_with("/collect") {
            return None;
        }
        param("tid")?
    } else {
        return None;
    };
    let ok = TagId::measurement(&id).is_ok() || TagId::container(&id).is_ok();
    ok.then_some(id)
}

fn judge(
    before: &PhaseFindings,
    after: Option<&PhaseFindings>,
    cg: &ConsentGateSummary,
    config: Option<&Config>,
) -> Verdict {
    let describe = |c: &Classification| match &c.platform {
        Some(p) => format!("{}, {p}", c.category_name()),
        None => c.category_name().to_owned(),
    };
    let mut problems = Vec::new();
    for c in before.cookies.iter().filter(|c| c.problem) {
        problems.push(format!(
            "cookie {} on {} ({}) was set before consent",
            c.name,
            c.domain,
            describe(&c.classification)
        ));
    }
    for s in before.storage.iter().filter(|s| s.problem) {
        problems.push(format!(
            "localStorage key {} on {} ({}) was written before consent",
            s.key,
            s.host,
            describe(&s.classification)
        ));
    }
    for r in before.requests.iter().filter(|r| r.problem) {
        problems.push(format!(
            "{} ({}, {}) was requested before consent, {} time{}",
            r.host,
            r.category.map_or("tracking", Category::name),
            r.tracker.as_deref().unwrap_or("tracker"),
            r.count,
            if r.count == 1 { "" } else { "s" }
        ));
    }
    let mut notes = Vec::new();
    let unknown: Vec<&str> = before
        .cookies
        .iter()
        .map(|c| (c.name.as_str(), &c.classification))
        .chain(
            before
                .storage
                .iter()
                .map(|s| (s.key.as_str(), &s.classification)),
        )
        .chain(after.into_iter().flat_map(|a| {
            a.cookies
                .iter()
                .map(|c| (c.name.as_str(), &c.classification))
                .chain(
                    a.storage
                        .iter()
                        .map(|s| (s.key.as_str(), &s.classification)),
                )
        }))
        .filter(|(_, c)| c.source == Source::Unknown)
        .map(|(n, _)| n)
        .collect();
    if !unknown.is_empty() {
        notes.push(format!(
            "{} name{} unknown to the Open Cookie Database (check {} yourself): {}",
            unknown.len(),
            if unknown.len() == 1 { " is" } else { "s are" },
            if unknown.len() == 1 { "it" } else { "them" },
            unknown.join(", ")
        ));
    }
    if let Some(errors) = &cg.config_errors {
        notes.push(format!(
            "the site's ConsentGate config is invalid; the browser logs: {}",
            errors.replace('\n', " / ")
        ));
    }
    if cg.started && !cg.accepted {
        notes.push(format!(
            "\"Accept all\" could not be given: {}",
            cg.note.as_deref().unwrap_or("unknown reason")
        ));
    }
    if config.is_some()
        && let Some(after) = after
    {
        let undeclared: Vec<&str> = after
            .cookies
            .iter()
            .filter(|c| c.declared.is_none())
            .map(|c| c.name.as_str())
            .chain(
                after
                    .storage
                    .iter()
                    .filter(|s| s.declared.is_none() && !s.key.starts_with(STORAGE_KEY))
                    .map(|s| s.key.as_str()),
            )
            .collect();
        if !undeclared.is_empty() {
            notes.push(format!(
                "after \"Accept all\", not declared in the config: {} (consent-gate scan --config FILE --write-config FILE adds them)",
                undeclared.join(", ")
            ));
        }
    }
    Verdict {
        clean: problems.is_empty(),
        problems,
        notes,
    }
}
