//! "Why not?" (`zeren route --explain --why-not ITEM`, `zeren::why_not`): the
//! parts of an item's condition held or not, the guard and the item's own
//! `when` apart, what beat it, and the guard pitfall of new authors.

#![expect(clippy::expect_used, reason = "a test fails by panicking, with a message")]

use std::process::{Command, Output};
use zeren::why_not::{why_not, Verdict};

/// The pitfall: `漏水` is not in the guard of `物业`, so a ticket about a leak
/// meets the item's own `when` and never its matter's.
const PITFALL: &str = "schema { text: text }\ndepartment a \"物业公司\"\ndepartment b \"住建局\"\ncoordinator a\n\
     matter 物业 { when text has \"物业\"  lead a\n  item 漏水 { when text has \"漏水\" } }\n\
     item 违建 { when text has \"违建\"  lead b }\nitem 违建物业 { when text has \"违建\" and text has \"物业\"  lead a }\n";

fn engine() -> zeren::Engine {
    zeren::Engine::from_str("pitfall.rules", PITFALL).expect("loads")
}

fn route(args: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!("zeren-why-not-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let rules = dir.join("pitfall.rules");
    std::fs::write(&rules, PITFALL).expect("write rules");
    let mut all = vec!["route", rules.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    Command::new(env!("CARGO_BIN_EXE_zeren")).args(&all).env("NO_COLOR", "1").output().expect("run zeren")
}

#[test]
fn the_guard_and_the_own_condition_are_reported_apart() {
    let e = engine();
    let ticket = e.ticket_from_json(r#"{"text": "楼上漏水"}"#).expect("ticket");
    let why = why_not(e.rule_set(), &ticket, e.item("漏水").expect("item"));
    assert_eq!(why.verdict, Verdict::GuardPitfall);
    assert_eq!((why.guard.len(), why.guard[0].held), (1, false));
    assert_eq!((why.own.len(), why.own[0].held), (1, true));
}

#[test]
fn a_failed_condition_a_lost_contest_and_the_winner_are_told_apart() {
    let e = engine();
    let ticket = e.ticket_from_json(r#"{"text": "物业不管违建"}"#).expect("ticket");
    // 违建 and 违建物业 both match and disagree; 违建物业 implies 违建, so it wins by specificity.
    let lost = why_not(e.rule_set(), &ticket, e.item("违建").expect("item"));
    assert!(matches!(&lost.verdict, Verdict::Lost { winner: Some(w), .. } if w == "违建物业"), "{lost:?}");
    let won = why_not(e.rule_set(), &ticket, e.item("违建物业").expect("item"));
    assert_eq!(won.verdict, Verdict::Won);
    let failed = why_not(e.rule_set(), &ticket, e.item("漏水").expect("item"));
    assert_eq!(failed.verdict, Verdict::ConditionFailed { near_held: false });
}

#[test]
fn explain_names_the_guard_pitfall_and_why_not_prints_each_part() {
    let out = route(&["--ticket", r#"{"text": "楼上漏水"}"#, "--explain", "--why-not", "漏水"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("method     unclaimed"), "{stdout}");
    assert!(
        stdout.contains("note: the own condition of `漏水` holds, but the guard of its matter `物业` does not"),
        "{stdout}"
    );
    assert!(stdout.contains("did not hold  text has \"物业\""), "{stdout}");
    assert!(stdout.contains("held          text has \"漏水\""), "{stdout}");
    assert!(stdout.contains("does the guard lack this item's words?"), "{stdout}");
}

#[test]
fn why_not_speaks_chinese() {
    let out = route(&["--ticket", r#"{"text": "楼上漏水"}"#, "--explain", "--why-not", "漏水", "--lang", "zh"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("判定方式   unclaimed"), "{stdout}");
    assert!(stdout.contains("提示：细项 `漏水` 自身的条件成立，但所属事项 `物业` 的条件不成立"), "{stdout}");
    assert!(stdout.contains("为什么不是 `漏水`（主办 "), "{stdout}");
    assert!(stdout.contains("所属事项的条件：\n    不成立") && stdout.contains("text has \"物业\""), "{stdout}");
    assert!(stdout.contains("自身的条件：\n    成立"), "{stdout}");
    assert!(stdout.contains("→ 它自身的条件成立，但所属事项的条件不成立"), "{stdout}");
    assert!(!stdout.contains("did not hold") && !stdout.contains("why not"), "{stdout}");
}

#[test]
fn an_unknown_item_is_an_error_with_a_suggestion() {
    let out = route(&["--ticket", r#"{"text": "x"}"#, "--explain", "--why-not", "漏"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("there is no item named `漏`; did you mean `漏水`?"), "{stderr}");
}

#[test]
fn a_dispute_says_which_roles_differ() {
    let rules = "schema { text: text }\ndepartment a\ndepartment b\ndepartment c\ncoordinator c\n\
                 item x { when text has \"k\" lead a }\nitem y { when text has \"k\" lead b }\n";
    let e = zeren::Engine::from_str("d.rules", rules).expect("loads");
    let ticket = e.ticket_from_json(r#"{"text": "k"}"#).expect("ticket");
    let text = e.explain(&ticket);
    assert!(text.contains("the remaining candidates differ in: lead"), "{text}");
}
