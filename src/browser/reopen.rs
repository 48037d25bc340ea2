//! The gate's own reopen control: the same button the Yew interface draws, built with a few
//! DOM calls so a returning visitor downloads no interface code. A click opens the
//! preferences, which hands the page over to the full build. It hides while one of the site's
//! own `data-consent-gate="preferences"` links is on screen, so it never covers one.

use std::cell::RefCell;

use web_sys::Element;

use crate::core::consent::Action;
use crate::core::i18n::Text;
use crate::core::view::View;

use super::reopen_icon::ICON;

const SVG: &str = "http://www.w3.org/2000/svg";

thread_local! {
    /// The drawn control and the language it was drawn in.
    static DRAWN: RefCell<Option<(String, gloo_events::EventListener)>> = const { RefCell::new(None) };
}

/// Shows, redraws (another language) or hides the reopen control.
pub fn show(view: &View) {
    let wanted = view
        .locale
        .as_ref()
        .filter(|_| view.reopen)
        .map(|l| l.tag.clone());
    let drawn = DRAWN.with(|d| d.borrow().as_ref().map(|(tag, _)| tag.clone()));
    if wanted == drawn {
        return;
    }
    if drawn.is_some() {
        super::mount::unmount();
        DRAWN.with(|d| *d.borrow_mut() = None);
    }
    if wanted.is_none() {
        return;
    }
    match build(view) {
        Ok(drawn) => DRAWN.with(|d| *d.borrow_mut() = Some(drawn)),
        Err(e) => super::log::log(
            crate::core::effects::Level::Warn,
            &format!("could not show the reopen control: {e}"),
        ),
    }
}

fn build(view: &View) -> Result<(String, gloo_events::EventListener), String> {
    let locale = view.locale.as_ref().ok_or("no texts yet")?;
    let Some((label, look)) = super::with_shell(|s| {
        let config = s.session.config();
        (
            locale.text(Text::ReopenButton).to_owned(),
            (
                config.look.theme.css(),
                config.look.theme.scheme.name(),
                config.look.reopen_position,
            ),
        )
    }) else {
        return Err("not started".into());
    };
    let (theme_css, scheme, corner) = look;
    let root = super::mount::mount(&theme_css)?;
    let document = super::document().ok_or("no document")?;
    let e = |r: Result<Element, wasm_bindgen::JsValue>| r.map_err(|e| format!("{e:?}"));
    let wrapper = e(document.create_element("div"))?;
    wrapper.set_class_name("cg");
    for (k, v) in [
        ("lang", locale.tag.as_str()),
        ("dir", locale.dir()),
        ("data-scheme", scheme),
    ] {
        let _ = wrapper.set_attribute(k, v);
    }
    let button = e(document.create_element("button"))?;
    let _ = button.set_attribute("type", "button");
    button.set_class_name(&format!("cg-reopen cg-at-{corner}"));
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
    super::site_links::refresh();
    let click = gloo_events::EventListener::new(&button, "click", |_| {
        super::dispatch(Action::ShowPreferences);
    });
    Ok((locale.tag.clone(), click))
}
