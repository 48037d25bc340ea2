//! Page-lifetime state without `thread_local!` (which needs std): a cell in a `static`.
//!
//! The wasm builds run on one thread (no `atomics` target feature, no workers), so a
//! `RefCell` in a `static` is never touched from two threads; [`Global`] says so to the
//! compiler. Borrows are kept short: a callback that re-enters while a borrow is held would
//! panic.

use core::cell::RefCell;

/// A `RefCell` that can live in a `static` on single-threaded wasm.
pub struct Global<T>(RefCell<T>);

// SAFETY: the wasm builds are single-threaded (no `atomics`), so no two threads ever reach
// the same `Global`.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    /// A cell holding `value`.
    pub const fn new(value: T) -> Global<T> {
        Global(RefCell::new(value))
    }

    /// Runs `f` with the value.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }

    /// Replaces the value, returning the old one.
    pub fn replace(&self, value: T) -> T {
        self.0.replace(value)
    }
}
