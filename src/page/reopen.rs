//! The floating control that reopens the preferences once a choice exists, built with a few
//! DOM calls. The bootstrap draws the same markup on a returning visit, from the look the
//! plan gives (`core::plan`, with this module's [`ICON`]). It steps aside while
//! one of the site's own `data-consent-gate="preferences"` links is on screen
//! ([`super::site_links`]), so it never covers one.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::Element;

use crate::prelude::*;

use super::cell::Global;

const SVG: &str = "http://www.w3.org/2000/svg";

/// The reopen control's icon (a cookie), an SVG path.
pub const ICON: &str = "M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5Zm-4.5 9a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm4 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm5-1a1 1 0 1 1 0 2 1 1 0 0 1 0-2ZM9 6.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z";

/// What the control looks like and says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Look {
    /// The language of its label (the widget's `lang`).
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Its accessible name ("Privacy preferences" in the visitor's language).
    pub label: String,
    /// The scheme's name (`light`, `dark`, `auto`).
    pub scheme: &'static str,
    /// The corner (`bottom-start`, ...).
    pub corner: &'static str,
}

/// The control on the page: what it shows, where, and its click listener.
struct Drawn {
    look: Look,
    wrapper: Element,
    _click: Closure<dyn FnMut()>,
}

static DRAWN: Global<Option<Drawn>> = Global::new(None);

/// The control's click listener.
type Click = Closure<dyn FnMut()>;

/// Shows the control as `look` says (`None`: removes it), in `into` (the full build's shadow
/// root); `open` runs on a click.
pub fn show(look: Option<Look>, into: &Element, open: impl Fn() + 'static) {
    let same = DRAWN.with(|d| d.as_ref().map(|d| &d.look) == look.as_ref());
    if same {
        return;
    }
    if let Some(old) = DRAWN.replace(None) {
        old.wrapper.remove();
    }
    let Some(look) = look else {
        return;
    };
    match build(&look, into, open) {
        Ok((wrapper, click)) => drop(DRAWN.replace(Some(Drawn {
            look,
            wrapper,
            _click: click,
        }))),
        Err(e) => super::log::log(
            crate::core::effects::Level::Warn,
            &["could not show the reopen control: ", &e].concat(),
        ),
    }
}

/// Moves focus to the control, if it is shown (after a decision closed the dialogs).
pub fn focus() {
    let button = DRAWN.with(|d| {
        d.as_ref()
            .and_then(|d| d.wrapper.first_element_child())
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    });
    if let Some(button) = button {
        let _ = button.focus();
    }
}

fn build(
    look: &Look,
    root: &Element,
    open: impl Fn() + 'static,
) -> Result<(Element, Click), String> {
    let document = super::document().ok_or("no document")?;
    let e = |r: Result<Element, wasm_bindgen::JsValue>| {
        r.map_err(|e| ["could not create an element: ", &super::describe(&e)].concat())
    };
    let wrapper = e(document.create_element("div"))?;
    wrapper.set_class_name("cg");
    for (k, v) in [
        ("lang", look.lang.as_str()),
        ("dir", look.dir),
        ("data-scheme", look.scheme),
    ] {
        let _ = wrapper.set_attribute(k, v);
    }
    let button = e(document.create_element("button"))?;
    let _ = button.set_attribute("type", "button");
    button.set_class_name(&["cg-reopen cg-at-", look.corner].concat());
    let _ = button.set_attribute("aria-label", &look.label);
    let _ = button.set_attribute("title", &look.label);
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
    super::site_links::refresh();
    let click = Closure::<dyn FnMut()>::new(open);
    button
        .add_event_listener_with_callback("click", click.as_ref().unchecked_ref())
        .map_err(|e| ["could not listen: ", &super::describe(&e)].concat())?;
    Ok((wrapper, click))
}
