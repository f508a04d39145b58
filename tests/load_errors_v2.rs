//! The load-time errors of the v2 declarations and clauses (docs/spec.md §3,
//! §8a), each with its code, its caret and the fix in `help` (golden
//! renderings in `tests/snapshots/`), what the model carries for the routers,
//! and the v2 checks on tickets (dates, ranges, a key given twice).
#![expect(clippy::panic, reason = "a test fails by panicking, with the rendered diagnostics")]

use zeren::diagnostic::LoadError;
use zeren::ir::{Date, Deadline, RoleRef, RuleSet, TimeUnit};
use zeren::load::load_str;
use zeren::ticket::{Strictness, Ticket, TicketError};

#[path = "support/load_errors.rs"]
mod support;
use support::{errors, errors_zh, render};

fn load(text: &str) -> RuleSet {
    match load_str("test.rules", text) {
        Ok(r) => r,
        Err(LoadError::Rules { diagnostics, sources }) => panic!("{}", render(&diagnostics, &sources)),
        Err(e) => panic!("{e}"),
    }
}

const PRELUDE: &str = r#"
schema { text: text  street "所在镇街": symbol [鹿城街道, 北塘街道, 柳河镇]  受理日期: date  amount: number 0.. }
department lcjd "鹿城街道办事处"
department btjd
department shzl
department scjg
"#;

#[test]
fn golden_v2_syntax() {
    // Dates that are not calendar dates, and a deadline that is not whole:
    // every one reported at once.
    let text = r#"schema { d: date }
department a
clock d default 2023-02-29
item x {
  when d has "k"
  lead a
  effective 2024-13-01..1899-12-31
  deadline 1.5 days
}
"#;
    insta::assert_snapshot!("v2_syntax", errors(text));
    insta::assert_snapshot!("v2_syntax_zh", errors_zh(text));
}

#[test]
fn golden_v2_type() {
    let text = format!(
        "{PRELUDE}{}",
        r#"schema { n: text 1..2  m: number 5..1 }
territory amount { x -> lcjd otherwise shzl }
clock street default 2025-01-01
fallback { nearest threshold 0.5 homophone 1.5 }
item a { when text has "a" lead scjg effective 2025-01-01..2024-01-01 deadline 0 hours }
item b { when text has "b" lead scjg deadline -2 workdays }
"#
    );
    insta::assert_snapshot!("v2_type", errors(&text));
    insta::assert_snapshot!("v2_type_zh", errors_zh(&text));
}

#[test]
fn golden_v2_type_effective_needs_a_clock_and_domain() {
    let text = format!(
        "{PRELUDE}{}",
        r#"territory street { 鹿城街道 -> lcjd  桃园镇 -> btjd  otherwise shzl }
item a { when text has "a" lead scjg effective 2024-07-01.. }
"#
    );
    insta::assert_snapshot!("v2_type_no_clock", errors(&text));
    insta::assert_snapshot!("v2_type_no_clock_zh", errors_zh(&text));
}

#[test]
fn golden_v2_duplicate_name() {
    let text = format!(
        "{PRELUDE}{}",
        r#"territory street { 鹿城街道 -> lcjd  北塘街道, 鹿城街道 -> btjd  otherwise shzl }
territory street { otherwise shzl }
clock 受理日期 default 2025-01-01
clock 受理日期 default 2024-01-01
test "t" { ticket { 受理日期: 2025-01-01, 受理日期: 2025-01-02 } }
"#
    );
    insta::assert_snapshot!("v2_duplicate_name", errors(&text));
    insta::assert_snapshot!("v2_duplicate_name_zh", errors_zh(&text));
}

#[test]
fn golden_v2_unknown_name() {
    // `territory` as a role with no block; an unknown department in a block
    // is reported by the block's own test below.
    let text = format!(
        "{PRELUDE}{}",
        r#"item a { when text has "a" lead territory assist scjg, territory }
test "t" { ticket { text: "a" } expect split [a, b] }
"#
    );
    insta::assert_snapshot!("v2_unknown_name", errors(&text));
    insta::assert_snapshot!("v2_unknown_name_zh", errors_zh(&text));
    let text = format!(
        "{PRELUDE}territory street {{ 鹿城街道 -> lcj otherwise shz }}\nitem a {{ when text has \"a\" lead lcjd }}"
    );
    let out = errors(&text);
    assert!(out.contains("unknown-name test.rules:7:28 there is no department `lcj`"), "{out}");
    assert!(out.contains("did you mean `lcjd`?"), "{out}");
    assert!(out.contains("there is no department `shz`"), "{out}");
}

#[test]
fn golden_v2_role_conflict() {
    // The words as written: `territory` twice conflicts, `territory` and a
    // department do not.
    let text = format!(
        "{PRELUDE}{}",
        r#"territory street { 鹿城街道 -> lcjd otherwise shzl }
item a { when text has "a" lead territory assist lcjd, territory }
"#
    );
    insta::assert_snapshot!("v2_role_conflict", errors(&text));
    insta::assert_snapshot!("v2_role_conflict_zh", errors_zh(&text));
}

#[test]
fn the_model_carries_what_routing_will_need() {
    let rules = load(&format!(
        "{PRELUDE}{}",
        r#"territory street {
  鹿城街道 -> lcjd
  北塘街道、柳河镇 -> btjd
  otherwise shzl
}
clock 受理日期 default 2025-01-01
fallback { nearest threshold 0.5 homophone 0.8 }
matter m {
  when text has "m"
  deadline 5 workdays
  effective 2024-07-01..
  item 宅基地 { when text has "宅基地" lead territory assist shzl, scjg }
  item 借用 { when text has "借" like 宅基地 deadline 12 hours }
  item 协办属地 { when text has "协" lead scjg liaise territory, lcjd }
}
item 旧版 { when text has "旧" lead scjg effective ..2024-06-30 }
"#
    ));
    let t = rules.territory.as_ref().unwrap_or_else(|| panic!("no territory"));
    let dept = |id: &str| rules.dept_id(id).unwrap_or_else(|| panic!("no department {id}"));
    assert_eq!(t.dept_of("柳河镇"), Some(dept("btjd")));
    assert_eq!(t.dept_of("桃园镇"), None);
    assert_eq!(t.otherwise, dept("shzl"));
    assert_eq!(rules.clock.as_ref().map(|c| c.default.to_string()).as_deref(), Some("2025-01-01"));
    assert_eq!(rules.homophone, Some(0.8));
    let street = rules.attrs.iter().find(|a| a.name == "street").unwrap_or_else(|| panic!("no street"));
    assert_eq!(street.label.as_deref(), Some("所在镇街"));
    let item = |name: &str| rules.item(rules.item_id(name).unwrap_or_else(|| panic!("no item {name}")));
    // `lead territory`: the static lead is the `otherwise` department (an
    // unlisted place); the roles as inherited are kept for routing.
    let z = item("宅基地");
    assert_eq!(z.lead, dept("shzl"));
    assert_eq!(z.assists, vec![dept("scjg")]);
    let w = z.territorial.as_ref().unwrap_or_else(|| panic!("no territorial roles"));
    assert_eq!(w.lead, Some(RoleRef::Territory));
    assert_eq!(w.assists, vec![RoleRef::Dept(dept("shzl")), RoleRef::Dept(dept("scjg"))]);
    assert_eq!(z.deadline, Some(Deadline { value: 5, unit: TimeUnit::Workdays }));
    // `like` borrows the roles as written, so the borrowed `territory` is
    // resolved for the borrowing item's ticket (docs/spec.md §8a).
    let b = item("借用");
    assert_eq!(b.territorial.as_ref().map(|w| w.lead), Some(Some(RoleRef::Territory)));
    assert_eq!(b.deadline, Some(Deadline { value: 12, unit: TimeUnit::Hours }));
    // A territorial liaison gives nobody for an unlisted place.
    let l = item("协办属地");
    assert_eq!(l.liaisons, vec![dept("lcjd")]);
    assert_eq!(
        l.territorial.as_ref().map(|w| w.liaisons.clone()),
        Some(vec![RoleRef::Territory, RoleRef::Dept(dept("lcjd"))])
    );
    // Effective ranges: the item's own, and its matter's.
    let old = item("旧版");
    let day = |s: &str| Date::parse(s).unwrap_or_else(|| panic!("bad date {s}"));
    let range = old.effective_range.unwrap_or_else(|| panic!("no range"));
    assert!(range.contains(day("2024-06-30")) && !range.contains(day("2024-07-01")));
    assert_eq!(z.effective_range, None);
    let m = &rules.matters[0];
    assert!(m.effective_range.is_some_and(|r| r.contains(day("2024-07-01")) && !r.contains(day("2024-06-30"))));
    assert_eq!(m.deadline, Some(Deadline { value: 5, unit: TimeUnit::Workdays }));
    // Without `territory`, nothing territorial.
    assert!(item("旧版").territorial.is_none());
}

#[test]
fn tickets_with_dates_ranges_and_repeated_keys() {
    let rules = load(&format!("{PRELUDE}item a {{ when text has \"a\" lead scjg }}"));
    let ticket = |json: &str| Ticket::from_json(&rules.attrs, json, Strictness::Strict);
    for ok in [
        r#"{"受理日期": "2024-02-29"}"#,
        r#"{"受理日期": "2024-02-29 08:30"}"#,
        r#"{"受理日期": "2024-02-29T08:30:59.123+08:00"}"#,
        r#"{"受理日期": "2024-02-29t23:59Z"}"#,
        r#"{"受理日期": "2024-02-29T08:30:00-0500"}"#,
        r#"{"amount": 0}"#,
        r#"{"受理日期": null}"#,
    ] {
        assert!(ticket(ok).is_ok(), "{ok}: {:?}", ticket(ok));
    }
    for bad in [
        r#"{"受理日期": "2023-02-29"}"#,
        r#"{"受理日期": "2024-2-1"}"#,
        r#"{"受理日期": "2024-02-01 25:00"}"#,
        r#"{"受理日期": "2024-02-01T08"}"#,
        r#"{"受理日期": "2024-02-01T08:00+8"}"#,
        r#"{"受理日期": 20240201}"#,
    ] {
        assert!(ticket(bad).is_err(), "{bad} was accepted");
    }
    assert!(matches!(ticket(r#"{"amount": -1}"#), Err(TicketError::OutsideRange { .. })));
    let twice = ticket(r#"{"text": "a", "text": "b"}"#);
    assert_eq!(twice, Err(TicketError::DuplicateKey("text".into())));
    assert_eq!(twice.err().map(|e| e.to_string()).as_deref(), Some("the key `text` is given twice in one JSON object"));
    // A date in a test ticket is written unquoted.
    let with_test = load(&format!(
        "{PRELUDE}item a {{ when text has \"a\" lead scjg }}\ntest \"t\" {{ ticket {{ text: \"a\", 受理日期: 2024-07-01 }} expect lead scjg }}"
    ));
    assert_eq!(with_test.tests[0].ticket.get("受理日期").and_then(|v| v.as_str()), Some("2024-07-01"));
}

#[test]
fn golden_v2_number_and_date_conditions() {
    // A date on a number, a number on a date, `in` with dates, a date
    // comparison on a text: each names the attribute's type and the fix.
    let text = format!(
        "{PRELUDE}{}",
        r#"item a { when amount = 2024-07-01 lead scjg }
item b { when 受理日期 = 100 lead scjg }
item c { when 受理日期 in [2024-07-01] lead scjg }
item d { when text >= 2024-07-01 lead scjg }
item e { when street = 5 lead scjg }
"#
    );
    insta::assert_snapshot!("v2_number_and_date_conditions", errors(&text));
}

#[test]
fn number_and_date_conditions_load() {
    let rules = load(&format!(
        "{PRELUDE}{}",
        r#"item a { when amount = 100 or amount in [1, 2.5] lead scjg }
item b { when 受理日期 >= 2024-07-01 and 受理日期 != 2024-12-25 lead scjg }
item 仅类比 { near text has "剧场" lead scjg }
"#
    ));
    let text = |name: &str| {
        let id = rules.item_id(name).unwrap_or_else(|| panic!("no item {name}"));
        zeren::ir::print::cond_text(&rules, &rules.item(id).effective)
    };
    assert_eq!(text("a"), "amount = 100 or amount in [1, 2.5]");
    assert_eq!(text("b"), "受理日期 >= 2024-07-01 and 受理日期 != 2024-12-25");
    assert!(rules.items.iter().any(|i| i.name == "仅类比" && i.is_analogy_only()));
}
