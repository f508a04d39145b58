//! The handbook (`zeren handbook`): a golden file on a small rule set that
//! uses every feature the handbook shows, and a smoke run on the shipped list.

#![expect(clippy::panic, reason = "a test fails by panicking, with the load errors")]

use zeren::handbook::handbook;
use zeren::ir::RuleSet;

/// Small, but with nesting, a loose item, `like`, `near`, priority, assists,
/// liaisons, a matter with and one without its own lead, a `|` in a note and
/// a comparison (`>=`) in a condition.
pub const SMALL: &str = r#"
ruleset "测试市职责清单" version "0.1"
schema {
  category: symbol
  text: text
  amount: number
  online: bool
}
department scjg "市场监督管理局"
department swj  "商务局"
department jtj  "教育和体育局"
department wlj  "文化和旅游局"
department gaj  "公安局"
department zjzj "属地镇街"
department shzl "市社会治理服务中心"
coordinator shzl

matter 预付卡退费 "单用途预付卡退费纠纷" {
  when category = 预付卡 or text has any ["预付卡", "会员卡"]
  lead swj
  basis "《单用途商业预付卡管理办法（试行）》"
  note "按发卡经营者所在行业确定主办 | 行业不明的由商务局兜底"

  item 健身预付卡 {
    when text has any ["健身", "瑜伽"]
    lead jtj
    assist scjg
  }
  item 跑路卷款 {
    when text has any ["跑路", "卷款"] and amount >= 10000
    lead gaj
    priority 1
    liaise zjzj
    basis "《中华人民共和国刑法》"
    note "涉嫌诈骗的先由公安机关处置"
  }
  matter 培训 "校外培训" {
    when text has "培训"
    item 校外培训预付卡 { when not online lead jtj assist scjg }
    item 网课退费 { when online lead jtj }
  }
}

matter 出版物市场 {
  item 出版物经营 { when text has any ["图书", "出版物"] lead wlj basis "《出版管理条例》" }
  item 密室逃脱剧本杀 {
    when text has any ["密室", "剧本杀"]
    near text has any ["沉浸式", "鬼屋"]
    like 出版物经营
    assist gaj, scjg
  }
}

item 网购投诉 {
  when category = 网购 or (online and text has "快递")
  lead scjg
  basis "《中华人民共和国电子商务法》"
}

fallback { nearest threshold 0.5 }
"#;

fn small() -> RuleSet {
    match zeren::load::load_str("small.rules", SMALL) {
        Ok(rules) => rules,
        Err(e) => panic!("the test rule set does not load: {e:?}"),
    }
}

#[test]
fn golden_small() {
    insta::assert_snapshot!("handbook_small", handbook(&small()));
}

/// v2: labels, a territory map with `lead territory` and `assist territory`,
/// a clock, deadlines on a matter and an item, effective ranges.
const V2: &str = r#"
ruleset "属地清单" version "2025.1"
schema {
  text "诉求内容": text
  street "所在镇街": symbol [鹿城街道, 北塘街道, 柳河镇, 桃园镇]
  received "受理日期": date
  amount "金额（元）": number
}
department lcjd "鹿城街道办事处"
department btjd "北塘街道办事处"
department xzzx "乡镇综合服务中心"
department zrzy "自然资源局"
department scjg "市场监督管理局"
department shzl "市社会治理服务中心"
coordinator shzl
territory street {
  鹿城街道 -> lcjd
  北塘街道 -> btjd
  柳河镇, 桃园镇 -> xzzx
  otherwise shzl
}
clock received default 2025-01-01
matter 农村 "农村建房与宅基地" {
  when text has any ["宅基地", "建房", "违建"]
  deadline 15 workdays
  item 宅基地 { when text has "宅基地"  lead territory  assist zrzy }
  item 违建 { when text has "违建"  lead zrzy  assist territory  deadline 5 workdays }
}
item 消费纠纷旧 { when text has "退款" and amount > 500  lead scjg  effective ..2024-06-30 }
item 消费纠纷 { when text has "退款" and amount > 500  lead scjg  effective 2024-07-01..  deadline 24 hours }
"#;

#[test]
fn golden_v2() {
    let rules = zeren::load::load_str("v2.rules", V2).unwrap_or_else(|e| panic!("{e:?}"));
    let md = handbook(&rules);
    assert!(md.contains("| 宅基地 | `诉求内容 has \"宅基地\"` | 属地（按所在镇街） | 自然资源局 |"), "{md}");
    assert!(md.contains("| 柳河镇 | 乡镇综合服务中心 |"), "{md}");
    assert!(md.contains("15 个工作日"), "{md}");
    assert!(md.contains("2024-07-01 起"), "{md}");
    assert!(!md.contains("`text has"), "attribute names where labels exist: {md}");
    insta::assert_snapshot!("handbook_v2", md);
}

#[test]
fn deterministic() {
    let rules = small();
    assert_eq!(handbook(&rules), handbook(&small()));
}

#[test]
fn tables_escape_pipes_and_every_mermaid_block_is_closed() {
    let md = handbook(&small());
    assert!(md.contains("按发卡经营者所在行业确定主办 \\| 行业不明的由商务局兜底"));
    assert_eq!(md.matches("```mermaid").count(), md.matches("flowchart TD").count());
    assert_eq!(md.matches("```").count() % 2, 0);
    // Every table row has as many cells as its header.
    let mut cols = 0;
    for line in md.lines() {
        if line.starts_with("| 细项") {
            cols = line.matches(" | ").count();
        } else if line.starts_with("| ") && cols > 0 {
            let unescaped = line.replace("\\|", "");
            assert_eq!(unescaped.matches(" | ").count(), cols, "{line}");
        }
    }
}

#[test]
fn runs_on_the_shipped_rules() {
    let Ok(rules) = zeren::load::load_paths(&["rules"]) else {
        eprintln!("rules/ does not load yet; skipped");
        return;
    };
    let md = handbook(&rules);
    for matter in &rules.matters {
        assert!(md.contains(matter.name.as_str()), "{} missing", matter.name);
    }
    for dept in &rules.depts {
        assert!(md.contains(dept.name.as_str()), "{} missing", dept.name);
    }
    assert_eq!(
        md.matches("```mermaid").count(),
        rules.matters.len() + usize::from(rules.items.iter().any(|i| i.path.is_empty()))
    );
}
