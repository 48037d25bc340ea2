//! ConsentGate's config builder (`www/builder.html`, docs/builder.md): a Yew interface over
//! the core's decisions (`core::builder`, `core::draft`, the config reader itself). It is a
//! build of its own (trunk, `index.html`), put beside the demo, never in
//! `dist/consent-gate/`: a site's visitors never download it.
//!
//! `app` holds the state and its updates, `forms` and `sections` render the forms, `outputs`
//! the preview and the export, `shell` does what the browser does (files, fetch, digest,
//! clipboard, download, the preview's frame), `texts` the builder's own words
//! (`builder/i18n/<tag>.json`).

/// The languages of the builder's own texts (`builder/i18n/<tag>.json`), English first.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", include_str!("../i18n/en.json")),
    ("de", include_str!("../i18n/de.json")),
];

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod forms;
#[cfg(target_arch = "wasm32")]
mod model;
#[cfg(target_arch = "wasm32")]
mod outputs;
#[cfg(target_arch = "wasm32")]
mod sections;
#[cfg(target_arch = "wasm32")]
mod shell;
#[cfg(target_arch = "wasm32")]
mod texts;

/// Mounts the builder into `#builder`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("builder"))
    else {
        return;
    };
    yew::Renderer::<model::App>::with_root(root).render();
}
