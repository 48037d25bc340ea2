//! Boot: read the script tag, load the config, run the core, mount the interface.
//!
//! Two builds share this file. The *gate* (built without the `ui` feature) runs for returning
//! visitors: it applies their choice and draws only the reopen control; when the banner or
//! the preferences must show, it hands the page over to the *full build* (with Yew), whose
//! [`takeover`] resumes the same page view. First-time visitors get the full build directly.
//!
//! On any error ConsentGate logs once and stays inert: nothing that needs consent runs
//! (marked elements stay inert without us), and the host page keeps working.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlScriptElement;

use crate::browser::{self, api, gtag::Gtag, log::log, scripts, storage::Store};
use crate::core::config::{Config, ConfigErrors};
use crate::core::effects::Level;

/// Called by the bootstrap once the wasm is instantiated.
///
/// * `script`: ConsentGate's own `<script>` element (`document.currentScript`), or `null`.
/// * `gtag`: the bootstrap's `function gtag(){dataLayer.push(arguments)}`.
/// * `config`: a promise of the config text when the tag has `data-config`, else `undefined`
///   (then the inline `<script type="application/json" id="consent-gate-config">` is read).
/// * `load_ui`: the bootstrap's `loadUi()`, a promise of the full build (used by the gate).
/// * `load_policy`: the bootstrap's `loadPolicy()`, a promise of the policy build.
#[wasm_bindgen]
pub fn boot(
    script: JsValue,
    gtag: js_sys::Function,
    config: JsValue,
    load_ui: JsValue,
    load_policy: JsValue,
) {
    set_panic_hook();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(message) = run(script, gtag, config, load_ui, load_policy).await {
            inactive(&message);
        }
    });
}

/// Called by the gate, in the full build, to take the page view over (see
/// `browser::handover`).
#[cfg(feature = "ui")]
#[wasm_bindgen]
pub fn takeover(
    script: JsValue,
    gtag: js_sys::Function,
    config: String,
    snapshot: String,
    listeners: js_sys::Array,
    queued: js_sys::Array,
    load_policy: JsValue,
) {
    set_panic_hook();
    let resumed = (|| -> Result<(), String> {
        let config_text = config;
        let config = Rc::new(parse_config(&config_text)?);
        let snapshot = browser::json::parse(&snapshot)?;
        let (session, effects) =
            crate::core::consent::Session::resume(Rc::clone(&config), &snapshot)?;
        browser::policy::prepare(load_policy, &config_text);
        let render = crate::ui::mount(Rc::clone(&config))?;
        let nonce = nonce_of(&script);
        let shell = browser::Shell::new(session, Store::open(), Gtag(gtag), nonce)
            .with_listeners(&listeners);
        browser::resume(shell, Some(render), effects, &queued);
        listen();
        Ok(())
    })();
    if let Err(message) = resumed {
        inactive(&format!("could not take over from the gate: {message}"));
    }
}

async fn run(
    script: JsValue,
    gtag: js_sys::Function,
    config: JsValue,
    load_ui: JsValue,
    load_policy: JsValue,
) -> Result<(), String> {
    let nonce = nonce_of(&script);
    let element: Option<HtmlScriptElement> = script.clone().dyn_into().ok();
    let text = config_text(element.as_ref(), config).await?;
    let config = Rc::new(parse_config(&text)?);
    let store = Store::open();
    body_ready().await;
    #[cfg(feature = "ui")]
    let render: browser::Render = {
        let _ = load_ui;
        browser::policy::prepare(load_policy, &text);
        crate::ui::mount(Rc::clone(&config))?
    };
    #[cfg(not(feature = "ui"))]
    let render: browser::Render = {
        browser::handover::prepare(browser::handover::Boot {
            script,
            gtag: gtag.clone(),
            config: text,
            load_ui: load_ui
                .dyn_into()
                .map_err(|_| "the bootstrap gave no loadUi")?,
            load_policy,
        });
        Box::new(|view: crate::core::view::View| {
            if view.needs_interface() {
                browser::handover::begin();
            } else {
                browser::reopen::show(view.reopen);
            }
        })
    };
    listen();
    browser::start(config, store, Gtag(gtag), nonce, Some(render));
    Ok(())
}

fn parse_config(text: &str) -> Result<Config, String> {
    let doc =
        browser::json::parse(text).map_err(|why| ConfigErrors::malformed(&why).to_string())?;
    Config::from_json(&doc).map_err(|e| e.to_string())
}

/// The page-lifetime listeners: the API, site links, other tabs, marked elements added later.
fn listen() {
    api::install();
    api::listen_for_site_links();
    browser::listen_for_other_tabs();
    scripts::watch();
}

fn nonce_of(script: &JsValue) -> String {
    script
        .dyn_ref::<HtmlScriptElement>()
        .map(|s| s.nonce())
        .unwrap_or_default()
}

fn inactive(message: &str) {
    log(
        Level::Error,
        &format!("{message}\nConsentGate is inactive: nothing that needs consent will load."),
    );
}

async fn config_text(
    script: Option<&HtmlScriptElement>,
    config: JsValue,
) -> Result<String, String> {
    if let Ok(promise) = config.dyn_into::<js_sys::Promise>() {
        let url = script
            .and_then(|s| s.get_attribute("data-config"))
            .unwrap_or_default();
        return match JsFuture::from(promise).await {
            Ok(text) => text
                .as_string()
                .ok_or_else(|| format!("the config at data-config=\"{url}\" is not text")),
            Err(e) => {
                let why = e
                    .dyn_ref::<js_sys::Error>()
                    .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()));
                Err(format!(
                    "could not load the config from data-config=\"{url}\": {why}"
                ))
            }
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
