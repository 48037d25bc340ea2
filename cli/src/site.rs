//! What belongs to the scanned site: its registrable domain (from the Public Suffix List,
//! through the `psl` crate), which links are its pages, and whether a cookie or request is
//! first or third party.

use std::net::IpAddr;

use serde::Serialize;
use url::Url;

/// First or third party, relative to the scanned site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    /// The site's own registrable domain (or its subdomains).
    First,
    /// Any other domain.
    Third,
}

impl Party {
    /// `first` or `third`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Party::First => "first",
            Party::Third => "third",
        }
    }
}

/// The registrable domain of `host` (`www.shop.example.co.uk` -> `example.co.uk`); IP
/// addresses, single-label hosts (`localhost`) and public suffixes stand for themselves.
#[must_use]
pub fn registrable(host: &str) -> String {
    let host = host
        .trim_start_matches('.')
        .trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    if host.parse::<IpAddr>().is_ok() || !host.contains('.') {
        return host;
    }
    psl::domain_str(&host).map_or_else(|| host.clone(), str::to_owned)
}

/// The site a URL belongs to: its registrable domain (empty for URLs without a host).
#[must_use]
pub fn site_of(url: &Url) -> String {
    url.host_str().map(registrable).unwrap_or_default()
}

/// Whether a cookie's domain (`.example.com`, `example.com`) or a request's host is `site`'s.
#[must_use]
pub fn party(site: &str, domain: &str) -> Party {
    if registrable(domain) == site {
        Party::First
    } else {
        Party::Third
    }
}

/// The page a link leads to, if the scan should visit it: http(s), on `site`, without its
/// fragment, and not an obvious download (by extension).
#[must_use]
pub fn page_link(base: &Url, href: &str, site: &str) -> Option<Url> {
    const FILES: &[&str] = &[
        "pdf", "zip", "gz", "tgz", "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "mp4", "mp3",
        "webm", "css", "js", "json", "xml", "txt", "csv", "doc", "docx", "xls", "xlsx", "woff",
        "woff2", "wasm", "md",
    ];
    let mut url = base.join(href.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || site_of(&url) != site {
        return None;
    }
    url.set_fragment(None);
    let last = url.path_segments()?.next_back().unwrap_or_default();
    if let Some((_, ext)) = last.rsplit_once('.')
        && FILES.contains(&ext.to_ascii_lowercase().as_str())
    {
        return None;
    }
    Some(url)
}

/// The start URL as typed, checked: http(s) with a host.
///
/// # Errors
/// A message quoting the input.
pub fn start_url(input: &str) -> Result<Url, String> {
    let url = Url::parse(input).map_err(|e| format!("{input:?} is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!(
            "{input:?} is not an http(s) URL (scan a site by its address, e.g. https://example.com/)"
        ));
    }
    Ok(url)
}
