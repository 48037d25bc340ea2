//! What the builder gives back: the problems, the contrast of the colours, the live preview
//! (the embed itself, in a frame) and the export.

use consent_gate::core::builder::{self, DECLARATION};
use consent_gate::core::theme::Role;
use yew::prelude::*;

use crate::forms::{V, button};
use crate::model::{Msg, PreviewSetting};

/// Every problem the config reader finds, announced when their number changes.
pub fn summary(v: &V<'_>) -> Html {
    let n = v.app.problems.len();
    let head = if n == 0 {
        v.t("valid")
    } else {
        v.t("invalid").replace("{n}", &n.to_string())
    };
    html! {
        <section aria-labelledby="problems-title" class={if n == 0 { "summary ok" } else { "summary bad" }}>
            <h2 id="problems-title">{ v.t("problemsTitle") }</h2>
            <p aria-live="polite" id="problem-count">{ head }</p>
            if n > 0 {
                <ul>{ for v.app.problems.iter().map(|p| html! {
                    <li>
                        { p.to_string() }
                        // A key the reader does not know, which may have no field: removable here.
                        if let Some(at) = builder::unknown_key(&v.app.doc, p) {
                            { " " }
                            <button type="button" onclick={v.link.callback(move |_| Msg::Set(at.clone(), None))} aria-label={v.t("removeField").replace("{field}", &p.path)}>{ v.t("remove") }</button>
                        }
                    </li>
                }) }</ul>
            }
        </section>
    }
}

/// A colour role's name: `Text`, or `Text (dark)` in the dark palette.
pub fn role_name(v: &V<'_>, role: Role, dark: bool) -> String {
    let name = v.t(&format!("role-{}", role.key()));
    if dark {
        v.t("darkRole").replace("{role}", &name)
    } else {
        name
    }
}

/// The contrasts WCAG 2.2 AA asks of the light (or dark) palette, live.
pub fn contrast(v: &V<'_>, dark: bool) -> Html {
    let rows = builder::contrasts(&v.app.doc, dark).into_iter().map(|c| {
        let pair = v
            .t("pair")
            .replace("{fg}", &role_name(v, c.foreground, dark))
            .replace("{bg}", &role_name(v, c.background, dark));
        let verdict = if c.passes {
            v.t("passes")
        } else {
            v.t("fails")
        }
        .replace("{min}", c.minimum);
        html! {
            <tr class={if c.passes { "pass" } else { "fail" }}>
                <th scope="row">{ pair }</th>
                <td>{ format!("{}:1", c.ratio) }</td>
                <td>{ verdict }</td>
            </tr>
        }
    });
    let caption = if dark {
        v.t("darkContrastCaption")
    } else {
        v.t("contrastCaption")
    };
    html! {
        <table class="contrast">
            <caption>{ caption }</caption>
            <thead><tr><th scope="col">{ v.t("pairHead") }</th><th scope="col">{ v.t("ratio") }</th><th scope="col">{ v.t("verdict") }</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn setting(
    v: &V<'_>,
    which: PreviewSetting,
    id: &str,
    label: String,
    options: Vec<(String, String)>,
    current: &str,
) -> Html {
    let onchange = v.link.callback(move |e: Event| {
        Msg::Preview(
            which,
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        )
    });
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label }</label>
            <select id={id.to_owned()} {onchange}>
                { for options.into_iter().map(|(value, text)| { let selected = value == current; html! { <option {selected} {value}>{ text }</option> } }) }
            </select>
        </div>
    }
}

/// The real banner, preferences and policy viewer: `www/builder-preview.html` in a frame,
/// loading the embed with the draft inline, made again when the draft has not changed for a
/// moment.
pub fn preview(v: &V<'_>) -> Html {
    let app = v.app;
    let langs = v
        .langs
        .iter()
        .map(|l| (l.clone(), v.lang_name(l)))
        .collect();
    let widths = ["1280", "375"]
        .iter()
        .map(|w| ((*w).to_owned(), format!("{w} px")))
        .collect();
    let schemes = vec![
        (String::new(), v.t("schemeConfig")),
        ("light".into(), v.t("schemeLight")),
        ("dark".into(), v.t("schemeDark")),
    ];
    let width = app.preview_width.to_string();
    html! {
        <section aria-labelledby="preview-title">
            <h2 id="preview-title">{ v.t("previewTitle") }</h2>
            <div class="side-by-side">
                { setting(v, PreviewSetting::Language, "preview-language", v.t("previewLanguage"), langs, &app.preview_lang) }
                { setting(v, PreviewSetting::Width, "preview-width", v.t("previewWidth"), widths, &width) }
                { setting(v, PreviewSetting::Scheme, "preview-scheme", v.t("previewScheme"), schemes, &app.preview_scheme) }
            </div>
            <div class="buttons">
                { button(v.t("showBanner"), v.link.callback(|_| Msg::Call("show"))) }
                { button(v.t("showPreferences"), v.link.callback(|_| Msg::Call("showPreferences"))) }
                { button(v.t("showPolicy"), v.link.callback(|_| Msg::Call("showPolicy"))) }
            </div>
            if !app.problems.is_empty() {
                <p class="note">{ v.t("previewWaits") }</p>
            }
            <div class="frame">
                <iframe ref={app.frame.clone()} title={v.t("previewFrame")} style={format!("width: {width}px")} src="about:blank" />
            </div>
        </section>
    }
}

fn snippet(v: &V<'_>, id: &str, label: String, text: String, what: String, rows: u32) -> Html {
    let copy = {
        let text = text.clone();
        v.link
            .callback(move |_| Msg::Copy(text.clone(), what.clone()))
    };
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label.clone() }</label>
            <textarea id={id.to_owned()} class="code" readonly=true rows={rows.to_string()} value={text} />
            <button type="button" onclick={copy} aria-label={v.t("copyWhat").replace("{what}", &label)}>{ v.t("copy") }</button>
        </div>
    }
}

/// The config file, the tags for the site's head and the policy page's snippet.
pub fn export(v: &V<'_>) -> Html {
    let app = v.app;
    let n = app.problems.len();
    let tags = match &app.integrity {
        Some(Ok(integrity)) => builder::head_tags(integrity),
        Some(Err(e)) => v.t("noIntegrity").replace("{why}", e),
        None => v.t("computing"),
    };
    let download = if n == 0 {
        v.t("download")
    } else {
        v.t("downloadInvalid")
    };
    html! {
        <section aria-labelledby="export-title">
            <h2 id="export-title">{ v.t("exportTitle") }</h2>
            if n > 0 {
                <p class="problem" id="export-warning">{ v.t("exportInvalid").replace("{n}", &n.to_string()) }</p>
            }
            { snippet(v, "export-config", "config.json".into(), builder::export(&app.doc), "config.json".into(), 12) }
            <button type="button" class="primary" onclick={v.link.callback(|_| Msg::Download)} aria-describedby={(n > 0).then(|| "export-warning".to_owned())}>{ download }</button>
            { snippet(v, "export-head", v.t("headTags"), tags, v.t("headTags"), 4) }
            <p class="hint">{ v.t("headHint") }</p>
            { snippet(v, "export-declaration", v.t("declaration"), DECLARATION.into(), v.t("declaration"), 1) }
            <p class="hint">{ v.t("declarationHint") }</p>
        </section>
    }
}
