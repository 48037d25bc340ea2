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
//!
//! The parts: this module launches and closes Chromium; `crawl` walks the pages in both
//! phases and records each; `network` collects a tab's requests; `in_page` holds the scripts
//! run in the page (ConsentGate found and accepted, `localStorage` keys, links); `model` holds
//! what is recorded and [`ScanError`].

mod crawl;
mod in_page;
mod model;
mod network;

use std::path::PathBuf;
use std::time::Duration;

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::error::CdpError;
use futures::StreamExt;
use indicatif::ProgressBar;
use url::Url;

use crawl::Scanner;
pub use model::{
    ConsentGateOnPage, Observations, Phase, ScanError, SeenCookie, SeenRequest, Visit,
};

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

#[allow(clippy::needless_pass_by_value)] // by value to fit `.map_err(browser_error)`
fn browser_error(e: CdpError) -> ScanError {
    ScanError::Browser(first_line(&e.to_string()))
}
