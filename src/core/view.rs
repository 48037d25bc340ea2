//! What the interface shows: a plain snapshot the Yew components render.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use super::config::{Category, Config};
use super::i18n::{Locale, Text};
use super::policy::Format;
use super::record::Choices;
use super::time::Timestamp;

/// The surface on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Surface {
    /// Nothing but, perhaps, the reopen control.
    #[default]
    Hidden,
    /// The first layer.
    Banner,
    /// The preferences dialog.
    Preferences,
}

/// A snapshot of everything the interface needs besides the config.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// What is open.
    pub surface: Surface,
    /// The preferences were opened from the banner, which returns when they close.
    pub over_banner: bool,
    /// Show the floating reopen control.
    pub reopen: bool,
    /// The choices shown in the preferences (nothing optional on before a decision).
    pub draft: Choices,
    /// The current decision's id and time, shown in the preferences.
    pub decided: Option<(String, Timestamp)>,
    /// The banner asks again because the config changed: show the revision message.
    pub notice: bool,
    /// The browser sends Global Privacy Control: `gpc` categories are locked off.
    pub gpc: bool,
    /// The browser sends Global Privacy Control where the region rule makes it binding
    /// (`"gpc": "binding"`): the preferences say the opt-out request was honoured.
    pub gpc_honoured: bool,
    /// The language shown and its texts; `None` while they load (nothing is drawn).
    pub locale: Option<Rc<Locale>>,
    /// Decisions made on this page view (each is announced to screen readers).
    pub saved: u32,
    /// The privacy policy, when its dialog is open or the page shows it inline.
    pub policy: Option<PolicyView>,
    /// The cookie declaration for the page's `data-consent-gate="cookie-declaration"`
    /// element (a document holding only the declaration), if the page has one.
    pub declaration: Option<PolicyDocument>,
}

/// The policy viewer's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyView {
    /// The dialog is open (over the banner or the preferences, if they are).
    pub open: bool,
    /// The page has a `data-consent-gate="policy"` element to render the policy into.
    pub inline: bool,
    /// The document, while loading, once loaded, or why it failed.
    pub document: PolicyDocument,
}

/// A fetched policy, ready for the policy build to parse and draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicySource {
    /// The document as served.
    pub text: String,
    /// How it is written.
    pub format: Format,
}

impl PolicySource {
    /// A document that is only the cookie declaration (for a site's own policy page).
    #[must_use]
    pub fn declaration() -> PolicySource {
        PolicySource {
            text: super::policy::DECLARATION_MARKER.to_owned(),
            format: Format::Markdown,
        }
    }
}

/// A policy document as the viewer sees it.
#[derive(Clone, Debug)]
pub enum PolicyDocument {
    /// Being fetched (and the policy build loaded).
    Loading,
    /// Fetched.
    Ready(Rc<PolicySource>),
    /// Could not be loaded (the message says why).
    Failed(String),
}

impl PartialEq for PolicyDocument {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (PolicyDocument::Loading, PolicyDocument::Loading) => true,
            // A fetched document never changes: the same allocation is the same document.
            (PolicyDocument::Ready(a), PolicyDocument::Ready(b)) => Rc::ptr_eq(a, b),
            (PolicyDocument::Failed(a), PolicyDocument::Failed(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for PolicyDocument {}

impl View {
    /// Whether something beyond the reopen control is on screen (the banner, the preferences
    /// or the policy), which the gate cannot draw without the full build.
    #[must_use]
    pub fn needs_interface(&self) -> bool {
        self.surface != Surface::Hidden || self.policy.is_some() || self.declaration.is_some()
    }

    /// Whether Global Privacy Control keeps `category` off (its toggles are locked).
    #[must_use]
    pub fn gpc_locks(&self, category: &Category) -> bool {
        self.gpc && category.gpc
    }

    /// The preferences' switch of `category`, or of its service `service`.
    #[must_use]
    pub fn switch(&self, category: &Category, service: Option<&str>) -> Switch {
        let drafted = match service {
            Some(id) => self.draft.services.get(id),
            None => self.draft.categories.get(&category.id),
        };
        let why_fixed = if category.required {
            Some(Fixed::Required)
        } else if self.gpc_locks(category) {
            Some(Fixed::Gpc)
        } else {
            None
        };
        Switch {
            on: category.required || drafted.copied().unwrap_or(false),
            fixed: why_fixed,
        }
    }
}

/// A switch in the preferences: on or off, and whether (and why) the visitor cannot change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switch {
    /// Shown on.
    pub on: bool,
    /// Why it cannot be changed (disabled), if it cannot.
    pub fixed: Option<Fixed>,
}

/// Why a switch cannot be changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixed {
    /// Strictly necessary: always on ("Always on").
    Required,
    /// Global Privacy Control keeps it off ("Opt-out honoured").
    Gpc,
}

/// The revision message: the site's, or the built-in one.
#[must_use]
pub fn notice<'a>(config: &'a Config, locale: &'a Locale) -> &'a str {
    config
        .revision_message
        .as_ref()
        .map_or_else(|| locale.text(Text::RevisionNotice), |m| locale.pick(m))
}

/// What the first layer says, in reading order: the banner draws exactly these texts, and a
/// banner painted before the interface arrived must have said the same for a click on it to
/// count ([`FirstLayer::text_content`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstLayer {
    /// The heading.
    pub title: String,
    /// Why it asks again (the config changed), if it does.
    pub notice: Option<String>,
    /// The paragraph ([`Config::banner_text`]).
    pub text: String,
    /// The policy link's label and address, when the config names a policy.
    pub policy: Option<(String, String)>,
    /// "Accept all".
    pub accept: String,
    /// "Reject all".
    pub reject: String,
    /// "Manage preferences".
    pub manage: String,
}

impl FirstLayer {
    /// The first layer of `view` (the notice only when the view shows it).
    #[must_use]
    pub fn new(config: &Config, locale: &Locale, notice: bool) -> FirstLayer {
        FirstLayer {
            title: locale.text(Text::BannerTitle).to_owned(),
            notice: notice.then(|| self::notice(config, locale).to_owned()),
            text: config.banner_text(locale),
            policy: config.policy_url.is_some().then(|| {
                (
                    locale.text(Text::PolicyLink).to_owned(),
                    config.policy_page(locale).to_owned(),
                )
            }),
            accept: locale.text(Text::AcceptAll).to_owned(),
            reject: locale.text(Text::RejectAll).to_owned(),
            manage: locale.text(Text::ManagePreferences).to_owned(),
        }
    }

    /// Every text in the order the banner shows them, as the DOM's `textContent` reads it
    /// (a space between the paragraph and the policy link).
    #[must_use]
    pub fn text_content(&self) -> String {
        let mut out = self.title.clone();
        if let Some(notice) = &self.notice {
            out.push_str(notice);
        }
        out.push_str(&self.text);
        if let Some((label, _)) = &self.policy {
            out.push(' ');
            out.push_str(label);
        }
        for label in [&self.accept, &self.reject, &self.manage] {
            out.push_str(label);
        }
        out
    }
}
