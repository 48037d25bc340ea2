//! The gate: the small build a returning visitor's page view starts with
//! (`consent-gate_bg.wasm`, `#![no_std]`, no interface code, no config reader).
//!
//! The bootstrap loads it when storage holds a choice and the brief the full build left
//! ([`crate::core::brief`]). The gate fetches nothing of its own: it checks the brief against
//! the config's text (the same text the full build validated, from a build of the same
//! version), reads the stored record, and lets [`visit::returning`] decide, as the full
//! build's session would. In the plain case it pushes the Consent Mode commands and the
//! `dataLayer` event, loads the Google tags the choice allows, runs the marked elements,
//! draws the reopen control and answers `window.ConsentGate`'s questions.
//!
//! Everything else it hands over to the full build (`takeover`, see `crate::entry`): at
//! start, when the case is not plain (no brief for this config, no choice in force, Global
//! Privacy Control withdrawing a grant, receipts waiting to be sent, a config that could not
//! be fetched); later, when the visitor or the site wants more than answers (the reopen
//! control, a site link, an API call that decides or shows something, another tab's
//! decision). It tells the full build whether it already applied the choice, so nothing is
//! done twice, and passes on the calls that came in meanwhile.

use alloc::rc::Rc;

use js_sys::{Array, Function, JSON, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::STORAGE_KEY;
use crate::core::brief::{self, BRIEF_KEY, Brief};
use crate::core::effects::{Effect, Level};
use crate::core::gating::{Decision, Marker};
use crate::core::i18n::{self, ENGLISH_TAG, Text};
use crate::core::lang;
use crate::core::outbox::OUTBOX_KEY;
use crate::core::record::Choices;
use crate::core::visit;
use crate::page::boot::Boot;
use crate::page::cell::Global;
use crate::page::log::log;
use crate::page::marked::{self, Judge, Verdict};
use crate::page::{self, gtag, reopen, site_links};
use crate::prelude::*;

/// A panic in the gate stops it where it is, without a message (no formatting machinery is
/// linked in); marked elements stay inert, and the page goes on.
#[cfg(not(feature = "std"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// What the gate applied on this page view.
struct Applied {
    boot: Boot,
    brief: Rc<Brief>,
    record_text: String,
    choices: Rc<Choices>,
}

/// The page view, once the gate applied the stored choice.
static APPLIED: Global<Option<Applied>> = Global::new(None);
/// The calls that came in once the handover began (`None`: it has not).
static QUEUED: Global<Option<Array>> = Global::new(None);
/// A page listener of the gate's: where, for what, and the callback.
type Listener = (
    web_sys::EventTarget,
    &'static str,
    Closure<dyn FnMut(web_sys::Event)>,
);

/// The gate's own page listeners (site links, other tabs), taken down at the handover.
static LISTENERS: Global<Vec<Listener>> = Global::new(Vec::new());

/// Called by the bootstrap once the wasm is instantiated (the config, if any, fetched).
#[wasm_bindgen]
pub fn boot(boot: Boot) {
    // An inline config may come later in the page than ConsentGate's tag.
    let inline = boot.config_text().is_none() && boot.config_error().is_none();
    page::when_ready(inline, move || {
        if !start(&boot) {
            hand_over(&boot, false);
        }
    });
}

/// Applies the stored choice if the page view is the plain case; `false` when it is not.
fn start(boot: &Boot) -> bool {
    let Ok(text) = boot.config() else {
        return false;
    };
    // A policy page (ConsentGate draws the policy, or the cookie declaration, into it) needs
    // the full build's drawing.
    if page::document().is_some_and(|d| {
        d.query_selector("[data-consent-gate=policy], [data-consent-gate=cookie-declaration]")
            .ok()
            .flatten()
            .is_some()
    }) {
        return false;
    }
    let Some(storage) = page::local_storage() else {
        return false;
    };
    let item = |key: &str| storage.get_item(key).ok().flatten();
    if item(OUTBOX_KEY).is_some() {
        // Receipts to send again: the full build's job.
        return false;
    }
    let (Some(record_text), Some(brief_text)) = (item(STORAGE_KEY), item(BRIEF_KEY)) else {
        return false;
    };
    let Some(brief) = page::json::parse(&brief_text)
        .ok()
        .and_then(|json| brief::decode(&json, &text))
    else {
        return false;
    };
    let stored = page::json::parse(&record_text);
    let gpc = page::global_privacy_control();
    let Ok(returning) = visit::returning(&brief.config, &stored, page::now(), gpc) else {
        return false;
    };
    let applied = Applied {
        boot: boot.clone(),
        brief: Rc::new(brief),
        record_text,
        choices: Rc::new(returning.record.choices()),
    };
    install_judge(&applied);
    APPLIED.replace(Some(applied));
    answer_api(boot);
    perform(boot, returning.effects);
    live();
    page::notify("ready", &record_object());
    true
}

/// What the gate keeps doing for the page view: watching for marked elements and site links,
/// listening to site links and other tabs, the reopen control.
fn live() {
    marked::watch();
    site_links::watch();
    listen();
    if let Some(brief) = APPLIED.with(|a| a.as_ref().map(|a| Rc::clone(&a.brief))) {
        show_reopen(&brief);
    }
}

fn install_judge(applied: &Applied) {
    let boot = &applied.boot;
    let (decide_brief, decide_choices) = (Rc::clone(&applied.brief), Rc::clone(&applied.choices));
    marked::install(Some(Judge {
        decide: Box::new(move |attrs| {
            let config = &decide_brief.config;
            match Marker::parse(attrs, config) {
                Ok(marker) => match marker.decide(config, Some(&decide_choices)) {
                    Decision::Run => Verdict::Run(marker),
                    Decision::Wait => Verdict::Wait,
                },
                Err(_) => Verdict::Invalid(None),
            }
        }),
        // Nothing to remember: a withdrawal is the full build's, which reads what ran from
        // the elements' state when it takes over (`marked::each_activated`).
        ran: Box::new(|_| {}),
        boot: boot.clone(),
        nonce: boot.nonce(),
    }));
}

/// Performs the returning visit's effects (see [`visit::returning`]).
fn perform(boot: &Boot, effects: Vec<Effect>) {
    let tag = gtag::Gtag(boot.gtag());
    for effect in effects {
        match effect {
            Effect::Gtag(command) => tag.call(&command),
            Effect::DataLayerEvent(granted) => gtag::consent_event(&granted),
            Effect::GtmStart => gtag::gtm_start(),
            Effect::InjectScript(url) => marked::inject(&url),
            Effect::Activate => marked::activate(),
            // A returning visit does nothing else; anything more is the full build's.
            _ => {}
        }
    }
}

/// The reopen control, in the visitor's language.
fn show_reopen(brief: &Brief) {
    let config = &brief.config;
    if !config.reopen_button {
        return;
    }
    let language = config.choose_language(&page::languages());
    let file = i18n::file_for(&language);
    let lookup = [language.as_str(), ENGLISH_TAG];
    let label = config
        .texts
        .iter()
        .find(|(t, _)| *t == Text::ReopenButton)
        .map(|(_, l)| l.get(&lookup).to_owned())
        .or_else(|| file.and_then(i18n::reopen_label).map(str::to_owned))
        .unwrap_or_else(|| {
            i18n::reopen_label(ENGLISH_TAG)
                .unwrap_or_default()
                .to_owned()
        });
    let rtl = file
        .and_then(i18n::built_in_rtl)
        .unwrap_or_else(|| lang::is_rtl(&language));
    let look = reopen::Look {
        lang: language,
        dir: if rtl { "rtl" } else { "ltr" },
        label,
        scheme: config.look.theme.scheme.name(),
        corner: config.look.reopen_position,
        theme_css: brief.theme_css.clone(),
    };
    reopen::show(Some(look), None, || {
        queue("showPreferences", JsValue::UNDEFINED)
    });
}

/// The stored record as the site reads it (`getConsent()`, event details).
fn record_object() -> JsValue {
    APPLIED
        .with(|a| a.as_ref().map(|a| a.record_text.clone()))
        .and_then(|text| JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// `window.ConsentGate`: questions answered here, everything else handed over.
fn answer_api(boot: &Boot) {
    let f =
        Closure::<dyn Fn(String, JsValue) -> JsValue>::new(|name: String, argument: JsValue| {
            match name.as_str() {
                "accepted" => JsValue::from_bool(
                    argument
                        .as_string()
                        .and_then(|purpose| {
                            APPLIED.with(|a| {
                                a.as_ref()
                                    .map(|a| a.choices.allows(&a.brief.config, &purpose))
                            })
                        })
                        .unwrap_or(false),
                ),
                "getConsent" => record_object(),
                _ => {
                    queue(&name, argument);
                    JsValue::UNDEFINED
                }
            }
        })
        .into_js_value();
    boot.answer(f.unchecked_ref());
}

/// Site links that reopen the preferences, and decisions in the site's other tabs.
fn listen() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut listeners = Vec::new();
    if let Some(document) = page::document() {
        let click = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
            let marked = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("[data-consent-gate=preferences]").ok().flatten())
                .is_some();
            if marked {
                event.prevent_default();
                queue("showPreferences", JsValue::UNDEFINED);
            }
        });
        listeners.push((document.into(), "click", click));
    }
    let storage = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        if let Some(event) = event.dyn_ref::<web_sys::StorageEvent>()
            && event.key().as_deref() == Some(STORAGE_KEY)
        {
            let value = event.new_value().map_or(JsValue::NULL, JsValue::from);
            queue("storage", value);
        }
    });
    listeners.push((window.into(), "storage", storage));
    for (target, kind, callback) in &listeners {
        let target: &web_sys::EventTarget = target;
        let _ = target.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref());
    }
    LISTENERS.replace(listeners);
}

/// Queues a call for the full build and starts the handover (once).
fn queue(name: &str, argument: JsValue) {
    let pair = Array::of2(&name.into(), &argument);
    let started = QUEUED.with(|q| match q {
        Some(calls) => {
            calls.push(&pair);
            true
        }
        None => {
            *q = Some(Array::of1(&pair));
            false
        }
    });
    if started {
        return;
    }
    let Some(boot) = APPLIED.with(|a| a.as_ref().map(|a| a.boot.clone())) else {
        return;
    };
    hand_over(&boot, true);
}

/// Hands the page view to the full build: `ran` when the gate applied the choice (so the
/// full build does not do it again).
fn hand_over(boot: &Boot, ran: bool) {
    // From here on, every call waits for the full build.
    QUEUED.with(|q| {
        if q.is_none() {
            *q = Some(Array::new());
        }
    });
    if ran {
        marked::stop();
        marked::install(None);
        site_links::release();
        for (target, kind, callback) in LISTENERS.replace(Vec::new()) {
            let _ =
                target.remove_event_listener_with_callback(kind, callback.as_ref().unchecked_ref());
        }
        reopen::show(None, None, || {});
    } else {
        // Nothing was applied: the full build starts the page view afresh.
        answer_api(boot);
    }
    let ui = boot.load_ui();
    let boot = boot.clone();
    let loaded = Closure::once(move |ui: JsValue| {
        let takeover = Reflect::get(&ui, &"takeover".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        let Some(takeover) = takeover else {
            log(Level::Error, "the interface build has no takeover");
            return;
        };
        boot.set_gate_ran(ran);
        if let Some(text) = APPLIED.with(|a| a.as_ref().map(|a| a.record_text.clone())) {
            boot.set_applied(&text);
        }
        if let Some(calls) = QUEUED.with(|q| q.clone()) {
            boot.set_queued(&calls);
        }
        if let Err(e) = takeover.call1(&JsValue::NULL, &boot) {
            log(
                Level::Error,
                &["the interface failed to start: ", &page::describe(&e)].concat(),
            );
        }
    });
    let failed = Closure::once(move |e: JsValue| {
        log(
            Level::Error,
            &[
                "could not load the interface (",
                &page::describe(&e),
                "); choices cannot be changed on this page",
            ]
            .concat(),
        );
        // The gate carries on as before (a later click tries again); what came in meanwhile
        // is dropped.
        QUEUED.replace(None);
        if ran {
            APPLIED.with(|a| {
                if let Some(a) = a.as_ref() {
                    install_judge(a);
                }
            });
            live();
        }
    });
    let _ = ui.then2(&loaded, &failed);
    // One of the two runs, once; both stay alive until then (a handover happens once per
    // page view, so at most these two are kept).
    loaded.forget();
    failed.forget();
}
