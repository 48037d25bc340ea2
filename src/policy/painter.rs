//! The policy's painter: the document's front (title, date, contents) and its blocks, drawn
//! a slice at a time between frames, with plain DOM calls.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document as Dom, Element};

use crate::core::config::Config;
use crate::core::i18n::{Locale, Text};
use crate::core::policy::{Block, Document, Inline};

use super::NEXT_SLICE;

/// How far the drawing has come: the contents entries first, then the blocks, a slice at a
/// time (a megabyte of policy has about a thousand sections).
pub(super) struct Progress {
    /// `(level, id, text)` of every contents entry, the declaration's last.
    pub(super) toc: Vec<(u8, String, String)>,
    pub(super) toc_done: usize,
    /// The contents' list, and the current section's item and its sublist.
    pub(super) toc_list: Option<Element>,
    pub(super) section: Option<Element>,
    pub(super) subsections: Option<Element>,
    pub(super) blocks_done: usize,
}

pub(super) struct Painter {
    pub(super) dom: Dom,
    pub(super) config: Option<Config>,
    pub(super) locale: Locale,
    pub(super) offset: u8,
    pub(super) change_choice: Function,
    /// The drawing's listeners, removed by `dispose`.
    pub(super) listeners: RefCell<Vec<gloo_events::EventListener>>,
    /// Set by `dispose`: slices still scheduled draw nothing more.
    pub(super) stopped: std::cell::Cell<bool>,
}

impl Painter {
    /// Appends a new `tag` element to `parent` (or, should the browser refuse to create one,
    /// returns `parent` so the content still lands somewhere readable).
    pub(super) fn el(&self, parent: &Element, tag: &str, class: Option<&str>) -> Element {
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
    pub(super) fn scroller(&self, parent: &Element, label: &str) -> Element {
        let wrap = self.el(parent, "div", Some("cg-table-wrap"));
        let _ = wrap.set_attribute("tabindex", "0");
        let _ = wrap.set_attribute("role", "region");
        let _ = wrap.set_attribute("aria-label", label);
        wrap
    }

    /// Marks an element holding the document's own text: its direction follows its text
    /// (`dir="auto"`), so an English policy reads left to right inside a Hebrew widget and
    /// the other way round.
    pub(super) fn own(&self, el: &Element) -> Element {
        let _ = el.set_attribute("dir", "auto");
        el.clone()
    }

    pub(super) fn text(&self, parent: &Element, text: &str) {
        let _ = parent.append_child(&self.dom.create_text_node(text));
    }

    /// Title, date, description, and the contents' frame (its entries come in slices).
    pub(super) fn front(&self, container: &Element, doc: &Document, show_title: bool) -> Progress {
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
            self.text(
                &p,
                &[t.text(Text::LastUpdated), t.text(Text::FieldSeparator)].concat(),
            );
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
    pub(super) fn toc_entry(&self, p: &mut Progress) {
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
    pub(super) fn slice(
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
            super::anchors::scroll_to_hash(container);
        }
    }

    pub(super) fn block(&self, parent: &Element, block: &Block) {
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
                    .map(|c| crate::core::policy::text_of(c))
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

    pub(super) fn inlines(&self, parent: &Element, inlines: &[Inline]) {
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
}
