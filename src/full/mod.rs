//! The full build (`consent-gate-ui.js` + `_bg.wasm`, Cargo feature `full`, built through the
//! `ui/` crate): the config read and validated, the core's session, and the Yew interface.
//!
//! Which page views run it: a first visit, once the bootstrap has painted its banner
//! ([`boot`], which takes that banner over); and any page view whose plan does not hold
//! (`core::plan`), or a returning visit the bootstrap hands over ([`takeover`]) because the
//! visitor or the site asks for more than the stored choice applied. Both receive one object
//! from the bootstrap, [`Boot`] (`embed/bootstrap/`).
//!
//! What it holds and may import: [`browser`], the shell that performs the core's effects on
//! the page and owns the session; [`ui`], the Yew components, which render the core's view
//! and dispatch actions. Both may use `crate::core` (the decisions) and `crate::page` (what
//! every wasm build does to the page); nothing here is imported by the core, the page floor
//! or the policy build.
//!
//! On any error ConsentGate logs once and stays inert: nothing that needs consent runs
//! (marked elements stay inert without us), and the host page keeps working.

pub mod browser;
#[cfg(test)]
mod tests;
pub mod ui;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::core::config::{Config, ConfigErrors};
use crate::core::effects::Level;
use crate::page::boot::Boot;
use browser::{AfterGate, log::log, storage::Store};

/// Called by the bootstrap once the wasm is instantiated (and the config fetched).
#[wasm_bindgen]
pub fn boot(boot: Boot) {
    set_panic_hook();
    when_ready(boot, false);
}

/// Called by the bootstrap to take a returning visit over: `boot` says that the plan was
/// carried out (and for which record), and carries the calls that came in meanwhile.
#[wasm_bindgen]
pub fn takeover(boot: Boot) {
    set_panic_hook();
    when_ready(boot, true);
}

fn when_ready(boot: Boot, from_gate: bool) {
    let inline = boot.config_text().is_none() && boot.config_error().is_none();
    crate::page::when_ready(inline, move || {
        if let Err(message) = run(boot.clone(), from_gate) {
            // A banner the bootstrap painted goes too: nothing can be decided on it.
            boot.unpaint();
            inactive(&message);
        }
    });
}

fn run(boot: Boot, from_gate: bool) -> Result<(), String> {
    let text = boot.config()?;
    let config = Rc::new(parse_config(&text, boot.config_url().as_deref())?);
    // The interface in a task of its own: reading the config and drawing the interface in
    // one would hold the page's input for over 50 ms on a slow machine (a long task).
    let next = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Err(message) = start(boot.clone(), from_gate, text, config) {
            boot.unpaint();
            inactive(&message);
        }
    });
    let window = web_sys::window().ok_or("no window")?;
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0)
        .map_err(|_| "could not schedule the interface".to_owned())?;
    Ok(())
}

fn start(boot: Boot, from_gate: bool, text: String, config: Rc<Config>) -> Result<(), String> {
    let render = ui::mount(Rc::clone(&config), &boot)?;
    // The bootstrap carried out a plan: for the record it names, or for none (an undecided
    // visitor under an opt-out rule).
    let after_gate = (from_gate && boot.gate_ran()).then(|| AfterGate {
        record: boot.applied(),
    });
    let queued = if from_gate { boot.queued() } else { None };
    browser::start(
        browser::Start {
            boot,
            config,
            config_text: text,
            store: Store::open(),
            render,
        },
        after_gate,
        queued,
    );
    browser::listen();
    Ok(())
}

/// Reads and validates the config; relative URLs in a config file resolve against the file's
/// own address (`config_url`), in an inline config against the page.
fn parse_config(text: &str, config_url: Option<&str>) -> Result<Config, String> {
    let doc =
        browser::json::parse(text).map_err(|why| ConfigErrors::malformed(&why).to_string())?;
    let mut config = Config::from_json(&doc).map_err(|e| e.to_string())?;
    config.text_hash = crate::core::hash::sha256_hex(text.as_bytes());
    let base = config_url
        .map(str::to_owned)
        .or_else(|| browser::document().and_then(|d| d.base_uri().ok().flatten()))
        .unwrap_or_default();
    config.resolve_urls(|url| {
        web_sys::Url::new_with_base(url, &base).map_or_else(|_| url.to_owned(), |u| u.href())
    });
    Ok(config)
}

fn inactive(message: &str) {
    log(
        Level::Error,
        &[
            message,
            "\nConsentGate is inactive: nothing that needs consent will load.",
        ]
        .concat(),
    );
}

fn set_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info: &std::panic::PanicHookInfo<'_>| {
        log(
            Level::Error,
            &format!("internal error ({info}); ConsentGate stopped, nothing more will load"),
        );
    }));
}
