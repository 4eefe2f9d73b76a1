//! The editor's view of the files: the JSON Schemas committed in `schemas/`
//! are the ones `reconcile schema` generates from the loader's own types,
//! every key and every allowed value carries a description, and every
//! shipped data file names its schema on its first line.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{root, run};

/// Each schema: the file name in `schemas/` and the command's argument.
fn schemas() -> [(&'static str, String); 2] {
    [
        ("statements", reconcile::schema::statements()),
        ("adjustment", reconcile::schema::adjustment()),
    ]
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for (file, generated) in schemas() {
        let path = format!("schemas/{file}.schema.json");
        let committed = std::fs::read_to_string(root().join(&path)).unwrap_or_default();
        assert!(
            committed == generated,
            "{path} differs from the schema the loader's types generate; refresh it:\n    \
             cargo run -- schema {file} > {path}"
        );
    }
}

#[test]
fn the_schema_command_prints_the_generated_schema() {
    for (file, generated) in schemas() {
        let out = run(&["schema", file]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(out.stdout, generated);
        assert!(out.stdout.ends_with("}\n"));
        let value: Value = serde_json::from_str(&out.stdout).expect("the schema is JSON");
        assert_eq!(value["additionalProperties"], Value::Bool(false), "{file}");
    }
    let json = run(&["schema", "statements", "--format", "json"]);
    assert_eq!(json.code, 2);
    assert_eq!(json.stdout, "");
    assert!(
        json.stderr
            .contains("with --format markdown the file-format reference"),
        "{}",
        json.stderr
    );
}

/// Each reference page in `docs/reference/`, and what the command prints.
fn references() -> [(&'static str, String); 2] {
    [
        ("statements", reconcile::reference::statements()),
        ("adjustment", reconcile::reference::adjustment()),
    ]
}

#[test]
fn the_committed_format_reference_is_the_generated_one() {
    for (file, generated) in references() {
        let path = format!("docs/reference/{file}.md");
        let committed = std::fs::read_to_string(root().join(&path)).unwrap_or_default();
        assert!(
            committed == generated,
            "{path} differs from the reference the schema generates; refresh it:\n    \
             cargo run -- schema {file} --format markdown > {path}"
        );
        let out = run(&["schema", file, "--format", "markdown"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(out.stdout, generated);
    }
}

/// Every key the schema names, as `table.key` paths (arrays of tables and
/// nested tables followed), found by walking the JSON independently of the
/// reference's own code.
fn key_paths(schema: &Value, prefix: &str, into: &mut Vec<(String, String)>) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (key, property) in properties {
        into.push((prefix.to_string(), key.clone()));
        let nested = if property.get("properties").is_some() {
            Some(property)
        } else {
            property
                .get("items")
                .filter(|i| i.get("properties").is_some())
        };
        if let Some(nested) = nested {
            let name = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            key_paths(nested, &name, into);
        }
    }
}

#[test]
fn the_format_reference_lists_every_key_under_its_table() {
    for ((file, schema), (_, reference)) in schemas().into_iter().zip(references()) {
        let schema: Value = serde_json::from_str(&schema).unwrap();
        let mut keys = Vec::new();
        key_paths(&schema, "", &mut keys);
        assert!(keys.len() > 20, "{file}: {} keys", keys.len());
        for (table, key) in keys {
            // The section of the table: from its heading to the next one.
            let section = if table.is_empty() {
                reference.split("## Top-level keys").nth(1)
            } else {
                reference.split("\n## ").find(|s| {
                    s.starts_with(&format!("`[{table}]`"))
                        || s.starts_with(&format!("`[[{table}]]`"))
                })
            }
            .unwrap_or_else(|| panic!("{file}: no section for `{table}`"));
            let section = section.split("\n## ").next().unwrap();
            assert!(
                section.contains(&format!("| `{key}` |")),
                "{file}: `{key}` missing under `{table}`"
            );
        }
    }
    // Two rows read as a user would: a required key and an enumerated one.
    let adjustment = reconcile::reference::adjustment();
    assert!(adjustment.contains("| `rationale` | string | yes | Why management excludes it"));
    assert!(adjustment.contains("One of: `exclude-line` (Remove a line item's whole amount"));
    let statements = reconcile::reference::statements();
    assert!(
        statements.contains("## `[period.shares.if_converted]`"),
        "nested tables get sections"
    );
}

/// Words, not an empty string or nothing.
fn words(text: &Value) -> bool {
    text.as_str().is_some_and(|t| !t.trim().is_empty())
}

fn described(schema: &Value) -> bool {
    words(&schema["description"])
}

/// Every key (a property) and every allowed value without a description,
/// by path. An allowed value is one of an `enum`, described at the same
/// index of `x-taplo.docs.enumValues` (what taplo shows for it), or a
/// `const`, described by its own `description`.
fn undescribed(schema: &Value, path: &str, found: &mut Vec<String>) {
    let Value::Object(map) = schema else {
        return;
    };
    if let Some(Value::Object(properties)) = map.get("properties") {
        for (key, sub) in properties {
            let here = format!("{path}.{key}");
            if !described(sub) {
                found.push(format!("key {here}"));
            }
            undescribed(sub, &here, found);
        }
    }
    if let Some(value) = map.get("const")
        && !described(schema)
    {
        found.push(format!("value {value} of {path}"));
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        let docs = &schema["x-taplo"]["docs"]["enumValues"];
        for (i, value) in values.iter().enumerate() {
            if !words(&docs[i]) {
                found.push(format!("value {value} of {path}"));
            }
        }
    }
    if let Some(items) = map.get("items") {
        undescribed(items, &format!("{path}[]"), found);
    }
    if let Some(values) = map.get("additionalProperties") {
        undescribed(values, &format!("{path}.*"), found);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for option in map.get(key).and_then(Value::as_array).into_iter().flatten() {
            undescribed(option, path, found);
        }
    }
}

#[test]
fn every_key_and_every_allowed_value_has_a_description() {
    for (file, text) in schemas() {
        let schema: Value = serde_json::from_str(&text).unwrap();
        let mut found = Vec::new();
        undescribed(&schema, "", &mut found);
        assert!(
            found.is_empty(),
            "the {file} schema lacks descriptions (add a doc comment to the field or variant \
             in src/raw/):\n  {}",
            found.join("\n  ")
        );
    }
}

#[test]
fn the_description_check_finds_a_key_and_a_value_without_one() {
    let schema = serde_json::json!({
        "description": "root",
        "properties": {
            "kind": {
                "description": "a kind",
                "oneOf": [
                    { "description": "the first", "const": "a" },
                    { "const": "b" }
                ]
            },
            "units": {
                "description": "units",
                "enum": ["units", "thousands", "millions"],
                "x-taplo": { "docs": { "enumValues": ["as written", "", null] } }
            },
            "list": {
                "description": "rows",
                "items": { "properties": { "label": { "type": "string" } } }
            }
        }
    });
    let mut found = Vec::new();
    undescribed(&schema, "", &mut found);
    assert_eq!(
        found,
        [
            "value \"b\" of .kind",
            "key .list[].label",
            "value \"thousands\" of .units",
            "value \"millions\" of .units"
        ],
        "{found:?}"
    );
}

fn toml_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "toml") {
            into.push(path);
        }
    }
}

#[test]
fn every_shipped_data_file_names_its_schema_on_its_first_line() {
    for (folder, schema) in [("statements", "statements"), ("adjustments", "adjustment")] {
        let mut files = Vec::new();
        toml_files(&root().join(folder), &mut files);
        assert!(!files.is_empty(), "{folder}/ holds no .toml file");
        let expected = root()
            .join(format!("schemas/{schema}.schema.json"))
            .canonicalize()
            .unwrap();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let first = text.lines().next().unwrap_or_default();
            let named = first.strip_prefix("#:schema ").unwrap_or_else(|| {
                panic!(
                    "{} does not start with `#:schema <path to {schema}.schema.json>`",
                    file.display()
                )
            });
            // A relative path is read from the file's own folder.
            let resolved = file.parent().unwrap().join(named.trim()).canonicalize();
            assert_eq!(
                resolved.ok().as_ref(),
                Some(&expected),
                "{}: `{first}` does not lead to schemas/{schema}.schema.json",
                file.display()
            );
        }
    }
}
