//! Static analysis (docs/spec.md §8): a golden rendering of every finding code as
//! `zeren check` prints it, the JSON form, exit codes, the shipped rules, and
//! property tests that every witness reproduces its finding on random rule
//! sets and that a rule set free of `overlap` disputes no single-topic ticket.
#![expect(clippy::panic, clippy::expect_used, reason = "tests fail by panicking")]

use proptest::prelude::*;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use zeren::analyze::{analyze, reproduce, Config};
use zeren::decision::Method;
use zeren::diagnostic::Diagnostic;
use zeren::ir::RuleSet;
use zeren::ticket::{OwnedValue, Ticket};

/// The shared schema and departments. The matter on the last line names
/// every department (no golden shows `unused-department` unless it means
/// to); it is on that line so that the goldens' line numbers stay put.
const SCHEMA: &str =
    "schema { category: symbol  text: text  venue: symbol [超市, 商场, 健身房]  amount: number  online: bool }
department scjg \"市场监督管理局\"
department gaj  \"公安局\"
department swj  \"商务局\"
department shzl \"市社会治理服务中心\"  matter 部门表 { when text has \"（部门表）\" lead gaj assist scjg, swj liaise shzl }
";
const COORDINATOR: &str = "coordinator shzl\n";

fn write_rules(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zeren-analyze-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.rules"));
    std::fs::write(&path, body).expect("write temp rules");
    path
}

fn zeren(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zeren")).args(args).env("NO_COLOR", "1").output().expect("run zeren")
}

/// `zeren check` on a rule file: exit status and everything printed, the
/// temporary directory replaced by a stable name.
fn check(name: &str, body: &str, extra: &[&str]) -> (i32, String) {
    let path = write_rules(name, body);
    let mut args = vec!["check", path.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    let out = zeren(&args);
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let dir = path.parent().map(|p| p.display().to_string()).unwrap_or_default();
    (out.status.code().unwrap_or(-1), text.replace(&dir, "<dir>"))
}

macro_rules! golden {
    ($test:ident, $code:literal, $status:expr, $body:expr $(, $arg:literal)*) => {
        #[test]
        fn $test() {
            let (status, text) = check(stringify!($test), &$body, &[$($arg),*]);
            assert!(text.contains(concat!("\n", $code, "\n")) || text.starts_with(concat!($code, "\n")), "expected code {}:\n{text}", $code);
            assert_eq!(status, $status, "exit status:\n{text}");
            insta::assert_snapshot!(text);
        }
    };
}

golden!(
    overlap,
    "overlap",
    1,
    format!("{SCHEMA}{COORDINATOR}item 健身退费 {{ when text has any [\"健身\", \"退卡\"] lead scjg basis \"a\" }}\nitem 健身纠纷 {{ when text has any [\"健身\", \"瑜伽\"] lead gaj basis \"b\" }}\n")
);
golden!(
    mixed_topics,
    "mixed-topics",
    0,
    format!("{SCHEMA}{COORDINATOR}item 健身 {{ when text has \"健身\" lead scjg basis \"a\" }}\nitem 噪音 {{ when text has \"噪音\" lead gaj basis \"b\" }}\n"),
    "--mixed"
);
golden!(
    gap,
    "gap",
    0,
    format!("{SCHEMA}{COORDINATOR}matter 交通 {{\n  when category = 交通\n  item 拥堵 {{ when text has \"拥堵\" lead gaj basis \"a\" }}\n}}\n")
);
golden!(
    shadowed,
    "shadowed",
    0,
    format!("{SCHEMA}{COORDINATOR}item 退费 {{ when text has \"退费\" priority 1 lead scjg basis \"a\" }}\nitem 大额退费 {{ when text has \"退费\" and amount > 100 lead swj basis \"b\" }}\n")
);
golden!(
    unsatisfiable,
    "unsatisfiable",
    0,
    format!("{SCHEMA}{COORDINATOR}item 金额 {{\n  when amount > 100 and amount < 50\n  lead scjg\n  basis \"a\"\n}}\n")
);
golden!(
    no_coordinator,
    "no-coordinator",
    0,
    format!("{SCHEMA}item 退费 {{ when text has \"退费\" lead scjg basis \"a\" }}\n")
);
golden!(
    missing_basis,
    "missing-basis",
    0,
    format!("{SCHEMA}{COORDINATOR}item 退费 {{ when text has \"退费\" lead scjg }}\n")
);
golden!(overlap_nested_keywords, "overlap", 1, ISSUE_12, "--deny", "warnings");
golden!(too_complex, "limit", 0, format!("{SCHEMA}{COORDINATOR}{}", pathological(16)));

/// The list of issue 12: one keyword, 暖气漏水, meets both guards (暖气 and,
/// inside it, 漏水) and both items' conditions: a ticket about one thing that
/// is disputed.
const ISSUE_12: &str = include_str!("corpus/issue_12.rules");

/// An item whose condition's normal form has 2^n terms.
fn pathological(n: usize) -> String {
    let conj: Vec<String> = (0..n).map(|i| format!("(text has \"甲{i}\" or text has \"乙{i}\")")).collect();
    format!("item 爆炸 {{\n  when {}\n  lead scjg\n  basis \"a\"\n}}\n", conj.join(" and "))
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let body = format!("{SCHEMA}{COORDINATOR}matter 交通 {{\n  when category = 交通\n  item 拥堵 {{ when text has \"拥堵\" lead gaj basis \"a\" }}\n}}\n");
    assert_eq!(check("deny_ok", &body, &[]).0, 0);
    assert_eq!(check("deny_fail", &body, &["--deny", "warnings"]).0, 1);
    let clean = format!("{SCHEMA}{COORDINATOR}item 拥堵 {{ when text has \"拥堵\" lead gaj basis \"a\" }}\n");
    assert_eq!(check("deny_clean", &clean, &["--deny", "warnings"]).0, 0);
}

#[test]
fn unreadable_input_exits_2() {
    assert_eq!(zeren(&["check", "/nonexistent/zeren.rules"]).status.code(), Some(2));
}

#[test]
fn json_has_the_spec_fields_and_stats() {
    let body = format!("{SCHEMA}{COORDINATOR}item 健身退费 {{ when text has \"健身\" lead scjg basis \"a\" }}\nitem 健身纠纷 {{ when text has \"健身\" lead gaj }}\n");
    let (status, text) = check("json", &body, &["--format", "json"]);
    assert_eq!(status, 1);
    let json: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
    let overlap = &json["diagnostics"][0];
    assert_eq!(overlap["severity"], "error");
    assert_eq!(overlap["code"], "overlap");
    assert_eq!(overlap["file"], "<dir>/json.rules");
    assert_eq!(overlap["line"], 7);
    assert_eq!(overlap["column"], 6);
    assert_eq!(overlap["items"], serde_json::json!(["健身退费", "健身纠纷"]));
    assert_eq!(overlap["witness"], serde_json::json!({"text": "健身"}));
    let stats = &json["stats"];
    assert_eq!(
        (stats["departments"].as_u64(), stats["items"].as_u64(), stats["keywords"].as_u64()),
        // Two keywords: the items' 健身 and the 部门表 matter's guard.
        (Some(4), Some(2), Some(2))
    );
    assert!(json["diagnostics"].as_array().expect("array").iter().any(|d| d["code"] == "missing-basis"));
}

#[test]
fn load_errors_are_check_findings() {
    let (status, text) = check("load_error", &format!("{SCHEMA}item 甲 {{ lead scjg }}\n"), &["--format", "json"]);
    assert_eq!(status, 1);
    assert!(text.contains("empty-condition"), "{text}");
}

#[test]
fn shipped_rules_check_cleanly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let out = zeren(&["check", dir, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let errors: Vec<&serde_json::Value> =
        json["diagnostics"].as_array().expect("array").iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "the shipped rules have errors: {errors:#?}");
    assert_eq!(out.status.code(), Some(0));
    assert!(json["stats"]["items"].as_u64() > Some(100));
}

#[test]
fn shipped_witnesses_reproduce() {
    let rules = zeren::load::load_paths(&[concat!(env!("CARGO_MANIFEST_DIR"), "/rules")]).expect("shipped rules load");
    let analysis = analyze(&rules, &Config::new().list_mixed(true).mixed_budget(2_000));
    let mut route = |t: &Ticket| zeren::matcher::reference::route(&rules, t);
    for d in &analysis.diagnostics {
        reproduce(&rules, d, &mut route).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn pathological_rules_get_a_limit_finding_quickly() {
    let rules = zeren::load::load_str("p.rules", &format!("{SCHEMA}{COORDINATOR}{}", pathological(40))).expect("loads");
    let start = Instant::now();
    let analysis = analyze(&rules, &Config::new());
    assert!(start.elapsed() < Duration::from_secs(20), "took {:?}", start.elapsed());
    let limit = analysis.diagnostics.iter().find(|d| d.code.as_str() == "limit").expect("a limit finding");
    assert!(limit.message.starts_with("too complex to analyse: "), "{}", limit.message);
}

#[test]
fn a_third_item_that_always_settles_the_pair_means_no_overlap() {
    // 甲 and 乙 co-match only on tickets that 丙 (priority 1) also matches.
    let rules = zeren::load::load_str(
        "s.rules",
        &format!(
            "{SCHEMA}{COORDINATOR}item 甲 {{ when text has \"退费\" lead scjg basis \"a\" }}\nitem 乙 {{ when text has \"退费\" lead gaj basis \"b\" }}\nitem 丙 {{ when text has \"退费\" priority 1 lead swj basis \"c\" }}\n"
        ),
    )
    .expect("loads");
    let codes: Vec<&str> = analyze(&rules, &Config::new()).diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(!codes.contains(&"overlap") && !codes.contains(&"mixed-topics"), "{codes:?}");
}

#[test]
fn specificity_settles_contained_keywords() {
    let rules = zeren::load::load_str(
        "k.rules",
        &format!("{SCHEMA}{COORDINATOR}item 停车 {{ when text has \"停车\" lead scjg basis \"a\" }}\nitem 停车场 {{ when text has \"停车场\" lead gaj basis \"b\" }}\n"),
    )
    .expect("loads");
    assert!(analyze(&rules, &Config::new()).diagnostics.is_empty());
}

// ------------------------------------------------- one finding, one behaviour
//
// Each of these kills mutants of src/analyze/overlap.rs that the goldens and
// the properties let through (the mutation-testing table in fuzz/README.md).

/// The findings of `zeren check` on `items` under the shared schema and
/// coordinator; every witness is first checked by routing it.
fn findings(items: &str, config: &Config) -> Vec<Diagnostic> {
    let rules = zeren::load::load_str("t.rules", &format!("{SCHEMA}{COORDINATOR}{items}")).expect("loads");
    let analysis = analyze(&rules, config);
    let mut route = |t: &Ticket| zeren::matcher::reference::route(&rules, t);
    for d in &analysis.diagnostics {
        reproduce(&rules, d, &mut route).unwrap_or_else(|e| panic!("{e}"));
    }
    analysis.diagnostics
}

fn with_code<'d>(diagnostics: &'d [Diagnostic], code: &str) -> Vec<&'d Diagnostic> {
    diagnostics.iter().filter(|d| d.code.as_str() == code).collect()
}

#[test]
fn an_overlap_at_another_items_threshold_is_found() {
    // A parking ticket of 101 goes to 停车收费 alone; one of 1000 or more also
    // meets 大额投诉. Numbers are tried at every threshold of the items a
    // ticket can reach, not only the item's own.
    let ds = findings(
        "item 停车收费 { when text has \"停车\" and amount > 100 lead scjg basis \"a\" }\nitem 大额投诉 { when amount >= 1000 lead gaj basis \"b\" }\n",
        &Config::new(),
    );
    let overlaps = with_code(&ds, "overlap");
    assert_eq!(overlaps.len(), 1, "{ds:#?}");
    assert_eq!(overlaps[0].items, ["停车收费", "大额投诉"]);
    let witness = overlaps[0].witness.as_ref().expect("a witness");
    assert_eq!((witness["text"].as_str(), witness["amount"].as_f64()), (Some("停车"), Some(1000.0)), "{witness}");
    // A whole number prints as the author wrote the threshold.
    assert_eq!(witness.to_string(), r#"{"amount":1000,"text":"停车"}"#);
}

#[test]
fn items_that_take_a_ticket_by_priority_and_dispute_it_overlap() {
    // The ticket about 退费健身 (both words, online) is taken from it by three
    // priority items that dispute it: 退费 and 健身 share their roles, so the
    // overlap is between 退费 and 网购, named in file order.
    let ds = findings(
        concat!(
            "item 退费健身 { when text has all [\"退费\", \"健身\"] and online lead scjg basis \"a\" }\n",
            "item 退费 { when text has \"退费\" priority 1 lead gaj basis \"b\" }\n",
            "item 健身 { when text has \"健身\" priority 1 lead gaj basis \"c\" }\n",
            "item 网购 { when online priority 1 lead swj basis \"d\" }\n",
        ),
        &Config::new(),
    );
    let overlaps = with_code(&ds, "overlap");
    assert!(
        overlaps.iter().any(|d| d.items == ["退费", "网购"]
            && d.message == "a ticket about one thing is disputed between `退费` and `网购`"),
        "{ds:#?}"
    );
    assert!(!overlaps.iter().any(|d| d.items.contains(&"健身".to_string()) && d.items.contains(&"退费".to_string())));
}

#[test]
fn a_mixed_pair_is_first_sought_by_joining_single_topic_tickets() {
    // With no solver rounds, a `mixed-topics` witness can only join one
    // single-topic ticket of each item, and the ones kept are those with the
    // fewest values that can clash: 健身's text-only ticket, not its category
    // tickets (噪音 needs category 丁).
    let ds = findings(
        concat!(
            "item 健身 { when category in [甲, 乙, 丙] or text has \"健身\" lead scjg basis \"a\" }\n",
            "item 噪音 { when category = 丁 and text has \"噪音\" lead gaj basis \"b\" }\n",
        ),
        &Config::new().rounds(0).list_mixed(true),
    );
    let pairs: Vec<_> = with_code(&ds, "mixed-topics").into_iter().filter(|d| !d.items.is_empty()).collect();
    assert_eq!(pairs.len(), 1, "{ds:#?}");
    assert_eq!(pairs[0].items, ["健身", "噪音"]);
    assert_eq!(pairs[0].witness, Some(serde_json::json!({"category": "丁", "text": "健身，噪音"})));
}

#[test]
fn items_that_need_different_values_do_not_use_up_the_mixed_budget() {
    // 超市退费 and 商场退费 can never meet one ticket (one venue each), so of
    // the pairs with different owners only three can be disputed, and a
    // budget of three pairs counts them all.
    let items = concat!(
        "item 超市退费 { when venue = 超市 and text has \"退费\" lead scjg basis \"a\" }\n",
        "item 商场退费 { when venue = 商场 and text has \"退费\" lead gaj basis \"b\" }\n",
        "item 健身 { when text has \"健身\" lead scjg basis \"c\" }\n",
        "item 噪音 { when text has \"噪音\" lead gaj basis \"d\" }\n",
    );
    let ds = findings(items, &Config::new().mixed_budget(3));
    let summary = with_code(&ds, "mixed-topics");
    assert_eq!(summary.len(), 1, "{ds:#?}");
    assert!(summary[0].message.starts_with("3 pair(s) of items"), "{}", summary[0].message);
    // A budget of two stops the count, and says so.
    let ds = findings(items, &Config::new().mixed_budget(2));
    let summary = with_code(&ds, "mixed-topics");
    assert_eq!(summary.len(), 1, "{ds:#?}");
    let message = &summary[0].message;
    assert!(
        message.starts_with("at least 2 pair(s)") && message.contains("counting stopped after 2 pairs"),
        "{message}"
    );
}

#[test]
fn only_pairs_that_can_meet_one_ticket_are_examined_for_mixed_topics() {
    // (甲's requirement, 乙's, whether one ticket can meet both). A pair that
    // can is counted; one that cannot (one venue each, number ranges that do
    // not touch) is not even examined, so a budget of no pairs is not used up.
    let cases = [
        ("amount >= 100", "amount <= 100", true),
        ("amount <= 100", "amount >= 100", true),
        ("amount > 100", "amount > 200", true),
        ("amount >= 100", "amount > 100", true),
        ("amount < 100", "amount <= 100", true),
        ("venue = 超市", "venue = 超市", true),
        ("venue in [超市, 商场]", "venue in [商场, 健身房]", true),
        ("venue in [超市, 商场]", "venue = 商场", true),
        ("amount > 100", "amount < 50", false),
        ("amount < 50", "amount > 100", false),
        ("amount > 100", "amount <= 100", false),
        ("amount >= 100", "amount < 100", false),
        ("amount <= 100", "amount > 100", false),
        ("amount < 100", "amount >= 100", false),
        ("amount >= 100", "amount <= 50", false),
        ("amount >= 100 and amount <= 100", "amount > 100", false),
        ("amount >= 100 and amount <= 100", "amount < 100", false),
        ("amount > 50 and amount < 80", "amount > 100", false),
        ("amount > 120 and amount < 150", "amount < 100", false),
        ("venue in [超市, 商场]", "venue = 健身房", false),
    ];
    for (a, b, meet) in cases {
        let items = format!(
            "item 甲 {{ when text has \"甲\" and {a} lead scjg basis \"a\" }}\nitem 乙 {{ when text has \"乙\" and {b} lead gaj basis \"b\" }}\n"
        );
        let config = if meet { Config::new() } else { Config::new().mixed_budget(0) };
        let ds = findings(&items, &config);
        let summary: Vec<&str> = with_code(&ds, "mixed-topics").iter().map(|d| d.message.as_str()).collect();
        if meet {
            assert!(summary.len() == 1 && summary[0].starts_with("1 pair(s) "), "{a} / {b}: {summary:?}");
        } else {
            assert!(summary.is_empty(), "{a} / {b}: {summary:?}");
        }
    }
}

#[test]
fn pairs_that_routing_always_settles_are_not_examined_for_mixed_topics() {
    // Same roles, different priorities, `over` either way, an item no ticket
    // meets, a pair already reported as an `overlap`: none of these pairs can
    // be a `mixed-topics` pair, so a budget of no pairs is not used up.
    let cases = [
        ("text has \"甲\" lead scjg", "text has \"乙\" lead scjg"),
        ("text has \"甲\" lead scjg", "text has \"乙\" lead gaj priority 1"),
        ("text has \"甲\" lead scjg over 乙", "text has \"乙\" lead gaj"),
        ("text has \"甲\" lead scjg", "text has \"乙\" lead gaj over 甲"),
        ("text has \"甲\" and amount > 100 and amount < 50 lead scjg", "text has \"乙\" lead gaj"),
        ("text has \"甲\" lead scjg", "text has \"乙\" and amount > 100 and amount < 50 lead gaj"),
        ("text has \"甲\" lead scjg", "text has \"甲\" lead gaj"),
    ];
    for (a, b) in cases {
        let items = format!("item 甲 {{ when {a} basis \"a\" }}\nitem 乙 {{ when {b} basis \"b\" }}\n");
        let ds = findings(&items, &Config::new().mixed_budget(0));
        let summary: Vec<&str> = with_code(&ds, "mixed-topics").iter().map(|d| d.message.as_str()).collect();
        assert!(summary.is_empty(), "{a} / {b}: {summary:?}");
    }
}

#[test]
fn a_mixed_pair_needs_a_ticket_disputed_between_those_two() {
    // Every ticket that meets 甲 also meets 丙, which is `over` 乙: a ticket
    // raising both 甲's and 乙's topics is disputed between 甲 and 丙 (the
    // overlap reported), never between 甲 and 乙, so there is no mixed pair.
    let ds = findings(
        concat!(
            "item 甲 { when text has \"甲\" lead scjg basis \"a\" }\n",
            "item 乙 { when text has \"乙\" lead gaj basis \"b\" }\n",
            "item 丙 { when text has \"甲\" lead swj over 乙 basis \"c\" }\n",
        ),
        &Config::new().list_mixed(true),
    );
    assert!(with_code(&ds, "overlap").iter().any(|d| d.items == ["甲", "丙"]), "{ds:#?}");
    assert!(with_code(&ds, "mixed-topics").is_empty(), "{ds:#?}");
}

#[test]
fn a_mixed_pair_is_found_past_the_items_that_interfere() {
    // Joined, the single-topic tickets of 甲 and 乙 ({"text": "甲，乙"}) are
    // not disputed between them: 丙 takes 乙's place (`over`), or 丁, more
    // specific than both, wins. Only a ticket that also says `online` keeps
    // them both in dispute, and the analysis finds it.
    for third in [
        "item 丙 { when text has \"乙\" and not online lead swj over 乙 basis \"c\" }\n",
        "item 丁 { when text has all [\"甲\", \"乙\"] and not online lead swj basis \"d\" }\n",
    ] {
        let items = format!(
            "item 甲 {{ when text has \"甲\" lead scjg basis \"a\" }}\nitem 乙 {{ when text has \"乙\" lead gaj basis \"b\" }}\n{third}"
        );
        let ds = findings(&items, &Config::new().list_mixed(true));
        let pair = with_code(&ds, "mixed-topics").into_iter().find(|d| d.items == ["甲", "乙"]);
        let witness =
            pair.and_then(|d| d.witness.as_ref()).unwrap_or_else(|| panic!("no 甲/乙 pair with\n{third}{ds:#?}"));
        assert_eq!(witness["online"], serde_json::json!(true), "{witness}");
    }
}

#[test]
fn the_issue_12_overlap_names_the_guard_keyword_and_the_over_line() {
    let rules = zeren::load::load_str("i.rules", ISSUE_12).expect("loads");
    let analysis = analyze(&rules, &Config::new());
    let overlap = with_code(&analysis.diagnostics, "overlap");
    assert_eq!(overlap.len(), 1, "{:#?}", analysis.diagnostics);
    assert_eq!(overlap[0].witness, Some(serde_json::json!({"text": "暖气漏水"})));
    let help = overlap[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("`漏水` in the guard of matter `物业` matches inside `暖气漏水`"), "{help}");
    assert!(help.contains("add `over 楼上漏水` to item `暖气漏水`"), "{help}");
}

#[test]
fn mixed_pairs_inside_one_matter_are_listed_first() {
    // 健身/噪音 and 健身/退费 cross matters; 噪音/退费 share the matter 邻里,
    // so it is named in the summary and listed first.
    let ds = findings(
        concat!(
            "item 健身 { when text has \"健身\" lead scjg basis \"a\" }\n",
            "matter 邻里 {\n  item 噪音 { when text has \"噪音\" lead gaj basis \"b\" }\n",
            "  item 退费 { when text has \"退费\" lead swj basis \"c\" }\n}\n",
        ),
        &Config::new().list_mixed(true),
    );
    let mixed = with_code(&ds, "mixed-topics");
    assert_eq!(mixed.len(), 4, "{ds:#?}");
    assert!(mixed[0].items.is_empty() && mixed[0].message.starts_with("3 pair(s)"), "{ds:#?}");
    let help = mixed[0].help.as_deref().unwrap_or_default();
    assert!(
        help.contains(
            "worth a look first: 1 pair(s) inside one matter, 3 whose ticket needs only two keywords — `噪音` / `退费`"
        ),
        "{help}"
    );
    assert_eq!(mixed[1].items, ["噪音", "退费"]);
}

// ------------------------------------------------------------ properties

const KEYWORDS: &[&str] = &["退费", "健身", "停车", "停车场", "噪音"];
const VENUES: &[&str] = &["超市", "商场", "健身房"];

/// A random condition over the shared schema, at most `depth` deep.
fn cond(depth: u32) -> BoxedStrategy<String> {
    let atom = prop_oneof![
        proptest::sample::subsequence(KEYWORDS, 1..3).prop_map(|ks| format!("text has any [{}]", quote(&ks))),
        proptest::sample::subsequence(KEYWORDS, 2..3).prop_map(|ks| format!("text has all [{}]", quote(&ks))),
        proptest::sample::select(VENUES).prop_map(|v| format!("venue = {v}")),
        proptest::sample::select(VENUES).prop_map(|v| format!("venue != {v}")),
        (proptest::sample::select(&["<", ">=", ">"][..]), proptest::sample::select(&[50, 100][..]))
            .prop_map(|(op, n)| format!("amount {op} {n}")),
        Just("online".to_string()),
        Just("category = 预付卡".to_string()),
    ];
    if depth == 0 {
        return atom.boxed();
    }
    prop_oneof![
        3 => atom,
        1 => (cond(depth - 1), cond(depth - 1)).prop_map(|(a, b)| format!("({a} and {b})")),
        1 => (cond(depth - 1), cond(depth - 1)).prop_map(|(a, b)| format!("({a} or {b})")),
        1 => cond(depth - 1).prop_map(|a| format!("not ({a})")),
    ]
    .boxed()
}

fn quote(ks: &[&str]) -> String {
    ks.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
}

/// A random rule set: a few items (some in a matter with a guard), random
/// leads and priorities, maybe a coordinator and a fallback.
fn rule_set() -> impl Strategy<Value = String> {
    let item = (cond(2), 0..3usize, 0..4u8);
    (proptest::collection::vec(item, 1..6), any::<bool>(), any::<bool>(), proptest::option::of(cond(1))).prop_map(
        |(items, coordinator, fallback, guard)| {
            let mut s = SCHEMA.to_string();
            if coordinator {
                s.push_str(COORDINATOR);
            }
            if fallback {
                s.push_str("fallback { nearest threshold 0.5 }\n");
            }
            let leads = ["scjg", "gaj", "swj"];
            let mut body = String::new();
            for (i, (c, lead, prio)) in items.iter().enumerate() {
                let priority = if *prio == 3 { " priority 1" } else { "" };
                body.push_str(&format!("item 事项{i} {{ when {c} lead {}{priority} basis \"b\" }}\n", leads[*lead]));
            }
            match guard {
                Some(g) => s.push_str(&format!("matter 领域 {{\n  when {g}\n{body}}}\n")),
                None => s.push_str(&body),
            }
            s
        },
    )
}

/// A ticket over the shared schema from the same keywords and values.
fn ticket() -> impl Strategy<Value = (Vec<&'static str>, Option<&'static str>, Option<f64>, Option<bool>, bool)> {
    (
        proptest::sample::subsequence(KEYWORDS, 0..3),
        proptest::option::of(proptest::sample::select(VENUES)),
        proptest::option::of(proptest::sample::select(&[10.0, 50.0, 75.0, 100.0, 150.0][..])),
        proptest::option::of(any::<bool>()),
        any::<bool>(),
    )
}

fn build(
    rules: &RuleSet,
    kws: &[&str],
    venue: Option<&str>,
    amount: Option<f64>,
    online: Option<bool>,
    category: bool,
) -> Ticket {
    let mut t = Ticket::default();
    let mut set = |name: &str, v: OwnedValue| {
        let attr = rules.attr(name).expect("schema attribute");
        t.set(&rules.attrs, attr, v).expect("valid value");
    };
    if !kws.is_empty() {
        set("text", OwnedValue::Text(kws.join("，")));
    }
    if let Some(v) = venue {
        set("venue", OwnedValue::Symbol(v.to_string()));
    }
    if let Some(a) = amount {
        set("amount", OwnedValue::Number(a));
    }
    if let Some(o) = online {
        set("online", OwnedValue::Bool(o));
    }
    if category {
        set("category", OwnedValue::Symbol("预付卡".to_string()));
    }
    t
}

/// Whether the ticket carries just what `item` needs: it matches, and
/// removing any one fact (a keyword, a value) makes it fail. Only tickets
/// whose text contains exactly the chosen keywords (none inside another)
/// have well-defined facts.
fn single_topic_for(
    rules: &RuleSet,
    cond: &zeren::ir::Cond,
    t: &(Vec<&str>, Option<&str>, Option<f64>, Option<bool>, bool),
) -> bool {
    let (kws, venue, amount, online, category) = t;
    let text = kws.join("，");
    if KEYWORDS.iter().filter(|k| text.contains(*k)).count() != kws.len() {
        return false;
    }
    let holds = |kws: &[&str], v, a, o, c| zeren::ir::eval::holds(rules, cond, &build(rules, kws, v, a, o, c));
    if !holds(kws, *venue, *amount, *online, *category) {
        return false;
    }
    let without_kw = (0..kws.len()).any(|i| {
        let rest: Vec<&str> = kws.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, k)| *k).collect();
        holds(&rest, *venue, *amount, *online, *category)
    });
    let without_value = (venue.is_some() && holds(kws, None, *amount, *online, *category))
        || (amount.is_some() && holds(kws, *venue, None, *online, *category))
        || (online.is_some() && holds(kws, *venue, *amount, None, *category))
        || (*category && holds(kws, *venue, *amount, *online, false));
    !without_kw && !without_value
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn witnesses_reproduce_on_random_rule_sets(text in rule_set()) {
        let Ok(rules) = zeren::load::load_str("random.rules", &text) else { return Ok(()) };
        let analysis = analyze(&rules, &Config::new().list_mixed(true));
        let mut route = |t: &Ticket| zeren::matcher::reference::route(&rules, t);
        for d in &analysis.diagnostics {
            if let Err(e) = reproduce(&rules, d, &mut route) {
                prop_assert!(false, "{}\nin:\n{}", e, text);
            }
        }
    }

    #[test]
    fn without_overlap_no_single_topic_ticket_is_disputed(text in rule_set(), tickets in proptest::collection::vec(ticket(), 24)) {
        let Ok(rules) = zeren::load::load_str("random.rules", &text) else { return Ok(()) };
        let analysis = analyze(&rules, &Config::new());
        let skip = analysis.diagnostics.iter().any(|d| matches!(d.code.as_str(), "overlap" | "limit"));
        if skip {
            return Ok(());
        }
        for t in &tickets {
            for item in &rules.items {
                if single_topic_for(&rules, &item.effective, t) {
                    let ticket = build(&rules, &t.0, t.1, t.2, t.3, t.4);
                    let d = zeren::matcher::reference::route(&rules, &ticket);
                    prop_assert!(d.method != Method::Disputed, "single-topic ticket for `{}` is disputed: {}\nin:\n{}", item.name, ticket.to_json(&rules.attrs), text);
                }
            }
        }
    }
}

#[test]
fn a_witness_that_does_not_show_its_finding_is_a_typed_error() {
    use zeren::analyze::NotReproduced;
    let rules = zeren::load::load_str(
        "r.rules",
        &format!("{SCHEMA}{COORDINATOR}item 甲 {{ when text has \"退费\" lead scjg basis \"a\" }}\nitem 乙 {{ when text has \"退费\" lead gaj basis \"b\" }}\n"),
    )
    .expect("loads");
    let analysis = analyze(&rules, &Config::new());
    let overlap = analysis.diagnostics.iter().find(|d| d.code.as_str() == "overlap").expect("an overlap");
    let mut route = |t: &Ticket| zeren::matcher::reference::route(&rules, t);
    assert_eq!(reproduce(&rules, overlap, &mut route), Ok(()));
    let mut moved = overlap.clone();
    moved.witness = Some(serde_json::json!({"text": "无关"}));
    match reproduce(&rules, &moved, &mut route) {
        Err(NotReproduced::Routed { code, decision, .. }) => {
            assert_eq!(code.as_str(), "overlap");
            assert_eq!(decision.method, Method::Unclaimed);
        }
        other => panic!("expected Routed, got {other:?}"),
    }
    moved.witness = Some(serde_json::json!({"amount": "many"}));
    let err = reproduce(&rules, &moved, &mut route).expect_err("not a ticket");
    assert!(matches!(err, NotReproduced::InvalidWitness { .. }), "{err:?}");
    assert!(err.to_string().starts_with("overlap witness {\"amount\":\"many\"} is not a valid ticket: "), "{err}");
}

#[test]
fn the_compiled_matcher_gives_the_same_outcome_as_the_reference_router() {
    let rules = zeren::load::load_str(
        "o.rules",
        &format!("{SCHEMA}{COORDINATOR}matter 甲 {{ when text has \"退\" lead scjg item 退费 {{ when text has \"退费\" }} }}\nmatter 乙 {{ when text has \"费\" lead gaj item 收费 {{ when text has \"收费\" }} }}\nitem 丙 {{ when text has \"退费\" lead swj }}\n"),
    )
    .expect("loads");
    let compiled = zeren::Rules::new(&rules).expect("compiles");
    let mut cache = compiled.create_cache();
    for text in ["退费", "收费", "退还费用", "其他", "退费收费"] {
        let t =
            Ticket::from_value(&rules.attrs, &serde_json::json!({ "text": text }), zeren::ticket::Strictness::Strict)
                .expect("ticket");
        assert_eq!(
            compiled.route(&mut cache, &t).to_outcome(),
            zeren::matcher::reference::route_outcome(&rules, &t),
            "{text}"
        );
    }
}

// ------------------------------------------------------------ v2 declarations

const DATED: &str = "schema { text: text  受理日期: date }
department scjg \"市场监督管理局\"
department shzl \"市社会治理服务中心\"
coordinator shzl
clock 受理日期 default 2025-01-01
";

golden!(
    unused_department,
    "unused-department",
    1,
    "schema { text: text }\ndepartment scjg \"市场监督管理局\"\ndepartment zjj \"住房和城乡建设局\"\ndepartment shzl \"市社会治理服务中心\"\ncoordinator shzl\nitem 退费 { when text has \"退费\" lead scjg basis \"a\" }\n",
    "--deny",
    "warnings"
);
golden!(
    expired,
    "expired",
    0,
    format!(
        "{DATED}matter 旧规 {{\n  when text has \"预付卡\"\n  lead scjg\n  basis \"a\"\n  effective ..2024-06-30\n  item 退卡 {{ when text has \"退卡\" }}\n}}\nitem 旧退费 {{ when text has \"退费\" lead scjg basis \"b\" effective 2020-01-01..2024-12-31 }}\nitem 新退费 {{ when text has \"退款\" lead scjg basis \"c\" effective 2025-01-01.. }}\n"
    )
);

#[test]
fn departments_named_only_by_territory_coordinator_or_a_matter_are_used() {
    let rules = zeren::load::load_str(
        "u.rules",
        "schema { text: text  街道: symbol [甲街, 乙街] }
department a
department b
department c
department d
department e
department unused
coordinator c
territory 街道 { 甲街 -> a  otherwise b }
matter m { when text has \"x\" lead d item i { when text has \"xy\" lead territory assist e } }
",
    )
    .expect("loads");
    let unused: Vec<String> = analyze(&rules, &Config::new())
        .diagnostics
        .into_iter()
        .filter(|d| d.code.as_str() == "unused-department")
        .map(|d| d.message)
        .collect();
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert!(unused[0].starts_with("department `unused`"), "{unused:?}");
}

#[test]
fn an_item_ending_on_the_clock_date_is_not_expired() {
    let rules = zeren::load::load_str(
        "e.rules",
        &format!("{DATED}item 今天 {{ when text has \"a\" lead scjg basis \"x\" effective ..2025-01-01 }}\nitem 昨天 {{ when text has \"b\" lead scjg basis \"x\" effective ..2024-12-31 }}\nitem 开放 {{ when text has \"c\" lead scjg basis \"x\" effective 2020-01-01.. }}\n"),
    )
    .expect("loads");
    let expired: Vec<Vec<String>> = analyze(&rules, &Config::new())
        .diagnostics
        .into_iter()
        .filter(|d| d.code.as_str() == "expired")
        .map(|d| d.items)
        .collect();
    assert_eq!(expired, [["昨天"]]);
}

// ------------------------------------------------------------- v2 dates

/// Routes as docs/spec.md §5 "In force" says, on the reference router: the
/// items and matters whose `effective` ranges (own and enclosing) miss the
/// ticket's date (its clock attribute, else the clock's default) are as if
/// not declared. (The routers apply the filter themselves once in-force
/// routing lands; this keeps the analysis tests independent of that.)
fn in_force_route(rules: &RuleSet, t: &Ticket) -> zeren::matcher::reference::Outcome {
    let clock = rules.clock.as_ref().expect("a clock");
    let date = t
        .values()
        .find(|(a, _)| *a == clock.attr)
        .and_then(|(_, v)| match v {
            OwnedValue::Date(d) => Some(*d),
            _ => None,
        })
        .unwrap_or(clock.default);
    let on = |r: &Option<zeren::ir::DateRange>| r.is_none_or(|r| r.contains(date));
    let mut restricted = rules.clone();
    let matters: Vec<bool> = rules.matters.iter().map(|m| on(&m.effective_range)).collect();
    for m in &mut restricted.matters {
        if !m.path.iter().all(|p| matters[p.index()]) {
            m.guard = None;
            m.has_own_lead = false;
        }
    }
    for i in &mut restricted.items {
        if !(on(&i.effective_range) && i.path.iter().all(|p| matters[p.index()])) {
            i.effective = zeren::ir::Cond::Or(Vec::new());
            i.near = None;
        }
    }
    zeren::matcher::reference::route_outcome(&restricted, t)
}

/// The findings on `items` under `DATED`, routed in force, each witness
/// reproduced the same way.
fn dated_findings(items: &str) -> Vec<Diagnostic> {
    let rules = zeren::load::load_str("d.rules", &format!("{DATED}{items}")).expect("loads");
    let mut route = |t: &Ticket| in_force_route(&rules, t);
    let analysis = zeren::analyze::analyze_with(&rules, &Config::new(), &mut route);
    let mut named = |t: &Ticket| in_force_route(&rules, t).to_decision(&rules);
    for d in &analysis.diagnostics {
        reproduce(&rules, d, &mut named).unwrap_or_else(|e| panic!("{e}"));
    }
    analysis.diagnostics
}

#[test]
fn items_whose_ranges_do_not_meet_never_overlap() {
    let found = dated_findings(
        "item 旧退费 { when text has \"退费\" lead scjg basis \"a\" effective ..2024-12-31 }\nitem 新退费 { when text has \"退费\" lead shzl basis \"b\" effective 2025-01-01.. }\n",
    );
    let codes: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["expired"], "{found:?}");
}

#[test]
fn an_overlap_away_from_the_clock_date_carries_its_date() {
    let found = dated_findings(
        "item 甲 { when text has \"退费\" lead scjg basis \"a\" effective 2023-01-01..2023-12-31 }\nitem 乙 { when text has \"退费\" lead shzl basis \"b\" effective 2023-06-01..2026-01-01 }\n",
    );
    let overlap = with_code(&found, "overlap");
    assert_eq!(overlap.len(), 1, "{found:?}");
    let w = overlap[0].witness.as_ref().expect("a witness");
    assert_eq!(w["text"], "退费");
    let date = w["受理日期"].as_str().expect("the witness is dated");
    assert!(("2023-06-01"..="2023-12-31").contains(&date), "{date}");
}

#[test]
fn an_item_that_wins_in_another_epoch_is_not_shadowed() {
    // 乙 beats 甲 while in force (until 2023); 甲 wins on the clock's date.
    let found = dated_findings(
        "item 甲 { when text has \"退费\" lead scjg basis \"a\" }\nitem 乙 { when text has \"退费\" lead shzl basis \"b\" priority 1 effective ..2023-12-31 }\n",
    );
    assert!(with_code(&found, "shadowed").is_empty(), "{found:?}");
    // Without the range, 乙 always takes the ticket.
    let found = dated_findings(
        "item 甲 { when text has \"退费\" lead scjg basis \"a\" }\nitem 乙 { when text has \"退费\" lead shzl basis \"b\" priority 1 }\n",
    );
    assert_eq!(with_code(&found, "shadowed").len(), 1, "{found:?}");
}
