//! The cookie declaration as data: every category with a table of the cookies its services
//! set, every cell's text decided (the site's words in the visitor's language, the
//! interface's "Yes"/"No", a dash for what the site left out). The preferences dialog and the
//! policy's declaration draw the same tables from it and decide nothing of their own.

#[allow(unused_imports)]
use crate::prelude::*;

use super::config::{Config, Service};
use super::i18n::{Locale, Text};

/// What stands in a cell the site gave no text for (a provider, a lifetime).
pub const MISSING: &str = "\u{2014}";

/// The columns, in order: the service (which heads its row), then [`Row::cells`].
const COLUMNS: [Text; 6] = [
    Text::Service,
    Text::Provider,
    Text::Cookie,
    Text::Purpose,
    Text::Lifetime,
    Text::ThirdParty,
];

/// Every category's cookies, in the config's order. Its texts are the config's and the
/// locale's (borrowed: the model costs the builds little more than drawing straight from
/// the config did).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration<'a> {
    /// "Cookie declaration", in the visitor's language.
    pub heading: &'a str,
    /// The column headers in order; each also names its cells on narrow screens.
    pub columns: [&'a str; 6],
    /// One per category, in the config's order.
    pub sections: Vec<Section<'a>>,
}

/// One category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section<'a> {
    /// The category's key.
    pub category: &'a str,
    /// Its title.
    pub title: &'a str,
    /// "Always on" for a strictly necessary category.
    pub always_on: Option<&'a str>,
    /// What the category is for.
    pub description: &'a str,
    /// Its cookies; `None` for a category without services.
    pub table: Option<Table<'a>>,
}

/// A category's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table<'a> {
    /// The name of the table's scrolling region ("Cookie declaration: Analytics").
    pub label: String,
    /// One row per cookie, and one for each service that sets none.
    pub rows: Vec<Row<'a>>,
}

/// One cookie (or a service that sets none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    /// The service's key.
    pub service: &'a str,
    /// The service's title, which heads the row.
    pub head: &'a str,
    /// Provider, cookie, purpose, lifetime, third party: [`Declaration::columns`] after the
    /// first.
    pub cells: [Cell<'a>; 5],
}

/// A cell's text, and what kind of text it is (which decides its direction).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// The site's own words (`dir="auto"`).
    Site(&'a str),
    /// A cookie's name or pattern as a visitor reads it (`_ga_*`): an identifier, left to
    /// right in any language.
    Name(String),
    /// An interface text in the visitor's language.
    Interface(&'a str),
}

impl Cell<'_> {
    /// The text shown.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Cell::Site(s) | Cell::Interface(s) => s,
            Cell::Name(s) => s,
        }
    }
}

/// The declaration of `config`'s cookies in `locale`'s language.
#[must_use]
pub fn declaration<'a>(config: &'a Config, locale: &'a Locale) -> Declaration<'a> {
    let heading = locale.text(Text::CookieDeclaration);
    let sections = config
        .categories
        .iter()
        .map(|category| {
            let title = locale.pick(&category.title);
            let table = (!category.services.is_empty()).then(|| {
                let mut rows = Vec::new();
                for service in &category.services {
                    push_rows(&mut rows, service, locale);
                }
                Table {
                    label: [heading, locale.text(Text::FieldSeparator), title].concat(),
                    rows,
                }
            });
            Section {
                category: &category.id,
                title,
                always_on: category.required.then(|| locale.text(Text::AlwaysOn)),
                description: locale.pick(&category.description),
                table,
            }
        })
        .collect();
    Declaration {
        heading,
        columns: COLUMNS.map(|c| locale.text(c)),
        sections,
    }
}

/// Appends a service's rows: one per cookie, or one saying it sets none. A cookie without
/// its own purpose has the service's; a provider, purpose or lifetime the site left out
/// reads as a dash.
fn push_rows<'a>(rows: &mut Vec<Row<'a>>, service: &'a Service, locale: &'a Locale) {
    let provider = service.provider.as_deref().unwrap_or(MISSING);
    let third = locale.text(if service.third_party {
        Text::Yes
    } else {
        Text::No
    });
    let purpose = locale.pick(&service.description);
    let row = |name: Cell<'a>, purpose: &'a str, lifetime: &'a str| Row {
        service: &service.id,
        head: locale.pick(&service.title),
        cells: [
            Cell::Site(provider),
            name,
            Cell::Site(or_missing(purpose)),
            Cell::Site(or_missing(lifetime)),
            Cell::Interface(third),
        ],
    };
    if service.cookies.is_empty() {
        let none = Cell::Interface(locale.text(Text::NoCookies));
        rows.push(row(none, purpose, MISSING));
    }
    for k in &service.cookies {
        rows.push(row(
            Cell::Name(k.name.display()),
            k.description.as_ref().map_or(purpose, |d| locale.pick(d)),
            k.lifetime.as_ref().map_or(MISSING, |l| locale.pick(l)),
        ));
    }
}

fn or_missing(text: &str) -> &str {
    if text.is_empty() { MISSING } else { text }
}
