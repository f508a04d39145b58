//! The property-test kit (feature `testing`) run over every rule set we
//! ship: each file under `rules/` that loads on its own, and the directory.
#![cfg(feature = "testing")]

use std::path::PathBuf;

fn shipped() -> Vec<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "rules"));
    paths.sort();
    paths.push(dir);
    paths
}

#[test]
fn invariants_hold_on_every_shipped_rule_set() {
    let mut checked = 0;
    for path in shipped() {
        // A single file may lean on declarations in another (the schema file):
        // those do not load alone and are covered by the directory.
        let Ok(engine) = zeren::Engine::from_paths(&[&path]) else { continue };
        let report = zeren::testing::check_invariants(&engine);
        assert!(report.is_ok(), "{}: {}", path.display(), report.err().map(|e| e.to_string()).unwrap_or_default());
        checked += 1;
    }
    assert!(checked >= 1, "the rules/ directory must load");
}

#[test]
fn a_broken_inline_test_is_reported() {
    let rules = zeren::Engine::from_str(
        "broken.rules",
        r#"
        schema { text: text }
        department a
        department b
        item x { when text has "停车" lead a basis "b" }
        test "wrong" { ticket { text: "停车" } expect lead b }
        "#,
    );
    let err = rules.map(|r| zeren::testing::check_invariants_with(&r, 8));
    assert!(matches!(&err, Ok(Err(e)) if e.to_string().contains("wrong")), "{err:?}");
}
