//! Small interface helpers shared by the dialogs.

pub mod dialog;
pub mod obscured;
