//! The cookie declaration: [`crate::core::declaration`]'s tables, the same the preferences
//! draw, under the category's heading and description.

use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::core::declaration::{Cell, Declaration, Table, declaration};
use crate::core::i18n::Text;

use super::painter::Painter;

impl Painter {
    /// The cookie declaration, from the same config as the preferences.
    pub(super) fn declaration(&self, parent: &Element) {
        let Some(config) = &self.config else {
            return;
        };
        let model = declaration(config, &self.locale);
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
        self.text(&h, model.heading);
        for part in &model.sections {
            let h = self.el(
                &section,
                &format!("h{}", (level + 1).min(6)),
                Some("cg-policy-heading"),
            );
            self.text(&self.own(&h), part.title);
            if let Some(always) = part.always_on {
                let note = self.el(&h, "span", Some("cg-always"));
                self.text(&note, &[" (", always, ")"].concat());
            }
            let p = self.own(&self.el(&section, "p", Some("cg-text")));
            self.text(&p, part.description);
            if let Some(table) = &part.table {
                self.cookie_table(&section, &model, table);
            }
        }
        let p = self.el(&section, "p", None);
        let button = self.el(&p, "button", Some("cg-button cg-button-inline"));
        let _ = button.set_attribute("type", "button");
        self.text(&button, self.locale.text(Text::ChangeChoice));
        let change = self.change_choice.clone();
        let listener = gloo_events::EventListener::new(&button, "click", move |_| {
            let _ = change.call0(&JsValue::NULL);
        });
        self.listeners.borrow_mut().push(listener);
    }

    /// One category's table, as `src/full/ui/cookie_table.rs` draws it in the preferences. On
    /// narrow screens each row reads as a card: every cell carries its column's name
    /// (`data-label`).
    fn cookie_table(&self, parent: &Element, model: &Declaration, table: &Table) {
        let wrap = self.scroller(parent, &table.label);
        let el = self.el(&wrap, "table", Some("cg-cookies cg-declaration-table"));
        let tr = self.el(&self.el(&el, "thead", None), "tr", None);
        for head in model.columns {
            let th = self.el(&tr, "th", None);
            let _ = th.set_attribute("scope", "col");
            self.text(&th, head);
        }
        let tbody = self.el(&el, "tbody", None);
        for row in &table.rows {
            let tr = self.el(&tbody, "tr", None);
            let th = self.own(&self.el(&tr, "th", None));
            let _ = th.set_attribute("scope", "row");
            let _ = th.set_attribute("data-label", model.columns[0]);
            self.text(&th, row.head);
            for (cell, label) in row.cells.iter().zip(&model.columns[1..]) {
                let td = self.el(&tr, "td", None);
                let _ = td.set_attribute("data-label", label);
                match cell {
                    Cell::Site(text) => self.text(&self.own(&td), text),
                    Cell::Name(name) => {
                        let code = self.el(&td, "code", None);
                        let _ = code.set_attribute("dir", "ltr");
                        self.text(&code, name);
                    }
                    Cell::Interface(text) => self.text(&td, text),
                }
            }
        }
    }
}
