//! The decision structure as DOT and Mermaid (`zeren graph`): golden files on
//! a small rule set, Graphviz's own parser where `dot` is installed, and
//! structural checks that hold for any rule set.

#![expect(clippy::panic, reason = "a test fails by panicking, with the load errors")]

use std::io::Write as _;
use std::process::{Command, Stdio};
use zeren::chart::{chart, find_matter, render, Format};
use zeren::ir::RuleSet;

const SMALL: &str = r#"
ruleset "测试市职责清单" version "0.1"
schema { category: symbol  text: text  online: bool }
department scjg "市场监督管理局"
department swj  "商务局"
department jtj  "教育和体育局"
department wlj  "文化和旅游局"
department gaj  "公安局"
department shzl "市社会治理服务中心"
coordinator shzl

matter 预付卡退费 "单用途预付卡退费纠纷 \"试行\"" {
  when category = 预付卡 or text has any ["预付卡", "会员卡"]
  lead swj
  item 健身预付卡 { when text has any ["健身", "瑜伽"] lead jtj assist scjg }
  matter 培训 {
    when text has "培训"
    item 校外培训预付卡 { when not online lead jtj }
  }
}
matter 出版物市场 {
  item 出版物经营 { when text has any ["图书", "出版物"] lead wlj }
}
matter 新兴业态 {
  item 密室逃脱剧本杀 {
    when text has any ["密室", "剧本杀"]
    near text has any ["沉浸式", "鬼屋"]
    like 出版物经营
    assist gaj, scjg
  }
}
item 网购投诉 { when category = 网购 lead scjg }
"#;

fn small() -> RuleSet {
    match zeren::load::load_str("small.rules", SMALL) {
        Ok(rules) => rules,
        Err(e) => panic!("the test rule set does not load: {e:?}"),
    }
}

fn shipped() -> Option<RuleSet> {
    zeren::load::load_paths(&["rules"]).ok()
}

#[test]
fn golden_dot() {
    insta::assert_snapshot!("graph_small_dot", render(&small(), Format::Dot, None));
}

#[test]
fn golden_mermaid() {
    insta::assert_snapshot!("graph_small_mermaid", render(&small(), Format::Mermaid, None));
}

#[test]
fn golden_one_matter_pulls_in_its_like_target() {
    let rules = small();
    let scope = find_matter(&rules, "新兴业态").ok();
    assert!(scope.is_some());
    insta::assert_snapshot!("graph_small_matter_mermaid", render(&rules, Format::Mermaid, scope));
}

#[test]
fn matter_by_title_and_did_you_mean() {
    let rules = small();
    assert_eq!(find_matter(&rules, "培训").ok(), rules.matter_id("培训"));
    let err = find_matter(&rules, "预付卡退货").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("did you mean `预付卡退费`?"), "{err}");
    let err = find_matter(&rules, "完全无关").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("the matters are: 预付卡退费, 培训, 出版物市场, 新兴业态"), "{err}");
}

#[test]
fn scoped_chart_holds_only_the_subtree() {
    let rules = small();
    let scope = find_matter(&rules, "预付卡退费").ok();
    let c = chart(&rules, scope);
    let labels: Vec<&str> = c.nodes.iter().map(|n| n.label[0].as_str()).collect();
    assert!(labels.contains(&"校外培训预付卡"));
    assert!(!labels.contains(&"出版物经营"));
    assert!(!labels.contains(&"网购投诉"));
}

/// v2: `lead territory`, `assist territory` and a matter whose residual
/// lead is `territory`; deadlines and an effective range.
const V2: &str = r#"
ruleset "属地" version "1"
schema { text: text  street "所在镇街": symbol [鹿城街道, 柳河镇, 桃园镇]  received: date }
department lcjd "鹿城街道办事处"
department xzzx "乡镇综合服务中心"
department zrzy "自然资源局"
department shzl "市社会治理服务中心"
coordinator shzl
territory street { 鹿城街道 -> lcjd  柳河镇, 桃园镇 -> xzzx  otherwise shzl }
clock received default 2025-01-01
matter 农村 {
  when text has any ["宅基地", "违建", "建房"]
  lead territory
  deadline 15 workdays
  item 宅基地 { when text has "宅基地"  lead territory  assist zrzy }
  item 违建 { when text has "违建"  lead zrzy  assist territory  deadline 5 workdays  effective 2024-01-01.. }
}
"#;

#[test]
fn golden_v2_territory_and_deadlines() {
    let rules = zeren::load::load_str("v2.rules", V2).unwrap_or_else(|e| panic!("{e:?}"));
    let c = chart(&rules, None);
    // Territorial roles point at the territory node, which fans out to the map's departments.
    let to_p: Vec<(&str, &str)> =
        c.edges.iter().filter(|e| e.to == "p").map(|e| (e.from.as_str(), e.kind.words())).collect();
    assert_eq!(to_p, [("m0", "兜底"), ("i0", "主办"), ("i1", "协办")]);
    let from_p: Vec<(&str, Option<&str>)> =
        c.edges.iter().filter(|e| e.from == "p").map(|e| (e.to.as_str(), e.label.as_deref())).collect();
    assert_eq!(from_p, [("d0", Some("鹿城街道")), ("d1", Some("柳河镇、桃园镇")), ("d3", Some("其他（主办）"))]);
    check_structure(&rules);
    insta::assert_snapshot!("graph_v2_mermaid", render(&rules, Format::Mermaid, None));
    insta::assert_snapshot!("graph_v2_dot", render(&rules, Format::Dot, None));
}

/// Every edge joins declared nodes; ids are ASCII; nothing is declared twice.
fn check_structure(rules: &RuleSet) {
    let c = chart(rules, None);
    let ids: Vec<&str> = c.nodes.iter().map(|n| n.id.as_str()).collect();
    for id in &ids {
        assert!(id.bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
        assert_eq!(ids.iter().filter(|x| *x == id).count(), 1, "{id} twice");
    }
    for e in &c.edges {
        assert!(ids.contains(&e.from.as_str()) && ids.contains(&e.to.as_str()), "{e:?}");
    }
    // Mermaid: every label quoted, so no line has an unquoted CJK label.
    for line in render(rules, Format::Mermaid, None).lines().skip(2) {
        let quotes = line.matches('"').count();
        assert_eq!(quotes % 2, 0, "{line}");
    }
}

#[test]
fn structure_small_and_shipped() {
    check_structure(&small());
    if let Some(rules) = shipped() {
        check_structure(&rules);
    }
}

/// Runs `dot -Tsvg` on the text; `None` when Graphviz is not installed.
fn graphviz(text: &str) -> Option<(bool, String)> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    Some((out.status.success() && out.stdout.starts_with(b"<?xml"), String::from_utf8_lossy(&out.stderr).into_owned()))
}

#[test]
fn graphviz_accepts_the_dot() {
    let mut cases = vec![("small".to_string(), render(&small(), Format::Dot, None))];
    let rules = small();
    for m in rules.matter_ids() {
        cases.push((rules.matter(m).name.clone(), render(&rules, Format::Dot, Some(m))));
    }
    if let Some(rules) = shipped() {
        cases.push(("rules/".to_string(), render(&rules, Format::Dot, None)));
    }
    for (name, text) in cases {
        let Some((ok, stderr)) = graphviz(&text) else {
            eprintln!("`dot` is not on PATH; skipped");
            return;
        };
        // Graphviz warns on stderr for fonts it lacks; only syntax errors matter.
        assert!(ok && !stderr.contains("syntax error"), "{name}: {stderr}");
    }
}

#[test]
fn golden_conditions_on_lead_edges() {
    let rules = small();
    let scope = find_matter(&rules, "预付卡退费").ok();
    let labelled = zeren::chart::with_conditions(chart(&rules, scope), &rules);
    insta::assert_snapshot!("graph_small_conditions_dot", zeren::chart::dot(&labelled));
}

#[test]
fn assists_are_dashed_and_liaisons_dotted() {
    let rules = zeren::load::load_str(
        "l.rules",
        "schema { text: text }\ndepartment a \"甲\"\ndepartment b \"乙\"\ndepartment c \"丙\"\n\
         item x { when text has \"k\" lead a assist b liaise c }",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let dot = render(&rules, Format::Dot, None);
    assert!(dot.contains("i0 -> d1 [label=\"协办\", style=dashed];"), "{dot}");
    assert!(dot.contains("i0 -> d2 [label=\"联动\", style=dotted];"), "{dot}");
    let mmd = render(&rules, Format::Mermaid, None);
    assert!(mmd.contains("i0 -.->|\"协办\"| d1") && mmd.contains("i0 -.->|\"联动\"| d2"), "{mmd}");
}
