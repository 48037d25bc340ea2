//! The policy build: parses a privacy policy and draws it into an element ConsentGate's
//! interface provides (inside its shadow root), with plain DOM calls. Only text nodes and
//! attribute values carry document text; nothing is parsed as HTML. Loaded only when a policy
//! is shown, so neither the Markdown parser nor this renderer is on the banner's path.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document as Dom, Element, ShadowRoot};

use crate::core::config::Config;
use crate::core::i18n::{Text, Texts};
use crate::core::policy::{self, Block, Document, Format, Inline};

/// Blocks drawn at once; the rest follow in slices between frames, so a very long policy
/// (a megabyte of text) never holds the page for long.
const FIRST_SLICE: usize = 120;
const NEXT_SLICE: usize = 250;

/// Parses `text` (`format`: `"markdown"` or `"text"`) and draws it into `container`.
///
/// * `config`: the site's config text (for the texts and the cookie declaration);
/// * `heading_offset`: added to the document's heading levels (1 inside a dialog titled h2);
/// * `show_title`: draw the title as an h1 (a standalone page) and scroll to the address's
///   `#section` once drawn;
/// * `change_choice`: called by the declaration's "Change your choice" button.
///
/// Returns the document's title (empty when it has none).
#[wasm_bindgen]
pub fn render_policy(
    container: Element,
    text: &str,
    format: &str,
    config: &str,
    heading_offset: u8,
    show_title: bool,
    change_choice: Function,
) -> String {
    let format = if format == "text" {
        Format::Text
    } else {
        Format::Markdown
    };
    let doc = policy::parse(text, format);
    let config = crate::js_json::parse(config)
        .ok()
        .and_then(|json| Config::from_json(&json).ok());
    let Some(dom) = web_sys::window().and_then(|w| w.document()) else {
        return String::new();
    };
    let painter = Rc::new(Painter {
        dom,
        config,
        offset: heading_offset,
        change_choice,
    });
    container.set_text_content(None);
    let progress = Rc::new(RefCell::new(painter.front(&container, &doc, show_title)));
    listen_for_anchors(&container);
    let title = doc.title.clone().unwrap_or_default();
    painter.slice(
        &container,
        &Rc::new(doc),
        &progress,
        FIRST_SLICE,
        show_title,
    );
    title
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
    offset: u8,
    change_choice: Function,
}

impl Painter {
    fn texts(&self) -> Texts {
        self.config
            .as_ref()
            .map_or_else(Texts::english, |c| c.texts.clone())
    }

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

    fn text(&self, parent: &Element, text: &str) {
        let _ = parent.append_child(&self.dom.create_text_node(text));
    }

    /// Title, date, description, and the contents' frame (its entries come in slices).
    fn front(&self, container: &Element, doc: &Document, show_title: bool) -> Progress {
        let t = self.texts();
        if show_title {
            let h1 = self.el(container, "h1", Some("cg-policy-title"));
            self.text(&h1, doc.title.as_deref().unwrap_or(t.get(Text::PolicyLink)));
        }
        if let Some(day) = doc.updated() {
            let p = self.el(container, "p", Some("cg-updated"));
            self.text(&p, &format!("{}: ", t.get(Text::LastUpdated)));
            let time = self.el(&p, "time", None);
            let _ = time.set_attribute("datetime", day);
            self.text(&time, day);
        }
        if let Some(description) = &doc.description {
            let p = self.el(container, "p", Some("cg-text cg-lead"));
            self.text(&p, description);
        }
        let mut toc = doc.toc();
        let toc_list = (!toc.is_empty()).then(|| {
            // Sections (level 2) with their subsections (level 3) nested under them. Headings
            // carry their own numbers, if any, so the lists are not numbered again.
            let nav = self.el(container, "nav", Some("cg-toc"));
            let _ = nav.set_attribute("aria-label", t.get(Text::Contents));
            self.el(&nav, "ul", None)
        });
        if toc_list.is_some() {
            toc.push((
                2,
                "cookie-declaration".into(),
                t.get(Text::CookieDeclaration).into(),
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
        let a = self.el(&li, "a", Some("cg-link"));
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
                let _ = h.set_attribute("id", id);
                let _ = h.set_attribute("tabindex", "-1");
                self.inlines(&h, content);
            }
            Block::Paragraph(content) => {
                let p = self.el(parent, "p", Some("cg-text"));
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
                    let li = self.el(&list, "li", None);
                    match item.as_slice() {
                        [Block::Paragraph(content)] => self.inlines(&li, content),
                        more => more.iter().for_each(|b| self.block(&li, b)),
                    }
                }
            }
            Block::Quote(inner) => {
                let q = self.el(parent, "blockquote", None);
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
                        let th = self.el(&tr, "th", None);
                        let _ = th.set_attribute("scope", "col");
                        self.inlines(&th, cell);
                    }
                }
                let tbody = self.el(&table, "tbody", None);
                for row in rows {
                    let tr = self.el(&tbody, "tr", None);
                    for cell in row {
                        self.inlines(&self.el(&tr, "td", None), cell);
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

    /// The cookie declaration, from the same config as the preferences.
    fn declaration(&self, parent: &Element) {
        let Some(config) = &self.config else {
            return;
        };
        let t = &config.texts;
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
        self.text(&h, t.get(Text::CookieDeclaration));
        for category in &config.categories {
            let h = self.el(
                &section,
                &format!("h{}", (level + 1).min(6)),
                Some("cg-policy-heading"),
            );
            self.text(&h, &category.title);
            if category.required {
                let note = self.el(&h, "span", Some("cg-always"));
                self.text(&note, &format!(" ({})", t.get(Text::AlwaysOn)));
            }
            let p = self.el(&section, "p", Some("cg-text"));
            self.text(&p, &category.description);
            if category.services.is_empty() {
                continue;
            }
            let wrap = self.scroller(
                &section,
                &format!("{}: {}", t.get(Text::CookieDeclaration), category.title),
            );
            let table = self.el(&wrap, "table", Some("cg-cookies"));
            let tr = self.el(&self.el(&table, "thead", None), "tr", None);
            for head in [
                Text::Service,
                Text::Provider,
                Text::Cookie,
                Text::Purpose,
                Text::Lifetime,
                Text::ThirdParty,
            ] {
                let th = self.el(&tr, "th", None);
                let _ = th.set_attribute("scope", "col");
                self.text(&th, t.get(head));
            }
            let tbody = self.el(&table, "tbody", None);
            for service in &category.services {
                let third = t.get(if service.third_party {
                    Text::Yes
                } else {
                    Text::No
                });
                let provider = service.provider.as_deref().unwrap_or("\u{2014}");
                // (the cookie's name, or None for a service that sets none; purpose; lifetime)
                let rows: Vec<(Option<&str>, &str, &str)> = if service.cookies.is_empty() {
                    vec![(None, service.description.as_str(), "\u{2014}")]
                } else {
                    service
                        .cookies
                        .iter()
                        .map(|k| {
                            (
                                Some(k.name.as_str()),
                                k.description.as_deref().unwrap_or(&service.description),
                                k.lifetime.as_deref().unwrap_or("\u{2014}"),
                            )
                        })
                        .collect()
                };
                for (cookie, purpose, lifetime) in rows {
                    let tr = self.el(&tbody, "tr", None);
                    let th = self.el(&tr, "th", None);
                    let _ = th.set_attribute("scope", "row");
                    self.text(&th, &service.title);
                    self.text(&self.el(&tr, "td", None), provider);
                    let cell = self.el(&tr, "td", None);
                    match cookie {
                        Some(name) => self.text(&self.el(&cell, "code", None), name),
                        None => self.text(&cell, t.get(Text::NoCookies)),
                    }
                    self.text(&self.el(&tr, "td", None), purpose);
                    self.text(&self.el(&tr, "td", None), lifetime);
                    self.text(&self.el(&tr, "td", None), third);
                }
            }
        }
        let p = self.el(&section, "p", None);
        let button = self.el(&p, "button", Some("cg-button cg-button-inline"));
        let _ = button.set_attribute("type", "button");
        self.text(&button, t.get(Text::ChangeChoice));
        let change = self.change_choice.clone();
        let listener = gloo_events::EventListener::new(&button, "click", move |_| {
            let _ = change.call0(&JsValue::NULL);
        });
        // Lives as long as the button, which the interface removes with the dialog.
        listener.forget();
    }
}

/// In-document links scroll within the shadow root, where the page's own `#id` navigation
/// cannot look.
fn listen_for_anchors(container: &Element) {
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
    // Lives as long as the container, which the interface removes with the dialog.
    listener.forget();
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
