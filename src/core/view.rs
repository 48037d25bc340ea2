//! What the interface shows: a plain snapshot the Yew components render.

use super::config::{Category, Config};
use super::i18n::Text;
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
}

impl View {
    /// Whether something beyond the reopen control is on screen (the banner or the
    /// preferences), which the gate cannot draw without the full build.
    #[must_use]
    pub fn needs_interface(&self) -> bool {
        self.surface != Surface::Hidden
    }

    /// Whether Global Privacy Control keeps `category` off (its toggles are locked).
    #[must_use]
    pub fn gpc_locks(&self, category: &Category) -> bool {
        self.gpc && category.gpc
    }

    /// The message the banner shows when it asks again because the config changed.
    #[must_use]
    pub fn notice_text<'a>(&self, config: &'a Config) -> Option<&'a str> {
        self.notice.then(|| {
            config
                .revision_message
                .as_deref()
                .unwrap_or_else(|| config.texts.get(Text::RevisionNotice))
        })
    }
}
