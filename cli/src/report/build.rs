//! [`Report::build`]: a scan's observations turned into findings per phase (what appeared
//! after "Accept all" only), page summaries, ConsentGate's summary and the verdict.

use std::collections::{BTreeMap, BTreeSet};

use consent_gate::core::config::Config;

use super::classify::{Declared, classify, google_tag, lifetime, needs_consent};
use super::model::{
    ConsentGateSummary, CookieFinding, PageCookie, PageSummary, PhaseFindings, Report,
    RequestFinding, Skipped, StorageFinding,
};
use super::verdict::judge;
use crate::ocd::{Database, NOTICE};
use crate::scan::{ConsentGateOnPage, Observations, Phase, SeenCookie, Visit};
use crate::site::{self, Party};

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
