//! The builder's updates (a Yew component): the draft (a JSON document), the config reader's
//! problems with it, the preview's settings, and what the person is typing that is not the
//! draft yet (a new category's id, the pattern tried, the raw JSON of other keys). The state
//! and its messages are in `model`, which the parts that draw read.

use consent_gate::core::builder::{self, path};
use consent_gate::core::draft::{self, Purpose, Scan};
use consent_gate::core::json::Json;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::model::{App, Msg, PreviewSetting, Typing};
use crate::shell;
use crate::texts::Texts;

/// How long the draft must stay unchanged before the preview is made again.
const PREVIEW_DEBOUNCE_MS: u32 = 400;

/// A site with nothing but the strictly necessary category.
fn empty_site() -> Json {
    let (title, description) = draft::category_texts(Purpose::Necessary);
    let necessary = Json::Object(vec![
        ("title".into(), Json::String(title.into())),
        ("description".into(), Json::String(description.into())),
        ("required".into(), Json::Bool(true)),
    ]);
    Json::Object(vec![(
        "categories".into(),
        Json::Object(vec![("necessary".into(), necessary)]),
    )])
}

impl App {
    fn changed(&mut self, ctx: &Context<Self>) {
        self.problems = builder::problems(&self.doc);
        self.others = builder::other_keys(&self.doc).pretty();
        self.others_error = None;
        self.generation += 1;
        let generation = self.generation;
        let link = ctx.link().clone();
        self.timer = Some(Timeout::new(PREVIEW_DEBOUNCE_MS, move || {
            link.send_message(Msg::Refresh(generation));
        }));
    }

    fn open(&mut self, text: &str, source: &str) -> Result<(), String> {
        let doc = shell::parse(text).map_err(|e| self.texts.fill("notJson", &[("why", &e)]))?;
        if Scan::is_report(&doc) {
            let scan = Scan::from_json(&doc)
                .map_err(|e| self.texts.fill("badReport", &[("why", &e.to_string())]))?;
            let drafted = draft::draft(&scan, None);
            self.doc = drafted.config;
            let left_out = drafted.left_out.join(", ");
            self.status = self.texts.fill("reportOpened", &[("source", source)]);
            if !left_out.is_empty() {
                self.status.push(' ');
                self.status += &self.texts.fill("leftOut", &[("names", &left_out)]);
            }
        } else {
            self.doc = doc;
            self.status = self.texts.fill("configOpened", &[("source", source)]);
        }
        self.texts_open = builder::writes_other_texts(&self.doc);
        Ok(())
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let ui = web_sys::window()
            .and_then(|w| w.navigator().language())
            .filter(|l| l.to_ascii_lowercase().starts_with("de"))
            .map_or("en", |_| "de");
        shell::set_page_language(ui);
        ctx.link().send_future(async {
            Msg::Integrity(shell::integrity("../consent-gate/consent-gate.js").await)
        });
        let mut app = App {
            doc: empty_site(),
            problems: Vec::new(),
            texts: Texts::new(ui),
            status: String::new(),
            integrity: None,
            new_category: String::new(),
            new_service: String::new(),
            new_region: String::new(),
            pattern: "^_ga_".into(),
            samples: "_ga\n_ga_ABC123\n_gid".into(),
            others: String::new(),
            others_error: None,
            texts_open: false,
            preview_lang: "en".into(),
            preview_width: 1280,
            preview_scheme: String::new(),
            frame: NodeRef::default(),
            generation: 0,
            timer: None,
        };
        app.changed(ctx);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Set(at, value) => builder::set(&mut self.doc, &path(&at), value),
            Msg::Text(at, lang, text) => {
                let at = path(&at);
                let langs = builder::languages(&self.doc);
                let value = builder::with_text(builder::get(&self.doc, &at), &lang, &text, &langs);
                builder::set(&mut self.doc, &at, value);
            }
            Msg::Move(at, key, up) => builder::move_entry(&mut self.doc, &path(&at), &key, up),
            Msg::Open(Ok(text), source) => {
                if let Err(e) = self.open(&text, &source) {
                    self.status = e;
                    return true;
                }
            }
            Msg::Open(Err(e), _) => {
                self.status = self.texts.fill("openFailed", &[("why", &e)]);
                return true;
            }
            Msg::File(file) => {
                let name = file.name();
                ctx.link()
                    .send_future(async move { Msg::Open(shell::file_text(file).await, name) });
                return false;
            }
            Msg::Empty => {
                self.doc = empty_site();
                self.status = self.texts.t("emptyOpened");
            }
            Msg::Demo => {
                ctx.link().send_future(async {
                    Msg::Open(
                        shell::fetch_text("config.json").await,
                        "www/config.json".into(),
                    )
                });
                return false;
            }
            Msg::Ui(tag) => {
                self.texts = Texts::new(&tag);
                shell::set_page_language(&self.texts.tag);
                return true;
            }
            Msg::Integrity(result) => {
                self.integrity = Some(result);
                return true;
            }
            Msg::Typing(what, text) => {
                match what {
                    Typing::Category => self.new_category = text,
                    Typing::Service => self.new_service = text,
                    Typing::GoogleRegion => self.new_region = text,
                    Typing::Pattern => self.pattern = text,
                    Typing::Samples => self.samples = text,
                    Typing::Others => self.others = text,
                }
                return true;
            }
            Msg::AddCategory => {
                let id = self.new_category.trim().to_owned();
                let at = format!("categories.{id}");
                if id.is_empty() || builder::get(&self.doc, &path(&at)).is_some() {
                    self.status = self.texts.fill("idTaken", &[("id", &id)]);
                    return true;
                }
                builder::set(&mut self.doc, &path(&at), Some(Json::Object(Vec::new())));
                for key in ["title", "description"] {
                    let field = path(&format!("{at}.{key}"));
                    builder::set(&mut self.doc, &field, Some(Json::String(String::new())));
                }
                self.new_category.clear();
                self.status = self.texts.fill("categoryAdded", &[("id", &id)]);
            }
            Msg::AddService(category) => {
                let id = self.new_service.trim().to_owned();
                let at = format!("categories.{category}.services.{id}");
                if id.is_empty() || builder::get(&self.doc, &path(&at)).is_some() {
                    self.status = self.texts.fill("idTaken", &[("id", &id)]);
                    return true;
                }
                let title = Json::Object(vec![("title".into(), Json::String(String::new()))]);
                builder::set(&mut self.doc, &path(&at), Some(title));
                self.new_service.clear();
                self.status = self.texts.fill("serviceAdded", &[("id", &id)]);
            }
            Msg::AddGoogleRegion => {
                let Some(code) = builder::google_region_key(&self.new_region) else {
                    self.status = self.texts.t("regionCodeMissing");
                    return true;
                };
                let at = path(&format!("google.regions.{code}"));
                if builder::get(&self.doc, &at).is_some() {
                    self.status = self.texts.fill("regionTaken", &[("code", &code)]);
                    return true;
                }
                builder::set(&mut self.doc, &at, Some(Json::Array(Vec::new())));
                self.new_region.clear();
                self.status = self.texts.fill("regionAdded", &[("code", &code)]);
            }
            Msg::TextsOpen(open) => {
                self.texts_open = open;
                return true;
            }
            Msg::ApplyOthers => {
                let result = shell::parse(&self.others)
                    .map_err(|e| self.texts.fill("notJson", &[("why", &e)]))
                    .and_then(|others| {
                        builder::with_other_keys(&self.doc, &others).map_err(|e| e.to_string())
                    });
                match result {
                    Ok(doc) => self.doc = doc,
                    Err(e) => {
                        self.others_error = Some(e);
                        return true;
                    }
                }
            }
            Msg::Preview(setting, value) => {
                match setting {
                    PreviewSetting::Language => self.preview_lang = value,
                    PreviewSetting::Width => self.preview_width = value.parse().unwrap_or(1280),
                    PreviewSetting::Scheme => self.preview_scheme = value,
                }
                ctx.link().send_message(Msg::Refresh(self.generation));
                return true;
            }
            Msg::Refresh(generation) => {
                if generation == self.generation
                    && self.problems.is_empty()
                    && let Some(frame) = self.frame.cast::<web_sys::HtmlIFrameElement>()
                {
                    shell::preview(&frame, &self.preview_text(), &self.preview_lang, generation);
                }
                return false;
            }
            Msg::Call(method) => {
                if let Some(frame) = self.frame.cast::<web_sys::HtmlIFrameElement>()
                    && let Err(e) = shell::call_preview(&frame, method)
                {
                    self.status = e;
                    return true;
                }
                return false;
            }
            Msg::Copy(text, what) => {
                let texts = self.texts.clone();
                ctx.link().send_future(async move {
                    Msg::Status(match shell::copy(&text).await {
                        Ok(()) => texts.fill("copied", &[("what", &what)]),
                        Err(e) => texts.fill("copyFailed", &[("what", &what), ("why", &e)]),
                    })
                });
                return false;
            }
            Msg::Status(text) => {
                self.status = text;
                return true;
            }
            Msg::Download => {
                let text = builder::export(&self.doc);
                self.status = match shell::download("config.json", &text, "application/json") {
                    Ok(()) if self.problems.is_empty() => self.texts.t("downloaded"),
                    Ok(()) => self.texts.t("downloadedInvalid"),
                    Err(e) => e,
                };
                return true;
            }
        }
        self.changed(ctx);
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        crate::sections::page(self, ctx)
    }
}
