//! The thin browser shell: the only code that touches the page outside the shadow root.
//!
//! It owns the core's [`Session`] for the page view, hands it page facts (time, randomness,
//! the stored record, the page's languages), and performs the [`Effect`]s the core returns,
//! in order. It decides nothing about consent itself.
//!
//! State: the page view's [`Shell`] (session, store, the bootstrap's [`Boot`]) and the queue
//! of actions waiting to run; the gate also keeps the actions that arrive while it hands over.

pub mod api;
pub mod boot;
pub mod cookies;
pub mod gtag;
#[cfg(not(feature = "ui"))]
pub mod handover;
pub mod lifetime;
pub(crate) use crate::js_json as json;
pub mod log;
pub mod mount;
#[cfg(feature = "ui")]
pub mod policy;
#[cfg(not(feature = "ui"))]
pub mod reopen;
/// The reopen control's icon (a cookie), drawn by the gate and by the Yew interface alike.
pub mod reopen_icon {
    /// The SVG path.
    pub const ICON: &str = "M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5Zm-4.5 9a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm4 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm5-1a1 1 0 1 1 0 2 1 1 0 0 1 0-2ZM9 6.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z";
}
pub mod receipts;
pub mod scripts;
pub mod site_links;
pub mod storage;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::config::Config;
use crate::core::consent::{Action, Env, Facts, Session};
use crate::core::effects::{Effect, Event, Level};
use crate::core::time::Timestamp;
use crate::core::view::View;

use boot::Boot;

/// Re-renders the interface with a new view.
pub type Render = Box<dyn Fn(View)>;

/// Page-lifetime state of the shell.
pub struct Shell {
    /// The core's state for this page view.
    pub session: Session,
    store: storage::Store,
    gtag: gtag::Gtag,
    /// The bootstrap's loaders and what the page gave ConsentGate.
    pub boot: Boot,
    /// The nonce of ConsentGate's own script tag, given to every script it inserts.
    pub nonce: String,
    /// The config as the site wrote it (the policy build reads it; the gate hands it over).
    pub config_text: String,
    /// The policy build's exports, once loaded.
    #[cfg(feature = "ui")]
    pub policy: Option<wasm_bindgen::JsValue>,
}

thread_local! {
    static SHELL: RefCell<Option<Shell>> = const { RefCell::new(None) };
    static RENDER: RefCell<Option<Render>> = const { RefCell::new(None) };
    static PENDING: RefCell<VecDeque<Action>> = const { RefCell::new(VecDeque::new()) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// The gate has handed the page view over; actions wait (in wire form) for the full build.
    static RETIRED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// What starting a page view needs.
pub struct Start {
    /// The bootstrap's object.
    pub boot: Boot,
    /// The validated config.
    pub config: Rc<Config>,
    /// The config's text.
    pub config_text: String,
    /// Where the record lives.
    pub store: storage::Store,
    /// Draws the view.
    pub render: Render,
}

impl Shell {
    fn new(session: Session, start: Start) -> (Shell, Render) {
        let shell = Shell {
            session,
            store: start.store,
            gtag: gtag::Gtag(start.boot.gtag()),
            nonce: start.boot.nonce(),
            boot: start.boot,
            config_text: start.config_text,
            #[cfg(feature = "ui")]
            policy: None,
        };
        (shell, start.render)
    }
}

/// Starts the page view: the core decides, then the effects run.
pub fn start(start: Start) {
    let stored = start.store.load();
    let facts = Facts {
        env: env(),
        gpc: global_privacy_control(),
        stored: stored.as_deref().map(json::parse),
        policy_inline: has_element("[data-consent-gate=policy]"),
        declaration_inline: has_element("[data-consent-gate=cookie-declaration]"),
        languages: page_languages(),
    };
    let (session, effects) = Session::start(Rc::clone(&start.config), facts);
    let (shell, render) = Shell::new(session, start);
    install(shell, render, effects);
}

/// Resumes a page view handed over by the gate: the effects given (drawing the view) run,
/// none are repeated, then the actions queued during the handover.
#[cfg(feature = "ui")]
pub fn resume(session: Session, start: Start, effects: Vec<Effect>, queued: Vec<Action>) {
    PENDING.with(|p| p.borrow_mut().extend(queued));
    let (shell, render) = Shell::new(session, start);
    install(shell, render, effects);
}

/// Makes `shell` the page view's, performs `effects`, then any pending actions. The API
/// answers before the first effect, so `window.ConsentGate` exists when `consent-gate:ready`
/// fires.
fn install(shell: Shell, render: Render, effects: Vec<Effect>) {
    SHELL.with(|s| *s.borrow_mut() = Some(shell));
    RENDER.with(|r| *r.borrow_mut() = Some(render));
    api::install();
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
    let kept = RETIRED.with(|r| {
        r.borrow_mut().as_mut().map(|queue| {
            queue.extend(action.to_wire());
        })
    });
    if kept.is_some() {
        return;
    }
    PENDING.with(|p| p.borrow_mut().push_back(action));
    drain();
}

/// Stops this build from acting (it is handing over); `false` if it already had.
#[cfg(not(feature = "ui"))]
pub fn retire() -> bool {
    RETIRED.with(|r| {
        let mut r = r.borrow_mut();
        if r.is_some() {
            return false;
        }
        *r = Some(Vec::new());
        true
    })
}

/// Whether this build has handed the page over.
pub fn is_retired() -> bool {
    RETIRED.with(|r| r.borrow().is_some())
}

/// Takes back a handover that failed: queued actions run here after all.
#[cfg(not(feature = "ui"))]
pub fn unretire() {
    let queued = RETIRED.with(|r| r.borrow_mut().take()).unwrap_or_default();
    for wire in queued {
        if let Some(action) = Action::from_wire(&wire) {
            dispatch(action);
        }
    }
}

/// The actions queued during the handover, in wire form (they stay queued until then).
#[cfg(not(feature = "ui"))]
pub fn take_queued() -> Vec<String> {
    RETIRED.with(|r| {
        r.borrow_mut()
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    })
}

fn drain() {
    if BUSY.with(|b| b.replace(true)) {
        return;
    }
    while let Some(action) = PENDING.with(|p| p.borrow_mut().pop_front()) {
        let env = env();
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
            Effect::DataLayerEvent(granted) => gtag::consent_event(&granted),
            Effect::InjectScript(url) => scripts::inject(&url),
            Effect::Store(record) => {
                with_shell(|s| s.store.save(&record));
            }
            Effect::ForgetStored => {
                with_shell(|s| s.store.remove());
            }
            Effect::Activate => scripts::activate(),
            Effect::DeleteCookies(rules) => cookies::delete(&rules),
            Effect::DeleteStorage(rules) => storage::delete_keys(&rules),
            Effect::SendReceipt(pending) => receipts::send_new(pending),
            Effect::ResendReceipts => receipts::resend(),
            Effect::ReceiptDelivered(id) => receipts::delivered(&id),
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
            #[cfg(feature = "ui")]
            Effect::LoadPolicyModule => policy::load_module(),
            #[cfg(not(feature = "ui"))]
            Effect::LoadPolicyModule => {}
            Effect::LoadLanguage(tag) => load_language(tag),
            // After the receipts under way have been answered (so the outbox knows), at most
            // a moment later.
            Effect::Reload => receipts::when_settled(|| {
                if let Some(w) = web_sys::window()
                    && let Err(e) = w.location().reload()
                {
                    log::log(Level::Warn, &format!("could not reload: {e:?}"));
                }
            }),
        }
    }
}

/// Installs the page-lifetime listeners (kept in [`lifetime`]): site links, other tabs, the
/// page's language, marked elements added later.
pub fn listen() {
    api::listen_for_site_links();
    listen_for_other_tabs();
    watch_page_language();
    scripts::watch();
    site_links::watch();
}

/// Fetches a language file through the bootstrap (which may have started it already), then
/// tells the core.
fn load_language(tag: String) {
    let Some(promise) = with_shell(|s| s.boot.load_language(&tag)) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let result = match JsFuture::from(promise).await {
            Ok(text) => text
                .as_string()
                .ok_or_else(|| "not text".to_string())
                .and_then(|t| json::parse(&t)),
            Err(e) => Err(describe(&e)),
        };
        dispatch(Action::LanguageLoaded(tag, result));
    });
}

/// The message of a JavaScript error (or its debug form).
pub fn describe(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
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

/// Fires `consent-gate:<event>` on `document` (`ConsentGate.on` listens to these too).
fn notify(event: Event) {
    let detail = consent_object();
    let Some(document) = document() else {
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
}

/// `navigator.globalPrivacyControl === true` (absent, false or anything else: no signal).
fn global_privacy_control() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"globalPrivacyControl".into()).ok())
        .is_some_and(|v| v == wasm_bindgen::JsValue::TRUE)
}

/// The languages the page asks for: `<html lang>`, then `navigator.languages`.
fn page_languages() -> Vec<String> {
    let html = document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    let browser: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default();
    html.into_iter().chain(browser).collect()
}

/// Follows `<html lang>` as a single-page app changes it.
pub fn watch_page_language() {
    let Some(root) = document().and_then(|d| d.document_element()) else {
        return;
    };
    let options = web_sys::MutationObserverInit::new();
    options.set_attributes(true);
    options.set_attribute_filter(&js_sys::Array::of1(&"lang".into()));
    if let Some(observer) = lifetime::Observer::new(&root, &options, |_| {
        dispatch(Action::PageLanguages(page_languages()));
    }) {
        lifetime::keep_observer(observer);
    }
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
        if event.key().as_deref() == Some(crate::core::STORAGE_KEY) {
            dispatch(Action::StorageChanged(
                event.new_value().as_deref().map(json::parse),
            ));
        }
    });
    lifetime::keep(listener);
}

/// The time and randomness a transition may need.
fn env() -> Env {
    Env {
        now: now(),
        random: random_bytes(),
    }
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

/// Whether the page has an element matching `selector`.
fn has_element(selector: &str) -> bool {
    document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .is_some()
}

/// The document, if there is one.
pub fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}
