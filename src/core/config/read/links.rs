//! The links a config names: the privacy policy (`policy`) and the proof endpoint (`proof`),
//! each checked by [`check_link`] (which link targets are safe to render at all).

#[allow(unused_imports)]
use crate::prelude::*;

use super::Reader;
use crate::core::i18n::Localized;
use crate::core::json::Fields;
use crate::core::policy::check_link;

impl Reader {
    pub(super) fn policy(&mut self, f: &Fields<'_>) -> (Option<Localized>, Option<Localized>) {
        let Some(p) = f
            .object("policy", &mut self.errors)
            .and_then(|p| self.fields(p, "policy", &["url", "page"]))
        else {
            return (None, None);
        };
        let url = self.required_localized(&p, "url");
        let page = self.localized(&p, "page", false);
        for (key, value) in [("url", &url), ("page", &page)] {
            for (tag, link) in value.iter().flat_map(Localized::entries) {
                if let Err(message) = check_link(link) {
                    let path = if tag.is_empty() {
                        format!("policy.{key}")
                    } else {
                        format!("policy.{key}.{tag}")
                    };
                    self.err(path, message);
                }
            }
        }
        (url, page)
    }

    pub(super) fn proof(&mut self, f: &Fields<'_>) -> Option<String> {
        let p = f
            .object("proof", &mut self.errors)
            .and_then(|p| self.fields(p, "proof", &["endpoint"]))?;
        let url = p.required_string("endpoint", &mut self.errors)?;
        match check_link(&url) {
            Ok(()) if url.trim().to_ascii_lowercase().starts_with("mailto:") => self.err(
                "proof.endpoint",
                format!("{url:?} is not an http(s) or relative URL"),
            ),
            Ok(()) => {}
            Err(m) => self.err("proof.endpoint", m),
        }
        Some(url)
    }
}
