//! The shape of `src/`: the library's top-level modules import one another
//! without a circle (each stage uses only the stages below it), and no
//! module imports from the command line; inside `load/`, the submodules
//! import one another without a circle, and loading reaches up into none of
//! the checks that run on what it loads. Read from the source text: every
//! `crate::name` a module's code (not its comments or tests) mentions, and
//! inside `load/` every `super::name` too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::root;

/// Each top-level module of `src/` and the top-level modules its code names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| top_module(&src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = top_module(&src, file);
        let text = std::fs::read_to_string(file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                names_after(&line[i + "crate::".len()..], &modules, &from, &mut graph);
            }
        }
        graph.entry(from).or_default();
    }
    graph
}

/// The module names at the start of what follows `crate::`: one name, or a
/// braced list (`crate::{model, view::Block}`).
fn names_after(
    rest: &str,
    modules: &BTreeSet<String>,
    from: &str,
    graph: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let names: Vec<&str> = match rest.strip_prefix('{') {
        Some(list) => list
            .split('}')
            .next()
            .unwrap_or_default()
            .split(',')
            .map(|item| item.trim())
            .collect(),
        None => vec![rest],
    };
    for name in names {
        let name: String = name
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if modules.contains(&name) && name != from {
            graph.entry(from.to_string()).or_default().insert(name);
        }
    }
}

/// Each submodule of `src/load/` (a file but `mod.rs`) and the sibling
/// submodules its code names, as `super::name` or `crate::load::name`.
fn load_imports() -> BTreeMap<String, BTreeSet<String>> {
    let dir = root().join("src").join("load");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.retain(|f| f.file_name().is_some_and(|n| n != "mod.rs"));
    let modules: BTreeSet<String> = files.iter().map(|f| top_module(&dir, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = top_module(&dir, file);
        let text = std::fs::read_to_string(file).unwrap();
        submodule_edges(&text, &modules, &from, &mut graph);
        graph.entry(from).or_default();
    }
    graph
}

/// The sibling submodules a file's code (not its comments or tests) names.
fn submodule_edges(
    text: &str,
    modules: &BTreeSet<String>,
    from: &str,
    graph: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for prefix in ["super::", "crate::load::"] {
            for (i, _) in line.match_indices(prefix) {
                names_after(&line[i + prefix.len()..], modules, from, graph);
            }
        }
    }
}

/// Every circle in an import graph, each written `a -> b -> a`.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut circles = BTreeSet::new();
    for (from, tos) in graph {
        for to in tos {
            if let Some(back) = path_back(graph, from, to) {
                let mut circle = vec![from.clone()];
                circle.extend(back);
                circles.insert(circle.join(" -> "));
            }
        }
    }
    circles
}

fn collect(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// `src/model/period.rs` is in `model`; `src/cli.rs` is `cli`.
fn top_module(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

/// A path from `to` back to `from`, if there is one.
fn path_back(
    graph: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
) -> Option<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![vec![to.to_string()]];
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap().clone();
        if last == from {
            return Some(path);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for next in graph.get(&last).into_iter().flatten() {
            let mut longer = path.clone();
            longer.push(next.clone());
            stack.push(longer);
        }
    }
    None
}

#[test]
fn the_library_s_modules_import_one_another_without_a_circle() {
    let graph = imports();
    assert!(graph.len() > 20, "{} modules", graph.len());
    let mut circles = BTreeSet::new();
    for (from, tos) in &graph {
        for to in tos {
            if let Some(back) = path_back(&graph, from, to) {
                let mut circle = vec![from.clone()];
                circle.extend(back);
                circles.insert(circle.join(" -> "));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles among src/'s modules:\n  {}",
        circles.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}

#[test]
fn nothing_in_the_library_imports_the_command_line() {
    let graph = imports();
    let importers: Vec<&String> = graph
        .iter()
        .filter(|(from, tos)| from.as_str() != "main" && tos.contains("cli"))
        .map(|(from, _)| from)
        .collect();
    assert!(importers.is_empty(), "modules importing cli: {importers:?}");
}

#[test]
fn the_circle_check_finds_a_circle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let modules: BTreeSet<String> = ["model", "engine"].map(String::from).into();
    names_after("engine::bottom_line(s)", &modules, "model", &mut graph);
    names_after("{model::Statement, raw}", &modules, "engine", &mut graph);
    assert_eq!(
        path_back(&graph, "model", "engine"),
        Some(vec!["engine".to_string(), "model".to_string()])
    );
}

#[test]
fn the_loading_submodules_import_one_another_without_a_circle() {
    let graph = load_imports();
    assert!(graph.len() >= 6, "{} submodules of load/", graph.len());
    assert!(
        graph["adjustment"].contains("period_keys"),
        "the reading sees `use super::...`: {graph:?}"
    );
    let circles = circles(&graph);
    assert!(
        circles.is_empty(),
        "import circles among load/'s submodules:\n  {}",
        circles.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}

/// Loading runs before the lints, the published figures' tie-out and the
/// XBRL comparison: what it needs of them (the lint ids, the published
/// keys' check, concept names) lives in `load/` or below. (`engine` stays:
/// the segment allocations are checked against the adjusted statement, as
/// the last step of loading the adjustments, see load/segment.rs.)
#[test]
fn loading_imports_none_of_the_checks_that_run_after_it() {
    let graph = imports();
    let upward: Vec<&str> = ["lint", "published", "xbrl"]
        .into_iter()
        .filter(|check| graph["load"].contains(*check))
        .collect();
    assert!(upward.is_empty(), "load/ imports {upward:?}");
}

#[test]
fn the_submodule_check_finds_a_circle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let modules: BTreeSet<String> = ["segment", "adjustment", "statement"]
        .map(String::from)
        .into();
    submodule_edges(
        "use super::{adjustment::keyed_periods, statement};\n// super::segment in a comment\n",
        &modules,
        "segment",
        &mut graph,
    );
    submodule_edges(
        "    let s = super::segment::allocations(\n#[cfg(test)]\nuse super::statement;",
        &modules,
        "adjustment",
        &mut graph,
    );
    assert_eq!(
        graph["segment"],
        ["adjustment", "statement"].map(String::from).into()
    );
    assert_eq!(graph["adjustment"], ["segment"].map(String::from).into());
    assert_eq!(
        circles(&graph),
        [
            "adjustment -> segment -> adjustment",
            "segment -> adjustment -> segment"
        ]
        .map(String::from)
        .into()
    );
}
