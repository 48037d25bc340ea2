//! The thin browser shell: the only code that touches the page outside the shadow root.
//!
//! It owns the core's [`Session`] for the page view, hands it page facts (time, randomness,
//! the stored record), and performs the [`Effect`]s the core returns, in order. It decides
//! nothing about consent itself.

pub mod api;
pub mod cookies;
pub mod gtag;
#[cfg(not(feature = "ui"))]
pub mod handover;
pub(crate) use crate::js_json as json;
pub mod log;
pub mod mount;
#[cfg(feature = "ui")]
pub mod policy;
#[cfg(not(feature = "ui"))]
pub mod reopen;
pub mod scripts;
pub mod storage;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::JsCast;

use crate::core::config::Config;
use crate::core::consent::{Action, Env, Facts, Session};
use crate::core::effects::{Effect, Event, Level};
use crate::core::time::Timestamp;
use crate::core::view::View;

/// Re-renders the interface with a new view.
pub type Render = Box<dyn Fn(View)>;

/// Page-lifetime state of the shell.
pub struct Shell {
    /// The core's state for this page view.
    pub session: Session,
    store: storage::Store,
    gtag: gtag::Gtag,
    /// The nonce of ConsentGate's own script tag, given to every script it inserts.
    pub nonce: String,
    listeners: Vec<(String, js_sys::Function)>,
}

thread_local! {
    static SHELL: RefCell<Option<Shell>> = const { RefCell::new(None) };
    static PENDING: RefCell<VecDeque<Action>> = const { RefCell::new(VecDeque::new()) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
    static RETIRED: Cell<bool> = const { Cell::new(false) };
    static QUEUED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static RENDER: RefCell<Option<Render>> = const { RefCell::new(None) };
}

/// Starts the page view: the core decides, then the effects run.
pub fn start(
    config: Rc<Config>,
    store: storage::Store,
    gtag: gtag::Gtag,
    nonce: String,
    render: Option<Render>,
) {
    let stored = store.load();
    let facts = Facts {
        env: Env {
            now: now(),
            random: random_bytes(),
        },
        gpc: global_privacy_control(),
        stored: stored.as_deref().map(json::parse),
        policy_inline: document()
            .and_then(|d| {
                d.query_selector("[data-consent-gate=policy]")
                    .ok()
                    .flatten()
            })
            .is_some(),
    };
    let (session, effects) = Session::start(config, facts);
    install(Shell::new(session, store, gtag, nonce), render, effects);
}

impl Shell {
    /// The shell of a page view.
    pub fn new(session: Session, store: storage::Store, gtag: gtag::Gtag, nonce: String) -> Shell {
        Shell {
            session,
            store,
            gtag,
            nonce,
            listeners: Vec::new(),
        }
    }

    /// Adds the site's `ConsentGate.on` listeners handed over by the gate (`[[name, fn], ...]`).
    #[cfg(feature = "ui")]
    #[must_use]
    pub fn with_listeners(mut self, pairs: &js_sys::Array) -> Shell {
        self.listeners = pairs
            .iter()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.dyn_into().ok()?;
                Some((pair.get(0).as_string()?, pair.get(1).dyn_into().ok()?))
            })
            .collect();
        self
    }
}

/// Resumes a page view handed over by the gate: the effects given (drawing the view) run,
/// none are repeated, then the actions queued during the handover.
#[cfg(feature = "ui")]
pub fn resume(shell: Shell, render: Option<Render>, effects: Vec<Effect>, queued: &js_sys::Array) {
    let actions = queued
        .iter()
        .filter_map(|w| w.as_string())
        .filter_map(|wire| Action::from_wire(&wire));
    PENDING.with(|p| p.borrow_mut().extend(actions));
    install(shell, render, effects);
}

/// Makes `shell` the page view's, performs `effects`, then any pending actions.
fn install(shell: Shell, render: Option<Render>, effects: Vec<Effect>) {
    SHELL.with(|s| *s.borrow_mut() = Some(shell));
    RENDER.with(|r| *r.borrow_mut() = render);
    BUSY.with(|b| b.set(true));
    perform(effects);
    BUSY.with(|b| b.set(false));
    drain();
}

/// Dispatches an action from the interface, the API or the page. Re-entrant calls (a
/// listener calling the API while effects run) are queued and run after the current ones,
/// so each action's effects are performed whole and in order. Once the gate has handed the
/// page over, actions are kept for the full build instead.
pub fn dispatch(action: Action) {
    if RETIRED.with(Cell::get) {
        if let Some(wire) = action.to_wire() {
            QUEUED.with(|q| q.borrow_mut().push(wire));
        }
        return;
    }
    PENDING.with(|p| p.borrow_mut().push_back(action));
    drain();
}

/// Stops this build from acting (it is handing over); `false` if it already had.
#[cfg(not(feature = "ui"))]
pub fn retire() -> bool {
    !RETIRED.with(|r| r.replace(true))
}

/// Whether this build has handed the page over.
pub fn is_retired() -> bool {
    RETIRED.with(Cell::get)
}

/// Takes back a handover that failed: queued actions run here after all.
#[cfg(not(feature = "ui"))]
pub fn unretire() {
    RETIRED.with(|r| r.set(false));
    for wire in QUEUED.with(|q| std::mem::take(&mut *q.borrow_mut())) {
        if let Some(action) = Action::from_wire(&wire) {
            dispatch(action);
        }
    }
}

/// The actions queued during the handover, as their wire form.
#[cfg(not(feature = "ui"))]
pub fn take_queued() -> js_sys::Array {
    QUEUED
        .with(|q| std::mem::take(&mut *q.borrow_mut()))
        .into_iter()
        .map(wasm_bindgen::JsValue::from)
        .collect()
}

/// The site's `ConsentGate.on` listeners as `[[name, fn], ...]`.
#[cfg(not(feature = "ui"))]
pub fn export_listeners() -> js_sys::Array {
    with_shell(|s| {
        s.listeners
            .iter()
            .map(|(name, f)| js_sys::Array::of2(&name.into(), f))
            .collect()
    })
    .unwrap_or_default()
}

fn drain() {
    if BUSY.with(|b| b.replace(true)) {
        return;
    }
    while let Some(action) = PENDING.with(|p| p.borrow_mut().pop_front()) {
        let env = Env {
            now: now(),
            random: random_bytes(),
        };
        if let Some(effects) = with_shell(|shell| shell.session.dispatch(action, env)) {
            perform(effects);
        }
    }
    BUSY.with(|b| b.set(false));
}

/// Runs `f` on the shell, if it has started and is not busy.
pub fn with_shell<R>(f: impl FnOnce(&mut Shell) -> R) -> Option<R> {
    SHELL.with(|s| match s.try_borrow_mut() {
        Ok(mut guard) => guard.as_mut().map(f),
        Err(_) => None,
    })
}

fn perform(effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::Log(level, message) => log::log(level, &message),
            Effect::Gtag(command) => {
                with_shell(|s| s.gtag.call(&command));
            }
            Effect::GtmStart => gtag::gtm_start(),
            Effect::InjectScript(url) => {
                let nonce = with_shell(|s| s.nonce.clone()).unwrap_or_default();
                scripts::inject(&url, &nonce);
            }
            Effect::Store(record) => {
                with_shell(|s| s.store.save(&record));
            }
            Effect::ForgetStored => {
                with_shell(|s| s.store.remove());
            }
            Effect::Activate => scripts::activate(),
            Effect::DeleteCookies(rules) => cookies::delete(&rules),
            Effect::DeleteStorage(rules) => storage::delete_keys(&rules),
            Effect::SendReceipt { endpoint, body } => send_receipt(&endpoint, &body),
            Effect::Render(view) => RENDER.with(|r| {
                if let Some(render) = r.borrow().as_ref() {
                    render(view);
                }
            }),
            Effect::Notify(event) => notify(event),
            // The gate draws no policy: the full build it hands over to loads it.
            #[cfg(feature = "ui")]
            Effect::LoadPolicy(url) => policy::load(url),
            #[cfg(not(feature = "ui"))]
            Effect::LoadPolicy(_) => {}
            Effect::Reload => {
                if let Some(w) = web_sys::window()
                    && let Err(e) = w.location().reload()
                {
                    log::log(Level::Warn, &format!("could not reload: {e:?}"));
                }
            }
        }
    }
}

/// The current decision as a plain object (the stored record's shape), or `null`.
pub fn consent_object() -> wasm_bindgen::JsValue {
    with_shell(|s| {
        s.session
            .consent()
            .map(crate::core::record::ConsentRecord::encode)
    })
    .flatten()
    .and_then(|json| js_sys::JSON::parse(&json).ok())
    .unwrap_or(wasm_bindgen::JsValue::NULL)
}

/// Adds a listener for `ConsentGate.on(name, fn)`.
pub fn add_listener(name: String, f: js_sys::Function) {
    with_shell(|s| s.listeners.push((name, f)));
}

/// Removes a listener added with [`add_listener`].
pub fn remove_listener(name: &str, f: &js_sys::Function) {
    with_shell(|s| {
        s.listeners
            .retain(|(n, g)| !(n == name && js_sys::Object::is(g, f)));
    });
}

fn notify(event: Event) {
    let detail = consent_object();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(
        &format!("consent-gate:{}", event.name()),
        &init,
    ) {
        let _ = document.dispatch_event(&e);
    }
    let listeners: Vec<js_sys::Function> = with_shell(|s| {
        s.listeners
            .iter()
            .filter(|(n, _)| n == event.name())
            .map(|(_, f)| f.clone())
            .collect()
    })
    .unwrap_or_default();
    for f in listeners {
        if let Err(e) = f.call1(&wasm_bindgen::JsValue::NULL, &detail) {
            log::log(
                Level::Error,
                &format!("a `{}` listener threw: {e:?}", event.name()),
            );
        }
    }
}

/// `navigator.globalPrivacyControl === true` (absent, false or anything else: no signal).
fn global_privacy_control() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"globalPrivacyControl".into()).ok())
        .is_some_and(|v| v == wasm_bindgen::JsValue::TRUE)
}

/// Sends a receipt with `navigator.sendBeacon` (as `text/plain`, so no CORS preflight), or
/// with a keepalive `fetch` when the beacon queue refuses it.
fn send_receipt(endpoint: &str, body: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window
        .navigator()
        .send_beacon_with_opt_str(endpoint, Some(body))
        .unwrap_or(false)
    {
        return;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&body.into());
    // `keepalive` lets the request outlive a reload that may follow the decision.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &wasm_bindgen::JsValue::TRUE);
    let _ = window.fetch_with_str_and_init(endpoint, &init);
}

/// Applies decisions made in the site's other tabs (the `storage` event).
pub fn listen_for_other_tabs() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = gloo_events::EventListener::new(&window, "storage", |event| {
        let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        if event.key().as_deref() == Some(crate::core::record::STORAGE_KEY) {
            dispatch(Action::StorageChanged(
                event.new_value().as_deref().map(json::parse),
            ));
        }
    });
    // One listener for the page's lifetime.
    listener.forget();
}

/// Milliseconds since the epoch, from the browser clock.
pub fn now() -> Timestamp {
    let ms = js_sys::Date::now();
    // Dates before 1970 or beyond u64 cannot come from a working clock; clamp them.
    Timestamp(if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    })
}

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto (very old or locked-down browser): fall back to Math.random so the
        // visitor can still decide. The id only needs to be unlikely to collide.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// The document, if there is one.
pub fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}
