//! Sends receipts to the proof endpoint and keeps the outbox ([`crate::core::outbox`]) in
//! `localStorage`, so a receipt the endpoint did not take is sent again on a later page view.
//!
//! A receipt is a `POST` whose body is JSON sent as `text/plain` (a cross-origin endpoint
//! needs no preflight), with `keepalive` so it outlives a reload that may follow the decision.
//! Unlike `navigator.sendBeacon`, a `fetch` says whether the endpoint took it: 2xx takes it
//! out of the outbox; anything else, or no answer, leaves it there. A cross-origin endpoint
//! must allow the site's origin (`Access-Control-Allow-Origin`) for its answer to be seen.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;

use crate::core::consent::Action;
use crate::core::effects::Level;
use crate::core::outbox::{self, Change, OUTBOX_KEY, Pending};

use super::{describe, dispatch, json, log::log};

/// The longest a reload waits for receipts under way, in milliseconds.
const SETTLE_MS: i32 = 1500;

/// Something that waits for the receipts under way.
type Waiting = Vec<Box<dyn FnOnce()>>;

thread_local! {
    /// Receipts sent and not answered yet, and what waits for them.
    static IN_FLIGHT: RefCell<(u32, Waiting)> = RefCell::new((0, Vec::new()));
}

/// Runs `f` once every receipt under way has been answered, or after [`SETTLE_MS`]: a reload
/// right after a decision would otherwise leave its receipt in the outbox, to be sent twice.
pub fn when_settled(f: impl FnOnce() + 'static) {
    let waiting = IN_FLIGHT.with(|q| q.borrow().0 > 0);
    if !waiting {
        f();
        return;
    }
    IN_FLIGHT.with(|q| q.borrow_mut().1.push(Box::new(f)));
    let timeout = Closure::once_into_js(settle);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            timeout.unchecked_ref(),
            SETTLE_MS,
        );
    }
}

fn settle() {
    let waiting = IN_FLIGHT.with(|q| std::mem::take(&mut q.borrow_mut().1));
    for f in waiting {
        f();
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The outbox as stored now (another tab may have changed it), parsed; `None` when empty,
/// blocked or unreadable.
fn stored() -> Option<crate::core::json::Json> {
    storage()
        .and_then(|s| s.get_item(OUTBOX_KEY).ok().flatten())
        .and_then(|text| json::parse(&text).ok())
}

fn apply(change: Change) {
    if let Some(storage) = storage() {
        let result = match &change.stored {
            Some(text) => storage.set_item(OUTBOX_KEY, text),
            None => storage.remove_item(OUTBOX_KEY),
        };
        if let Err(e) = result {
            log(
                Level::Warn,
                &format!(
                    "could not keep the receipts to send ({}); they go this once",
                    describe(&e)
                ),
            );
        }
    }
    for p in change.dropped {
        log(
            Level::Warn,
            &format!(
                "gave up sending the receipt {} to {} after {} attempts",
                p.id, p.endpoint, p.attempts
            ),
        );
    }
}

/// A new decision's receipt: into the outbox, then to the endpoint.
pub fn send_new(pending: Pending) {
    apply(outbox::add(stored().as_ref(), pending.clone()));
    send(pending);
}

/// What earlier page views left in the outbox, once more.
pub fn resend() {
    if storage()
        .and_then(|s| s.get_item(OUTBOX_KEY).ok().flatten())
        .is_none()
    {
        return;
    }
    let (due, change) = outbox::due(stored().as_ref());
    apply(change);
    for pending in due {
        send(pending);
    }
}

/// The endpoint took the receipt `id`.
pub fn delivered(id: &str) {
    apply(outbox::delivered(stored().as_ref(), id));
}

fn send(pending: Pending) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&pending.body.as_str().into());
    // `keepalive` (not in web-sys's RequestInit here): set as a plain property.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &wasm_bindgen::JsValue::TRUE);
    let headers = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &headers,
        &"content-type".into(),
        &"text/plain;charset=UTF-8".into(),
    );
    init.set_headers(&headers);
    let request = window.fetch_with_str_and_init(&pending.endpoint, &init);
    let Pending { id, .. } = pending;
    IN_FLIGHT.with(|q| q.borrow_mut().0 += 1);
    wasm_bindgen_futures::spawn_local(async move {
        let answer = match JsFuture::from(request).await {
            Ok(response) => match response.dyn_into::<web_sys::Response>() {
                Ok(r) if r.ok() => Ok(()),
                Ok(r) => Err(format!("HTTP {}", r.status())),
                Err(_) => Err("no response".into()),
            },
            Err(e) => Err(describe(&e)),
        };
        dispatch(Action::ReceiptSent(id, answer));
        let settled = IN_FLIGHT.with(|q| {
            let mut q = q.borrow_mut();
            q.0 -= 1;
            q.0 == 0
        });
        if settled {
            settle();
        }
    });
}
