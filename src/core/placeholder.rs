//! Embed placeholders (contextual consent): which marked iframes get one, and what it says.
//!
//! A marked iframe that names a service (`data-consent="youtube"`, or `data-category` with
//! `data-service`) and may not load yet is replaced on screen, in its own box, by a
//! placeholder: the service's name, who provides it and why loading it needs consent, "Load
//! once", "Always allow <service>" and a link to the preferences. The bootstrap draws it
//! (`embed/bootstrap/placeholders.js`) on both paths; this module decides which elements get
//! one and their texts in the visitor's language, as a [`Look`] (JSON) the drawing reads:
//! the full build hands it over for each element, and the plan carries it for a returning
//! visit ([`super::plan`]).
//!
//! "Always allow" is the visitor switching that service on ([`super::record::Method::Contextual`]);
//! "Load once" loads one embed for one page view and decides nothing.

#[allow(unused_imports)]
use crate::prelude::*;

use super::config::{Config, Service};
use super::gating::Marker;
use super::i18n::{Locale, Text};
use super::json::ObjectWriter;

/// The service a marked element's placeholder is for: `None` when placeholders are off, the
/// marker waits for a denial (`!`), names a category rather than a service, or a service of a
/// required category (it always runs).
#[must_use]
pub fn service_of<'c>(config: &'c Config, marker: &Marker) -> Option<&'c Service> {
    if !config.placeholders || marker.negated {
        return None;
    }
    match config.service(&marker.purpose) {
        Some((c, s)) if !c.required => Some(s),
        _ => None,
    }
}

/// One service's placeholder texts in a language, `{service}` and `{provider}` filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    /// The service id ("Always allow" grants it).
    pub service: String,
    /// `placeholderName`: the placeholder's title.
    pub name: String,
    /// `placeholderText`: who provides it and why loading it needs consent.
    pub text: String,
    /// `placeholderAlwaysAllow`.
    pub allow: String,
}

/// The placeholders an embed placeholder's texts are filled with (`placeholderName`,
/// `placeholderText`, `placeholderAlwaysAllow`): a site's own text may use any of them, even
/// one its built-in version leaves out (`"{service} by {provider}"`). `None` for other texts.
#[must_use]
pub fn filled_with(text: Text) -> Option<&'static [&'static str]> {
    matches!(
        text,
        Text::PlaceholderName | Text::PlaceholderText | Text::PlaceholderAlwaysAllow
    )
    .then_some(&["service", "provider"])
}

/// The texts of `service`'s placeholder in `locale`: its title in that language, its
/// provider (its title when the config names none).
#[must_use]
pub fn texts(locale: &Locale, service: &Service) -> Texts {
    let title = locale.pick(&service.title);
    let provider = service.provider.as_deref().unwrap_or(title);
    // "Ltd." before a sentence's full stop: one stop.
    let stopped = if provider.ends_with('.') {
        provider
    } else {
        ""
    };
    let fill = |text: Text| {
        let t = locale.text(text).replace("{service}", title);
        let t = if stopped.is_empty() {
            t
        } else {
            t.replace("{provider}.", stopped)
        };
        t.replace("{provider}", provider)
    };
    Texts {
        service: service.id.clone(),
        name: fill(Text::PlaceholderName),
        text: fill(Text::PlaceholderText),
        allow: fill(Text::PlaceholderAlwaysAllow),
    }
}

/// What the bootstrap draws placeholders with (JSON): `{lang, dir, scheme, css, once, prefs,
/// services: {id: {n, t, a}}}`, for `services` (every service that can have one when `None`).
#[must_use]
pub fn look(config: &Config, locale: &Locale, only: Option<&Service>) -> String {
    let mut services = String::new();
    let mut sw = ObjectWriter::new(&mut services);
    let all = config
        .categories
        .iter()
        .filter(|c| !c.required)
        .flat_map(|c| c.services.iter());
    for s in all.filter(|s| only.is_none_or(|o| o.id == s.id)) {
        let t = texts(locale, s);
        let mut one = String::new();
        ObjectWriter::new(&mut one)
            .string("n", &t.name)
            .string("t", &t.text)
            .string("a", &t.allow)
            .close();
        sw.raw(&s.id, &one);
    }
    sw.close();
    let mut out = String::new();
    ObjectWriter::new(&mut out)
        .string("lang", &locale.tag)
        .string("dir", locale.dir())
        .string("scheme", config.look.theme.scheme.name())
        .string("css", &config.look.theme.css())
        .string("once", locale.text(Text::PlaceholderLoadOnce))
        .string("prefs", locale.text(Text::ReopenButton))
        .raw("services", &services)
        .close();
    out
}

/// The embed addresses built in for iframemanager's markup, by service id (a service's own
/// `embedUrl` comes first).
pub const EMBED_URLS: &[(&str, &str)] = &[
    (
        "youtube",
        "https://www.youtube-nocookie.com/embed/{data-id}",
    ),
    ("vimeo", "https://player.vimeo.com/video/{data-id}"),
];

/// The iframe iframemanager's markup (`<div data-service data-id>`) stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embed {
    /// Its address: the service's `embedUrl` (or a built-in one) with `{data-id}` replaced by
    /// the percent-encoded `data-id`, and `data-params` as the query.
    pub src: String,
    /// Its accessible name: `data-title`, else the service's title.
    pub title: String,
}

/// The iframe of `<div data-service="{service}" data-id="{id}">` with its `data-params` and
/// `data-title`.
///
/// # Errors
/// The config has no such service, or no address for its embeds; the message says which.
pub fn embed(
    config: &Config,
    service: &str,
    id: &str,
    params: Option<&str>,
    title: Option<&str>,
) -> Result<Embed, String> {
    let Some((_, s)) = config.service(service) else {
        return Err(format!(
            "the config has no service {service:?}; nothing is embedded"
        ));
    };
    let template = s.embed_url.as_deref().or_else(|| {
        EMBED_URLS
            .iter()
            .find(|(name, _)| *name == service)
            .map(|(_, url)| *url)
    });
    let Some(template) = template else {
        return Err(format!(
            "service {service:?} has no embedUrl in the config (its embed's address, with {{data-id}}); nothing is embedded"
        ));
    };
    let mut src = template.replace("{data-id}", &encode_component(id));
    if let Some(params) = params.filter(|p| !p.is_empty()) {
        src.push(if src.contains('?') { '&' } else { '?' });
        src.push_str(params.trim_start_matches('?'));
    }
    let title = title.filter(|t| !t.trim().is_empty()).map_or_else(
        || {
            s.title
                .entries()
                .next()
                .map_or(service, |(_, t)| t)
                .to_owned()
        },
        str::to_owned,
    );
    Ok(Embed { src, title })
}

/// `encodeURIComponent`: every byte but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` percent-encoded.
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
