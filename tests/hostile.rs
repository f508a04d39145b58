//! Hostile input: every case here must end in a clear result or message —
//! never a panic, a stack overflow or a hang. Each case runs through the
//! library and, where a person would meet it, through the `zeren` binary.
//!
//! These tests run on the default 2 MiB test threads in debug builds, which
//! is what makes the nesting cases meaningful: the default limits must hold
//! on a small stack without optimisation.

#![expect(clippy::expect_used, clippy::panic, reason = "a test fails by panicking, naming the input")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use zeren::decision::Decision;
use zeren::ir::RuleSet;
use zeren::limits::Limits;
use zeren::ticket::{OwnedValue, Strictness, Ticket, TicketError, TicketRef, TicketSource, Value};

/// Loads `text`, or the codes and messages of its errors.
fn load(text: &str) -> Result<RuleSet, Vec<(String, String)>> {
    load_with(text, &Limits::default())
}

fn load_with(text: &str, limits: &Limits) -> Result<RuleSet, Vec<(String, String)>> {
    zeren::load::load_str_with("hostile.rules", text, limits)
        .map_err(|e| e.diagnostics().iter().map(|d| (d.code.as_str().to_string(), d.message.to_string())).collect())
}

/// The single error of a load that must fail with `code`; its message.
fn expect_error(result: Result<RuleSet, Vec<(String, String)>>, code: &str) -> String {
    match result {
        Ok(_) => panic!("expected a `{code}` error, but the rules loaded"),
        Err(errors) => {
            assert!(errors.iter().any(|(c, _)| c == code), "expected `{code}`, got {errors:?}");
            errors.into_iter().find(|(c, _)| c == code).map(|(_, m)| m).unwrap_or_default()
        }
    }
}

fn attr(set: &RuleSet, name: &str) -> Option<zeren::ir::AttrId> {
    set.attr(name)
}

/// Routes on both engines and insists they agree.
fn route(set: &RuleSet, ticket: &impl TicketSource) -> Decision {
    let reference = zeren::matcher::reference::route(set, ticket);
    let rules = zeren::Rules::new(set).expect("the rules compile");
    let mut cache = rules.create_cache();
    let compiled = rules.route(&mut cache, ticket).to_decision();
    assert_eq!(compiled, reference, "the compiled matcher and the reference disagree");
    reference
}

/// Runs the binary; (exit code, stdout, stderr).
fn zeren(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zeren"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let input = stdin.unwrap_or_default().to_vec();
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("the binary runs");
    let _ = writer.join();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "the binary panicked: {stderr}");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

/// A scratch directory for this test, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zeren-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path.display().to_string()
}

const SMALL: &str = r#"
schema {
  text: text
  amount: number
  venue: symbol [超市, 健身房]
  online: bool
}
department scjg "市场监督管理局"
department gaj "公安局"
department shzl "市社会治理服务中心"
coordinator shzl
item 健身预付卡 { when text has any ["健身", "年卡"] lead scjg assist gaj }
item 大额 { when amount >= 10000 and not online lead gaj }
"#;

// ---------------------------------------------------------------- nesting

fn nested_parens(n: usize) -> String {
    format!("schema {{ f: bool }}\ndepartment d\nitem x {{ when {}f{} lead d }}\n", "(".repeat(n), ")".repeat(n))
}

fn nested_nots(n: usize) -> String {
    format!("schema {{ f: bool }}\ndepartment d\nitem x {{ when {}f lead d }}\n", "not ".repeat(n))
}

fn nested_matters(n: usize) -> String {
    let open: String = (0..n).map(|i| format!("matter m{i} {{\n")).collect();
    format!("schema {{ f: bool }}\ndepartment d\n{open}item x {{ when f lead d }}\n{}\n", "}".repeat(n))
}

#[test]
fn a_hundred_thousand_parentheses_are_a_limit_error() {
    let message = expect_error(load(&nested_parens(100_000)), "limit");
    assert!(message.contains("nest deeper than 64"), "{message}");
}

#[test]
fn a_hundred_thousand_nots_are_a_limit_error() {
    let message = expect_error(load(&nested_nots(100_000)), "limit");
    assert!(message.contains("nest deeper than 64"), "{message}");
}

#[test]
fn a_hundred_thousand_nested_matters_are_a_limit_error() {
    let message = expect_error(load(&nested_matters(100_000)), "limit");
    assert!(message.contains("nest deeper than 64"), "{message}");
}

#[test]
fn nesting_up_to_the_default_limit_loads_and_routes_on_a_small_stack() {
    // 64 levels in all: the item's block and the condition's own levels count.
    for text in [nested_parens(60), nested_nots(60), nested_matters(60)] {
        let set = load(&text).unwrap_or_else(|e| panic!("{e:?}"));
        let f = attr(&set, "f").expect("f");
        let d = route(&set, &TicketRef::new().with(f, Value::Bool(true)));
        assert!(d.lead.is_none() || d.lead.as_deref() == Some("d"));
        assert!(matches!(zeren::logic::satisfiable(&set, &set.items[0].effective), zeren::logic::Answer::Yes(_)));
    }
}

#[test]
fn a_chain_of_defines_cannot_build_a_deep_condition() {
    // Each `define` is one `not` deeper than the last: shallow in the text,
    // 2,000 levels deep once expanded.
    let mut text = String::from("schema { f: bool }\ndepartment d\ndefine d0 = f\n");
    for k in 1..2_000 {
        text.push_str(&format!("define d{k} = not d{}\n", k - 1));
    }
    text.push_str("item x { when d1999 lead d }\n");
    let message = expect_error(load(&text), "limit");
    assert!(message.contains("once `define`s are expanded"), "{message}");
}

#[test]
fn the_nesting_limit_is_configurable() {
    let text = nested_parens(10);
    assert!(load_with(&text, &Limits::new().max_nesting(11)).is_ok());
    expect_error(load_with(&text, &Limits::new().max_nesting(10)), "limit");
}

#[test]
fn deep_nesting_through_the_binary_is_a_message_and_exit_2() {
    let dir = scratch("deep-bin");
    let path = write(&dir, "deep.rules", nested_parens(100_000));
    // `check` reports load errors as its own findings, on standard output.
    let (code, stdout, stderr) = zeren(&["check", &path], None);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("nest deeper than 64"), "{stdout}");
    let (code, _, stderr) = zeren(&["route", &path, "--ticket", "{}"], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("nest deeper than 64"), "{stderr}");
}

// ---------------------------------------------------------------- sizes

#[test]
fn file_size_item_count_and_keyword_length_are_limits() {
    let message = expect_error(load_with(SMALL, &Limits::new().max_file_bytes(100)), "limit");
    assert!(message.contains("more than the limit of 100 bytes"), "{message}");

    let message = expect_error(load_with(SMALL, &Limits::new().max_items(1)), "limit");
    assert!(message.contains("more than 1 items"), "{message}");

    let long =
        format!("schema {{ text: text }}\ndepartment d\nitem x {{ when text has \"{}\" lead d }}\n", "长".repeat(300));
    let message = expect_error(load(&long), "limit");
    assert!(message.contains("300 characters long"), "{message}");
    assert!(load_with(&long, &Limits::new().max_keyword_chars(300)).is_ok());

    // `words` lists count too.
    let words = format!(
        "schema {{ text: text }}\ndepartment d\nwords w = [\"{}\"]\nitem x {{ when text has w lead d }}\n",
        "a".repeat(257)
    );
    expect_error(load(&words), "limit");
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let dir = scratch("large");
    write(&dir, "big.rules", SMALL.repeat(4));
    let err = zeren::load::load_paths_with(&[&dir], &Limits::new().max_file_bytes(1_000)).expect_err("too large");
    assert!(err.to_string().contains("larger than the limit of 1000 bytes"), "{err}");
    assert!(zeren::load::load_paths(&[&dir]).is_err(), "four copies declare every name four times");
}

// ---------------------------------------------------------------- tickets

#[test]
fn a_one_megabyte_text_routes() {
    let set = load(SMALL).unwrap_or_else(|e| panic!("{e:?}"));
    let text = attr(&set, "text").expect("text");
    let mut big = "投诉内容，".repeat((1 << 20) / 15);
    big.push_str("健身房年卡退不了");
    assert!(big.len() >= 1 << 20);
    let d = route(&set, &TicketRef::new().with(text, Value::Text(&big)));
    assert_eq!(d.lead.as_deref(), Some("scjg"));

    // Through the binary, as a JSON line on standard input (an argument that
    // long would exceed the kernel's limit on one argument).
    let dir = scratch("big-ticket");
    let rules = write(&dir, "small.rules", SMALL);
    let line = serde_json::json!({ "text": big }).to_string();
    let (code, stdout, stderr) = zeren(&["route", &rules, "--json"], Some(line.as_bytes()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"lead\":\"scjg\""), "{stdout}");
}

#[test]
fn nan_and_infinities_are_refused_by_the_owned_ticket() {
    let set = load(SMALL).unwrap_or_else(|e| panic!("{e:?}"));
    let amount = attr(&set, "amount").expect("amount");
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut t = Ticket::default();
        let err = t.set(&set.attrs, amount, OwnedValue::Number(bad)).expect_err("not finite");
        assert_eq!(err, TicketError::NotFinite { attr: "amount".into() });
        assert!(err.to_string().contains("not finite"));
    }
}

#[test]
fn nan_and_infinities_in_a_borrowed_ticket_route_without_panicking() {
    // `TicketRef` trusts its caller; a non-finite number fails every
    // comparison, on both engines alike.
    let set = load(SMALL).unwrap_or_else(|e| panic!("{e:?}"));
    let amount = attr(&set, "amount").expect("amount");
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, -0.0, f64::MIN_POSITIVE] {
        let d = route(&set, &TicketRef::new().with(amount, Value::Number(bad)));
        if bad == f64::INFINITY || bad == f64::MAX {
            assert_eq!(d.lead.as_deref(), Some("gaj"));
        } else {
            assert_eq!(d.lead.as_deref(), Some("shzl"), "{bad}");
        }
    }
}

#[test]
fn out_of_range_json_numbers_are_a_clear_error() {
    let set = load(SMALL).unwrap_or_else(|e| panic!("{e:?}"));
    for json in [r#"{"amount": 1e999}"#, r#"{"amount": -1e999}"#] {
        let err = Ticket::from_json(&set.attrs, json, Strictness::Strict).expect_err("out of range");
        assert!(err.to_string().contains("number out of range"), "{err}");
    }
    for json in [r#"{"amount": NaN}"#, r#"{"amount": Infinity}"#] {
        let err = Ticket::from_json(&set.attrs, json, Strictness::Strict).expect_err("not JSON");
        assert!(matches!(err, TicketError::Json(_)), "{err}");
    }
    let dir = scratch("1e999");
    let rules = write(&dir, "small.rules", SMALL);
    let (code, _, stderr) = zeren(&["route", &rules, "--ticket", r#"{"amount": 1e999}"#], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("bad ticket") && stderr.contains("number out of range"), "{stderr}");
}

#[test]
fn odd_strings_in_tickets_route() {
    let set = load(SMALL).unwrap_or_else(|e| panic!("{e:?}"));
    let text = attr(&set, "text").expect("text");
    let venue = attr(&set, "venue").expect("venue");
    for s in ["", "\0", "\u{FEFF}健身", "ＡＰＰ年卡", "\u{10FFFF}", "\r\n\t", "İ", "ß", "ﬃ", "\u{0301}"] {
        route(&set, &TicketRef::new().with(text, Value::Text(s)).with(venue, Value::Symbol(s)));
    }
}

// ---------------------------------------------------------------- encodings

#[test]
fn invalid_utf8_in_a_rule_file_is_a_clear_error() {
    let dir = scratch("utf8");
    let mut bytes = b"schema { text: text }\ndepartment d\n".to_vec();
    bytes.extend_from_slice(b"item x { when text has \"\xff\xfe\" lead d }\n");
    let path = write(&dir, "bad.rules", &bytes);
    let err = zeren::load::load_paths(&[&path]).expect_err("not UTF-8");
    assert!(err.to_string().contains("not UTF-8") && err.to_string().contains("line 3"), "{err}");
    let (code, _, stderr) = zeren(&["check", &path], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
}

#[test]
fn invalid_utf8_in_a_ticket_file_is_a_clear_error() {
    let dir = scratch("utf8-tickets");
    let rules = write(&dir, "small.rules", SMALL);
    let tickets = write(&dir, "t.jsonl", b"{\"text\": \"\xff\xfe\"}\n{\"text\": \"\xe5\xb9\xb4\xe5\x8d\xa1\"}\n");
    let (code, stdout, stderr) = zeren(&["route", &rules, "--tickets", &tickets, "--json"], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(":1:") && stderr.contains("UTF-8"), "{stderr}");
    // The good line after the bad one is still routed.
    assert!(stdout.contains("\"lead\":\"scjg\""), "{stdout}");
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let with_bom = format!("\u{FEFF}{SMALL}");
    let set = load(&with_bom).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(set.items.len(), 2);
    let dir = scratch("bom");
    let rules = write(&dir, "bom.rules", with_bom.as_bytes());
    let tickets = write(&dir, "t.jsonl", "\u{FEFF}{\"text\": \"年卡\"}\n");
    let (code, stdout, stderr) = zeren(&["route", &rules, "--tickets", &tickets, "--json"], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"lead\":\"scjg\""), "{stdout}");
}

#[test]
fn crlf_line_endings_load_and_report_the_right_lines() {
    let crlf = SMALL.replace('\n', "\r\n");
    let set = load(&crlf).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(set.items.len(), 2);
    let broken = format!("{crlf}item y {{ when text has \"x\" lead nobody }}\r\n");
    let err = zeren::load::load_str("crlf.rules", &broken).expect_err("unknown lead");
    let d = &err.diagnostics()[0];
    let sources = err.sources().expect("sources");
    let loc = sources.locate(d.span().expect("span"));
    assert_eq!(loc.line, broken.lines().count(), "the error is on the last line");

    let dir = scratch("crlf");
    let rules = write(&dir, "crlf.rules", crlf.as_bytes());
    let tickets = write(&dir, "t.jsonl", "{\"text\": \"年卡\"}\r\n{\"amount\": 20000}\r\n");
    let (code, stdout, stderr) = zeren(&["route", &rules, "--tickets", &tickets, "--json"], None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
}

#[test]
fn arbitrary_bytes_as_a_rule_file_through_the_binary() {
    let dir = scratch("bytes");
    let samples: [&[u8]; 6] = [b"", b"\0\0\0", b"{{{{", b"item", b"\"unterminated", b"//\n#\n/*"];
    for (i, bytes) in samples.iter().enumerate() {
        let path = write(&dir, &format!("s{i}.rules"), bytes);
        let (code, _, stderr) = zeren(&["check", &path], None);
        assert!(code == 0 || code == 1 || code == 2, "{stderr}");
    }
}

#[test]
fn the_analysis_budget_bounds_the_solver() {
    // Twenty independent choices, and a last clause that needs one of the
    // later ones: the search has to explore before it finds a witness.
    let attrs: String = (0..20).map(|i| format!("f{i}: bool g{i}: bool ")).collect();
    let choices: Vec<String> = (0..20).map(|i| format!("(f{i} or g{i})")).collect();
    let text = format!(
        "schema {{ {attrs} }}\ndepartment d\nitem x {{ when {} and not f19 and not g18 lead d }}\n",
        choices.join(" and ")
    );
    let set = load(&text).unwrap_or_else(|e| panic!("{e:?}"));
    let cond = &set.items[0].effective;
    let tight = zeren::logic::Config::from_limits(&Limits::new().analysis_budget(1));
    match zeren::logic::satisfiable_with(&tight, &set, cond) {
        zeren::logic::Answer::TooComplex(reason) => assert!(reason.to_string().contains("budget"), "{reason}"),
        other => panic!("one step cannot decide this: {other:?}"),
    }
    let roomy = zeren::logic::Config::from_limits(&Limits::default());
    assert!(matches!(zeren::logic::satisfiable_with(&roomy, &set, cond), zeren::logic::Answer::Yes(_)));
}

#[test]
fn an_endless_file_stops_at_the_size_limit() {
    // `/dev/zero` says it is empty and never ends.
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let err = zeren::load::load_paths(&["/dev/zero"]).expect_err("endless");
    assert!(err.to_string().contains("larger than the limit"), "{err}");
    let (code, _, stderr) = zeren(&["route", "/dev/zero", "--ticket", "{}"], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("larger than the limit"), "{stderr}");
}
