//! Drives real headless Chromium over the DevTools protocol and records what each page
//! stores and sends, first before any choice, then after "Accept all" when ConsentGate is on
//! the site.
//!
//! The client is `chromiumoxide` (see `cli/README.md` for why). Chromium runs with a fresh
//! profile in a temporary folder (its `HOME` too, so nothing lands in the user's), which is
//! deleted afterwards. Site isolation is off so that cross-site iframes load in the page's own
//! process and their requests reach the page's network events.
//!
//! The phases:
//! 1. **Before consent**: from the start URL, up to `pages` same-site pages (breadth first,
//!    by their links), each in a new tab of the same profile, as a visitor who never answers
//!    the banner would browse them.
//! 2. **After "Accept all"** (only when ConsentGate started on the start page): the start page
//!    again, `window.ConsentGate.acceptAll()` (the documented API; the banner's "Accept all"
//!    button in the widget's shadow root if the API is missing), the `consent-gate:change`
//!    event awaited, then the other pages again with the choice stored.
//!
//! What is recorded is raw ([`Observations`]); [`crate::report`] classifies it.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::network::{
    EventRequestWillBeSent, EventResponseReceived, ResourceType,
};
use chromiumoxide::error::CdpError;
use chromiumoxide::page::Page;
use futures::StreamExt;
use indicatif::ProgressBar;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::site;

/// Where Debian installs Chromium.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// How a scan runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// The first page.
    pub start: Url,
    /// At most this many pages are tried (per phase).
    pub pages: usize,
    /// The Chromium binary.
    pub chromium: PathBuf,
    /// How long one page may take to load.
    pub timeout: Duration,
    /// How long the network must be quiet before a page counts as settled.
    pub settle: Duration,
    /// More Chromium flags (`--proxy-server=...`, `--host-resolver-rules=...`).
    pub chromium_args: Vec<String>,
    /// A progress bar to advance (the caller shows it only on a terminal).
    pub progress: Option<ProgressBar>,
}

/// Which phase a visit belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// No choice made.
    BeforeConsent,
    /// After "Accept all".
    AfterAccept,
}

impl Phase {
    /// How the report titles it.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Phase::BeforeConsent => "before consent",
            Phase::AfterAccept => "after \"Accept all\"",
        }
    }
}

/// A cookie in the browser's jar.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeenCookie {
    /// Its name.
    pub name: String,
    /// The domain it is set on (`.example.com` for a domain cookie).
    pub domain: String,
    /// Its path.
    pub path: String,
    /// When it expires (Unix seconds); `None` for a session cookie.
    pub expires: Option<f64>,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `Secure`.
    pub secure: bool,
}

/// A request a page made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeenRequest {
    /// The URL.
    pub url: String,
    /// Its host.
    pub host: String,
    /// What kind of resource (`Script`, `Image`, `XHR`, ...).
    pub kind: String,
}

/// One page load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Visit {
    /// The page.
    pub url: String,
    /// Which phase.
    pub phase: Phase,
    /// The main document's HTTP status.
    pub status: Option<i64>,
    /// The whole cookie jar once the page settled (every domain).
    pub cookies: Vec<SeenCookie>,
    /// The page's `localStorage` keys once it settled.
    pub storage: Vec<String>,
    /// Every request the page made.
    pub requests: Vec<SeenRequest>,
}

/// What the start page said about ConsentGate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentGateOnPage {
    /// ConsentGate's script tag, element or inline config is on the page.
    pub marker: bool,
    /// `window.ConsentGate` exists (it started).
    pub started: bool,
    /// `ConsentGate.version`.
    pub version: Option<String>,
    /// The config's address (`data-config`, resolved), if it comes from a URL.
    pub config_url: Option<String>,
    /// The config text the site serves, if it could be read.
    pub config: Option<String>,
    /// "Accept all" was given and `consent-gate:change` arrived.
    #[serde(default)]
    pub accepted: bool,
    /// How the choice was made (`api` or `button`), or why it could not be.
    #[serde(default)]
    pub accept_note: Option<String>,
}

/// Everything a scan saw.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Observations {
    /// The start URL.
    pub start: String,
    /// The site's registrable domain.
    pub site: String,
    /// Every page load, in order.
    pub visits: Vec<Visit>,
    /// ConsentGate on the start page.
    pub consent_gate: ConsentGateOnPage,
    /// Pages found but not scanned, with why.
    pub skipped: Vec<(String, String)>,
}

/// Why a scan could not run. Each is one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanError {
    /// No Chromium at the path.
    ChromiumMissing(PathBuf),
    /// Chromium did not start.
    Launch(String),
    /// The page could not be reached (DNS, refused connection, TLS...).
    Unreachable {
        /// The page.
        url: String,
        /// Chromium's network error (`net::ERR_CONNECTION_REFUSED`).
        why: String,
    },
    /// The page did not load in time.
    Timeout {
        /// The page.
        url: String,
        /// The limit.
        secs: u64,
    },
    /// The page is not HTML.
    NotHtml {
        /// The page.
        url: String,
        /// Its content type.
        content_type: String,
    },
    /// The server answered with an error status.
    Status {
        /// The page.
        url: String,
        /// The status.
        status: i64,
    },
    /// The DevTools connection failed mid-scan.
    Browser(String),
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::ChromiumMissing(path) => write!(
                f,
                "Chromium was not found at {} (install Debian's `chromium`, or pass --chromium PATH)",
                path.display()
            ),
            ScanError::Launch(why) => write!(f, "could not start Chromium: {why}"),
            ScanError::Unreachable { url, why } => write!(f, "could not reach {url}: {why}"),
            ScanError::Timeout { url, secs } => write!(
                f,
                "{url} did not finish loading within {secs} s (raise --timeout to wait longer)"
            ),
            ScanError::NotHtml { url, content_type } => write!(
                f,
                "{url} is not an HTML page (it is {content_type}); scan a page of the site"
            ),
            ScanError::Status { url, status } => {
                write!(f, "{url} answered HTTP {status}; scan a page that exists")
            }
            ScanError::Browser(why) => write!(f, "the browser failed during the scan: {why}"),
        }
    }
}

impl std::error::Error for ScanError {}

/// Scans a site.
///
/// # Errors
/// When Chromium is missing or fails, or the start page cannot be scanned (unreachable, too
/// slow, not HTML, an HTTP error). Later pages that fail are listed in
/// [`Observations::skipped`] instead.
pub async fn scan(options: &Options) -> Result<Observations, ScanError> {
    if !options.chromium.is_file() {
        return Err(ScanError::ChromiumMissing(options.chromium.clone()));
    }
    let temp = tempfile::Builder::new()
        .prefix("consent-gate-scan-")
        .tempdir()
        .map_err(|e| ScanError::Launch(format!("no temporary folder for its profile: {e}")))?;
    let (mut browser, mut handler) = Browser::launch(browser_config(options, temp.path())?)
        .await
        .map_err(|e| ScanError::Launch(first_line(&e.to_string())))?;
    let events = tokio::spawn(async move { while handler.next().await.is_some() {} });
    let result = Scanner {
        browser: &browser,
        options,
    }
    .run()
    .await;
    // Close politely, then make sure: the profile folder is deleted after Chromium is gone.
    let _ = tokio::time::timeout(Duration::from_secs(5), browser.close()).await;
    if tokio::time::timeout(Duration::from_secs(5), browser.wait())
        .await
        .is_err()
    {
        let _ = browser.kill().await;
    }
    events.abort();
    drop(temp);
    result
}

fn browser_config(options: &Options, temp: &std::path::Path) -> Result<BrowserConfig, ScanError> {
    let home = temp.join("home");
    std::fs::create_dir_all(&home)
        .map_err(|e| ScanError::Launch(format!("could not prepare its profile: {e}")))?;
    let home = home.display().to_string();
    BrowserConfig::builder()
        .chrome_executable(&options.chromium)
        .disable_default_args()
        .no_sandbox()
        .user_data_dir(temp.join("profile"))
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("XDG_CACHE_HOME", &home)
        // chromiumoxide writes each flag as `--` + the text given.
        .args(
            FLAGS
                .iter()
                .copied()
                .chain(options.chromium_args.iter().map(String::as_str))
                .map(|f| f.trim_start_matches('-').to_owned()),
        )
        .launch_timeout(Duration::from_secs(30))
        // Our own timeout (per page) fires first and words the error.
        .request_timeout(options.timeout + Duration::from_secs(10))
        .build()
        .map_err(ScanError::Launch)
}

/// The flags Chromium runs with (besides headless, no sandbox, the profile and the DevTools
/// port, which chromiumoxide adds).
const FLAGS: &[&str] = &[
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-breakpad",
    "--disable-dev-shm-usage",
    // Cross-site iframes in the page's process: their requests reach the page's events.
    "--disable-features=IsolateOrigins,site-per-process,Translate,MediaRouter",
    "--disable-site-isolation-trials",
];

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_owned()
}

struct Scanner<'a> {
    browser: &'a Browser,
    options: &'a Options,
}

/// What one page load returned besides its [`Visit`].
struct Loaded {
    visit: Visit,
    links: Vec<String>,
    consent_gate: Option<ConsentGateOnPage>,
}

impl Scanner<'_> {
    async fn run(&self) -> Result<Observations, ScanError> {
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

#[allow(clippy::needless_pass_by_value)] // by value to fit `.map_err(browser_error)`
fn browser_error(e: CdpError) -> ScanError {
    ScanError::Browser(first_line(&e.to_string()))
}

async fn eval<T: serde::de::DeserializeOwned>(page: &Page, js: &str) -> Result<T, ScanError> {
    page.evaluate_function(js)
        .await
        .map_err(browser_error)?
        .into_value()
        .map_err(|e| ScanError::Browser(format!("unexpected answer from the page: {e}")))
}

/// A tab's network events, collected as they arrive.
struct Network {
    state: Arc<Mutex<NetState>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

struct NetState {
    requests: Vec<SeenRequest>,
    /// Main-document responses: frame, status.
    documents: Vec<(String, i64)>,
    last: Instant,
}

impl Network {
    async fn listen(page: &Page) -> Result<Network, ScanError> {
        let state = Arc::new(Mutex::new(NetState {
            requests: Vec::new(),
            documents: Vec::new(),
            last: Instant::now(),
        }));
        let mut sent = page
            .event_listener::<EventRequestWillBeSent>()
            .await
            .map_err(browser_error)?;
        let mut received = page
            .event_listener::<EventResponseReceived>()
            .await
            .map_err(browser_error)?;
        let s = Arc::clone(&state);
        let requests = tokio::spawn(async move {
            while let Some(e) = sent.next().await {
                let host = Url::parse(&e.request.url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .unwrap_or_default();
                let kind = e
                    .r#type
                    .as_ref()
                    .map_or_else(|| "Other".to_owned(), |t| t.as_ref().to_owned());
                if let Ok(mut st) = s.lock() {
                    st.last = Instant::now();
                    st.requests.push(SeenRequest {
                        url: e.request.url.clone(),
                        host,
                        kind,
                    });
                }
            }
        });
        let s = Arc::clone(&state);
        let responses = tokio::spawn(async move {
            while let Some(e) = received.next().await {
                if let Ok(mut st) = s.lock() {
                    st.last = Instant::now();
                    if e.r#type == ResourceType::Document {
                        let frame = e
                            .frame_id
                            .as_ref()
                            .map(|f| f.as_ref().to_owned())
                            .unwrap_or_default();
                        st.documents.push((frame, e.response.status));
                    }
                }
            }
        });
        Ok(Network {
            state,
            tasks: vec![requests, responses],
        })
    }

    /// Waits until nothing was sent or received for `quiet` (at least `quiet`, at most
    /// `limit`).
    async fn settle(&self, quiet: Duration, limit: Duration) {
        let started = Instant::now();
        tokio::time::sleep(quiet.min(limit)).await;
        while started.elapsed() < limit {
            let idle = self.state.lock().map_or(quiet, |st| st.last.elapsed());
            if idle >= quiet {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn document_status(&self, main_frame: Option<&str>) -> Option<i64> {
        let st = self.state.lock().ok()?;
        st.documents
            .iter()
            .rev()
            .find(|(frame, _)| main_frame.is_none_or(|m| m == frame))
            .map(|(_, status)| *status)
    }

    fn requests(&self) -> Vec<SeenRequest> {
        self.state
            .lock()
            .map(|st| st.requests.clone())
            .unwrap_or_default()
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

#[derive(Deserialize)]
struct AcceptAnswer {
    ok: bool,
    note: String,
}

/// Finds ConsentGate and waits (5 s at most) for it to start; reads the config it uses.
const DETECT_JS: &str = r#"async () => {
  const script = document.querySelector('script[src*="consent-gate"]');
  const inline = document.getElementById('consent-gate-config');
  const marker = !!(script || inline || document.querySelector('consent-gate'));
  if (marker && !window.ConsentGate) {
    await new Promise((done) => {
      document.addEventListener('consent-gate:ready', done, { once: true });
      setTimeout(done, 5000);
    });
  }
  let configUrl = null, config = null;
  const attr = script && script.getAttribute('data-config');
  if (attr) {
    configUrl = new URL(attr, document.baseURI).href;
    try {
      const r = await fetch(configUrl, { cache: 'no-store', credentials: 'same-origin' });
      if (r.ok) config = await r.text();
    } catch (e) {}
  } else if (inline) {
    config = inline.textContent;
  }
  const api = window.ConsentGate;
  return {
    marker, started: !!api, version: api && api.version ? String(api.version) : null,
    configUrl, config,
  };
}"#;

/// Gives "Accept all" (the API, else the banner's button) and waits for the change event.
const ACCEPT_JS: &str = r#"async () => {
  const changed = new Promise((done) => {
    document.addEventListener('consent-gate:change', () => done(true), { once: true });
    setTimeout(() => done(false), 5000);
  });
  let how;
  if (window.ConsentGate && typeof window.ConsentGate.acceptAll === 'function') {
    window.ConsentGate.acceptAll();
    how = 'ConsentGate.acceptAll()';
  } else {
    const root = document.querySelector('consent-gate')?.shadowRoot;
    const name = (b) => (b.getAttribute('aria-label') || b.textContent || '').trim();
    const button = root && [...root.querySelectorAll('button')].find((b) => name(b) === 'Accept all');
    if (!button) return { ok: false, note: 'neither ConsentGate.acceptAll() nor an "Accept all" button was found' };
    button.click();
    how = 'the "Accept all" button';
  }
  const ok = await changed;
  return { ok, note: ok ? how : how + ' gave no consent-gate:change event within 5 s' };
}"#;

const STORAGE_JS: &str = r"() => {
  try { return Object.keys(window.localStorage); } catch (e) { return []; }
}";

const LINKS_JS: &str = r"() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)";
