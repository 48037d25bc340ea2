//! Boot: read the script tag, load the config, run the core, mount the interface.
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
#[wasm_bindgen]
pub fn boot(script: JsValue, gtag: js_sys::Function, config: JsValue) {
    set_panic_hook();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(message) = run(script, gtag, config).await {
            log(
                Level::Error,
                &format!(
                    "{message}\nConsentGate is inactive: nothing that needs consent will load."
                ),
            );
        }
    });
}

async fn run(script: JsValue, gtag: js_sys::Function, config: JsValue) -> Result<(), String> {
    let script: Option<HtmlScriptElement> = script.dyn_into().ok();
    let nonce = script.as_ref().map(|s| s.nonce()).unwrap_or_default();
    let text = config_text(script.as_ref(), config).await?;
    let doc =
        browser::json::parse(&text).map_err(|why| ConfigErrors::malformed(&why).to_string())?;
    let config = Rc::new(Config::from_json(&doc).map_err(|e| e.to_string())?);
    let store = Store::open();
    body_ready().await;
    #[cfg(feature = "ui")]
    let render = Some(crate::ui::mount(Rc::clone(&config))?);
    #[cfg(not(feature = "ui"))]
    let render = None;
    api::install();
    api::listen_for_site_links();
    browser::listen_for_other_tabs();
    scripts::watch();
    browser::start(config, store, Gtag(gtag), nonce, render);
    Ok(())
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
