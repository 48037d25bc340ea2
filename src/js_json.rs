//! JSON text -> the core's [`Json`], through the browser's own `JSON.parse` (so the wasm
//! carries no JSON parser). Shared by the full build, the policy build (as `page::json`) and
//! the config builder.

use crate::prelude::*;

use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::json::Json;

use crate::core::json::MAX_DEPTH;

// The message below says 32.
const _: () = assert!(MAX_DEPTH == 32);

/// Parses JSON text with `JSON.parse`.
///
/// # Errors
/// The browser's message when the text is not JSON, or when it nests too deeply.
pub fn parse(text: &str) -> Result<Json, String> {
    let value = JSON::parse(text).map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map_or_else(|| "not JSON".into(), |e| String::from(e.message()))
    })?;
    convert(&value, 0)
}

fn convert(value: &JsValue, depth: usize) -> Result<Json, String> {
    if depth > MAX_DEPTH {
        return Err("nested more than 32 levels deep".into());
    }
    if value.is_null() || value.is_undefined() {
        return Ok(Json::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Json::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Json::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Ok(Json::String(s));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        return array
            .iter()
            .map(|item| convert(&item, depth + 1))
            .collect::<Result<_, _>>()
            .map(Json::Array);
    }
    let object: &Object = value.unchecked_ref();
    Object::keys(object)
        .iter()
        .map(|key| {
            let name = key.as_string().unwrap_or_default();
            let item = Reflect::get(object, &key).unwrap_or(JsValue::NULL);
            convert(&item, depth + 1).map(|v| (name, v))
        })
        .collect::<Result<_, _>>()
        .map(Json::Object)
}
