//! Layers only look down (docs/ARCHITECTURE.md, "The layer rule").
//!
//! Every top-level module of the library has a place in [`LAYERS`], lowest
//! first; a module may use only modules placed before it. The test reads every
//! `crate::…` path in the code of `src/` (comments are skipped: a doc link may
//! point anywhere) and fails on an edge that points up or sideways into a
//! later module, naming the file and line. Since the order is total, no cycle
//! can pass. A new module fails the test until it is given a place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The modules, lowest first. A module may import only from modules before it.
const LAYERS: &[(&str, &str)] = &[
    // Utilities: no knowledge of the language's meaning.
    ("fold", "text folding for keyword matching"),
    ("sound", "Mandarin readings: keywords by sound (同音)"),
    ("source", "files, spans, line and column"),
    ("suggest", "did-you-mean"),
    ("vocab", "types, operators, quoting: words shared by syntax and ir"),
    ("limits", "resource limits as plain configuration"),
    ("diagnostic", "diagnostics as data"),
    ("decision", "the decision's owned, serializable form"),
    ("syntax", "text → AST; the only module that knows pest"),
    // The model and its meaning.
    ("ir", "the validated model and the shared semantics (eval, settle, print)"),
    ("ticket", "tickets from JSON and borrowed builders"),
    ("provenance", "which version and source line decided"),
    ("logic", "satisfiability and implication over all tickets"),
    ("check", "AST → IR, every load-time error"),
    ("load", "files → checked IR"),
    // Back end.
    ("compile", "IR → immutable decision graph"),
    ("matcher", "Rules, Cache, DecisionRef; the reference router"),
    ("why_not", "why an item did not win; the guard pitfall"),
    ("explain", "the account of one decision"),
    ("engine", "the one public object: checked rules + compiled graph"),
    // Tools.
    ("input", "the one ticket-line reader"),
    ("schema", "the JSON Schema of a ticket (`zeren schema`, `GET /v1/schema`)"),
    ("suite", "test expectations"),
    ("chart", "flowcharts (DOT, Mermaid)"),
    ("handbook", "the Markdown handbook"),
    ("analyze", "static analysis with witnesses"),
    ("diff", "what changes between two versions"),
    ("replay", "batch summaries"),
    ("live", "hot reload"),
    ("testing", "proptest strategies and invariants for rules repositories"),
];

/// The only modules that may use `syntax`: the AST stops at the checker.
/// (The binary's `fmt` uses it too; the binary is not a layer here.)
const SYNTAX_USERS: &[&str] = &["check", "load"];

/// Items re-exported at the crate root, by the module that defines them.
const ROOT_ITEMS: &[(&str, &str)] = &[("Rules", "matcher"), ("Engine", "engine"), ("Live", "live"), ("language", "")];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`None` for `lib.rs`
/// and the binary).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    match first {
        "lib.rs" | "bin" => None,
        name => Some(name.trim_end_matches(".rs").to_string()),
    }
}

/// The modules a line of code names through `crate::`, including every name
/// of a `use crate::{a::X, b}` group.
fn crate_paths(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first segment of each top-level entry, up to the brace
            // that closes the group (entries may hold groups of their own).
            let mut depth = 0usize;
            let mut entry = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        push_first_segment(&entry, &mut out);
                        entry.clear();
                        continue;
                    }
                    _ => {}
                }
                entry.push(c);
            }
            push_first_segment(&entry, &mut out);
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

fn push_first_segment(entry: &str, out: &mut Vec<String>) {
    let name = entry.trim().split("::").next().unwrap_or("").trim();
    if !name.is_empty() {
        out.push(name.to_string());
    }
}

/// The code of a line, without a trailing `//` comment (a `//` inside a
/// string is rare enough in this crate's `use` lines and paths to ignore).
fn code(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") {
        return "";
    }
    match line.find("//") {
        Some(at) if !line[..at].contains('"') => &line[..at],
        _ => line,
    }
}

/// Every `crate::` edge: (from module, to module, file:line).
fn edges() -> Vec<(String, String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Some(from) = module_of(&src, &file) else { continue };
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            for name in crate_paths(code(line)) {
                let to = ROOT_ITEMS.iter().find(|(item, _)| *item == name).map_or(name.clone(), |(_, m)| m.to_string());
                if !to.is_empty() && to != from {
                    let place = format!("{}:{}", file.strip_prefix(&src).unwrap_or(&file).display(), n + 1);
                    out.push((from.clone(), to, place));
                }
            }
        }
    }
    out
}

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(m, _)| *m == module)
}

#[test]
fn every_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing: Vec<String> =
        files.iter().filter_map(|f| module_of(&src, f)).filter(|m| m != "doc" && rank(m).is_none()).collect();
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "modules without a place in LAYERS (tests/architecture.rs): {missing:?}");
}

#[test]
fn layers_only_look_down() {
    let edges = edges();
    assert!(edges.len() > 50, "the reader found only {} edges: is it still reading `use crate::` lines?", edges.len());
    let mut upward: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (from, to, place) in edges {
        match (rank(&from), rank(&to)) {
            (Some(a), Some(b)) if b < a => {}
            _ => upward.entry((from, to)).or_default().push(place),
        }
    }
    let report: Vec<String> =
        upward.iter().map(|((from, to), places)| format!("{from} → {to} at {}", places.join(", "))).collect();
    assert!(report.is_empty(), "imports that do not look down:\n{}", report.join("\n"));
}

#[test]
fn only_the_checker_sees_the_syntax_tree() {
    let mut users: Vec<String> = edges()
        .into_iter()
        .filter(|(from, to, _)| to == "syntax" && !SYNTAX_USERS.contains(&from.as_str()))
        .map(|(from, _, place)| format!("{from} at {place}"))
        .collect();
    users.dedup();
    assert!(users.is_empty(), "modules past the checker that use the syntax tree:\n{}", users.join("\n"));
}

#[test]
fn the_reader_sees_groups_and_paths() {
    assert_eq!(crate_paths("use crate::{ir::{Cond, Item}, ticket, source::Span};"), ["ir", "ticket", "source"]);
    assert_eq!(crate_paths("let x = crate::ir::eval::holds(a, crate::Rules::new(b));"), ["ir", "Rules"]);
    assert_eq!(code("use crate::ir; // crate::matcher"), "use crate::ir; ");
    assert_eq!(code("    //! see [`crate::engine`]"), "");
}

#[test]
fn an_upward_import_would_be_caught() {
    // The rule applied to a made-up edge: `ir` using `matcher` points up.
    let (ir, matcher) = (rank("ir"), rank("matcher"));
    assert!(matches!((ir, matcher), (Some(a), Some(b)) if b > a));
    // The syntax tree and the IR share only `vocab`, below both.
    assert!(rank("syntax") < rank("ir") && rank("vocab") < rank("syntax"));
}
