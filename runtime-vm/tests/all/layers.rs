//! The crate's module graph, read from its sources: no import circle, and a
//! core that reaches no ABI (`lib.rs`'s layers).
//!
//! A unit is a top-level module, or one folder under `abi/` (`abi::native`,
//! `abi::cosmwasm`, `abi::table`, and `abi` itself, the registry). An edge
//! is any `crate::` or `super::` path outside tests and comments; paths
//! through `lib.rs`'s re-exports count as edges to the module re-exported.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The units above the core: the ABIs, their registry (`abi`) and the
/// facade. No other unit may reach any of them.
const ABOVE_THE_CORE: &[&str] = &["abi", "abi::native", "abi::cosmwasm", "abi::ink", "vm"];

/// The module path of `file` (relative to `src/`), as segments.
fn module_path(file: &Path) -> Vec<String> {
    let mut segments: Vec<String> = file
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if segments.last().is_some_and(|s| s == "mod" || s == "lib") {
        segments.pop();
    }
    segments
}

/// The unit a module path belongs to (`None` for the crate root).
fn unit_of(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    let first = path.first()?;
    if !modules.contains(first) {
        return None;
    }
    if first == "abi" {
        if let Some(second) = path.get(1) {
            if modules.contains(&format!("abi::{second}")) {
                return Some(format!("abi::{second}"));
            }
        }
    }
    Some(first.clone())
}

/// The source without comments and without the items marked `#[cfg(test)]`.
fn code_of(source: &str) -> String {
    let code: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut kept = String::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        let item = &rest[at..];
        // The item ends at its first `;` outside braces, or where its first brace closes.
        let mut depth = 0;
        let end = item
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                (c == ';' || c == '}') && depth == 0
            })
            .map_or(item.len(), |(i, _)| i + 1);
        rest = &item[end..];
    }
    kept.push_str(rest);
    kept
}

/// Expands the use tree or path starting at `text` (after `crate::` or
/// `super::`) into full paths, each as segments.
fn paths_at(text: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(group.len(), |(i, _)| i);
            let mut items = Vec::new();
            let (mut depth, mut start) = (0, 0);
            for (i, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&group[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(&group[start..end]);
            return items
                .into_iter()
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .flat_map(paths_at)
                .map(|tail| segments.iter().cloned().chain(tail).collect())
                .collect();
        }
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            return vec![segments];
        }
        segments.push(rest[..len].to_string());
        match rest[len..].strip_prefix("::") {
            Some(more) => rest = more,
            None => return vec![segments],
        }
    }
}

/// Every path a file's code names, resolved from the crate root.
fn references(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let parent = &module[..module.len().saturating_sub(1)];
    for (prefix, root) in [("crate::", &[][..]), ("super::", parent)] {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            for path in paths_at(&code[at + prefix.len()..]) {
                found.push(root.iter().cloned().chain(path).collect());
            }
        }
    }
    found
}

/// The crate's units and their edges.
fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let modules: BTreeSet<String> = files
        .iter()
        .map(|file| module_path(file.strip_prefix(&src).unwrap()))
        .filter(|path| !path.is_empty())
        .map(|path| match path.as_slice() {
            [first, second, ..] if first == "abi" => format!("abi::{second}"),
            [first, ..] => first.clone(),
            [] => unreachable!(),
        })
        .chain(["abi".to_string()])
        .collect();
    let mut roots = BTreeSet::new();
    for path in &modules {
        roots.insert(path.split("::").next().unwrap().to_string());
    }
    let modules: BTreeSet<String> = modules.into_iter().chain(roots).collect();

    // `lib.rs`'s re-exports: a root item's unit.
    let lib = code_of(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut reexports = BTreeMap::new();
    for (at, _) in lib.match_indices("pub use ") {
        for path in paths_at(&lib[at + "pub use ".len()..]) {
            if let (Some(unit), Some(name)) = (unit_of(&path, &modules), path.last()) {
                reexports.insert(name.clone(), unit);
            }
        }
    }

    let mut graph = Graph::new();
    for file in &files {
        let module = module_path(file.strip_prefix(&src).unwrap());
        let Some(unit) = unit_of(&module, &modules) else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let edges = graph.entry(unit.clone()).or_default();
        for path in references(&code, &module) {
            let target = unit_of(&path, &modules)
                .or_else(|| path.first().and_then(|name| reexports.get(name).cloned()));
            if let Some(target) = target.filter(|target| *target != unit) {
                edges.insert(target);
            }
        }
    }
    graph
}

/// Every unit `from` reaches.
fn reachable(graph: &Graph, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(unit) = stack.pop() {
        for next in graph.get(&unit).into_iter().flatten() {
            if seen.insert(next.clone()) {
                stack.push(next.clone());
            }
        }
    }
    seen
}

#[test]
fn the_module_graph_has_no_circle_and_the_core_reaches_no_abi() {
    let graph = graph();
    for unit in [
        "frame",
        "context",
        "runtime",
        "gas",
        "imports",
        "abi::native",
    ] {
        assert!(graph.contains_key(unit), "{unit} not found: {graph:?}");
    }
    assert!(
        graph["abi::native"].contains("frame") && graph["vm"].contains("abi::cosmwasm"),
        "the reader misses edges: {graph:?}"
    );
    for unit in graph.keys() {
        let reached = reachable(&graph, unit);
        assert!(
            !reached.contains(unit),
            "{unit} is in an import circle: {unit} -> {:?}",
            graph[unit]
        );
        if !ABOVE_THE_CORE.contains(&unit.as_str()) {
            let above: Vec<_> = reached
                .iter()
                .filter(|u| ABOVE_THE_CORE.contains(&u.as_str()))
                .collect();
            assert!(above.is_empty(), "core module {unit} reaches {above:?}");
        }
    }
}
