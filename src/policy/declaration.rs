//! The cookie declaration, drawn from the same config as the preferences: every category,
//! service and cookie with provider, purpose, lifetime and third-party flag.

use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::core::i18n::Text;

use super::painter::Painter;

impl Painter {
    /// The cookie declaration, from the same config as the preferences. On narrow screens
    /// each row reads as a card: every cell carries its column's name (`data-label`).
    pub(super) fn declaration(&self, parent: &Element) {
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
                &[
                    t.text(Text::CookieDeclaration),
                    t.text(Text::FieldSeparator),
                    title,
                ]
                .concat(),
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
}
