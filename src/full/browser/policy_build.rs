//! Loads the privacy policy when the viewer first needs it: fetches the document and loads
//! the policy build (the Markdown parser and renderer) through the bootstrap, then tells the
//! core it is ready. Drawing is the policy build's job ([`render`]).

use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::core::consent::Action;
use crate::core::i18n::Locale;
use crate::core::policy::Format;
use crate::core::view::PolicySource;

use super::{describe, with_shell};

/// Fetches `url` and loads the policy build, then dispatches the result.
pub fn load(url: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let result = fetch_and_load(&url).await.map(Rc::new);
        super::dispatch(Action::PolicyLoaded(result));
    });
}

/// Loads the policy build alone (to draw the cookie declaration), then dispatches the result.
pub fn load_module() {
    wasm_bindgen_futures::spawn_local(async move {
        let result = match with_shell(|s| s.boot.load_policy()) {
            Some(module) => JsFuture::from(module)
                .await
                .map(|module| {
                    with_shell(|s| s.policy = Some(module));
                })
                .map_err(|e| describe(&e)),
            None => Err("not started".into()),
        };
        super::dispatch(Action::PolicyModuleLoaded(result));
    });
}

async fn fetch_and_load(url: &str) -> Result<PolicySource, String> {
    let window = web_sys::window().ok_or("no window")?;
    // Start loading the policy build while the document downloads.
    let module = with_shell(|s| s.boot.load_policy()).ok_or("not started")?;
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
    with_shell(|s| s.policy = Some(module));
    Ok(PolicySource {
        format: Format::detect(url, content_type.as_deref(), &text),
        text,
    })
}

/// A policy drawn into the interface: its title, and what takes its listeners down again
/// (when dropped, as the frame redraws or closes).
pub struct Drawn {
    /// The document's title (empty when it has none).
    pub title: String,
    dispose: Option<Function>,
}

impl Drop for Drawn {
    fn drop(&mut self) {
        if let Some(dispose) = self.dispose.take() {
            let _ = dispose.call0(&JsValue::NULL);
        }
    }
}

/// Draws `source` into `container` with the policy build, in `locale`'s language.
pub fn render(
    container: &Element,
    source: &PolicySource,
    locale: &Locale,
    heading_offset: u8,
    show_title: bool,
) -> Drawn {
    let mut drawn = Drawn {
        title: String::new(),
        dispose: None,
    };
    let Some((module, config)) = with_shell(|s| (s.policy.clone(), s.config_text.clone())) else {
        return drawn;
    };
    let Some(render) = module
        .and_then(|m| Reflect::get(&m, &"render_policy".into()).ok())
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return drawn;
    };
    let change =
        Closure::<dyn Fn()>::new(|| super::dispatch(Action::ShowPreferences)).into_js_value();
    let args = Object::new();
    for (key, value) in [
        ("container", JsValue::from(container)),
        ("text", source.text.as_str().into()),
        ("format", source.format.name().into()),
        ("config", config.into()),
        ("locale", locale.to_json().into()),
        ("headingOffset", heading_offset.into()),
        ("showTitle", show_title.into()),
        ("changeChoice", change),
    ] {
        let _ = Reflect::set(&args, &key.into(), &value);
    }
    match render.call1(&JsValue::NULL, &args) {
        Ok(result) => {
            drawn.title = Reflect::get(&result, &"title".into())
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            drawn.dispose = Reflect::get(&result, &"dispose".into())
                .ok()
                .and_then(|f| f.dyn_into().ok());
        }
        Err(e) => super::log::log(
            crate::core::effects::Level::Error,
            &format!("could not draw the privacy policy: {}", describe(&e)),
        ),
    }
    drawn
}
