//! The builder's state and its messages (the types every part of the interface reads);
//! `app` updates them, `sections`, `forms` and `outputs` draw them.

use consent_gate::core::builder::{self, path};
use consent_gate::core::json::{FieldError, Json};
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::texts::Texts;

/// What happens.
pub enum Msg {
    /// Set (or, with `None`, remove) the value at a path (`categories.a.title`).
    Set(String, Option<Json>),
    /// Write a site text in one language.
    Text(String, String, String),
    /// Move an entry of the object at a path up (`true`) or down.
    Move(String, String, bool),
    /// Start from a document (config or scan report) read from a file or the demo.
    Open(Result<String, String>, String),
    /// A file picked or dropped.
    File(web_sys::File),
    /// Start from an empty site.
    Empty,
    /// Start from the demo config.
    Demo,
    /// The builder's own language.
    Ui(String),
    /// The SHA-384 of consent-gate.js, or why not.
    Integrity(Result<String, String>),
    /// Typing: the new category's id, the new service's id (per category), the new region's
    /// code, the pattern and
    /// the sample names tried, the other keys' JSON.
    Typing(Typing, String),
    /// Add the category typed.
    AddCategory,
    /// Add the service typed to a category.
    AddService(String),
    /// Add the region typed to advanced Consent Mode's extra defaults.
    AddGoogleRegion,
    /// Apply the other keys' JSON.
    ApplyOthers,
    /// The interface texts' disclosure opened (`true`) or closed by the user.
    TextsOpen(bool),
    /// The preview's language, width or colour scheme.
    Preview(PreviewSetting, String),
    /// Make the preview again (the debounce elapsed).
    Refresh(u32),
    /// Call the embed's API in the preview.
    Call(&'static str),
    /// Copy a text (which one, for the message).
    Copy(String, String),
    /// A message for the status line.
    Status(String),
    /// Download the config.
    Download,
}

/// What is being typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    /// The id of a new category.
    Category,
    /// The id of a new service.
    Service,
    /// The code of a new region of `google.regions`.
    GoogleRegion,
    /// The pattern tried.
    Pattern,
    /// The names it is tried on.
    Samples,
    /// The other keys' JSON.
    Others,
}

/// A preview setting.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PreviewSetting {
    /// Its page's language.
    Language,
    /// Its width in px.
    Width,
    /// Its colour scheme (`""`: as the config says).
    Scheme,
}

/// The builder.
pub struct App {
    pub doc: Json,
    pub problems: Vec<FieldError>,
    pub texts: Texts,
    pub status: String,
    pub integrity: Option<Result<String, String>>,
    pub new_category: String,
    pub new_service: String,
    pub new_region: String,
    pub pattern: String,
    pub samples: String,
    pub others: String,
    pub others_error: Option<String>,
    /// Whether the interface texts' disclosure is open: as the user leaves it, and open
    /// after opening a config that writes one of them.
    pub texts_open: bool,
    pub preview_lang: String,
    pub preview_width: u32,
    pub preview_scheme: String,
    pub frame: NodeRef,
    pub(crate) generation: u32,
    pub(crate) timer: Option<Timeout>,
}

impl App {
    /// The draft as the preview gets it (with its colour scheme, if one is chosen).
    pub fn preview_text(&self) -> String {
        let mut doc = self.doc.clone();
        if !self.preview_scheme.is_empty() {
            builder::set(
                &mut doc,
                &path("theme.scheme"),
                Some(Json::String(self.preview_scheme.clone())),
            );
        }
        doc.pretty()
    }
}
