//! Console messages (see [`crate::console`]).

pub use crate::console::log;
