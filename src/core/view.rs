//! What the interface shows: a plain snapshot the Yew components render.

use super::record::Choices;
use super::time::Timestamp;

/// The surface on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    /// Nothing but, perhaps, the reopen control.
    Hidden,
    /// The first layer.
    Banner,
    /// The preferences dialog.
    Preferences,
}

/// A snapshot of everything the interface needs besides the config.
#[derive(Clone, Debug, PartialEq, Eq)]
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
}
