//! The `regions` section: the region rules ([`crate::core::regions`]).

#[allow(unused_imports)]
use crate::prelude::*;

use super::Reader;
use crate::core::json::string_list;
use crate::core::regions::{self, GROUPS, Model, Regions, Rule};

impl Reader {
    pub(super) fn regions(&mut self, f: &crate::core::json::Fields<'_>) -> Option<Regions> {
        let value = f.object("regions", &mut self.errors)?;
        let g = self.fields(value, "regions", &["rules"])?;
        let Some(items) = g.array("rules", &mut self.errors) else {
            if g.get("rules").is_none() {
                self.err(
                    "regions.rules",
                    "required: a list of rules, the first that matches applies",
                );
            }
            return None;
        };
        if items.is_empty() {
            self.err("regions.rules", "needs at least one rule");
        }
        let mut rules = Vec::new();
        let mut everywhere: Option<usize> = None;
        for (i, item) in items.iter().enumerate() {
            let path = format!("regions.rules[{i}]");
            if let Some(at) = everywhere {
                self.err(
                    path.clone(),
                    format!("never applies: regions.rules[{at}] covers every region (\"*\")"),
                );
            }
            let Some(rule) = self.rule(item, &path) else {
                continue;
            };
            if everywhere.is_none() && rule.regions.iter().any(|r| r == "*") {
                everywhere = Some(i);
            }
            rules.push(rule);
        }
        Some(Regions { rules })
    }

    fn rule(&mut self, item: &crate::core::json::Json, path: &str) -> Option<Rule> {
        let f = self.fields(item, path, &["regions", "model", "gpc"])?;
        let list = match f.get("regions") {
            Some(v) => string_list(v, &format!("{path}.regions"), &mut self.errors),
            None => {
                self.err(
                    format!("{path}.regions"),
                    "required: the regions this rule covers",
                );
                None
            }
        };
        let list = list.unwrap_or_default();
        if f.get("regions").is_some() && list.is_empty() {
            self.err(format!("{path}.regions"), "needs at least one region");
        }
        for (j, code) in list.iter().enumerate() {
            if code != "*" && !GROUPS.contains(&code.as_str()) && !regions::is_code(code) {
                let hint = if code == "UK" {
                    " (the United Kingdom is \"GB\")"
                } else {
                    ""
                };
                self.err(
                    format!("{path}.regions[{j}]"),
                    format!(
                        "{code:?} is not a region: an ISO 3166-1 country such as \"DE\" or \"GB\", an ISO 3166-2 subdivision such as \"US-CA\", a group ({}) or \"*\"{hint}",
                        GROUPS.join(", ")
                    ),
                );
            }
        }
        let model = match f.required_string("model", &mut self.errors) {
            Some(name) => match Model::from_name(&name) {
                Some(m) => Some(m),
                None => {
                    self.err(
                        format!("{path}.model"),
                        format!("{name:?} is not one of opt-in, opt-out"),
                    );
                    None
                }
            },
            None => None,
        };
        let gpc_binding = match f.string("gpc", &mut self.errors).as_deref() {
            None => false,
            Some("binding") => true,
            Some(other) => {
                self.err(
                    format!("{path}.gpc"),
                    format!("{other:?} is not one of binding (leave it out where the signal is not binding law)"),
                );
                false
            }
        };
        Some(Rule {
            regions: list,
            model: model?,
            gpc_binding,
        })
    }
}
