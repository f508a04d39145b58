//! The message catalogues (src/i18n/{en,zh}/*.ftl) against the code: every id
//! the code uses exists in both languages, no catalogue id is unused, every
//! variable a message uses is supplied at every call, both catalogues parse
//! cleanly and hold the same ids — and no diagnostic is built from literal
//! English any more (the old style, `Diagnostic::error(…, format!(…))`).
#![expect(clippy::unwrap_used, clippy::panic, reason = "test code")]

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Message id → the variables it uses, for one language.
fn catalogue(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut paths = Vec::new();
    files(&Path::new(ROOT).join("src/i18n").join(lang), "ftl", &mut paths);
    assert!(!paths.is_empty(), "no catalogue for {lang}");
    let mut out = BTreeMap::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let resource = match fluent_syntax::parser::parse(text.as_str()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{}: {errors:?}", path.display()),
        };
        for entry in resource.body {
            match entry {
                Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern_vars(p, &mut vars);
                    }
                    let id = m.id.name.to_string();
                    assert!(out.insert(id.clone(), vars).is_none(), "{}: `{id}` twice", path.display());
                }
                Entry::Junk { content } => panic!("{}: cannot parse {content:?}", path.display()),
                _ => {}
            }
        }
    }
    out
}

fn pattern_vars(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expr_vars(expression, out);
        }
    }
}

fn expr_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expr_vars(expression, out),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        _ => {}
    }
}

/// The text of a call's arguments: from just after `open` (an opening
/// parenthesis) to its matching close, skipping string and char literals.
fn call_args(src: &str, open: usize) -> &str {
    let bytes = src.as_bytes();
    let (mut depth, mut i) = (1usize, open + 1);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'\'' if i + 2 < bytes.len() && (bytes[i + 2] == b'\'' || bytes[i + 1] == b'\\') => {
                // A char literal such as '(' or '\n'.
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return &src[open + 1..i];
                }
            }
            _ => {}
        }
        i += 1;
    }
    &src[open + 1..]
}

/// The names given at depth 0 of a `tr!` call's arguments (`name = …`).
fn arg_names(args: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let (mut depth, mut start, mut in_str) = (0i32, 0usize, false);
    let bytes = args.as_bytes();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth == 0 => {
                    parts.push(&args[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    parts.push(&args[start..]);
    for part in parts.iter().skip(1) {
        if let Some((name, _)) = part.split_once('=') {
            let name = name.trim();
            if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                names.insert(name.to_string());
            }
        }
    }
    names
}

struct Use {
    id: String,
    args: BTreeSet<String>,
    at: String,
}

fn uses() -> Vec<Use> {
    let mut paths = Vec::new();
    files(&Path::new(ROOT).join("src"), "rs", &mut paths);
    let mut out = Vec::new();
    for path in paths {
        let src = std::fs::read_to_string(&path).unwrap();
        for (pos, _) in src.match_indices("tr!(") {
            if src[..pos].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let args = call_args(&src, pos + 3);
            let Some(id) = args.trim_start().strip_prefix('"').and_then(|r| r.split_once('"')).map(|(id, _)| id) else {
                continue; // the macro's own definition
            };
            let line = src[..pos].matches('\n').count() + 1;
            out.push(Use { id: id.to_string(), args: arg_names(args), at: format!("{}:{line}", path.display()) });
        }
    }
    out
}

#[test]
fn both_catalogues_hold_the_same_ids() {
    let (en, zh) = (catalogue("en"), catalogue("zh"));
    let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty() && only_zh.is_empty(), "only in en: {only_en:?}\nonly in zh: {only_zh:?}");
}

#[test]
fn every_id_used_exists_and_every_id_is_used() {
    let (en, zh) = (catalogue("en"), catalogue("zh"));
    let uses = uses();
    let missing: Vec<String> = uses
        .iter()
        .filter(|u| !en.contains_key(&u.id) || !zh.contains_key(&u.id))
        .map(|u| format!("{}: `{}`", u.at, u.id))
        .collect();
    assert!(missing.is_empty(), "ids not in both catalogues:\n{}", missing.join("\n"));
    let used: BTreeSet<&str> = uses.iter().map(|u| u.id.as_str()).collect();
    let unused: Vec<&String> = en.keys().filter(|k| !used.contains(k.as_str())).collect();
    assert!(unused.is_empty(), "catalogue ids no code uses: {unused:?}");
}

#[test]
fn every_variable_is_supplied() {
    let (en, zh) = (catalogue("en"), catalogue("zh"));
    let mut problems = Vec::new();
    for u in uses() {
        for (lang, cat) in [("en", &en), ("zh", &zh)] {
            if let Some(vars) = cat.get(&u.id) {
                let absent: Vec<_> = vars.difference(&u.args).collect();
                if !absent.is_empty() {
                    problems.push(format!("{}: `{}` ({lang}) needs {absent:?}", u.at, u.id));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `args` with the arguments of every `tr!` call in it taken out.
fn without_tr(args: &str) -> String {
    let mut out = String::new();
    let mut rest = args;
    while let Some(pos) = rest.find("tr!(") {
        out.push_str(&rest[..pos]);
        let inner = call_args(rest, pos + 3);
        rest = &rest[(pos + 4 + inner.len() + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// Old-style diagnostics: literal English passed where a [`Text`] goes. The
/// conversion `From<String>` keeps such code compiling (so a branch written
/// before the catalogues still builds after a merge); this test finds it.
#[test]
fn no_diagnostic_is_built_from_literal_text() {
    let mut paths = Vec::new();
    files(&Path::new(ROOT).join("src"), "rs", &mut paths);
    let mut found = Vec::new();
    for path in paths {
        let rel = path.strip_prefix(ROOT).unwrap().display().to_string();
        if rel.ends_with("src/diagnostic.rs") || rel.contains("src/i18n/") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        for call in ["Diagnostic::error(", "Diagnostic::new(", ".with_help(", ".with_primary(", ".with_label("] {
            for (pos, _) in src.match_indices(call) {
                let args = without_tr(call_args(&src, pos + call.len() - 1));
                // `Text::raw` is literal text on purpose (an error's own words); `match` arms
                // hold string patterns, not text.
                if args.contains("Text::raw(") || args.trim_start().starts_with("match ") {
                    continue;
                }
                if args.contains('"') || args.contains("format!(") || args.contains("to_string()") {
                    let line = src[..pos].matches('\n').count() + 1;
                    found.push(format!("{rel}:{line}: {call}…"));
                }
            }
        }
    }
    assert!(found.is_empty(), "diagnostics from literal text (use `tr!` and the catalogues):\n{}", found.join("\n"));
}
