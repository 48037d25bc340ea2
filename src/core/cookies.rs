//! Cookie names as a site declares them, and which cookies to delete when consent ends.
//!
//! A declared name is exact (`_gid`) unless it starts with `^` or ends with `$`; then it is a
//! small pattern: `^` and `$` anchor, `.` is any one character, `.*` any run, and `\` escapes
//! the next character. That covers what cookie tables need (`^_ga_`, `^_gcl_.*$`) without a
//! regex engine in the wasm. Anything else a regex would accept is refused with a clear error.

use std::fmt;

/// A validated cookie name or name pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieName {
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

impl CookieName {
    /// Parses a declared cookie name.
    ///
    /// # Errors
    /// A message (without field path) when the name is empty, holds characters a cookie name
    /// cannot, or uses pattern syntax beyond `^ $ . .* \`.
    pub fn parse(source: &str) -> Result<CookieName, String> {
        if source.is_empty() {
            return Err("a cookie name must not be empty".into());
        }
        if let Some(c) = source
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || matches!(c, ';' | ',' | '=' | '"'))
        {
            return Err(format!(
                "{source:?} contains {c:?}, which a cookie name cannot"
            ));
        }
        let start = source.starts_with('^');
        let end = source.ends_with('$') && !source.ends_with("\\$");
        if !start && !end {
            return Ok(CookieName {
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
        Ok(CookieName {
            source: source.to_owned(),
            kind: Kind::Pattern { start, end, atoms },
        })
    }

    /// The name as the site wrote it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether a cookie called `name` is covered by this declaration.
    #[must_use]
    pub fn matches(&self, name: &str) -> bool {
        match &self.kind {
            Kind::Exact => self.source == name,
            Kind::Pattern { start, end, atoms } => {
                let name: Vec<char> = name.chars().collect();
                let starts: Vec<usize> = if *start {
                    vec![0]
                } else {
                    (0..=name.len()).collect()
                };
                starts
                    .into_iter()
                    .any(|from| match_here(atoms, &name[from..], *end))
            }
        }
    }
}

fn match_here(atoms: &[Atom], name: &[char], end: bool) -> bool {
    match atoms.split_first() {
        None => !end || name.is_empty(),
        Some((Atom::AnyRun, rest)) => {
            (0..=name.len()).any(|skip| match_here(rest, &name[skip..], end))
        }
        Some((Atom::Any, rest)) => !name.is_empty() && match_here(rest, &name[1..], end),
        Some((Atom::Char(c), rest)) => name.first() == Some(c) && match_here(rest, &name[1..], end),
    }
}

impl fmt::Display for CookieName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// Google Analytics cookies, known without configuration (tied to `analytics_storage`).
#[must_use]
pub fn google_analytics_cookies() -> Vec<CookieName> {
    ["_ga", "^_ga_", "_gid", "^_gat"]
        .iter()
        .filter_map(|n| CookieName::parse(n).ok())
        .collect()
}

/// Google Ads conversion-linker cookies, known without configuration (tied to `ad_storage`).
#[must_use]
pub fn google_ads_cookies() -> Vec<CookieName> {
    ["^_gcl_"]
        .iter()
        .filter_map(|n| CookieName::parse(n).ok())
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

/// Which deletions remove every cookie in `present` that one of `rules` covers, wherever it
/// may have been set from `host`: host-only and on the host and each parent domain that has
/// at least two labels (the browser refuses public suffixes itself).
#[must_use]
pub fn deletion_plan(present: &[String], rules: &[CookieName], host: &str) -> Vec<Deletion> {
    let domains = candidate_domains(host);
    let mut plan = Vec::new();
    for name in present {
        if !rules.iter().any(|r| r.matches(name)) || plan.iter().any(|d: &Deletion| &d.name == name)
        {
            continue;
        }
        plan.push(Deletion {
            name: name.clone(),
            domain: None,
            path: "/".into(),
        });
        for domain in &domains {
            plan.push(Deletion {
                name: name.clone(),
                domain: Some(domain.clone()),
                path: "/".into(),
            });
        }
    }
    plan
}

fn candidate_domains(host: &str) -> Vec<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let is_ip = host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[');
    if is_ip || !host.contains('.') {
        return Vec::new();
    }
    let labels: Vec<&str> = host.split('.').collect();
    (0..labels.len() - 1)
        .map(|i| labels[i..].join("."))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> CookieName {
        CookieName::parse(s).unwrap()
    }

    #[test]
    fn exact_names_match_only_themselves() {
        assert!(name("_gid").matches("_gid"));
        assert!(!name("_gid").matches("_gid2"));
        assert!(!name("_gid").matches("x_gid"));
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
    fn refuses_what_it_cannot_honour() {
        assert_eq!(
            CookieName::parse("^_ga*").unwrap_err(),
            "\"^_ga*\": `*` is only supported as `.*` (any characters)"
        );
        assert_eq!(
            CookieName::parse("^(_ga|_gid)").unwrap_err(),
            "\"^(_ga|_gid)\": `(` is not supported here (patterns support ^, $, ., .* and \\)"
        );
        assert_eq!(
            CookieName::parse("a b").unwrap_err(),
            "\"a b\" contains ' ', which a cookie name cannot"
        );
        assert_eq!(
            CookieName::parse("").unwrap_err(),
            "a cookie name must not be empty"
        );
    }

    #[test]
    fn plans_deletion_on_host_and_every_parent() {
        let present = vec!["_ga".to_string(), "_ga_TEST123".into(), "theme".into()];
        let plan = deletion_plan(
            &present,
            &google_analytics_cookies(),
            "www.shop.example.test",
        );
        let strings: Vec<String> = plan.iter().map(Deletion::cookie_string).collect();
        assert_eq!(plan.len(), 8);
        assert!(strings.contains(
            &"_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/".to_string()
        ));
        for domain in ["www.shop.example.test", "shop.example.test", "example.test"] {
            assert!(
                plan.iter()
                    .any(|d| d.name == "_ga_TEST123" && d.domain.as_deref() == Some(domain)),
                "{domain}"
            );
        }
        assert!(!plan.iter().any(|d| d.name == "theme"));
    }

    #[test]
    fn ip_and_single_label_hosts_get_host_only_deletions() {
        let present = vec!["_ga".to_string()];
        for host in ["127.0.0.1", "localhost", "[::1]"] {
            let plan = deletion_plan(&present, &google_analytics_cookies(), host);
            assert_eq!(plan.len(), 1, "{host}");
            assert_eq!(plan[0].domain, None);
        }
    }
}
