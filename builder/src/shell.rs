//! What the builder does to the browser: JSON through `JSON.parse`, files, fetch, the
//! SHA-384 of the embed, the clipboard, downloads and the preview's frame. No decisions.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}

/// Parses JSON text with the browser's `JSON.parse` (the wasm carries no JSON parser).
pub use consent_gate::js_json::parse;

/// The text of a file the person picked or dropped.
///
/// # Errors
/// The browser's message.
pub async fn file_text(file: web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text()).await.map_err(|e| message(&e))?;
    text.as_string().ok_or_else(|| "not text".into())
}

async fn fetch(url: &str) -> Result<web_sys::Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| message(&e))?
        .dyn_into()
        .map_err(|_| "not a response".to_owned())?;
    if response.ok() {
        Ok(response)
    } else {
        Err(format!("{url}: HTTP {}", response.status()))
    }
}

/// The text at `url`.
///
/// # Errors
/// What went wrong, with the URL.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let response = fetch(url).await?;
    let text = JsFuture::from(response.text().map_err(|e| message(&e))?)
        .await
        .map_err(|e| message(&e))?;
    text.as_string().ok_or_else(|| "not text".into())
}

/// The `integrity` of the file at `url`: `sha384-` and its SHA-384 in base64 (SubtleCrypto).
///
/// # Errors
/// What went wrong, with the URL.
pub async fn integrity(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = fetch(url).await?;
    let bytes = JsFuture::from(response.array_buffer().map_err(|e| message(&e))?)
        .await
        .map_err(|e| message(&e))?;
    let subtle = window.crypto().map_err(|e| message(&e))?.subtle();
    let digest = subtle
        .digest_with_str_and_buffer_source("SHA-384", &js_sys::Uint8Array::new(&bytes))
        .map_err(|e| message(&e))?;
    let digest = JsFuture::from(digest).await.map_err(|e| message(&e))?;
    let binary: String = js_sys::Uint8Array::new(&digest)
        .to_vec()
        .into_iter()
        .map(char::from)
        .collect();
    let base64 = window.btoa(&binary).map_err(|e| message(&e))?;
    Ok(format!("sha384-{base64}"))
}

/// Puts `text` on the clipboard.
///
/// # Errors
/// The browser's message (no permission, no clipboard).
pub async fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| message(&e))
}

/// Offers `text` as a file called `name` to download.
///
/// # Errors
/// The browser's message.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| message(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| message(&e))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| message(&e))?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).map_err(|e| message(&e))
}

/// Loads the preview's page in `frame` again, with `config` (JSON text) as its inline config
/// and `lang` as its language (`www/builder-preview.js` reads them from this window).
pub fn preview(frame: &web_sys::HtmlIFrameElement, config: &str, lang: &str, generation: u32) {
    if let Some(window) = web_sys::window() {
        let _ = Reflect::set(
            &window,
            &JsValue::from_str("consentGateBuilderDraft"),
            &JsValue::from_str(config),
        );
    }
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    frame.set_src(&format!("builder-preview.html?lang={lang}&v={generation}"));
}

/// Calls `ConsentGate.<method>()` in the preview (`show`, `showPreferences`, `showPolicy`).
///
/// # Errors
/// When the preview has no ConsentGate (yet).
pub fn call_preview(frame: &web_sys::HtmlIFrameElement, method: &str) -> Result<(), String> {
    let window = frame.content_window().ok_or("no preview")?;
    let api = Reflect::get(&window, &JsValue::from_str("ConsentGate"))
        .ok()
        .filter(|v| v.is_object())
        .ok_or("ConsentGate has not started in the preview")?;
    // The dialog it opens takes focus, as on a site (www/builder-preview.js keeps focus in the
    // builder otherwise).
    let _ = Reflect::set(
        &window,
        &JsValue::from_str("consentGatePreviewFocus"),
        &JsValue::TRUE,
    );
    let f: js_sys::Function = Reflect::get(&api, &JsValue::from_str(method))
        .map_err(|e| message(&e))?
        .dyn_into()
        .map_err(|_| format!("ConsentGate.{method} is not a function"))?;
    f.call0(&api).map(|_| ()).map_err(|e| message(&e))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DisplayNames)]
    type DisplayNames;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DisplayNames", catch)]
    fn new(locales: &Array, options: &Object) -> Result<DisplayNames, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn of(this: &DisplayNames, tag: &str) -> Result<JsValue, JsValue>;
}

/// A language's name in the language `ui` (`de` in English: German), else its tag.
#[must_use]
pub fn language_name(tag: &str, ui: &str) -> String {
    let options = Object::new();
    let _ = Reflect::set(&options, &"type".into(), &"language".into());
    DisplayNames::new(&Array::of1(&JsValue::from_str(ui)), &options)
        .and_then(|names| names.of(tag))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| tag.to_owned())
}

/// Sets `<html lang>` (the builder's own language).
pub fn set_page_language(tag: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", tag);
    }
}
