//! The policy build: parses a privacy policy and draws it into an element ConsentGate's
//! interface provides (inside its shadow root), with plain DOM calls. Only text nodes and
//! attribute values carry document text; nothing is parsed as HTML. Loaded only when a policy
//! is shown, so neither the Markdown parser nor this renderer is on the banner's path.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document as Dom, Element, ShadowRoot};

use crate::core::config::Config;
use crate::core::effects::Level;
use crate::core::i18n::{Locale, Text};
use crate::core::policy::{self, Block, Document, Format, Inline};

/// Blocks drawn at once; the rest follow in slices between frames, so a very long policy
/// (a megabyte of text) never holds the page for long.
const FIRST_SLICE: usize = 120;
const NEXT_SLICE: usize = 250;

#[wasm_bindgen]
extern "C" {
    /// What the full build asks the policy build to draw (one object, see
    /// `browser::policy::render`).
    pub type PolicyArgs;

    /// The element to draw into (inside ConsentGate's shadow root).
    #[wasm_bindgen(method, getter)]
    fn container(this: &PolicyArgs) -> Element;
    /// The document as served.
    #[wasm_bindgen(method, getter)]
    fn text(this: &PolicyArgs) -> String;
    /// `"markdown"` or `"text"`.
    #[wasm_bindgen(method, getter)]
    fn format(this: &PolicyArgs) -> String;
    /// The site's config text (for the cookie declaration).
    #[wasm_bindgen(method, getter)]
    fn config(this: &PolicyArgs) -> String;
    /// The language shown ([`Locale::to_json`]).
    #[wasm_bindgen(method, getter)]
    fn locale(this: &PolicyArgs) -> String;
    /// Added to the document's heading levels (1 inside a dialog titled h2).
    #[wasm_bindgen(method, getter, js_name = headingOffset)]
    fn heading_offset(this: &PolicyArgs) -> u8;
    /// Draw the title as an h1 (a standalone page) and scroll to the address's `#section`.
    #[wasm_bindgen(method, getter, js_name = showTitle)]
    fn show_title(this: &PolicyArgs) -> bool;
    /// Called by the declaration's "Change your choice" button.
    #[wasm_bindgen(method, getter, js_name = changeChoice)]
    fn change_choice(this: &PolicyArgs) -> Function;
}

/// Parses the policy and draws it. Returns `{title, dispose}`: the document's title (empty
/// when it has none) and a function that removes the drawing's listeners, which the frame
/// calls when it redraws or closes.
#[wasm_bindgen]
pub fn render_policy(args: PolicyArgs) -> JsValue {
    let format = if args.format() == "text" {
        Format::Text
    } else {
        Format::Markdown
    };
    let doc = policy::parse(&args.text(), format);
    let config = match crate::page::json::parse(&args.config()) {
        Ok(json) => Config::from_json(&json).map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    let config = config
        .map_err(|e| {
            crate::page::log::log(
                Level::Error,
                &format!("the cookie declaration cannot be drawn: {e}"),
            );
        })
        .ok();
    let locale = crate::page::json::parse(&args.locale())
        .and_then(|json| Locale::from_json(&json))
        .unwrap_or_else(|e| {
            crate::page::log::log(
                Level::Error,
                &format!("the policy is drawn in English: {e}"),
            );
            Locale::english()
        });
    let result = Object::new();
    let Some(dom) = web_sys::window().and_then(|w| w.document()) else {
        return result.into();
    };
    let container = args.container();
    let show_title = args.show_title();
    let painter = Rc::new(Painter {
        dom,
        config,
        locale,
        offset: args.heading_offset(),
        change_choice: args.change_choice(),
        listeners: RefCell::new(Vec::new()),
        stopped: std::cell::Cell::new(false),
    });
    container.set_text_content(None);
    let progress = Rc::new(RefCell::new(painter.front(&container, &doc, show_title)));
    painter.listen_for_anchors(&container);
    let title = doc.title.clone().unwrap_or_default();
    painter.slice(
        &container,
        &Rc::new(doc),
        &progress,
        FIRST_SLICE,
        show_title,
    );
    let keep = Rc::clone(&painter);
    let dispose = Closure::once_into_js(move || {
        keep.listeners.borrow_mut().clear();
        keep.stopped.set(true);
    });
    let _ = Reflect::set(&result, &"title".into(), &title.into());
    let _ = Reflect::set(&result, &"dispose".into(), &dispose);
    result.into()
}

/// How far the drawing has come: the contents entries first, then the blocks, a slice at a
/// time (a megabyte of policy has about a thousand sections).
struct Progress {
    /// `(level, id, text)` of every contents entry, the declaration's last.
    toc: Vec<(u8, String, String)>,
    toc_done: usize,
    /// The contents' list, and the current section's item and its sublist.
    toc_list: Option<Element>,
    section: Option<Element>,
    subsections: Option<Element>,
    blocks_done: usize,
}

struct Painter {
    dom: Dom,
    config: Option<Config>,
    locale: Locale,
    offset: u8,
    change_choice: Function,
    /// The drawing's listeners, removed by `dispose`.
    listeners: RefCell<Vec<gloo_events::EventListener>>,
    /// Set by `dispose`: slices still scheduled draw nothing more.
    stopped: std::cell::Cell<bool>,
}

impl Painter {
    /// Appends a new `tag` element to `parent` (or, should the browser refuse to create one,
    /// returns `parent` so the content still lands somewhere readable).
    fn el(&self, parent: &Element, tag: &str, class: Option<&str>) -> Element {
        let Ok(el) = self.dom.create_element(tag) else {
            return parent.clone();
        };
        if let Some(class) = class {
            el.set_class_name(class);
        }
        let _ = parent.append_child(&el);
        el
    }

    /// A wrapper that lets a wide table scroll on narrow screens; keyboard users can focus it
    /// to scroll, so it is a named region.
    fn scroller(&self, parent: &Element, label: &str) -> Element {
        let wrap = self.el(parent, "div", Some("cg-table-wrap"));
        let _ = wrap.set_attribute("tabindex", "0");
        let _ = wrap.set_attribute("role", "region");
        let _ = wrap.set_attribute("aria-label", label);
        wrap
    }

    /// Marks an element holding the document's own text: its direction follows its text
    /// (`dir="auto"`), so an English policy reads left to right inside a Hebrew widget and
    /// the other way round.
    fn own(&self, el: &Element) -> Element {
        let _ = el.set_attribute("dir", "auto");
        el.clone()
    }

    fn text(&self, parent: &Element, text: &str) {
        let _ = parent.append_child(&self.dom.create_text_node(text));
    }

    /// Title, date, description, and the contents' frame (its entries come in slices).
    fn front(&self, container: &Element, doc: &Document, show_title: bool) -> Progress {
        let t = &self.locale;
        if show_title {
            let h1 = self.own(&self.el(container, "h1", Some("cg-policy-title")));
            self.text(
                &h1,
                doc.title.as_deref().unwrap_or(t.text(Text::PolicyLink)),
            );
        }
        if let Some(day) = doc.updated() {
            let p = self.el(container, "p", Some("cg-updated"));
            self.text(&p, &[t.text(Text::LastUpdated), ": "].concat());
            let time = self.el(&p, "time", None);
            let _ = time.set_attribute("datetime", day);
            self.text(&time, day);
        }
        if let Some(description) = &doc.description {
            let p = self.own(&self.el(container, "p", Some("cg-text cg-lead")));
            self.text(&p, description);
        }
        let mut toc = doc.toc();
        let toc_list = (!toc.is_empty()).then(|| {
            // Sections (level 2) with their subsections (level 3) nested under them. Headings
            // carry their own numbers, if any, so the lists are not numbered again.
            let nav = self.el(container, "nav", Some("cg-toc"));
            let _ = nav.set_attribute("aria-label", t.text(Text::Contents));
            self.el(&nav, "ul", None)
        });
        if toc_list.is_some() {
            toc.push((
                2,
                "cookie-declaration".into(),
                t.text(Text::CookieDeclaration).into(),
            ));
        }
        Progress {
            toc,
            toc_done: 0,
            toc_list,
            section: None,
            subsections: None,
            blocks_done: 0,
        }
    }

    /// Draws the next contents entry.
    fn toc_entry(&self, p: &mut Progress) {
        let (Some(top), Some((level, id, text))) = (p.toc_list.clone(), p.toc.get(p.toc_done))
        else {
            return;
        };
        let li = match (&p.section, *level > 2) {
            (Some(parent), true) => {
                let list = p
                    .subsections
                    .get_or_insert_with(|| self.el(parent, "ul", None))
                    .clone();
                self.el(&list, "li", None)
            }
            _ => {
                let li = self.el(&top, "li", None);
                p.section = Some(li.clone());
                p.subsections = None;
                li
            }
        };
        let a = self.own(&self.el(&li, "a", Some("cg-link")));
        let _ = a.set_attribute("href", &format!("#{id}"));
        self.text(&a, text);
        p.toc_done += 1;
    }

    /// Draws up to `count` more contents entries and blocks, then schedules the next slice.
    fn slice(
        self: &Rc<Self>,
        container: &Element,
        doc: &Rc<Document>,
        progress: &Rc<RefCell<Progress>>,
        count: usize,
        deep_link: bool,
    ) {
        if self.stopped.get() {
            return;
        }
        let finished = {
            let mut p = progress.borrow_mut();
            let mut budget = count;
            while budget > 0 && p.toc_done < p.toc.len() {
                self.toc_entry(&mut p);
                budget -= 1;
            }
            let to = (p.blocks_done + budget).min(doc.blocks.len());
            for block in &doc.blocks[p.blocks_done..to] {
                self.block(container, block);
            }
            p.blocks_done = to;
            p.toc_done == p.toc.len() && to == doc.blocks.len()
        };
        if !finished {
            let (me, container, doc, progress) = (
                Rc::clone(self),
                container.clone(),
                Rc::clone(doc),
                Rc::clone(progress),
            );
            let next = Closure::once_into_js(move || {
                me.slice(&container, &doc, &progress, NEXT_SLICE, deep_link);
            });
            if let Some(w) = web_sys::window() {
                let _ = w
                    .set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
            }
        } else if deep_link {
            scroll_to_hash(container);
        }
    }

    fn block(&self, parent: &Element, block: &Block) {
        match block {
            Block::Heading { level, id, content } => {
                let h = self.el(
                    parent,
                    &format!("h{}", (level + self.offset).min(6)),
                    Some("cg-policy-heading"),
                );
                self.own(&h);
                let _ = h.set_attribute("id", id);
                let _ = h.set_attribute("tabindex", "-1");
                self.inlines(&h, content);
            }
            Block::Paragraph(content) => {
                let p = self.own(&self.el(parent, "p", Some("cg-text")));
                self.inlines(&p, content);
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                let list = self.el(parent, if *ordered { "ol" } else { "ul" }, None);
                if *ordered && *start != 1 {
                    let _ = list.set_attribute("start", &start.to_string());
                }
                for item in items {
                    let li = self.own(&self.el(&list, "li", None));
                    match item.as_slice() {
                        [Block::Paragraph(content)] => self.inlines(&li, content),
                        more => more.iter().for_each(|b| self.block(&li, b)),
                    }
                }
            }
            Block::Quote(inner) => {
                let q = self.own(&self.el(parent, "blockquote", None));
                inner.iter().for_each(|b| self.block(&q, b));
            }
            Block::Code(text) => {
                let pre = self.el(parent, "pre", None);
                let code = self.el(&pre, "code", None);
                self.text(&code, text);
            }
            Block::Rule => {
                self.el(parent, "hr", None);
            }
            Block::Table { head, rows } => {
                let label = head
                    .iter()
                    .map(|c| policy::text_of(c))
                    .collect::<Vec<_>>()
                    .join(", ");
                let wrap = self.scroller(parent, &label);
                let table = self.el(&wrap, "table", Some("cg-cookies"));
                if !head.is_empty() {
                    let tr = self.el(&self.el(&table, "thead", None), "tr", None);
                    for cell in head {
                        let th = self.own(&self.el(&tr, "th", None));
                        let _ = th.set_attribute("scope", "col");
                        self.inlines(&th, cell);
                    }
                }
                let tbody = self.el(&table, "tbody", None);
                for row in rows {
                    let tr = self.el(&tbody, "tr", None);
                    for cell in row {
                        self.inlines(&self.own(&self.el(&tr, "td", None)), cell);
                    }
                }
            }
            Block::CookieDeclaration => self.declaration(parent),
        }
    }

    fn inlines(&self, parent: &Element, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.text(parent, t),
                Inline::Strong(c) => self.inlines(&self.el(parent, "strong", None), c),
                Inline::Emphasis(c) => self.inlines(&self.el(parent, "em", None), c),
                Inline::Code(t) => {
                    let code = self.el(parent, "code", None);
                    self.text(&code, t);
                }
                Inline::Break => {
                    self.el(parent, "br", None);
                }
                Inline::Link {
                    href,
                    external,
                    content,
                } => {
                    let a = self.el(parent, "a", Some("cg-link"));
                    let _ = a.set_attribute("href", href);
                    if *external {
                        let _ = a.set_attribute("target", "_blank");
                        let _ = a.set_attribute("rel", "noopener noreferrer");
                    }
                    self.inlines(&a, content);
                }
            }
        }
    }

    /// The cookie declaration, from the same config as the preferences. On narrow screens
    /// each row reads as a card: every cell carries its column's name (`data-label`).
    fn declaration(&self, parent: &Element) {
        let Some(config) = &self.config else {
            return;
        };
        let t = &self.locale;
        let section = self.el(parent, "section", Some("cg-declaration"));
        let _ = section.set_attribute("aria-labelledby", "cookie-declaration");
        let level = 2 + self.offset;
        let h = self.el(
            &section,
            &format!("h{}", level.min(6)),
            Some("cg-policy-heading"),
        );
        let _ = h.set_attribute("id", "cookie-declaration");
        let _ = h.set_attribute("tabindex", "-1");
        self.text(&h, t.text(Text::CookieDeclaration));
        const COLUMNS: [Text; 6] = [
            Text::Service,
            Text::Provider,
            Text::Cookie,
            Text::Purpose,
            Text::Lifetime,
            Text::ThirdParty,
        ];
        for category in &config.categories {
            let title = t.pick(&category.title);
            let h = self.el(
                &section,
                &format!("h{}", (level + 1).min(6)),
                Some("cg-policy-heading"),
            );
            self.own(&h);
            self.text(&h, title);
            if category.required {
                let note = self.el(&h, "span", Some("cg-always"));
                self.text(&note, &[" (", t.text(Text::AlwaysOn), ")"].concat());
            }
            let p = self.own(&self.el(&section, "p", Some("cg-text")));
            self.text(&p, t.pick(&category.description));
            if category.services.is_empty() {
                continue;
            }
            let wrap = self.scroller(
                &section,
                &[t.text(Text::CookieDeclaration), ": ", title].concat(),
            );
            let table = self.el(&wrap, "table", Some("cg-cookies cg-declaration-table"));
            let tr = self.el(&self.el(&table, "thead", None), "tr", None);
            for head in COLUMNS {
                let th = self.el(&tr, "th", None);
                let _ = th.set_attribute("scope", "col");
                self.text(&th, t.text(head));
            }
            let tbody = self.el(&table, "tbody", None);
            for service in &category.services {
                let third = t.text(if service.third_party {
                    Text::Yes
                } else {
                    Text::No
                });
                let provider = service.provider.as_deref().unwrap_or("\u{2014}");
                let description = t.pick(&service.description);
                // (the cookie's name, or None for a service that sets none; purpose; lifetime)
                let rows: Vec<(Option<String>, &str, &str)> = if service.cookies.is_empty() {
                    vec![(None, description, "\u{2014}")]
                } else {
                    service
                        .cookies
                        .iter()
                        .map(|k| {
                            (
                                Some(k.name.display()),
                                k.description.as_ref().map_or(description, |d| t.pick(d)),
                                k.lifetime.as_ref().map_or("\u{2014}", |l| t.pick(l)),
                            )
                        })
                        .collect()
                };
                for (cookie, purpose, lifetime) in rows {
                    let tr = self.el(&tbody, "tr", None);
                    let cell = |tag: &str, column: Text| {
                        let c = self.el(&tr, tag, None);
                        let _ = c.set_attribute("data-label", t.text(column));
                        c
                    };
                    let th = cell("th", COLUMNS[0]);
                    let _ = th.set_attribute("scope", "row");
                    self.text(&self.own(&th), t.pick(&service.title));
                    self.text(&self.own(&cell("td", COLUMNS[1])), provider);
                    let name = cell("td", COLUMNS[2]);
                    match &cookie {
                        Some(n) => {
                            let code = self.el(&name, "code", None);
                            // A cookie's name is an identifier: left to right in any language.
                            let _ = code.set_attribute("dir", "ltr");
                            self.text(&code, n);
                        }
                        None => self.text(&name, t.text(Text::NoCookies)),
                    }
                    self.text(&self.own(&cell("td", COLUMNS[3])), purpose);
                    self.text(&self.own(&cell("td", COLUMNS[4])), lifetime);
                    self.text(&cell("td", COLUMNS[5]), third);
                }
            }
        }
        let p = self.el(&section, "p", None);
        let button = self.el(&p, "button", Some("cg-button cg-button-inline"));
        let _ = button.set_attribute("type", "button");
        self.text(&button, t.text(Text::ChangeChoice));
        let change = self.change_choice.clone();
        let listener = gloo_events::EventListener::new(&button, "click", move |_| {
            let _ = change.call0(&JsValue::NULL);
        });
        self.listeners.borrow_mut().push(listener);
    }

    /// In-document links scroll within the shadow root, where the page's own `#id`
    /// navigation cannot look.
    fn listen_for_anchors(&self, container: &Element) {
        let listener = gloo_events::EventListener::new_with_options(
            container,
            "click",
            // Not passive: the handler prevents the page from following in-document links.
            gloo_events::EventListenerOptions::enable_prevent_default(),
            |event| {
                let link = event
                    .target()
                    .and_then(|t| t.dyn_into::<Element>().ok())
                    .and_then(|t| t.closest("a[href^='#']").ok().flatten());
                let Some(link) = link else {
                    return;
                };
                let id = link
                    .get_attribute("href")
                    .unwrap_or_default()
                    .trim_start_matches('#')
                    .to_owned();
                if let Some(target) = find(&link, &id) {
                    event.prevent_default();
                    target.scroll_into_view();
                    if let Some(el) = target.dyn_ref::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            },
        );
        self.listeners.borrow_mut().push(listener);
    }
}

fn find(from: &Element, id: &str) -> Option<Element> {
    from.get_root_node()
        .dyn_into::<ShadowRoot>()
        .ok()
        .and_then(|root| root.get_element_by_id(id))
}

/// Scrolls to the section the page's address names (`privacy.html#cookies-and-...`).
fn scroll_to_hash(container: &Element) {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    let id = js_sys::decode_uri_component(id)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| id.to_owned());
    if let Some(el) = find(container, &id) {
        el.scroll_into_view();
    }
}
