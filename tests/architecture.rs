//! The layout's rules, checked on the source: no import cycles between
//! modules (of the app, the engine or the CLI), and every module file opens
//! with a doc comment saying what it holds.
//!
//! A module is a file (`src/state/draft.rs` is `crate::state::draft`). A use
//! of `crate::a::b::…` or `super::…` is an edge to the deepest module the
//! path names. Edges between a module and its own descendants do not count:
//! a folder's root file declaring and re-exporting its parts is one unit with
//! them. Any other cycle fails the test, naming its modules.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Module paths and their files; module paths and the modules each uses.
type Modules = BTreeMap<Vec<String>, PathBuf>;
type Edges = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

/// Every `.rs` file under `dir`, with its module path (`["state", "draft"]`).
fn modules(root: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("lib" | "main" | "mod")
                ) {
                    parts.pop();
                }
                out.insert(parts, path);
            }
        }
    }
    out
}

/// A file's code without its comments (a doc link is not an import) and
/// without its tests.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .map(|l| l.split_once("//").map_or(l, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's code names: `crate::a::b` and `super::c` paths.
fn named_paths(code: &str, me: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            let before = at.checked_sub(1).map(|j| bytes[j] as char);
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest: String = code[from..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '{')
                .collect();
            let segments: Vec<String> = rest
                .split("::")
                .take_while(|s| !s.is_empty() && !s.contains('{'))
                .map(str::to_owned)
                .collect();
            let mut path: Vec<String> = if start == "super::" {
                me.iter()
                    .take(me.len().saturating_sub(1))
                    .cloned()
                    .collect()
            } else {
                vec![]
            };
            path.extend(segments);
            // `use crate::x::{a, b}`: each item of the braces too.
            if let Some(brace) = rest.find('{') {
                let tail = &code[from + brace + 1..];
                let inner = &tail[..tail.find('}').unwrap_or(0)];
                for item in inner.split(',') {
                    let item = item.trim();
                    let first = item.split("::").next().unwrap_or("").trim();
                    if !first.is_empty() && first != "self" {
                        let mut p = path.clone();
                        p.push(first.to_owned());
                        out.push(p);
                    }
                }
            }
            out.push(path);
        }
    }
    out
}

/// The deepest known module a path names.
fn resolve(path: &[String], known: &BTreeMap<Vec<String>, PathBuf>) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| known.contains_key(p))
}

fn is_prefix(a: &[String], b: &[String]) -> bool {
    a.len() <= b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The import graph of a crate's `src`.
fn graph(root: &Path) -> (Modules, Edges) {
    let known = modules(root);
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (me, file) in &known {
        let code = code_of(&fs::read_to_string(file).unwrap());
        let set = edges.entry(me.clone()).or_default();
        for path in named_paths(&code, me) {
            let Some(target) = resolve(&path, &known) else {
                continue;
            };
            if !is_prefix(&target, me) && !is_prefix(me, &target) {
                set.insert(target);
            }
        }
    }
    (known, edges)
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct T<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on: BTreeSet<&'a Vec<String>>,
        next: usize,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a Vec<String>) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        if let Some(ws) = t.edges.get(v) {
            for w in ws {
                let Some((w, _)) = t.edges.get_key_value(w) else {
                    continue;
                };
                if !t.index.contains_key(w) {
                    visit(t, w);
                    let lw = t.low[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(lw));
                } else if t.on.contains(w) {
                    let iw = t.index[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(iw));
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                scc.push(w.clone());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                t.out.push(scc);
            }
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        on: BTreeSet::new(),
        next: 0,
        out: vec![],
    };
    for v in edges.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn crates() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        root.join("src"),
        root.join("crates/engine/src"),
        root.join("crates/cli/src"),
    ]
}

#[test]
fn no_import_cycles() {
    for src in crates() {
        let (known, edges) = graph(&src);
        assert!(!known.is_empty(), "no modules found in {}", src.display());
        let found = cycles(&edges);
        let names: Vec<String> = found
            .iter()
            .map(|c| {
                c.iter()
                    .map(|m| m.join("::"))
                    .collect::<Vec<_>>()
                    .join(" ↔ ")
            })
            .collect();
        assert!(
            found.is_empty(),
            "import cycles in {}: {names:?}",
            src.display()
        );
    }
}

#[test]
fn the_checker_finds_a_cycle() {
    // Two siblings that use each other: the shape the old layout had.
    let a = vec!["draft".to_owned()];
    let b = vec!["tier_draft".to_owned()];
    let mut edges = BTreeMap::new();
    edges.insert(a.clone(), BTreeSet::from([b.clone()]));
    edges.insert(b.clone(), BTreeSet::from([a.clone()]));
    assert_eq!(cycles(&edges).len(), 1);
    let me = vec!["analysis".to_owned(), "part".to_owned()];
    assert_eq!(
        named_paths(
            "use super::Model;\nuse crate::rules::{self, CrossSums};",
            &me
        ),
        vec![
            vec!["rules".to_owned(), "CrossSums".to_owned()],
            vec!["rules".to_owned()],
            vec!["analysis".to_owned(), "Model".to_owned()],
        ]
    );
    assert_eq!(
        code_of("use a; // see crate::b\n/// [`crate::c`]\nx"),
        "use a; \n\nx"
    );
}

#[test]
fn every_module_says_what_it_holds() {
    for src in crates() {
        for (path, file) in modules(&src) {
            let code = fs::read_to_string(&file).unwrap();
            assert!(
                code.trim_start().starts_with("//!"),
                "{} ({}) does not open with a module doc",
                file.display(),
                path.join("::")
            );
        }
    }
}
