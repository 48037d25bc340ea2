//! Browser tests of the shell (wasm-bindgen-test in headless Chromium): the storage probe and
//! its fallbacks, and the revival of marked scripts in order. Run by `scripts/test`.

use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use crate::core::config::Config;
use crate::core::consent::Action;
use crate::core::record::STORAGE_KEY;
use crate::full::browser::storage::Store;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn eval_js(code: &str) -> JsValue {
    // Tests only: the shipped code never evaluates strings.
    let f = js_sys::Function::new_no_args(code);
    f.call0(&JsValue::NULL).expect("test JS runs")
}

#[wasm_bindgen_test]
fn storage_round_trips_through_local_storage() {
    let store = Store::open();
    assert!(matches!(store, Store::Local(..)));
    store.save("{\"schema\":1}");
    assert_eq!(store.load().as_deref(), Some("{\"schema\":1}"));
    let raw = window().local_storage().unwrap().unwrap();
    assert_eq!(
        raw.get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("{\"schema\":1}")
    );
    assert_eq!(
        raw.get_item("consent-gate:probe").unwrap(),
        None,
        "the probe cleans up"
    );
    store.remove();
    assert_eq!(store.load(), None);
    assert_eq!(raw.get_item(STORAGE_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
fn blocked_storage_falls_back_to_memory_without_panicking() {
    eval_js(
        "window.__ls = Object.getOwnPropertyDescriptor(window, 'localStorage'); \
         Object.defineProperty(window, 'localStorage', { configurable: true, \
           get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });",
    );
    let store = Store::open();
    eval_js("Object.defineProperty(window, 'localStorage', window.__ls);");
    assert!(matches!(store, Store::Memory(_)));
    assert_eq!(store.load(), None);
    store.save("{\"schema\":1}");
    assert_eq!(store.load().as_deref(), Some("{\"schema\":1}"));
    store.remove();
    assert_eq!(store.load(), None);
}

#[wasm_bindgen_test]
fn a_full_store_keeps_the_choice_in_memory() {
    let store = Store::open();
    assert!(matches!(store, Store::Local(..)));
    eval_js(
        "window.__setItem = Storage.prototype.setItem; \
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    );
    store.save("{\"schema\":1,\"full\":true}");
    eval_js("Storage.prototype.setItem = window.__setItem;");
    assert_eq!(
        store.load().as_deref(),
        Some("{\"schema\":1,\"full\":true}")
    );
    store.remove();
}

/// One page view: marked scripts wait for consent, then run in document order, external
/// ones one after another; a marked script added later runs too; bad markup never runs.
#[wasm_bindgen_test]
async fn marked_scripts_wait_for_consent_then_run_in_document_order() {
    let document = window().document().unwrap();
    eval_js("window.__order = [];");
    let done = js_sys::Promise::new(&mut |resolve, _| {
        Reflect::set(&window(), &"__done".into(), &resolve).unwrap();
    });
    let body = document.body().unwrap();
    let add = |html_attrs: &[(&str, &str)], text: &str| {
        let s = document.create_element("script").unwrap();
        for (k, v) in html_attrs {
            s.set_attribute(k, v).unwrap();
        }
        s.set_text_content(Some(text));
        body.append_child(&s).unwrap();
    };
    let slow = "data:text/javascript,window.__order.push('a')";
    add(
        &[
            ("type", "text/plain"),
            ("data-consent", "analytics"),
            ("data-src", slow),
        ],
        "",
    );
    add(
        &[("type", "text/plain"), ("data-consent", "analytics")],
        "window.__order.push('b')",
    );
    add(
        &[
            ("type", "text/plain"),
            ("data-category", "analytics"),
            ("data-service", "stats"),
            ("src", "data:text/javascript,window.__order.push('c')"),
        ],
        "",
    );
    add(
        &[("type", "text/plain"), ("data-consent", "marketing")],
        "window.__order.push('never')",
    );
    add(
        &[("type", "text/plain"), ("data-consent", "nope")],
        "window.__order.push('invalid')",
    );
    add(
        &[("type", "text/plain"), ("data-consent", "necessary")],
        "window.__order.push('n')",
    );
    add(
        &[("type", "text/plain"), ("data-consent", "analytics")],
        "window.__order.push('d'); window.__done()",
    );

    let config = Config::from_json(
        &crate::full::browser::json::parse(
            r#"{"categories": {
            "necessary": {"required": true, "title": "N", "description": "D"},
            "analytics": {"title": "A", "description": "D", "services": {"stats": {"title": "S"}}},
            "marketing": {"title": "M", "description": "D"}}}"#,
        )
        .unwrap(),
    )
    .unwrap();
    // The bootstrap's object, as embed/bootstrap/builds.js builds it, with no loaders.
    let boot: crate::page::boot::Boot = eval_js(
        "const same = (x) => x; return { script: null, gtag: function () {}, config: undefined, \
         configUrl: null, region: null, scriptUrl: same, scriptText: same, answer: function () {}, \
         microsoft: function () {}, place: function () {}, unplace: function () {}, \
         placeholderAnswer: function () {}, unobscure: () => null, loadLanguage: () => Promise.reject(new Error('no files here')), \
         loadUi: () => Promise.reject(new Error('none')), loadPolicy: () => Promise.reject(new Error('none')) };",
    )
    .unchecked_into();
    crate::full::browser::start(
        crate::full::browser::Start {
            boot,
            config: Rc::new(config),
            config_text: String::new(),
            store: Store::Memory(Default::default()),
            render: Box::new(|_| {}),
        },
        None,
        None,
    );
    crate::page::marked::watch();
    // Let the queue settle: only the necessary script may have run.
    JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL))
        .await
        .unwrap();
    let order = || {
        eval_js("return window.__order.join(',')")
            .as_string()
            .unwrap()
    };
    let settled = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    JsFuture::from(settled).await.unwrap();
    assert_eq!(
        order(),
        "n",
        "before a choice only the necessary script runs"
    );
    let invalid = document
        .query_selector("script[data-consent=nope]")
        .unwrap()
        .unwrap();
    assert_eq!(
        invalid.get_attribute("data-consent-state").as_deref(),
        Some("invalid")
    );

    crate::full::browser::dispatch(Action::ShowPreferences);
    crate::full::browser::dispatch(Action::SetCategory("analytics".into(), true));
    crate::full::browser::dispatch(Action::SavePreferences);
    JsFuture::from(done).await.unwrap();
    assert_eq!(order(), "n,a,b,c,d");

    let late = js_sys::Promise::new(&mut |resolve, _| {
        Reflect::set(&window(), &"__late".into(), &resolve).unwrap();
    });
    add(
        &[("type", "text/plain"), ("data-consent", "analytics")],
        "window.__order.push('late'); window.__late()",
    );
    JsFuture::from(late).await.unwrap();
    assert_eq!(order(), "n,a,b,c,d,late");
    assert_eq!(
        document
            .query_selector_all("script[data-consent-state=activated]")
            .unwrap()
            .length(),
        6
    );
}

#[wasm_bindgen_test]
fn json_parse_refuses_deep_nesting_and_reports_syntax() {
    use crate::core::json::Json;
    use crate::full::browser::json::parse;
    assert_eq!(
        parse(r#"{"a": [1, true, null, "x"]}"#),
        Ok(Json::Object(vec![(
            "a".into(),
            Json::Array(vec![
                Json::Number(1.0),
                Json::Bool(true),
                Json::Null,
                Json::String("x".into())
            ])
        )]))
    );
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert_eq!(parse(&deep), Err("nested more than 32 levels deep".into()));
    assert!(
        parse("{").unwrap_err().contains("JSON"),
        "the browser's own message"
    );
}
