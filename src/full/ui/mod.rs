//! The Yew interface: banner, preferences dialog, policy viewer frame and reopen control,
//! rendered inside ConsentGate's shadow root. Components render the core's [`View`] and
//! dispatch [`crate::core::consent::Action`]s; they decide nothing about consent.

mod app;
mod banner;
mod cookie_table;
mod frame;
mod hooks;
mod policy_frame;
mod preferences;
pub mod reopen;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::Element;
use yew::{Callback, Renderer};

use crate::core::config::Config;
use crate::core::i18n::Locale;
use crate::core::view::{Surface, View};
use crate::full::browser;
use crate::page::boot::Boot;

pub use app::{App, AppProps};

/// The config, compared by identity (it never changes during a page view).
#[derive(Clone)]
pub struct ConfigRef(pub Rc<Config>);

impl PartialEq for ConfigRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Where focus returns when a dialog closes, captured as it opens: one slot for the
/// preferences, one for the policy (which can open over the preferences).
#[derive(Clone, Default)]
pub struct Opener(
    pub Rc<RefCell<Option<Element>>>,
    pub Rc<RefCell<Option<Element>>>,
);

impl PartialEq for Opener {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) && Rc::ptr_eq(&self.1, &other.1)
    }
}

/// What every component needs: the config and the language shown.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    /// The validated config.
    pub config: ConfigRef,
    /// The language shown, with its texts.
    pub locale: Rc<Locale>,
}

impl Ctx {
    /// An interface text.
    #[must_use]
    pub fn t(&self, text: crate::core::i18n::Text) -> String {
        self.locale.text(text).to_owned()
    }

    /// A site text in the language shown.
    #[must_use]
    pub fn pick(&self, text: &crate::core::i18n::Localized) -> String {
        self.locale.pick(text).to_owned()
    }
}

/// Mounts the interface (into the host of the banner the bootstrap painted, if it did) and
/// returns the function that re-renders it with a new view.
///
/// # Errors
/// When the host element or its shadow root cannot be created.
pub fn mount(config: Rc<Config>, boot: &Boot) -> Result<browser::Render, String> {
    let theme_css = config.look.theme.css();
    let style = boot.css();
    let painted = boot.painted();
    let root = crate::page::mount::mount(
        &style,
        &theme_css,
        painted.as_ref().map(|p| p.host()).as_ref(),
    )?;
    // A standalone policy page: the site's element gets a shadow root the app draws into.
    let policy_host = match browser::document().and_then(|d| {
        d.query_selector("[data-consent-gate=policy]")
            .ok()
            .flatten()
    }) {
        Some(host) => Some(crate::page::mount::mount_into(&host, &style, &theme_css)?),
        None => None,
    };
    // The site's own policy page: ConsentGate draws the cookie declaration into its element.
    let declaration_host = match browser::document().and_then(|d| {
        d.query_selector("[data-consent-gate=cookie-declaration]")
            .ok()
            .flatten()
    }) {
        Some(host) => Some(crate::page::mount::mount_into(&host, &style, &theme_css)?),
        None => None,
    };
    let reopen_config = Rc::clone(&config);
    let config = ConfigRef(config);
    let opener = Opener::default();
    let prefs_opener = Rc::clone(&opener.0);
    let policy_opener = Rc::clone(&opener.1);
    // The first drawing takes the painted banner over (once).
    // Over a banner the bootstrap painted, the interface stays hidden until its first drawing
    // takes that banner over (one banner on screen and to assistive technology at a time).
    if painted.is_some() {
        let _ = root.set_attribute("hidden", "");
    }
    let taking_over = Rc::new(RefCell::new(painted.map(|_| (boot.clone(), root.clone()))));
    let openers = opener.clone();
    let ondrawn = Callback::from(move |live: Option<Element>| {
        if let Some((boot, root)) = taking_over.borrow_mut().take() {
            browser::painted::take_over(&boot, &root, live.as_ref(), &[&openers.0, &openers.1]);
        }
    });
    let props = move |view: View| AppProps {
        config: config.clone(),
        view,
        opener: opener.clone(),
        ondispatch: Callback::from(browser::dispatch),
        ondrawn: ondrawn.clone(),
        policy_host: policy_host.clone(),
        declaration_host: declaration_host.clone(),
    };
    // The reopen control (drawn by the bootstrap's code, `reopen`) sits beside Yew's root.
    let reopen_root = browser::document()
        .and_then(|d| d.create_element("div").ok())
        .ok_or("could not create the reopen control's root")?;
    reopen_root.set_class_name("cg-root");
    if let Some(shadow) = root.parent_node() {
        let _ = shadow.append_child(&reopen_root);
    }
    let reopen_look = {
        let config = Rc::clone(&reopen_config);
        move |view: &View| -> Option<reopen::Look> {
            let locale = view.locale.as_ref().filter(|_| view.reopen)?;
            Some(reopen::Look {
                lang: locale.tag.clone(),
                dir: locale.dir(),
                label: locale
                    .text(crate::core::i18n::Text::ReopenButton)
                    .to_owned(),
                scheme: config.look.theme.scheme.name(),
                corner: config.look.reopen_position,
            })
        }
    };
    let reopen_boot = boot.clone();
    let handle =
        RefCell::new(Renderer::<App>::with_root_and_props(root, props(View::default())).render());
    let last = Cell::new((Surface::Hidden, false));
    Ok(Box::new(move |view: View| {
        let policy_open = view.policy.as_ref().is_some_and(|p| p.open);
        let (surface, was_open) = last.get();
        // Before anything re-renders, the element that has focus is what opened the dialog.
        if view.surface == Surface::Preferences && surface != Surface::Preferences {
            *prefs_opener.borrow_mut() = crate::page::mount::deep_active_element();
        }
        if policy_open && !was_open {
            *policy_opener.borrow_mut() = crate::page::mount::deep_active_element();
        }
        last.set((view.surface, policy_open));
        reopen::show(&reopen_boot, reopen_look(&view), &reopen_root, || {
            browser::dispatch(crate::core::consent::Action::ShowPreferences);
        });
        handle.borrow_mut().update(props(view));
    }))
}
