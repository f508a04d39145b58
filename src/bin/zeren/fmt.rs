//! `zeren fmt`: rewrite rules files in the canonical layout
//! (see `zeren::syntax::print` for the layout itself).
//!
//! Files are rewritten only when their text changes, through a temporary file
//! in the same directory that is renamed over the original, so an
//! interrupted run never leaves a half-written file. A file that does not
//! parse is left alone and reported (exit 2).

use crate::out::{self, errln, Out};
use crate::{render, Outcome};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use zeren::source::Sources;
use zeren::syntax::keywords::Keywords;
use zeren::syntax::print::format_source_with;

/// Arguments of `zeren fmt`.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files, or directories (every `*.rules` file below them).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Change nothing: list the files that would change and exit 1 if any.
    #[arg(long)]
    check: bool,
    /// Write the keywords in English (`en`) or Chinese (`zh`); by default each
    /// file keeps the language most of its keywords use (ties: English).
    #[arg(long, value_enum)]
    keywords: Option<Lang>,
}

/// The languages of `--keywords`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Lang {
    /// English keywords (`lead`, `assist`, …).
    En,
    /// Chinese keywords (`主办`, `协办`, …).
    Zh,
}

pub fn run(args: Args, out: &mut Out) -> Outcome {
    let mut files = Vec::new();
    for path in &args.files {
        if let Err(message) = expand(path, &mut files) {
            crate::out::error(zeren::tr!(
                "cli-cannot-read",
                path = path.display().to_string(),
                error = message.to_string()
            ));
            return Outcome::Unusable;
        }
    }
    files.dedup();
    let (mut unusable, mut changed) = (false, 0usize);
    for file in &files {
        let keywords = match args.keywords {
            None => Keywords::Auto,
            Some(Lang::En) => Keywords::En,
            Some(Lang::Zh) => Keywords::Zh,
        };
        match format_one(file, args.check, keywords) {
            Ok(true) => {
                changed += 1;
                if args.check {
                    out.println(file.display());
                }
            }
            Ok(false) => {}
            Err(()) => unusable = true,
        }
    }
    if unusable {
        Outcome::Unusable
    } else if args.check && changed > 0 {
        errln!("{}", crate::out::say(zeren::tr!("fmt-would-reformat", changed = changed)));
        Outcome::Failure
    } else {
        Outcome::Success
    }
}

/// Formats one file; `Ok(true)` when its text changes (and, unless `check`,
/// it was rewritten). Errors are reported here.
fn format_one(path: &Path, check: bool, keywords: Keywords) -> Result<bool, ()> {
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            crate::out::error(zeren::tr!("fmt-not-utf8", path = path.display().to_string()));
            return Err(());
        }
        Err(e) => {
            crate::out::error(zeren::tr!("cli-cannot-read", path = path.display().to_string(), error = e.to_string()));
            return Err(());
        }
    };
    let formatted = match format_source_with(&text, keywords) {
        Ok(f) => f,
        Err(diagnostics) => {
            let mut sources = Sources::default();
            sources.add(path.display().to_string(), text);
            out::error_text(&render::diagnostics(&diagnostics, &sources));
            crate::out::error(zeren::tr!("fmt-not-formatted", path = path.display().to_string()));
            return Err(());
        }
    };
    if formatted == text {
        return Ok(false);
    }
    if !check {
        if let Err(e) = replace(path, &formatted) {
            crate::out::error(zeren::tr!("cli-cannot-write", path = path.display().to_string(), error = e.to_string()));
            return Err(());
        }
    }
    Ok(true)
}

/// Writes `text` to a temporary file next to `path` and renames it over
/// `path`, keeping the original's permissions.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.zeren-fmt-{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, text)
        .and_then(|()| std::fs::metadata(path))
        .and_then(|meta| std::fs::set_permissions(&tmp, meta.permissions()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A file as given, or every `*.rules` file below a directory, in path order.
fn expand(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    let mut visited = HashSet::new();
    while let Some(dir) = pending.pop() {
        // A symbolic link back up the tree must not loop forever.
        if !visited.insert(std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone())) {
            continue;
        }
        for entry in std::fs::read_dir(&dir).map_err(|e| e.to_string())? {
            let p = entry.map_err(|e| e.to_string())?.path();
            if p.is_dir() {
                pending.push(p);
            } else if p.extension().is_some_and(|x| x == "rules") {
                found.push(p);
            }
        }
    }
    found.sort();
    out.extend(found);
    Ok(())
}
