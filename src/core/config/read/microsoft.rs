//! The `microsoft` section: the UET tag and the Clarity project ConsentGate loads, each once
//! the Consent Mode type Microsoft ties it to is granted.

#[allow(unused_imports)]
use crate::prelude::*;

use super::Reader;
use crate::core::config::{Category, Microsoft};
use crate::core::google::ConsentType;
use crate::core::json::Fields;
use crate::core::microsoft::{ClarityId, UetId};

impl Reader {
    pub(super) fn microsoft(&mut self, top: &Fields<'_>, categories: &[Category]) -> Microsoft {
        const KEYS: &[&str] = &["uetId", "clarityId"];
        let Some(value) = top.object("microsoft", &mut self.errors) else {
            return Microsoft::default();
        };
        let Some(f) = self.fields(value, "microsoft", KEYS) else {
            return Microsoft::default();
        };
        let uet_id = f.string("uetId", &mut self.errors).and_then(|id| {
            UetId::new(&id)
                .map_err(|m| self.err("microsoft.uetId", m))
                .ok()
        });
        let clarity_id = f.string("clarityId", &mut self.errors).and_then(|id| {
            ClarityId::new(&id)
                .map_err(|m| self.err("microsoft.clarityId", m))
                .ok()
        });
        if uet_id.is_some() {
            self.granted_by_a_category(categories, ConsentType::AdStorage, "microsoft.uetId");
        }
        if clarity_id.is_some() {
            self.granted_by_a_category(
                categories,
                ConsentType::AnalyticsStorage,
                "microsoft.clarityId",
            );
        }
        Microsoft { uet_id, clarity_id }
    }

    /// A tag that loads once `t` is granted needs a category that grants it (else it would
    /// never load: a config mistake, reported at `path`).
    fn granted_by_a_category(&mut self, categories: &[Category], t: ConsentType, path: &str) {
        if !categories.iter().any(|c| c.consent_types.contains(&t)) {
            self.err(
                path,
                format!(
                    "the tag loads once `{}` is granted, and no category in `categories` grants it (add it to a category's `consentMode`, or name the category \"{}\")",
                    t.name(),
                    if t.is_ad() { "marketing" } else { "analytics" }
                ),
            );
        }
    }
}
