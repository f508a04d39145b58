//! `zeren diff` on pairs of versions whose changes are known: every item
//! change is listed, and every reported witness really changes hands when
//! routed through both versions.

#![expect(clippy::panic, reason = "a test fails by panicking, with the load errors")]

use zeren::diff::{diff, render_text, replay, ChangeKind, Config, Diff, Handover};
use zeren::ir::RuleSet;
use zeren::matcher::reference::route;
use zeren::ticket::{Strictness, Ticket};

const BASE: &str = r#"
ruleset "测试" version "1"
schema { category: symbol  text: text  amount: number }
department scjg "市场监督管理局"
department swj  "商务局"
department jtj  "教育和体育局"
department gaj  "公安局"
department shzl "市社会治理服务中心"
coordinator shzl

matter 预付卡退费 {
  when category = 预付卡
  lead swj
  item 健身预付卡 { when text has any ["健身", "瑜伽"]  lead jtj  assist scjg }
  item 美容预付卡 { when text has "美容"  lead scjg }
}
item 跑路 { when text has "跑路" and amount >= 10000  lead gaj  priority 1 }
"#;

fn load(text: &str) -> RuleSet {
    zeren::load::load_str("test.rules", text).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Diffs `BASE` against `BASE` edited by `edit`, and checks every witness.
fn diff_edit(edit: impl Fn(&str) -> String) -> (RuleSet, RuleSet, Diff) {
    let new_text = edit(BASE);
    assert_ne!(new_text, BASE, "the edit changed nothing");
    let (old, new) = (load(BASE), load(&new_text));
    let d = diff(&old, &new, &Config::new());
    for h in &d.handovers {
        check_witness(&old, &new, h);
    }
    (old, new, d)
}

/// The witness routes to `from` in the old version and `to` in the new.
fn check_witness(old: &RuleSet, new: &RuleSet, h: &Handover) {
    let t_old = Ticket::from_value(&old.attrs, &h.witness, Strictness::Lenient).unwrap_or_else(|e| panic!("{e}"));
    let t_new = Ticket::from_value(&new.attrs, &h.witness, Strictness::Strict).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(route(old, &t_old).lead, h.from, "old routing of {}", h.witness);
    assert_eq!(route(new, &t_new).lead, h.to, "new routing of {}", h.witness);
    assert_ne!(h.from, h.to);
}

fn pairs(d: &Diff) -> Vec<(Option<&str>, Option<&str>)> {
    d.handovers.iter().map(|h| (h.from.as_deref(), h.to.as_deref())).collect()
}

#[test]
fn lead_moved() {
    let (_, _, d) = diff_edit(|s| s.replace("lead jtj  assist scjg", "lead scjg  assist jtj"));
    assert_eq!(d.items.len(), 1);
    let c = &d.items[0];
    assert_eq!((c.item.as_str(), c.change), ("健身预付卡", ChangeKind::Changed));
    let fields: Vec<&str> = c.fields.iter().map(|f| f.field).collect();
    assert_eq!(fields, ["lead", "assists"]);
    assert_eq!((c.fields[0].old.as_str(), c.fields[0].new.as_str()), ("jtj", "scjg"));
    assert_eq!(pairs(&d), [(Some("jtj"), Some("scjg"))]);
}

#[test]
fn condition_narrowed() {
    let (old, new, d) = diff_edit(|s| s.replace(r#"text has any ["健身", "瑜伽"]"#, r#"text has "健身""#));
    let c = &d.items[0];
    assert_eq!(c.fields.len(), 1);
    assert_eq!(c.fields[0].field, "condition");
    assert!(c.fields[0].old.contains(r#"["健身", "瑜伽"]"#) && c.fields[0].new.contains(r#"has "健身""#), "{c:?}");
    // Tickets about 瑜伽 fall out of the item to the matter's residual lead.
    assert_eq!(pairs(&d), [(Some("jtj"), Some("swj"))]);
    let h = &d.handovers[0];
    assert_eq!((h.old_item.as_deref(), h.new_item.as_deref()), (Some("健身预付卡"), None));
    assert_eq!(h.new_method.as_str(), "residual");
    assert_eq!(h.witness["text"].as_str().map(|t| t.contains("瑜伽")), Some(true));
    check_witness(&old, &new, h);
}

#[test]
fn item_added() {
    let (_, _, d) = diff_edit(|s| {
        s.replace(
            "item 跑路",
            "item 校外培训 { when text has \"培训\" lead jtj basis \"《校外培训行政处罚暂行办法》\" }\nitem 跑路",
        )
    });
    assert_eq!(d.items.len(), 1);
    assert_eq!(
        (d.items[0].item.as_str(), d.items[0].change, d.items[0].lead.as_str()),
        ("校外培训", ChangeKind::Added, "jtj")
    );
    let found = pairs(&d);
    // Unclaimed training tickets now go to jtj; prepaid training cards leave the residual lead.
    assert!(found.contains(&(Some("shzl"), Some("jtj"))), "{found:?}");
    assert!(found.contains(&(Some("swj"), Some("jtj"))), "{found:?}");
}

#[test]
fn item_removed() {
    let (_, _, d) = diff_edit(|s| s.replace("  item 美容预付卡 { when text has \"美容\"  lead scjg }\n", ""));
    assert_eq!(d.items.len(), 1);
    assert_eq!((d.items[0].item.as_str(), d.items[0].change), ("美容预付卡", ChangeKind::Removed));
    let found = pairs(&d);
    assert!(found.contains(&(Some("scjg"), Some("swj"))), "{found:?}");
}

#[test]
fn priority_dropped_makes_disputes() {
    let (_, _, d) = diff_edit(|s| s.replace("  priority 1", ""));
    assert_eq!(d.items[0].fields[0].field, "priority");
    let found = pairs(&d);
    // A runaway gym owner: gaj won by priority, now disputed → coordinator.
    assert!(found.contains(&(Some("gaj"), Some("shzl"))), "{found:?}");
}

#[test]
fn residual_lead_changed() {
    let (_, _, d) = diff_edit(|s| s.replace("  lead swj\n", "  lead scjg\n"));
    assert!(d.items.is_empty(), "{:?}", d.items);
    assert_eq!(pairs(&d), [(Some("swj"), Some("scjg"))]);
}

#[test]
fn no_change_no_findings() {
    let rules = load(BASE);
    let d = diff(&rules, &rules, &Config::new());
    assert!(d.items.is_empty() && d.handovers.is_empty() && d.schema.is_empty() && d.skipped.is_empty(), "{d:?}");
}

#[test]
fn schema_change_is_reported_and_incompatible_items_skipped() {
    let (_, _, d) = diff_edit(|s| {
        s.replace("amount: number", "amount: symbol").replace(" and amount >= 10000", " and amount = 大额")
    });
    assert_eq!(d.schema, ["attribute `amount`: type number → symbol"]);
    assert!(d.skipped.iter().any(|n| n.contains("`跑路`")), "{:?}", d.skipped);
}

#[test]
fn replay_counts_by_pair() {
    let old = load(BASE);
    let new = load(&BASE.replace("lead jtj  assist scjg", "lead scjg  assist jtj"));
    let log = "# a log\n{\"category\": \"预付卡\", \"text\": \"健身卡\"}\n\n{\"text\": \"瑜伽\"}\n{\"category\": \"预付卡\", \"text\": \"瑜伽馆\", \"extra\": 1}\n{\"amount\": \"many\"}\n";
    let r = replay(&old, &new, log).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.tickets, r.changed, r.rejected_old, r.rejected_new), (3, 2, 1, 1));
    assert_eq!(r.by_pair.len(), 1);
    assert_eq!(
        (r.by_pair[0].from.as_deref(), r.by_pair[0].to.as_deref(), r.by_pair[0].count),
        (Some("jtj"), Some("scjg"), 2)
    );
    assert_eq!(r.by_pair[0].first_line, 2);
    assert!(replay(&old, &new, "{\"text\": \"a\"}\nnot json\n")
        .is_err_and(|e| e.line == 2 && e.to_string().starts_with("line 2")));
    assert!(replay(&old, &new, "[1]\n").is_err());
}

#[test]
fn golden_text() {
    let old = load(BASE);
    let new_text = BASE.replace(r#"text has any ["健身", "瑜伽"]"#, r#"text has "健身""#).replace(
        "  item 美容预付卡 { when text has \"美容\"  lead scjg }\n",
        "  item 美发预付卡 { when text has \"美发\"  lead scjg }\n",
    );
    let new = load(&new_text);
    let d = diff(&old, &new, &Config::new());
    for h in &d.handovers {
        check_witness(&old, &new, h);
    }
    let log = "{\"category\": \"预付卡\", \"text\": \"瑜伽\"}\n{\"category\": \"预付卡\", \"text\": \"美容\"}\n";
    let r = replay(&old, &new, log).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(render_text(&d, Some(&r)));
}

#[test]
fn shipped_rules_against_themselves() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let Ok(rules) = zeren::load::load_paths(&[&dir]) else { return }; // being written, or absent
    let d = diff(&rules, &rules, &Config::new());
    assert!(d.items.is_empty() && d.handovers.is_empty(), "{d:?}");
}

/// `zeren diff` on the command line: text and JSON, exit 0; unusable input, exit 2.
#[cfg(feature = "cli")]
#[test]
fn cli() {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("zeren-diff-cli-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("old")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.join("new")).unwrap_or_else(|e| panic!("{e}"));
    let write = |p: &str, t: &str| std::fs::write(dir.join(p), t).unwrap_or_else(|e| panic!("{e}"));
    write("old/a.rules", BASE);
    write("new/a.rules", &BASE.replace("lead jtj  assist scjg", "lead scjg  assist jtj"));
    write("log.jsonl", "{\"category\": \"预付卡\", \"text\": \"健身\"}\n");
    write("bad.jsonl", "oops\n");
    write("broken.rules", "item x {");
    let zeren = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_zeren"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, text) = zeren(&["diff", "old", "new", "--tickets", "log.jsonl"]);
    assert_eq!(code, Some(0));
    assert!(text.contains("jtj → scjg"), "{text}");
    assert!(text.contains("replayed 1 ticket(s): 1 change lead"), "{text}");

    let (code, json) = zeren(&["diff", "old", "new", "--format", "json", "--tickets", "log.jsonl"]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(v["items"][0]["change"], "changed");
    assert_eq!(v["handovers"][0]["from"], "jtj");
    assert_eq!(v["handovers"][0]["to"], "scjg");
    assert_eq!(v["replay"]["changed"], 1);
    assert_eq!(v["old"]["version"], "1");

    assert_eq!(zeren(&["diff", "old", "broken.rules"]).0, Some(2));
    assert_eq!(zeren(&["diff", "old", "missing"]).0, Some(2));
    assert_eq!(zeren(&["diff", "old", "new", "--tickets", "bad.jsonl"]).0, Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two items tie in the nearest-item step on a ticket that matches neither;
/// `priority` on the second breaks the tie in the new version. No changed
/// item matches the ticket, so only the nearest-item search finds it.
const NEAREST: &str = r#"
schema { text: text }
department a
department b
department shzl
coordinator shzl
item 施工噪音 { when text has all ["噪音", "施工"]  lead a }
item 夜间噪音 { when text has all ["噪音", "夜间"]  lead b }
fallback { nearest threshold 0.5 }
"#;

#[test]
fn a_ticket_that_changes_hands_through_the_nearest_item_scores_is_found() {
    let old = load(NEAREST);
    let new = load(&NEAREST.replace(r#""夜间"]  lead b"#, r#""夜间"]  lead b  priority 1"#));
    let d = diff(&old, &new, &Config::new());
    for h in &d.handovers {
        check_witness(&old, &new, h);
    }
    let h = d.handovers.iter().find(|h| (h.from.as_deref(), h.to.as_deref()) == (Some("a"), Some("b")));
    let h = h.unwrap_or_else(|| panic!("no a → b handover: {:?}", d.handovers));
    assert_eq!((h.old_method, h.new_method), (zeren::decision::Method::Analogy, zeren::decision::Method::Analogy));
    assert_eq!(h.witness, serde_json::json!({"text": "噪音"}));
}

#[test]
fn without_a_fallback_no_nearest_item_search_is_made() {
    let text = NEAREST.replace("fallback { nearest threshold 0.5 }\n", "");
    let old = load(&text);
    let new = load(&text.replace(r#""夜间"]  lead b"#, r#""夜间"]  lead b  priority 1"#));
    let d = diff(&old, &new, &Config::new());
    assert!(d.handovers.iter().all(|h| h.old_method != zeren::decision::Method::Analogy), "{:?}", d.handovers);
}
