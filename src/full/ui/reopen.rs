//! The floating control that reopens the preferences once a choice exists. The bootstrap
//! draws it (`embed/bootstrap/reopen.js`, the one drawing of it: the same code draws a
//! returning visitor's from the plan); the interface says what it looks like and when, beside
//! its own root, and what a click does.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;
use web_sys::Element;

use crate::page::boot::Boot;

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

/// The control on the page: its look and the click listener the bootstrap holds.
struct Drawn {
    boot: Boot,
    look: Option<Look>,
    _open: Option<Closure<dyn FnMut()>>,
}

thread_local! {
    static DRAWN: RefCell<Option<Drawn>> = const { RefCell::new(None) };
}

/// Shows the control as `look` says (`None`: removes it) in `into`; `open` runs on a click.
/// Nothing is redrawn while the look stays the same.
pub fn show(boot: &Boot, look: Option<Look>, into: &Element, open: impl Fn() + 'static) {
    let same = DRAWN.with(|d| d.borrow().as_ref().is_some_and(|d| d.look == look));
    if same {
        return;
    }
    let open = look.as_ref().map(|_| Closure::<dyn FnMut()>::new(open));
    let object = look.as_ref().map_or(JsValue::NULL, |look| {
        let o = Object::new();
        for (k, v) in [
            ("lang", look.lang.as_str()),
            ("dir", look.dir),
            ("label", look.label.as_str()),
            ("scheme", look.scheme),
            ("corner", look.corner),
        ] {
            let _ = Reflect::set(&o, &k.into(), &v.into());
        }
        o.into()
    });
    let callback = open.as_ref().map_or(JsValue::NULL, |c| c.as_ref().clone());
    boot.reopen(&object, into, &callback);
    DRAWN.with(|d| {
        *d.borrow_mut() = Some(Drawn {
            boot: boot.clone(),
            look,
            _open: open,
        });
    });
}

/// Moves focus to the control, if it is shown (after a decision closed the dialogs).
pub fn focus() {
    DRAWN.with(|d| {
        if let Some(d) = d.borrow().as_ref().filter(|d| d.look.is_some()) {
            d.boot.focus_reopen();
        }
    });
}
