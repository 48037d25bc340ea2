//! The names std's prelude gives, from `alloc`, for code that also builds without std (the
//! gate, `#![no_std]`). Macros (`format!`, `vec!`) come from `alloc` at the crate root.

pub use alloc::borrow::ToOwned;
#[allow(unused_imports)]
pub use alloc::boxed::Box;
pub use alloc::string::{String, ToString};
pub use alloc::vec::Vec;
