//! The gate's own reopen control: the same button the Yew interface draws, built with a few
//! DOM calls so a returning visitor downloads no interface code. A click opens the
//! preferences, which hands the page over to the full build.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::Element;

use crate::core::consent::Action;
use crate::core::i18n::Text;

const SVG: &str = "http://www.w3.org/2000/svg";
const ICON: &str = "M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5Zm-4.5 9a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm4 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm5-1a1 1 0 1 1 0 2 1 1 0 0 1 0-2ZM9 6.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z";

thread_local! {
    static BUTTON: RefCell<Option<Element>> = const { RefCell::new(None) };
}

/// Shows or hides the reopen control.
pub fn show(visible: bool) {
    let present = BUTTON.with(|b| b.borrow().is_some());
    if visible == present {
        return;
    }
    if !visible {
        super::mount::unmount();
        BUTTON.with(|b| *b.borrow_mut() = None);
        return;
    }
    match build() {
        Ok(button) => BUTTON.with(|b| *b.borrow_mut() = Some(button)),
        Err(e) => super::log::log(
            crate::core::effects::Level::Warn,
            &format!("could not show the reopen control: {e}"),
        ),
    }
}

fn build() -> Result<Element, String> {
    let label = super::with_shell(|s| s.session.config().texts.get(Text::ReopenButton).to_owned())
        .unwrap_or_default();
    let lang = super::with_shell(|s| s.session.config().language.clone()).unwrap_or_default();
    let root = super::mount::mount()?;
    let document = super::document().ok_or("no document")?;
    let e = |r: Result<Element, wasm_bindgen::JsValue>| r.map_err(|e| format!("{e:?}"));
    let wrapper = e(document.create_element("div"))?;
    wrapper.set_class_name("cg");
    let _ = wrapper.set_attribute("lang", &lang);
    let button = e(document.create_element("button"))?;
    let _ = button.set_attribute("type", "button");
    button.set_class_name("cg-reopen");
    let _ = button.set_attribute("aria-label", &label);
    let _ = button.set_attribute("title", &label);
    let svg = e(document.create_element_ns(Some(SVG), "svg"))?;
    for (k, v) in [
        ("viewBox", "0 0 24 24"),
        ("width", "24"),
        ("height", "24"),
        ("aria-hidden", "true"),
        ("focusable", "false"),
    ] {
        let _ = svg.set_attribute(k, v);
    }
    let path = e(document.create_element_ns(Some(SVG), "path"))?;
    let _ = path.set_attribute("d", ICON);
    let _ = svg.append_child(&path);
    let _ = button.append_child(&svg);
    let _ = wrapper.append_child(&button);
    let _ = root.append_child(&wrapper);
    let click = Closure::<dyn Fn()>::new(|| super::dispatch(Action::ShowPreferences));
    let _ = button.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    // The button lives until the page is handed over or unloaded; so does its listener.
    click.forget();
    Ok(button)
}
