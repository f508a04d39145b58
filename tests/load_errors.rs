//! Load-time errors (docs/spec.md §8: every one at once, in source order) and the
//! resolution rules of docs/spec.md §3, through the public loading API.
//!
//! Each load-time error code has a golden rendering in `tests/snapshots/`.
#![expect(clippy::panic, reason = "a test fails by panicking, with the rendered diagnostics")]

use zeren::diagnostic::LoadError;
use zeren::ir::{Atom, Cond, RuleSet};
use zeren::load::{load_paths, load_str};
use zeren::source::Sources;

// ------------------------------------------------------------------ helpers

const PRELUDE: &str = r#"
schema {
  category: symbol
  text:     text
  venue:    symbol [超市, 健身房, 培训机构]
  amount:   number
  online:   bool
}
department scjg "市场监督管理局"
department gaj  "公安局"
department jtj  "教育和体育局"
department xfj  "消防救援大队"
department wlj  "文化和旅游局"
"#;

#[path = "support/load_errors.rs"]
mod support;
use support::{errors, errors_zh, render};

/// `(code, line:col)` of every error, in order.
fn codes(text: &str) -> Vec<(String, String)> {
    match load_str("test.rules", text) {
        Ok(_) => Vec::new(),
        Err(LoadError::Rules { diagnostics, sources }) => diagnostics
            .iter()
            .map(|d| {
                let loc =
                    d.span().map(|s| sources.locate(s)).map(|l| format!("{}:{}", l.line, l.column)).unwrap_or_default();
                (d.code.to_string(), loc)
            })
            .collect(),
        Err(e) => panic!("unexpected error: {e}"),
    }
}

fn load(text: &str) -> RuleSet {
    match load_str("test.rules", text) {
        Ok(r) => r,
        Err(LoadError::Rules { diagnostics, sources }) => panic!("{}", render(&diagnostics, &sources)),
        Err(e) => panic!("{e}"),
    }
}

fn with_prelude(text: &str) -> String {
    format!("{PRELUDE}{text}")
}

fn ids(rules: &RuleSet, depts: &[zeren::ir::DeptId]) -> Vec<String> {
    depts.iter().map(|d| rules.dept(*d).id.clone()).collect()
}

fn item<'r>(rules: &'r RuleSet, name: &str) -> &'r zeren::ir::Item {
    match rules.item_id(name) {
        Some(id) => rules.item(id),
        None => panic!("no item {name}"),
    }
}

fn pair(code: &str, at: &str) -> (String, String) {
    (code.to_string(), at.to_string())
}

// ------------------------------------------------------------------ goldens, one per code

#[test]
fn golden_syntax() {
    let text = r#"department a
schema { t: text }
matter m {
  when t has "x"
  near t has "y"
  priority 2
  item i {
    when t has "z"
    lead a
    lead a
    basis "b1"
    basis "b2"
  }
}
"#;
    insta::assert_snapshot!("syntax", errors(text));
    insta::assert_snapshot!("syntax_zh", errors_zh(text));
}

#[test]
fn golden_unknown_name() {
    let text = with_prelude(
        r#"
item 出版物经营 { when text has "图书" lead wlj }
item 密室 {
  when txt has "密室" and venue = 健身房
  lead scjj
  like 出版物经销
  over 不存在的事项
}
coordinator shzl
"#,
    );
    insta::assert_snapshot!("unknown_name", errors(&text));
    insta::assert_snapshot!("unknown_name_zh", errors_zh(&text));
}

#[test]
fn golden_duplicate_name() {
    let text = r#"ruleset "a"
ruleset "b"
schema { t: text  n: number }
schema { t: symbol }
department a
department a "again"
coordinator a
coordinator a
define n = t has "x"
words t = ["y"]
matter m { when t has "m"  item x { lead a } }
item m { when t has "q" lead a }
fallback { nearest threshold 0.5 }
fallback { nearest threshold 0.6 }
"#;
    insta::assert_snapshot!("duplicate_name", errors(text));
    insta::assert_snapshot!("duplicate_name_zh", errors_zh(text));
}

#[test]
fn golden_type() {
    let text = with_prelude(
        r#"
item a { when amount has "元" lead scjg }
item b { when venue = 电影院 lead scjg }
item c { when text has "" lead scjg }
item d { when amount lead scjg }
item e { when online = 是 or category = true or text > 3 lead scjg }
fallback { nearest threshold 0 }
test "t" {
  ticket { amount: "很多", venue: 电影院, online: true }
  expect method directly
  expect score 2
}
"#,
    );
    insta::assert_snapshot!("type", errors(&text));
    insta::assert_snapshot!("type_zh", errors_zh(&text));
}

#[test]
fn golden_cycle() {
    let text = with_prelude(
        r#"
item a { when text has "a" like b }
item b { when text has "b" like a }
define x = y and online
define y = text has "y" or x
matter m {
  when text has "m"
  item c { when text has "c" lead gaj over m }
  item d { when text has "d" lead gaj over e }
}
item e { when text has "e" lead gaj over d }
"#,
    );
    insta::assert_snapshot!("cycle", errors(&text));
    insta::assert_snapshot!("cycle_zh", errors_zh(&text));
}

#[test]
fn golden_no_lead() {
    let text = with_prelude(
        r#"
matter m {
  when text has "m"
  assist gaj
  item a { when text has "a" }
}
"#,
    );
    insta::assert_snapshot!("no_lead", errors(&text));
    insta::assert_snapshot!("no_lead_zh", errors_zh(&text));
}

#[test]
fn golden_role_conflict() {
    let text = with_prelude(
        r#"
item a {
  when text has "a"
  lead scjg
  assist gaj, scjg
  liaise gaj, xfj
}
"#,
    );
    insta::assert_snapshot!("role_conflict", errors(&text));
    insta::assert_snapshot!("role_conflict_zh", errors_zh(&text));
}

#[test]
fn golden_empty_condition() {
    let text = with_prelude(
        r#"
item a { lead scjg }
matter m {
  lead gaj
  item b { when text has "b" lead scjg }
}
"#,
    );
    insta::assert_snapshot!("empty_condition", errors(&text));
    insta::assert_snapshot!("empty_condition_zh", errors_zh(&text));
}

// ------------------------------------------------------------------ every error at once

#[test]
fn every_error_is_reported_in_source_order() {
    let text = "department a\n\
                schema { t: text  n: number }\n\
                item x { when n has \"k\" lead b }\n\
                item y { when t has \"y\" }\n\
                item x { when t has \"z\" lead a }\n";
    assert_eq!(
        codes(text),
        vec![pair("type", "3:15"), pair("unknown-name", "3:30"), pair("no-lead", "4:6"), pair("duplicate-name", "5:6"),]
    );
}

#[test]
fn errors_in_several_files_come_back_together_in_file_order() {
    let mut sources = Sources::default();
    sources.add("a.rules", "department a\nschema { t: text }\nitem x { when t has \"x\" lead b }");
    sources.add("b.rules", "item y { when u has \"y\" lead a }");
    let Err(LoadError::Rules { diagnostics, sources }) = zeren::load::load_sources(sources) else {
        panic!("expected errors");
    };
    let at: Vec<String> = diagnostics.iter().filter_map(|d| d.span()).map(|s| sources.locate(s).to_string()).collect();
    assert_eq!(at, ["a.rules:3:30", "b.rules:1:15"]);
}

#[test]
fn syntax_errors_of_every_file_are_collected() {
    let mut sources = Sources::default();
    sources.add("a.rules", "department");
    sources.add("b.rules", "item {");
    let Err(err) = zeren::load::load_sources(sources) else { panic!("expected errors") };
    let codes: Vec<&str> = err.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["syntax", "syntax"]);
}

#[test]
fn none_as_a_name_is_a_syntax_error() {
    assert_eq!(codes("department none"), vec![pair("syntax", "1:12")]);
}

#[test]
fn an_error_inside_a_define_is_reported_once() {
    let text = "department a\nschema { t: text  n: number }\ndefine d = n has \"x\"\n\
                item x { when d lead a }\nitem y { when d and t has \"y\" lead a }";
    assert_eq!(codes(text), vec![pair("type", "3:12")]);
}

#[test]
fn a_matter_name_in_like_is_refused() {
    let text =
        with_prelude("matter m { when text has \"m\" item x { lead gaj } }\nitem y { when text has \"y\" like m }");
    assert_eq!(codes(&text), vec![pair("unknown-name", "15:33")]);
}

#[test]
fn an_unknown_test_expectation_name_is_reported() {
    let text = with_prelude(
        "item a { when text has \"a\" lead gaj }\n\
         test \"t\" { ticket { text: \"a\" } expect lead gja expect item b expect assist [scjg, nobody] }",
    );
    let found = codes(&text);
    assert_eq!(found.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), ["unknown-name"; 3]);
    assert!(errors(&text).contains("did you mean `gaj`?"));
}

#[test]
fn a_test_ticket_with_an_undeclared_attribute_is_reported() {
    let text = with_prelude("item a { when text has \"a\" lead gaj }\ntest \"t\" { ticket { txt: \"a\" } }");
    let out = errors(&text);
    assert!(out.starts_with("unknown-name test.rules:15:21"), "{out}");
    assert!(out.contains("did you mean `text`?"), "{out}");
}

// ------------------------------------------------------------------ resolution (docs/spec.md §3)

#[test]
fn like_chains_borrow_final_values() {
    let rules = load(&with_prelude(
        r#"
item a { when text has "a" lead wlj assist gaj, scjg basis "《出版管理条例》" }
item c { when text has "c" like b }
item b { when text has "b" like a assist xfj, wlj }
"#,
    ));
    let (a, b, c) = (item(&rules, "a"), item(&rules, "b"), item(&rules, "c"));
    assert_eq!(ids(&rules, &[a.lead, b.lead, c.lead]), ["wlj", "wlj", "wlj"]);
    // b's own `assist` wins; the lead is removed from it.
    assert_eq!(ids(&rules, &b.assists), ["xfj"]);
    assert_eq!(ids(&rules, &c.assists), ["xfj"]);
    assert_eq!(c.basis, ["《出版管理条例》"]);
    assert_eq!(c.like, rules.item_id("b"));
}

#[test]
fn a_like_target_wins_over_the_enclosing_matter_even_when_empty() {
    let rules = load(&with_prelude(
        r#"
item t { when text has "t" lead wlj }
matter m {
  when text has "m"
  assist gaj
  liaise xfj
  item x { when text has "x" like t }
  item y { when text has "y" lead scjg }
}
"#,
    ));
    let x = item(&rules, "x");
    assert_eq!(ids(&rules, &[x.lead]), ["wlj"]);
    assert!(x.assists.is_empty() && x.liaisons.is_empty());
    let y = item(&rules, "y");
    assert_eq!(ids(&rules, &y.assists), ["gaj"]);
    assert_eq!(ids(&rules, &y.liaisons), ["xfj"]);
}

#[test]
fn roles_come_from_the_nearest_matter_that_has_the_clause() {
    let rules = load(&with_prelude(
        r#"
matter outer {
  when category = 预付卡
  lead scjg
  assist gaj
  basis "外"
  matter inner {
    when venue = 培训机构
    assist xfj, gaj
    basis "内"
    basis "外"
    item x { when text has "x" basis "项" }
    item y { when text has "y" lead jtj assist none }
  }
}
"#,
    ));
    let x = item(&rules, "x");
    assert_eq!(ids(&rules, &[x.lead]), ["scjg"]);
    assert_eq!(ids(&rules, &x.assists), ["xfj", "gaj"]);
    assert_eq!(x.basis, ["项", "内", "外"]);
    let y = item(&rules, "y");
    assert!(y.assists.is_empty());
    let Some(inner) = rules.matter_id("inner").map(|m| rules.matter(m)) else { panic!("no matter `inner`") };
    assert!(!inner.has_own_lead);
    assert_eq!(inner.lead, rules.dept_id("scjg"));
    assert_eq!(inner.basis, ["内", "外"]);
    assert_eq!(inner.path.len(), 2);
    // The effective condition is one flattened conjunction, outermost first.
    let Cond::And(ops) = &x.effective else { panic!("not an and: {:?}", x.effective) };
    assert_eq!(ops.len(), 3);
    assert!(matches!(&ops[2], Cond::Atom(Atom::Has { .. })));
}

#[test]
fn a_department_holds_one_role() {
    let rules = load(&with_prelude(
        r#"
matter m {
  when text has "m"
  assist scjg, gaj, gaj
  matter n {
    liaise gaj, xfj, wlj, xfj
    item x { when text has "x" lead wlj }
    item y { when text has "y" lead scjg }
  }
}
"#,
    ));
    let x = item(&rules, "x");
    assert_eq!(ids(&rules, &x.assists), ["scjg", "gaj"]);
    assert_eq!(ids(&rules, &x.liaisons), ["xfj"]);
    let y = item(&rules, "y");
    assert_eq!(ids(&rules, &y.assists), ["gaj"]);
    assert_eq!(ids(&rules, &y.liaisons), ["xfj", "wlj"]);
}

#[test]
fn basis_comes_from_the_like_target_only_when_the_item_has_none() {
    let rules = load(&with_prelude(
        r#"
item t { when text has "t" lead wlj basis "甲" basis "乙" }
matter m {
  when text has "m"
  basis "乙"
  item x { when text has "x" like t }
  item y { when text has "y" like t basis "丙" }
}
"#,
    ));
    assert_eq!(item(&rules, "x").basis, ["甲", "乙"]);
    assert_eq!(item(&rules, "y").basis, ["丙", "乙"]);
}

#[test]
fn over_is_closed_transitively_and_matters_stand_for_their_items() {
    let rules = load(&with_prelude(
        r#"
item a { when text has "a" lead gaj over b }
item b { when text has "b" lead gaj over m }
matter m {
  when text has "m"
  item c { when text has "c" lead gaj }
  matter n { item d { when text has "d" lead gaj } }
}
"#,
    ));
    let names = |v: &[zeren::ir::ItemId]| v.iter().map(|i| rules.item(*i).name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&item(&rules, "a").over), ["b", "c", "d"]);
    assert_eq!(names(&item(&rules, "b").over), ["c", "d"]);
    assert!(item(&rules, "c").over.is_empty());
}

#[test]
fn defines_and_words_expand_and_keywords_fold() {
    let rules = load(&with_prelude(
        r#"
words 预付 = ["预付卡", "ＡＰＰ", "储值卡"]
define 线上预付 = online and text has any [预付, "app"]
item x { when 线上预付 and amount >= 100 lead scjg }
item y { when (线上预付) or venue in [超市, 超市] lead scjg priority 3 }
"#,
    ));
    let x = item(&rules, "x");
    let Cond::And(ops) = &x.effective else { panic!("{:?}", x.effective) };
    assert_eq!(ops.len(), 3, "the define's `and` flattens into the item's");
    let Cond::Atom(Atom::Has { keywords, all, .. }) = &ops[1] else { panic!("{:?}", ops[1]) };
    assert!(!all);
    let raw: Vec<&str> = keywords.iter().map(|k| k.raw.as_str()).collect();
    assert_eq!(raw, ["预付卡", "ＡＰＰ", "储值卡"]);
    assert_eq!(keywords[1].folded, "app");
    let y = item(&rules, "y");
    assert_eq!(y.priority, 3);
    let Cond::Or(alts) = &y.effective else { panic!("{:?}", y.effective) };
    assert!(matches!(&alts[1], Cond::Atom(Atom::In { values, .. }) if values.len() == 1));
    assert_eq!(rules.threshold, 1.0);
    assert!(!rules.has_fallback);
}

#[test]
fn header_fallback_coordinator_and_tests_are_kept() {
    let rules = load(&with_prelude(
        r#"
ruleset "清单" version "2024.10"
coordinator xfj
fallback { nearest threshold 0.5 }
item a { when text has "a" lead gaj }
test "年卡" {
  ticket { category: 预付卡, text: "a", amount: 3000, online: false, venue: null }
  expect lead gaj
  expect item a
  expect assist []
  expect method direct
  expect score 1
}
"#,
    ));
    assert_eq!(rules.name.as_deref(), Some("清单"));
    assert_eq!(rules.version.as_deref(), Some("2024.10"));
    assert_eq!(rules.coordinator, rules.dept_id("xfj"));
    assert_eq!(rules.threshold, 0.5);
    assert!(rules.has_fallback);
    let t = &rules.tests[0];
    assert_eq!(t.name, "年卡");
    assert_eq!(
        serde_json::Value::Object(t.ticket.clone()),
        serde_json::json!({"category": "预付卡", "text": "a", "amount": 3000.0, "online": false})
    );
    assert_eq!(t.expect.lead, Some(Some("gaj".to_string())));
    assert_eq!(t.expect.item, Some(Some("a".to_string())));
    assert_eq!(t.expect.assists, Some(Vec::new()));
    assert_eq!(t.expect.method.as_deref(), Some("direct"));
}

#[test]
fn the_spec_example_loads() {
    let text = include_str!("../rules/00_schema.rules");
    let rules = load(text);
    assert!(rules.depts.len() > 10);
}

// ------------------------------------------------------------------ files and directories

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("zeren-load-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("{e}");
    }
    dir
}

fn write(path: &std::path::Path, text: &[u8]) {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(e) = std::fs::write(path, text) {
        panic!("{e}");
    }
}

#[test]
fn directories_load_every_rules_file_in_path_order() {
    let dir = temp_dir("order");
    write(&dir.join("b/20.rules"), "item y { when t has \"y\" lead a }".as_bytes());
    write(&dir.join("b/10.rules"), "item x { when t has \"x\" lead a }".as_bytes());
    write(&dir.join("a.rules"), "\u{FEFF}department a\nschema { t: text }".as_bytes());
    write(&dir.join("notes.txt"), b"not rules");
    let rules = match load_paths(&[&dir]) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let names: Vec<&str> = rules.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["x", "y"]);
    assert_eq!(rules.sources.files.len(), 3);
    assert!(!rules.sources.files[0].text.starts_with('\u{FEFF}'));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_inputs_name_the_path() {
    let dir = temp_dir("io");
    let missing = dir.join("missing.rules");
    let Err(LoadError::Io { path, message }) = load_paths(&[&missing]) else { panic!("expected an i/o error") };
    assert!(path.ends_with("missing.rules"), "{path}");
    assert_eq!(message.to_string(), "no such file or directory");
    assert_eq!(message.render(zeren::i18n::Lang::Zh), "文件或目录不存在");

    let empty = dir.join("empty");
    write(&empty.join("readme.txt"), b"");
    let Err(LoadError::Io { path, message }) = load_paths(&[&empty]) else { panic!("expected an i/o error") };
    assert!(path.ends_with("empty"), "{path}");
    assert!(message.to_string().contains("no `.rules` files"), "{message}");

    let bad = dir.join("bad.rules");
    write(&bad, b"department a\n\xff\xfe");
    let Err(err @ LoadError::Io { .. }) = load_paths(&[&bad]) else { panic!("expected an i/o error") };
    assert!(err.to_string().contains("not UTF-8"), "{err}");
    assert!(err.to_string().contains("line 2"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_input_never_panics() {
    for text in [
        "",
        "item",
        "department a item x { when a lead a }",
        "define a = a",
        "define a = b define b = c define c = a item x { when a lead none }",
        "schema { x: number [1] } item y { when x < 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999 lead q }",
        "matter m { matter n { item x { over m like x } } }",
        "fallback { nearest threshold 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999 }",
        "test \"t\" { ticket { a: 1, a: 2, b: 1e } expect score 2 expect score 1 }",
    ] {
        let _ = load_str("hostile.rules", text);
    }
}

#[test]
#[ignore = "diagnostic aid: prints the repository's rules/ load result"]
fn print_repository_rules() {
    match load_paths(&[concat!(env!("CARGO_MANIFEST_DIR"), "/rules")]) {
        Ok(r) => println!("{} items, {} matters, {} tests", r.items.len(), r.matters.len(), r.tests.len()),
        Err(LoadError::Rules { diagnostics, sources }) => println!("{}", render(&diagnostics, &sources)),
        Err(e) => println!("{e}"),
    }
}

#[test]
fn a_define_that_doubles_itself_is_refused_not_expanded() {
    let mut text = String::from("department a\nschema { t: text }\ndefine d0 = t has \"x\"\n");
    for i in 1..40 {
        text.push_str(&format!("define d{i} = d{} and d{} or d{}\n", i - 1, i - 1, i - 1));
    }
    text.push_str("item x { when d39 lead a }\n");
    let found = codes(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "limit");
}

#[test]
fn the_spec_example_resolves() {
    let rules = load(SPEC_EXAMPLE);
    let m = item(&rules, "密室逃脱剧本杀");
    assert_eq!(ids(&rules, &[m.lead]), ["wlj"]);
    assert_eq!(ids(&rules, &m.assists), ["gaj", "scjg", "xfj"]);
    assert_eq!(m.basis, ["《出版管理条例》"]);
    assert_eq!(m.like, rules.item_id("出版物经营"));
    assert!(m.near.is_some());
    let p = item(&rules, "校外培训预付卡");
    assert_eq!(p.basis, ["《校外培训行政处罚暂行办法》", "《单用途商业预付卡管理办法（试行）》"]);
    let Cond::And(ops) = &p.effective else { panic!("{:?}", p.effective) };
    assert_eq!(ops.len(), 2);
    let Some(residual) = rules.matter_id("预付卡退费").map(|m| rules.matter(m)) else {
        panic!("no matter 预付卡退费")
    };
    assert!(residual.has_own_lead && residual.guard.is_some());
    assert_eq!(rules.coordinator, rules.dept_id("shzl"));
    assert_eq!(rules.threshold, 0.5);
    assert_eq!(rules.tests.len(), 1);
    assert_eq!(rules.tests[0].expect.assists, Some(vec!["gaj".to_string()]));
}

const SPEC_EXAMPLE: &str = r#"
// 邹城市民生诉求职责边界清单 (excerpt)
ruleset "邹城市民生诉求职责边界清单" version "2024.10"

schema {
  category: symbol          // 诉求分类, from the hotline's taxonomy
  text:     text            // 诉求内容, free text
  venue:    symbol [超市, 商场, 便利店, 健身房, 培训机构, 美容院, 其他]
  amount:   number          // 涉及金额, yuan
  online:   bool            // 线上交易
}

department scjg "市场监督管理局"
department swj  "商务局"
department jtj  "教育和体育局"
department wlj  "文化和旅游局"
department gaj  "公安局"
department xfj  "消防救援大队"
department nync "农业农村局"
department shzl "市社会治理服务中心"

coordinator shzl

matter 预付卡退费 "预付卡退费纠纷" {
  when category = 预付卡 or text has any ["预付卡", "储值卡", "会员卡", "年卡"]
  lead swj                               // residual owner of the matter (主办兜底)
  basis "《单用途商业预付卡管理办法（试行）》"

  item 健身美容预付卡 {
    when venue in [健身房, 美容院] or text has any ["健身", "美容", "美发", "瑜伽"]
    lead scjg
    note "经营者停业、跑路导致无法退费的，公安机关依法处置涉嫌犯罪线索"
    assist gaj
  }
  item 校外培训预付卡 {
    when venue = 培训机构 or text has any ["培训", "辅导班", "补课"]
    lead jtj
    assist scjg
    basis "《校外培训行政处罚暂行办法》"
  }
}

item 种子质量监管 {
  when text has any ["种子", "出芽率", "发芽率"]
  lead nync
  assist scjg, gaj
  basis "《中华人民共和国种子法》"
}

matter 出版物市场 {
  item 出版物经营 { when text has any ["图书", "出版物", "盗版"]  lead wlj  basis "《出版管理条例》" }
}

matter 新兴业态 {
  item 密室逃脱剧本杀 {
    when text has any ["密室", "剧本杀"]
    near text has any ["沉浸式", "真人CS", "鬼屋"]
    like 出版物经营                       // duty borrowed by analogy (参照类比)
    assist gaj, scjg, xfj
  }
}

fallback { nearest threshold 0.5 }

test "健身房年卡退不了" {
  ticket { category: 预付卡, text: "健身房关门了，办的年卡退不了钱", amount: 3000 }
  expect lead scjg
  expect item 健身美容预付卡
  expect assist [gaj]
  expect method direct
}
"#;
