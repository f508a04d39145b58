//! `zeren test`: a failure names where its test is written — the `file:line`
//! of an inline `test` block, the case file and line of a case — counted as
//! an editor counts them (CRLF line ends, skipped `#` and blank lines).

#![expect(clippy::expect_used, reason = "a test fails by panicking, with a message")]

use std::path::PathBuf;
use std::process::Command;

const RULES: &str = "schema { text: text }\n\
department a \"甲局\"\n\
department b \"乙局\"\n\
item x { when text has \"k\" lead a }\n\
\n\
test \"k goes to a\" { ticket { text: \"k\" } expect lead a }\n\
// a wrong expectation, on line 8\n\
test \"k goes to b\" {\n\
  ticket { text: \"k\" }\n\
  expect lead b\n\
}\n";

/// A case file with CRLF line ends, a comment and a blank line: the failing
/// case is on line 4, the bad ticket on line 5.
const CASES: &str =
    "# exported cases\r\n{\"name\": \"passes\", \"ticket\": {\"text\": \"k\"}, \"expect\": {\"lead\": \"a\"}}\r\n\r\n\
{\"name\": \"fails\", \"ticket\": {\"text\": \"k\"}, \"expect\": {\"item\": null}}\r\n\
{\"name\": \"bad ticket\", \"ticket\": {\"txt\": \"k\"}, \"expect\": {\"lead\": \"a\"}}\r\n";

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zeren-suite-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn failures_name_their_file_and_line() {
    let dir = dir();
    std::fs::write(dir.join("a.rules"), RULES).expect("write rules");
    std::fs::write(dir.join("cases.jsonl"), CASES).expect("write cases");
    let out = Command::new(env!("CARGO_BIN_EXE_zeren"))
        .args(["test", "a.rules", "--cases", "cases.jsonl"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run zeren");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{text}");
    // The failure lines (up to the ticket's error) and the summary; the
    // explanation under each failure and the ticket errors have tests of
    // their own.
    let lines: Vec<&str> =
        text.lines().filter(|l| !l.starts_with("  ")).map(|l| l.split(": bad ticket:").next().unwrap_or(l)).collect();
    insta::assert_snapshot!(lines.join("\n"), @r#"
    FAIL k goes to b (a.rules:8)
    FAIL fails (cases.jsonl:4)
    FAIL bad ticket (cases.jsonl:5)
    2 passed, 3 failed
    "#);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The failure, its explanation and the summary in Chinese.
#[test]
fn failures_speak_chinese() {
    let dir = dir().join("zh");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("a.rules"), RULES).expect("write rules");
    let out = Command::new(env!("CARGO_BIN_EXE_zeren"))
        .args(["test", "a.rules", "--lang", "zh"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run zeren");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("未通过 k goes to b (a.rules:8)"), "{text}");
    assert!(text.contains("  | 判定：甲局 (a)") && text.contains("  | 原因：只有细项 `x` 的条件成立"), "{text}");
    assert!(text.contains("通过 1 项，未通过 1 项"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inline_cases_know_their_line_in_each_file() {
    let dir = dir().join("two");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("1.rules"), "schema { text: text }\ndepartment a\nitem x { when text has \"k\" lead a }\n")
        .expect("write");
    std::fs::write(dir.join("2.rules"), "\r\n\r\ntest \"t\" { ticket { text: \"k\" } expect lead a }\r\n")
        .expect("write");
    let rules = zeren::load::load_paths(&[&dir]).expect("loads");
    let cases = zeren::suite::inline_cases(&rules);
    let at = cases[0].at.as_ref().expect("a place");
    assert!(at.file.ends_with("2.rules") && at.line == 3, "{at}");
    let _ = std::fs::remove_dir_all(&dir);
}
