//! The schema's keys: every one has a description for editors and is used by a valid test
//! config (the key walk is shared with the README check).

use std::collections::BTreeSet;

use crate::support::*;
use serde_json::Value;

/// A key of the schema: its path (`categories`, `*` for a key the site names, `cookies[]` for
/// the items of an array of objects), its schema, and whether it is a leaf (a value, not an
/// object of further keys).
pub(crate) struct Key<'a> {
    pub(crate) path: Vec<String>,
    pub(crate) node: &'a Value,
    pub(crate) leaf: bool,
}

impl Key<'_> {
    pub(crate) fn dotted(&self) -> String {
        self.path.join(".")
    }
}

/// `node` with its `$ref` (to `#/$defs/...`) followed.
pub(crate) fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r
                .strip_prefix("#/$defs/")
                .unwrap_or_else(|| panic!("config.schema.json: $ref {r} is not to #/$defs/"));
            resolve(root, &root["$defs"][name])
        }
        None => node,
    }
}

/// Whether a schema describes an object of keys (fixed ones, or ones the site names).
pub(crate) fn has_keys(root: &Value, node: &Value) -> bool {
    let n = resolve(root, node);
    n.get("properties").is_some() || n.get("additionalProperties").is_some_and(Value::is_object)
}

/// The children of an object schema: `(segment, schema)`.
pub(crate) fn children<'a>(root: &'a Value, node: &'a Value) -> Vec<(String, &'a Value)> {
    let n = resolve(root, node);
    let mut out: Vec<(String, &Value)> = n
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v))
        .collect();
    if let Some(ap) = n.get("additionalProperties").filter(|v| v.is_object()) {
        out.push(("*".into(), ap));
    }
    out
}

/// The items' schema when `node` is an array of objects.
pub(crate) fn object_items<'a>(root: &'a Value, node: &'a Value) -> Option<&'a Value> {
    resolve(root, node)
        .get("items")
        .filter(|items| has_keys(root, items))
}

pub(crate) fn keys(root: &Value) -> Vec<Key<'_>> {
    fn walk<'a>(root: &'a Value, node: &'a Value, path: &[String], out: &mut Vec<Key<'a>>) {
        for (segment, child) in children(root, node) {
            let mut p = path.to_vec();
            p.push(segment);
            let leaf = !has_keys(root, child) && object_items(root, child).is_none();
            out.push(Key {
                path: p.clone(),
                node: child,
                leaf,
            });
            if let Some(items) = object_items(root, child) {
                let last = p.pop().unwrap();
                p.push(format!("{last}[]"));
                walk(root, items, &p, out);
            } else {
                walk(root, child, &p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &[], &mut out);
    out
}

#[test]
fn every_key_of_the_schema_has_a_description_for_editors() {
    let s = schema();
    let missing: Vec<String> = keys(&s)
        .iter()
        .filter(|k| {
            let described = |n: &Value| {
                n.get("description")
                    .and_then(Value::as_str)
                    .is_some_and(|d| !d.trim().is_empty())
            };
            !described(k.node) && !described(resolve(&s, k.node))
        })
        .map(Key::dotted)
        .collect();
    assert!(
        missing.is_empty(),
        "keys without a description: {missing:?}"
    );
    for (name, def) in s["$defs"].as_object().expect("$defs") {
        assert!(
            def.get("description").is_some(),
            "$defs/{name} has no description"
        );
    }
}

/// The schema paths of every key in `value` (a config), following the schema.
pub(crate) fn used_paths(
    root: &Value,
    node: &Value,
    value: &Value,
    path: &[String],
    out: &mut BTreeSet<String>,
) {
    let Some(entries) = value.as_object() else {
        return;
    };
    let kids = children(root, node);
    for (key, v) in entries {
        let Some((segment, child)) = kids
            .iter()
            .find(|(s, _)| s == key)
            .or_else(|| kids.iter().find(|(s, _)| s == "*"))
        else {
            continue;
        };
        let mut p = path.to_vec();
        p.push(segment.clone());
        out.insert(p.join("."));
        if let Some(items) = object_items(root, child) {
            let last = p.pop().unwrap();
            p.push(format!("{last}[]"));
            for item in v.as_array().into_iter().flatten() {
                used_paths(root, items, item, &p, out);
            }
        } else {
            used_paths(root, child, v, &p, out);
        }
    }
}

#[test]
fn every_key_of_the_schema_is_used_by_a_valid_test_config() {
    let s = schema();
    let mut used = BTreeSet::new();
    for (name, text) in configs() {
        if !name.starts_with("invalid/") {
            let value: Value = serde_json::from_str(&text).expect("a valid config is JSON");
            used_paths(&s, &s, &value, &[], &mut used);
        }
    }
    let unused: Vec<String> = keys(&s)
        .iter()
        .filter(|k| k.leaf && !used.contains(&k.dotted()))
        .map(Key::dotted)
        .collect();
    assert!(
        unused.is_empty(),
        "no valid config in tests/configs/valid/ uses {unused:?}"
    );
}
