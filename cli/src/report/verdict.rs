//! The verdict: the problems (what needed consent but was there before any choice) and the
//! notes worth a look (unknown names, an invalid config, "Accept all" not given, undeclared
//! names after it).

use consent_gate::core::STORAGE_KEY;
use consent_gate::core::config::Config;

use super::model::{Classification, ConsentGateSummary, PhaseFindings, Source, Verdict};
use crate::ocd::Category;

pub(super) fn judge(
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
