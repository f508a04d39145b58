//! Loading a rule set: files and directories → text → syntax trees → the
//! validated [`RuleSet`].
//!
//! This is the only module of the library that touches the file system. A
//! rule set may span many files; they share one namespace, and declaration
//! order is the order of their paths, compared component by component
//! (docs/spec.md §2). Every file is parsed before anything is checked, so the errors
//! of all files come back together.
#![deny(clippy::indexing_slicing)]

use crate::diagnostic::{Diagnostic, LoadError};
use crate::ir::RuleSet;
use crate::limits::Limits;
use crate::source::{FileId, Sources};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Loads the rule set in `paths`: files (any name) and directories (every
/// `*.rules` file below them, recursively). All files are read in path order,
/// component by component, whatever the order of the arguments.
///
/// A missing or unreadable path, a file that is not UTF-8, or a directory
/// without `.rules` files is [`LoadError::Io`]; rules with errors are
/// [`LoadError::Rules`], with every error.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("zeren-doc-load-paths-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("00_depts.rules"), "department scjg \"市场监督管理局\"\nschema { text: text }")?;
/// std::fs::write(dir.join("10_items.rules"), "item 食品安全 { when text has \"食品\" lead scjg }")?;
/// let rules = zeren::load::load_paths(&[&dir])?;
/// assert_eq!(rules.items[0].name, "食品安全");
/// assert_eq!(rules.sources.files.len(), 2);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_paths<P: AsRef<Path>>(paths: &[P]) -> Result<RuleSet, LoadError> {
    load_paths_with(paths, &Limits::default())
}

/// [`load_paths`] within `limits`. A file larger than
/// [`Limits::max_file_bytes`] is refused before it is read.
///
/// ```
/// use zeren::limits::Limits;
/// let dir = std::env::temp_dir().join(format!("zeren-doc-load-paths-with-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("big.rules"), "department scjg \"市场监督管理局\"\n".repeat(100))?;
/// let err = zeren::load::load_paths_with(&[&dir], &Limits::new().max_file_bytes(1000));
/// assert!(err.is_err());
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_paths_with<P: AsRef<Path>>(paths: &[P], limits: &Limits) -> Result<RuleSet, LoadError> {
    load_sources_with(read_paths(paths, limits)?, limits)
}

/// Reads the files of a rule set (as [`load_paths`] does) without loading
/// them: every file at most [`Limits::max_file_bytes`] long, UTF-8.
///
/// ```
/// let sources = zeren::load::read_paths(&["rules"], &zeren::limits::Limits::default())?;
/// assert!(sources.files.len() > 1);
/// assert!(sources.files[0].path.ends_with(".rules"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_paths<P: AsRef<Path>>(paths: &[P], limits: &Limits) -> Result<Sources, LoadError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
        if meta.is_dir() {
            let before = files.len();
            rules_below(path, &mut files)?;
            if files.len() == before {
                return Err(LoadError::Io {
                    path: path.display().to_string(),
                    message: crate::tr!("load-no-rules-files"),
                });
            }
        } else {
            files.push(path.to_path_buf());
        }
    }
    // `Path`'s order compares component by component: `a/b.rules` < `a.b/…`.
    files.sort();
    files.dedup();
    let mut sources = Sources::default();
    for file in &files {
        // Read at most one byte past the limit: the size in the metadata can
        // lie (a device such as `/dev/zero`, a file still growing).
        let max = limits.get_max_file_bytes();
        let mut bytes = Vec::new();
        std::fs::File::open(file)
            .and_then(|f| f.take(u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1)).read_to_end(&mut bytes))
            .map_err(|e| io_error(file, &e))?;
        if bytes.len() > max {
            return Err(LoadError::Io {
                path: file.display().to_string(),
                message: crate::tr!("load-too-large", max = max),
            });
        }
        let text = String::from_utf8(bytes).map_err(|e| not_utf8(file, &e))?;
        sources.add(file.display().to_string(), text);
    }
    Ok(sources)
}

/// Loads a rule set from one text; `name` labels it in diagnostics.
///
/// ```
/// let rules = zeren::load::load_str("city.rules", r#"
///     schema { text: text }
///     department nync "农业农村局"
///     item 种子质量监管 { when text has any ["种子", "发芽率"]  lead nync }
/// "#)?;
/// assert_eq!(rules.depts[0].name, "农业农村局");
///
/// // Every error at once: no schema declares `text`, no department `nobody`.
/// let Err(err) = zeren::load::load_str("bad.rules", "item x { when text has \"a\" lead nobody }") else {
///     return Err("expected errors".into());
/// };
/// let codes: Vec<&str> = err.diagnostics().iter().map(|d| d.code.as_str()).collect();
/// assert_eq!(codes, ["unknown-name", "unknown-name"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_str(name: &str, text: &str) -> Result<RuleSet, LoadError> {
    load_str_with(name, text, &Limits::default())
}

/// [`load_str`] within `limits`.
///
/// ```
/// use zeren::limits::Limits;
/// let deep = format!("schema {{ f: bool }}\ndepartment d\nitem x {{ when {}f{} lead d }}", "(".repeat(100_000), ")".repeat(100_000));
/// let err = zeren::load::load_str_with("deep.rules", &deep, &Limits::default()).err().ok_or("expected an error")?;
/// assert_eq!(err.diagnostics()[0].code.as_str(), "limit");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_str_with(name: &str, text: &str, limits: &Limits) -> Result<RuleSet, LoadError> {
    let mut sources = Sources::default();
    sources.add(name, text);
    load_sources_with(sources, limits)
}

/// Loads a rule set from files already in memory, in declaration order. A
/// leading byte-order mark is removed from each file.
///
/// ```
/// use zeren::source::Sources;
///
/// let mut sources = Sources::default();
/// sources.add("00_schema.rules", "schema { online: bool }\ndepartment swj \"商务局\"");
/// sources.add("10_items.rules", "item 网购 { when online lead swj }");
/// let rules = zeren::load::load_sources(sources)?;
/// assert_eq!(rules.items[0].lead, rules.dept_id("swj").ok_or("no swj")?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_sources(sources: Sources) -> Result<RuleSet, LoadError> {
    load_sources_with(sources, &Limits::default())
}

/// [`load_sources`] within `limits`: file size, nesting, item count and
/// keyword length are checked before the rules are.
///
/// ```
/// use zeren::limits::Limits;
/// use zeren::source::Sources;
///
/// let mut sources = Sources::default();
/// sources.add("a.rules", "schema { f: bool }\ndepartment d\nitem a { when f lead d }\nitem b { when not f lead d }");
/// let err = zeren::load::load_sources_with(sources, &Limits::new().max_items(1)).err().ok_or("expected an error")?;
/// assert_eq!(err.diagnostics()[0].code.as_str(), "limit");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_sources_with(mut sources: Sources, limits: &Limits) -> Result<RuleSet, LoadError> {
    for file in &mut sources.files {
        if let Some(rest) = file.text.strip_prefix('\u{FEFF}') {
            file.text = rest.to_string();
        }
    }
    let mut parsed = Vec::with_capacity(sources.files.len());
    let mut errors: Vec<Diagnostic> = Vec::new();
    for (i, file) in sources.files.iter().enumerate() {
        let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
        if let Some(d) = crate::check::limits::file_size(limits, id, &file.text) {
            errors.push(d);
            continue;
        }
        match crate::syntax::parse_file_with(id, &file.text, limits.get_max_nesting()) {
            Ok(ast) => parsed.push((id, ast)),
            Err(mut diags) => errors.append(&mut diags),
        }
    }
    // Names declared in a file that does not parse are unknown to the others:
    // checking now would only add noise, so syntax errors come alone.
    if errors.is_empty() {
        errors = crate::check::limits::syntax_trees(limits, &parsed);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| d.span().map(|s| (s.file, s.start)));
        return Err(LoadError::Rules { diagnostics: errors, sources });
    }
    crate::check::check_with(sources.clone(), parsed, limits)
        .map_err(|diagnostics| LoadError::Rules { diagnostics, sources })
}

/// Every `*.rules` file below `dir`, following symbolic links once.
fn rules_below(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let mut pending = vec![dir.to_path_buf()];
    let mut visited: HashSet<PathBuf> = HashSet::new();
    while let Some(d) = pending.pop() {
        // A symbolic link back up the tree must not loop forever.
        let canonical = std::fs::canonicalize(&d).unwrap_or_else(|_| d.clone());
        if !visited.insert(canonical) {
            continue;
        }
        let entries = std::fs::read_dir(&d).map_err(|e| io_error(&d, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&d, &e))?;
            let path = entry.path();
            let meta = std::fs::metadata(&path).map_err(|e| io_error(&path, &e))?;
            if meta.is_dir() {
                pending.push(path);
            } else if meta.is_file() && path.extension().is_some_and(|e| e == "rules") {
                out.push(path);
            }
        }
    }
    Ok(())
}

fn io_error(path: &Path, e: &std::io::Error) -> LoadError {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => crate::tr!("load-not-found"),
        std::io::ErrorKind::PermissionDenied => crate::tr!("load-permission-denied"),
        // The operating system's own words: no translation of ours fits them all.
        _ => crate::i18n::Text::raw(e.to_string()),
    };
    LoadError::Io { path: path.display().to_string(), message }
}

fn not_utf8(path: &Path, e: &std::string::FromUtf8Error) -> LoadError {
    let bytes = e.as_bytes();
    let offset = e.utf8_error().valid_up_to();
    let line = bytes.get(..offset).map_or(1, |b| b.iter().filter(|&&c| c == b'\n').count() + 1);
    let message = if looks_like_gbk(bytes) {
        crate::tr!("load-not-utf8-gbk", line = line, offset = offset)
    } else {
        crate::tr!("load-not-utf8", line = line, offset = offset)
    };
    LoadError::Io { path: path.display().to_string(), message }
}

/// Whether text that is not UTF-8 reads as GBK: every byte of 0x80 or more
/// starts a two-byte character (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F).
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let (mut i, mut pairs) = (0, 0usize);
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(&t) if (0x81..=0xFE).contains(&b) && (0x40..=0xFE).contains(&t) && t != 0x7F => {
                pairs += 1;
                i += 2;
            }
            _ => return false,
        }
    }
    pairs > 0
}
