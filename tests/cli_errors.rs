//! Golden files of every load-time error as the `zeren` binary renders it:
//! message, file:line:column and a caret under the source. Also the exit codes
//! of SPEC §7 for unusable input.

#![expect(clippy::expect_used, reason = "a test fails by panicking, with a message")]

use std::path::PathBuf;
use std::process::{Command, Output};

const HEADER: &str = "schema { text: text  amount: number  venue: symbol [超市, 商场] }\ndepartment scjg \"市场监督管理局\"\ndepartment gaj \"公安局\"\n";

fn write_rules(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zeren-cli-errors-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}.rules"));
    std::fs::write(&path, format!("{HEADER}{body}")).expect("write temp rules");
    path
}

fn zeren(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zeren")).args(args).env("NO_COLOR", "1").output().expect("run zeren")
}

/// Runs `zeren check` on a broken file and returns what it printed, with the
/// temporary directory replaced by a stable name.
fn check_output(name: &str, body: &str) -> (i32, String) {
    let path = write_rules(name, body);
    let out = zeren(&["check", path.to_str().expect("utf-8 path")]);
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let dir = path.parent().map(|p| p.display().to_string()).unwrap_or_default();
    (out.status.code().unwrap_or(-1), text.replace(&dir, "<dir>"))
}

macro_rules! golden {
    ($test:ident, $code:literal, $body:expr) => {
        #[test]
        fn $test() {
            let (status, text) = check_output(stringify!($test), $body);
            assert_eq!(status, 1, "check exits 1 on load errors:\n{text}");
            assert!(
                text.contains(concat!("[", $code, "]")) || text.contains($code),
                "expected code {}:\n{text}",
                $code
            );
            insta::assert_snapshot!(text);
        }
    };
}

golden!(syntax, "syntax", "item 退费 {\n  when text has \"退费\"\n  lead\n}\n");
golden!(unknown_name, "unknown-name", "item 退费 {\n  when text has \"退费\"\n  lead scgj\n}\n");
golden!(duplicate_name, "duplicate-name", "department scjg\nitem 退费 { when text has \"退费\" lead scjg }\n");
golden!(type_error, "type", "item 退费 {\n  when amount has \"退费\"\n  lead scjg\n}\n");
golden!(cycle, "cycle", "item 甲 { when text has \"甲\" like 乙 }\nitem 乙 { when text has \"乙\" like 甲 }\n");
golden!(no_lead, "no-lead", "item 退费 {\n  when text has \"退费\"\n  assist gaj\n}\n");
golden!(role_conflict, "role-conflict", "item 退费 {\n  when text has \"退费\"\n  lead scjg\n  assist gaj, scjg\n}\n");
golden!(empty_condition, "empty-condition", "item 退费 {\n  lead scjg\n}\n");

#[test]
fn several_errors_come_back_at_once() {
    let (status, text) = check_output(
        "several",
        "item 甲 { when amount has \"x\" lead scjg }\nitem 乙 { when text has \"y\" lead nobody }\nitem 丙 { lead scjg }\n",
    );
    assert_eq!(status, 1);
    for code in ["type", "unknown-name", "empty-condition"] {
        assert!(text.contains(code), "missing {code} in:\n{text}");
    }
}

#[test]
fn route_with_broken_rules_exits_2() {
    let path = write_rules("broken_route", "item 退费 { lead scjg }\n");
    let out = zeren(&["route", path.to_str().expect("utf-8"), "--ticket", "{}"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_file_exits_2_with_its_name() {
    let out = zeren(&["route", "/nonexistent/zeren.rules", "--ticket", "{}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/zeren.rules"));
}

#[test]
fn bad_ticket_exits_2_naming_the_attribute_and_type() {
    let path = write_rules("bad_ticket", "item 退费 { when text has \"退费\" lead scjg }\n");
    let out = zeren(&["route", path.to_str().expect("utf-8"), "--ticket", r#"{"amount": "lots"}"#]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("amount") && err.contains("number"), "{err}");
    let out = zeren(&["route", path.to_str().expect("utf-8"), "--ticket", r#"{"venue": "菜市场"}"#]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("超市"));
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(zeren(&["route"]).status.code(), Some(2));
    assert_eq!(zeren(&["no-such-command"]).status.code(), Some(2));
}
