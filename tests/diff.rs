//! `zeren diff` on pairs of versions whose changes are known: every item
//! change is listed, and every reported witness really changes hands when
//! routed through both versions.

#![expect(clippy::panic, reason = "a test fails by panicking, with the load errors")]

use zeren::diff::{diff, render_text, render_text_in, replay, ChangeKind, Config, Diff, Handover};
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

/// The witness routes to `from` in the old version and `to` in the new,
/// and carries only what that needs: without any one of its attributes, or
/// of the keywords of a text, it no longer moves between the same leads.
fn check_witness(old: &RuleSet, new: &RuleSet, h: &Handover) {
    assert_eq!(leads(old, new, &h.witness), Some((h.from.clone(), h.to.clone())), "routing of {}", h.witness);
    assert_ne!(h.from, h.to);
    let serde_json::Value::Object(ticket) = &h.witness else { panic!("{} is not an object", h.witness) };
    for (key, value) in ticket {
        let mut smaller = vec![ticket.iter().filter(|(k, _)| *k != key).map(|(k, v)| (k.clone(), v.clone())).collect()];
        let pieces: Vec<&str> = value.as_str().map(|t| t.split('，').collect()).unwrap_or_default();
        for k in 0..pieces.len() {
            if pieces.len() > 1 {
                let rest: Vec<&str> = pieces.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, p)| *p).collect();
                let mut fewer = ticket.clone();
                fewer.insert(key.clone(), rest.join("，").into());
                smaller.push(fewer);
            }
        }
        for s in smaller {
            let s = serde_json::Value::Object(s);
            assert_ne!(
                leads(old, new, &s),
                Some((h.from.clone(), h.to.clone())),
                "{} carries more than {s}",
                h.witness
            );
        }
    }
}

type Leads = (Option<String>, Option<String>);

/// The leads a ticket gets in both versions (`None` when one rejects it).
fn leads(old: &RuleSet, new: &RuleSet, ticket: &serde_json::Value) -> Option<Leads> {
    let t_old = Ticket::from_value(&old.attrs, ticket, Strictness::Lenient).ok()?;
    let t_new = Ticket::from_value(&new.attrs, ticket, Strictness::Strict).ok()?;
    Some((route(old, &t_old).lead, route(new, &t_new).lead))
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

/// The fields of the one changed item or matter named `name`, as (field, old, new).
fn fields_of<'d>(changes: &'d [zeren::diff::ItemChange], name: &str) -> Vec<(&'d str, &'d str, &'d str)> {
    let c = changes.iter().find(|c| c.item == name).unwrap_or_else(|| panic!("{name} not in {changes:?}"));
    c.fields.iter().map(|f| (f.field, f.old.as_str(), f.new.as_str())).collect()
}

#[test]
fn item_moved_to_another_matter() {
    let (_, _, d) = diff_edit(|s| {
        s.replace("item 跑路 { when text has \"跑路\" and amount >= 10000  lead gaj  priority 1 }", "")
            + "matter 治安 {\n  item 跑路 { when text has \"跑路\" and amount >= 10000  lead gaj  priority 1 }\n}\n"
    });
    assert_eq!(fields_of(&d.items, "跑路"), [("path", "none", "治安")]);
    assert_eq!((d.matters[0].item.as_str(), d.matters[0].change), ("治安", ChangeKind::Added));
    assert!(d.handovers.is_empty(), "{:?}", d.handovers);
    let text = render_text(&d, None);
    assert!(text.contains("~ item 跑路\n    moved: (top level) → 治安\n"), "{text}");
    assert!(text.contains("matters: 1 added, 0 removed, 0 changed\n+ matter 治安 (lead none)\n"), "{text}");
}

#[test]
fn basis_note_and_like_changes_are_listed() {
    let (_, _, d) = diff_edit(|s| {
        s.replace(
            "item 美容预付卡 { when text has \"美容\"  lead scjg }",
            "item 美容预付卡 { when text has \"美容\"  like 健身预付卡  basis \"《美容美发业管理暂行办法》\"  note \"含美甲\" }",
        )
    });
    assert_eq!(
        fields_of(&d.items, "美容预付卡"),
        [
            ("lead", "scjg", "jtj"),
            ("assists", "[]", "[scjg]"),
            ("like", "none", "健身预付卡"),
            ("basis", "[]", "[\"《美容美发业管理暂行办法》\"]"),
            ("note", "[]", "[\"含美甲\"]"),
        ]
    );
    // The matter's basis is not the item's own: changing it lists the matter only.
    let (_, _, d) =
        diff_edit(|s| s.replace("  lead swj\n", "  lead swj\n  basis \"《单用途商业预付卡管理办法（试行）》\"\n"));
    assert!(d.items.is_empty(), "{:?}", d.items);
    assert_eq!(fields_of(&d.matters, "预付卡退费"), [("basis", "[]", "[\"《单用途商业预付卡管理办法（试行）》\"]")]);
}

#[test]
fn version_left_unchanged_is_a_warning() {
    let (_, _, d) = diff_edit(|s| s.replace("lead jtj  assist scjg", "lead scjg  assist jtj"));
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert!(d.warnings[0].contains("\"1\""), "{:?}", d.warnings);
    assert!(render_text(&d, None).starts_with("warning: the version is still \"1\""));
    let (_, _, d) = diff_edit(|s| {
        s.replace("lead jtj  assist scjg", "lead scjg  assist jtj").replace("version \"1\"", "version \"2\"")
    });
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // A comment is no change of content.
    let (_, _, d) = diff_edit(|s| s.replace("coordinator shzl", "coordinator shzl // 会商"));
    assert!(d.warnings.is_empty() && d.items.is_empty(), "{d:?}");
}

const V2: &str = r#"
ruleset "属地" version "2025.1"
schema { text: text  street "所在镇街": symbol [鹿城街道, 北塘街道, 柳河镇]  received: date }
department lcjd "鹿城街道办事处"
department btjd "北塘街道办事处"
department xzzx "乡镇综合服务中心"
department zrzy "自然资源局"
department shzl "市社会治理服务中心"
coordinator shzl
territory street {
  鹿城街道 -> lcjd
  北塘街道 -> btjd
  柳河镇 -> xzzx
  otherwise shzl
}
clock received default 2025-01-01
matter 农村 {
  when text has any ["宅基地", "违建"]
  deadline 15 workdays
  item 宅基地 { when text has "宅基地"  lead territory  assist zrzy }
  item 违建 { when text has "违建"  lead zrzy  effective 2024-01-01..  deadline 5 workdays }
}
"#;

#[test]
fn v2_changes_are_listed() {
    let old = load(V2);
    let new = load(
        &V2.replace("柳河镇 -> xzzx", "柳河镇 -> lcjd")
            .replace("otherwise shzl", "otherwise xzzx")
            .replace("default 2025-01-01", "default 2025-07-01")
            .replace("deadline 15 workdays", "deadline 10 workdays")
            .replace("effective 2024-01-01..", "effective 2024-01-01..2025-06-30")
            .replace("version \"2025.1\"", "version \"2025.2\""),
    );
    let d = diff(&old, &new, &Config::new());
    let places: Vec<(Option<&str>, Option<&str>, Option<&str>)> =
        d.territory.iter().map(|p| (p.place.as_deref(), p.old.as_deref(), p.new.as_deref())).collect();
    assert_eq!(places, [(Some("柳河镇"), Some("xzzx"), Some("lcjd")), (None, Some("shzl"), Some("xzzx"))]);
    assert_eq!(d.settings, ["clock: received default 2025-01-01 → received default 2025-07-01"]);
    assert_eq!(fields_of(&d.matters, "农村"), [("deadline", "15 workdays", "10 workdays")]);
    assert_eq!(fields_of(&d.items, "宅基地"), [("deadline", "15 workdays", "10 workdays")]);
    assert_eq!(fields_of(&d.items, "违建"), [("effective", "2024-01-01..", "2024-01-01..2025-06-30")]);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    for h in &d.handovers {
        check_witness(&old, &new, h);
    }
    insta::assert_snapshot!("v2_listing", render_text(&d, None));
}

/// Whether the reference router resolves territory and filters by date yet
/// (docs/spec.md §5, v2); the tests below need it.
fn routes_v2() -> bool {
    let rules = load(V2);
    let lead = |json: serde_json::Value| {
        Ticket::from_value(&rules.attrs, &json, Strictness::Strict).ok().and_then(|t| route(&rules, &t).lead)
    };
    lead(serde_json::json!({"text": "宅基地", "street": "柳河镇"})).as_deref() == Some("xzzx")
        && lead(serde_json::json!({"text": "违建", "received": "2023-06-01"})).as_deref() != Some("zrzy")
}

#[test]
fn tickets_that_change_hands_only_because_of_a_place_or_a_date() {
    if !routes_v2() {
        eprintln!("routing does not resolve territory or dates yet; skipped");
        return;
    }
    let old = load(V2);
    // A place mapped to another office: only tickets from there change hands.
    let new = load(&V2.replace("柳河镇 -> xzzx", "柳河镇 -> lcjd"));
    let d = diff(&old, &new, &Config::new());
    let h = d.handovers.iter().find(|h| h.from.as_deref() == Some("xzzx")).unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(h.to.as_deref(), Some("lcjd"));
    assert_eq!(h.because, ["place"]);
    assert_eq!(h.witness, serde_json::json!({"street": "柳河镇", "text": "宅基地"}));
    check_witness(&old, &new, h);
    assert!(render_text(&d, None).contains("only because of its place"));
    // A range that now ends: tickets dated after it go elsewhere.
    let new = load(&V2.replace("effective 2024-01-01..", "effective 2024-01-01..2025-06-30"));
    let d = diff(&old, &new, &Config::new());
    let h = d.handovers.iter().find(|h| h.from.as_deref() == Some("zrzy")).unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(h.because, ["date"]);
    assert_eq!(h.witness["received"], "2025-07-01");
    check_witness(&old, &new, h);
}

#[test]
fn territorial_roles_are_shown_as_written() {
    let old = load(V2);
    let new = load(&V2.replace("lead territory  assist zrzy", "lead zrzy  assist territory"));
    let d = diff(&old, &new, &Config::new());
    assert_eq!(fields_of(&d.items, "宅基地"), [("lead", "territory", "zrzy"), ("assists", "[zrzy]", "[territory]")]);
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
    // Lines counted as an editor counts them (CRLF, comments, blank lines),
    // the bad one quoted with its id and the start of its content.
    let e = replay(&old, &new, "# log\r\n\r\n{\"text\": \"a\"}\r\n{\"id\": \"T9\", \"text\": }\r\n").err();
    let e = e.unwrap_or_else(|| panic!("accepted"));
    assert_eq!((e.line, e.quote.as_str()), (4, "{\"id\": \"T9\", \"text\": }"));
    assert!(e.to_string().starts_with("line 4: not a JSON ticket"), "{e}");
    let e = replay(&old, &new, "{\"text\": \"a\"}\n[{\"id\": \"T2\"}]\n").err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(e.line, 2);
    assert!(e.to_string().ends_with("\n    [{\"id\": \"T2\"}]"), "{e}");
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
    insta::assert_snapshot!("golden_text_zh", render_text_in(&d, Some(&r), zeren::i18n::Lang::Zh));
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

/// Edits of `BASE` a reviewer meets, combined at random below.
const EDITS: &[(&str, &str)] = &[
    ("lead jtj  assist scjg", "lead scjg  assist jtj"),
    (r#"text has any ["健身", "瑜伽"]"#, r#"text has "健身""#),
    ("  item 美容预付卡 { when text has \"美容\"  lead scjg }\n", ""),
    ("  priority 1", ""),
    ("  lead swj\n", "  lead scjg\n"),
    ("when category = 预付卡\n", "when category = 预付卡 or text has \"会员卡\"\n"),
    ("text has \"跑路\" and amount >= 10000", "text has any [\"跑路\", \"卷款\"] and amount >= 5000"),
    ("item 跑路", "item 美甲 { when text has \"美甲\"  lead scjg }\nitem 跑路"),
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Whatever the edits, every witness changes hands as reported when
    /// routed, and carries only what that needs; an unchanged version string
    /// is warned about exactly when something changed.
    #[test]
    fn witnesses_route_as_reported_and_are_minimal(
        picks in proptest::sample::subsequence((0..EDITS.len()).collect::<Vec<_>>(), 1..4)
    ) {
        let mut text = BASE.to_string();
        for &k in &picks {
            text = text.replace(EDITS[k].0, EDITS[k].1);
        }
        let (old, new) = (load(BASE), load(&text));
        let d = diff(&old, &new, &Config::new());
        for h in &d.handovers {
            check_witness(&old, &new, h);
        }
        let changed = !(d.items.is_empty() && d.matters.is_empty() && d.handovers.is_empty());
        proptest::prop_assert_eq!(d.warnings.len(), usize::from(changed && text != BASE));
    }
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
