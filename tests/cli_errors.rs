//! Golden files of every load-time error as the `zeren` binary renders it:
//! message, file:line:column and a caret under the source. Also the exit codes
//! of docs/spec.md §7 for unusable input.

#![expect(clippy::expect_used, reason = "a test fails by panicking, with a message")]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const HEADER: &str = "schema { text: text  amount: number  venue: symbol [超市, 商场] }\ndepartment scjg \"市场监督管理局\"\ndepartment gaj \"公安局\"\n";

fn write_rules(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zeren-cli-errors-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}.rules"));
    std::fs::write(&path, format!("{HEADER}{body}")).expect("write temp rules");
    path
}

fn zeren(args: &[&str]) -> Output {
    zeren_in("C", args)
}

/// Runs `zeren` with `LANG` set to `lang` (and no `LC_ALL`/`LC_MESSAGES` to override it).
fn zeren_in(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zeren"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("run zeren")
}

/// Runs `zeren check` on a broken file and returns what it printed, with the
/// temporary directory replaced by a stable name.
fn check_output(name: &str, body: &str) -> (i32, String) {
    check_output_in("C", name, body)
}

/// [`check_output`] with `LANG` set to `lang`.
fn check_output_in(lang: &str, name: &str, body: &str) -> (i32, String) {
    let path = write_rules(name, body);
    let out = zeren_in(lang, &["check", path.to_str().expect("utf-8 path")]);
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
            // The same in Chinese, chosen by the locale as a clerk's terminal sets it.
            let (status, text) = check_output_in("zh_CN.UTF-8", concat!(stringify!($test), "_zh"), $body);
            assert_eq!(status, 1, "check exits 1 on load errors:\n{text}");
            insta::assert_snapshot!(concat!(stringify!($test), "_zh"), text);
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
// A department's display name where its id goes: the help names the id.
golden!(lead_display_name, "unknown-name", "item 退费 {\n  when text has \"退费\"\n  lead 市场监督管理局\n}\n");
// A short form of a display name (市监局 for 市场监督管理局): suggested by name.
golden!(lead_short_name, "unknown-name", "item 退费 {\n  when text has \"退费\"\n  lead 市监局\n}\n");
// Messages that say the fix (issue 14).
// Two departments after `lead`: one lead, the others in `assist`.
golden!(lead_two, "syntax", "item 退费 {\n  when text has \"退费\"\n  lead scjg, gaj\n}\n");
// A misspelt clause: did you mean `when`?
golden!(clause_typo, "syntax", "item 退费 {\n  wehn text has \"退费\"\n  lead scjg\n}\n");
// An unknown clause with no near match: the clauses allowed there (a matter's here).
golden!(clause_unknown, "syntax", "matter 消费 {\n  owner scjg\n  item 退费 { when text has \"退费\" }\n}\n");
// A trailing `and`: pointed at itself, at the end of its own line.
golden!(trailing_and, "syntax", "item 退费 {\n  when text has \"退费\" and\n  lead scjg\n}\n");
// An unclosed string: pointed where it starts.
golden!(unclosed_string, "syntax", "item 退费 {\n  when text has \"退费\n  lead scjg\n}\n");

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

/// Runs `zeren ARGS` from the crate root with standard output a pipe whose
/// reader is dropped at once, as `zeren … | head -1` does once it has its
/// line. Returns the exit status and standard error.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zeren"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zeren");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for zeren");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A rule set whose `check` prints far more than a pipe holds (64 KiB): one
/// `missing-basis` note per item.
fn many_notes() -> PathBuf {
    let items: String = (0..300).map(|i| format!("item 事项{i} {{ when text has \"第{i}号\" lead scjg }}\n")).collect();
    write_rules("many_notes", &format!("coordinator gaj\n{items}"))
}

#[test]
fn a_closed_stdout_ends_quietly_with_the_commands_own_status() {
    let notes = many_notes();
    let notes = notes.to_str().expect("utf-8 path");
    let tickets = std::env::temp_dir().join(format!("zeren-cli-errors-{}/tickets.jsonl", std::process::id()));
    std::fs::write(&tickets, "{\"text\": \"健身房关门了，办的年卡退不了钱\"}\n".repeat(2000)).expect("write tickets");
    let tickets = tickets.to_str().expect("utf-8 path");
    // Each of these prints more than a pipe's buffer, so the write fails.
    for (args, status) in [
        (vec!["handbook", "rules/"], 0),
        (vec!["graph", "rules/"], 0),
        (vec!["graph", "rules/", "--format", "mermaid"], 0),
        (vec!["route", "rules/", "--tickets", tickets, "--explain"], 0),
        (vec!["route", "rules/", "--tickets", tickets, "--json"], 0),
        (vec!["check", notes], 0),
        (vec!["check", notes, "--format", "json"], 0),
        (vec!["check", "rules/", "--mixed"], 0),
    ] {
        let (code, stderr) = with_closed_stdout(&args);
        assert!(!stderr.contains("panicked"), "zeren {args:?} panicked:\n{stderr}");
        assert_eq!(code, Some(status), "zeren {args:?}:\n{stderr}");
    }
}

#[test]
fn a_closed_stdout_keeps_a_failing_status() {
    // Two items claim the same tickets with different leads: an `overlap`
    // error, so `check` exits 1 whether or not anyone reads the report.
    let items: String = (0..300).map(|i| format!("item 事项{i} {{ when text has \"第{i}号\" lead scjg }}\n")).collect();
    let path = write_rules(
        "failing_notes",
        &format!("coordinator gaj\n{items}item 甲 {{ when text has \"同\" lead scjg }}\nitem 乙 {{ when text has \"同\" lead gaj }}\n"),
    );
    let (code, stderr) = with_closed_stdout(&["check", path.to_str().expect("utf-8 path")]);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn a_stdout_that_cannot_be_written_is_an_error_not_a_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux
    };
    let out = Command::new(env!("CARGO_BIN_EXE_zeren"))
        .args(["handbook", "rules/"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .output()
        .expect("run zeren");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write to standard output"), "{stderr}");
}

#[test]
fn a_long_line_is_quoted_only_around_the_error() {
    // One line of about 200 KB, mostly Chinese, with an unknown department at
    // its very end: the caret diagnostic quotes a window around it, cut at
    // character boundaries, and still names the file, line and column.
    let words: Vec<String> = (0..16_000).map(|i| format!("\"健身{i}\"")).collect();
    let text = format!(
        "{}coordinator gaj item 退费 {{ when text has any [{}] lead nobody }}",
        HEADER.replace('\n', " "),
        words.join(", ")
    );
    assert!(text.len() > 200_000 && !text.contains('\n'), "one long line");
    let path = write_rules("long_line", "");
    std::fs::write(&path, &text).expect("write the long line");
    // Columns count characters, as an editor shows them (not bytes).
    let at = text.find("nobody").expect("the error is there");
    let column = text[..at].chars().count() + 1;
    let out = zeren(&["check", path.to_str().expect("utf-8 path")]);
    let shown = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "check exits 1 on load errors:\n{shown}");
    assert!(shown.len() < 4096, "{} bytes of output", shown.len());
    assert!(shown.contains(&format!("long_line.rules:1:{column}]")), "{shown}");
    assert!(shown.contains("unknown-name") && shown.contains("there is no department `nobody`"), "{shown}");
    assert!(shown.contains(" 1 │ …"), "the start of the line is cut:\n{shown}");
    assert!(shown.contains("lead nobody }"), "the line's end is quoted:\n{shown}");
}

/// One ticket file, read alike by `route --tickets`, `replay` and `diff
/// --tickets`: a byte-order mark, CRLF line ends, a comment and a blank line
/// before a bad line — its line number is the one an editor shows, and the
/// message quotes its id and the start of its content.
const TICKET_FILE: &str =
    "\u{feff}{\"id\": \"T1\", \"text\": \"预付卡退费\"}\r\n# a comment\r\n\r\n{\"id\": \"T2\", \"text\": 7}\r\n";

fn ticket_file(name: &str) -> PathBuf {
    let path = write_rules(name, "item 退费 { when text has \"退费\" lead scjg }").with_extension("jsonl");
    std::fs::write(&path, TICKET_FILE).expect("write tickets");
    path
}

#[test]
fn route_tickets_carry_their_line_and_id_and_bad_lines_are_quoted() {
    let tickets = ticket_file("route_lines");
    let rules = tickets.with_extension("rules");
    let out =
        zeren(&["route", rules.to_str().expect("utf-8"), "--tickets", tickets.to_str().expect("utf-8"), "--json"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "a bad line makes the input unusable:\n{stderr}");
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().expect("one decision")).expect("JSON");
    assert_eq!(
        (first["lead"].as_str(), first["line"].as_u64(), first["id"].as_str()),
        (Some("scjg"), Some(1), Some("T1"))
    );
    assert!(stderr.contains(":4: bad ticket: attribute `text` is declared `text`"), "{stderr}");
    assert!(stderr.contains("T2 · {\"id\": \"T2\", \"text\": 7}"), "{stderr}");

    let text = zeren(&["route", rules.to_str().expect("utf-8"), "--tickets", tickets.to_str().expect("utf-8")]);
    assert!(String::from_utf8_lossy(&text.stdout).starts_with("ticket T1 (line 1)\nlead "), "{text:?}");

    // The same in Chinese: the decision's labels and the bad line's error.
    let zh = zeren_in(
        "zh_CN.UTF-8",
        &["route", rules.to_str().expect("utf-8"), "--tickets", tickets.to_str().expect("utf-8")],
    );
    let (stdout, stderr) = (String::from_utf8_lossy(&zh.stdout), String::from_utf8_lossy(&zh.stderr));
    assert!(stdout.starts_with("工单 T1（第 1 行）\n主办       "), "{stdout}");
    assert!(stdout.contains("\n判定方式   "), "{stdout}");
    assert!(stderr.contains(":4：工单有误：") && stderr.starts_with("错误："), "{stderr}");
}

#[test]
fn replay_numbers_and_quotes_bad_lines_as_route_does() {
    let tickets = ticket_file("replay_lines");
    let rules = tickets.with_extension("rules");
    let out = zeren(&["replay", rules.to_str().expect("utf-8"), tickets.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("line 4: attribute `text` is declared `text`"), "{stdout}");
    assert!(stdout.contains("T2 · {\"id\": \"T2\", \"text\": 7}"), "{stdout}");
}

#[test]
fn route_accepts_an_id_in_a_single_ticket() {
    let rules = write_rules("route_id", "item 退费 { when text has \"退费\" lead scjg }");
    let out = zeren(&["route", rules.to_str().expect("utf-8"), "--ticket", "{\"id\": \"T9\", \"text\": \"退费\"}"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_rules_file_in_gbk_says_how_to_resave_it() {
    // `department a "甲"` saved by a Windows editor: 甲 is 0xBC 0xD7 in GBK.
    let dir = std::env::temp_dir().join(format!("zeren-cli-errors-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let gbk = dir.join("gbk.rules");
    std::fs::write(&gbk, b"schema { text: text }\ndepartment a \"\xBC\xD7\"\n").expect("write");
    let out = zeren(&["check", gbk.to_str().expect("utf-8 path")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not UTF-8 text (invalid bytes on line 2"), "{stderr}");
    assert!(stderr.contains("looks like GBK") && stderr.contains("iconv -f GBK -t UTF-8"), "{stderr}");

    // Bytes that are not GBK either get the plain advice.
    let other = dir.join("latin.rules");
    std::fs::write(&other, b"department a \"\xFF\"\n").expect("write");
    let out = zeren(&["check", other.to_str().expect("utf-8 path")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("save it as UTF-8") && !stderr.contains("GBK"), "{stderr}");
}

/// The language rule of docs/spec.md §7: `--lang` first, then the first
/// non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG` (`zh…` is Chinese), else English;
/// `--help` follows it too.
#[test]
fn the_language_is_chosen_by_flag_then_locale() {
    let path = write_rules("lang", "item 退费 {\n  lead scjg\n}\n");
    let path = path.to_str().expect("utf-8 path");
    let text = |out: Output| String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);

    let zh = text(zeren_in("zh_CN.UTF-8", &["check", path]));
    assert!(zh.contains("错误 1 处") && zh.contains("没有条件"), "{zh}");
    assert!(zh.contains("empty-condition"), "the code stays English:\n{zh}");
    let en = text(zeren_in("zh_CN.UTF-8", &["check", "--lang", "en", path]));
    assert!(en.contains("1 error(s)") && en.contains("has no condition"), "{en}");
    let zh = text(zeren_in("C", &["--lang=zh", "check", path]));
    assert!(zh.contains("错误 1 处"), "{zh}");

    // LC_ALL outranks LANG; an empty LC_ALL does not count.
    let run = |lc_all: &str, lang: &str| {
        text(
            Command::new(env!("CARGO_BIN_EXE_zeren"))
                .args(["check", path])
                .env("NO_COLOR", "1")
                .env("LC_ALL", lc_all)
                .env_remove("LC_MESSAGES")
                .env("LANG", lang)
                .output()
                .expect("run zeren"),
        )
    };
    assert!(run("C", "zh_CN.UTF-8").contains("1 error(s)"));
    assert!(run("", "zh_CN.UTF-8").contains("错误 1 处"));
    assert!(run("zh_TW.UTF-8", "en_US.UTF-8").contains("错误 1 处"));

    let help = text(zeren_in("C", &["--lang", "zh", "--help"]));
    assert!(help.contains("判定市民工单") && help.contains("报告加载错误"), "{help}");
    let help = text(zeren_in("C", &["--help"]));
    assert!(help.contains("Route tickets against a rule set"), "{help}");
}

/// `--explain` follows the language too.
#[test]
fn explain_speaks_the_chosen_language() {
    let path = write_rules("explain", "item 退费 {\n  when text has \"退费\"\n  lead scjg\n}\n");
    let path = path.to_str().expect("utf-8 path");
    let run = |lang: &str| {
        let out = zeren_in("C", &["route", path, "--ticket", r#"{"text": "退费"}"#, "--explain", "--lang", lang]);
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let zh = run("zh");
    assert!(zh.contains("判定：市场监督管理局 (scjg)") && zh.contains("第 1 步，候选细项："), "{zh}");
    assert!(zh.contains("主办 市场监督管理局 (scjg)") && zh.contains("优先级 0"), "{zh}");
    assert!(zh.contains("原因：只有细项 `退费` 的条件成立"), "{zh}");
    let en = run("en");
    assert!(en.contains("decision: 市场监督管理局 (scjg)") && en.contains("step 1, candidates:"), "{en}");
    assert!(en.starts_with("lead       市场监督管理局 (scjg)\n") && en.contains("\nmethod     direct\n"), "{en}");
    assert!(zh.starts_with("主办       市场监督管理局 (scjg)\n") && zh.contains("\n判定方式   direct\n"), "{zh}");
}
