//! The full build's shell: it owns the core's [`Session`] for the page view, hands it page
//! facts (time, randomness, the stored record, the page's languages), and performs the
//! [`Effect`]s the core returns, in order. It decides nothing about consent itself.
//!
//! The page-side pieces (the `gtag` function, the marked elements, the shadow root, the
//! site's links, the reopen control) are in [`crate::page`]. After every batch of effects it
//! leaves the plan of the next page view ([`plan`]), which the bootstrap carries out.
//!
//! State: the page view's [`Shell`] (session, store, the bootstrap's [`Boot`]) and the queue
//! of actions waiting to run.

pub mod api;
pub mod cookies;
pub mod lifetime;
pub mod painted;
pub mod policy_build;
pub mod receipts;
pub mod shared;
pub mod storage;

pub(crate) use crate::page::{describe, document, json, log};

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::config::Config;
use crate::core::consent::{Action, Env, Facts, Session};
use crate::core::effects::{Effect, Event, Level, MicrosoftCommand};
use crate::core::gating::{Decision, Marker};
use crate::core::plan::{self, OLD_BRIEF_KEY, PLAN_KEY};
use crate::core::view::View;
use crate::core::visit;
use crate::page::boot::Boot;
use crate::page::gtag;
use crate::page::marked::{self, Judge, Verdict};

/// Re-renders the interface with a new view.
pub type Render = Box<dyn Fn(View)>;

/// Page-lifetime state of the shell.
pub struct Shell {
    /// The core's state for this page view.
    pub session: Session,
    store: storage::Store,
    /// The cookie on `consentDomain`, when the choice is shared with other subdomains.
    shared: Option<shared::Shared>,
    gtag: gtag::Gtag,
    /// The bootstrap's loaders and what the page gave ConsentGate.
    pub boot: Boot,
    /// The config as the site wrote it (the policy build reads it for the declaration).
    pub config_text: String,
    /// The policy build's exports, once loaded.
    pub policy: Option<JsValue>,
}

thread_local! {
    static SHELL: RefCell<Option<Shell>> = const { RefCell::new(None) };
    static RENDER: RefCell<Option<Render>> = const { RefCell::new(None) };
    static PENDING: RefCell<VecDeque<Action>> = const { RefCell::new(VecDeque::new()) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
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

/// What the bootstrap did before it handed the page view over.
pub struct AfterGate {
    /// The stored record it applied (its Consent Mode commands, Google tags and marked
    /// elements are done); `None`: the plan of a visitor who never decided (an opt-out rule).
    pub record: Option<String>,
}

/// Starts the page view: the core decides, then the effects run; after the bootstrap, without
/// what the bootstrap did. Then the calls that came in while the bootstrap handed over.
pub fn start(start: Start, after_gate: Option<AfterGate>, queued: Option<js_sys::Array>) {
    let shared = shared::Shared::open(&start.config, &start.config_text);
    let stored = match &after_gate {
        Some(gate) => gate.record.clone(),
        None => shared::stored(&start.store, shared.as_ref(), &start.config),
    };
    let facts = Facts {
        env: env(),
        gpc: crate::page::global_privacy_control(),
        stored: stored.as_deref().map(json::parse),
        policy_inline: has_element("[data-consent-gate=policy]"),
        declaration_inline: has_element("[data-consent-gate=cookie-declaration]"),
        languages: crate::page::languages(),
        region: start.boot.region(),
    };
    let (mut session, effects) = Session::start(Rc::clone(&start.config), facts);
    let effects = if after_gate.is_some() {
        marked::each_activated(|attrs, iframe| {
            if let Ok(marker) = Marker::parse(attrs, &start.config) {
                session.note_ran(&marker, iframe);
            }
        });
        visit::after_gate(effects)
    } else {
        effects
    };
    let shell = Shell {
        session,
        store: start.store,
        shared,
        gtag: gtag::Gtag(start.boot.gtag()),
        boot: start.boot,
        config_text: start.config_text,
        policy: None,
    };
    install(shell, start.render, effects);
    for call in queued.iter().flat_map(|q| q.iter()) {
        let call: js_sys::Array = call.unchecked_into();
        let name = call.get(0).as_string().unwrap_or_default();
        let argument = call.get(1);
        if name == "storage" {
            let value = argument.as_string();
            dispatch(Action::StorageChanged(value.as_deref().map(json::parse)));
        } else {
            api::answer(name, argument);
        }
    }
}

/// Leaves the plan of the next page view for the bootstrap ([`plan`]), or removes it when the
/// next page view needs the full build ([`plan::encode`]); run after every batch of effects.
fn leave_plan() {
    let Some(storage) = crate::page::local_storage() else {
        return;
    };
    let item = |key: &str| storage.get_item(key).ok().flatten();
    let record_text = item(crate::core::STORAGE_KEY);
    let stored = record_text.as_deref().map(json::parse);
    let record = record_text
        .as_deref()
        .zip(stored.as_ref())
        .map(|(text, stored)| plan::Kept { text, stored });
    let written = with_shell(|shell| {
        let languages = crate::page::languages();
        let region = shell.boot.region();
        plan::encode(
            shell.session.config(),
            &plan::Page {
                config_text: &shell.config_text,
                record,
                now: crate::page::now(),
                gpc: crate::page::global_privacy_control(),
                region: region.as_deref(),
                languages: &languages,
                locale: shell.session.locale().map(AsRef::as_ref),
            },
        )
    })
    .flatten();
    if item(OLD_BRIEF_KEY).is_some() {
        let _ = storage.remove_item(OLD_BRIEF_KEY);
    }
    match written {
        // Storage full or blocked: the next page view starts with the full build again.
        Some(written) if item(PLAN_KEY).as_deref() != Some(written.as_str()) => {
            let _ = storage.set_item(PLAN_KEY, &written);
        }
        Some(_) => {}
        None => {
            if item(PLAN_KEY).is_some() {
                let _ = storage.remove_item(PLAN_KEY);
            }
        }
    }
}

/// Makes `shell` the page view's, performs `effects`, then any pending actions. The API
/// answers before the first effect, so `window.ConsentGate` exists when `consent-gate:ready`
/// fires.
fn install(shell: Shell, render: Render, effects: Vec<Effect>) {
    let boot = shell.boot.clone();
    SHELL.with(|s| *s.borrow_mut() = Some(shell));
    RENDER.with(|r| *r.borrow_mut() = Some(render));
    api::install();
    api::answer_placeholders();
    marked::install(Some(Judge {
        decide: Box::new(|attrs| {
            with_shell(|shell| {
                let config = shell.session.config();
                match Marker::parse(attrs, config) {
                    Ok(marker) => match shell.session.decide_marker(&marker) {
                        Decision::Run => Verdict::Run(marker),
                        Decision::Wait => Verdict::Wait(shell.session.placeholder(&marker)),
                    },
                    Err(e) => Verdict::Invalid(Some(e.to_string())),
                }
            })
            .unwrap_or(Verdict::Wait(None))
        }),
        ran: Box::new(|marker, iframe| {
            with_shell(|shell| shell.session.note_ran(marker, iframe));
        }),
        embed: Box::new(|service, id, params, title| {
            with_shell(|shell| {
                crate::core::placeholder::embed(shell.session.config(), service, id, params, title)
                    .map(|e| (e.src, e.title))
            })
            .unwrap_or_else(|| Err("ConsentGate is not running".into()))
        }),
        nonce: boot.nonce(),
        boot,
    }));
    BUSY.with(|b| b.set(true));
    perform(effects);
    BUSY.with(|b| b.set(false));
    drain();
}

/// Dispatches an action from the interface, the API or the page. Re-entrant calls (a
/// listener calling the API while effects run) are queued and run after the current ones,
/// so each action's effects are performed whole and in order.
pub fn dispatch(action: Action) {
    PENDING.with(|p| p.borrow_mut().push_back(action));
    drain();
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
    leave_plan();
    painted::apply_clicks();
}

/// Runs `f` on the shell, if it has started and is not busy.
pub fn with_shell<R>(f: impl FnOnce(&mut Shell) -> R) -> Option<R> {
    SHELL.with(|s| match s.try_borrow_mut() {
        Ok(mut guard) => guard.as_mut().map(f),
        Err(_) => None,
    })
}

/// Installs the page-lifetime listeners: site links, other tabs, the page's language, marked
/// elements and site links added later.
pub fn listen() {
    api::listen_for_site_links();
    listen_for_other_tabs();
    watch_page_language();
    marked::watch();
    if let Some(boot) = with_shell(|s| s.boot.clone()) {
        boot.watch_links();
    }
}

/// Hands a Microsoft command to the bootstrap as the step a plan carries, so both builds
/// perform it with the same code (`microsoft` in `embed/bootstrap/builds.js`).
fn microsoft(command: &MicrosoftCommand) {
    match js_sys::JSON::parse(&command.step()) {
        Ok(step) => {
            with_shell(|s| s.boot.microsoft(&step));
        }
        Err(e) => log::log(
            Level::Error,
            &["a Microsoft command failed: ", &crate::page::describe(&e)].concat(),
        ),
    }
}

fn perform(effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::Log(level, message) => log::log(level, &message),
            Effect::Gtag(command) => {
                with_shell(|s| s.gtag.call(&command));
            }
            Effect::Microsoft(command) => microsoft(&command),
            Effect::GtmStart => gtag::gtm_start(),
            Effect::DataLayerEvent(granted) => gtag::consent_event(&granted),
            Effect::InjectScript(url) => marked::inject(&url),
            Effect::Store(record) => {
                with_shell(|s| {
                    s.store.save(&record);
                    if let Some(shared) = &s.shared {
                        shared.save(&record);
                    }
                });
            }
            Effect::ForgetStored(withdrawal) => {
                with_shell(|s| {
                    s.store.remove();
                    if let Some(withdrawal) = &withdrawal {
                        s.store.save(withdrawal);
                    }
                    if let Some(shared) = &s.shared {
                        shared.reset();
                    }
                });
            }
            Effect::Activate => marked::activate(),
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
            Effect::LoadPolicy(url) => policy_build::load(url),
            Effect::LoadPolicyModule => policy_build::load_module(),
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

/// Fetches a language file through the bootstrap (which may have started it already, and
/// checks it against its SHA-384), then tells the core.
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
    crate::page::notify(event.name(), &consent_object());
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
        dispatch(Action::PageLanguages(crate::page::languages()));
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
        now: crate::page::now(),
        random: random_bytes(),
    }
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
