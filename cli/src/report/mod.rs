//! A scan's findings, classified and judged ([`crate::render`] prints them).
//!
//! [`Report::build`] turns raw [`Observations`](crate::scan::Observations) into findings per
//! phase: every cookie and `localStorage` key with its category (from the site's ConsentGate
//! config when it declares the name, else from the Open Cookie Database), and every
//! third-party host the pages requested, with the tracker it belongs to. The after-accept
//! phase lists what appeared only after "Accept all".
//!
//! The verdict: anything that needs consent but was there before any choice is a problem
//! (exit status 2). That is a cookie or key in a category that is not strictly necessary
//! (Necessary and Security are), or declared by the config in an optional category, or a
//! request to a known tracking host. Names the database does not know are listed as
//! `Unknown` and counted, but are not problems by themselves.
//!
//! The parts: `model` (the report's types, serialised as the JSON report), `classify` (what
//! a cookie, key or request is), `build` (findings per phase, [`Report::build`]) and
//! `verdict` (the problems and notes).

mod build;
mod classify;
mod model;
mod verdict;

pub use classify::{google_tag, lifetime};
pub use model::{
    Classification, ConsentGateSummary, CookieFinding, PageCookie, PageSummary, PhaseFindings,
    Report, RequestFinding, Skipped, Source, StorageFinding, Verdict,
};
