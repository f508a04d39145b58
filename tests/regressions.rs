//! Regressions: every crash or wrong answer found by fuzzing or by the
//! hostile-input work becomes a test here, and the fuzz harnesses replay
//! their seeds and every saved crash input so `cargo test` runs the harness
//! code too. The seeds are read where they live — the shipped rules
//! (`rules/`), the corpus (`tests/corpus/`) and the example tickets
//! (`examples/tickets.jsonl`) — as `fuzz/run.sh` reads them; `fuzz/seeds/*`
//! holds only inputs that exist nowhere else, and `fuzz/regressions/*` the
//! saved crashes.
//!
//! A long fuzz run is not part of the test suite: see `fuzz/README.md`.

#![expect(clippy::expect_used, clippy::panic, reason = "a test fails by panicking, naming the input")]

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use zeren::limits::Limits;

/// The files directly in `dir` under the crate root, sorted; none when it
/// does not exist (`fuzz/regressions/*` exists only once something is found).
fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    paths
}

/// `.rules` files directly in `dir`, sorted.
fn rules_files(dir: &str) -> Vec<PathBuf> {
    files(dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "rules")).collect()
}

/// One input through `f`, named in the failure.
fn run(name: &str, bytes: &[u8], f: fn(&[u8])) {
    let outcome = std::panic::catch_unwind(|| f(bytes));
    assert!(outcome.is_ok(), "the harness failed on {name}");
}

/// Every file in `paths` through `f`; how many there were.
fn replay(paths: &[PathBuf], f: fn(&[u8])) -> usize {
    for path in paths {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        run(&path.display().to_string(), &bytes, f);
    }
    paths.len()
}

/// The seeds of the `load` and `fmt` targets: the shipped rule files and the
/// corpus, one input per file.
fn rule_seeds() -> Vec<PathBuf> {
    let mut paths = rules_files("rules");
    paths.extend(rules_files("tests/corpus"));
    paths
}

#[test]
fn the_load_harness_replays_its_seeds_and_saved_crashes() {
    let seeds = rule_seeds();
    assert!(replay(&seeds, harness::load) >= 11, "the shipped rules or the corpus are missing");
    // The whole shipped rule set as one file, as `fuzz/run.sh` also seeds it:
    // the cross-file references resolve within one input.
    let mut all = Vec::new();
    for path in rules_files("rules") {
        all.extend(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        all.push(b'\n');
    }
    run("rules/*.rules as one file", &all, harness::load);
    replay(&files("fuzz/seeds/load"), harness::load);
    replay(&files("fuzz/regressions/load"), harness::load);
}

#[test]
fn the_route_harness_replays_its_seeds_and_saved_crashes() {
    assert!(harness::fixed_rules_load(), "the route target's fixed rules must load");
    // Every example ticket, one input per line (comment lines skipped), as
    // `fuzz/run.sh` splits them.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tickets.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        run(&format!("examples/tickets.jsonl:{}", n + 1), line.as_bytes(), harness::route);
        lines += 1;
    }
    assert!(lines >= 300, "the example tickets are missing");
    assert!(replay(&files("fuzz/seeds/route"), harness::route) >= 5, "the route seeds are missing");
    replay(&files("fuzz/regressions/route"), harness::route);
}

#[test]
fn the_fmt_harness_replays_its_seeds_and_saved_crashes() {
    assert!(replay(&rule_seeds(), harness::fmt) >= 11, "the shipped rules or the corpus are missing");
    replay(&files("fuzz/seeds/fmt"), harness::fmt);
    replay(&files("fuzz/regressions/fmt"), harness::fmt);
}

#[test]
fn the_harnesses_survive_a_deterministic_mutation_round() {
    // A cheap, deterministic stand-in for the fuzzer in CI: byte flips,
    // truncations and splices of the shipped rules, and of tickets.
    let seed = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/spec_example.rules"))
        .unwrap_or_default();
    assert!(!seed.is_empty());
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..64 {
        let mut bytes = seed.clone();
        for _ in 0..1 + round % 4 {
            let at = (next() as usize) % bytes.len().max(1);
            match next() % 4 {
                0 => bytes[at] ^= 1 << (next() % 8),
                1 => bytes.truncate(at),
                2 => {
                    let from = (next() as usize) % seed.len();
                    let len = ((next() as usize) % 64).min(seed.len() - from);
                    let splice = seed[from..from + len].to_vec();
                    bytes.splice(at..at, splice);
                }
                _ => {
                    bytes.remove(at.min(bytes.len().saturating_sub(1)).min(bytes.len().max(1) - 1));
                }
            }
            if bytes.is_empty() {
                break;
            }
        }
        harness::load(&bytes);
        harness::route(&bytes);
    }
}

// ------------------------------------------------- found by the hostile work

/// The nesting pre-check once counted every `not` in a file as one more
/// level, so a rule set with more than 256 `not`s anywhere was refused.
#[test]
fn many_nots_in_sequence_are_not_nesting() {
    let mut text = String::from("schema { f: bool  g: bool }\ndepartment d\n");
    for k in 0..300 {
        text.push_str(&format!("item x{k} {{ when not f and not g lead d }}\n"));
    }
    let loaded = zeren::load::load_str("nots.rules", &text);
    assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
}

/// 200 nested parentheses (under the old limit of 256) overflowed a 2 MiB
/// thread stack in a debug build, in the checker's recursion.
#[test]
fn two_hundred_nested_parentheses_are_refused_not_a_stack_overflow() {
    let text =
        format!("schema {{ f: bool }}\ndepartment d\nitem x {{ when {}f{} lead d }}", "(".repeat(200), ")".repeat(200));
    let err = zeren::load::load_str("deep.rules", &text).err().map(|e| e.diagnostics()[0].code.as_str());
    assert_eq!(err, Some("limit"));
}

/// A chain of `define`s, each one `not` deeper than the last, built a
/// condition thousands of levels deep from shallow text (and overflowed the
/// stack once the `not` counting above was fixed).
#[test]
fn define_chains_are_bounded_by_the_nesting_limit() {
    let mut text = String::from("schema { f: bool }\ndepartment d\ndefine d0 = f\n");
    for k in 1..=70 {
        text.push_str(&format!("define d{k} = not d{}\n", k - 1));
    }
    text.push_str("item x { when d70 lead d }\n");
    let err = zeren::load::load_str("chain.rules", &text).err().map(|e| e.diagnostics()[0].code.as_str());
    assert_eq!(err, Some("limit"));
    assert!(zeren::load::load_str_with("chain.rules", &text, &Limits::new().max_nesting(80)).is_ok());
}

/// `Ticket::set` with NaN once stored nothing (NaN became JSON `null`, a
/// missing value) instead of refusing it as JSON input is refused.
#[test]
fn setting_nan_is_refused() {
    let set =
        zeren::load::load_str("n.rules", "schema { amount: number }\ndepartment d\nitem x { when amount > 1 lead d }")
            .expect("loads");
    let mut t = zeren::ticket::Ticket::default();
    let amount = set.attr("amount").expect("declared");
    let err = t.set(&set.attrs, amount, zeren::ticket::OwnedValue::Number(f64::NAN));
    assert!(matches!(err, Err(zeren::ticket::TicketError::NotFinite { .. })));
}

// ------------------------------------------------- found by mutation testing

/// Once an operand of `or`/`and` has failed to lower, the operands after it
/// are still checked for their own errors but no longer counted: a broken
/// condition reports what is wrong with it, not a size limit that only its
/// repaired form might hit. (`cargo mutants` found no test that told the two
/// apart.)
#[test]
fn a_broken_operand_does_not_add_a_size_limit_error() {
    // `d15` expands to 65,535 nodes: one copy fits the limit, two do not.
    let mut text = String::from("schema { f: bool }\ndepartment d\ndefine d0 = f\n");
    for k in 1..=15 {
        text.push_str(&format!("define d{k} = d{0} or d{0}\n", k - 1));
    }
    let good = format!("{text}item x {{ when d15 lead d }}\n");
    assert!(zeren::load::load_str("big.rules", &good).is_ok());
    let too_big = format!("{text}item x {{ when d15 or d15 lead d }}\n");
    let codes = |t: &str| -> Vec<String> {
        zeren::load::load_str("big.rules", t)
            .err()
            .map(|e| e.diagnostics().iter().map(|d| d.code.as_str().to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(codes(&too_big), ["limit"]);
    let broken = format!("{text}item x {{ when nosuch or d15 or d15 lead d }}\n");
    assert_eq!(codes(&broken), ["unknown-name"]);
}

/// `define`s built by doubling: `d{k}` has 2^(k+1) − 1 nodes once expanded.
fn doubling_defines() -> String {
    let mut text = String::from("schema { f: bool  text: text }\ndepartment d\ndefine d0 = f\n");
    for k in 1..=15 {
        text.push_str(&format!("define d{k} = d{0} or d{0}\n", k - 1));
    }
    // 1 + 65,535 + 32,767 + 1,023 + 511 + 127 + 31 + 3 = 99,998 nodes.
    text.push_str("define dx = d15 or d14 or d9 or d8 or d6 or d4 or d1\n");
    text
}

fn load_codes(text: &str) -> Vec<String> {
    zeren::load::load_str("size.rules", text)
        .err()
        .map(|e| e.diagnostics().iter().map(|d| d.code.as_str().to_string()).collect())
        .unwrap_or_default()
}

/// The size limit is exact: a condition of 100,000 nodes loads, one of
/// 100,001 does not, and a `not` counts as a node of its own.
#[test]
fn the_condition_size_limit_is_exact() {
    let base = doubling_defines();
    // `f or dx`: 1 + 1 + 99,998 = 100,000 nodes.
    assert!(load_codes(&format!("{base}item x {{ when f or dx lead d }}\n")).is_empty());
    // `not dx` alone: 99,999 nodes.
    assert!(load_codes(&format!("{base}item x {{ when not dx lead d }}\n")).is_empty());
    // `f or not dx`: 1 + 1 + 99,999 = 100,001 nodes.
    assert_eq!(load_codes(&format!("{base}item x {{ when f or not dx lead d }}\n")), ["limit"]);
    // `f or f or dx`: 100,001 nodes.
    assert_eq!(load_codes(&format!("{base}item x {{ when f or f or dx lead d }}\n")), ["limit"]);
}

/// A `words` list used where a condition or an attribute belongs: the
/// message says which, and the help shows where a `words` list goes.
#[test]
fn a_words_list_misused_says_how_to_use_it() {
    let base = "schema { text: text }\ndepartment d\nwords 卡 = [\"预付卡\", \"年卡\"]\n";
    for (cond, what) in [("卡", "not a condition"), ("卡 = x", "not an attribute")] {
        let err = zeren::load::load_str("w.rules", &format!("{base}item x {{ when {cond} lead d }}\n"))
            .err()
            .map(|e| e.diagnostics().to_vec())
            .unwrap_or_default();
        assert_eq!(err.len(), 1, "{err:?}");
        assert!(err[0].message.to_string().contains(what), "{}", err[0].message);
        let help = err[0].help.clone().unwrap_or_default().to_string();
        assert!(help.contains("a `words` list goes after `has`: `text has 卡`"), "{help}");
    }
}

/// Lowering removes a group of one operand, even from a syntax tree built by
/// hand (the parser never makes one): `and` then sees the `not` inside as a
/// negative operand, as docs/spec.md §5 step 5 scores it.
#[test]
fn a_group_of_one_operand_is_unwrapped() {
    use zeren::source::{FileId, Sources};
    use zeren::syntax::ast::{Clause, ClauseKind, Cond, Decl};
    let text = "schema { a: bool  b: bool }\ndepartment d\nitem x { when a and not b lead d }\n";
    let plain = zeren::load::load_str("g.rules", text).expect("loads");
    let mut ast = zeren::syntax::parse_file(FileId(0), text).expect("parses");
    let mut wrapped_ops = 0;
    for decl in &mut ast.decls {
        if let Decl::Item(item) = decl {
            for Clause { kind, .. } in &mut item.clauses {
                if let ClauseKind::When(Cond::And(ops, _)) = kind {
                    for op in ops.iter_mut() {
                        let span = op.span();
                        *op = Cond::Or(vec![op.clone()], span);
                        wrapped_ops += 1;
                    }
                }
            }
        }
    }
    assert_eq!(wrapped_ops, 2);
    let mut sources = Sources::default();
    sources.add("g.rules", text);
    let wrapped = zeren::check::check(sources, vec![(FileId(0), ast)]).expect("checks");
    assert_eq!(wrapped.items[0].effective, plain.items[0].effective);
}
