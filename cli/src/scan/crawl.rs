//! The crawl: the start page and the same-site pages its links lead to (breadth first, up to
//! the limit) before any choice, then "Accept all" on the start page and the same pages again;
//! each page loaded in a new tab and recorded (status, content type, ConsentGate, cookie jar,
//! `localStorage` keys, requests, links).

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use chromiumoxide::browser::Browser;
use chromiumoxide::error::CdpError;
use chromiumoxide::page::Page;
use url::Url;

use super::in_page::{ACCEPT_JS, AcceptAnswer, DETECT_JS, LINKS_JS, STORAGE_JS, eval};
use super::model::{ConsentGateOnPage, Observations, Phase, ScanError, SeenCookie, Visit};
use super::network::Network;
use super::{Options, browser_error};
use crate::site;

pub(super) struct Scanner<'a> {
    pub(super) browser: &'a Browser,
    pub(super) options: &'a Options,
}

/// What one page load returned besides its [`Visit`].
struct Loaded {
    visit: Visit,
    links: Vec<String>,
    consent_gate: Option<ConsentGateOnPage>,
}

impl Scanner<'_> {
    pub(super) async fn run(&self) -> Result<Observations, ScanError> {
        let start = self.options.start.clone();
        let site = site::site_of(&start);
        let mut visits = Vec::new();
        let mut skipped = Vec::new();
        let mut consent_gate = ConsentGateOnPage::default();
        let mut queue = VecDeque::from([start.clone()]);
        let mut seen: HashSet<String> = HashSet::from([start.to_string()]);
        let mut pages = Vec::new();
        let mut tried = 0;
        self.set_length(1);
        while let Some(url) = queue.pop_front() {
            if tried >= self.options.pages {
                break;
            }
            tried += 1;
            self.tick(Phase::BeforeConsent, &url);
            let first = pages.is_empty();
            let loaded = self.load(&url, Phase::BeforeConsent, first, false).await;
            self.done();
            let loaded = match loaded {
                Ok(loaded) => loaded,
                Err(e) if first => return Err(e),
                Err(e) => {
                    skipped.push((url.to_string(), e.to_string()));
                    self.set_length(self.options.pages.min(tried + queue.len()));
                    continue;
                }
            };
            if let Some(cg) = loaded.consent_gate {
                consent_gate = cg;
            }
            for href in &loaded.links {
                if let Some(link) = site::page_link(&url, href, &site)
                    && seen.insert(link.to_string())
                {
                    queue.push_back(link);
                }
            }
            pages.push(url);
            visits.push(loaded.visit);
            // Known so far: the pages scanned and those waiting, up to the limit.
            self.set_length(self.options.pages.min(tried + queue.len()));
        }
        if consent_gate.started {
            self.set_length(tried + pages.len());
            self.tick(Phase::AfterAccept, &start);
            let loaded = self.load(&start, Phase::AfterAccept, true, true).await;
            self.done();
            match loaded {
                Ok(loaded) => {
                    if let Some(cg) = loaded.consent_gate {
                        consent_gate.accepted = cg.accepted;
                        consent_gate.accept_note = cg.accept_note;
                    }
                    visits.push(loaded.visit);
                }
                Err(e) => consent_gate.accept_note = Some(format!("could not accept: {e}")),
            }
            if consent_gate.accepted {
                for url in pages.iter().skip(1) {
                    self.tick(Phase::AfterAccept, url);
                    let loaded = self.load(url, Phase::AfterAccept, false, false).await;
                    self.done();
                    match loaded {
                        Ok(loaded) => visits.push(loaded.visit),
                        Err(e) => skipped.push((url.to_string(), e.to_string())),
                    }
                }
            }
        }
        if let Some(bar) = &self.options.progress {
            bar.finish_and_clear();
        }
        Ok(Observations {
            start: start.to_string(),
            site,
            visits,
            consent_gate,
            skipped,
        })
    }

    /// Shows which page loads.
    fn tick(&self, phase: Phase, url: &Url) {
        if let Some(bar) = &self.options.progress {
            bar.set_message(format!("{}: {url}", phase.title()));
        }
    }

    /// Counts a page as done.
    fn done(&self) {
        if let Some(bar) = &self.options.progress {
            bar.inc(1);
        }
    }

    fn set_length(&self, pages: usize) {
        if let Some(bar) = &self.options.progress {
            bar.set_length(pages as u64);
        }
    }

    /// Loads `url` in a new tab and records it. `detect` looks for ConsentGate (and waits for
    /// it to start); `accept` then gives "Accept all".
    async fn load(
        &self,
        url: &Url,
        phase: Phase,
        detect: bool,
        accept: bool,
    ) -> Result<Loaded, ScanError> {
        let page = self
            .browser
            .new_page("about:blank")
            .await
            .map_err(browser_error)?;
        let result = self.record(&page, url, phase, detect, accept).await;
        let _ = tokio::time::timeout(Duration::from_secs(5), page.close()).await;
        result
    }

    async fn record(
        &self,
        page: &Page,
        url: &Url,
        phase: Phase,
        detect: bool,
        accept: bool,
    ) -> Result<Loaded, ScanError> {
        let net = Network::listen(page).await?;
        let shown = url.to_string();
        let secs = self.options.timeout.as_secs();
        match tokio::time::timeout(self.options.timeout, page.goto(shown.clone())).await {
            Err(_) | Ok(Err(CdpError::Timeout)) => {
                return Err(ScanError::Timeout { url: shown, secs });
            }
            Ok(Err(CdpError::ChromeMessage(why))) => {
                return Err(ScanError::Unreachable { url: shown, why });
            }
            Ok(Err(e)) => return Err(browser_error(e)),
            Ok(Ok(_)) => {}
        }
        net.settle(self.options.settle, self.options.timeout).await;
        let main_frame = page.mainframe().await.map_err(browser_error)?;
        let status = net.document_status(main_frame.as_ref().map(AsRef::as_ref));
        if let Some(status) = status.filter(|s| *s >= 400) {
            return Err(ScanError::Status { url: shown, status });
        }
        let content_type: String = eval(page, "() => document.contentType").await?;
        if !matches!(content_type.as_str(), "text/html" | "application/xhtml+xml") {
            return Err(ScanError::NotHtml {
                url: shown,
                content_type,
            });
        }
        let mut consent_gate = None;
        if detect {
            let mut found: ConsentGateOnPage = eval(page, DETECT_JS).await?;
            if accept && found.started {
                let answer: AcceptAnswer = eval(page, ACCEPT_JS).await?;
                found.accepted = answer.ok;
                found.accept_note = Some(answer.note);
                net.settle(self.options.settle, self.options.timeout).await;
            }
            consent_gate = Some(found);
        }
        let storage: Vec<String> = eval(page, STORAGE_JS).await?;
        let links: Vec<String> = eval(page, LINKS_JS).await?;
        let cookies = self
            .browser
            .get_cookies()
            .await
            .map_err(browser_error)?
            .into_iter()
            .map(|c| SeenCookie {
                expires: (!c.session && c.expires > 0.0).then_some(c.expires),
                name: c.name,
                domain: c.domain,
                path: c.path,
                http_only: c.http_only,
                secure: c.secure,
            })
            .collect();
        Ok(Loaded {
            visit: Visit {
                url: shown,
                phase,
                status,
                cookies,
                storage,
                requests: net.requests(),
            },
            links,
            consent_gate,
        })
    }
}
