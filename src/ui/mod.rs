//! The Yew interface: banner, preferences dialog and reopen control, rendered inside
//! ConsentGate's shadow root. Components render the core's [`View`] and dispatch
//! [`crate::core::consent::Action`]s; they decide nothing about consent.

mod app;
mod banner;
mod hooks;
mod preferences;
mod reopen;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::Element;
use yew::{AttrValue, Callback, Renderer};

use crate::browser;
use crate::core::config::Config;
use crate::core::view::{Surface, View};

pub use app::{App, AppProps};

/// The config, compared by identity (it never changes during a page view).
#[derive(Clone)]
pub struct ConfigRef(pub Rc<Config>);

impl PartialEq for ConfigRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Where focus returns when the preferences close, captured as they open.
#[derive(Clone, Default)]
pub struct Opener(pub Rc<RefCell<Option<Element>>>);

impl PartialEq for Opener {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Mounts the interface and returns the function that re-renders it with a new view.
///
/// # Errors
/// When the host element or its shadow root cannot be created.
pub fn mount(config: Rc<Config>) -> Result<browser::Render, String> {
    let root = browser::mount::mount()?;
    let config = ConfigRef(config);
    let opener = Opener::default();
    let opener_slot = Rc::clone(&opener.0);
    let props = move |view: View| AppProps {
        config: config.clone(),
        view,
        opener: opener.clone(),
        ondispatch: Callback::from(browser::dispatch),
        lang: AttrValue::from(config.0.language.clone()),
    };
    let handle =
        RefCell::new(Renderer::<App>::with_root_and_props(root, props(View::default())).render());
    let last = Cell::new(Surface::Hidden);
    Ok(Box::new(move |view: View| {
        if view.surface == Surface::Preferences && last.get() != Surface::Preferences {
            // Before anything re-renders, the element that has focus is what opened them.
            *opener_slot.borrow_mut() = browser::mount::deep_active_element();
        }
        last.set(view.surface);
        handle.borrow_mut().update(props(view));
    }))
}
