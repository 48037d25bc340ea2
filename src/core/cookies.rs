//! Cookie names as a site declares them, and which cookies to delete when consent ends.
//!
//! A declared name is exact (`_gid`) unless it starts with `^` or ends with `$`; then it is a
//! small pattern: `^` and `$` anchor, `.` is any one character, `.*` any run, and `\` escapes
//! the next character. That covers what cookie tables need (`^_ga_`, `^_gcl_.*$`) without a
//! regex engine in the wasm. Anything else a regex would accept is refused with a clear error.

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt;

/// A validated cookie or storage-key name, or a name pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamePattern {
    source: String,
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Exact,
    Pattern {
        start: bool,
        end: bool,
        atoms: Vec<Atom>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Atom {
    Char(char),
    Any,
    AnyRun,
}

impl NamePattern {
    /// Parses a declared cookie name or storage key.
    ///
    /// # Errors
    /// A message (without field path) when the name is empty, holds characters a cookie name
    /// cannot, or uses pattern syntax beyond `^ $ . .* \`.
    pub fn parse(source: &str) -> Result<NamePattern, String> {
        if source.is_empty() {
            return Err("a name must not be empty".into());
        }
        if let Some(c) = source
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || matches!(c, ';' | ',' | '=' | '"'))
        {
            return Err(format!(
                "{source:?} contains {c:?}, which a cookie name or storage key here cannot"
            ));
        }
        let start = source.starts_with('^');
        // A final `$` anchors unless escaped: after an odd run of `\` (`a\$` is a literal `$`,
        // `a\\$` a literal `\` and the anchor).
        let end = source.strip_suffix('$').is_some_and(|before| {
            (before.len() - before.trim_end_matches('\\').len()).is_multiple_of(2)
        });
        if !start && !end {
            return Ok(NamePattern {
                source: source.to_owned(),
                kind: Kind::Exact,
            });
        }
        let body = &source[usize::from(start)..source.len() - usize::from(end)];
        let mut atoms = Vec::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            let atom = match c {
                '\\' => match chars.next() {
                    Some(escaped) => Atom::Char(escaped),
                    None => return Err(format!("{source:?} ends with a lone \\")),
                },
                '.' if chars.peek() == Some(&'*') => {
                    chars.next();
                    Atom::AnyRun
                }
                '.' => Atom::Any,
                '*' => {
                    return Err(format!(
                        "{source:?}: `*` is only supported as `.*` (any characters)"
                    ));
                }
                '^' | '$' | '[' | ']' | '(' | ')' | '{' | '}' | '|' | '+' | '?' => {
                    return Err(format!(
                        "{source:?}: `{c}` is not supported here (patterns support ^, $, ., .* and \\)"
                    ));
                }
                other => Atom::Char(other),
            };
            atoms.push(atom);
        }
        if atoms.iter().all(|a| *a == Atom::AnyRun) {
            return Err(if atoms.is_empty() && start && end {
                format!("{source:?} matches only an empty name, which no cookie has")
            } else {
                format!(
                    "{source:?} matches every name: withdrawing consent would delete every cookie and key of the site"
                )
            });
        }
        Ok(NamePattern {
            source: source.to_owned(),
            kind: Kind::Pattern { start, end, atoms },
        })
    }

    /// The name as the site wrote it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether a cookie called `name` is covered by this declaration. Linear in the name's
    /// length (times the pattern's): the pattern runs as a set of states over the name, so no
    /// combination of `.*` can make it backtrack.
    #[must_use]
    pub fn matches(&self, name: &str) -> bool {
        match &self.kind {
            Kind::Exact => self.source == name,
            Kind::Pattern { start, end, atoms } => run(atoms, *start, *end, name),
        }
    }

    /// The name as a visitor reads it: exact names as they are, patterns with `*` for any run
    /// of characters and `?` for one (`^_ga_` -> `_ga_*`, `_session$` -> `*_session`).
    #[must_use]
    pub fn display(&self) -> String {
        let Kind::Pattern { start, end, atoms } = &self.kind else {
            return self.source.clone();
        };
        let star = |out: &mut String| {
            if !out.ends_with('*') {
                out.push('*');
            }
        };
        let mut out = String::new();
        if !start {
            star(&mut out);
        }
        for atom in atoms {
            match atom {
                Atom::Char(c) => out.push(*c),
                Atom::Any => out.push('?'),
                Atom::AnyRun => star(&mut out),
            }
        }
        if !end {
            star(&mut out);
        }
        out
    }
}

/// Runs `atoms` over `name` as a set of states (Thompson's construction): state `i` means the
/// first `i` atoms have matched. `.*` keeps its state on any character and may be skipped.
fn run(atoms: &[Atom], start: bool, end: bool, name: &str) -> bool {
    let n = atoms.len();
    let skip_runs = |states: &mut [bool]| {
        for i in 0..n {
            if states[i] && atoms[i] == Atom::AnyRun {
                states[i + 1] = true;
            }
        }
    };
    let mut states = vec![false; n + 1];
    states[0] = true;
    skip_runs(&mut states);
    let mut next = vec![false; n + 1];
    for c in name.chars() {
        if !end && states[n] {
            return true;
        }
        next.iter_mut().for_each(|s| *s = false);
        for i in 0..n {
            if !states[i] {
                continue;
            }
            match atoms[i] {
                Atom::Char(x) if x == c => next[i + 1] = true,
                Atom::Char(_) => {}
                Atom::Any => next[i + 1] = true,
                Atom::AnyRun => next[i] = true,
            }
        }
        // Unanchored at the start: a match may begin at any character.
        if !start {
            next[0] = true;
        }
        skip_runs(&mut next);
        core::mem::swap(&mut states, &mut next);
        if !states.contains(&true) {
            return false;
        }
    }
    states[n]
}

impl fmt::Display for NamePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// A cookie to delete when consent ends: a name or pattern, and the path it is set on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieRule {
    /// Which names.
    pub name: NamePattern,
    /// The cookie's path (`/` unless the config says otherwise).
    pub path: String,
}

impl CookieRule {
    fn root(name: &str) -> Option<CookieRule> {
        NamePattern::parse(name).ok().map(|name| CookieRule {
            name,
            path: "/".into(),
        })
    }
}

/// Google Analytics cookies, known without configuration (tied to `analytics_storage`).
#[must_use]
pub fn google_analytics_cookies() -> Vec<CookieRule> {
    ["_ga", "^_ga_", "_gid", "^_gat"]
        .iter()
        .filter_map(|n| CookieRule::root(n))
        .collect()
}

/// Google Ads conversion-linker cookies, known without configuration (tied to `ad_storage`).
#[must_use]
pub fn google_ads_cookies() -> Vec<CookieRule> {
    ["^_gcl_"]
        .iter()
        .filter_map(|n| CookieRule::root(n))
        .collect()
}

/// Microsoft UET's first-party cookies (tied to `ad_storage`).
#[must_use]
pub fn uet_cookies() -> Vec<CookieRule> {
    ["_uetsid", "_uetvid", "_uetmsclkid"]
        .iter()
        .filter_map(|n| CookieRule::root(n))
        .collect()
}

/// Microsoft Clarity's first-party cookies (tied to `analytics_storage`).
#[must_use]
pub fn clarity_cookies() -> Vec<CookieRule> {
    ["_clck", "_clsk"]
        .iter()
        .filter_map(|n| CookieRule::root(n))
        .collect()
}

/// One cookie deletion the shell writes as
/// `name=; Max-Age=0; Path=path[; Domain=domain]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deletion {
    /// The cookie's name.
    pub name: String,
    /// `None` deletes the host-only cookie.
    pub domain: Option<String>,
    /// The cookie path.
    pub path: String,
}

impl Deletion {
    /// The `document.cookie` assignment that deletes it.
    #[must_use]
    pub fn cookie_string(&self) -> String {
        let mut s = format!(
            "{}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path={}",
            self.name, self.path
        );
        if let Some(domain) = &self.domain {
            s.push_str("; Domain=");
            s.push_str(domain);
        }
        s
    }
}

/// The domains a cookie for `host` could be set on, longest first: the host and each parent
/// with at least two labels. Empty for IP addresses and single-label hosts (`localhost`).
#[must_use]
pub fn domain_candidates(host: &str) -> Vec<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    // IPv4 (all labels numeric) or IPv6 (has a colon, bracketed in URLs): no parent domains.
    let is_ip = host.contains(':')
        || host
            .split('.')
            .all(|l| l.bytes().all(|b| b.is_ascii_digit()));
    if is_ip || !host.contains('.') {
        return Vec::new();
    }
    let labels: Vec<&str> = host.split('.').collect();
    (0..labels.len() - 1)
        .map(|i| labels[i..].join("."))
        .collect()
}

/// The registrable domain of `host` (`a.b.example.co.uk` -> `example.co.uk`): the shortest
/// candidate domain that accepts a cookie. The browser refuses cookies on public suffixes
/// using its own copy of the Public Suffix List, so `accepts` (a probe cookie written by the
/// shell) answers exactly for the browser that holds the cookies, at no cost in wasm size.
pub fn registrable_domain(host: &str, mut accepts: impl FnMut(&str) -> bool) -> Option<String> {
    domain_candidates(host)
        .into_iter()
        .rev()
        .find(|domain| accepts(domain))
}

/// Which deletions remove every cookie in `present` that a rule covers, wherever it may have
/// been set from `host`: host-only, and on the host and each parent down to the registrable
/// domain (every candidate when that is unknown), on `/` and on each path the rules name.
#[must_use]
pub fn deletion_plan(
    present: &[String],
    rules: &[CookieRule],
    host: &str,
    registrable: Option<&str>,
) -> Vec<Deletion> {
    let mut domains = domain_candidates(host);
    if let Some(registrable) = registrable
        && let Some(end) = domains.iter().position(|d| d == registrable)
    {
        domains.truncate(end + 1);
    }
    let mut plan = Vec::new();
    for name in present {
        let matching: Vec<&CookieRule> = rules.iter().filter(|r| r.name.matches(name)).collect();
        if matching.is_empty() || plan.iter().any(|d: &Deletion| &d.name == name) {
            continue;
        }
        let mut paths: Vec<&str> = vec!["/"];
        for rule in matching {
            if !paths.contains(&rule.path.as_str()) {
                paths.push(&rule.path);
            }
        }
        for path in paths {
            for domain in core::iter::once(None).chain(domains.iter().map(Some)) {
                plan.push(Deletion {
                    name: name.clone(),
                    domain: domain.cloned(),
                    path: path.to_owned(),
                });
            }
        }
    }
    plan
}

/// The storage keys in `present` that `rules` cover. ConsentGate's own keys are never
/// included.
#[must_use]
pub fn storage_deletions(present: &[String], rules: &[NamePattern]) -> Vec<String> {
    present
        .iter()
        .filter(|k| !k.starts_with(super::STORAGE_KEY))
        .filter(|k| rules.iter().any(|r| r.matches(k)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> NamePattern {
        NamePattern::parse(s).unwrap()
    }

    #[test]
    fn exact_names_match_only_themselves() {
        assert!(name("_gid").matches("_gid"));
        assert!(!name("_gid").matches("_gid2"));
        assert!(!name("_gid").matches("x_gid"));
    }

    #[test]
    fn a_pattern_that_matches_every_name_or_none_is_refused() {
        for every in ["^", "$", "^.*", ".*$", "^.*$", "^.*.*"] {
            let e = NamePattern::parse(every).unwrap_err();
            assert!(e.contains("matches every name"), "{every}: {e}");
        }
        assert_eq!(
            NamePattern::parse("^$").unwrap_err(),
            "\"^$\" matches only an empty name, which no cookie has"
        );
        assert!(NamePattern::parse("^_ga").is_ok());
        assert!(NamePattern::parse("^.*_session$").is_ok());
    }

    #[test]
    fn patterns_anchor_and_wildcard() {
        assert!(name("^_ga").matches("_ga"));
        assert!(name("^_ga").matches("_ga_TEST123"));
        assert!(!name("^_ga").matches("x_ga"));
        assert!(name("^_ga$").matches("_ga"));
        assert!(!name("^_ga$").matches("_ga_X"));
        assert!(name("^_gcl_.*$").matches("_gcl_au"));
        assert!(name("_session$").matches("my_session"));
        assert!(!name("_session$").matches("my_session2"));
        assert!(name("^a.c$").matches("abc"));
        assert!(!name("^a.c$").matches("ac"));
        assert!(name("^a\\.c$").matches("a.c"));
        assert!(!name("^a\\.c$").matches("abc"));
    }

    #[test]
    fn many_runs_match_in_linear_time() {
        // Twelve `.*` and a 40-character name once froze a page for 33 seconds.
        let pattern = name(&format!("^{}x$", "a.*".repeat(12)));
        let started = std::time::Instant::now();
        assert!(!pattern.matches(&"a".repeat(40)));
        assert!(pattern.matches(&format!("{}x", "a".repeat(40))));
        assert!(!pattern.matches(&"a".repeat(100_000)));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn an_escaped_backslash_before_the_end_anchor_leaves_it_an_anchor() {
        // Found by tests/properties/: `^a\\$` was refused ("`$` is not supported") and `\\$`
        // read as an exact name, backslashes and all.
        assert!(name("\\\\$").matches("x\\"));
        assert!(name("^a\\\\$").matches("a\\"));
        assert!(!name("^a\\\\$").matches("a\\b"));
        assert!(name("^a\\$").matches("a$"));
        assert!(
            name("^a\\$").matches("a$b"),
            "an escaped `$` does not anchor"
        );
    }

    #[test]
    fn unanchored_and_single_character_atoms() {
        assert!(name("_x.$").matches("a_xy"));
        assert!(!name("_x.$").matches("a_x"));
        assert!(name("^.*.$").matches("a"), "at least one character");
        assert!(!name("^a$").matches(""));
        assert!(name("mid$").matches("mid"));
        assert!(name("^mid").matches("middle"));
    }

    #[test]
    fn patterns_read_as_words() {
        assert_eq!(name("_gid").display(), "_gid");
        assert_eq!(name("^_ga_").display(), "_ga_*");
        assert_eq!(name("^_gcl_.*$").display(), "_gcl_*");
        assert_eq!(name("_session$").display(), "*_session");
        assert_eq!(name("^a.c$").display(), "a?c");
        assert_eq!(name("^intercom-session-").display(), "intercom-session-*");
        assert_eq!(name("^a\\.c$").display(), "a.c");
    }

    #[test]
    fn refuses_what_it_cannot_honour() {
        assert_eq!(
            NamePattern::parse("^_ga*").unwrap_err(),
            "\"^_ga*\": `*` is only supported as `.*` (any characters)"
        );
        assert_eq!(
            NamePattern::parse("^(_ga|_gid)").unwrap_err(),
            "\"^(_ga|_gid)\": `(` is not supported here (patterns support ^, $, ., .* and \\)"
        );
        assert_eq!(
            NamePattern::parse("a b").unwrap_err(),
            "\"a b\" contains ' ', which a cookie name or storage key here cannot"
        );
        assert_eq!(
            NamePattern::parse("").unwrap_err(),
            "a name must not be empty"
        );
    }

    #[test]
    fn plans_deletion_on_host_and_every_parent_up_to_the_registrable_domain() {
        let present = vec!["_ga".to_string(), "_ga_TEST123".into(), "theme".into()];
        let host = "www.shop.example.co.uk";
        let registrable = registrable_domain(host, |d| d.split('.').count() >= 3);
        assert_eq!(registrable.as_deref(), Some("example.co.uk"));
        let plan = deletion_plan(
            &present,
            &google_analytics_cookies(),
            host,
            registrable.as_deref(),
        );
        let strings: Vec<String> = plan.iter().map(Deletion::cookie_string).collect();
        assert_eq!(plan.len(), 8, "{strings:#?}");
        assert!(strings.contains(
            &"_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/".to_string()
        ));
        for domain in [
            "www.shop.example.co.uk",
            "shop.example.co.uk",
            "example.co.uk",
        ] {
            assert!(
                plan.iter()
                    .any(|d| d.name == "_ga_TEST123" && d.domain.as_deref() == Some(domain)),
                "{domain}"
            );
        }
        assert!(!plan.iter().any(|d| d.domain.as_deref() == Some("co.uk")));
        assert!(!plan.iter().any(|d| d.name == "theme"));
    }

    #[test]
    fn without_a_known_registrable_domain_every_parent_is_tried() {
        let plan = deletion_plan(
            &["_gid".to_string()],
            &google_analytics_cookies(),
            "a.example.test",
            None,
        );
        let domains: Vec<Option<&str>> = plan.iter().map(|d| d.domain.as_deref()).collect();
        assert_eq!(
            domains,
            [None, Some("a.example.test"), Some("example.test")]
        );
    }

    #[test]
    fn configured_paths_are_deleted_too() {
        let rules = vec![CookieRule {
            name: NamePattern::parse("cart_ref").unwrap(),
            path: "/shop".into(),
        }];
        let plan = deletion_plan(&["cart_ref".to_string()], &rules, "localhost", None);
        let strings: Vec<String> = plan.iter().map(Deletion::cookie_string).collect();
        assert_eq!(
            strings,
            [
                "cart_ref=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
                "cart_ref=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/shop",
            ]
        );
    }

    #[test]
    fn ip_and_single_label_hosts_get_host_only_deletions() {
        let present = vec!["_ga".to_string()];
        for host in ["127.0.0.1", "localhost", "[::1]"] {
            let plan = deletion_plan(&present, &google_analytics_cookies(), host, None);
            assert_eq!(plan.len(), 1, "{host}");
            assert_eq!(plan[0].domain, None);
            assert_eq!(registrable_domain(host, |_| true), None);
        }
    }

    #[test]
    fn storage_deletions_never_touch_consent_gate_keys() {
        let rules = vec![
            NamePattern::parse("^yt").unwrap(),
            NamePattern::parse("^consent").unwrap(),
        ];
        let keys: Vec<String> = [
            "yt-player",
            "consent-gate",
            "consent-gate:probe",
            "consent-x",
            "cart",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(storage_deletions(&keys, &rules), ["yt-player", "consent-x"]);
    }
}
