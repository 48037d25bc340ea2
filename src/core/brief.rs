//! The brief: what the full build leaves in storage for the gate, so a returning visitor's
//! page view needs neither the config reader nor its messages.
//!
//! Whenever the full build has read and validated a config, it stores
//! `localStorage["consent-gate-brief"]`: the parts of that config a returning visit uses
//! (purposes, Consent Mode and Google settings, the reopen control's look and label), with
//! the build's version and a fingerprint of the config's text. The gate fetches the config as
//! usual and uses the brief only when the fingerprint is that of the text it got, from a
//! build of its own version: the config is then the very one the full build validated, so
//! the gate's decisions are the full build's ([`super::visit`]). Any other case (no brief, a
//! changed config, another version, a brief that does not read) goes to the full build, which
//! validates, reports and writes a new brief.
//!
//! A visitor who edits their own storage can make the gate trust a config the full build
//! never saw; they can only change what their own browser does, and their choices still come
//! from a record the gate checks as strictly as the full build does.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use super::config::{Advanced, Category, Config, Google, Look, Service};
use super::google::{ConsentType, TagId};
use super::i18n::{Localized, Text};
use super::json::{Json, ObjectWriter, write_string};
use super::theme::{self, Layout, Scheme, Theme};

/// The `localStorage` key of the brief.
pub const BRIEF_KEY: &str = "consent-gate-brief";

/// The version of the build that writes and reads briefs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// 64-bit FNV-1a of the config's text, in hex: tells whether the text is the one the full
/// build validated. Not a defence against the visitor's own edits (see the module docs).
#[must_use]
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut out = String::with_capacity(16);
    for shift in (0..16).rev() {
        // ok: a nibble is 0..16.
        let nibble = ((hash >> (shift * 4)) & 0xf) as u8;
        out.push(char::from(if nibble < 10 {
            b'0' + nibble
        } else {
            b'a' + nibble - 10
        }));
    }
    out
}

/// A config as the gate needs it: everything a returning visit decides on, and the reopen
/// control's look. Texts other than the control's label are left empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Brief {
    /// The decision-relevant config.
    pub config: Config,
    /// The theme's CSS for the reopen control (`Theme::css` of the validated config).
    pub theme_css: String,
}

/// Writes the brief of `config`, whose text is `text`.
#[must_use]
pub fn encode(config: &Config, text: &str) -> String {
    let mut categories = String::from("[");
    for (i, c) in config.categories.iter().enumerate() {
        if i > 0 {
            categories.push(',');
        }
        let mut w = ObjectWriter::new(&mut categories);
        w.string("id", &c.id)
            .bool("required", c.required)
            .bool("gpc", c.gpc)
            .string_array("types", c.consent_types.iter().map(|t| t.name()))
            .string_array("services", c.services.iter().map(|s| s.id.as_str()));
        w.close();
    }
    categories.push(']');
    let g = &config.google;
    let mut google = String::new();
    let mut w = ObjectWriter::new(&mut google);
    w.bool("consentMode", g.consent_mode)
        .opt_string(
            "measurementId",
            g.measurement_id.as_ref().map(TagId::as_str),
        )
        .opt_string("containerId", g.container_id.as_ref().map(TagId::as_str))
        .string("category", &g.category);
    if let Some(a) = &g.advanced {
        let mut advanced = String::new();
        let mut aw = ObjectWriter::new(&mut advanced);
        let mut regions = String::from("[");
        for (i, (code, types)) in a.regions.iter().enumerate() {
            if i > 0 {
                regions.push(',');
            }
            let mut rw = ObjectWriter::new(&mut regions);
            rw.string("code", code)
                .string_array("types", types.iter().map(|t| t.name()));
            rw.close();
        }
        regions.push(']');
        aw.number("waitForUpdate", u64::from(a.wait_for_update))
            .raw("regions", &regions)
            .bool("adsDataRedaction", a.ads_data_redaction)
            .bool("urlPassthrough", a.url_passthrough);
        aw.close();
        w.raw("advanced", &advanced);
    }
    w.close();
    let label = config
        .texts
        .iter()
        .find(|(t, _)| *t == Text::ReopenButton)
        .map(|(_, l)| localized(l));
    let mut out = String::new();
    let mut w = ObjectWriter::new(&mut out);
    w.string("v", VERSION)
        .string("fp", &fingerprint(text))
        .number("revision", u64::from(config.revision))
        .number("expiryDays", u64::from(config.expiry_days))
        .raw("categories", &categories)
        .raw("google", &google)
        .bool("reopenButton", config.reopen_button)
        .string("reopenPosition", config.look.reopen_position)
        .string("scheme", config.look.theme.scheme.name())
        .string("css", &config.look.theme.css())
        .opt_string("language", config.language.as_deref())
        .string_array("languages", config.languages.iter().map(String::as_str));
    if let Some(label) = &label {
        w.raw("reopenLabel", label);
    }
    w.close();
    out
}

fn localized(text: &Localized) -> String {
    let mut out = String::new();
    if text.is_plain() {
        write_string(&mut out, text.entries().next().map_or("", |(_, v)| v));
        return out;
    }
    let mut w = ObjectWriter::new(&mut out);
    for (tag, value) in text.entries() {
        w.string(tag, value);
    }
    w.close();
    out
}

/// Reads the brief stored as `stored`, if it was written by this version for the config
/// whose text is `text`. `None` for anything else, with no message: the full build decides.
#[must_use]
pub fn decode(stored: &Json, text: &str) -> Option<Brief> {
    let get = |key: &str| stored.field(key);
    let string = |key: &str| get(key).and_then(Json::as_str);
    if string("v")? != VERSION || string("fp")? != fingerprint(text) {
        return None;
    }
    let categories = get("categories")?
        .as_array()?
        .iter()
        .map(category)
        .collect::<Option<Vec<_>>>()?;
    let texts = match get("reopenLabel") {
        None => Vec::new(),
        Some(label) => alloc::vec![(Text::ReopenButton, localized_from(label)?)],
    };
    let config = Config {
        revision: get("revision")?.as_u32()?,
        expiry_days: get("expiryDays")?.as_u32()?,
        language: string("language").map(str::to_owned),
        languages: strings(get("languages")?)?,
        policy_url: None,
        policy_page: None,
        texts,
        categories,
        google: google(get("google")?)?,
        reopen_button: get("reopenButton")?.as_bool()?,
        reload_on_withdraw: true,
        revision_message: None,
        proof_endpoint: None,
        look: Look {
            theme: Theme {
                scheme: Scheme::from_name(string("scheme")?)?,
                ..Theme::default()
            },
            layout: Layout::default(),
            position: Layout::default().positions()[0],
            blocking: false,
            reopen_position: theme::CORNERS
                .iter()
                .copied()
                .find(|c| Some(*c) == string("reopenPosition"))?,
        },
    };
    Some(Brief {
        config,
        theme_css: string("css")?.to_owned(),
    })
}

fn strings(value: &Json) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|s| s.as_str().map(str::to_owned))
        .collect()
}

fn types(value: &Json) -> Option<Vec<ConsentType>> {
    value
        .as_array()?
        .iter()
        .map(|t| ConsentType::from_name(t.as_str()?))
        .collect()
}

fn category(value: &Json) -> Option<Category> {
    let services = strings(value.field("services")?)?
        .into_iter()
        .map(|id| Service {
            id,
            title: Localized::default(),
            description: Localized::default(),
            provider: None,
            third_party: false,
            cookies: Vec::new(),
            local_storage: Vec::new(),
        })
        .collect();
    Some(Category {
        id: value.field("id")?.as_str()?.to_owned(),
        title: Localized::default(),
        description: Localized::default(),
        required: value.field("required")?.as_bool()?,
        services,
        consent_types: types(value.field("types")?)?,
        gpc: value.field("gpc")?.as_bool()?,
    })
}

fn google(value: &Json) -> Option<Google> {
    let id = |key: &str, prefix: &str| -> Option<Option<TagId>> {
        match value.field(key) {
            None => Some(None),
            Some(id) => TagId::checked(id.as_str()?, prefix).map(Some),
        }
    };
    let advanced = match value.field("advanced") {
        None => None,
        Some(a) => Some(advanced(a)?),
    };
    Some(Google {
        consent_mode: value.field("consentMode")?.as_bool()?,
        measurement_id: id("measurementId", "G-")?,
        container_id: id("containerId", "GTM-")?,
        category: value.field("category")?.as_str()?.to_owned(),
        advanced,
    })
}

fn advanced(value: &Json) -> Option<Advanced> {
    let regions = value
        .field("regions")?
        .as_array()?
        .iter()
        .map(|r| {
            Some((
                r.field("code")?.as_str()?.to_owned(),
                types(r.field("types")?)?,
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Advanced {
        wait_for_update: value.field("waitForUpdate")?.as_u32()?,
        regions,
        ads_data_redaction: value.field("adsDataRedaction")?.as_bool()?,
        url_passthrough: value.field("urlPassthrough")?.as_bool()?,
    })
}

fn localized_from(value: &Json) -> Option<Localized> {
    match value {
        Json::String(s) => Some(Localized::plain(s.to_owned())),
        Json::Object(entries) => entries
            .iter()
            .map(|(tag, v)| Some((tag.clone(), v.as_str()?.to_owned())))
            .collect::<Option<Vec<_>>>()
            .map(Localized::by_language),
        _ => None,
    }
}
