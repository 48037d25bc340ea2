//! The names std's prelude gives, from `alloc`, for the core, which builds without std
//! (`#![no_std]`, so it runs anywhere). Macros (`format!`, `vec!`) come from `alloc` at the crate root.

pub use alloc::borrow::ToOwned;
#[allow(unused_imports)]
pub use alloc::boxed::Box;
pub use alloc::string::{String, ToString};
pub use alloc::vec::Vec;
