//! JSON Schemas of the files a user edits, generated from the raw serde mirrors the loader reads.

use schemars::generate::SchemaSettings;
use schemars::transform::{RestrictFormats, Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::raw::{RawAdjustment, RawStatement};

/// The schema of a statements file (`statements/<entity>.toml`): pretty
/// JSON ending in a newline, as committed in `schemas/`.
pub fn statements() -> String {
    render::<RawStatement>("reconcile statements file")
}

/// The schema of an adjustment file (`adjustments/<id>.toml`): pretty JSON
/// ending in a newline, as committed in `schemas/`.
pub fn adjustment() -> String {
    render::<RawAdjustment>("reconcile adjustment file")
}

/// Draft 7, the dialect TOML editors (taplo, Even Better TOML) read, with
/// every subschema inlined: an editor shows a key's own description only
/// where its schema is not a `$ref`. Formats outside the standard (`uint32`)
/// are left out, so no validator trips on them.
fn render<T: JsonSchema>(title: &str) -> String {
    let generator = SchemaSettings::draft07()
        .with(|settings| settings.inline_subschemas = true)
        .with_transform(NoNull)
        .with_transform(Unwrapped)
        .with_transform(DescribedEnum)
        .with_transform(RestrictFormats::default())
        .into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// TOML has no null: an optional key is left out, never written as null.
/// Takes `null` out of the types schemars allows for an `Option`.
#[derive(Debug, Clone)]
struct NoNull;

impl Transform for NoNull {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
        if let Some(Value::Array(types)) = schema.get_mut("type") {
            types.retain(|t| t != "null");
            if types.len() == 1 {
                let only = types.remove(0);
                schema.insert("type".into(), only);
            }
        }
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(options)) = schema.get_mut(key) else {
                continue;
            };
            options.retain(|o| !is_null(o));
            if options.len() == 1 {
                let only = options.remove(0);
                schema.remove(key);
                if let Value::Object(only) = only {
                    for (k, v) in only {
                        // The option's own words give way to the field's.
                        if !schema.as_object().is_some_and(|s| s.contains_key(&k)) {
                            schema.insert(k, v);
                        }
                    }
                }
            }
        }
    }
}

/// Doc comments wrap at 80 columns; a description is read unwrapped (an
/// editor wraps it to its own width). Paragraphs stay apart.
#[derive(Debug, Clone)]
struct Unwrapped;

impl Transform for Unwrapped {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        if let Some(Value::String(text)) = schema.get_mut("description") {
            *text = text
                .split("\n\n")
                .map(|paragraph| paragraph.replace('\n', " "))
                .collect::<Vec<_>>()
                .join("\n\n");
        }
    }
}

/// An enum whose variants have doc comments comes out of schemars as a
/// `oneOf` of described constants. An editor reads an `enum` better: taplo
/// says `"thousand" is not one of ["units", "thousands", "millions"]` rather
/// than that no `oneOf` matched, and with each value's description in
/// `x-taplo.docs.enumValues` its hover shows the one value's meaning.
#[derive(Debug, Clone)]
struct DescribedEnum;

impl Transform for DescribedEnum {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        let Some(Value::Array(options)) = schema.get("oneOf") else {
            return;
        };
        let constants: Option<Vec<(Value, Value)>> = options
            .iter()
            .map(|option| {
                let constant = option.get("const").filter(|c| c.is_string())?;
                let description = option.get("description").cloned().unwrap_or(Value::Null);
                Some((constant.clone(), description))
            })
            .collect();
        let Some(constants) = constants else {
            return;
        };
        let (values, docs): (Vec<Value>, Vec<Value>) = constants.into_iter().unzip();
        schema.remove("oneOf");
        schema.insert("type".into(), "string".into());
        schema.insert("enum".into(), values.into());
        schema.insert(
            "x-taplo".into(),
            serde_json::json!({ "docs": { "enumValues": docs } }),
        );
    }
}
