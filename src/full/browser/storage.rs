//! Where the record lives: `localStorage` when the browser allows it, memory otherwise.
//!
//! `localStorage` is probed first (the getter itself throws `SecurityError` when the visitor
//! blocks site data, and writes throw when the quota is full). A blocked or failing store
//! falls back to memory, so the choice still holds for this page view and nothing panics.
//! gloo-storage's `LocalStorage` is not used: it panics when storage is blocked and encodes
//! values itself, while the record's encoding belongs to the core.

use std::cell::RefCell;

use crate::core::cookies::{NamePattern, storage_deletions};
use crate::core::effects::Level;
use crate::core::record::STORAGE_KEY;

use super::log::log;

/// The record's home for this page view.
pub enum Store {
    /// The site's `localStorage`.
    Local(web_sys::Storage, RefCell<Option<String>>),
    /// Memory only (storage blocked or broken).
    Memory(RefCell<Option<String>>),
}

impl Store {
    /// Probes `localStorage` with a write and a removal.
    pub fn open() -> Store {
        let probe = web_sys::window()
            .ok_or_else(|| "no window".to_string())
            .and_then(|w| w.local_storage().map_err(|e| format!("{e:?}")))
            .and_then(|s| s.ok_or_else(|| "no localStorage".to_string()))
            .and_then(|s| {
                let key = format!("{STORAGE_KEY}:probe");
                s.set_item(&key, "1")
                    .and_then(|()| s.remove_item(&key))
                    .map(|()| s)
                    .map_err(|e| format!("{e:?}"))
            });
        match probe {
            Ok(storage) => Store::Local(storage, RefCell::new(None)),
            Err(reason) => {
                log(
                    Level::Warn,
                    &format!(
                        "localStorage is not available ({reason}); the choice will hold for this page view only"
                    ),
                );
                Store::Memory(RefCell::new(None))
            }
        }
    }

    /// The stored record, if any.
    pub fn load(&self) -> Option<String> {
        match self {
            Store::Local(storage, memory) => memory
                .borrow()
                .clone()
                .or_else(|| storage.get_item(STORAGE_KEY).ok().flatten()),
            Store::Memory(memory) => memory.borrow().clone(),
        }
    }

    /// Saves the record; on failure (quota, storage revoked) keeps it in memory and warns.
    pub fn save(&self, record: &str) {
        match self {
            Store::Local(storage, memory) => match storage.set_item(STORAGE_KEY, record) {
                Ok(()) => *memory.borrow_mut() = None,
                Err(e) => {
                    log(
                        Level::Warn,
                        &format!(
                            "could not save the choice ({e:?}); it holds for this page view only"
                        ),
                    );
                    *memory.borrow_mut() = Some(record.to_owned());
                }
            },
            Store::Memory(memory) => *memory.borrow_mut() = Some(record.to_owned()),
        }
    }

    /// Removes the record.
    pub fn remove(&self) {
        match self {
            Store::Local(storage, memory) => {
                *memory.borrow_mut() = None;
                if let Err(e) = storage.remove_item(STORAGE_KEY) {
                    log(Level::Warn, &format!("could not remove the choice: {e:?}"));
                }
            }
            Store::Memory(memory) => *memory.borrow_mut() = None,
        }
    }
}

/// Removes the site's `localStorage` keys that `rules` cover (never ConsentGate's own).
pub fn delete_keys(rules: &[NamePattern]) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect();
    for key in storage_deletions(&keys, rules) {
        let _ = storage.remove_item(&key);
    }
}
