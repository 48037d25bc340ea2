//! What lives as long as the page view: the listeners and observers the full build's shell
//! installs, kept here rather than leaked (an `EventListener` removes itself when dropped; an
//! [`Observer`] disconnects).

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

thread_local! {
    static LISTENERS: RefCell<Vec<gloo_events::EventListener>> = const { RefCell::new(Vec::new()) };
    static OBSERVERS: RefCell<Vec<Observer>> = const { RefCell::new(Vec::new()) };
}

/// A `MutationObserver` with its callback; disconnects when dropped.
pub struct Observer {
    observer: web_sys::MutationObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Observer {
    /// Observes `target` with `options`, calling `f` with the mutation records.
    pub fn new(
        target: &web_sys::Node,
        options: &web_sys::MutationObserverInit,
        f: impl FnMut(js_sys::Array) + 'static,
    ) -> Option<Observer> {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(f);
        let observer = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe_with_options(target, options).ok()?;
        Some(Observer {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Keeps a listener until [`release`].
pub fn keep(listener: gloo_events::EventListener) {
    LISTENERS.with(|k| k.borrow_mut().push(listener));
}

/// Keeps an observer until [`release`].
pub fn keep_observer(observer: Observer) {
    OBSERVERS.with(|k| k.borrow_mut().push(observer));
}
