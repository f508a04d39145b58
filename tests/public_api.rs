//! The public API has a snapshot, so it cannot grow by accident.
//!
//! The test documents the crate with `cargo doc` (in its own target folder,
//! so it never waits on the build that runs it) and lists what a reader of
//! the docs sees: every item of `all.html`, and every method and associated
//! item on the page of each struct, enum and trait. A change to that list
//! fails here until the snapshot (`tests/snapshots/public_api__surface.snap`)
//! is reviewed and accepted (`cargo insta review`, or `INSTA_UPDATE=always`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn document() -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target").join("public-api");
    let status = Command::new(env!("CARGO"))
        .current_dir(root)
        .args(["doc", "--no-deps", "--lib", "--all-features", "--quiet", "--target-dir"])
        .arg(&target)
        .env_remove("RUSTDOCFLAGS")
        .status()
        .map_err(|e| format!("cannot run cargo doc: {e}"))?;
    if !status.success() {
        return Err(format!("cargo doc failed: {status}"));
    }
    Ok(target.join("doc").join("zeren"))
}

/// The text between every `prefix` and the next `end` in `html`.
fn all_between<'a>(html: &'a str, prefix: &str, end: char) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(prefix) {
        rest = &rest[at + prefix.len()..];
        if let Some(stop) = rest.find(end) {
            out.push(&rest[..stop]);
        }
    }
    out
}

fn surface(doc: &Path) -> Result<String, String> {
    let all = std::fs::read_to_string(doc.join("all.html")).map_err(|e| format!("no all.html: {e}"))?;
    let mut lines = Vec::new();
    for page in all_between(&all, "<li><a href=\"", '"') {
        let item = page.trim_end_matches(".html");
        let Some((dir, file)) = item.rsplit_once('/').or(Some(("", item))) else { continue };
        let Some((kind, name)) = file.split_once('.') else { continue };
        let path = if dir.is_empty() { name.to_string() } else { format!("{}::{name}", dir.replace('/', "::")) };
        lines.push(format!("{kind} {path}"));
        if matches!(kind, "struct" | "enum" | "trait") {
            let text = std::fs::read_to_string(doc.join(page)).map_err(|e| format!("no {page}: {e}"))?;
            // Inherent and trait-required members; blanket and auto-trait
            // implementations are left out (they follow from the types).
            let own = text.split("id=\"trait-implementations\"").next().unwrap_or(&text);
            let mut members: Vec<String> = ["method.", "tymethod.", "variant.", "structfield.", "associatedconstant."]
                .iter()
                .flat_map(|p| all_between(own, &format!("id=\"{p}"), '"').into_iter().map(move |m| format!("{p}{m}")))
                .collect();
            members.sort();
            members.dedup();
            lines.extend(members.into_iter().map(|m| format!("    {m}")));
        }
    }
    Ok(lines.join("\n"))
}

#[test]
fn the_public_api_is_the_reviewed_one() -> Result<(), String> {
    let doc = document()?;
    let surface = surface(&doc)?;
    assert!(surface.contains("struct engine::Engine"), "the reader found no `Engine`: has the docs' layout changed?");
    insta::assert_snapshot!("surface", surface);
    Ok(())
}
