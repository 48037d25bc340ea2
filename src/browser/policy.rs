//! Loads the privacy policy when the viewer first needs it: fetches the document and loads
//! the policy build (the Markdown parser and renderer) through the bootstrap, then tells the
//! core it is ready. Drawing is the policy build's job ([`render`]).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::core::consent::Action;
use crate::core::policy::Format;
use crate::core::view::PolicySource;

thread_local! {
    static LOADER: RefCell<Option<Function>> = const { RefCell::new(None) };
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static CONFIG: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Keeps the bootstrap's `loadPolicy()` and the config text the policy build reads.
pub fn prepare(load_policy: JsValue, config_text: &str) {
    LOADER.with(|l| *l.borrow_mut() = load_policy.dyn_into().ok());
    CONFIG.with(|c| *c.borrow_mut() = config_text.to_owned());
}

/// Fetches `url` and loads the policy build, then dispatches the result.
pub fn load(url: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let result = fetch_and_load(&url).await.map(Rc::new);
        super::dispatch(Action::PolicyLoaded(result));
    });
}

async fn fetch_and_load(url: &str) -> Result<PolicySource, String> {
    let window = web_sys::window().ok_or("no window")?;
    // Start loading the policy build while the document downloads.
    let loader = LOADER
        .with(|l| l.borrow().clone())
        .ok_or("no policy loader")?;
    let module = js_sys::Promise::resolve(&loader.call0(&JsValue::NULL).map_err(|e| describe(&e))?);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!(
            "{url}: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let content_type = response.headers().get("content-type").ok().flatten();
    let text = JsFuture::from(response.text().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| describe(&e))?
        .as_string()
        .unwrap_or_default();
    let module = JsFuture::from(module).await.map_err(|e| describe(&e))?;
    MODULE.with(|m| *m.borrow_mut() = Some(module));
    Ok(PolicySource {
        format: Format::detect(url, content_type.as_deref(), &text),
        text,
    })
}

/// Draws `source` into `container` with the policy build; returns the document's title.
pub fn render(
    container: &Element,
    source: &PolicySource,
    heading_offset: u8,
    show_title: bool,
) -> String {
    let Some(module) = MODULE.with(|m| m.borrow().clone()) else {
        return String::new();
    };
    let Ok(render) =
        Reflect::get(&module, &"render_policy".into()).and_then(|f| f.dyn_into::<Function>())
    else {
        return String::new();
    };
    let change =
        Closure::<dyn Fn()>::new(|| super::dispatch(Action::ShowPreferences)).into_js_value();
    let args = js_sys::Array::of5(
        container,
        &source.text.as_str().into(),
        &source.format.name().into(),
        &CONFIG.with(|c| c.borrow().clone()).into(),
        &heading_offset.into(),
    );
    args.push(&show_title.into());
    args.push(&change);
    match render.apply(&JsValue::NULL, &args) {
        Ok(title) => title.as_string().unwrap_or_default(),
        Err(e) => {
            super::log::log(
                crate::core::effects::Level::Error,
                &format!("could not draw the privacy policy: {}", describe(&e)),
            );
            String::new()
        }
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}
