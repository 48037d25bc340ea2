//! A report as text: terminal tables (columns padded, long cells cut), Markdown, or JSON.

use std::fmt::Write as _;

use crate::ocd::Category;
use crate::report::{PhaseFindings, Report};
use crate::scan::Phase;

impl Report {
    /// The report as pretty JSON.
    ///
    /// # Panics
    /// Never: every field serializes.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// The report as a Markdown document.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# ConsentGate scan of {}\n", self.start);
        let _ = writeln!(out, "{}\n", self.headline());
        for (title, findings) in self.phases() {
            let _ = writeln!(out, "## {}\n", capitalize(title));
            for table in tables(findings) {
                let _ = writeln!(out, "### {}\n", table.title);
                if table.rows.is_empty() {
                    let _ = writeln!(out, "None.\n");
                    continue;
                }
                let _ = writeln!(out, "| {} |", table.header.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(table.header.len()));
                for row in &table.rows {
                    let cells: Vec<String> = row.iter().map(|c| md_cell(c)).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
        let _ = writeln!(out, "## Verdict\n");
        for line in self.verdict_lines() {
            let _ = writeln!(out, "- {}", md_cell(&line));
        }
        let _ = writeln!(out, "\n{}", self.database);
        out
    }

    /// The report as terminal tables.
    #[must_use]
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "ConsentGate scan of {}", self.start);
        let _ = writeln!(out, "{}", self.headline());
        for (title, findings) in self.phases() {
            let _ = writeln!(out, "\n== {} ==", capitalize(title));
            for table in tables(findings) {
                let _ = writeln!(out, "\n{}", table.title);
                if table.rows.is_empty() {
                    let _ = writeln!(out, "  none");
                    continue;
                }
                out.push_str(&align(&table.header, &table.rows));
            }
        }
        let _ = writeln!(out, "\n== Verdict ==");
        for line in self.verdict_lines() {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "\n{}", self.database);
        out
    }

    fn phases(&self) -> Vec<(&'static str, &PhaseFindings)> {
        let mut phases = vec![(Phase::BeforeConsent.title(), &self.before_consent)];
        if let Some(after) = &self.after_accept {
            phases.push(("added after \"Accept all\"", after));
        }
        phases
    }

    fn headline(&self) -> String {
        let count = |phase| self.pages.iter().filter(|p| p.phase == phase).count();
        let pages = count(Phase::BeforeConsent);
        let mut line = format!(
            "site {}; {pages} page{} scanned",
            self.site,
            if pages == 1 { "" } else { "s" }
        );
        let cg = &self.consent_gate;
        if !cg.found {
            line.push_str("; ConsentGate not found on the start page");
        } else if !cg.started {
            line.push_str("; ConsentGate is on the page but did not start");
        } else {
            let _ = write!(
                line,
                "; ConsentGate {} found",
                cg.version.as_deref().unwrap_or("(unknown version)")
            );
            if cg.accepted {
                let _ = write!(
                    line,
                    ", \"Accept all\" given through {} and {} page{} scanned again",
                    cg.note.as_deref().unwrap_or("the API"),
                    count(Phase::AfterAccept),
                    if count(Phase::AfterAccept) == 1 {
                        ""
                    } else {
                        "s"
                    }
                );
            } else if let Some(note) = &cg.note {
                let _ = write!(line, ", but \"Accept all\" failed: {note}");
            }
        }
        line
    }

    fn verdict_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.verdict.clean {
            lines.push("clean: nothing that needs consent was set or requested before a choice (exit status 0)".into());
        } else {
            lines.push(format!(
                "{} thing{} that need{} consent happened before any choice (exit status 2):",
                self.verdict.problems.len(),
                if self.verdict.problems.len() == 1 {
                    ""
                } else {
                    "s"
                },
                if self.verdict.problems.len() == 1 {
                    "s"
                } else {
                    ""
                },
            ));
            lines.extend(self.verdict.problems.iter().map(|p| format!("  {p}")));
        }
        lines.extend(self.verdict.notes.iter().map(|n| format!("note: {n}")));
        for s in &self.skipped {
            lines.push(format!("skipped {}: {}", s.url, s.reason));
        }
        lines
    }
}

struct Table {
    title: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

fn mark(problem: bool) -> String {
    if problem { "!".into() } else { String::new() }
}

fn tables(f: &PhaseFindings) -> Vec<Table> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    vec![
        Table {
            title: "Cookies",
            header: vec![
                "!",
                "name",
                "category",
                "platform",
                "party",
                "domain",
                "path",
                "expires",
                "declared",
                "first seen",
            ],
            rows: f
                .cookies
                .iter()
                .map(|c| {
                    vec![
                        mark(c.problem),
                        c.name.clone(),
                        c.classification.category_name().into(),
                        opt(&c.classification.platform),
                        c.party.name().into(),
                        c.domain.clone(),
                        c.path.clone(),
                        c.lifetime.clone(),
                        opt(&c.declared),
                        c.first_seen.clone(),
                    ]
                })
                .collect(),
        },
        Table {
            title: "localStorage",
            header: vec![
                "!",
                "key",
                "category",
                "platform",
                "host",
                "declared",
                "first seen",
            ],
            rows: f
                .storage
                .iter()
                .map(|s| {
                    vec![
                        mark(s.problem),
                        s.key.clone(),
                        s.classification.category_name().into(),
                        opt(&s.classification.platform),
                        s.host.clone(),
                        opt(&s.declared),
                        s.first_seen.clone(),
                    ]
                })
                .collect(),
        },
        Table {
            title: "Third-party requests",
            header: vec![
                "!",
                "host",
                "requests",
                "tracker",
                "category",
                "kinds",
                "first seen",
            ],
            rows: f
                .requests
                .iter()
                .map(|r| {
                    vec![
                        mark(r.problem),
                        r.host.clone(),
                        r.count.to_string(),
                        opt(&r.tracker),
                        r.category.map_or("-", Category::name).into(),
                        r.kinds.join(", "),
                        r.first_seen.clone(),
                    ]
                })
                .collect(),
        },
    ]
}

/// Columns padded to their widest cell (long cells cut at 60 characters).
fn align(header: &[&str], rows: &[Vec<String>]) -> String {
    const MAX: usize = 60;
    let cut = |s: &str| -> String {
        if s.chars().count() > MAX {
            let mut t: String = s.chars().take(MAX - 1).collect();
            t.push('…');
            t
        } else {
            s.to_owned()
        }
    };
    let cells: Vec<Vec<String>> = std::iter::once(header.iter().map(|h| (*h).to_owned()).collect())
        .chain(rows.iter().map(|r| r.iter().map(|c| cut(c)).collect()))
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &cells {
        let mut line = String::from(" ");
        for (i, cell) in row.iter().enumerate() {
            let _ = write!(line, " {cell:<w$}", w = widths[i]);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
