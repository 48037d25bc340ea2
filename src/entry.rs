//! Boot: read the script tag, load the config, run the core, mount the interface.
//!
//! Two builds share this file. The *gate* (built without the `ui` feature) runs for returning
//! visitors: it applies their choice and draws only the reopen control; when the banner or
//! the preferences must show, it hands the page over to the *full build* (with Yew), whose
//! [`takeover`] resumes the same page view. First-time visitors get the full build directly.
//! Both receive one object from the bootstrap, [`Boot`] (see `embed/bootstrap.js`).
//!
//! On any error ConsentGate logs once and stays inert: nothing that needs consent runs
//! (marked elements stay inert without us), and the host page keeps working.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::browser::boot::Boot;
use crate::browser::{self, log::log, storage::Store};
use crate::core::config::{Config, ConfigErrors};
use crate::core::effects::Level;

/// Called by the bootstrap once the wasm is instantiated.
#[wasm_bindgen]
pub fn boot(boot: Boot) {
    set_panic_hook();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(message) = run(boot).await {
            inactive(&message);
        }
    });
}

/// Called by the gate, in the full build, to take the page view over (see
/// `browser::handover`): `boot` carries the gate's snapshot, config text and queued actions.
#[cfg(feature = "ui")]
#[wasm_bindgen]
pub fn takeover(boot: Boot) {
    use crate::core::consent::{Action, Session};
    set_panic_hook();
    let resumed = (|| -> Result<(), String> {
        let text = boot.config_text().ok_or("the gate gave no config")?;
        let config = Rc::new(parse_config(&text, boot.config_url().as_deref())?);
        let snapshot = browser::json::parse(&boot.snapshot().ok_or("the gate gave no snapshot")?)?;
        let (session, effects) = Session::resume(Rc::clone(&config), &snapshot)?;
        let queued = boot
            .queued()
            .map(|q| {
                q.iter()
                    .filter_map(|w| w.as_string())
                    .filter_map(|w| Action::from_wire(&w))
                    .collect()
            })
            .unwrap_or_default();
        let render = crate::ui::mount(Rc::clone(&config))?;
        let start = browser::Start {
            boot,
            config,
            config_text: text,
            store: Store::open(),
            render,
        };
        browser::resume(session, start, effects, queued);
        browser::listen();
        Ok(())
    })();
    if let Err(message) = resumed {
        inactive(&format!("could not take over from the gate: {message}"));
    }
}

async fn run(boot: Boot) -> Result<(), String> {
    let text = config_text(&boot).await?;
    let config = Rc::new(parse_config(&text, boot.config_url().as_deref())?);
    let store = Store::open();
    body_ready().await;
    #[cfg(feature = "ui")]
    let render: browser::Render = crate::ui::mount(Rc::clone(&config))?;
    #[cfg(not(feature = "ui"))]
    let render: browser::Render = Box::new(|view: crate::core::view::View| {
        if view.needs_interface() {
            browser::handover::begin();
        } else {
            browser::reopen::show(&view);
        }
    });
    browser::start(browser::Start {
        boot,
        config,
        config_text: text,
        store,
        render,
    });
    browser::listen();
    Ok(())
}

/// Reads and validates the config; relative URLs in a config file resolve against the file's
/// own address (`config_url`), in an inline config against the page.
fn parse_config(text: &str, config_url: Option<&str>) -> Result<Config, String> {
    let doc =
        browser::json::parse(text).map_err(|why| ConfigErrors::malformed(&why).to_string())?;
    let mut config = Config::from_json(&doc).map_err(|e| e.to_string())?;
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
        &format!("{message}\nConsentGate is inactive: nothing that needs consent will load."),
    );
}

async fn config_text(boot: &Boot) -> Result<String, String> {
    if let Ok(promise) = boot.config().dyn_into::<js_sys::Promise>() {
        // As the site wrote it, so the message matches its markup.
        let url = boot
            .script()
            .dyn_ref::<web_sys::Element>()
            .and_then(|s| s.get_attribute("data-config"))
            .or_else(|| boot.config_url())
            .unwrap_or_default();
        return match JsFuture::from(promise).await {
            Ok(text) => text
                .as_string()
                .ok_or_else(|| format!("the config at {url} is not text")),
            Err(e) => Err(format!(
                "could not load the config from data-config=\"{url}\": {}",
                browser::describe(&e)
            )),
        };
    }
    browser::document()
        .and_then(|d| d.get_element_by_id("consent-gate-config"))
        .and_then(|el| el.text_content())
        .ok_or_else(|| {
            "no config: give the script tag data-config=\"/path/to/config.json\", or add <script type=\"application/json\" id=\"consent-gate-config\">{...}</script> to the page".to_string()
        })
}

/// Resolves once `<body>` exists (an async script can run while the head is parsed).
async fn body_ready() {
    let Some(document) = browser::document() else {
        return;
    };
    if document.body().is_some() {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = document.add_event_listener_with_callback("DOMContentLoaded", &resolve);
    });
    let _ = JsFuture::from(promise).await;
}

fn set_panic_hook() {
    let hook = |info: &std::panic::PanicHookInfo<'_>| {
        log(
            Level::Error,
            &format!("internal error ({info}); ConsentGate stopped, nothing more will load"),
        );
    };
    #[cfg(feature = "ui")]
    yew::set_custom_panic_hook(Box::new(hook));
    #[cfg(not(feature = "ui"))]
    std::panic::set_hook(Box::new(hook));
}
