//! The routing corpus: one case per step and method of docs/spec.md §5, each run on
//! BOTH the reference router and the compiled matcher through one helper.
#![expect(clippy::expect_used, clippy::panic, reason = "a test fails by panicking, with a message")]

use serde_json::{json, Value as Json};
use zeren::ticket::{Strictness, Ticket};

/// Routes `ticket` with the reference router and the compiled matcher,
/// asserts they agree (owned decision, JSON form) and that the decision has
/// every field of `expect` (a subset of docs/spec.md §6's JSON; `score` to 1e-12).
fn check_route(rules_text: &str, ticket_json: &str, expect: Json) {
    check_route_at(rules_text, ticket_json, None, expect);
}

/// [`check_route`] with `--as-of` (v2): the date of a ticket without one.
fn check_route_at(rules_text: &str, ticket_json: &str, as_of: Option<&str>, expect: Json) {
    let rules = match zeren::load::load_str("corpus.rules", rules_text) {
        Ok(r) => r,
        Err(e) => panic!("rules do not load: {e:?}"),
    };
    let as_of = as_of.map(|d| zeren::ir::Date::parse(d).expect("a date"));
    let ticket = Ticket::from_json(&rules.attrs, ticket_json, Strictness::Strict).expect("ticket");
    let reference = zeren::matcher::reference::route_at(&rules, &ticket, as_of);
    let mut compiled = zeren::Rules::new(&rules).expect("compiles");
    compiled.set_as_of(as_of);
    let mut cache = compiled.create_cache();
    let fast = compiled.route(&mut cache, &ticket);
    let fast_json = serde_json::to_value(fast).expect("serialises");
    let reference_json = serde_json::to_value(&reference).expect("serialises");
    assert_eq!(fast.to_decision(), reference, "compiled and reference disagree on {ticket_json}");
    assert_eq!(fast_json, reference_json, "JSON forms differ on {ticket_json}");
    assert_eq!(serde_json::to_string(&fast).ok(), serde_json::to_string(&reference).ok());
    let Json::Object(expect) = expect else { panic!("expect must be an object") };
    for (key, want) in &expect {
        let got = &reference_json[key];
        if key == "score" {
            let (g, w) = (got.as_f64().unwrap_or(f64::NAN), want.as_f64().unwrap_or(f64::NAN));
            assert!((g - w).abs() < 1e-12, "score: got {g}, want {w} for {ticket_json}\n{reference_json:#}");
        } else {
            assert_eq!(got, want, "field `{key}` for {ticket_json}\n{reference_json:#}");
        }
    }
}

const SPEC_EXAMPLE: &str = include_str!("corpus/spec_example.rules");

#[test]
fn spec_example_inline_test() {
    check_route(
        SPEC_EXAMPLE,
        r#"{"category": "预付卡", "text": "健身房关门了，办的年卡退不了钱", "amount": 3000}"#,
        json!({"lead": "scjg", "lead_name": "市场监督管理局", "assists": ["gaj"], "liaisons": [],
               "item": "健身美容预付卡", "path": ["预付卡退费", "健身美容预付卡"], "method": "direct",
               "score": 1.0, "analogy_of": null, "candidates": ["健身美容预付卡"],
               "basis": ["《单用途商业预付卡管理办法（试行）》"]}),
    );
}

#[test]
fn spec_example_more_tickets() {
    // An item with its own basis, then its matter's.
    check_route(
        SPEC_EXAMPLE,
        r#"{"category": "预付卡", "text": "辅导班老板跑路了"}"#,
        json!({"lead": "jtj", "assists": ["scjg"], "item": "校外培训预付卡", "method": "direct",
               "basis": ["《校外培训行政处罚暂行办法》", "《单用途商业预付卡管理办法（试行）》"]}),
    );
    // Two items with different roles, neither more specific: disputed.
    check_route(
        SPEC_EXAMPLE,
        r#"{"category": "预付卡", "text": "健身和培训的年卡都退不了"}"#,
        json!({"lead": "shzl", "item": null, "path": [], "method": "disputed",
               "candidates": ["健身美容预付卡", "校外培训预付卡"], "basis": []}),
    );
    // The matter's guard holds, no item does: residual (主办兜底).
    check_route(
        SPEC_EXAMPLE,
        r#"{"category": "预付卡", "text": "超市购物卡不给退"}"#,
        json!({"lead": "swj", "item": null, "path": ["预付卡退费"], "method": "residual",
               "candidates": [], "basis": ["《单用途商业预付卡管理办法（试行）》"]}),
    );
    // A top-level item with two assists.
    check_route(
        SPEC_EXAMPLE,
        r#"{"text": "买的种子发芽率很低"}"#,
        json!({"lead": "nync", "assists": ["scjg", "gaj"], "item": "种子质量监管", "path": ["种子质量监管"], "method": "direct"}),
    );
    // `like`: lead and basis borrowed, assists its own, `analogy_of` recorded.
    check_route(
        SPEC_EXAMPLE,
        r#"{"text": "剧本杀店突然关门"}"#,
        json!({"lead": "wlj", "assists": ["gaj", "scjg", "xfj"], "item": "密室逃脱剧本杀",
               "path": ["新兴业态", "密室逃脱剧本杀"], "method": "direct", "analogy_of": "出版物经营",
               "basis": ["《出版管理条例》"]}),
    );
    // `near`: declared analogy, score 1.
    check_route(
        SPEC_EXAMPLE,
        r#"{"text": "沉浸式体验馆消防通道堵塞"}"#,
        json!({"lead": "wlj", "item": "密室逃脱剧本杀", "method": "analogy", "score": 1.0, "candidates": []}),
    );
    // Nearest item: half of 健身美容预付卡's conjunction holds (its own
    // `when`, not the matter's guard), threshold 0.5.
    check_route(
        SPEC_EXAMPLE,
        r#"{"venue": "健身房"}"#,
        json!({"lead": "scjg", "item": "健身美容预付卡", "method": "analogy", "score": 0.5}),
    );
    // Nothing near enough: the coordinator.
    check_route(
        SPEC_EXAMPLE,
        r#"{"text": "路灯坏了好几天"}"#,
        json!({"lead": "shzl", "lead_name": "市社会治理服务中心", "item": null, "method": "unclaimed", "candidates": [], "basis": []}),
    );
}

const HEAD: &str = r#"
schema {
  category: symbol
  text:     text
  venue:    symbol [超市, 商场, 其他]
  amount:   number
  online:   bool
}
department a "甲局"
department b "乙局"
department c "丙局"
department d "丁局"
department co "协调中心"
"#;

fn with_head(body: &str) -> String {
    format!("{HEAD}\n{body}")
}

fn with_coordinator(body: &str) -> String {
    format!("{HEAD}\ncoordinator co\n{body}")
}

#[test]
fn agreeing_candidates_first_declared() {
    let r = with_coordinator(
        r#"
        item 甲一 { when text has "噪音" lead a assist b }
        item 甲二 { when text has "扰民" lead a assist b }
        "#,
    );
    check_route(
        &r,
        r#"{"text": "夜间噪音扰民"}"#,
        json!({"lead": "a", "item": "甲一", "method": "direct", "candidates": ["甲一", "甲二"]}),
    );
    // Same lead, different assists: they do not agree.
    let r = with_coordinator(
        r#"
        item 甲一 { when text has "噪音" lead a assist b }
        item 甲二 { when text has "扰民" lead a assist c }
        "#,
    );
    check_route(
        &r,
        r#"{"text": "夜间噪音扰民"}"#,
        json!({"lead": "co", "method": "disputed", "candidates": ["甲一", "甲二"]}),
    );
    // Liaisons count too.
    let r = with_coordinator(
        r#"
        item 甲一 { when text has "噪音" lead a liaise d }
        item 甲二 { when text has "扰民" lead a }
        "#,
    );
    check_route(&r, r#"{"text": "夜间噪音扰民"}"#, json!({"method": "disputed"}));
    check_route(&r, r#"{"text": "噪音"}"#, json!({"lead": "a", "liaisons": ["d"], "method": "direct"}));
}

#[test]
fn priority_and_over() {
    let r = with_coordinator(
        r#"
        item 停车 { when text has "停车" lead a priority 1 }
        item 收费 { when text has "收费" lead b }
        item 标准 { when text has "标准" lead c priority 1 }
        "#,
    );
    check_route(
        &r,
        r#"{"text": "停车收费"}"#,
        json!({"lead": "a", "item": "停车", "method": "priority", "candidates": ["停车", "收费"]}),
    );
    // Priority leaves two that disagree and neither is more specific.
    check_route(
        &r,
        r#"{"text": "停车收费标准"}"#,
        json!({"lead": "co", "method": "disputed", "candidates": ["停车", "收费", "标准"]}),
    );

    // `over`, transitively: 甲 over 乙, 乙 over 丙, so 甲 beats 丙.
    let r = with_coordinator(
        r#"
        item 甲 { when text has "噪音" lead a over 乙 }
        item 乙 { when text has "施工" lead b over 丙 }
        item 丙 { when text has "夜间" lead c }
        "#,
    );
    check_route(
        &r,
        r#"{"text": "夜间噪音"}"#,
        json!({"lead": "a", "item": "甲", "method": "priority", "candidates": ["甲", "丙"]}),
    );
    check_route(&r, r#"{"text": "夜间施工"}"#, json!({"lead": "b", "method": "priority"}));
    // `over` only settles equal priorities.
    let r = with_coordinator(
        r#"
        item 甲 { when text has "噪音" lead a over 乙 }
        item 乙 { when text has "施工" lead b priority 2 }
        "#,
    );
    check_route(&r, r#"{"text": "施工噪音"}"#, json!({"lead": "b", "method": "priority"}));

    // `over` a matter's name: every item in it.
    let r = with_coordinator(
        r#"
        item 噪音总则 { when text has "噪音" lead a over 施工 }
        matter 施工 {
          item 夜间施工 { when text has "夜间" lead b }
          item 白天施工 { when text has "白天" lead c }
        }
        "#,
    );
    check_route(&r, r#"{"text": "夜间噪音"}"#, json!({"lead": "a", "item": "噪音总则", "method": "priority"}));
    check_route(
        &r,
        r#"{"text": "白天噪音"}"#,
        json!({"lead": "a", "method": "priority", "candidates": ["噪音总则", "白天施工"]}),
    );
    check_route(&r, r#"{"text": "夜间和白天都吵"}"#, json!({"lead": "co", "method": "disputed"}));
}

#[test]
fn specific_by_intervals_and_symbols() {
    let r = with_coordinator(
        r#"
        item 一般 { when amount > 100 lead a }
        item 大额 { when amount > 1000 lead b }
        "#,
    );
    check_route(
        &r,
        r#"{"amount": 5000}"#,
        json!({"lead": "b", "item": "大额", "method": "specific", "candidates": ["一般", "大额"]}),
    );
    check_route(&r, r#"{"amount": 500}"#, json!({"lead": "a", "method": "direct"}));
    check_route(&r, r#"{"amount": 100}"#, json!({"lead": "co", "method": "unclaimed"}));

    // Symbol exclusivity: `category = 网购` implies `category != 团购`.
    let r = with_coordinator(
        r#"
        item 非团购 { when category != 团购 and text has "退款" lead a }
        item 网购退款 { when category = 网购 and text has "退款" lead b }
        "#,
    );
    check_route(&r, r#"{"category": "网购", "text": "退款难"}"#, json!({"lead": "b", "method": "specific"}));
    check_route(&r, r#"{"category": "外卖", "text": "退款难"}"#, json!({"lead": "a", "method": "direct"}));
    // `!=` needs the attribute: missing category matches neither.
    check_route(&r, r#"{"text": "退款难"}"#, json!({"lead": "co", "method": "unclaimed"}));
}

#[test]
fn specific_by_keyword_containment() {
    let r = with_coordinator(
        r#"
        item 停车 { when text has "停车" lead a }
        item 停车场收费 { when text has "停车场" lead b }
        "#,
    );
    check_route(
        &r,
        r#"{"text": "小区停车场乱收费"}"#,
        json!({"lead": "b", "item": "停车场收费", "method": "specific", "candidates": ["停车", "停车场收费"]}),
    );
    check_route(&r, r#"{"text": "乱停车"}"#, json!({"lead": "a", "method": "direct", "candidates": ["停车"]}));
    // Overlapping keywords that contain neither: both found in one pass.
    let r = with_coordinator(
        r#"
        item 前 { when text has "停车场" lead a }
        item 后 { when text has "车场地" lead b }
        "#,
    );
    check_route(&r, r#"{"text": "停车场地"}"#, json!({"method": "disputed", "candidates": ["前", "后"]}));
}

#[test]
fn specific_by_closed_domain_and_missing_attributes() {
    // `venue != 超市` on the closed domain [超市, 商场, 其他] with `venue != 其他`
    // means `venue = 商场`.
    let r = with_coordinator(
        r#"
        item 商场 { when venue = 商场 lead a }
        item 商场退货 { when venue != 超市 and venue != 其他 and text has "退货" lead b }
        "#,
    );
    check_route(&r, r#"{"venue": "商场", "text": "退货被拒"}"#, json!({"lead": "b", "method": "specific"}));
    // `not online` holds when online is missing, so the narrower item needs it.
    let r = with_coordinator(
        r#"
        item 漏水 { when text has "漏水" lead a }
        item 线下漏水 { when text has "漏水" and not online lead b }
        "#,
    );
    check_route(
        &r,
        r#"{"text": "楼上漏水"}"#,
        json!({"lead": "b", "method": "specific", "candidates": ["漏水", "线下漏水"]}),
    );
    check_route(&r, r#"{"text": "楼上漏水", "online": null}"#, json!({"lead": "b", "method": "specific"}));
    check_route(&r, r#"{"text": "楼上漏水", "online": true}"#, json!({"lead": "a", "method": "direct"}));
    check_route(&r, r#"{"text": "楼上漏水", "online": false}"#, json!({"lead": "b", "method": "specific"}));
    // Mutual implication is not "more specific than every other".
    let r = with_coordinator(
        r#"
        item 甲 { when text has "漏水" lead a }
        item 乙 { when text has any ["漏水"] lead b }
        "#,
    );
    check_route(&r, r#"{"text": "漏水"}"#, json!({"lead": "co", "method": "disputed"}));
}

#[test]
fn disputed_with_and_without_coordinator() {
    let body = r#"
        item 甲 { when text has "噪音" lead a }
        item 乙 { when text has "噪音" lead b }
    "#;
    check_route(
        &with_coordinator(body),
        r#"{"text": "噪音"}"#,
        json!({"lead": "co", "lead_name": "协调中心", "method": "disputed", "candidates": ["甲", "乙"], "path": [], "item": null}),
    );
    check_route(
        &with_head(body),
        r#"{"text": "噪音"}"#,
        json!({"lead": null, "lead_name": null, "method": "disputed", "candidates": ["甲", "乙"]}),
    );
}

#[test]
fn near_analogy_with_and_without_fallback() {
    let body = r#"
        item 出版 { when text has "图书" lead a basis "《出版管理条例》" }
        item 剧本杀 { when text has "剧本杀" near text has any ["沉浸式", "鬼屋"] like 出版 assist c }
        item 鬼屋 { when text has "游乐" near text has "鬼屋" lead b priority 1 }
        item 密室 { when text has "密室" near text has "沉浸式" lead d over 剧本杀 }
    "#;
    for r in [with_head(body), with_coordinator(&format!("{body}\nfallback {{ nearest threshold 0.5 }}"))] {
        // Priority among `near` matches.
        check_route(
            &r,
            r#"{"text": "鬼屋太吓人"}"#,
            json!({"lead": "b", "item": "鬼屋", "method": "analogy", "score": 1.0, "candidates": []}),
        );
        // `over` among `near` matches.
        check_route(&r, r#"{"text": "沉浸式剧场"}"#, json!({"lead": "d", "item": "密室", "method": "analogy"}));
        // A direct match comes first.
        check_route(
            &r,
            r#"{"text": "沉浸式剧本杀"}"#,
            json!({"lead": "a", "item": "剧本杀", "method": "direct", "analogy_of": "出版", "assists": ["c"], "basis": ["《出版管理条例》"]}),
        );
    }
    // The declaration order settles the rest.
    let r = with_head(
        r#"
        item 甲 { when text has "x1" near text has "沉浸" lead a }
        item 乙 { when text has "x2" near text has "沉浸式" lead b }
        "#,
    );
    check_route(&r, r#"{"text": "沉浸式"}"#, json!({"lead": "a", "method": "analogy"}));
}

#[test]
fn residual_innermost_and_agreement() {
    let r = with_coordinator(
        r#"
        matter 住房 {
          when category = 住房
          lead a
          basis "住房总则"
          matter 物业 {
            when text has "物业"
            lead b
            assist c
            basis "物业条例"
            item 物业费 { when text has "物业费" lead d }
          }
          item 违建 { when text has "违建" }
        }
        "#,
    );
    check_route(
        &r,
        r#"{"category": "住房", "text": "物业不作为"}"#,
        json!({"lead": "b", "assists": ["c"], "item": null, "path": ["住房", "物业"], "method": "residual", "basis": ["物业条例", "住房总则"]}),
    );
    check_route(
        &r,
        r#"{"category": "住房", "text": "楼道堆物"}"#,
        json!({"lead": "a", "path": ["住房"], "method": "residual", "basis": ["住房总则"]}),
    );
    check_route(
        &r,
        r#"{"category": "住房", "text": "物业费太贵"}"#,
        json!({"lead": "d", "item": "物业费", "method": "direct", "basis": ["物业条例", "住房总则"]}),
    );
    check_route(
        &r,
        r#"{"category": "住房", "text": "违建"}"#,
        json!({"lead": "a", "item": "违建", "path": ["住房", "违建"], "method": "direct"}),
    );
    // The guard of 物业 alone (without 住房's) does not hold the matter.
    check_route(&r, r#"{"category": "交通", "text": "物业不作为"}"#, json!({"lead": "co", "method": "unclaimed"}));

    // Unrelated matters that agree: the first declared.
    let r = with_coordinator(
        r#"
        matter 甲 { when text has "噪音" lead a assist b  item 甲一 { when text has "x" } }
        matter 乙 { when text has "扰民" lead a assist b  item 乙一 { when text has "y" } }
        "#,
    );
    check_route(&r, r#"{"text": "噪音扰民"}"#, json!({"lead": "a", "path": ["甲"], "method": "residual"}));
}

#[test]
fn residual_by_guard_implication_and_dispute() {
    let r = with_coordinator(
        r#"
        matter 住房 { when category = 住房 lead a  item 违建 { when text has "违建" } }
        matter 物业 { when category = 住房 and text has "物业" lead b  item 物业费 { when text has "物业费" } }
        matter 噪音 { when text has "噪音" lead c  item 施工 { when text has "施工" } }
        "#,
    );
    check_route(
        &r,
        r#"{"category": "住房", "text": "物业不作为"}"#,
        json!({"lead": "b", "path": ["物业"], "method": "residual"}),
    );
    check_route(
        &r,
        r#"{"category": "住房", "text": "楼下噪音"}"#,
        json!({"lead": "co", "method": "disputed", "candidates": ["住房", "噪音"], "path": [], "basis": []}),
    );
    check_route(
        &r,
        r#"{"category": "住房", "text": "物业噪音"}"#,
        json!({"method": "disputed", "candidates": ["住房", "物业", "噪音"]}),
    );
    // Matters without their own lead never take residual tickets.
    let r = with_coordinator(
        r#"
        matter 组 { when text has "噪音"  item 施工 { when text has "施工" lead a } }
        "#,
    );
    check_route(&r, r#"{"text": "噪音"}"#, json!({"lead": "co", "method": "unclaimed"}));
}

const NEAREST: &str = r#"
    item 违停 { when category = 交通 and text has "违停" and venue = 商场 lead a }
    item 否决 { when category = 交通 and text has "xx" and not online lead b }
    item 收费 { when text has all ["停车", "收费", "标准"] lead c }
"#;

#[test]
fn nearest_item_scores() {
    let r = with_coordinator(&format!("{NEAREST}\nfallback {{ nearest threshold 0.5 }}"));
    // Positive mean: two of three operands.
    check_route(
        &r,
        r#"{"category": "交通", "venue": "商场"}"#,
        json!({"lead": "a", "item": "违停", "method": "analogy", "score": 2.0 / 3.0}),
    );
    // A negative operand that fails vetoes: 否决 would score 1/3 × 0.
    check_route(
        &r,
        r#"{"category": "交通", "text": "xx", "online": true}"#,
        json!({"lead": "co", "method": "unclaimed"}),
    );
    // `has all` scores the fraction present.
    check_route(
        &r,
        r#"{"text": "停车收费"}"#,
        json!({"lead": "c", "item": "收费", "method": "analogy", "score": 2.0 / 3.0}),
    );
    // Below the threshold: unclaimed.
    check_route(&r, r#"{"text": "停车"}"#, json!({"lead": "co", "method": "unclaimed", "score": 1.0}));
    // Without a fallback block the step never fires.
    let r = with_coordinator(NEAREST);
    check_route(&r, r#"{"category": "交通", "venue": "商场"}"#, json!({"lead": "co", "method": "unclaimed"}));
}

#[test]
fn nearest_threshold_tolerance() {
    // 2/3 is 0.666…67 rounded; a threshold written 0.6666666667 is above it by
    // less than 1e-9 and is met.
    let r = with_coordinator(&format!("{NEAREST}\nfallback {{ nearest threshold 0.6666666667 }}"));
    check_route(
        &r,
        r#"{"category": "交通", "venue": "商场"}"#,
        json!({"lead": "a", "method": "analogy", "score": 2.0 / 3.0}),
    );
    // 0.667 is not met.
    let r = with_coordinator(&format!("{NEAREST}\nfallback {{ nearest threshold 0.667 }}"));
    check_route(&r, r#"{"category": "交通", "venue": "商场"}"#, json!({"lead": "co", "method": "unclaimed"}));
}

#[test]
fn nearest_tie_breaks() {
    let fallback = "fallback { nearest threshold 0.5 }";
    // Equal scores: higher priority wins.
    let r = with_coordinator(&format!(
        r#"
        item 甲 {{ when category = 交通 and text has "a1" lead a }}
        item 乙 {{ when category = 交通 and text has "b1" lead b priority 3 }}
        {fallback}"#
    ));
    check_route(&r, r#"{"category": "交通"}"#, json!({"lead": "b", "item": "乙", "method": "analogy", "score": 0.5}));
    // Then `over`.
    let r = with_coordinator(&format!(
        r#"
        item 甲 {{ when category = 交通 and text has "a1" lead a }}
        item 乙 {{ when category = 交通 and text has "b1" lead b over 甲 }}
        {fallback}"#
    ));
    check_route(&r, r#"{"category": "交通"}"#, json!({"lead": "b", "method": "analogy"}));
    // Then the declaration order.
    let r = with_coordinator(&format!(
        r#"
        item 甲 {{ when category = 交通 and text has "a1" lead a }}
        item 乙 {{ when category = 交通 and text has "b1" lead b }}
        {fallback}"#
    ));
    check_route(&r, r#"{"category": "交通"}"#, json!({"lead": "a", "method": "analogy"}));
    // A higher score beats a higher priority.
    let r = with_coordinator(&format!(
        r#"
        item 甲 {{ when category = 交通 and text has "a1" and venue = 商场 lead a }}
        item 乙 {{ when category = 交通 and text has "b1" lead b priority 3 }}
        {fallback}"#
    ));
    check_route(&r, r#"{"category": "交通", "venue": "商场"}"#, json!({"lead": "a", "score": 2.0 / 3.0}));
    // The `near` condition scores too: the larger of the two.
    let r = with_coordinator(&format!(
        r#"
        item 甲 {{ when category = 交通 and text has "a1" lead a }}
        item 乙 {{ when text has "b1" near category = 交通 and venue = 商场 and amount > 10 lead b }}
        {fallback}"#
    ));
    check_route(&r, r#"{"category": "交通", "venue": "商场"}"#, json!({"lead": "b", "score": 2.0 / 3.0}));
}

#[test]
fn unclaimed_with_and_without_coordinator() {
    let body = r#"item 甲 { when text has "噪音" lead a }"#;
    check_route(
        &with_coordinator(body),
        r#"{"text": "路灯"}"#,
        json!({"lead": "co", "lead_name": "协调中心", "method": "unclaimed", "item": null, "path": [], "candidates": [], "basis": [], "assists": []}),
    );
    check_route(
        &with_head(body),
        r#"{"text": "路灯"}"#,
        json!({"lead": null, "lead_name": null, "method": "unclaimed"}),
    );
    check_route(&with_head(body), r#"{}"#, json!({"lead": null, "method": "unclaimed"}));
}

#[test]
fn folding_nfkc_and_case() {
    let r = with_coordinator(
        r#"
        item 应用 { when text has "app" lead a }
        item 全角 { when text has "ＷＩＦＩ" lead b }
        "#,
    );
    check_route(&r, r#"{"text": "ＡＰＰ闪退"}"#, json!({"lead": "a", "method": "direct"}));
    check_route(&r, r#"{"text": "App 无法退款"}"#, json!({"lead": "a", "method": "direct"}));
    check_route(&r, r#"{"text": "小区wifi断了"}"#, json!({"lead": "b", "method": "direct"}));
    check_route(&r, r#"{"text": "小区ＷｉＦｉ断了"}"#, json!({"lead": "b", "method": "direct"}));
    check_route(&r, r#"{"text": "ap p"}"#, json!({"lead": "co", "method": "unclaimed"}));
}

#[test]
fn missing_and_null_attributes() {
    let r = with_coordinator(
        r#"
        item 非超市退货 { when not venue = 超市 and text has "退货" lead a }
        item 线上 { when online lead b }
        item 线下 { when online = false lead c }
        item 小额 { when amount <= 50 lead d }
        "#,
    );
    check_route(&r, r#"{"text": "退货"}"#, json!({"lead": "a", "method": "direct"}));
    check_route(&r, r#"{"text": "退货", "venue": null}"#, json!({"lead": "a", "method": "direct"}));
    check_route(&r, r#"{"text": "退货", "venue": "超市"}"#, json!({"lead": "co", "method": "unclaimed"}));
    check_route(&r, r#"{"online": true}"#, json!({"lead": "b"}));
    check_route(&r, r#"{"online": false}"#, json!({"lead": "c"}));
    check_route(&r, r#"{"online": null, "amount": null}"#, json!({"method": "unclaimed"}));
    check_route(&r, r#"{"amount": 50}"#, json!({"lead": "d"}));
    check_route(&r, r#"{"amount": -3.5}"#, json!({"lead": "d"}));
}

#[test]
fn like_inheritance() {
    let r = with_coordinator(
        r#"
        matter 出版市场 {
          basis "出版总则"
          item 出版物 { when text has "图书" lead a assist b liaise d basis "《出版管理条例》" }
        }
        matter 新业态 {
          basis "新业态通知"
          item 剧本杀 { when text has "剧本杀" like 出版物 }
          item 密室 { when text has "密室" like 出版物 assist c basis "密室办法" }
        }
        "#,
    );
    check_route(
        &r,
        r#"{"text": "剧本杀"}"#,
        json!({"lead": "a", "assists": ["b"], "liaisons": ["d"], "analogy_of": "出版物", "path": ["新业态", "剧本杀"], "basis": ["《出版管理条例》", "出版总则", "新业态通知"]}),
    );
    check_route(
        &r,
        r#"{"text": "密室"}"#,
        json!({"lead": "a", "assists": ["c"], "liaisons": ["d"], "analogy_of": "出版物", "basis": ["密室办法", "新业态通知"]}),
    );
}

#[test]
fn in_lists_bools_and_numbers() {
    let r = with_coordinator(
        r#"
        item 场所 { when venue in [超市, 商场] and amount >= 1000 lead a }
        item 小额 { when venue in [超市, 商场] and amount < 1000 lead b }
        item 其他 { when venue = 其他 or category in [x, y] lead c }
        "#,
    );
    check_route(&r, r#"{"venue": "超市", "amount": 1000}"#, json!({"lead": "a"}));
    check_route(&r, r#"{"venue": "商场", "amount": 999.99}"#, json!({"lead": "b"}));
    check_route(&r, r#"{"venue": "其他"}"#, json!({"lead": "c"}));
    check_route(&r, r#"{"category": "y"}"#, json!({"lead": "c"}));
    check_route(&r, r#"{"category": "z"}"#, json!({"method": "unclaimed"}));
}

#[test]
fn shipped_rules_inline_tests_agree() {
    // Every inline `test` ticket of the shipped rules, on both routers.
    let Ok(rules) = zeren::load::load_paths(&[concat!(env!("CARGO_MANIFEST_DIR"), "/rules")]) else {
        return;
    };
    let compiled = zeren::Rules::new(&rules).expect("compiles");
    let mut cache = compiled.create_cache();
    for test in &rules.tests {
        let ticket =
            Ticket::from_value(&rules.attrs, &Json::Object(test.ticket.clone()), Strictness::Strict).expect("ticket");
        let reference = zeren::matcher::reference::route(&rules, &ticket);
        assert_eq!(compiled.route(&mut cache, &ticket).to_decision(), reference, "test {:?}", test.name);
    }
}

#[test]
fn rules_are_send_sync_and_shared() {
    fn send_sync<T: Send + Sync + Clone>() {}
    send_sync::<zeren::Rules>();
    fn send<T: Send>() {}
    send::<zeren::matcher::Cache>();
    // Clones share one graph; a cache made by one clone serves the other.
    let set = zeren::load::load_str("c.rules", SPEC_EXAMPLE).expect("loads");
    let rules = zeren::Rules::new(&set).expect("compiles");
    let clone = rules.clone();
    assert_eq!(rules.memory_usage(), clone.memory_usage());
    let mut cache = rules.create_cache();
    let ticket = Ticket::from_json(&set.attrs, r#"{"text": "种子"}"#, Strictness::Strict).expect("ticket");
    assert_eq!(clone.route(&mut cache, &ticket).lead(), Some("nync"));
    // A cache made for other rules is reset, not misread.
    let other = zeren::Rules::new(
        &zeren::load::load_str(
            "o.rules",
            "schema { text: text } department x item y { when text has \"种子\" lead x }",
        )
        .expect("loads"),
    )
    .expect("compiles");
    assert_eq!(other.route(&mut cache, &ticket).lead(), None);
}

#[test]
fn quoted_names_everywhere_a_name_may_stand() {
    // docs/spec.md §2: a name that is not an identifier is written as a string,
    // attributes, `words` and `define` included; `"a"` and `a` are one name.
    let rules = r#"
schema { "金额（元）": number  "诉求 内容": text  "是否线上": bool }
department "市场局（本级）" "市场监督管理局"
department gaj
words "退费 词" = ["退费", "退钱"]
define "大额（万元以上）" = "金额（元）" >= 10000
matter "预付卡 纠纷" {
  when "诉求 内容" has any ["预付卡", "会员卡"]
  item "大额 预付卡" { when "大额（万元以上）" lead gaj }
  item "线上 预付卡" { when "是否线上" and not "大额（万元以上）" lead "市场局（本级）" }
}
test "大额" {
  ticket { "金额（元）": 20000, "诉求 内容": "预付卡退不了" }
  expect lead gaj
  expect item "大额 预付卡"
}
"#;
    check_route(
        rules,
        r#"{"金额（元）": 20000, "诉求 内容": "预付卡退不了"}"#,
        json!({"lead": "gaj", "item": "大额 预付卡", "path": ["预付卡 纠纷", "大额 预付卡"], "method": "direct"}),
    );
    check_route(
        rules,
        r#"{"金额（元）": 200, "诉求 内容": "会员卡", "是否线上": true}"#,
        json!({"lead": "市场局（本级）", "lead_name": "市场监督管理局", "item": "线上 预付卡"}),
    );
}

const V2: &str = include_str!("corpus/v2_routing.rules");

#[test]
fn v2_in_force_at_range_edges() {
    // Both ends inclusive: the last day of the old rule, the first of the new.
    let at = |date: &str, item: &str, deadline: Json| {
        let ticket = format!(r#"{{"text": "预付卡退不了", "at": "{date}"}}"#);
        check_route(V2, &ticket, json!({"item": item, "method": "direct", "candidates": [item], "deadline": deadline}));
    };
    at("2020-01-01", "预付卡旧规", json!({"value": 7, "unit": "days"}));
    at("2024-06-30", "预付卡旧规", json!({"value": 7, "unit": "days"}));
    at("2024-07-01", "预付卡新规", json!({"value": 5, "unit": "workdays"}));
    // Date-times: only the date counts, whatever the zone.
    at("2024-06-30 23:59", "预付卡旧规", json!({"value": 7, "unit": "days"}));
    at("2024-07-01T00:30:00+08:00", "预付卡新规", json!({"value": 5, "unit": "workdays"}));
    at("2024-07-01t00:30:00.25Z", "预付卡新规", json!({"value": 5, "unit": "workdays"}));
    // Before either: the items are as if not declared, the matter catches it
    // with its own deadline.
    check_route(
        V2,
        r#"{"text": "预付卡退不了", "at": "2019-12-31"}"#,
        json!({"lead": "scjg", "item": null, "path": ["消费维权"], "method": "residual", "candidates": [],
               "deadline": {"value": 10, "unit": "days"}}),
    );
}

#[test]
fn v2_ticket_date_clock_default_and_as_of() {
    // No date: the clock's default (2024-06-30).
    check_route(V2, r#"{"text": "预付卡"}"#, json!({"item": "预付卡旧规"}));
    // No date and --as-of: the --as-of date.
    check_route_at(V2, r#"{"text": "预付卡"}"#, Some("2024-07-01"), json!({"item": "预付卡新规"}));
    // A date of its own wins over --as-of.
    check_route_at(V2, r#"{"text": "预付卡", "at": "2024-06-30"}"#, Some("2024-07-01"), json!({"item": "预付卡旧规"}));
    // `null` is no date.
    check_route_at(V2, r#"{"text": "预付卡", "at": null}"#, Some("2025-01-01"), json!({"item": "预付卡新规"}));
}

#[test]
fn v2_territory_mapped_unlisted_missing() {
    let garbage = |street: &str, expect: Json| {
        let ticket = if street.is_empty() {
            r#"{"text": "垃圾"}"#.to_string()
        } else {
            format!(r#"{{"text": "垃圾", "street": "{street}"}}"#)
        };
        check_route(V2, &ticket, expect);
    };
    // Mapped: the street office leads; it already assists, so it is kept once, as lead.
    garbage(
        "鹿城街道",
        json!({"lead": "lcjd", "lead_name": "鹿城街道办事处", "assists": ["hbj"], "territorial": true}),
    );
    garbage("北塘街道", json!({"lead": "btjd", "assists": ["lcjd", "hbj"], "territorial": true}));
    // Two towns share one office.
    garbage("桃园镇", json!({"lead": "xzzx", "assists": ["lcjd", "hbj"], "territorial": true}));
    // Unlisted and missing: `otherwise`.
    garbage("新区", json!({"lead": "shzl", "assists": ["lcjd", "hbj"], "territorial": true}));
    garbage(
        "",
        json!({"lead": "shzl", "assists": ["lcjd", "hbj"], "territorial": true, "deadline": {"value": 3, "unit": "days"}}),
    );
    // `assist territory`: the office of a listed place assists; an unlisted
    // or missing place adds no one, and the decision is not territorial.
    check_route(
        V2,
        r#"{"text": "农房开裂", "street": "柳河镇"}"#,
        json!({"lead": "zjj", "assists": ["xzzx"], "liaisons": ["nync"], "territorial": true}),
    );
    check_route(
        V2,
        r#"{"text": "农房开裂", "street": "新区"}"#,
        json!({"lead": "zjj", "assists": [], "liaisons": ["nync"], "territorial": false}),
    );
    check_route(V2, r#"{"text": "农房开裂"}"#, json!({"lead": "zjj", "assists": [], "territorial": false}));
}

#[test]
fn v2_agreement_through_territory() {
    // `lead territory` agrees with `lead btjd` exactly where the place maps
    // to btjd; the shortest deadline (24 hours < 2 days) goes with the first declared.
    check_route(
        V2,
        r#"{"text": "占道摆摊贩卖", "street": "北塘街道"}"#,
        json!({"lead": "btjd", "item": "占道经营", "method": "direct", "candidates": ["占道经营", "流动摊贩"],
               "deadline": {"value": 24, "unit": "hours"}, "territorial": true, "split": []}),
    );
    // Elsewhere they disagree: disputed, and each is a top-level item, a
    // group of its own, so the ticket splits.
    check_route(
        V2,
        r#"{"text": "占道摆摊贩卖", "street": "鹿城街道"}"#,
        json!({"lead": "shzl", "method": "disputed", "deadline": null, "territorial": false,
               "split": [
                 {"item": "占道经营", "lead": "lcjd", "lead_name": "鹿城街道办事处", "assists": [], "liaisons": [],
                  "deadline": {"value": 2, "unit": "days"}},
                 {"item": "流动摊贩", "lead": "btjd", "lead_name": "北塘街道办事处", "assists": [], "liaisons": [],
                  "deadline": {"value": 24, "unit": "hours"}}]}),
    );
}

#[test]
fn v2_shortest_deadline() {
    // Equal lengths (1 day, 24 hours): the first declared's unit.
    check_route(
        V2,
        r#"{"text": "夜里施工噪音"}"#,
        json!({"item": "噪音扰民", "method": "direct", "deadline": {"value": 1, "unit": "days"}}),
    );
    // An agreeing item without a deadline: none.
    check_route(V2, r#"{"text": "广场舞噪音"}"#, json!({"item": "噪音扰民", "method": "direct", "deadline": null}));
    // An inherited deadline (the matter's).
    check_route(
        V2,
        r#"{"text": "退费难"}"#,
        json!({"item": "退费纠纷", "assists": ["zrzy"], "deadline": {"value": 10, "unit": "days"}}),
    );
}

#[test]
fn v2_split() {
    // Two groups: the matter 消费维权 and the top-level item 环境卫生, each
    // with its own roles; parts in declaration order.
    check_route(
        V2,
        r#"{"text": "预付卡退不了，楼下垃圾成堆", "at": "2024-07-01", "street": "鹿城街道"}"#,
        json!({"lead": "shzl", "method": "disputed", "item": null, "deadline": null, "territorial": false,
               "candidates": ["预付卡新规", "环境卫生"],
               "split": [
                 {"item": "预付卡新规", "lead": "scjg", "lead_name": "市场监督管理局", "assists": [], "liaisons": [],
                  "deadline": {"value": 5, "unit": "workdays"}},
                 {"item": "环境卫生", "lead": "lcjd", "lead_name": "鹿城街道办事处", "assists": ["hbj"], "liaisons": [],
                  "deadline": {"value": 3, "unit": "days"}}]}),
    );
    // A group that is itself disputed (预付卡新规 and 退费纠纷 differ in
    // assists, neither more specific): no split.
    check_route(
        V2,
        r#"{"text": "预付卡退费难，楼下垃圾成堆", "at": "2024-07-01", "street": "鹿城街道"}"#,
        json!({"method": "disputed", "candidates": ["预付卡新规", "退费纠纷", "环境卫生"], "split": []}),
    );
}

#[test]
fn v2_inline_tests_pass() {
    // `expect deadline` and `expect split` are checked, not refused.
    let engine = zeren::Engine::from_str("v2.rules", V2).expect("loads");
    let cases = zeren::suite::inline_cases(engine.rule_set());
    assert_eq!(cases.len(), 4);
    for case in &cases {
        let (decision, mismatches) = zeren::suite::run_case(&engine, case).expect("ticket");
        assert!(mismatches.is_empty(), "{}: {mismatches:?}\n{decision:?}", case.name);
    }
    // And they can fail.
    let wrong = V2.replace("expect deadline 5 workdays", "expect deadline 5 days");
    let engine = zeren::Engine::from_str("v2.rules", &wrong).expect("loads");
    let failed: Vec<_> = zeren::suite::inline_cases(engine.rule_set())
        .iter()
        .flat_map(|c| zeren::suite::run_case(&engine, c).expect("ticket").1)
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(
        (failed[0].field, failed[0].expected.as_str(), failed[0].actual.as_str()),
        ("deadline", "5 days", "5 workdays")
    );
}

#[test]
fn v2_case_file_keys() {
    let engine = zeren::Engine::from_str("v2.rules", V2).expect("loads");
    let case: zeren::suite::Case = serde_json::from_str(
        r#"{"name": "拆单", "ticket": {"text": "预付卡，垃圾", "at": "2024-07-01", "street": "鹿城街道"},
            "expect": {"method": "disputed", "deadline": null, "split": ["预付卡新规", "环境卫生"]}}"#,
    )
    .expect("a case");
    assert!(zeren::suite::run_case(&engine, &case).expect("ticket").1.is_empty());
    let case: zeren::suite::Case = serde_json::from_str(
        r#"{"name": "时限", "ticket": {"text": "垃圾"}, "expect": {"deadline": {"value": 3, "unit": "days"}, "split": []}}"#,
    )
    .expect("a case");
    assert!(zeren::suite::run_case(&engine, &case).expect("ticket").1.is_empty());
    let case: zeren::suite::Case = serde_json::from_str(
        r#"{"name": "时限", "ticket": {"text": "垃圾"}, "expect": {"deadline": {"value": 3, "unit": "hours"}}}"#,
    )
    .expect("a case");
    assert_eq!(zeren::suite::run_case(&engine, &case).expect("ticket").1[0].field, "deadline");
    // An unknown key is an error, not an expectation left unchecked.
    let bad =
        serde_json::from_str::<zeren::suite::Case>(r#"{"name": "x", "ticket": {}, "expect": {"deadlines": null}}"#);
    assert!(bad.is_err_and(|e| e.to_string().contains("deadlines")));
}

#[cfg(feature = "testing")]
#[test]
fn v2_invariants_hold() {
    // Generated tickets dated at the ranges' edges and placed in the
    // territory's places: the compiled matcher agrees with the reference, and
    // an item out of force does not count as claiming the ticket.
    let engine = zeren::Engine::from_str("v2.rules", V2).expect("loads");
    if let Err(v) = zeren::testing::check_invariants(&engine) {
        panic!("{v:?}");
    }
}

const V2_NUMBERS_DATES: &str = include_str!("corpus/v2_numbers_dates.rules");

#[test]
fn number_equality_and_in() {
    let r = V2_NUMBERS_DATES;
    check_route(r, r#"{"amount": 100}"#, json!({"lead": "a", "item": "整百", "method": "direct"}));
    check_route(r, r#"{"amount": 100.0}"#, json!({"item": "整百"}));
    check_route(r, r#"{"amount": 100.5}"#, json!({"method": "unclaimed"}));
    check_route(r, r#"{"floor": 2}"#, json!({"item": "低楼层"}));
    check_route(r, r#"{"floor": 4}"#, json!({"method": "unclaimed"}));
    check_route(r, r#"{"floor": 2.5}"#, json!({"method": "unclaimed"}));
    // `!=` holds when present and different; a missing amount is not different.
    check_route(r, r#"{"amount": 50, "text": "退款难"}"#, json!({"item": "非整百退款"}));
    check_route(r, r#"{"text": "退款难"}"#, json!({"method": "unclaimed"}));
}

#[test]
fn number_inequality_is_a_negative_operand_in_scoring() {
    // amount 100: the `!=` fails, so it vetoes the item's score (0), though
    // its keyword holds; without it the mean would be 0.5.
    check_route(V2_NUMBERS_DATES, r#"{"amount": 100, "text": "退款难"}"#, json!({"item": "整百"}));
    check_route(
        &V2_NUMBERS_DATES.replace("item 整百 { when amount = 100 lead a }", ""),
        r#"{"amount": 100, "text": "退款难"}"#,
        json!({"method": "unclaimed", "lead": "co"}),
    );
}

#[test]
fn date_comparisons_at_the_edges() {
    let r = V2_NUMBERS_DATES;
    check_route(r, r#"{"received": "2024-07-01", "text": "预付卡"}"#, json!({"item": "新条例", "lead": "d"}));
    check_route(r, r#"{"received": "2024-06-30", "text": "预付卡"}"#, json!({"item": "旧条例", "lead": "e"}));
    // A date-time counts by its date, whatever the zone.
    check_route(r, r#"{"received": "2024-06-30T23:59:59+08:00", "text": "预付卡"}"#, json!({"item": "旧条例"}));
    check_route(r, r#"{"received": "2024-07-01 00:00", "text": "预付卡"}"#, json!({"item": "新条例"}));
    check_route(r, r#"{"received": "2024-02-29", "text": "闰日"}"#, json!({"item": "闰日"}));
    // Not the day: half the item's operands, so the nearest item at 0.5.
    check_route(r, r#"{"received": "2024-03-01", "text": "闰日"}"#, json!({"method": "analogy", "score": 0.5}));
    check_route(r, r#"{"received": "2025-01-02", "text": "元旦"}"#, json!({"item": "非元旦"}));
    // On the day the `!=` fails and vetoes 非元旦's score; 新条例 is half met
    // by the date alone.
    check_route(r, r#"{"received": "2025-01-01", "text": "元旦"}"#, json!({"item": "新条例", "score": 0.5}));
    // No date: every date atom is false; the two items tie at 0.5 and the
    // first declared wins.
    check_route(r, r#"{"text": "预付卡"}"#, json!({"item": "新条例", "method": "analogy", "score": 0.5}));
}

#[test]
fn number_and_date_conditions_print_back() {
    let rules = zeren::load::load_str("v2.rules", V2_NUMBERS_DATES).expect("loads");
    let text = |name: &str| {
        let id = rules.item_id(name).expect("item");
        zeren::ir::print::cond_text(&rules, &rules.item(id).effective)
    };
    assert_eq!(text("整百"), "amount = 100");
    assert_eq!(text("低楼层"), "floor in [1, 2, 3]");
    assert_eq!(text("非整百退款"), "amount != 100 and text has \"退款\"");
    assert_eq!(text("新条例"), "received >= 2024-07-01 and text has \"预付卡\"");
    assert_eq!(text("闰日"), "received = 2024-02-29 and text has \"闰日\"");
}

const V2_SOUND: &str = include_str!("corpus/v2_sound.rules");

#[test]
fn keywords_by_sound_score_the_homophone_weight() {
    let r = V2_SOUND;
    check_route(r, r#"{"text": "楼上燥音很大"}"#, json!({"item": "噪音扰民", "method": "analogy", "score": 0.8}));
    // Exact containment is still a match, in step 1.
    check_route(r, r#"{"text": "电梯故障"}"#, json!({"item": "电梯故障", "method": "direct", "score": 1.0}));
    // `has all`: the mean of its keywords' scores, (0.8 + 1) / 2.
    check_route(r, r#"{"text": "电悌故障了"}"#, json!({"item": "电梯故障", "method": "analogy", "score": 0.9}));
    // (0.8 + 0) / 2 is below the threshold.
    check_route(r, r#"{"text": "电悌坏了"}"#, json!({"method": "unclaimed"}));
    // A heteronym: 形 xíng sounds like 行 in its reading xíng (银行 is yín háng).
    check_route(r, r#"{"text": "去银形办事"}"#, json!({"item": "银行服务", "score": 0.8}));
    check_route(r, r#"{"text": "去银杭办事"}"#, json!({"item": "银行服务", "score": 0.8}));
}

#[test]
fn keywords_by_sound_allow_exactly_one_slip() {
    let r = V2_SOUND;
    // Two sound-alike characters in one keyword are no match.
    check_route(r, r#"{"text": "楼上燥因很大"}"#, json!({"method": "unclaimed"}));
    // A one-character keyword never matches by sound.
    check_route(r, r#"{"text": "燥"}"#, json!({"method": "unclaimed"}));
    // A slip that does not sound alike is no match.
    check_route(r, r#"{"text": "楼上躁动"}"#, json!({"method": "unclaimed"}));
}

#[test]
fn keywords_by_sound_only_with_homophone() {
    let r = V2_SOUND.replace(" homophone 0.8", "");
    check_route(&r, r#"{"text": "楼上燥音很大"}"#, json!({"method": "unclaimed"}));
    check_route(&r, r#"{"text": "电悌故障了"}"#, json!({"method": "analogy", "score": 0.5}));
}

const V2_ANALOGY_ONLY: &str = include_str!("corpus/v2_analogy_only.rules");

#[test]
fn analogy_only_items() {
    let r = V2_ANALOGY_ONLY;
    // Reached through its `near` (step 3), borrowing its lead by `like`.
    check_route(
        r,
        r#"{"text": "沉浸式剧场夜里太吵"}"#,
        json!({"item": "沉浸式剧场", "lead": "wlj", "assists": ["gaj"], "method": "analogy", "score": 1.0,
               "analogy_of": "出版物经营", "candidates": []}),
    );
    // Never a candidate in step 1.
    check_route(r, r#"{"text": "沉浸式剧场卖盗版图书"}"#, json!({"item": "出版物经营", "method": "direct"}));
    // Scored by its `near` alone in step 5: one of two keywords.
    check_route(r, r#"{"text": "沉浸式体验"}"#, json!({"item": "沉浸式剧场", "method": "analogy", "score": 0.5}));
    check_route(r, r#"{"text": "别的事"}"#, json!({"method": "unclaimed", "lead": "co"}));
    let rules = zeren::load::load_str("a.rules", r).expect("loads");
    let id = rules.item_id("沉浸式剧场").expect("item");
    assert!(rules.item(id).is_analogy_only());
    assert!(!rules.item(rules.item_id("出版物经营").expect("item")).is_analogy_only());
}
