//! The native `consent-gate` command: checks a ConsentGate config as the browser would, and
//! scans a site in real headless Chromium for what it stores and sends before (and after) a
//! visitor's consent.
//!
//! ```sh
//! consent-gate check www/config.json        # the browser's messages; exit 1 on any error
//! consent-gate scan https://example.com     # cookies, storage, third parties; exit 2 on a leak
//! consent-gate records serve --database sqlite:receipts.db --origin https://www.example.com
//! ```
//!
//! # A tour
//!
//! * [`check`] loads a config (file or http(s) URL) and words its problems exactly as the
//!   browser logs them, through the core's own parser ([`consent_gate::core::config`]).
//! * [`ocd`] is the Open Cookie Database (Apache-2.0), shipped inside the binary: it
//!   classifies cookie and storage names and knows the tracking hosts.
//! * [`site`] decides what is same-site, first or third party.
//! * [`scan`] drives Chromium over the DevTools protocol (through `chromiumoxide`) and records
//!   raw observations per page, before any choice and after "Accept all".
//! * [`report`] classifies the observations and decides the verdict (exit 2 on anything not
//!   strictly necessary before consent); [`render`] prints it as a table, JSON or Markdown.
//! * [`draft`] writes a ConsentGate config from a report, or merges into an existing one.
//! * [`records`] is the receipt service: it stores the receipts ConsentGate sends to
//!   `proof.endpoint` in a tamper-evident chain, and shows, exports, verifies and prunes them.
//!
//! # What it does not do
//!
//! It does not click through other consent managers, log in, or fill forms; a page's
//! iframes are seen through their cookies and requests, not their own `localStorage`.
//! Classification is only as good as the database: unknown names are listed as such.

pub mod check;
pub mod draft;
pub mod ocd;
pub mod records;
pub mod render;
pub mod report;
pub mod scan;
pub mod site;
